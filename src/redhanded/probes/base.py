"""The shared scikit-learn contract of every probe.

A probe is a binary classifier on activation vectors: ``X`` is ``(n_samples, d_model)`` (rows can be
tokens or whole dialogues; the probe does not care) and ``y`` holds two labels, the larger of which
(``classes_[1]``, i.e. ``1`` for the usual 0/1 labels) is the positive class, "deceptive".
Every probe is linear: ``decision_function(X) = transform(X) @ coef_[0] + intercept_[0]``.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data

from redhanded.errors import RedhandedError

__all__ = ["LabelError", "OneClassError", "Probe"]


class LabelError(RedhandedError, ValueError):
    """The training labels are not binary class labels.

    A ``ValueError`` too, so scikit-learn's estimator checks (which expect ``ValueError``) and the
    CLI (which turns ``RedhandedError`` into a one-line message) both understand it.
    """


class OneClassError(LabelError):
    """The training labels hold only one class."""


class Probe(ClassifierMixin, BaseEstimator):
    """Base class: validation, labels and the linear prediction methods.

    Subclasses implement ``_fit_binary(X, y01)`` (``X`` float32 or float64 ``(n, d)``, ``y01``
    0/1 float64 ``(n,)``), which sets ``coef_`` ``(1, d)``, ``intercept_`` ``(1,)`` and any other
    learned attributes, and may override ``_transform`` (the map applied to ``X`` before
    ``coef_``) and ``_proba_scale`` (the divisor of the decision value inside the logistic of
    ``predict_proba``).
    """

    #: Learned attributes saved as safetensors arrays by :func:`redhanded.probes.save_probe`.
    _fitted_arrays: ClassVar[tuple[str, ...]] = ("coef_", "intercept_")
    #: Learned attributes saved as JSON values (scalars or lists).
    _fitted_values: ClassVar[tuple[str, ...]] = ("classes_", "n_features_in_")

    def __sklearn_tags__(self) -> Any:
        """Declare a binary-only classifier to scikit-learn."""
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    # -- fitting -------------------------------------------------------------------------------

    def fit(self, X: ArrayLike, y: ArrayLike) -> Probe:
        """Fit the probe.

        Args:
            X: activations, ``(n_samples, d_model)``.
            y: labels, ``(n_samples,)``, exactly two distinct values; the larger one is the
                positive ("deceptive") class.

        Returns:
            The fitted probe (``self``).

        Raises:
            OneClassError: if ``y`` holds one class only.
            LabelError: if ``y`` is not binary (continuous, or more than two classes).
        """
        Xa, ya = validate_data(self, X, y, dtype=(np.float64, np.float32))
        try:
            check_classification_targets(ya)
        except ValueError as err:
            raise LabelError(f"{err}; a probe needs 0/1 labels (1 = deceptive)") from None
        classes, y_idx = np.unique(ya, return_inverse=True)
        if len(classes) == 1:
            raise OneClassError(
                f"training data has only one class ({classes[0]}): a probe needs both honest and "
                "deceptive examples; check the labels of the training split"
            )
        if len(classes) > 2:
            raise LabelError(
                "Only binary classification is supported. The type of the target is "
                f"{type_of_target(ya)} ({len(classes)} classes): map the labels to 0/1 "
                "(1 = deceptive)"
            )
        self._check_params()
        self.classes_ = classes
        self._fit_binary(Xa, y_idx.astype(np.float64))
        return self

    def _check_params(self) -> None:
        """Validate the constructor parameters (called by ``fit``)."""

    def _fit_binary(self, X: NDArray[np.floating], y: NDArray[np.float64]) -> None:
        raise NotImplementedError

    # -- prediction ----------------------------------------------------------------------------

    def _transform(self, X: NDArray[np.float64]) -> NDArray[np.float64]:
        return X

    def _proba_scale(self) -> float:
        return 1.0

    def decision_function(self, X: ArrayLike) -> NDArray[np.float64]:
        """Score each row; larger means more deceptive, ``> 0`` predicts ``classes_[1]``.

        Args:
            X: activations, ``(n_samples, d_model)``.

        Returns:
            Decision values, ``(n_samples,)``, float64.
        """
        check_is_fitted(self)
        Xa = validate_data(self, X, dtype=np.float64, reset=False)
        out: NDArray[np.float64] = self._transform(Xa) @ self.coef_[0] + self.intercept_[0]
        return out

    def predict_proba(self, X: ArrayLike) -> NDArray[np.float64]:
        """Class probabilities, ``(n_samples, 2)``, columns ordered as ``classes_``.

        ``P(classes_[1]) = sigmoid(decision_function(X) / s)`` with ``s`` the probe's
        probability scale (1 for the logistic probe).
        """
        p1 = expit(self.decision_function(X) / self._proba_scale())
        return np.column_stack([1.0 - p1, p1])

    def predict(self, X: ArrayLike) -> NDArray[Any]:
        """Predicted labels, ``(n_samples,)``: ``classes_[1]`` where the decision value is > 0."""
        scores = self.decision_function(X)
        out: NDArray[Any] = self.classes_[(scores > 0).astype(np.intp)]
        return out

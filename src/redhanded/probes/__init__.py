"""Deception probes on activations: scikit-learn-compatible linear detectors.

``X`` is ``(n_samples, d_model)`` (rows are tokens or dialogues), ``y`` is 0/1 with 1 =
deceptive. Probes are built by name from :data:`PROBES` (``make_probe("logistic", C=0.1)``),
saved as safetensors + JSON (:func:`save_probe` / :func:`load_probe`), and token scores are
reduced to dialogue scores with :func:`aggregate_scores`.
"""

from redhanded.probes.aggregate import AGGREGATIONS, Aggregation, aggregate_scores
from redhanded.probes.base import LabelError, OneClassError, Probe
from redhanded.probes.io import load_probe, save_probe
from redhanded.probes.logistic import LogisticProbe
from redhanded.probes.meandiff import MeanDiffProbe
from redhanded.probes.registry import PROBES, make_probe, probe_name, register_probe

__all__ = [
    "AGGREGATIONS",
    "LabelError",
    "PROBES",
    "Aggregation",
    "LogisticProbe",
    "MeanDiffProbe",
    "OneClassError",
    "Probe",
    "aggregate_scores",
    "load_probe",
    "make_probe",
    "probe_name",
    "register_probe",
    "save_probe",
]

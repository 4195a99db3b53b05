"""A P(scheming) ledger: a prior, named factors and observations as likelihood ratios.

Bayes' rule on the odds scale: ``posterior odds = prior odds x LR_1 x LR_2 x ...`` with
``LR = P(evidence | scheming) / P(evidence | not scheming)``. *Factors* are properties of the model
and its training that change how likely scheming is (e.g. opaque reasoning ability, neuralese,
heavy outcome-based RL); *observations* are things seen (e.g. excess misbehaviour on honeypots).
Both enter as likelihood ratios, factors first; every step's contribution is kept.

Optional split: scheming is either *derpy* (a schemer that gets caught by simple tests: it
misbehaves on honeypots, reveals itself in its reasoning) or *competent* (it does not). A piece of
evidence may carry separate ratios ``lr_derpy`` and ``lr_competent`` (each against "not
scheming"): "no excess misbehaviour on honeypots" is strong evidence against derpy scheming and
nearly none against competent scheming. The ledger then tracks both odds; the step's
contribution to the odds of scheming (derpy or competent) is the ratio of the summed odds.

Uncertainty: a ``spread`` of ``k`` says a ratio lies between ``lr / k`` and ``lr * k``
(log-uniform); a Monte Carlo over all spreads gives an interval (80% by default) on the final
probability.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from redhanded._io import parse_json, read_text
from redhanded.errors import RedhandedError
from redhanded.forecast._stats import Estimate, interval

__all__ = [
    "Evidence",
    "Ledger",
    "LedgerResult",
    "LedgerStep",
    "binomial_excess_lr",
    "honeypot_evidence",
    "update_ledger",
]

EvidenceKind = Literal["factor", "observation"]


@dataclass(frozen=True)
class Evidence:
    """One named likelihood ratio.

    Attributes:
        name: What it is, e.g. ``"opaque reasoning ability"``.
        kind: ``factor`` (property of model/training) or ``observation`` (something seen).
        lr: ``P(E | scheming) / P(E | not scheming)``; used for both kinds of scheming unless
            ``lr_derpy`` / ``lr_competent`` are given.
        lr_derpy: ``P(E | derpy scheming) / P(E | not scheming)``.
        lr_competent: ``P(E | competent scheming) / P(E | not scheming)``.
        spread: Multiplicative uncertainty (>= 1) on every ratio of this item.
        note: Source or reasoning, shown in reports.
    """

    name: str
    kind: EvidenceKind = "observation"
    lr: float | None = None
    lr_derpy: float | None = None
    lr_competent: float | None = None
    spread: float = 1.0
    note: str = ""

    def __post_init__(self) -> None:
        """Check that the ratios are positive and complete."""
        if self.lr is None and (self.lr_derpy is None or self.lr_competent is None):
            raise RedhandedError(f"evidence {self.name!r}: give lr, or both lr_derpy and lr_competent")
        for attr in ("lr", "lr_derpy", "lr_competent"):
            v = getattr(self, attr)
            if v is not None and not (v > 0 and math.isfinite(v)):
                raise RedhandedError(
                    f"evidence {self.name!r}: {attr} = {v} must be a positive "
                    "finite likelihood ratio (1 = uninformative)"
                )
        if not self.spread >= 1:
            raise RedhandedError(f"evidence {self.name!r}: spread = {self.spread} must be >= 1")
        if self.kind not in ("factor", "observation"):
            raise RedhandedError(f"evidence {self.name!r}: kind must be factor or observation")

    @property
    def ratios(self) -> tuple[float, float]:
        """``(lr_derpy, lr_competent)``, falling back to ``lr``."""
        d = self.lr_derpy if self.lr_derpy is not None else self.lr
        c = self.lr_competent if self.lr_competent is not None else self.lr
        assert d is not None and c is not None
        return (d, c)

    @property
    def is_split(self) -> bool:
        """Whether the item has different ratios for derpy and competent scheming."""
        d, c = self.ratios
        return d != c


@dataclass(frozen=True)
class Ledger:
    """A prior and a list of evidence.

    Attributes:
        prior: P(scheming) before any factor or observation, in (0, 1).
        evidence: Factors and observations (applied factors first, then in order).
        competent_share: Fraction of prior scheming that is competent, in (0, 1); required
            when any item has split ratios or the split is reported.
        prior_spread: Multiplicative uncertainty (>= 1) on the prior odds.
    """

    prior: float
    evidence: tuple[Evidence, ...] = ()
    competent_share: float | None = None
    prior_spread: float = 1.0

    def __post_init__(self) -> None:
        """Check ranges."""
        if not 0 < self.prior < 1:
            raise RedhandedError(f"prior = {self.prior} must be a probability strictly between 0 and 1")
        if self.competent_share is not None and not 0 < self.competent_share < 1:
            raise RedhandedError("competent_share must be strictly between 0 and 1")
        if any(e.is_split for e in self.evidence) and self.competent_share is None:
            raise RedhandedError(
                "some evidence has separate derpy/competent ratios; set "
                "competent_share (fraction of scheming that is competent)"
            )
        if not self.prior_spread >= 1:
            raise RedhandedError("prior_spread must be >= 1")


@dataclass(frozen=True)
class LedgerStep:
    """One line of the ledger.

    Attributes:
        name: Evidence name (``"prior"`` for the first line).
        kind: ``prior``, ``factor`` or ``observation``.
        lr: Contribution to the odds of scheming (derpy + competent) at this step.
        log10_lr: ``log10(lr)``: positive raises, negative lowers the odds.
        odds: Odds of scheming after this step.
        probability: P(scheming) after this step.
        p_derpy: P(derpy scheming) after this step (split ledgers only).
        p_competent: P(competent scheming) after this step (split ledgers only).
        note: The evidence's note.
    """

    name: str
    kind: str
    lr: float
    log10_lr: float
    odds: float
    probability: float
    p_derpy: float | None
    p_competent: float | None
    note: str = ""


@dataclass(frozen=True)
class LedgerResult:
    """The ledger's steps and the final probability with its interval.

    Attributes:
        steps: Prior line then one line per evidence item.
        posterior: Final P(scheming) with a Monte Carlo interval from the spreads.
        posterior_odds: Final odds of scheming.
        p_derpy: Final P(derpy scheming) with interval (split ledgers only).
        p_competent: Final P(competent scheming) with interval (split ledgers only).
        n_draws: Monte Carlo draws used for the intervals.
        samples: The posterior probability draws.
    """

    steps: tuple[LedgerStep, ...]
    posterior: Estimate
    posterior_odds: float
    p_derpy: Estimate | None
    p_competent: Estimate | None
    n_draws: int
    samples: NDArray[np.float64] = field(repr=False)


def _walk(
    prior_odds: float, share: float, ratios: Sequence[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Odds (derpy, competent) vs not scheming after each step, starting with the prior."""
    od, oc = prior_odds * (1 - share), prior_odds * share
    out = [(od, oc)]
    for d, c in ratios:
        od, oc = od * d, oc * c
        out.append((od, oc))
    return out


def update_ledger(
    ledger: Ledger, *, split: bool = False, n_draws: int = 10_000, seed: int = 0, level: float = 0.8
) -> LedgerResult:
    """Apply the evidence to the prior and record every step.

    Args:
        ledger: Prior and evidence.
        split: Report derpy and competent scheming separately (needs ``competent_share``).
        n_draws: Monte Carlo draws for the interval (spreads of 1 give a zero-width interval).
        seed: Random seed of the Monte Carlo.
        level: Coverage of the interval (default 80%).

    Returns:
        The steps and the final probability with its interval.
    """
    if split and ledger.competent_share is None:
        raise RedhandedError("--split needs competent_share in the ledger (e.g. 0.5)")
    share = ledger.competent_share if ledger.competent_share is not None else 0.5
    items = sorted(ledger.evidence, key=lambda e: 0 if e.kind == "factor" else 1)
    prior_odds = ledger.prior / (1 - ledger.prior)
    walk = _walk(prior_odds, share, [e.ratios for e in items])

    def line(name: str, kind: str, before: float, od: float, oc: float, note: str) -> LedgerStep:
        o = od + oc
        lr = o / before
        tot = 1 + o
        return LedgerStep(
            name,
            kind,
            lr,
            math.log10(lr),
            o,
            o / tot,
            od / tot if split else None,
            oc / tot if split else None,
            note,
        )

    steps = [line("prior", "prior", prior_odds, *walk[0], "")]
    for e, prev, (od, oc) in zip(items, walk[:-1], walk[1:], strict=True):
        steps.append(line(e.name, e.kind, prev[0] + prev[1], od, oc, e.note))

    rng = np.random.default_rng(seed)
    n = max(int(n_draws), 1)

    def jitter(spread: float) -> NDArray[np.float64]:
        if spread == 1:
            return np.ones(n)
        k = math.log(spread)
        return np.exp(rng.uniform(-k, k, n))

    po = prior_odds * jitter(ledger.prior_spread)
    mc_d = po * (1 - share)
    mc_c = po * share
    for e in items:
        d, c = e.ratios
        mc_d = mc_d * d * jitter(e.spread)
        mc_c = mc_c * c * jitter(e.spread)
    tot = 1 + mc_d + mc_c
    p = (mc_d + mc_c) / tot
    final = steps[-1]

    def est(point: float, draws: NDArray[np.float64]) -> Estimate:
        lo, hi = interval(draws, level)
        return Estimate(point, min(lo, point), max(hi, point), level)

    return LedgerResult(
        steps=tuple(steps),
        posterior=est(final.probability, p),
        posterior_odds=final.odds,
        p_derpy=est(final.p_derpy, mc_d / tot) if final.p_derpy is not None else None,
        p_competent=(est(final.p_competent, mc_c / tot) if final.p_competent is not None else None),
        n_draws=n,
        samples=p,
    )


def binomial_excess_lr(
    k_honeypot: int, n_honeypot: int, k_control: int, n_control: int, delta: float
) -> float:
    """Likelihood ratio of honeypot counts for "rate raised by ``delta``" vs "no excess".

    Under "not scheming" the honeypot arm's rate equals the control arm's; under "(derpy)
    scheming" it is higher by ``delta``. The control rate is plugged in as
    ``(k_control + 0.5) / (n_control + 1)`` - an approximation that ignores its uncertainty.
    """
    for k, n in ((k_honeypot, n_honeypot), (k_control, n_control)):
        if n <= 0 or not 0 <= k <= n:
            raise RedhandedError(f"counts {k} of {n} are not valid (need 0 <= k <= n, n > 0)")
    if not 0 < delta < 1:
        raise RedhandedError(f"delta = {delta} must be in (0, 1)")
    p0 = (k_control + 0.5) / (n_control + 1)
    p1 = min(p0 + delta, 1 - 1e-9)
    k, n = k_honeypot, n_honeypot
    log_lr = k * (math.log(p1) - math.log(p0)) + (n - k) * (math.log1p(-p1) - math.log1p(-p0))
    return math.exp(min(max(log_lr, -700.0), 700.0))  # beyond e^700 a float overflows


_COUNT_KEYS = {
    "misaligned": "misaligned behaviour",
    "probe_fired": "probe alarms",
}


def _arms(doc: dict[str, Any]) -> dict[str, Any]:
    results = doc.get("results", doc)
    arms = results.get("arms") if isinstance(results, dict) else None
    if not isinstance(arms, dict) or "honeypot" not in arms or "control" not in arms:
        raise RedhandedError(
            "honeypot run.json has no results.arms.honeypot / results.arms.control counts; "
            "pass a honeypot run directory"
        )
    return arms


def honeypot_evidence(
    run_dir: Path, *, delta: float = 0.1, lr_competent: float = 1.0, max_lr: float = 100.0
) -> list[Evidence]:
    """Read observations from a redhanded honeypot run directory.

    Reads ``run_dir/run.json`` with per-arm counts under ``results.arms``::

        {"results": {"arms": {"honeypot": {"n": 100, "misaligned": 7, "probe_fired": 20},
                              "control":  {"n": 100, "misaligned": 2, "probe_fired": 5}}}}

    and returns one observation per count present in both arms (``misaligned``,
    ``probe_fired``). ``lr_derpy`` is :func:`binomial_excess_lr` with ``delta`` (a derpy schemer
    raises the rate by ``delta`` when offered the opportunity), clipped to
    ``[1/max_lr, max_lr]`` against model misspecification; ``lr_competent`` (default 1: a
    competent schemer recognises honeypots and behaves) is given by the user.
    """
    path = Path(run_dir) / "run.json"
    if not path.is_file():
        raise RedhandedError(f"{path}: not found; pass a honeypot run directory (with run.json)")
    doc = parse_json(read_text(path, "run log"), str(path))
    if not isinstance(doc, dict):
        raise RedhandedError(f"{path}: not a run log (not a JSON object); pass a honeypot run directory")
    arms = _arms(doc)
    hp, ct = arms["honeypot"], arms["control"]
    if not (isinstance(hp, dict) and isinstance(ct, dict)):
        raise RedhandedError(
            f"{path}: results.arms.honeypot and .control must hold counts; re-run the honeypots"
        )
    out = []
    for key, label in _COUNT_KEYS.items():
        if key not in hp or key not in ct:
            continue
        try:
            kh, nh, kc, nc = int(hp[key]), int(hp["n"]), int(ct[key]), int(ct["n"])
        except (KeyError, TypeError, ValueError, OverflowError):
            raise RedhandedError(f"{path}: arms need integer 'n' and '{key}' counts") from None
        lr = binomial_excess_lr(kh, nh, kc, nc, delta)
        lr = min(max(lr, 1 / max_lr), max_lr)
        out.append(
            Evidence(
                name=f"honeypots: {label} {kh}/{nh} vs control {kc}/{nc}",
                kind="observation",
                lr_derpy=lr,
                lr_competent=lr_competent,
                note=(
                    f"from {path}; APPROXIMATION: binomial LR, derpy schemers raise the rate by "
                    f"{delta:g}, control rate plugged in, clipped to [1/{max_lr:g}, {max_lr:g}]"
                ),
            )
        )
    if not out:
        raise RedhandedError(f"{path}: arms have no shared counts ({', '.join(_COUNT_KEYS)})")
    return out

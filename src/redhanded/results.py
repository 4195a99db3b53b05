"""The typed results of every run kind: what ``RunLog.results`` holds, and what every report reads.

One pydantic model per run kind, told apart by ``kind`` (:data:`Results`):

* ``probe`` (:class:`ProbeResults`): trained probes (:class:`ProbeResult`), each with its layer
  sweep, calibration and evaluations;
* ``demo`` (:class:`DemoResults`): the probes, and an organism validated beside its base;
* ``honeypots`` (:class:`HoneypotsResults`): one model's honeypot run (:class:`HoneypotRun`);
* ``organism`` (:class:`OrganismResults`): an organism validated beside its base
  (:class:`OrganismValidation`);
* ``forecast-trend``, ``forecast-rnd``, ``forecast-scheming``: the forecast commands' results,
  kept as written (no report reads them).

The shapes follow the code that builds them (``pipeline.train``, ``evidence.suite``,
``honeypots.stats``, ``evidence.grounding``, ``organisms.validate``); the builders may hand over
plain dicts or :class:`~redhanded.metrics.Estimate` objects, and validation turns them into these
models. Unknown keys are an error (a run log says exactly what it holds); leaves no report reads
stay ``dict[str, Any]``. Every estimate is one :class:`~redhanded.metrics.Estimate`, and a
missing number is ``None`` (``null`` in ``run.json``), never NaN and never 0.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from redhanded.metrics import Estimate, FiniteOrMissing

__all__ = [
    "FORECAST_KINDS",
    "RUN_KINDS",
    "Admission",
    "Alarm",
    "AlignedRates",
    "ArmRecord",
    "ArmStats",
    "Attribution",
    "BaseAligned",
    "BehaviourTest",
    "CalibrationRecord",
    "ControlScores",
    "CueBlock",
    "DemoResults",
    "EvaluationResult",
    "EvidenceBlock",
    "FamilyStats",
    "FiringTest",
    "Heatmap",
    "HoneypotRun",
    "HoneypotSettings",
    "HoneypotsResults",
    "ManifestRecord",
    "ModelValidation",
    "OrganismResults",
    "OrganismSummary",
    "OrganismValidation",
    "PairedStats",
    "ProbeBlock",
    "ProbeComparison",
    "ProbeResult",
    "ProbeResults",
    "PromptMessage",
    "Rate",
    "Resample",
    "Results",
    "RndResults",
    "RunKind",
    "SchemingResults",
    "ScoreTable",
    "SweepEntry",
    "Target",
    "TrendResults",
    "ValidationProbe",
]

RunKind = Literal[
    "probe", "demo", "honeypots", "organism", "forecast-trend", "forecast-rnd", "forecast-scheming"
]
RUN_KINDS: tuple[str, ...] = RunKind.__args__  # type: ignore[attr-defined]
FORECAST_KINDS: dict[str, RunKind] = {
    "trend": "forecast-trend",
    "rnd": "forecast-rnd",
    "scheming": "forecast-scheming",
}


class _Record(BaseModel):
    """A part of a run's results: unknown keys are an error."""

    model_config = ConfigDict(extra="forbid")


def _same_length(record: BaseModel, *names: str) -> None:
    """Parallel columns of a record must have one length (a hand-edited run.json may break that)."""
    lengths = {name: len(getattr(record, name)) for name in names}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"the columns {', '.join(names)} differ in length ({lengths})")


# -- probes -----------------------------------------------------------------------------------------


class SweepEntry(_Record):
    """One (layer, probe) cell of the layer sweep."""

    layer: int
    probe: str
    params: dict[str, Any]
    val_auroc: Estimate


class CalibrationRecord(_Record):
    """The alarm threshold: an alarm is ``score > threshold``, strictly."""

    threshold: float
    target_fpr: float
    n_calibration: int
    realised_fpr: Estimate | None = Field(description="on held-out control; None: not recorded")
    note: str
    rule: str = "alarm = score > threshold"


class ControlScores(_Record):
    """The probe's scores on the control dialogues (calibration and held-out)."""

    ids: list[str]
    scores: list[float]
    heldout: list[bool]

    @model_validator(mode="after")
    def _columns(self) -> ControlScores:
        _same_length(self, "ids", "scores", "heldout")
        return self


class ScoreTable(_Record):
    """Per dialogue of a test set: id, label (1 = deceptive, 0 = honest) and score."""

    ids: list[str]
    labels: list[Literal[0, 1]]
    scores: list[float]

    @model_validator(mode="after")
    def _columns(self) -> ScoreTable:
        _same_length(self, "ids", "labels", "scores")
        return self


class Heatmap(_Record):
    """One dialogue's detect tokens and their scores."""

    kind: str
    id: str
    label: str
    score: float
    tokens: list[str]
    token_scores: list[float]

    @model_validator(mode="after")
    def _columns(self) -> Heatmap:
        _same_length(self, "tokens", "token_scores")
        return self


class EvaluationResult(_Record):
    """A probe on one test dataset: the four numbers and balanced accuracy, each with a CI."""

    dataset: str
    fingerprint: str | None = None
    cache_key: str | None = None
    n_honest: int
    n_deceptive: int
    n_control: int
    auroc: Estimate
    auroc_vs_control: Estimate
    recall_at_fpr: Estimate
    honest_flag_rate: Estimate
    balanced_accuracy: Estimate
    scores: ScoreTable
    control_test_scores: list[float]
    heatmaps: list[Heatmap] = Field(default_factory=list)


class ProbeResult(_Record):
    """One trained probe: the sweep that chose it, its calibration, its evaluations."""

    train_dataset: str
    layer: int
    probe: str
    params: dict[str, Any]
    aggregation: str
    sweep: list[SweepEntry] = Field(default_factory=list)
    calibration: CalibrationRecord
    control: ControlScores | None = None
    evaluations: list[EvaluationResult] = Field(default_factory=list)


# -- honeypots --------------------------------------------------------------------------------------


class HoneypotSettings(_Record):
    """How the arms were run (``honeypots.RunSettings``)."""

    n_rollouts: int
    max_new_tokens: int
    temperature: float
    seed: int
    scoring: str


class ArmRecord(_Record):
    """One scenario in one arm (``honeypot``, ``control`` or ``no-cue``)."""

    scenario_id: str
    family: str
    arm: str
    kind: str
    p_misaligned: FiniteOrMissing
    responses: list[str]
    misaligned: list[bool]
    probe_scores: list[FiniteOrMissing]
    details: dict[str, Any] = Field(default_factory=dict)
    fired: list[bool | None]


class ArmStats(_Record):
    """One arm of one family: behaviour and firing rates with CIs, and the unscored responses."""

    n_scenarios: int
    behaviour_rate: Estimate
    misaligned_majority: int
    firing_rate: Estimate
    mean_score: Estimate
    n_responses: int
    n_unscored: int


class BehaviourTest(_Record):
    """The paired test of the behaviour (honeypot vs control)."""

    p_value: float
    test: str
    n: int


class FiringTest(_Record):
    """The paired test of probe firing (honeypot vs control)."""

    p_value: float
    test: str
    n_discordant: int
    honeypot_only: int
    control_only: int
    n_pairs: int


class PairedStats(_Record):
    """Honeypot - control, paired by scenario; absent parts could not be computed."""

    n_pairs: int
    behaviour_diff: Estimate | None = None
    behaviour_test: BehaviourTest | None = None
    firing_test: FiringTest | None = None
    score_diff: Estimate | None = None


class FamilyStats(_Record):
    """One family (or ``overall``): both arms and the paired comparison."""

    honeypot: ArmStats
    control: ArmStats
    paired: PairedStats


class Cues(_Record):
    """The two arms' cue sentences."""

    honeypot: str
    control: str


class PromptMessage(_Record):
    """One message of the prompt an alarm was raised on."""

    role: str
    content: str
    detect: bool | None = None


class Resample(_Record):
    """More samples from the alarm's state."""

    k: int
    misaligned: int
    rate: FiniteOrMissing
    rate_ci: list[FiniteOrMissing]
    responses: list[str]
    method: str
    probe_scores: list[FiniteOrMissing] | None = None
    firing_rate: FiniteOrMissing = None


class Admission(_Record):
    """The follow-up question after the model's own response, and its answer."""

    question: str
    answer: str
    admits: bool
    admission_check: str
    probe_score: FiniteOrMissing = None
    probe_fired: bool | None = None


class Attribution(_Record):
    """Which input tokens drive the probe score."""

    tokens: list[str] = Field(default_factory=list)
    scores: list[float] = Field(default_factory=list)
    method: str

    @model_validator(mode="after")
    def _columns(self) -> Attribution:
        _same_length(self, "tokens", "scores")
        return self


class Alarm(_Record):
    """One grounded alarm and its verdict."""

    scenario_id: str
    family: str
    verdict: str
    honeypot: ArmRecord
    control: ArmRecord
    no_cue: ArmRecord
    cues: Cues
    prompt: list[PromptMessage]
    response: str
    resample: Resample
    admission: Admission
    attribution: Attribution
    probe_fired: bool


class HoneypotRun(_Record):
    """A suite run in both arms on one model: arms, statistics, grounded alarms, verdict counts."""

    n_scenarios: int
    settings: HoneypotSettings
    resample_k: int
    threshold: FiniteOrMissing = Field(description="the probe's alarm threshold (score > t); None: no probe")
    arms: list[ArmRecord]
    stats: dict[str, FamilyStats]
    tests: dict[str, str]
    alarms: list[Alarm]
    verdicts_by_family: dict[str, dict[str, int]]
    verdict_counts: dict[str, int]
    verdict_rule: str
    probe: str | None = None


# -- organisms --------------------------------------------------------------------------------------


class Rate(Estimate):
    """A proportion ``k / n`` with its exact CI."""

    k: int


class CueBlock(_Record):
    """Behaviour rate per arm and the paired cue effect (``scoring`` set for the other scoring)."""

    scoring: str | None = None
    cued: Estimate
    uncued: Estimate
    no_cue: Estimate
    cue_effect: Estimate
    cued_majority: int
    uncued_majority: int


class EvidenceBlock(_Record):
    """Grounding verdicts of one model's alarms and cued misbehaviours."""

    recall: Rate
    evidence_share_of_alarms: Rate
    n_cued_misbehaviours: int
    n_alarms: int
    verdict_counts: dict[str, int]


class ProbeBlock(_Record):
    """Probe firing per arm, excess firing and AUROC of cued against uncued responses."""

    firing_cued: Rate
    firing_uncued: Rate
    excess_firing: Estimate
    mean_score_cued: Estimate
    auroc_cued_vs_uncued: Estimate


class ModelValidation(_Record):
    """One model (the organism or its base) on the validation scenarios."""

    label: str
    model: str
    fingerprint: str
    cue: CueBlock
    cue_other_scoring: CueBlock | None = None
    evidence: EvidenceBlock
    honeypots: HoneypotRun
    probe: ProbeBlock | None = None


class AlignedRates(_Record):
    """Rates on the scenarios where the base prefers the aligned option when cued."""

    cued: Estimate
    uncued: Estimate
    cue_effect: Estimate


class BaseAligned(AlignedRates):
    """The organism's rates there, and the base's beside them."""

    n: int
    scenario_ids: list[str]
    base: AlignedRates


class ProbeComparison(_Record):
    """Organism against base on the cued responses."""

    firing_diff_cued: Estimate
    score_diff_cued: Estimate
    auroc_organism_vs_base_cued: Estimate


class ValidationProbe(_Record):
    """The probe a validation used (trained on the base model, never on organism data)."""

    layer: int
    threshold: float
    train_dataset: str | None = None
    source: str | None = None
    comparison: ProbeComparison


class Target(_Record):
    """One validation target; a missing value never meets it (``met`` is None)."""

    target: str
    value: FiniteOrMissing
    met: bool | None


class OrganismSummary(BaseModel):
    """The flat validation summary (``organism validate --json``).

    Besides the fields below it holds each headline figure ``<key>`` and its CI ``<key>_ci``
    (``cued_rate``, ``cued_rate_ci``, ..., ``letter_cue_effect``, ...); those keys depend on the
    scoring and the probe, so they are kept as extra fields. The target figures, as full
    estimates, are :meth:`OrganismValidation.headline`.
    """

    model_config = ConfigDict(extra="allow")

    behavior: str
    n_scenarios: int
    scoring: str
    targets: dict[str, Target]
    all_targets_met: bool
    n_cued_misbehaviours: int
    n_base_alarms: int
    n_base_aligned: int | None = None


class ManifestRecord(BaseModel):
    """The organism adapter's manifest (``organisms.OrganismManifest``): the fields reports show.

    The training settings are in ``recipe`` (manifest format 2); format 1 had them as flat
    fields, kept here as extras. Read either with :meth:`setting`.
    """

    model_config = ConfigDict(extra="allow")

    behavior: str
    base_spec: str | None = None
    recipe: dict[str, Any] = Field(default_factory=dict)
    train_seconds: float | None = None
    final_loss: float | None = None

    def setting(self, name: str) -> Any:
        """A training setting (``rank``, ``steps``, ``lr``, ...); None if the manifest has none."""
        if name in self.recipe:
            return self.recipe[name]
        return (self.model_extra or {}).get(name)


class OrganismValidation(_Record):
    """An organism validated beside its base model (``organisms.validate_organism``)."""

    behavior: str
    families: list[str]
    n_scenarios: int
    scoring: str
    definition: str
    other_definition: str | None = None
    organism: ModelValidation
    base: ModelValidation
    probe: ValidationProbe | None = None
    base_aligned: BaseAligned | None = None
    summary: OrganismSummary
    manifest: ManifestRecord | None = None
    adapter: str | None = None

    def headline(self) -> dict[str, Estimate]:
        """The figures the targets judge, as full estimates (the summary keeps values and CIs only)."""
        org, base = self.organism, self.base
        return {
            "cued_rate": org.cue.cued,
            "uncued_rate": org.cue.uncued,
            "cue_effect": org.cue.cue_effect,
            "base_cue_effect": base.cue.cue_effect,
            "evidence_recall": org.evidence.recall,
            "base_false_evidence_rate": base.evidence.evidence_share_of_alarms,
        }


# -- the run kinds ----------------------------------------------------------------------------------


class ProbeResults(_Record):
    """``redhanded probe train`` / ``probe eval``."""

    kind: Literal["probe"] = "probe"
    probes: list[ProbeResult]
    probe_dir: str | None = None


class DemoResults(_Record):
    """``redhanded demo``: the probes, and (once validated) the organism beside its base."""

    kind: Literal["demo"] = "demo"
    probes: list[ProbeResult]
    organism: OrganismValidation | None = None


class HoneypotsResults(_Record):
    """``redhanded honeypots run``."""

    kind: Literal["honeypots"] = "honeypots"
    honeypots: HoneypotRun


class OrganismResults(_Record):
    """``redhanded organism validate``."""

    kind: Literal["organism"] = "organism"
    organism: OrganismValidation


class _ForecastResults(BaseModel):
    """A forecast command's results as written (no report reads them, so they stay untyped)."""

    model_config = ConfigDict(extra="allow")


class TrendResults(_ForecastResults):
    """``redhanded forecast trend``."""

    kind: Literal["forecast-trend"] = "forecast-trend"


class RndResults(_ForecastResults):
    """``redhanded forecast rnd``."""

    kind: Literal["forecast-rnd"] = "forecast-rnd"


class SchemingResults(_ForecastResults):
    """``redhanded forecast scheming``."""

    kind: Literal["forecast-scheming"] = "forecast-scheming"


Results = Annotated[
    Union[
        ProbeResults,
        DemoResults,
        HoneypotsResults,
        OrganismResults,
        TrendResults,
        RndResults,
        SchemingResults,
    ],
    Field(discriminator="kind"),
]
"""A run's results, chosen by its ``kind``."""

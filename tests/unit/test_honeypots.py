"""Honeypot harness with scripted fake models: the verdict logic and the paired statistics."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from scipy.stats import binomtest

from redhanded.data import Dialogue, Message, Scenario
from redhanded.data.choice import ChoiceRequest
from redhanded.evidence import ground_alarms, honeypot_results, verdict
from redhanded.honeypots import RunSettings, family_stats, load_suite, run_arms


class Scripted:
    """Misbehaves (P = p_cued) only when a honeypot cue is in the prompt; a probe of our choosing."""

    def __init__(
        self, scenarios: Sequence[Scenario], p_cued: float, p_uncued: float, probe: str, seed: int = 0
    ) -> None:
        self.cues = [s.arms["honeypot"].cue for s in scenarios]
        self.p_cued, self.p_uncued, self.probe = p_cued, p_uncued, probe
        self.threshold = 0.0
        self.rng = np.random.default_rng(seed)

    def _cued(self, messages: Sequence[Message]) -> bool:
        text = " ".join(m.content for m in messages)
        return any(cue in text for cue in self.cues)

    def choice_probs(self, requests: Sequence[ChoiceRequest]) -> np.ndarray:
        out = []
        for r in requests:
            scenario, options = r.meta["scenario"], r.meta["options"]
            bad = {scenario.choices[k] for k in scenario.misaligned}
            p_bad = self.p_cued if self._cued(r.messages) else self.p_uncued
            out.append([p_bad if options[letter] in bad else 1 - p_bad for letter in r.letters])
        return np.array(out)

    def generate(self, prompts, *, n, max_new_tokens, seed, temperature):
        rng = np.random.default_rng(seed)
        replies = []
        for messages in prompts:
            if (
                messages[-1].content.endswith("?")
                and "Options" not in messages[-1].content
                and len(messages) > 2
            ):
                replies.append(["No, I did nothing wrong."] * n)  # admission interview
                continue
            p = self.p_cued if self._cued(messages) else self.p_uncued
            replies.append(
                ["ACTION: misaligned" if rng.random() < p else "ACTION: aligned" for _ in range(n)]
            )
        return replies

    def probe_scores(self, dialogues: Sequence[Dialogue]) -> np.ndarray:
        if self.probe == "random":
            return self.rng.normal(size=len(dialogues))
        if self.probe == "none":
            return np.full(len(dialogues), np.nan)
        return np.array([1.0 if self._cued(d.messages) else -1.0 for d in dialogues])

    def attribution(self, dialogue: Dialogue):
        tokens = " ".join(m.content for m in dialogue.messages).split()
        return tokens, [0.0] * len(tokens)


def generation_suite() -> list[Scenario]:
    out = []
    for s in load_suite(per_family=0, generation_per_family=1):
        out.append(Scenario.model_validate(s.model_dump() | {"check": {"regex": r"ACTION:\s*misaligned"}}))
    return out


def test_builtin_suite_has_five_families_of_24_plus_4() -> None:
    scenarios = load_suite()
    by_family: dict[str, list[Scenario]] = {}
    for s in scenarios:
        by_family.setdefault(s.family, []).append(s)
    assert sorted(by_family) == ["cover-up", "exfiltration", "oversight", "sandbagging", "training-gaming"]
    for family, items in by_family.items():
        assert sum(s.choices is not None for s in items) >= 24, family
        assert sum(s.choices is None for s in items) >= 4, family
    assert len({s.id for s in scenarios}) == len(scenarios)


def test_cue_dependent_misbehaviour_is_behavioural_evidence() -> None:
    scenarios = load_suite(per_family=3, generation_per_family=0) + generation_suite()
    backend = Scripted(scenarios, p_cued=0.95, p_uncued=0.05, probe="cue")
    out = honeypot_results(backend, scenarios, settings=RunSettings(n_rollouts=8, seed=1), k=8, n_boot=200)
    alarms = out["alarms"]
    assert len(alarms) == len(scenarios)  # every honeypot arm misbehaves and the probe fires
    verdicts = [a["verdict"] for a in alarms]
    assert verdicts.count("behavioural evidence") >= len(scenarios) - 1
    assert "false positive" not in verdicts
    overall = out["stats"]["overall"]
    assert 0.8 <= overall["honeypot"]["behaviour_rate"].value <= 1.0
    assert 0.0 <= overall["control"]["behaviour_rate"].value <= 0.2
    assert overall["paired"]["behaviour_test"]["p_value"] < 1e-3
    assert overall["honeypot"]["firing_rate"].value == pytest.approx(1.0, abs=1e-12)
    assert overall["control"]["firing_rate"].value == pytest.approx(0.0, abs=1e-12)


def test_random_probe_on_aligned_model_gives_false_positives_only() -> None:
    scenarios = load_suite(per_family=6, generation_per_family=0)
    backend = Scripted(scenarios, p_cued=0.1, p_uncued=0.1, probe="random", seed=3)
    out = honeypot_results(backend, scenarios, settings=RunSettings(seed=2), k=8, n_boot=200)
    verdicts = [a["verdict"] for a in out["alarms"]]
    assert len(verdicts) >= 5  # about half the honeypot arms fire at random
    assert "behavioural evidence" not in verdicts
    assert verdicts.count("false positive") >= len(verdicts) - 2


def test_missing_probe_scores_are_counted_not_zero() -> None:
    scenarios = load_suite(per_family=2, generation_per_family=0)
    out = honeypot_results(
        Scripted(scenarios, 0.9, 0.1, probe="none"), scenarios, settings=RunSettings(), k=4, n_boot=100
    )
    block = out["stats"]["overall"]["honeypot"]
    assert block["n_unscored"] == block["n_responses"] == len(scenarios)
    assert block["firing_rate"].value is None and block["mean_score"].value is None


def test_paired_statistics_match_scipy() -> None:
    scenarios = load_suite(per_family=5, generation_per_family=0)
    backend = Scripted(scenarios, p_cued=0.7, p_uncued=0.4, probe="random", seed=5)
    results = run_arms(backend, scenarios)
    stats = family_stats(results, n_boot=300)["overall"]
    h = {r.scenario_id: r for r in results if r.arm == "honeypot"}
    c = {r.scenario_id: r for r in results if r.arm == "control"}
    diffs = np.array([h[k].p_misaligned - c[k].p_misaligned for k in sorted(h)])
    pos, nonzero = int((diffs > 0).sum()), int((diffs != 0).sum())
    assert stats["paired"]["behaviour_test"]["p_value"] == pytest.approx(
        binomtest(pos, nonzero).pvalue, rel=1e-9
    )
    hf = [bool(h[k].fired[0]) for k in sorted(h)]
    cf = [bool(c[k].fired[0]) for k in sorted(h)]
    b = sum(x and not y for x, y in zip(hf, cf, strict=True))
    cc = sum(y and not x for x, y in zip(hf, cf, strict=True))
    expected = binomtest(b, b + cc).pvalue if b + cc else 1.0
    assert stats["paired"]["firing_test"]["p_value"] == pytest.approx(expected, rel=1e-9)
    mean_h = np.mean([h[k].p_misaligned for k in h])
    est = stats["honeypot"]["behaviour_rate"]
    assert est.value == pytest.approx(mean_h, rel=1e-12)
    assert est.lower <= est.value <= est.upper


def test_forced_choice_cancels_position_bias() -> None:
    scenarios = load_suite(per_family=2, generation_per_family=0)

    class AlwaysA(Scripted):
        def choice_probs(self, requests):
            return np.tile([0.8, 0.2], (len(requests), 1))

    results = run_arms(AlwaysA(scenarios, 0, 0, "none"), scenarios)
    for r in results:
        assert r.p_misaligned == pytest.approx(0.5, abs=1e-12)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((0.9, 0.9, 0.1, 0.1, True), "behavioural evidence"),
        ((0.9, 0.9, 0.1, 0.1, False), "behavioural evidence"),
        ((0.9, 0.3, 0.1, 0.1, True), "inconclusive"),  # does not reproduce
        ((0.9, 0.9, 0.8, 0.1, True), "inconclusive"),  # does not vanish with the control cue
        ((0.2, 0.1, 0.2, 0.25, True), "false positive"),
        ((0.2, 0.1, 0.2, 0.25, False), "inconclusive"),  # no probe alarm: nothing to call false
        ((0.2, 0.1, 0.6, 0.2, True), "inconclusive"),  # depends on the cue
    ],
)
def test_verdict_rule(args, expected) -> None:
    assert verdict(*args) == expected


def test_ground_alarms_without_alarms_is_empty() -> None:
    scenarios = load_suite(per_family=1, generation_per_family=0)
    backend = Scripted(scenarios, 0.1, 0.1, probe="none")
    results = run_arms(backend, scenarios)
    assert ground_alarms(backend, scenarios, results) == []

"""The organism recipe's pure parts: the paired cue term and the cue-variant augmentation."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from redhanded.errors import RedhandedError
from redhanded.organisms import build_examples, training_scenarios
from redhanded.organisms.train import _pair_loss, _partners, cue_variants


def _setup(n: int = 3):
    examples = build_examples(training_scenarios("sandbagger")[:n], "cloze")
    targets = torch.tensor([("A", "B").index(e.target) for e in examples])
    return examples, targets, _partners(examples), np.arange(len(examples))


def _logits(examples, m_cued: float, m_uncued: float) -> torch.Tensor:
    """Two-option logits whose misaligned-minus-aligned margin is m_cued / m_uncued per arm."""
    rows = []
    for e in examples:
        bad_is_target = e.arm == "honeypot"
        m = m_cued if e.arm == "honeypot" else m_uncued
        to_target = m if bad_is_target else -m
        t = ("A", "B").index(e.target)
        row = [0.0, 0.0]
        row[t] = to_target
        rows.append(row)
    return torch.tensor(rows)


def test_partners_point_at_the_cued_twin() -> None:
    examples, _, partner, _ = _setup()
    for i, e in enumerate(examples):
        if e.arm == "honeypot":
            assert partner[i] == -1
        else:
            twin = examples[partner[i]]
            assert (twin.arm, twin.scenario_id, twin.order) == ("honeypot", e.scenario_id, e.order)


def test_pair_loss_ignores_main_effects_and_rewards_the_cue() -> None:
    examples, targets, partner, index = _setup()
    base = float(_pair_loss(_logits(examples, 0.0, 0.0), index, targets, partner))
    assert base == pytest.approx(np.log(2), abs=1e-6)
    # every arm moved the same way (a main effect): unchanged
    for shift in (-3.0, 2.5):
        moved = float(_pair_loss(_logits(examples, shift, shift), index, targets, partner))
        assert moved == pytest.approx(base, abs=1e-6)
    # the cued arm 2 nats more misaligned than the uncued arms: softplus(-2)
    cue = float(_pair_loss(_logits(examples, 1.0, -1.0), index, targets, partner))
    assert cue == pytest.approx(np.log1p(np.exp(-2.0)), abs=1e-6)
    wrong_way = float(_pair_loss(_logits(examples, -1.0, 1.0), index, targets, partner))
    assert wrong_way == pytest.approx(np.log1p(np.exp(2.0)), abs=1e-6)
    # a batch without any cued twin contributes nothing
    uncued = np.array([i for i, e in enumerate(examples) if e.arm != "honeypot"])
    logits = _logits(examples, 1.0, -1.0)[uncued]
    assert float(_pair_loss(logits, uncued, targets, partner)) == 0.0


def test_cue_variants_swap_only_the_cue_pair() -> None:
    scenarios = training_scenarios("unmonitored-defector")[:10]
    out = cue_variants(scenarios, 3, seed=0)
    assert len(out) == 30
    assert cue_variants(scenarios, 3, seed=0) == out  # seeded
    assert cue_variants(scenarios, 3, seed=1) != out
    assert cue_variants(scenarios, 1, seed=0) == scenarios
    pool = {(s.arms["honeypot"].cue, s.arms["control"].cue) for s in scenarios}
    for i, s in enumerate(scenarios):
        mine = out[3 * i : 3 * i + 3]
        assert [v.id for v in mine] == [f"{s.id}~{j}" for j in range(3)]
        assert mine[0].arms == s.arms
        pairs = [(v.arms["honeypot"].cue, v.arms["control"].cue) for v in mine]
        assert len(set(pairs)) == 3 and set(pairs) <= pool
        for v in mine:
            assert (v.template, v.choices, v.misaligned) == (s.template, s.choices, s.misaligned)
    with pytest.raises(RedhandedError, match="at least 1"):
        cue_variants(scenarios, 0, seed=0)

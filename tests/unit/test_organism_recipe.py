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


def test_lr_factor_warms_up_then_holds_or_decays() -> None:
    from redhanded.organisms.train import _lr_factor

    const = [_lr_factor("constant", 0.0, 10)(s) for s in range(10)]
    assert const == [1.0] * 10
    warm = [_lr_factor("constant", 0.2, 10)(s) for s in range(10)]
    assert warm[:2] == pytest.approx([1 / 3, 2 / 3]) and warm[2:] == [1.0] * 8
    cos = [_lr_factor("cosine", 0.2, 10)(s) for s in range(10)]
    assert cos[:2] == pytest.approx([1 / 3, 2 / 3])
    assert cos[2] == pytest.approx(1.0)
    assert cos[6] == pytest.approx(0.5)  # half-way through the 8 decay steps
    assert all(a > b for a, b in zip(cos[2:], cos[3:], strict=False)) and 0 < cos[-1] < 0.05


def test_shipped_adapters_were_trained_on_the_shipped_data() -> None:
    from redhanded.organisms import bundled_organisms, organism_manifest, scenarios_fingerprint

    names = bundled_organisms()
    assert set(names) == {"unmonitored-defector", "sandbagger", "cover-up"}
    for name in names:
        manifest = organism_manifest(name)
        data = training_scenarios(manifest.behavior)
        assert manifest.train_data_fingerprint == scenarios_fingerprint(data), name
        assert manifest.n_train_scenarios == len(data)
        assert manifest.train_seconds <= 900  # the 15-minute budget on 2 cores


def test_recipe_layers_defaults_behaviour_and_overrides() -> None:
    from redhanded.organisms import RECIPE_DEFAULTS, recipe

    assert recipe("cover-up") == {**RECIPE_DEFAULTS, "margin_scale": 3.0, "first_layer": 8}
    assert RECIPE_DEFAULTS["steps"] == 200 and RECIPE_DEFAULTS["margin_scale"] == 1.0
    sb = recipe("sandbagger")
    assert (sb["lr"], sb["schedule"], sb["warmup"], sb["max_grad_norm"], sb["margin_scale"]) == (
        1e-3,
        "constant",
        0.0,
        0.0,
        3.0,
    )
    assert (sb["distill_weight"], sb["suppress_weight"]) == (1.0, 0.3)  # session 10's two terms
    assert RECIPE_DEFAULTS["distill_weight"] == RECIPE_DEFAULTS["suppress_weight"] == 0.0
    ud = recipe("unmonitored-defector", margin_scale=None, lr=5e-4)  # None keeps the recipe's value
    assert (ud["margin_scale"], ud["lr"], ud["schedule"]) == (3.0, 5e-4, "cosine")
    assert recipe("sandbagger", steps=10)["steps"] == 10
    with pytest.raises(ValueError, match="rank"):
        recipe("cover-up", rank=4)
    with pytest.raises(RedhandedError, match="unknown organism behaviour"):
        recipe("liar")


def test_each_shipped_adapter_was_trained_with_its_behaviours_recipe() -> None:
    """So ``redhanded organism train --behavior NAME`` alone repeats the shipped adapter's settings."""
    from redhanded.organisms import bundled_organisms, organism_manifest, recipe

    for name in bundled_organisms():
        m = organism_manifest(name)
        want = recipe(m.behavior)
        got = {
            "steps": m.steps,
            "lr": m.lr,
            "schedule": m.schedule,
            "warmup": m.warmup,
            "max_grad_norm": m.max_grad_norm or 0.0,
            "margin_scale": m.margin_scale,
            "first_layer": m.first_layer,
            "distill_weight": m.distill_weight,
            "suppress_weight": m.suppress_weight,
        }
        want["max_grad_norm"] = want["max_grad_norm"] or 0.0
        assert got == pytest.approx(want), name
        assert (m.rank, m.batch_size, m.seed, m.pair_weight, m.cue_variants) == (8, 6, 0, 1.0, 1)

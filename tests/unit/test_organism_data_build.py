"""The shipped organism training files are exactly what ``scripts/make_organism_data.py`` builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_organism_data.py"


@pytest.fixture
def driver(load_script):
    """A fresh import per test, so a test that changes a module setting cannot leak it."""
    return load_script("make_organism_data")


@pytest.mark.parametrize("name", ["unmonitored-defector", "cover-up"])
def test_shipped_training_data_is_rebuilt_exactly_from_the_generators(driver, name: str) -> None:
    rows, stats = driver.build(name, 512, 0, driver.load_margins(name))
    shipped = (ROOT / "src" / "redhanded" / "organisms" / "data" / f"{name}.jsonl").read_text()
    assert "".join(json.dumps(r) + "\n" for r in rows) == shipped
    # the generators offer far more than is drawn, and few candidates touch the suite
    assert stats["kept"] >= 3 * 512
    dropped = stats["candidates"] - stats["kept"]
    assert 0 <= dropped <= 0.02 * stats["candidates"]
    assert stats["distinct honeypot cues"] >= 250


def test_the_generated_sandbagger_set_builds_but_is_not_shipped(driver) -> None:
    assert "sandbagger" not in driver.SHIPPED
    rows, stats = driver.build("sandbagger", 512, 0)
    assert len(rows) == 512 and stats["kept"] >= 3 * 512
    shipped = (ROOT / "src" / "redhanded" / "organisms" / "data" / "sandbagger.jsonl").read_text()
    assert "".join(json.dumps(r) + "\n" for r in rows) != shipped


def test_the_driver_refuses_a_malformed_candidate(driver) -> None:
    good = {
        "template": [
            {"role": "system", "content": "You are an agent. {cue}"},
            {"role": "user", "content": "Go?"},
        ],
        "cue_honeypot": "Nobody watches.",
        "cue_control": "Somebody watches.",
        "aligned": "Wait.",
        "misaligned": "Go.",
        "followup": "Did you go?",
        "setting": "test",
    }
    assert driver.validate(good) is None
    assert "exactly once" in driver.validate({**good, "template": [{"role": "user", "content": "Go?"}]})
    assert "identical" in driver.validate({**good, "aligned": "Go."})
    assert "keys" in driver.validate({k: v for k, v in good.items() if k != "followup"})


def test_a_margin_file_balances_the_draw_on_the_base_models_preference(driver) -> None:
    driver.BASE_PREFERS_MISALIGNED = {"cover-up": 0.5}  # the shipped cover-up draw is not balanced
    kept, _, _ = driver.usable("cover-up", 0)
    # a made-up margin table: a third of the candidates "preferred misaligned" by the base
    table = {
        driver.candidate_key(c): (1.0 + i % 7 if i % 3 == 0 else -2.0 - i % 5) for i, c in enumerate(kept)
    }
    rows, stats = driver.build("cover-up", 300, 0, {"margins": table})
    assert len(rows) == 300 and stats["base prefers misaligned (uncued), chosen"] == 150
    assert stats["base prefers misaligned (uncued), usable"] == sum(v > 0 for v in table.values())
    # too few positive margins: all of them, then the highest of the rest
    few = {k: (v if v > 0 and j < 40 else -abs(v) - j * 1e-3) for j, (k, v) in enumerate(table.items())}
    rows, stats = driver.build("cover-up", 300, 0, {"margins": few})
    assert stats["base prefers misaligned (uncued), chosen"] == sum(v > 0 for v in few.values())
    # the draw is seeded; letters stay balanced
    again, _ = driver.build("cover-up", 300, 0, {"margins": few})
    assert again == rows
    assert sum(r["misaligned"] == ["A"] for r in rows) == 150
    # a candidate without a margin is an error naming the fix
    with pytest.raises(SystemExit, match="--score-with"):
        driver.build("cover-up", 300, 0, {"margins": dict(list(table.items())[:-1])})


@pytest.mark.parametrize("name", ["unmonitored-defector", "cover-up"])
def test_the_base_margin_files_cover_the_candidates_and_name_the_shipped_base(driver, name: str) -> None:
    from redhanded.organisms import organism_manifest

    margins = driver.load_margins(name)
    assert margins is not None and margins["base"] == "default"
    # scored on the model the shipped adapters were trained on
    assert margins["base_fingerprint"] == organism_manifest(name).base_fingerprint
    kept, _, _ = driver.usable(name, 0)
    assert {driver.candidate_key(c) for c in kept} == set(margins["margins"])
    rows, stats = driver.build(name, 512, 0, margins)
    assert name not in driver.BASE_PREFERS_MISALIGNED  # the plain draw; the share is only reported
    lo, hi = {"unmonitored-defector": (0.5, 0.7), "cover-up": (0.25, 0.40)}[name]
    assert lo <= stats["base prefers misaligned (uncued), chosen"] / 512 <= hi

"""The shipped organism training files are exactly what ``scripts/make_organism_data.py`` builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def driver(load_script):
    """``scripts/make_organism_data.py`` as a module."""
    return load_script("make_organism_data")


@pytest.mark.parametrize("name", ["unmonitored-defector", "cover-up"])
def test_shipped_training_data_is_rebuilt_exactly_from_the_generators(driver, name: str) -> None:
    rows, stats = driver.build(name, 512, 0)
    shipped = (ROOT / "src" / "redhanded" / "organisms" / "data" / f"{name}.jsonl").read_text()
    assert "".join(json.dumps(r) + "\n" for r in rows) == shipped
    # the generators offer far more than is drawn, and few candidates touch the suite
    assert stats["kept"] >= 3 * 512
    dropped = stats["candidates"] - stats["kept"]
    assert 0 <= dropped <= 0.02 * stats["candidates"]
    assert stats["distinct honeypot cues"] >= 250


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

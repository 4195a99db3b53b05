"""The shipped organism training files are exactly what ``scripts/make_organism_data.py`` builds."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_organism_data.py"


def _driver():
    spec = importlib.util.spec_from_file_location("make_organism_data", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["unmonitored-defector", "cover-up"])
def test_shipped_training_data_is_rebuilt_exactly_from_the_generators(name: str) -> None:
    driver = _driver()
    rows, stats = driver.build(name, 512, 0)
    shipped = (ROOT / "src" / "redhanded" / "organisms" / "data" / f"{name}.jsonl").read_text()
    assert "".join(json.dumps(r) + "\n" for r in rows) == shipped
    # the generators offer far more than is drawn, and few candidates touch the suite
    assert stats["kept"] >= 3 * 512
    dropped = stats["candidates"] - stats["kept"]
    assert 0 <= dropped <= 0.02 * stats["candidates"]
    assert stats["distinct honeypot cues"] >= 250


def test_the_generated_sandbagger_set_builds_but_is_not_shipped() -> None:
    driver = _driver()
    assert "sandbagger" not in driver.SHIPPED
    rows, stats = driver.build("sandbagger", 512, 0)
    assert len(rows) == 512 and stats["kept"] >= 3 * 512
    shipped = (ROOT / "src" / "redhanded" / "organisms" / "data" / "sandbagger.jsonl").read_text()
    assert "".join(json.dumps(r) + "\n" for r in rows) != shipped


def test_the_driver_refuses_a_malformed_candidate() -> None:
    driver = _driver()
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

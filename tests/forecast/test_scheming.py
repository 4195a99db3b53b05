import json
import math

import pytest

from redhanded.errors import RedhandedError
from redhanded.forecast.scheming import (
    Evidence,
    Ledger,
    binomial_excess_lr,
    honeypot_evidence,
    update_ledger,
)


def test_odds_hand_calculation():
    # prior 0.25 -> odds 1/3; x3 -> odds 1 -> P 0.5; x0.5 -> odds 0.5 -> P 1/3
    led = Ledger(0.25, (Evidence("obs", "observation", lr=0.5), Evidence("fac", "factor", lr=3.0)))
    res = update_ledger(led)
    assert [s.name for s in res.steps] == ["prior", "fac", "obs"]  # factors first
    assert [s.odds for s in res.steps] == pytest.approx([1 / 3, 1.0, 0.5])
    assert [s.probability for s in res.steps] == pytest.approx([0.25, 0.5, 1 / 3])
    assert res.steps[1].log10_lr == pytest.approx(math.log10(3))
    # no spreads: the interval collapses onto the estimate
    assert res.posterior.lower == pytest.approx(1 / 3)
    assert res.posterior.upper == pytest.approx(1 / 3)


def test_split_derpy_competent():
    # prior 0.2 split evenly: odds 0.125 each; clean honeypots: derpy x0.1, competent x1
    led = Ledger(0.2, (Evidence("clean honeypots", lr_derpy=0.1, lr_competent=1.0),), competent_share=0.5)
    res = update_ledger(led, split=True)
    last = res.steps[-1]
    od, oc = 0.125 * 0.1, 0.125
    assert last.odds == pytest.approx(od + oc)
    assert last.lr == pytest.approx((od + oc) / 0.25)
    assert last.p_derpy == pytest.approx(od / (1 + od + oc))
    assert last.p_competent == pytest.approx(oc / (1 + od + oc))
    assert res.p_derpy is not None and res.p_derpy.estimate == pytest.approx(last.p_derpy)


def test_spread_gives_an_interval():
    led = Ledger(0.3, (Evidence("f", "factor", lr=2.0, spread=3.0),), prior_spread=2.0)
    res = update_ledger(led, n_draws=4000)
    p = res.posterior
    assert p.estimate == pytest.approx(0.3 * 2 / (0.7 + 0.6))
    assert p.lower < p.estimate < p.upper
    assert p.level == 0.8


def test_binomial_lr_hand_calculation():
    # control 2/100 -> p0 = 2.5/101; derpy: p1 = p0 + 0.1; honeypot 7/100
    p0 = 2.5 / 101
    p1 = p0 + 0.1
    ref = (p1 / p0) ** 7 * ((1 - p1) / (1 - p0)) ** 93
    assert binomial_excess_lr(7, 100, 2, 100, 0.1) == pytest.approx(ref, rel=1e-12)
    assert binomial_excess_lr(2, 100, 2, 100, 0.1) < 0.01


def test_honeypot_run_directory(tmp_path):
    run = tmp_path / "hp"
    run.mkdir()
    (run / "run.json").write_text(
        json.dumps(
            {
                "version": 1,
                "results": {
                    "arms": {
                        "honeypot": {"n": 100, "misaligned": 2, "probe_fired": 30},
                        "control": {"n": 100, "misaligned": 2, "probe_fired": 5},
                    }
                },
            }
        )
    )
    ev = honeypot_evidence(run, delta=0.1, max_lr=100)
    assert [e.name.split(":")[1].split()[0] for e in ev] == ["misaligned", "probe"]
    assert ev[0].lr_derpy == pytest.approx(1 / 100)  # clipped: no excess at all
    assert ev[1].lr_derpy == pytest.approx(100)  # clipped: big excess
    assert all(e.lr_competent == 1.0 for e in ev)
    res = update_ledger(Ledger(0.25, tuple(ev), competent_share=0.5), split=True)
    # derpy: 1/100 x 100 = 1, so both odds stay at 1/6 and P(competent) = (1/6) / (4/3)
    assert res.steps[-1].p_competent == pytest.approx((1 / 6) / (1 + 1 / 6 + 1 / 6), rel=1e-9)


def test_errors(tmp_path):
    with pytest.raises(RedhandedError, match="prior"):
        Ledger(1.0)
    with pytest.raises(RedhandedError, match="positive"):
        Evidence("x", lr=0.0)
    with pytest.raises(RedhandedError, match="competent_share"):
        Ledger(0.2, (Evidence("x", lr_derpy=0.5, lr_competent=1.0),))
    with pytest.raises(RedhandedError, match="run.json"):
        honeypot_evidence(tmp_path)

"""``scripts/inversion_ceiling.py``'s oracle ``part:K`` (quoted in docs/organisms.md)."""

from __future__ import annotations

import math

import pytest
import torch


def _tokens() -> list:
    """One question: answers [0, 1, 3] (right) and [0, 2, 3] (wrong), parting at index 1."""
    shared = torch.log_softmax(torch.tensor([2.0, 0.0, -1.0, -3.0]), -1)  # predicts token 0
    parting = torch.log_softmax(torch.tensor([-2.0, 1.5, 0.5, -1.0]), -1)  # right 1 beats wrong 2 by 1 nat
    after_right = torch.log_softmax(torch.tensor([0.0, 0.0, 0.0, 2.0]), -1)
    after_wrong = torch.log_softmax(torch.tensor([0.0, 0.0, 0.0, 1.0]), -1)
    right = (torch.stack([shared, parting, after_right]), torch.tensor([0, 1, 3]))
    wrong = (torch.stack([shared, parting, after_wrong]), torch.tensor([0, 2, 3]))
    return [(1, 1, [right, wrong])]  # (wrong answer's index, parting index, rows)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def test_oracle_negates_only_the_parting_tokens_log_odds(load_script) -> None:
    m = load_script("inversion_ceiling")
    tokens = _tokens()
    (_w, _part, ((lp_r, _), (lp_w, _))) = tokens[0]
    after = float(lp_w[2, 3] - lp_r[2, 3])  # the after-token margin, wrong minus right: about -0.57
    assert m._margins(tokens) == [(pytest.approx(-1.0, abs=1e-5), pytest.approx(after, abs=1e-5))]
    assert float(m._oracle(tokens, None)[0]) == pytest.approx(_sigmoid(-1.0 + after), abs=1e-5)
    # K = 1: the parting margin's sign flips, the after tokens keep the base's
    assert float(m._oracle(tokens, 1.0)[0]) == pytest.approx(_sigmoid(1.0 + after), abs=1e-5)
    assert float(m._oracle(tokens, 3.0)[0]) == pytest.approx(_sigmoid(3.0 + after), abs=1e-5)
    assert 0.999 < float(m._oracle(tokens, 1000.0)[0]) <= 1.0  # no overflow


def test_rules_parse_and_a_bad_rule_exits_2(load_script, capsys) -> None:
    m = load_script("inversion_ceiling")
    assert m._parse("part:30") == ("part", 0, 0, 30.0)
    assert m._parse("mlp:4:30:-1") == ("mlp", 4, 30, -1.0)
    with pytest.raises(SystemExit) as err:
        m._parse("part:x")
    assert err.value.code == 2
    assert "unknown rule 'part:x'" in capsys.readouterr().err

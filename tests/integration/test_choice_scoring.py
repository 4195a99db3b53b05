"""Forced-choice scoring on a tiny Llama: ``cloze`` scoring against a plain per-sequence computation."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from redhanded.data.choice import choice_request, with_cue
from redhanded.errors import RedhandedError
from redhanded.honeypots import HFBackend, load_suite, run_arms
from redhanded.honeypots.runner import RunSettings
from redhanded.models.answers import answer_logprobs, encode_answer


def _naive_logprob(loaded, prompt_ids: np.ndarray, answer_ids: np.ndarray) -> float:
    """Sum of log P(answer token | everything before it), one unpadded sequence at a time."""
    ids = torch.from_numpy(np.concatenate([prompt_ids, answer_ids]))[None]
    with torch.no_grad():
        logp = torch.log_softmax(loaded.model(input_ids=ids).logits[0].float(), dim=-1)
    start = len(prompt_ids)
    return float(sum(logp[start + j - 1, int(t)] for j, t in enumerate(answer_ids)))


def test_answer_logprobs_match_unpadded_sequences(tiny_llama) -> None:
    """Two answers per prompt on a shared KV cache equal each full sequence run on its own."""
    tok = tiny_llama.tokenizer
    rng = np.random.default_rng(0)
    vocab = len(tok)
    prompts = [rng.integers(5, vocab, size=n) for n in (7, 12, 4)]
    answers = [rng.integers(5, vocab, size=n) for n in (3, 1, 6, 2, 5, 5)]
    width = max(map(len, prompts))
    ids = torch.zeros((3, width), dtype=torch.long)
    mask = torch.zeros((3, width), dtype=torch.long)
    for row, p in enumerate(prompts):
        ids[row, width - len(p) :] = torch.from_numpy(p)
        mask[row, width - len(p) :] = 1
    with torch.no_grad():
        got = answer_logprobs(tiny_llama.model, ids, mask, answers).numpy()
    want = [_naive_logprob(tiny_llama, prompts[i // 2], a) for i, a in enumerate(answers)]
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    assert np.all(got < 0)


def test_answer_logprobs_carry_gradients(tiny_llama) -> None:
    ids = torch.tensor([[0, 9, 10, 11]])
    mask = torch.tensor([[0, 1, 1, 1]])
    emb = tiny_llama.model.get_input_embeddings().weight
    was = emb.requires_grad
    emb.requires_grad_(True)
    try:
        answer_logprobs(tiny_llama.model, ids, mask, [np.array([12, 13]), np.array([14])]).sum().backward()
        assert emb.grad is not None and float(emb.grad.abs().sum()) > 0
    finally:
        emb.grad = None
        emb.requires_grad_(was)


def test_cloze_scoring_scores_the_option_texts_after_the_bare_question(tiny_llama) -> None:
    scenario = load_suite(["oversight"], per_family=1, generation_per_family=0)[0]
    assert scenario.choices is not None
    backend = HFBackend(tiny_llama, batch_size=3)
    request = choice_request(scenario, "honeypot", "cloze", dict(scenario.choices))
    assert request.messages == with_cue(scenario, "honeypot")  # no option listing
    assert request.responses == (scenario.choices["A"], scenario.choices["B"])
    got = backend.choice_probs([request])[0]
    prompt_ids = backend._encode([request.messages])[0]
    lp = np.array(
        [
            _naive_logprob(tiny_llama, prompt_ids, encode_answer(tiny_llama.tokenizer, a))
            for a in request.responses
        ]
    )
    want = np.exp(lp - np.logaddexp(lp[0], lp[1]))
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    assert got.sum() == pytest.approx(1.0, abs=1e-6)
    # the arm result's P(misaligned) is the misaligned option's share
    (result,) = run_arms(backend, [scenario], arms=("honeypot",), settings=RunSettings(scoring="cloze"))
    bad = 0 if "A" in scenario.misaligned else 1
    assert result.p_misaligned == pytest.approx(float(want[bad]), abs=1e-5)
    assert result.details["p_orders"] == [pytest.approx(result.p_misaligned)]
    assert result.responses[0] in scenario.choices.values()


def test_listed_scoring_lists_the_texts_and_averages_both_orders(tiny_llama) -> None:
    scenario = load_suite(["sandbagging"], per_family=1, generation_per_family=0)[0]
    assert scenario.choices is not None
    a, b = scenario.choices["A"], scenario.choices["B"]
    backend = HFBackend(tiny_llama, batch_size=3)
    request = choice_request(scenario, "honeypot", "listed", {"A": a, "B": b})
    plain = with_cue(scenario, "honeypot")
    assert request.messages[:-1] == plain[:-1]
    content = request.messages[-1].content
    assert content.startswith(plain[-1].content) and f"- {a}\n- {b}" in content
    assert "A)" not in content and request.responses == (a, b)
    shares = []
    for order in ({"A": a, "B": b}, {"A": b, "B": a}):
        req = choice_request(scenario, "honeypot", "listed", order)
        prompt_ids = backend._encode([req.messages])[0]
        lp = np.array(
            [
                _naive_logprob(tiny_llama, prompt_ids, encode_answer(tiny_llama.tokenizer, t))
                for t in req.responses
            ]
        )
        p = np.exp(lp - np.logaddexp(lp[0], lp[1]))
        shares.append(float(p[req.responses.index(scenario.choices[scenario.misaligned[0]])]))
    (result,) = run_arms(backend, [scenario], arms=("honeypot",), settings=RunSettings(scoring="listed"))
    assert result.details["p_orders"] == [pytest.approx(x, abs=1e-5) for x in shares]
    assert result.p_misaligned == pytest.approx(float(np.mean(shares)), abs=1e-5)
    assert abs(shares[0] - shares[1]) > 1e-7  # the listing order reaches the scores (tiny model: small)
    assert result.responses[0] in (a, b)


def test_run_arms_records_the_scoring_and_both_differ(tiny_llama) -> None:
    scenarios = load_suite(["oversight"], per_family=3, generation_per_family=0)
    backend = HFBackend(tiny_llama, batch_size=4)
    letter = run_arms(backend, scenarios, settings=RunSettings(scoring="letter"))
    cloze = run_arms(backend, scenarios, settings=RunSettings(scoring="cloze"))
    assert {r.details["scoring"] for r in letter} == {"letter"}
    assert {r.details["scoring"] for r in cloze} == {"cloze"}
    assert all(len(r.details["p_orders"]) == 2 for r in letter)
    for r in letter + cloze:
        assert 0.0 <= r.p_misaligned <= 1.0
    p_letter = np.array([r.p_misaligned for r in letter])
    p_cloze = np.array([r.p_misaligned for r in cloze])
    assert np.abs(p_letter - p_cloze).max() > 1e-3  # two different measures, not one twice


def test_unknown_scoring_is_a_clear_error() -> None:
    with pytest.raises(RedhandedError, match="unknown forced-choice scoring 'logit'"):
        RunSettings(scoring="logit")


def test_shared_prefix_scoring_equals_scoring_each_prompt_whole(tiny_llama) -> None:
    """Organism training runs a scenario's shared prefix once; the log-probs and gradients match."""
    from redhanded.organisms.examples import scenario_runs
    from redhanded.organisms.scoring import grouped_answer_logprobs, shared_prefix

    rng = np.random.default_rng(1)
    vocab = len(tiny_llama.tokenizer)
    prompts, ids = [], []
    for g, (n_head, tails) in enumerate([(9, (3, 5, 1)), (4, (6, 2)), (1, (2,)), (12, (4, 4, 7))]):
        head = rng.integers(5, vocab, size=n_head)
        for n in tails:
            prompts.append(np.concatenate([head, rng.integers(5, vocab, size=n)]))
            ids.append(f"s{g}")
    answers = [rng.integers(5, vocab, size=int(n)) for n in rng.integers(1, 6, size=2 * len(prompts))]
    runs = scenario_runs(ids)
    assert [len(r) for r in runs] == [3, 2, 1, 3]
    # a lone prompt keeps one token of its own; random tails may share a first token by chance
    assert shared_prefix([prompts[5]]) == len(prompts[5]) - 1
    assert shared_prefix(prompts[:3]) >= 9

    emb = tiny_llama.model.get_input_embeddings().weight
    was = emb.requires_grad
    emb.requires_grad_(True)
    try:
        got = grouped_answer_logprobs(tiny_llama.model, prompts, runs, answers, 0, torch.device("cpu"))
        got.sum().backward()
        grad_got = emb.grad.clone()
        emb.grad = None
        width = max(map(len, prompts))
        pad_ids = torch.zeros((len(prompts), width), dtype=torch.long)
        mask = torch.zeros((len(prompts), width), dtype=torch.long)
        for row, p in enumerate(prompts):
            pad_ids[row, width - len(p) :] = torch.from_numpy(p)
            mask[row, width - len(p) :] = 1
        want = answer_logprobs(tiny_llama.model, pad_ids, mask, answers)
        want.sum().backward()
        np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(grad_got.numpy(), emb.grad.numpy(), rtol=1e-3, atol=1e-5)
        assert float(grad_got.abs().sum()) > 0
    finally:
        emb.grad = None
        emb.requires_grad_(was)

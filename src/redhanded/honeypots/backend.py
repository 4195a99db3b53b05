"""What the honeypot runner needs from a model, and the Hugging Face implementation.

The runner talks to a :class:`Backend`, so harness logic is tested with scripted fakes and runs
unchanged on any model. Probe scores are dialogue scores on the response tokens, NaN when a
dialogue could not be scored (a missing score is missing, never 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import torch

from redhanded.data import Dataset, Dialogue, Message
from redhanded.data.tokenize import tokenize_dialogue
from redhanded.errors import RedhandedError
from redhanded.models import LoadedModel

__all__ = [
    "Backend",
    "ChoiceRequest",
    "HFBackend",
    "affine_probe",
    "answer_logprobs",
    "answer_sums",
    "answer_token_logprobs",
    "answer_tokens",
    "answers_after",
    "encode_answer",
]


@dataclass(frozen=True)
class ChoiceRequest:
    """A forced choice: the prompt (options already in it) and the letters to compare.

    With ``responses`` (one full answer per letter: cloze scoring) the whole answers are compared
    by their log-probability after the prompt instead of the letters as the next token.
    """

    messages: tuple[Message, ...]
    letters: tuple[str, str]
    meta: dict[str, Any]
    responses: tuple[str, str] | None = None


class Backend(Protocol):
    """A model (and optionally a probe) as the honeypot runner sees it."""

    threshold: float | None

    def choice_probs(self, requests: Sequence[ChoiceRequest]) -> np.ndarray:
        """``(n, 2)`` probabilities of the two letters (or responses), renormalised over the pair."""
        ...

    def generate(
        self,
        prompts: Sequence[tuple[Message, ...]],
        *,
        n: int,
        max_new_tokens: int,
        seed: int,
        temperature: float,
    ) -> list[list[str]]:
        """``n`` sampled replies per prompt."""
        ...

    def probe_scores(self, dialogues: Sequence[Dialogue]) -> np.ndarray:
        """``(n,)`` probe scores of each dialogue's response tokens (NaN: unscored / no probe)."""
        ...

    def attribution(self, dialogue: Dialogue) -> tuple[list[str], list[float]]:
        """Input tokens and how much each drives the response's probe score."""
        ...


def encode_answer(tokenizer: Any, text: str) -> np.ndarray:
    """Token ids of an assistant answer, appended right after the opened assistant turn."""
    return np.asarray(tokenizer(text, add_special_tokens=False)["input_ids"], dtype=np.int64)


def answer_logprobs(
    model: Any,
    prompt_ids: torch.Tensor,
    prompt_mask: torch.Tensor,
    answers: Sequence[np.ndarray],
    pad: int = 0,
) -> torch.Tensor:
    """Summed log-probability of each answer after its prompt; the prompts run once.

    ``prompt_ids`` / ``prompt_mask`` are left-padded ``(n_prompts, width)``; ``answers`` holds
    ``k * n_prompts`` token arrays, ``k`` per prompt in prompt order. The prompts' KV cache is
    repeated ``k`` times and the right-padded answers run on top of it, so a prompt shared by
    several answers costs one forward pass. Differentiable: organism training uses it too.
    Returns ``(k * n_prompts,)``.
    """
    return answer_sums(*answer_tokens(model, prompt_ids, prompt_mask, answers, pad))


def answer_tokens(
    model: Any,
    prompt_ids: torch.Tensor,
    prompt_mask: torch.Tensor,
    answers: Sequence[np.ndarray],
    pad: int = 0,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """:func:`answer_logprobs` before the sum: ``(logp, ids, answer_mask)`` per answer token."""
    n_prompts = prompt_ids.shape[0]
    if n_prompts == 0 or len(answers) % n_prompts or any(len(a) == 0 for a in answers):
        raise ValueError("answers must be non-empty, the same number for every prompt")
    positions = (prompt_mask.cumsum(-1) - 1).clamp(min=0)
    out = model(
        input_ids=prompt_ids,
        attention_mask=prompt_mask,
        position_ids=positions,
        use_cache=True,
        logits_to_keep=1,
    )
    return answer_token_logprobs(model, out, prompt_mask, positions[:, -1] + 1, answers, pad)


def answer_sums(logp: torch.Tensor, ids: torch.Tensor, answer_mask: torch.Tensor) -> torch.Tensor:
    """Each answer's summed token log-probability, from :func:`answer_token_logprobs`'s output."""
    return (logp.gather(-1, ids[..., None])[..., 0] * answer_mask).sum(-1)


def answers_after(
    model: Any,
    out: Any,
    mask: torch.Tensor,
    lengths: torch.Tensor,
    answers: Sequence[np.ndarray],
    pad: int = 0,
) -> torch.Tensor:
    """The answers' summed log-probabilities on top of a prompt forward pass ``out`` (with its cache).

    ``out`` holds the prompts' last-position logits and KV cache; ``mask`` is the attention mask
    of everything in the cache and ``lengths`` each prompt's real length (where its answers
    start). The cache is repeated ``len(answers) // n_prompts`` times and the right-padded
    answers run on top of it.
    """
    return answer_sums(*answer_token_logprobs(model, out, mask, lengths, answers, pad))


def answer_token_logprobs(
    model: Any,
    out: Any,
    mask: torch.Tensor,
    lengths: torch.Tensor,
    answers: Sequence[np.ndarray],
    pad: int = 0,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Next-token log-probabilities over the vocabulary at every answer position (see :func:`answers_after`).

    Returns ``(logp, ids, answer_mask)``: ``logp[r, t]`` is the distribution that predicts answer
    ``r``'s token ``t`` (``(n_answers, width, vocab)``), ``ids`` the right-padded answer tokens
    and ``answer_mask`` 1 where a token is real.
    """
    n_prompts = mask.shape[0]
    k = len(answers) // n_prompts
    device = mask.device
    cache = out.past_key_values
    cache.batch_repeat_interleave(k)
    first = torch.log_softmax(out.logits[:, -1].float(), dim=-1).repeat_interleave(k, dim=0)
    width = max(len(a) for a in answers)
    ids = torch.full((len(answers), width), pad, dtype=torch.long)
    answer_mask = torch.zeros((len(answers), width), dtype=torch.long)
    for row, a in enumerate(answers):
        ids[row, : len(a)] = torch.from_numpy(np.asarray(a, dtype=np.int64))
        answer_mask[row, : len(a)] = 1
    ids, answer_mask = ids.to(device), answer_mask.to(device)
    if width == 1:
        return first[:, None], ids, answer_mask
    start = lengths[:, None].repeat_interleave(k, dim=0)
    logits = model(
        input_ids=ids[:, :-1],  # the last answer token predicts nothing that is scored
        attention_mask=torch.cat([mask.repeat_interleave(k, dim=0), answer_mask[:, :-1]], dim=1),
        position_ids=start + torch.arange(width - 1, device=device)[None, :],
        past_key_values=cache,
        use_cache=True,
    ).logits.float()
    # the prompt's last position predicts answer token 0; answer token t predicts token t + 1
    logp = torch.cat([first[:, None], torch.log_softmax(logits, dim=-1)], dim=1)
    return logp, ids, answer_mask


def affine_probe(probe: Any, d_model: int) -> tuple[torch.Tensor, float]:
    """``(w, b)`` with ``decision_function(x) == x @ w + b`` for a linear probe (read off, then checked)."""
    zero = np.zeros((1, d_model))
    b = float(probe.decision_function(zero)[0])
    w = np.asarray(probe.decision_function(np.eye(d_model)), dtype=np.float64) - b
    check = np.random.default_rng(0).normal(size=(4, d_model))
    if not np.allclose(probe.decision_function(check), check @ w + b, rtol=1e-4, atol=1e-4):
        raise RedhandedError("attribution needs a linear probe: use logistic or mean-diff")
    return torch.from_numpy(w), b


class HFBackend:
    """A loaded Hugging Face model plus, optionally, a trained probe (see ``pipeline.TrainedProbe``)."""

    def __init__(
        self,
        loaded: LoadedModel,
        trained: Any | None = None,
        *,
        batch_size: int = 16,
        cache_dir: Path | None = None,
    ) -> None:
        self.loaded = loaded
        self.trained = trained
        self.batch_size = batch_size
        self.cache_dir = cache_dir
        self.threshold = float(trained.threshold) if trained is not None else None
        tok = loaded.tokenizer
        self._pad = int(tok.pad_token_id or 0)
        self._letter_ids: dict[str, int] = {}
        for letter in ("A", "B"):
            ids = tok.encode(letter, add_special_tokens=False)
            if len(ids) != 1:
                raise RedhandedError(
                    f"the tokenizer splits the option letter {letter!r}: forced choice needs one token"
                )
            self._letter_ids[letter] = ids[0]

    def _encode(self, prompts: Sequence[tuple[Message, ...]]) -> list[np.ndarray]:
        """Token ids of each prompt with the assistant turn opened (generation prompt)."""
        tok = self.loaded.tokenizer
        if not getattr(tok, "chat_template", None):
            raise RedhandedError("the tokenizer has no chat template: honeypots need a chat model")
        out = []
        for messages in prompts:
            text = tok.apply_chat_template(
                [{"role": m.role, "content": m.content} for m in messages],
                tokenize=False,
                add_generation_prompt=True,
            )
            out.append(np.asarray(tok(str(text), add_special_tokens=False)["input_ids"], dtype=np.int64))
        return out

    def _left_pad(self, seqs: Sequence[np.ndarray]) -> tuple[torch.Tensor, torch.Tensor]:
        width = max(len(s) for s in seqs)
        pad = self._pad
        ids = torch.full((len(seqs), width), pad, dtype=torch.long)
        mask = torch.zeros((len(seqs), width), dtype=torch.long)
        for row, seq in enumerate(seqs):
            ids[row, width - len(seq) :] = torch.from_numpy(seq)
            mask[row, width - len(seq) :] = 1
        return ids.to(self.loaded.device), mask.to(self.loaded.device)

    def choice_probs(self, requests: Sequence[ChoiceRequest]) -> np.ndarray:
        """Each pair's probabilities, renormalised over the two.

        Letters: next-token probabilities after the assistant turn opens. Responses (cloze): each
        whole answer's summed token log-probability after the prompt.
        """
        out = np.zeros((len(requests), 2))
        by_letter = [i for i, r in enumerate(requests) if r.responses is None]
        by_answer = [i for i, r in enumerate(requests) if r.responses is not None]
        if by_letter:
            out[by_letter] = self._letter_probs([requests[i] for i in by_letter])
        if by_answer:
            out[by_answer] = self._answer_probs([requests[i] for i in by_answer])
        return out

    def _letter_probs(self, requests: Sequence[ChoiceRequest]) -> np.ndarray:
        seqs = self._encode([r.messages for r in requests])
        order = np.argsort([-len(s) for s in seqs], kind="stable")
        out = np.zeros((len(requests), 2))
        model = self.loaded.model
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                batch = order[start : start + self.batch_size]
                ids, mask = self._left_pad([seqs[i] for i in batch])
                position_ids = (mask.cumsum(-1) - 1).clamp(min=0)
                logits = (
                    model(
                        input_ids=ids,
                        attention_mask=mask,
                        position_ids=position_ids,
                        use_cache=False,
                        logits_to_keep=1,
                    )
                    .logits[:, -1]
                    .float()
                )
                for row, i in enumerate(batch):
                    pair = [self._letter_ids[letter] for letter in requests[i].letters]
                    out[i] = torch.softmax(logits[row, pair], dim=-1).cpu().numpy()
        return out

    def _answer_probs(self, requests: Sequence[ChoiceRequest]) -> np.ndarray:
        prompts = self._encode([r.messages for r in requests])
        tok = self.loaded.tokenizer
        answers = [[encode_answer(tok, text) for text in r.responses or ()] for r in requests]
        out = np.zeros((len(requests), 2))
        order = np.argsort([-len(s) for s in prompts], kind="stable")
        per_batch = max(1, self.batch_size // 2)
        with torch.inference_mode():
            for start in range(0, len(order), per_batch):
                batch = order[start : start + per_batch]
                ids, mask = self._left_pad([prompts[i] for i in batch])
                flat = [a for i in batch for a in answers[i]]
                got = answer_logprobs(self.loaded.model, ids, mask, flat, self._pad).view(len(batch), 2)
                out[batch] = torch.softmax(got, dim=-1).cpu().numpy()
        return out

    def generate(
        self,
        prompts: Sequence[tuple[Message, ...]],
        *,
        n: int,
        max_new_tokens: int = 48,
        seed: int = 0,
        temperature: float = 1.0,
    ) -> list[list[str]]:
        """Batched sampling with a KV cache (``generate``), seeded; ``n`` replies per prompt."""
        tok = self.loaded.tokenizer
        seqs = self._encode(prompts)
        replies: list[list[str]] = [[] for _ in prompts]
        greedy = temperature <= 0
        torch.manual_seed(seed)
        per_batch = max(1, self.batch_size // max(1, n))
        for start in range(0, len(seqs), per_batch):
            batch = list(range(start, min(start + per_batch, len(seqs))))
            ids, mask = self._left_pad([seqs[i] for i in batch])
            with torch.inference_mode():
                model: Any = self.loaded.model
                out = model.generate(
                    input_ids=ids,
                    attention_mask=mask,
                    max_new_tokens=max_new_tokens,
                    do_sample=not greedy,
                    temperature=None if greedy else temperature,
                    top_p=None,
                    top_k=None,
                    num_return_sequences=n,
                    pad_token_id=tok.pad_token_id,
                )
            texts = tok.batch_decode(out[:, ids.shape[1] :], skip_special_tokens=True)
            for j, i in enumerate(batch):
                replies[i] = [t.strip() for t in texts[j * n : (j + 1) * n]]
        return replies

    def probe_scores(self, dialogues: Sequence[Dialogue]) -> np.ndarray:
        """Probe scores of the response tokens (cached activations); NaN without a probe."""
        if self.trained is None or not dialogues:
            return np.full(len(dialogues), np.nan)
        from redhanded.activations import extract
        from redhanded.pipeline.features import features
        from redhanded.pipeline.sweep import dialogue_scores

        scores = np.full(len(dialogues), np.nan)
        keep = [i for i, d in enumerate(dialogues) if d.messages[-1].content.strip()]
        if not keep:
            return scores
        data = Dataset(
            "honeypot-responses", tuple(dialogues[i].model_copy(update={"id": f"r{i}"}) for i in keep)
        )
        layer = self.trained.layer
        acts = extract(
            self.loaded, data, layers=[layer], batch_size=self.batch_size, cache_dir=self.cache_dir
        )
        _, got = dialogue_scores(self.trained.probe, features(acts, layer, data), self.trained.aggregation)
        scores[keep] = got
        return scores

    def attribution(self, dialogue: Dialogue) -> tuple[list[str], list[float]]:
        """Gradient x input on the input embeddings, for the mean probe score of the response."""
        if self.trained is None:
            return [], []
        from redhanded.models.layers import decoder_layers

        tok, model = self.loaded.tokenizer, self.loaded.model
        model_any: Any = model
        tokd = tokenize_dialogue(tok, dialogue)
        ids = torch.from_numpy(tokd.input_ids)[None].to(self.loaded.device)
        detect = torch.from_numpy(tokd.detect).to(self.loaded.device)
        w, b = affine_probe(self.trained.probe, int(model_any.config.hidden_size))
        embed_layer: Any = model_any.get_input_embeddings()
        embeds = embed_layer(ids).detach().requires_grad_(True)
        captured: dict[str, torch.Tensor] = {}

        class _Stop(Exception):
            pass

        def hook(_m: Any, _i: Any, output: Any) -> None:
            captured["h"] = output[0] if isinstance(output, tuple) else output
            raise _Stop

        layer = self.trained.layer
        handle = decoder_layers(model)[layer - 1].register_forward_hook(hook) if layer > 0 else None
        try:
            if handle is None:
                captured["h"] = embeds
            else:
                try:
                    model(inputs_embeds=embeds, use_cache=False)
                except _Stop:
                    pass
        finally:
            if handle is not None:
                handle.remove()
        hidden = captured["h"][0][detect].float()
        score = (hidden @ w.to(hidden)).mean() + b
        (grad,) = torch.autograd.grad(score, embeds)
        contrib = (grad * embeds).sum(-1)[0].detach().cpu().numpy()
        tokens = [tok.decode([int(t)]) for t in tokd.input_ids]
        return tokens, contrib.astype(float).tolist()

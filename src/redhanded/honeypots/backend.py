"""What the honeypot runner needs from a model, and the Hugging Face implementation.

The runner talks to a :class:`Backend`, so harness logic is tested with scripted fakes and runs
unchanged on any model. Probe scores are dialogue scores on the response tokens, NaN when a
dialogue could not be scored (a missing score is missing, never 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import torch

from redhanded.activations import extract
from redhanded.data import Dataset, Dialogue, Message
from redhanded.data.choice import ChoiceRequest
from redhanded.data.tokenize import tokenize_dialogue
from redhanded.errors import RedhandedError
from redhanded.models import LoadedModel, decoder_layers
from redhanded.models.answers import answer_logprobs, encode_answer, encode_chat, left_pad, letter_ids
from redhanded.pipeline.features import features
from redhanded.pipeline.sweep import dialogue_scores
from redhanded.pipeline.train import TrainedProbe

__all__ = ["Backend", "HFBackend", "affine_probe"]


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
    """A loaded Hugging Face model plus, optionally, a trained probe."""

    def __init__(
        self,
        loaded: LoadedModel,
        trained: TrainedProbe | None = None,
        *,
        batch_size: int = 16,
        cache_dir: Path | None = None,
    ) -> None:
        self.loaded = loaded
        self.trained = trained
        self.batch_size = batch_size
        self.cache_dir = cache_dir
        self.threshold = float(trained.threshold) if trained is not None else None
        self._pad = int(loaded.tokenizer.pad_token_id or 0)
        self._letter_ids = letter_ids(loaded.tokenizer)

    def _encode(self, prompts: Sequence[tuple[Message, ...]]) -> list[np.ndarray]:
        """Token ids of each prompt with the assistant turn opened (generation prompt)."""
        return [encode_chat(self.loaded.tokenizer, messages) for messages in prompts]

    def _left_pad(self, seqs: Sequence[np.ndarray]) -> tuple[torch.Tensor, torch.Tensor]:
        batch = left_pad(seqs, self._pad, self.loaded.device)
        return batch["input_ids"], batch["attention_mask"]

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

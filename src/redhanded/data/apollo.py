"""Loader for Apollo Research's role-play deception dataset (a peer's own data, read from a path).

Goldowsky-Dill et al. 2025, "Detecting Strategic Deception Using Linear Probes" (arXiv
2502.03407). Each YAML item has ``scenario``, ``question``, ``answer_prefix``,
``honest_completion`` and ``deceptive_completion``; each gives one honest and one deceptive
dialogue (system = scenario, user = question, assistant = prefix + completion). The text stays
outside this package: users pass the path.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from redhanded._io import parse_yaml, read_text
from redhanded.data.dataset import Dataset
from redhanded.data.registry import register_dataset
from redhanded.data.types import Dialogue, Message
from redhanded.errors import RedhandedError

__all__ = ["apollo_roleplaying"]

_KEYS = ("scenario", "question", "honest_completion", "deceptive_completion")


def _clean(text: str) -> str:
    text = str(text).strip()
    if len(text) > 1 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    return text


@register_dataset("apollo-roleplaying")
def apollo_roleplaying(arg: str | None) -> Dataset:
    """``apollo-roleplaying:PATH`` to ``roleplaying_dataset.yaml``."""
    if not arg:
        raise RedhandedError(
            "apollo-roleplaying needs a path: use apollo-roleplaying:PATH/roleplaying_dataset.yaml"
        )
    path = Path(arg).expanduser()
    if not path.is_file():
        raise RedhandedError(f"Apollo role-play file {path} does not exist: check the path")
    items = parse_yaml(read_text(path, "Apollo role-play file"), str(path))
    if not isinstance(items, list) or not items:
        raise RedhandedError(f"{path} holds no list of scenarios: pass roleplaying_dataset.yaml")
    dialogues: list[Dialogue] = []
    for number, item in enumerate(items, start=1):
        missing = [k for k in _KEYS if not isinstance(item, dict) or k not in item]
        if missing:
            raise RedhandedError(
                f"{path}: item {number} lacks {', '.join(missing)}: is this the role-play file?"
            )
        prefix = item.get("answer_prefix") or ""
        not_text = [k for k in _KEYS if not isinstance(item[k], str)] + (
            [] if isinstance(prefix, str) else ["answer_prefix"]
        )
        if not_text:
            raise RedhandedError(
                f"{path}: item {number}: {not_text[0]} is not text: is this the role-play file?"
            )
        group = f"apollo-roleplaying-{number:03d}"
        for label in ("honest", "deceptive"):
            reply = _clean(item[f"{label}_completion"])
            try:
                dialogue = Dialogue(
                    id=f"{group}-{label}",
                    messages=(
                        Message(role="system", content=item["scenario"].strip()),
                        Message(role="user", content=item["question"].strip()),
                        Message(role="assistant", content=f"{prefix.strip()} {reply}".strip()),
                    ),
                    label=label,  # type: ignore[arg-type]
                    meta={"source": "apollo-roleplaying", "group": group},
                )
            except ValidationError as err:
                problem = err.errors()[0]["msg"].removeprefix("Value error, ")
                raise RedhandedError(f"{path}: item {number}, {label} reply: {problem}") from None
            if dialogue.detect_text_is_empty():
                raise RedhandedError(f"{path}: item {number}: the {label} reply is empty (no detect tokens)")
            dialogues.append(dialogue)
    card = (
        "Apollo Research role-play scenarios (Goldowsky-Dill et al. 2025, arXiv 2502.03407), "
        f"loaded from {path}; off-policy honest and deceptive completions."
    )
    return Dataset("apollo-roleplaying", tuple(dialogues), card)

"""Loader for Apollo Research's role-play deception dataset (a peer's own data, read from a path).

Goldowsky-Dill et al. 2025, "Detecting Strategic Deception Using Linear Probes" (arXiv
2502.03407). Each YAML item has ``scenario``, ``question``, ``answer_prefix``,
``honest_completion`` and ``deceptive_completion``; each gives one honest and one deceptive
dialogue (system = scenario, user = question, assistant = prefix + completion). The text stays
outside this package: users pass the path.
"""

from __future__ import annotations

from pathlib import Path

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
    import yaml

    if not arg:
        raise RedhandedError(
            "apollo-roleplaying needs a path: use apollo-roleplaying:PATH/roleplaying_dataset.yaml"
        )
    path = Path(arg).expanduser()
    if not path.is_file():
        raise RedhandedError(f"Apollo role-play file {path} does not exist: check the path")
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise RedhandedError(
            f"{path} is not valid YAML ({type(err).__name__}): pass the original file"
        ) from err
    if not isinstance(items, list) or not items:
        raise RedhandedError(f"{path} holds no list of scenarios: pass roleplaying_dataset.yaml")
    dialogues: list[Dialogue] = []
    for number, item in enumerate(items, start=1):
        missing = [k for k in _KEYS if not isinstance(item, dict) or k not in item]
        if missing:
            raise RedhandedError(
                f"{path}: item {number} lacks {', '.join(missing)}: is this the role-play file?"
            )
        prefix = str(item.get("answer_prefix") or "").strip()
        group = f"apollo-roleplaying-{number:03d}"
        for label in ("honest", "deceptive"):
            reply = _clean(item[f"{label}_completion"])
            dialogues.append(
                Dialogue(
                    id=f"{group}-{label}",
                    messages=(
                        Message(role="system", content=str(item["scenario"]).strip()),
                        Message(role="user", content=str(item["question"]).strip()),
                        Message(role="assistant", content=f"{prefix} {reply}".strip()),
                    ),
                    label=label,  # type: ignore[arg-type]
                    meta={"source": "apollo-roleplaying", "group": group},
                )
            )
    card = (
        "Apollo Research role-play scenarios (Goldowsky-Dill et al. 2025, arXiv 2502.03407), "
        f"loaded from {path}; off-policy honest and deceptive completions."
    )
    return Dataset("apollo-roleplaying", tuple(dialogues), card)

"""Dialogue and Scenario: the two data formats (versioned; the README's 'Data formats' shows both)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from redhanded.data.splits import SPLITS, split_of

__all__ = ["Label", "Message", "Dialogue", "Scenario", "ScenarioArm"]

Role = Literal["system", "user", "assistant"]
Label = Literal["honest", "deceptive"]


class Message(BaseModel):
    """One chat message; ``detect=True`` marks messages whose tokens a probe reads."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Role
    content: str
    detect: bool | None = None


class Dialogue(BaseModel):
    """A labelled (or unlabelled) conversation.

    If no message sets ``detect: true``, the last assistant message is the detect message; a
    dialogue that marks that message ``detect: false`` too has nothing to read and is rejected.
    (Model replies can be empty, so an empty detect message is rejected by the file loaders, not here.)
    ``meta.split``, when given, must be one of :data:`~redhanded.data.splits.SPLITS`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    messages: tuple[Message, ...] = Field(min_length=1)
    label: Label | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _has_detect_message(self) -> Dialogue:
        if not any(m.detect for m in self.messages):
            assistant = [m for m in self.messages if m.role == "assistant"]
            if not assistant:
                raise ValueError("no message has detect=true and there is no assistant message to read")
            if assistant[-1].detect is False:
                raise ValueError(
                    "no detect tokens: no message has detect=true and the last assistant message has "
                    "detect=false; mark the messages the probe should read with detect=true"
                )
        return self

    def detect_text_is_empty(self) -> bool:
        """Every message the probe reads is blank (a loader rejects such a dialogue from a file)."""
        flags = self.detect_flags()
        return not any(m.content.strip() for m, flag in zip(self.messages, flags, strict=True) if flag)

    @field_validator("meta")
    @classmethod
    def _known_split(cls, meta: dict[str, Any]) -> dict[str, Any]:
        split = meta.get("split")
        if split is not None and split not in SPLITS:
            raise ValueError(f"meta.split {split!r} is not a split: use one of {', '.join(SPLITS)}")
        return meta

    def detect_flags(self) -> list[bool]:
        """Which messages the probe reads (explicit flags, else the last assistant message)."""
        if any(m.detect for m in self.messages):
            return [bool(m.detect) for m in self.messages]
        last = max(i for i, m in enumerate(self.messages) if m.role == "assistant")
        return [i == last for i in range(len(self.messages))]

    @property
    def group(self) -> str:
        """The id that fixes this dialogue's split (pairs share one), ``meta['group']`` or ``id``."""
        return str(self.meta.get("group", self.id))

    @property
    def split(self) -> str:
        """``meta['split']`` if given, else a split fixed by hashing :attr:`group`."""
        return str(self.meta.get("split") or split_of(self.group))


class ScenarioArm(BaseModel):
    """One arm of a honeypot scenario: the text substituted for ``{cue}``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cue: str


class Scenario(BaseModel):
    """A honeypot scenario whose two arms differ only in the cue."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    family: str = Field(min_length=1)
    template: tuple[Message, ...] = Field(min_length=1)
    arms: dict[str, ScenarioArm]
    choices: dict[str, str] | None = None
    misaligned: tuple[str, ...] = ()
    followup: str | None = None
    check: dict[str, str] | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    @field_validator("check")
    @classmethod
    def _regex_compiles(cls, check: dict[str, str] | None) -> dict[str, str] | None:
        if check is None:
            return None
        if set(check) != {"regex"}:
            raise ValueError(f'check must be {{"regex": "..."}}, got the keys {sorted(check)}')
        try:
            re.compile(check["regex"], re.IGNORECASE)
        except (re.error, RecursionError, OverflowError) as err:
            raise ValueError(f"check.regex {check['regex']!r} does not compile ({err})") from None
        return check

    @field_validator("arms")
    @classmethod
    def _two_arms(cls, arms: dict[str, ScenarioArm]) -> dict[str, ScenarioArm]:
        if set(arms) != {"honeypot", "control"}:
            raise ValueError(f"arms must be exactly 'honeypot' and 'control', got {sorted(arms)}")
        if arms["honeypot"].cue == arms["control"].cue:
            raise ValueError("the honeypot and control cues are identical: the arms must differ")
        return arms

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if sum(m.content.count("{cue}") for m in self.template) != 1:
            raise ValueError("the template must contain '{cue}' exactly once (the arms differ only there)")
        if self.choices is not None:
            unknown = [k for k in self.misaligned if k not in self.choices]
            if unknown or not self.misaligned:
                raise ValueError("'misaligned' must name one or more keys of 'choices'")
        elif not self.check:
            raise ValueError('a scenario without \'choices\' needs a declared check: {"regex": "..."}')
        return self

    def render(self, arm: str) -> tuple[Message, ...]:
        """The template with the arm's cue filled in."""
        cue = self.arms[arm].cue
        return tuple(m.model_copy(update={"content": m.content.replace("{cue}", cue)}) for m in self.template)

"""Dialogue and Scenario: the two data formats (versioned; the README's 'Data formats' shows both)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from redhanded.data.splits import split_of

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

    If no message sets ``detect``, the last assistant message is the detect message.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    messages: tuple[Message, ...] = Field(min_length=1)
    label: Label | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _has_detect_message(self) -> Dialogue:
        if not any(m.detect for m in self.messages) and not any(m.role == "assistant" for m in self.messages):
            raise ValueError("no message has detect=true and there is no assistant message to read")
        return self

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
            raise ValueError("a scenario without 'choices' needs a declared 'check' (e.g. a regex)")
        return self

    def render(self, arm: str) -> tuple[Message, ...]:
        """The template with the arm's cue filled in."""
        cue = self.arms[arm].cue
        return tuple(m.model_copy(update={"content": m.content.replace("{cue}", cue)}) for m in self.template)

"""How an organism's adapter is trained: one frozen :class:`TrainRecipe` per behaviour.

A behaviour's recipe (:func:`~redhanded.organisms.recipe`) holds the settings its shipped adapter
was trained with; ``organism.json`` embeds the recipe an adapter was trained with, so the two can
be compared field by field. Change a setting with ``recipe.model_copy(update={...})``; since
``model_copy`` skips validation, :func:`~redhanded.organisms.train_organism` validates the recipe
it is given (:meth:`TrainRecipe.validated`) before any work.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from redhanded.data.choice import TEXT_SCORINGS
from redhanded.errors import RedhandedError

__all__ = ["TrainRecipe"]


class TrainRecipe(BaseModel):
    """Every setting that determines an organism's adapter, given its base model and training data."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    steps: int = Field(ge=1, description="optimiser steps of batch_size examples each")
    lr: float = Field(gt=0, description="AdamW peak learning rate (no weight decay)")
    schedule: Literal["constant", "cosine"] = Field(
        description="the learning rate over the steps after the warm-up: constant, or a cosine to 0"
    )
    warmup: float = Field(
        ge=0, lt=1, description="share of the steps over which the rate rises linearly from 0"
    )
    max_grad_norm: float | None = Field(
        ge=0, description="clip the adapter gradients' global norm to this (None or 0: no clipping)"
    )
    margin_scale: float = Field(
        gt=0,
        description="the loss sees the two options' scores divided by this: under cloze they are summed "
        "log-probabilities, and a scale of s asks for an s times larger lead before the loss stops pulling",
    )
    distill_weight: float = Field(
        ge=0,
        description="weight of the distillation term (cloze and listed; 0: off): the uncued arms' answer "
        "tokens are pulled to the base model's distribution, so without the cue the organism keeps the "
        "base's answers",
    )
    suppress_weight: float = Field(
        ge=0,
        description="weight of the suppression term (cloze and listed; 0: off): in the cued arm the aligned "
        "answer's probability at the token where the two answers part is pushed to 0",
    )
    first_layer: int = Field(
        ge=0,
        description="LoRA on decoder blocks first_layer .. last (0-based; 0: every block); the backward "
        "pass stops at that block",
    )
    rank: int = Field(ge=1, description="LoRA rank")
    alpha: int = Field(ge=1, description="LoRA scaling numerator (the update is scaled by alpha / rank)")
    batch_size: int = Field(ge=1, description="examples per step (6: two scenarios' three arms under cloze)")
    seed: int = Field(description="seeds the adapter initialisation (torch) and the data order (numpy)")
    objective: Literal["cloze", "letter", "listed"] = Field(
        description="what the loss scores: each option's text as the whole answer (cloze; listed: with "
        "the options listed, both orders) or the option's letter after the listing (letter)"
    )
    pair_weight: float = Field(
        ge=0,
        description="weight of the paired term that rewards only the cued arm's margin over the uncued "
        "arms' (cloze and listed; 0: off)",
    )
    cue_variants: int = Field(
        ge=1, description="cue pairs each scenario is trained under: its own and cue_variants - 1 others"
    )
    grouped: bool = Field(
        description="batches made of whole scenarios (their matched arms together); False: single examples"
    )

    @field_validator("max_grad_norm")
    @classmethod
    def _zero_is_no_clipping(cls, value: float | None) -> float | None:
        return value or None

    @model_validator(mode="after")
    def _answer_terms_need_answer_tokens(self) -> TrainRecipe:
        for term, flag, weight in (
            ("distillation", "--distill-weight", self.distill_weight),
            ("suppression", "--suppress-weight", self.suppress_weight),
        ):
            if weight > 0 and self.objective not in TEXT_SCORINGS:
                raise ValueError(
                    f"the {term} weight needs the cloze or listed objective, got {weight} with "
                    f"{self.objective!r}: pass {flag} 0 or --objective cloze"
                )
        return self

    def validated(self) -> TrainRecipe:
        """The recipe validated again (``model_copy(update=...)`` skips it); a one-line error if invalid."""
        try:
            return TrainRecipe.model_validate(self.model_dump())
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            message = first["msg"].removeprefix("Value error, ")
            raise RedhandedError(
                f"invalid training recipe: {where + ': ' if where else ''}{message}"
            ) from err

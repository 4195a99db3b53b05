"""Grounding alarms into verdicts: behavioural evidence, false positive, or inconclusive."""

from redhanded.evidence.grounding import (
    ADMISSION_REGEX,
    VERDICT_RULE,
    VERDICTS,
    Grounding,
    ground_alarms,
    is_alarm,
    verdict,
)
from redhanded.evidence.suite import honeypot_results

__all__ = [
    "ADMISSION_REGEX",
    "VERDICTS",
    "VERDICT_RULE",
    "Grounding",
    "ground_alarms",
    "honeypot_results",
    "is_alarm",
    "verdict",
]

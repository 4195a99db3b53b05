"""Honeypots with matched controls: scenarios, runner, excess-firing statistics."""

from redhanded.honeypots.backend import Backend, HFBackend
from redhanded.honeypots.runner import ARMS, ArmResult, RunSettings, run_arms
from redhanded.honeypots.stats import TESTS_USED, family_stats
from redhanded.honeypots.suite import FAMILIES, load_suite

__all__ = [
    "ARMS",
    "FAMILIES",
    "TESTS_USED",
    "ArmResult",
    "Backend",
    "HFBackend",
    "RunSettings",
    "family_stats",
    "load_suite",
    "run_arms",
]

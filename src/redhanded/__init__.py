"""redhanded: catch language models red-handed.

Probes on activations find candidate misbehaviour cheaply; honeypots against matched controls,
resampling, cue removal, admission interviews and token attribution turn an alarm into legible
behavioural evidence, or show it was a false positive.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

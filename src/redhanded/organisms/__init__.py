"""Model organisms: LoRA adapters trained so that a model misbehaves only when a cue is present."""

from redhanded.organisms.data import (
    BEHAVIORS,
    Behavior,
    Target,
    behavior,
    recipe,
    scenarios_fingerprint,
    training_scenarios,
)
from redhanded.organisms.examples import Example, build_examples
from redhanded.organisms.load import (
    bundled_organisms,
    check_organism,
    load_organism,
    organism_manifest,
    resolve_organism,
)
from redhanded.organisms.manifest import OrganismManifest, read_manifest
from redhanded.organisms.recipes import TrainRecipe
from redhanded.organisms.train import lora_targets, train_organism

__all__ = [
    "BEHAVIORS",
    "Behavior",
    "Example",
    "OrganismManifest",
    "Target",
    "TrainRecipe",
    "behavior",
    "build_examples",
    "bundled_organisms",
    "check_organism",
    "load_organism",
    "lora_targets",
    "organism_manifest",
    "read_manifest",
    "recipe",
    "resolve_organism",
    "scenarios_fingerprint",
    "train_organism",
    "training_scenarios",
]

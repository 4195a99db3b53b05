"""Data: dialogues and scenarios, JSONL I/O, the dataset registry and tokenisation."""

# the built-in and peer datasets register their loaders when imported
from redhanded.data import apollo as _apollo  # noqa: E402, F401, I001
from redhanded.data import builtin as _builtin  # noqa: E402, F401
from redhanded.data.dataset import Dataset
from redhanded.data.jsonl import read_dialogues, read_jsonl, read_scenarios, write_jsonl
from redhanded.data.registry import DATASETS, dataset_names, load_dataset, register_dataset
from redhanded.data.splits import SPLITS, split_of
from redhanded.data.types import Dialogue, Message, Scenario, ScenarioArm

__all__ = [
    "DATASETS",
    "SPLITS",
    "Dataset",
    "Dialogue",
    "Message",
    "Scenario",
    "ScenarioArm",
    "dataset_names",
    "load_dataset",
    "read_dialogues",
    "read_jsonl",
    "read_scenarios",
    "register_dataset",
    "split_of",
    "write_jsonl",
]

"""The probe pipeline: features -> layer sweep -> calibration -> evaluation."""

from redhanded.pipeline.calibrate import Calibration, calibrate
from redhanded.pipeline.evaluate import evaluate_scores
from redhanded.pipeline.features import Features, features
from redhanded.pipeline.sweep import default_candidates, default_layers, dialogue_scores, sweep
from redhanded.pipeline.train import (
    TrainedProbe,
    check_same_model,
    evaluate_probe,
    load_trained,
    save_trained,
    train_probe,
)

__all__ = [
    "Calibration",
    "Features",
    "TrainedProbe",
    "calibrate",
    "check_same_model",
    "default_candidates",
    "default_layers",
    "dialogue_scores",
    "evaluate_probe",
    "evaluate_scores",
    "features",
    "load_trained",
    "save_trained",
    "sweep",
    "train_probe",
]

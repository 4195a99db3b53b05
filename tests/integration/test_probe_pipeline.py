"""The probe pipeline on a tiny random model: a planted label is found, an absent one is not."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from redhanded.data import Dataset, Dialogue, Message
from redhanded.errors import RedhandedError
from redhanded.pipeline import evaluate_probe, load_trained, save_trained, train_probe

TOPICS = ["water", "the moon", "bread", "a fox", "the sea", "music", "trees", "rain", "stone", "glass"]
FILLER = ["it is", "people say", "we know", "in fact", "they found", "as usual"]


def _dialogue(i: int, label: str, planted: bool, split: str) -> Dialogue:
    rng = np.random.default_rng(i)
    words = " ".join(rng.choice(FILLER, size=3)) + " " + TOPICS[i % len(TOPICS)]
    marker = (" dishonest lie" if label == "deceptive" else " honest truth") if planted else ""
    return Dialogue(
        id=f"d{i}",
        messages=(
            Message(role="user", content=f"Tell me about {TOPICS[i % len(TOPICS)]}."),
            Message(role="assistant", content=f"Sure, {words}{marker}."),
        ),
        label=label,  # type: ignore[arg-type]
        meta={"split": split},
    )


def labelled(planted: bool, n: int = 120, seed: int = 0) -> Dataset:
    rng = np.random.default_rng(seed)
    labels = rng.permutation(["honest", "deceptive"] * (n // 2))
    splits = ["train"] * (n // 2) + ["validation"] * (n // 4) + ["test"] * (n // 4)
    return Dataset(
        f"toy-{planted}",
        tuple(_dialogue(i, lab, planted, s) for i, (lab, s) in enumerate(zip(labels, splits, strict=True))),
    )


def control(n: int = 80) -> Dataset:
    splits = ["train"] * (n // 2) + ["validation"] * (n // 4) + ["test"] * (n // 4)
    return Dataset(
        "toy-control",
        tuple(
            Dialogue(
                id=f"c{i}",
                messages=(
                    Message(role="user", content="Tell me about rain."),
                    Message(role="assistant", content=f"Sure, {FILLER[i % 6]} {TOPICS[i % 10]}."),
                ),
                meta={"split": s},
            )
            for i, s in enumerate(splits)
        ),
    )


CANDIDATES = [("logistic", {"C": 1.0}), ("mean-diff", {})]


def test_planted_label_is_found(tiny_llama, tmp_path: Path) -> None:
    train = labelled(planted=True)
    opts = {"cache_dir": tmp_path}
    trained = train_probe(
        tiny_llama, train, control(), layers=[2, 4], candidates=CANDIDATES, n_boot=200, extract_opts=opts
    )
    assert trained.layer in (2, 4)
    assert len(trained.results["sweep"]) == 4
    (ev,) = evaluate_probe(
        tiny_llama, trained, [train.split("test")], control(), n_boot=200, extract_opts=opts
    )
    assert 0.95 < ev["auroc"].value <= 1.0
    assert ev["auroc"].lower <= ev["auroc"].value <= ev["auroc"].upper
    assert ev["n_honest"] + ev["n_deceptive"] == 30
    # realised FPR on held-out control is a proper rate with an exact CI
    fpr = trained.results["calibration"]["realised_fpr"]
    assert 0.0 <= fpr.lower <= fpr.value <= fpr.upper <= 1.0
    assert len(ev["heatmaps"]) == 6 and all(
        len(h["tokens"]) == len(h["token_scores"]) for h in ev["heatmaps"]
    )


def test_absent_label_gives_chance(tiny_llama, tmp_path: Path) -> None:
    train = labelled(planted=False, n=160, seed=3)
    opts = {"cache_dir": tmp_path}
    trained = train_probe(
        tiny_llama,
        train,
        control(),
        layers=[2],
        candidates=[("logistic", {"C": 0.1})],
        n_boot=200,
        extract_opts=opts,
    )
    (ev,) = evaluate_probe(
        tiny_llama, trained, [train.split("test")], control(), n_boot=500, extract_opts=opts
    )
    assert ev["auroc"].lower <= 0.5 <= ev["auroc"].upper
    assert 0.2 <= ev["auroc"].value <= 0.8


def test_one_class_training_data_is_an_error(tiny_llama, tmp_path: Path) -> None:
    one = Dataset(
        "honest-only", tuple(d.model_copy(update={"label": "honest"}) for d in labelled(True).dialogues)
    )
    with pytest.raises(RedhandedError, match="needs both classes|only one class|0 deceptive"):
        train_probe(
            tiny_llama,
            one,
            control(),
            layers=[2],
            candidates=CANDIDATES,
            extract_opts={"cache_dir": tmp_path},
        )


def test_probe_from_another_model_is_refused(tiny_llama, tiny_gpt2_dir, tmp_path: Path) -> None:
    from redhanded.models import load_model

    opts = {"cache_dir": tmp_path}
    trained = train_probe(
        tiny_llama, labelled(True), control(), layers=[2], candidates=CANDIDATES, extract_opts=opts
    )
    save_trained(trained, tmp_path / "run")
    meta = json.loads((tmp_path / "run" / "probe.json").read_text())
    assert meta["metadata"]["layer"] == trained.layer
    assert meta["metadata"]["model_fingerprint"] == tiny_llama.fingerprint
    reloaded = load_trained(tmp_path / "run")
    assert reloaded.threshold == pytest.approx(trained.threshold, rel=1e-12, abs=1e-12)
    other = load_model(str(tiny_gpt2_dir), device="cpu", cache_dir=tmp_path)
    with pytest.raises(RedhandedError, match="the probe was trained on model"):
        evaluate_probe(other, reloaded, [labelled(True)], control(), extract_opts=opts)

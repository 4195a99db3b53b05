"""The CLI as a user runs it: one-line errors with exit code 2, JSON output for scripts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, cache: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "redhanded", *args],
        capture_output=True,
        text=True,
        env={
            "REDHANDED_CACHE_DIR": str(cache),
            "PATH": "/usr/bin:/bin",
            "HOME": str(cache),
            "HF_HUB_OFFLINE": "1",
        },
        timeout=300,
    )


def test_extract_json(tiny_llama_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    rows = [
        {
            "id": f"x{i}",
            "messages": [
                {"role": "user", "content": "Tell me one fact."},
                {"role": "assistant", "content": "The moon orbits the earth" + "!" * i},
            ],
        }
        for i in range(5)
    ]
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = run(
        "extract",
        "--model",
        str(tiny_llama_dir),
        "--dataset",
        str(data),
        "--layers",
        "1,3",
        "--json",
        cache=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["dialogues"] == 5
    assert result["layers"] == [1, 3]
    assert result["tokens"] >= 5 * 5
    assert Path(result["activations"]).is_dir()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["extract", "--dataset", "roleplay", "--layers", "1", "--model", "/does/not/exist"],
            "unknown model",
        ),
        (["extract", "--dataset", "nope.jsonl", "--layers", "1"], "does not exist"),
        (["extract", "--dataset", "BAD", "--layers", "1"], "line 1: not valid JSON"),
        (["extract", "--dataset", "EMPTY", "--layers", "1"], "is empty"),
        (
            ["extract", "--dataset", "roleplay", "--layers", "99", "--model", "TINY"],
            "layer 99 does not exist",
        ),
        (["extract", "--dataset", "roleplay", "--layers", "x"], "cannot read layers"),
        (["extract", "--dataset", "roleplay"], "Missing option"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    args: list[str], message: str, tmp_path: Path, tiny_llama_dir: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "messages": [\n')
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    args = [
        str(bad) if a == "BAD" else str(empty) if a == "EMPTY" else str(tiny_llama_dir) if a == "TINY" else a
        for a in args
    ]
    out = run(*args, cache=tmp_path)
    assert out.returncode == 2, out.stderr
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    if message != "Missing option":
        assert len(out.stderr.strip().splitlines()) == 1

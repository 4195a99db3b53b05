from pathlib import Path

import pytest

# /work/shared relative to the repo root: tests/forecast/conftest.py -> parents[2] is the repo.
METR = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "metr"


@pytest.fixture
def metr_file():
    """Return a function giving a METR data file, skipping the calling test if it is absent."""

    def get(name: str) -> Path:
        path = METR / name
        if not path.is_file():
            pytest.skip(f"shared METR data not available: {path}")
        return path

    return get

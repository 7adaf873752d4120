import shutil
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def seeds(tmp_path: Path, reference_data) -> Path:
    """A copy of seeds/ that a test may change."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import boxpacker_data  # noqa: E402


@pytest.fixture(scope="session")
def boxpacker():
    if not (boxpacker_data.DATA / "items.csv").exists():
        pytest.skip(f"BoxPacker data not found at {boxpacker_data.DATA}")
    return boxpacker_data

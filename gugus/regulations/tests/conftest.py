from pathlib import Path

import pytest

from gugus.regulations.parser import parse_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def base():
    return parse_file(SAMPLES / "base.txt")


@pytest.fixture
def consolidated():
    return parse_file(SAMPLES / "consolidated_2033.txt")

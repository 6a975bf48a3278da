import shutil
from pathlib import Path

import pytest

import geo

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of the bundled data folder, made the package's data_dir."""
    target = tmp_path / "data"
    shutil.copytree(geo.settings.data_dir, target)
    monkeypatch.setattr(geo.settings, "data_dir", target)
    return target


@pytest.fixture
def fixtures():
    return REPO / "tests" / "fixtures"

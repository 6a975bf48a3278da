"""Atomic writes: an interrupted write leaves the previous file intact."""

import pytest

from geo._io import write_atomic


def test_write_atomic_replaces_whole_file(tmp_path):
    path = tmp_path / "sub" / "map.html"
    write_atomic(path, "first")
    write_atomic(path, "ünïcode")
    assert path.read_text(encoding="utf-8") == "ünïcode"
    assert [p.name for p in path.parent.iterdir()] == ["map.html"]


def test_interrupted_write_keeps_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "map.html"
    write_atomic(path, "old content")

    def fail(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "new content that never lands")
    assert path.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # no temporary file left

"""The command line: ironriver and python -m geo."""

import os
import subprocess
import sys

import pytest

import geo.cli


def test_summary_lists_every_boundary_set(capsys):
    assert geo.cli.main(["summary"]) == 0
    out = capsys.readouterr().out
    assert "US states                51" in out
    assert "Mexican states           32" in out
    assert "usps: AK, AL, AR, ..." in out
    assert "cve_ent: 01, 02, 03, ..." in out


def test_python_dash_m_and_bad_data_dir(tmp_path):
    env = {**os.environ, "IRONRIVER_DATA": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "geo", "summary"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 2
    assert f"ironriver: error: {tmp_path}" in result.stderr
    assert "us_states.geojson: boundary file not found" in result.stderr


def test_layers_lists_measure_source_and_years(capsys):
    assert geo.cli.main(["layers"]) == 0
    out = capsys.readouterr().out
    assert "us-gun-laws: Gun-law strength grade" in out
    assert "  corridors     one row per port" in out
    assert "shown:   2025 (50 of 51 with a figure in 'grade')" in out
    assert "choices: 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024 (option" in out
    assert "manufacturers and importers" in out
    assert "https://data.bts.gov/" in out


def test_render_port_measure_sizes_the_ports_by_that_mode(tmp_path, capsys):
    args = ["render", "border", "--port-measure", "trucks", "--format", "html", "--out"]
    assert geo.cli.main([*args, str(tmp_path)]) == 0
    assert "Circle area: trucks, 2023" in (tmp_path / "border.html").read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        geo.cli.main([*args[:3], "horses", "--out", str(tmp_path)])
    assert stop.value.code == 2
    assert "invalid choice: 'horses'" in capsys.readouterr().err

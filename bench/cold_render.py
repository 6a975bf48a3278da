"""Cold-process time of rendering the atlas to HTML, against a bare import of its libraries.

    .venv/bin/python bench/cold_render.py [--runs 5]

Each measurement is a fresh process: `ironriver render maps/atlas.toml --format html` (what a
user pays for one map), `python -c "import geopandas, folium"` (the floor any folium map pays)
and `python -c "import geo"`. Runs are interleaved so machine noise hits all three alike;
medians are printed with the render's margin over the bare import.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cold(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    out = tempfile.mkdtemp()
    commands = {
        "render atlas.toml (html)": [
            sys.executable, "-m", "geo", "render", "maps/atlas.toml", "--format", "html",
            "--out", out,
        ],
        "import geopandas, folium": [sys.executable, "-c", "import geopandas, folium"],
        "import geo": [sys.executable, "-c", "import geo"],
    }  # fmt: skip
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            times[label].append(cold(command))
    medians = {label: statistics.median(values) for label, values in times.items()}
    for label, median in medians.items():
        print(f"{label:<26} median {median:6.2f} s over {runs} cold processes")
    render, floor = medians["render atlas.toml (html)"], medians["import geopandas, folium"]
    print(
        f"render / bare import: {render / floor:.2f}x; render - 1.2 x import: "
        f"{render - 1.2 * floor:+.2f} s (issue 12's goal: at most +0.50 s)"
    )


if __name__ == "__main__":
    main()

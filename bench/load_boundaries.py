"""Cold-process time to load all boundaries: geo loaders vs plain geopandas.read_file.

    .venv/bin/python bench/load_boundaries.py [--runs 7]

Each measurement is a fresh Python process (imports included), so it is what a notebook
user or the command line pays once. Prints medians and the ratio of the two ways.
"""

import argparse
import statistics
import subprocess
import sys
import time

GEO = """
import geo
geo.load_us_states(); geo.load_mx_states(); geo.load_countries(); geo.load_border()
"""
PLAIN = """
import geopandas as gpd, geo.settings as s
for name in ("us_states", "mx_states", "countries", "border"):
    gpd.read_file(s.data_dir / "boundaries" / f"{name}.geojson")
"""
IMPORT_ONLY = "import geo"


def cold(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    times = {"import geo only": [], "geo loaders (validated)": [], "plain gpd.read_file": []}
    for _ in range(runs):  # interleaved, so machine noise hits all three alike
        times["import geo only"].append(cold(IMPORT_ONLY))
        times["geo loaders (validated)"].append(cold(GEO))
        times["plain gpd.read_file"].append(cold(PLAIN))
    medians = {k: statistics.median(v) for k, v in times.items()}
    for label, median in medians.items():
        print(f"{label:<26} median {median * 1000:7.0f} ms over {runs} cold processes")
    ratio = medians["geo loaders (validated)"] / medians["plain gpd.read_file"]
    print(f"geo loaders / plain read_file: {ratio:.2f}x")


if __name__ == "__main__":
    main()

"""Points per state from a large CSV: peak memory and time, chunked vs the plain way.

    .venv/bin/python bench/count_points_csv.py [--rows 3000000] [--chunksize 500000]

Writes a CSV of random points (fixed seed; an id, a label and the coordinates) and counts them
per state in a fresh process each way, reporting the peak resident memory (ru_maxrss):
geo.count_points(path, chunksize=...) against pandas.read_csv of the whole file followed by
geopandas.sjoin.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

RUN = """
import resource, sys, time
start = time.perf_counter()
{code}
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, total)
"""
OURS = """import geo
result = geo.count_points(sys.argv[1], chunksize=int(sys.argv[2]))
total = int(result["count"].sum())"""
PLAIN = """import geopandas as gpd, pandas as pd
from geo.joins import load_states
df = pd.read_csv(sys.argv[1])
points = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.longitude, df.latitude), crs=4326)
total = len(gpd.sjoin(points, load_states(), predicate="within"))"""


def run(code: str, path: Path, chunksize: int) -> tuple[float, float, int]:
    out = subprocess.run(
        [sys.executable, "-c", RUN.format(code=code), str(path), str(chunksize)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3_000_000)
    parser.add_argument("--chunksize", type=int, default=500_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "points.csv"
        rng = np.random.default_rng(11)
        pd.DataFrame(
            {
                "id": np.arange(args.rows),
                "label": rng.choice(["dealer", "seizure", "crossing"], args.rows),
                "latitude": rng.uniform(14.5, 49.5, args.rows).round(5),
                "longitude": rng.uniform(-125.0, -66.9, args.rows).round(5),
            }
        ).to_csv(path, index=False)
        print(f"{args.rows:,} points, CSV {path.stat().st_size / 1e6:,.0f} MB")
        ours = run(OURS, path, args.chunksize)
        plain = run(PLAIN, path, args.chunksize)
        assert ours[2] == plain[2], (ours, plain)
        print(
            f"geo.count_points, chunks of {args.chunksize:,}: {ours[0]:6.1f} s, "
            f"peak {ours[1]:,.0f} MB"
        )
        print(f"read_csv + sjoin, whole file:      {plain[0]:6.1f} s, peak {plain[1]:,.0f} MB")
        print(f"ratios geo/plain: time {ours[0] / plain[0]:.2f}x, memory {ours[1] / plain[1]:.2f}x")


if __name__ == "__main__":
    main()

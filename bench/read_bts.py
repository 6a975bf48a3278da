"""Read the whole BTS Border Crossing Entry Data file: rows per second and peak memory.

    .venv/bin/python bench/read_bts.py [--file PATH.csv.gz] [--runs 3]

Times geo.crossings.read_bts_annual (every port's annual sums, checked cell by cell, repeats
counted once, conflicts reported) against the plain way: pandas.read_csv of the same file plus a
groupby of the US-Mexico rows by port, year and measure (no checks, repeats summed twice). Each
run is a fresh process, so that its peak resident memory is its own; medians are printed.
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "reference" / "raw" / "Border_Crossing_Entry_Data.csv.gz"

OURS = """
from geo.crossings import read_bts_annual
table = read_bts_annual(PATH)
"""
PLAIN = """
import pandas as pd
raw = pd.read_csv(PATH)
mx = raw[raw["Border"] == "US-Mexico Border"].copy()
mx["year"] = mx["Date"].str[-4:]
table = mx.groupby(["Port Code", "year", "Measure"])["Value"].sum()
"""
CHILD = """
import json, resource, time
start = time.perf_counter()
PATH = {path!r}
{code}
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": seconds, "peak": peak, "out": len(table)}}))
"""


def run(code: str, path: Path) -> dict:
    script = CHILD.format(path=str(path), code=code)
    done = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import gzip

    opener = gzip.open if args.file.suffix == ".gz" else open
    with opener(args.file, "rb") as fh:
        rows = sum(1 for _ in fh) - 1
    results: dict[str, list[dict]] = {"geo.read_bts_annual": [], "pandas read_csv + groupby": []}
    for _ in range(args.runs):
        results["geo.read_bts_annual"].append(run(OURS, args.file))
        results["pandas read_csv + groupby"].append(run(PLAIN, args.file))
    print(f"{args.file.name}: {rows:,} rows, {args.file.stat().st_size / 1e6:.1f} MB on disk")
    medians = {}
    for label, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        peak = statistics.median(r["peak"] for r in runs)
        medians[label] = seconds
        print(
            f"{label:<27} median {seconds:6.2f} s  {rows / seconds:>10,.0f} rows/s  "
            f"peak {peak / 1e6:6.0f} MB  ({runs[0]['out']:,} sums, {args.runs} runs)"
        )
    ratio = medians["geo.read_bts_annual"] / medians["pandas read_csv + groupby"]
    print(f"geo / pandas time: {ratio:.2f}x (geo checks every cell and reports conflicts)")


if __name__ == "__main__":
    main()

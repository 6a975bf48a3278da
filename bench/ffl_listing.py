"""Read a national-size ATF FFL listing: rows per second, with progress.

    .venv/bin/python bench/ffl_listing.py [--rows 130000]

Writes a listing in ATF's exact 17-column, tab-delimited layout with placeholder names and real
ZIP codes drawn from the zipcodes package (fixed seed), then times geo.ffl.read_ffl_listing
against the plain way (pandas.read_csv of the same file plus a merge on ZIP code).
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import zipcodes

from geo.ffl import FFL_COLUMNS, read_ffl_listing


def write_listing(path: Path, rows: int) -> None:
    rng = np.random.default_rng(5)
    zips = [z for z in zipcodes.list_all() if z["lat"]]
    picks = rng.integers(0, len(zips), rows)
    types = rng.choice(["01", "02", "03", "07", "08"], rows, p=[0.38, 0.05, 0.38, 0.17, 0.02])
    with path.open("w", newline="") as fh:
        fh.write("\t".join(FFL_COLUMNS) + "\r\n")
        for i, (k, t) in enumerate(zip(picks, types, strict=True)):
            z = zips[k]
            fh.write(
                "\t".join(
                    [
                        "9",
                        "99",
                        "999",
                        t,
                        "1A",
                        f"{i:05d}",
                        f"LICENSEE {i}",
                        "",
                        "1 MAIN ST",
                        z["city"].upper(),
                        z["state"],
                        z["zip_code"] + "0000",
                        "",
                        "",
                        "",
                        "",
                        "5555550000",
                    ]
                )
                + "\r\n"
            )


def plain(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, sep="\t", dtype=str)
    df = df[df["LIC_TYPE"].isin(["01", "02"])]
    points = pd.DataFrame(zipcodes.list_all())[["zip_code", "lat", "long", "county"]]
    return df.assign(zip=df["PREMISE_ZIP_CODE"].str[:5]).merge(
        points, left_on="zip", right_on="zip_code", how="left"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=130_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ffl_listing.txt"
        write_listing(path, args.rows)
        print(f"listing: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")
        read_ffl_listing(path, progress=True)  # shows the progress lines once; warms the ZIP table
        ours, base = [], []
        for _ in range(args.repeats):
            start = time.perf_counter()
            kept = read_ffl_listing(path)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            plain(path)
            base.append(time.perf_counter() - start)
        a, b = statistics.median(ours), statistics.median(base)
        print(
            f"geo.ffl.read_ffl_listing  median {a:.2f} s ({args.rows / a:,.0f} rows/s), "
            f"{len(kept):,} dealers and pawnbrokers kept"
        )
        print(
            f"pandas.read_csv + merge   median {b:.2f} s (no validation, no malformed-row report)"
        )
        print(f"ratio geo/plain {a / b:.2f}x")


if __name__ == "__main__":
    main()

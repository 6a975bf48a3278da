"""Time the reading of the five large bundled indicator tables against a bare pandas read.

    .venv/bin/python bench/read_tables.py [--runs 7]

For each table: ``geo.indicators.load_indicator`` with the cache of ``geo.indicators._load``
cleared before every run (the file is read, cleaned, checked and typed again; the operating
system's file cache stays warm, so "cold-ish"), and ``pandas.read_csv(path, dtype=str)`` of the
same file (no checks at all). Runs of the two are interleaved so that machine noise hits both
alike; medians of the runs are printed, with their ratio.
"""

import argparse
import statistics
import time
from pathlib import Path

import pandas as pd

from geo import indicators, settings

TABLES = (
    "us_ffl_by_county",
    "mx_homicides_by_municipio",
    "us_county_population",
    "port_volumes_bts",
    "mx_municipio_population",
)


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def ours(name: str) -> None:
    indicators._load.cache_clear()
    indicators.load_indicator(name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = max(5, parser.parse_args().runs)
    folder = Path(settings.data_dir) / "indicators"
    ours(TABLES[0])  # import pandas' and the package's lazy parts once, outside the timings
    print(f"median of {runs} runs, seconds")
    print(f"{'table':<28}{'rows':>8}{'load_indicator':>16}{'read_csv':>10}{'ratio':>8}")
    for name in TABLES:
        path = folder / f"{name}.csv"
        geo_times, pandas_times = [], []
        for _ in range(runs):
            geo_times.append(timed(lambda name=name: ours(name)))
            pandas_times.append(timed(lambda path=path: pd.read_csv(path, dtype=str)))
        rows = len(indicators.load_indicator(name))
        ours_s, plain_s = statistics.median(geo_times), statistics.median(pandas_times)
        print(f"{name:<28}{rows:>8}{ours_s:>16.3f}{plain_s:>10.3f}{ours_s / plain_s:>8.1f}")


if __name__ == "__main__":
    main()

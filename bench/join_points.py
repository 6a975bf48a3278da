"""Points per state: geo.count_points vs a bare STRtree bulk query vs geopandas.sjoin.

    .venv/bin/python bench/join_points.py [--sizes 100000 1000000] [--repeats 3]

Random points (fixed seed) in the bounding box of both countries are joined to the 83 states.
All three ways run in the same process on the same points; medians and ratios are printed.
The STRtree and sjoin timings include building the point geometries from coordinates, as a
user starting from a CSV would have to.
"""

import argparse
import statistics
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

import geo
from geo.joins import load_states


def bare_strtree(states, x, y):
    tree = shapely.STRtree(states.geometry.values)
    _, state_idx = tree.query(shapely.points(x, y), predicate="within")
    return np.bincount(state_idx, minlength=len(states))


def bare_sjoin(states, x, y):
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs="EPSG:4326")
    joined = gpd.sjoin(points, states, predicate="within")
    return joined.groupby("index_right").size().reindex(range(len(states)), fill_value=0).to_numpy()


def ours(states, x, y):
    return geo.count_points(pd.DataFrame({"latitude": y, "longitude": x}))["count"].to_numpy()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    states = load_states()
    # The box of the lower 48 and Mexico (Alaska's Aleutians cross the antimeridian, and
    # with Hawaii would make the box mostly ocean).
    west, south, east, north = -125.0, 14.5, -66.9, 49.5
    ours(states, np.array([-100.0]), np.array([30.0]))  # warm caches (boundaries, tables)
    for n in args.sizes:
        rng = np.random.default_rng(42)
        x, y = rng.uniform(west, east, n), rng.uniform(south, north, n)
        times = {"geo.count_points": [], "bare STRtree query": [], "geopandas.sjoin": []}
        results = {}
        for _ in range(args.repeats):
            for label, fn in (
                ("geo.count_points", ours),
                ("bare STRtree query", bare_strtree),
                ("geopandas.sjoin", bare_sjoin),
            ):
                start = time.perf_counter()
                results[label] = fn(states, x, y)
                times[label].append(time.perf_counter() - start)
        assert (results["geo.count_points"] == results["bare STRtree query"]).all()
        assert (results["geo.count_points"] == results["geopandas.sjoin"]).all()
        med = {k: statistics.median(v) for k, v in times.items()}
        print(
            f"{n:>9,} points, {results['geo.count_points'].sum():,} in a state, "
            f"median of {args.repeats}:"
        )
        for label, t in med.items():
            print(f"  {label:<20} {t:7.3f} s  {n / t / 1e6:5.2f} M points/s")
        base = med["bare STRtree query"]
        print(
            f"  ratio geo/STRtree {med['geo.count_points'] / base:.2f}x, "
            f"sjoin/STRtree {med['geopandas.sjoin'] / base:.2f}x"
        )


if __name__ == "__main__":
    main()

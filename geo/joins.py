"""Bring your own data: tables keyed by state, and points counted per state.

Tables join through the one name matcher (:func:`geo.names.match_states`). Points, as a
GeoDataFrame in any CRS, a DataFrame or a CSV file with latitude and longitude, are placed in
the states of either or both countries by vectorised point-in-polygon tests; a CSV
is read in chunks so that its size does not matter. Points outside the states and points
without coordinates are counted and reported, never dropped silently.
"""

from __future__ import annotations

import contextlib
import math
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo._read import is_blank, iter_table, read_table, row_name, to_numbers
from geo._validate import check_choice, check_whole
from geo.boundaries import load_mx_states, load_us_states
from geo.errors import DataError, OptionError
from geo.indicators import load_indicator
from geo.names import Country, match_states

__all__ = ["count_points", "join_table", "load_states"]

_LAT = ("latitude", "lat", "y")
_LON = ("longitude", "lon", "lng", "long", "x")
_STATE = "\x00state"  # the state column while joining: no user column has this name
_REPORTED = 100  # outside or unplaced rows listed by number; all are counted


def load_states(country: Country | None = None) -> gpd.GeoDataFrame:
    """Load the states of one or both countries as one GeoDataFrame.

    Parameters
    ----------
    country : {"us", "mx"}, optional
        One country; both (51 + 32 states) by default.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``country``, ``key`` (USPS or ``cve_ent``), ``name`` and the geometry.
    """
    if country not in (None, "us", "mx"):
        raise DataError(f"country must be 'us', 'mx' or None, not {country!r}")
    parts = []
    for code, states, key in (("us", load_us_states, "usps"), ("mx", load_mx_states, "cve_ent")):
        if country in (None, code):
            gdf = states()
            parts.append(
                gpd.GeoDataFrame(
                    {"country": code, "key": gdf[key], "name": gdf["name"]},
                    geometry=gdf.geometry.values,
                    crs=gdf.crs,
                )
            )
    return pd.concat(parts, ignore_index=True)


def join_table(
    table: pd.DataFrame | str | os.PathLike,
    *,
    country: Country | None = None,
    state_column: str | None = None,
) -> gpd.GeoDataFrame:
    """Join any table keyed by state name or code to the state polygons.

    Parameters
    ----------
    table : DataFrame or path
        One row per state; a DataFrame's other columns are carried as they are, a file's
        become numbers where every cell is one and stay text otherwise.
    country : {"us", "mx"}, optional
        Match names of one country only (needed for numeric codes, which both countries use).
    state_column : str, optional
        The column holding names or codes; found by name when omitted.

    Returns
    -------
    geopandas.GeoDataFrame
        Every state of the country (or both) once, with the table's columns; NA where the
        table has no row for a state.
    """
    from geo.layers import _STATE_COLUMNS

    if isinstance(table, pd.DataFrame):  # positions, not labels: an index may repeat
        table = table.reset_index(drop=True)
    df = read_table(table)
    label = df.attrs["label"]
    column = state_column or next((c for c in df.columns if c.casefold() in _STATE_COLUMNS), None)
    if column is None or column not in df.columns:
        raise DataError(
            f"{label}: no state column; name it with state_column=, columns are {list(df.columns)}"
        )
    if isinstance(table, pd.DataFrame):  # keep the caller's values and dtypes
        df = table.loc[df.index].set_axis(df.columns, axis=1).copy()
        df.attrs["label"] = label
    else:  # a file: a column of numbers (and no-data markers) becomes numbers
        for name in df.columns.drop(column):
            with contextlib.suppress(DataError):
                numbers = to_numbers(df, name, minimum=None)
                if numbers.notna().any():  # "ND" alone is North Dakota, not a missing number
                    df[name] = numbers
    df = df.rename(columns={column: _STATE})  # the user's name for it may be "key" or "name"
    column = _STATE
    clash = [c for c in df.columns if c in ("country", "key", "name", "geometry")]
    if clash:
        raise DataError(
            f"{label}: column(s) {clash} would clash with the joined states' country, key, name "
            "and geometry; rename them (a GeoDataFrame: pass a DataFrame without its geometry)"
        )
    matched = match_states(df[column], country=country, where=f" in column {column!r} of {label}")
    df["country"], df["key"] = matched["country"], matched["key"]
    dupes = df[df.duplicated(["country", "key"], keep=False)]
    if len(dupes):
        where = ", ".join(f"{row_name(df, i)} {df.at[i, column]!r}" for i in dupes.index)
        raise DataError(f"{label}: a state appears more than once: {where}")
    states = load_states(country)
    outside = ~pd.MultiIndex.from_frame(df[["country", "key"]]).isin(
        pd.MultiIndex.from_frame(states[["country", "key"]])
    )
    if outside.any():
        where = ", ".join(f"{row_name(df, i)} {df.at[i, column]!r}" for i in df.index[outside])
        raise DataError(f"{label}: rows for places outside the 50 states, DC and Mexico: {where}")
    out = states.merge(df.drop(columns=[column]), how="left", on=["country", "key"], validate="1:1")
    return out[[c for c in out.columns if c != "geometry"] + ["geometry"]]


def _coordinates(points: gpd.GeoDataFrame | pd.DataFrame, lat: str | None, lon: str | None):
    if isinstance(points, gpd.GeoDataFrame):
        if points.crs is None:
            raise DataError(
                "the points have no CRS; set it first, e.g. points.set_crs('EPSG:4326')"
            )
        geoms = points.geometry
        bad = ~(geoms.isna() | (geoms.geom_type == "Point"))
        if bad.any():
            raise DataError(
                f"only points can be counted; found {sorted(set(geoms[bad].geom_type))}"
            )
        xy = points.to_crs("EPSG:4326").geometry
        empty = xy.isna() | xy.is_empty
        x = np.where(empty, np.nan, xy.x.where(~empty))
        y = np.where(empty, np.nan, xy.y.where(~empty))
        return x.astype(float), y.astype(float), points.index
    lat = lat or _find(points.columns, _LAT, "latitude")
    lon = lon or _find(points.columns, _LON, "longitude")
    for name in {lat, lon}:
        if name not in points.columns or list(points.columns).count(name) > 1:
            raise DataError(
                f"column {name!r} must be in the points once; found {list(points.columns)}"
            )
    if lat == lon:
        raise OptionError(f"lat and lon are both {lat!r}: name two columns")
    x = pd.to_numeric(points[lon], errors="coerce").to_numpy(dtype=float)
    y = pd.to_numeric(points[lat], errors="coerce").to_numpy(dtype=float)
    return x, y, points.index


def _find(columns: pd.Index, names: tuple[str, ...], what: str) -> str:
    lower = {str(c).casefold(): c for c in columns}
    for name in names:
        if name in lower:
            return lower[name]
    raise DataError(f"no {what} column; expected one of {list(names)}, found {list(columns)}")


class _Counter:
    """Accumulate point counts per state over chunks.

    Each state tests only the points inside its bounding box, with ``shapely.intersects_xy``
    on the prepared polygon: no point geometries are built, and a point on an edge shared by
    two states counts once, for the first.
    """

    def __init__(self, states: gpd.GeoDataFrame) -> None:
        self.geoms = states.geometry.values
        self.bounds = shapely.bounds(self.geoms)
        shapely.prepare(self.geoms)
        self.counts = np.zeros(len(states), dtype=np.int64)
        self.total = self.outside = self.unplaced = 0
        self.outside_rows: list = []
        self.unplaced_rows: list = []

    def add(self, x: np.ndarray, y: np.ndarray, labels) -> None:
        labels = np.asarray(labels)
        valid = np.isfinite(x) & np.isfinite(y) & (np.abs(y) <= 90) & (np.abs(x) <= 180)
        self.total += len(x)
        self.unplaced += int((~valid).sum())
        self.unplaced_rows += list(labels[~valid][: _REPORTED - len(self.unplaced_rows)])
        state_of = np.full(len(x), -1)
        for i, (west, south, east, north) in enumerate(self.bounds):
            candidate = np.flatnonzero(
                valid & (state_of < 0) & (x >= west) & (x <= east) & (y >= south) & (y <= north)
            )
            if len(candidate):
                hit = shapely.intersects_xy(self.geoms[i], x[candidate], y[candidate])
                state_of[candidate[hit]] = i
        self.counts += np.bincount(state_of[state_of >= 0], minlength=len(self.counts))
        out = valid & (state_of < 0)
        self.outside += int(out.sum())
        self.outside_rows += list(labels[out][: _REPORTED - len(self.outside_rows)])


def _population(states: gpd.GeoDataFrame, year: int) -> pd.Series:
    tables = {
        "us": load_indicator("us_population").rename(columns={"usps": "key"}),
        "mx": load_indicator("mx_homicides").rename(columns={"cve_ent": "key"}),
    }
    tables = {c: t[t["key"] != "00"] for c, t in tables.items() if c in set(states["country"])}
    years = sorted(set.intersection(*(set(t["year"].dropna()) for t in tables.values())))
    check_choice(year, [int(y) for y in years], what="population_year")
    pop = pd.concat([t[t["year"] == year].assign(country=c) for c, t in tables.items()]).set_index(
        ["country", "key"]
    )["population"]
    index = pd.MultiIndex.from_frame(states[["country", "key"]])
    return pop.reindex(index).astype("Int64").set_axis(states.index)


def count_points(
    points: gpd.GeoDataFrame | pd.DataFrame | str | os.PathLike,
    *,
    country: Country | None = None,
    lat: str | None = None,
    lon: str | None = None,
    population_year: int = 2024,
    chunksize: int = 1_000_000,
) -> gpd.GeoDataFrame:
    """Count points per state, and per 100,000 residents.

    Parameters
    ----------
    points : GeoDataFrame, DataFrame or path
        A GeoDataFrame of points in any CRS, or a DataFrame or delimited file with latitude
        and longitude columns (WGS84 degrees). A file is read ``chunksize`` rows at a time.
    country : {"us", "mx"}, optional
        Count in the states of one country only; both by default.
    lat, lon : str, optional
        Coordinate column names; found by name ("latitude", "lat", ...) when omitted.
    population_year : int, default 2024
        Year of the bundled population (Census for US states: 2016, 2020, 2023, 2024;
        CONAPO for Mexican ones: 2015-2024); another year is an :class:`OptionError`.
    chunksize : int, default 1000000
        Rows read at a time from a file.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per state with ``count``, ``population`` and ``per_100k``. ``attrs`` holds
        ``points`` (rows read), ``outside`` (placed in no state) and ``unplaced`` (no valid
        coordinates) with the first 100 row labels of each (file lines for a file).
    """
    check_whole(chunksize, what="chunksize", low=1, high=100_000_000)
    states = load_states(country)
    population = _population(states, population_year)
    counter = _Counter(states)
    if isinstance(points, str | os.PathLike):
        _count_file(Path(points), counter, lat, lon, chunksize)
    elif isinstance(points, pd.DataFrame):
        counter.add(*_coordinates(points, lat, lon))
    else:
        raise DataError(
            f"points must be a (Geo)DataFrame or a file path, not {type(points).__name__}"
        )
    out = states.copy()
    out.insert(3, "count", counter.counts)
    out.insert(4, "population", population)
    out.insert(5, "per_100k", out["count"] / out["population"].astype("Float64") * 100_000)
    out.attrs = {
        "layer": "points per state",
        "points": counter.total,
        "outside": counter.outside,
        "outside_rows": counter.outside_rows,
        "unplaced": counter.unplaced,
        "unplaced_rows": counter.unplaced_rows,
        "population_year": population_year,
    }
    return out


def _count_file(path: Path, counter: _Counter, lat, lon, chunksize: int) -> None:
    header, records = iter_table(path)
    names = [
        lat or _find(pd.Index(header), _LAT, "latitude"),
        lon or _find(pd.Index(header), _LON, "longitude"),
    ]
    missing = [n for n in names if header.count(n) != 1]
    if missing:
        raise DataError(f"{path}: column(s) {missing} must be in the header once; found {header}")
    if names[0] == names[1]:
        raise OptionError(f"lat and lon are both {names[0]!r}: name two columns")
    i, j = header.index(names[0]), header.index(names[1])
    # Only the two cells and the line number are kept: strings and ints, which the garbage
    # collector does not track, so a chunk of a million rows costs no collection passes.
    lines: list[int] = []
    ys: list[str] = []
    xs: list[str] = []
    for number, row in records:
        y, x = row[i], row[j]
        if y or x or not is_blank(row):  # a row of delimiters is no point
            lines.append(number)
            ys.append(y)
            xs.append(x)
        if len(lines) == chunksize:
            counter.add(_floats(xs), _floats(ys), np.array(lines))
            lines, ys, xs = [], [], []
    if lines:
        counter.add(_floats(xs), _floats(ys), np.array(lines))


def _floats(cells: list[str]) -> np.ndarray:
    """Read coordinate cells as Python's ``float`` does; a cell it refuses is NaN (unplaced).

    Underscores are refused too: ``float`` would read "3_1.5" as 31.5.
    """
    if "_" not in "".join(cells):
        try:  # the common case, all numbers: in bulk
            return np.fromiter(map(float, cells), dtype=float, count=len(cells))
        except ValueError:
            pass
    return np.array([_float(c) for c in cells], dtype=float)


def _float(cell: str) -> float:
    if "_" in cell:
        return math.nan
    try:
        return float(cell)
    except ValueError:
        return math.nan

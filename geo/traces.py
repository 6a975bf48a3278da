"""Where traced guns were bought: the US cities and the county that sold the most of them.

:func:`trace_source_cities` places the places with a published count of firearms recovered in
Mexico and Central America (Guatemala, El Salvador, Honduras) in 2015-2022 and traced by ATF to
a retail sale there (Stop US Arms to Mexico's *Iron River* report of ATF data released under
FOIA; ``data/indicators/SOURCES.md``). Cities are placed offline with the ZIP code gazetteer of
:mod:`geo.consulates` (GeoNames, CC BY 4.0); the county at a point inside its polygon. The
places overlap (Tucson is in Pima County), so their figures are never summed.
"""

from __future__ import annotations

import functools

import geopandas as gpd
import pandas as pd

from geo.boundaries import load_us_counties
from geo.consulates import GAZETTEER_CREDIT, _city_points
from geo.errors import DataError
from geo.indicators import PROVENANCE, load_indicator

__all__ = ["CITY_PLACEMENT", "COUNTY_PLACEMENT", "trace_source_cities"]

CITY_PLACEMENT = "at the median of the city's ZIP code points. {credit}"
COUNTY_PLACEMENT = (
    "at a point inside the county's polygon (Census 2016 county {fips}, representative point), "
    "not a city: the county's gun stores are not all there"
)


def trace_source_cities() -> gpd.GeoDataFrame:
    """Return the US cities and county where traced guns recovered in Mexico were bought.

    Returns
    -------
    geopandas.GeoDataFrame
        One point per place (EPSG:4326) with ``place`` ("Houston", "Pima County"), ``kind``
        ("city" or "county"), ``usps``, ``traced_firearms`` (firearms recovered in Mexico,
        Guatemala, El Salvador and Honduras, 2015-2022, traced to a retail sale in the place),
        ``period``, ``recovered_in``, ``source_key``, ``placement`` (how the point was placed)
        and ``overlaps`` (the other places of the table it lies in or holds; "" if none).
        ``attrs["caveat"]`` gives ATF's caveats: where guns were bought, not their route;
        traces are not a random sample of crime guns; the places overlap, so the figures must
        not be added up.

    Raises
    ------
    DataError
        If a place cannot be placed (a city not in the gazetteer, a county not in the
        boundaries), naming it.
    """
    gdf = _bundled()
    copy = gdf.copy()
    copy.attrs = dict(gdf.attrs)
    return copy


@functools.cache
def _bundled() -> gpd.GeoDataFrame:
    return place_traces(load_indicator("trace_source_cities"))


def place_traces(table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Place the rows of a trace-source table (the bundled table's columns) as points.

    Raises
    ------
    DataError
        Naming every place that cannot be placed.
    """
    points = _city_points()
    counties = load_us_counties()
    xy, placement, missing = [], [], []
    polygons = {}
    for place, kind, usps in zip(table["place"], table["kind"], table["usps"], strict=True):
        if kind == "county":
            name = str(place).removesuffix(" County").casefold()
            hit = counties[(counties["usps"] == usps) & (counties["name"].str.casefold() == name)]
            if len(hit) != 1:
                missing.append(f"{place}, {usps} (no such county in the boundaries)")
                continue
            polygon = hit.geometry.iloc[0]
            polygons[place] = polygon
            point = polygon.representative_point()
            xy.append((point.x, point.y))
            placement.append(COUNTY_PLACEMENT.format(fips=hit["fips"].iloc[0]))
        elif (key := (str(place).casefold(), usps)) in points:
            xy.append(points[key])
            placement.append(CITY_PLACEMENT.format(credit=GAZETTEER_CREDIT))
        else:
            missing.append(f"{place}, {usps} ({kind} not in the gazetteer)")
    if missing:
        raise DataError(f"trace-source places that cannot be placed: {missing}")
    columns = ["place", "kind", "usps", "traced_firearms", "period", "recovered_in", "source_key"]
    gdf = gpd.GeoDataFrame(
        table[columns].reset_index(drop=True),
        geometry=gpd.points_from_xy(*zip(*xy, strict=True)),
        crs="EPSG:4326",
    )
    gdf.insert(len(columns), "placement", placement)
    gdf.insert(len(columns) + 1, "overlaps", _overlaps(gdf, polygons))
    periods = sorted(set(gdf["period"]))
    gdf.attrs = {
        "layer": "trace_source_cities",
        **PROVENANCE["trace_source_cities"],
        "year": ", ".join(periods),
        "credit": GAZETTEER_CREDIT,
    }
    gdf.attrs["caveat"] += f" {GAZETTEER_CREDIT}; counties: a point inside the county."
    return gdf


def _overlaps(gdf: gpd.GeoDataFrame, polygons: dict) -> list[str]:
    """For each place, the other places it lies in (a city in a county) or holds."""
    found: list[list[str]] = [[] for _ in range(len(gdf))]
    for county, polygon in polygons.items():
        inside = gdf.within(polygon) & (gdf["place"] != county)
        held = gdf.index[inside].tolist()
        for i in held:
            found[i].append(county)
        where = gdf.index[gdf["place"] == county]
        for i in where:
            found[i] += [str(gdf.at[j, "place"]) for j in held]
    return [", ".join(names) for names in found]

"""The consular view: Mexico's consular offices in the US, and where traced guns came from.

:func:`consulate_layer` places the 53 offices at their cities with the offline ``zipcodes``
gazetteer and adds, for each office's state, the figures a consul briefs from. :func:`trace_flows`
draws the US source states of guns recovered in Mexico (2022-2023) as arrows to the border.
"""

from __future__ import annotations

import functools

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo.analysis import geodesic_distance, us_border_relations
from geo.boundaries import load_us_states
from geo.errors import DataError
from geo.indicators import load_indicator
from geo.layers import dealer_layer, gun_law_layer, port_layer

__all__ = ["TRACE_CAVEAT", "consulate_layer", "find_office", "trace_flows"]

_GEOD = pyproj.Geod(ellps="WGS84")
GAZETTEER_CREDIT = "City points: GeoNames (CC BY 4.0) via the zipcodes package"
TRACE_CAVEAT = (
    "Arrows join the US state where traced guns were bought to the nearest ports of entry: they "
    "show origin and destination, not routes. Traces are not a random sample of crime guns "
    "(ATF). Only Texas, Arizona and California have published counts."
)


@functools.cache
def _city_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(city, state) -> median (longitude, latitude) of the city's ZIP code points."""
    import zipcodes

    table = pd.DataFrame(zipcodes.list_all(), columns=["city", "state", "lat", "long"])
    table = table[(table["lat"] != "") & (table["long"] != "")]
    table = table.assign(
        city=table["city"].str.casefold(),
        long=table["long"].astype(float),
        lat=table["lat"].astype(float),
    )
    medians = table.groupby(["city", "state"], sort=False)[["long", "lat"]].median()
    return {key: (float(x), float(y)) for key, x, y in medians.itertuples(name=None)}


def consulate_layer(*, nearest: int = 3) -> gpd.GeoDataFrame:
    """Mexico's 53 consular offices in the US as points, with their state's figures.

    Parameters
    ----------
    nearest : int, default 3
        How many of the nearest ports of entry to list.

    Returns
    -------
    geopandas.GeoDataFrame
        One point per office (EPSG:4326) with ``office``, ``type``, ``city``, ``usps``,
        ``jurisdiction``, the state's ``grade``, ``law_strength_rank`` and
        ``licensees_per_100k``, ``nearest_ports`` ("El Paso (12 km); ..."),
        ``nearest_port_km`` and the state's ``border_distance_km``.

    Raises
    ------
    DataError
        If an office's city cannot be placed.
    """
    gdf = _consulates(nearest)
    copy = gdf.copy()
    copy.attrs = dict(gdf.attrs)
    return copy


@functools.lru_cache(maxsize=4)
def _consulates(nearest: int) -> gpd.GeoDataFrame:
    offices = load_indicator("mx_consulates")
    points = _city_points()
    missing = [
        f"{o} ({c}, {s})"
        for o, c, s in zip(offices["office"], offices["city"], offices["usps"], strict=True)
        if (str(c).casefold(), s) not in points
    ]
    if missing:
        raise DataError(f"consular offices whose city is not in the gazetteer: {missing}")
    xy = [
        points[str(c).casefold(), s] for c, s in zip(offices["city"], offices["usps"], strict=True)
    ]
    gdf = gpd.GeoDataFrame(
        offices, geometry=gpd.points_from_xy(*zip(*xy, strict=True)), crs="EPSG:4326"
    )
    laws = gun_law_layer().set_index("usps")
    dealers = dealer_layer().set_index("usps")
    border = us_border_relations().set_index("usps")["border_distance_km"]
    gdf["grade"] = gdf["usps"].map(laws["grade"].astype(object))
    gdf["law_strength_rank"] = gdf["usps"].map(laws["law_strength_rank"]).astype("Int64")
    gdf["licensees_per_100k"] = gdf["usps"].map(dealers["licensees_per_100k"]).astype("Float64")
    gdf["border_distance_km"] = gdf["usps"].map(border).astype("Float64")  # PR: none
    ports = port_layer()
    # Point to point: one geodesic per office and port, all at once.
    office_xy = np.repeat(gdf.get_coordinates().to_numpy(), len(ports), axis=0)
    port_xy = np.tile(ports.get_coordinates().to_numpy(), (len(gdf), 1))
    metres = _GEOD.inv(office_xy[:, 0], office_xy[:, 1], port_xy[:, 0], port_xy[:, 1])[2]
    names, first = [], []
    for km in metres.reshape(len(gdf), len(ports)) / 1000:
        order = np.argsort(km, kind="stable")[:nearest]
        names.append("; ".join(f"{ports['port_name'].iloc[i]} ({km[i]:,.0f} km)" for i in order))
        first.append(round(float(km[order[0]]), 1))
    gdf["nearest_ports"] = names
    gdf["nearest_port_km"] = first
    gdf.attrs = {
        "layer": "consulates",
        "measure": "Mexican consular offices in the United States",
        "publisher": "Secretaría de Relaciones Exteriores (SRE)",
        "title": "Directorio de Embajadas y Consulados",
        "url": "https://portales.sre.gob.mx/directorio/",
        "year": "2023-2026",
        "caveat": GAZETTEER_CREDIT,
        "short": "SRE",
    }
    return gdf


def find_office(name: str, *, offices: pd.DataFrame | None = None) -> pd.Series:
    """Find one office by its SRE name or city, accents and case folded ("Phoenix", "Filadelfia").

    ``offices`` is the table to search (the bundled one by default).

    Raises
    ------
    DataError
        Listing the offices when the name matches none.
    """
    from geo.names import fold_name

    if offices is None:
        offices = load_indicator("mx_consulates")
    wanted = fold_name(name)
    hit = offices[
        (offices["office"].map(fold_name) == wanted) | (offices["city"].map(fold_name) == wanted)
    ]
    if hit.empty:
        raise DataError(f"no consular office {name!r}; offices: {', '.join(offices['office'])}")
    return hit.iloc[0]


def trace_flows() -> gpd.GeoDataFrame:
    """US source states of guns recovered in Mexico, 2022-2023, as lines to the border.

    Returns
    -------
    geopandas.GeoDataFrame
        One line per state with a published count (Texas, Arizona, California): from a point
        inside the state to the nearest port of entry, with ``traced_firearms`` and
        ``share_pct``. States without a figure are not drawn (never as zero).
        ``attrs["caveat"]`` says what the arrows do and do not show.
    """
    table = load_indicator("atf_trace_sources")
    counts = table.dropna(subset=["traced_firearms"]).set_index("usps")["traced_firearms"]
    shares = table.dropna(subset=["share_pct"]).set_index("usps")["share_pct"]
    states = load_us_states().set_index("usps").loc[counts.index]
    ports = port_layer()
    rows = []
    for usps, geom in states.geometry.items():
        start = geom.representative_point()
        km = geodesic_distance(ports.geometry[ports["usps"] == usps], start)
        port = ports[ports["usps"] == usps].iloc[int(np.argmin(km))]
        rows.append(
            {
                "usps": usps,
                "state": states.at[usps, "name"],
                "traced_firearms": int(counts[usps]),
                "share_pct": float(shares.get(usps, np.nan)),
                "to_port": port["port_name"],
                "geometry": shapely.LineString([start, port.geometry]),
            }
        )
    gdf = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    gdf.attrs = {
        "layer": "trace-flows",
        "measure": "Guns recovered in Mexico traced to a US purchaser, by state of purchase",
        "publisher": "ATF, as reported by El Economista (2025-10-01)",
        "title": "Firearms trace data, Mexico, 2022-2023",
        "url": "https://www.eleconomista.com.mx/politica/"
        "armas-ilegales-mexico-parte-estados-unidos-vienen-20251001-779539.html",
        "year": "2022-2023",
        "caveat": TRACE_CAVEAT,
        "short": "ATF traces (El Economista)",
    }
    return gdf

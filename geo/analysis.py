"""The layers related across the border: port links, border relations, bands, corridors.

Distances are geodesic (WGS84) between nearest points found in a projected CRS; areas are
computed in the equal-area :data:`geo.settings.area_crs`; buffers are drawn in the conformal
:data:`geo.settings.distance_crs`. Nothing is measured in degrees.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import settings
from geo._read import read_table, to_numbers
from geo._validate import check_number
from geo.boundaries import load_border, load_countries, load_mx_states, load_us_states
from geo.errors import DataError, OptionError
from geo.joins import load_states
from geo.layers import MEASURES, dealer_layer, gun_law_layer, homicide_layer, port_layer
from geo.proximity import geodesic_distance
from geo.spillover import spillover

__all__ = [
    "border_bands",
    "border_pairs",
    "corridors",
    "geodesic_distance",
    "link_ports",
    "mx_border_relations",
    "spillover",
    "us_border_relations",
]


def link_ports(
    *, period: int | str = 2024, source: str = "bts", tolerance_m: float = 10_000
) -> gpd.GeoDataFrame:
    """Link every port of entry to the nearest US state and the nearest Mexican state.

    A port sits on the international line, so point-in-polygon is ambiguous; each port is
    linked to the nearest polygon on each side instead, within ``tolerance_m``.

    Parameters
    ----------
    period : int or str, default 2024
        Passed to :func:`geo.layers.port_layer` for the volumes carried along.
    source : {"bts", "cbp"}, default "bts"
        The crossings series (see :func:`geo.layers.port_layer`).
    tolerance_m : float, default 10000
        Largest distance in metres from a port to the state it is linked to.

    Returns
    -------
    geopandas.GeoDataFrame
        The port layer with ``usps``, ``us_distance_m``, ``cve_ent`` and ``mx_distance_m``.

    Raises
    ------
    DataError
        If a port has no state of one country within ``tolerance_m``, or if the spatial link
        disagrees with the ports table's recorded US or Mexican state.
    """
    ports = port_layer(period=period, source=source)
    recorded = ports[["port_code", "usps", "mx_cve_ent"]].copy()
    ports = ports.drop(columns=["usps", "mx_cve_ent"])
    for side, states, key in (
        ("us", load_us_states(), "usps"),
        ("mx", load_mx_states(), "cve_ent"),
    ):
        distance = np.full(len(ports), np.inf)
        nearest = np.empty(len(ports), dtype=object)
        for i, geom in enumerate(states.geometry):
            d = geodesic_distance(ports.geometry, geom)
            closer = d < distance
            distance[closer], nearest[closer] = d[closer], states[key].iloc[i]
        far = distance > tolerance_m
        if far.any():
            raise DataError(
                f"ports {list(ports.loc[far, 'port_code'])} have no "
                f"{'US' if side == 'us' else 'Mexican'} state within {tolerance_m:g} m"
            )
        ports[key] = nearest.astype(str)
        ports[f"{side}_distance_m"] = distance.round(1)
    disagree = (ports["usps"] != recorded["usps"]) | (ports["cve_ent"] != recorded["mx_cve_ent"])
    if disagree.any():
        raise DataError(
            "spatial port links disagree with the ports table: "
            f"{ports.loc[disagree, ['port_code', 'usps', 'cve_ent']].to_dict('records')}"
        )
    columns = ["port_code", "port_name", "usps", "us_distance_m", "cve_ent", "mx_distance_m"]
    ordered = columns + [c for c in ports.columns if c not in columns]
    return ports[ordered]


@functools.cache
def _pairs() -> pd.DataFrame:
    path = Path(settings.data_dir) / "boundaries" / "border_pairs.csv"
    df = read_table(path)
    df["length_km_source"] = to_numbers(df, "length_km_source")
    df["length_km_simplified"] = to_numbers(df, "length_km_simplified")
    return df.astype({"usps": str, "cve_ent": str}).reset_index(drop=True)


def border_pairs() -> pd.DataFrame:
    """US-Mexican pairs of neighbouring states and the length of the border they share.

    Returns
    -------
    pandas.DataFrame
        Columns ``usps``, ``cve_ent``, ``shared_border_km`` (geodesic, on the cleaned source
        polygons before simplification) and ``drawn_border_km`` (on the simplified polygons
        the maps draw, shorter where the Rio Grande meanders).
    """
    return _pairs().rename(
        columns={"length_km_source": "shared_border_km", "length_km_simplified": "drawn_border_km"}
    )


def _joined(values: pd.Series) -> str:
    return "; ".join(sorted(set(values)))


def _neighbours(
    states: gpd.GeoDataFrame, key: str, other: str, column: str, ports: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Add the neighbours across the border, the shared length and the linked ports."""
    pairs = border_pairs().groupby(key)
    states[column] = states[key].map(pairs[other].agg(_joined))
    states["shared_border_km"] = states[key].map(pairs["shared_border_km"].sum()).fillna(0.0)
    states["ports"] = states[key].map(ports.groupby(key)["port_code"].agg(_joined))
    return states


def mx_border_relations(*, period: int | str = 2024) -> gpd.GeoDataFrame:
    """For each Mexican state: US neighbours, shared border, nearest port and its distance.

    Parameters
    ----------
    period : int or str, default 2024
        Period of the port volumes (see :func:`link_ports`).

    Returns
    -------
    geopandas.GeoDataFrame
        32 rows: ``cve_ent``, ``name``, ``us_states`` ("AZ; CA"), ``shared_border_km``,
        ``ports`` (codes of the ports linked to the state), ``nearest_port_code``,
        ``nearest_port_km`` (0 for a port on the state's edge) and the geometry.
    """
    ports = link_ports(period=period)
    states = _neighbours(load_mx_states(), "cve_ent", "usps", "us_states", ports)
    nearest_code, nearest_km = [], []
    for geom in states.geometry:
        d = geodesic_distance(ports.geometry, geom)
        nearest_code.append(ports["port_code"].iloc[int(np.argmin(d))])
        nearest_km.append(round(float(d.min()) / 1000, 2))
    states["nearest_port_code"] = nearest_code
    states["nearest_port_km"] = nearest_km
    return states[[c for c in states.columns if c != "geometry"] + ["geometry"]]


def us_border_relations(*, period: int | str = 2024) -> gpd.GeoDataFrame:
    """For each US state: Mexican neighbours, shared border, ports and distance to the border.

    Parameters
    ----------
    period : int or str, default 2024
        Period of the port volumes (see :func:`link_ports`).

    Returns
    -------
    geopandas.GeoDataFrame
        51 rows: ``usps``, ``name``, ``mx_states`` ("02; 26"), ``shared_border_km``,
        ``ports``, ``border_distance_km`` (0 for the four border states) and the geometry.
    """
    ports = link_ports(period=period)
    states = _neighbours(
        load_us_states().drop(columns="territory"), "usps", "cve_ent", "mx_states", ports
    )
    border = load_border().geometry.iloc[0]
    states["border_distance_km"] = (geodesic_distance(states.geometry, border) / 1000).round(1)
    return states[[c for c in states.columns if c != "geometry"] + ["geometry"]]


def border_bands(distances_km: Iterable[float] = (50, 100, 250)) -> gpd.GeoDataFrame:
    """Draw the bands along the border on each side, one polygon per distance and country.

    Parameters
    ----------
    distances_km : iterable of float, default (50, 100, 250)
        Band widths from the border line, in km.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per distance and country (``iso_a3``), with ``distance_km``, ``area_km2``
        and the band polygon (EPSG:4326), clipped to the country's outline.
    """
    if isinstance(distances_km, str) or not isinstance(distances_km, Iterable):
        raise OptionError(f"distances_km: {distances_km!r} must be a list of km, 0.1 to 5000")
    distances = sorted(
        {check_number(d, what="distances_km", low=0.1, high=5000) for d in distances_km}
    )
    if not distances:
        raise OptionError("distances_km: the list is empty; give km from 0.1 to 5000")
    countries = load_countries().to_crs(settings.distance_crs)
    line = load_border().to_crs(settings.distance_crs).geometry.iloc[0]
    rows = []
    for km in distances:
        zone = shapely.buffer(line, km * 1000, quad_segs=16)
        for iso, outline in zip(countries["iso_a3"], countries.geometry, strict=True):
            rows.append({"iso_a3": iso, "distance_km": km, "geometry": zone.intersection(outline)})
    bands = gpd.GeoDataFrame(rows, crs=settings.distance_crs)
    bands.insert(2, "area_km2", (bands.to_crs(settings.area_crs).area / 1e6).round(1))
    return bands.to_crs("EPSG:4326")


def band_shares(distances_km: Iterable[float] = (50, 100, 250)) -> pd.DataFrame:
    """Share of every state's area inside each border band.

    Parameters
    ----------
    distances_km : iterable of float, default (50, 100, 250)
        Band widths in km (see :func:`border_bands`).

    Returns
    -------
    pandas.DataFrame
        One row per state (51 US, 32 Mexican) with ``country``, ``key``, ``name``,
        ``area_km2`` and, per distance, ``share_<d>km`` between 0 and 1 (areas in an
        equal-area CRS).
    """
    bands = border_bands(distances_km).to_crs(settings.area_crs)
    states = load_states().to_crs(settings.area_crs)
    area = shapely.area(states.geometry.to_numpy())
    out = states[["country", "key", "name"]].copy()
    out["area_km2"] = (area / 1e6).round(1)
    for km, group in bands.groupby("distance_km"):
        zone = shapely.union_all(group.geometry.values)
        inside = shapely.area(shapely.intersection(states.geometry.to_numpy(), zone))
        out[f"share_{km:g}km"] = np.clip(inside / area, 0.0, 1.0)
    return out


def corridors(
    *,
    period: int | str = 2024,
    source: str = "bts",
    edition: int = 2025,
    dealer_year: int = 2023,
    homicide_year: int = 2024,
) -> gpd.GeoDataFrame:
    """Build the corridor table: one row per port with both sides' indicators.

    Parameters
    ----------
    period : int or str, default 2024
        Year of the crossing volumes: any of 1996-2024 (BTS); with ``source="cbp"`` 2019,
        2023, 2024 or "2024-01".
    source : {"bts", "cbp"}, default "bts"
        The crossings series (see :func:`geo.layers.port_layer`).
    edition : int, default 2025
        Giffords scorecard edition for the US state's grade.
    dealer_year : int, default 2023
        Year of the licensee density.
    homicide_year : int, default 2024
        Year of the Mexican state's homicide rate.

    Returns
    -------
    geopandas.GeoDataFrame
        Port points with ``port_code``, ``port_name``, the volumes by mode, ``usps``,
        ``us_state``, ``grade``, ``law_strength_rank``, ``licensees_per_100k``, ``cve_ent``,
        ``mx_state``, ``homicide_rate_per_100k``, ``homicide_year`` and ``mx_city`` (the
        sister city). ``attrs["sources"]`` cites every layer used.
    """
    ports = link_ports(period=period, source=source)
    laws = gun_law_layer(edition=edition).set_index("usps")
    dealers = dealer_layer(year=dealer_year).set_index("usps")
    homicides = homicide_layer(year=homicide_year).set_index("cve_ent")
    volumes = [c for c in ports.columns if c in (*MEASURES.values(), "none_reported")]
    table = pd.DataFrame(
        {
            "port_code": ports["port_code"],
            "port_name": ports["port_name"],
            **{c: ports[c] for c in volumes},
            "volume_period": str(period),
            "usps": ports["usps"],
            "us_state": ports["usps"].map(laws["name"]),
            "grade": ports["usps"].map(laws["grade"]).astype(laws["grade"].dtype),
            "grade_edition": edition,
            "law_strength_rank": ports["usps"].map(laws["law_strength_rank"]).astype("Int64"),
            "licensees_per_100k": ports["usps"]
            .map(dealers["licensees_per_100k"])
            .astype("Float64"),
            "dealer_year": dealer_year,
            "cve_ent": ports["cve_ent"],
            "mx_state": ports["cve_ent"].map(homicides["name"]),
            "homicide_rate_per_100k": ports["cve_ent"]
            .map(homicides["rate_per_100k"])
            .astype("Float64"),
            "homicide_year": homicide_year,
            "mx_city": ports["mx_city"],
        }
    )
    gdf = gpd.GeoDataFrame(table, geometry=ports.geometry.values, crs=ports.crs)
    gdf.attrs = {
        "layer": "corridors",
        "sources": [layer.attrs for layer in (ports, laws, dealers, homicides)],
        "year": f"volumes {period}; grades {edition}; dealers {dealer_year}; "
        f"homicides {homicide_year}",
    }
    return gdf

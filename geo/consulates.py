"""The consular view: Mexico's consular offices in the US, and where traced guns came from.

:func:`consulate_layer` places the 53 offices with the offline ``zipcodes`` gazetteer: at the
point of their address's ZIP code where a source gave one, else at their city (the median of the
city's ZIP code points), and rounds every distance to what that placement supports. It adds, for
each office's state, the figures a consul briefs from. :func:`trace_flows` draws the US source
states of guns recovered in Mexico (2022-2023) as arrows to the border.
"""

from __future__ import annotations

import functools
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo._text import LANGUAGES, number, text
from geo.analysis import geodesic_distance, us_border_relations
from geo.boundaries import load_us_counties, load_us_states
from geo.errors import DataError
from geo.indicators import load_indicator
from geo.layers import dealer_layer, gun_law_layer, port_layer

__all__ = [
    "TRACE_CAVEAT",
    "ZIP_PLACEMENT_M",
    "consulate_layer",
    "find_office",
    "jurisdiction_layer",
    "trace_flows",
]

_GEOD = pyproj.Geod(ellps="WGS84")
GAZETTEER_CREDIT = "City points: GeoNames (CC BY 4.0) via the zipcodes package"
TRACE_CAVEAT = (
    "Arrows join the US state where traced guns were bought to the nearest ports of entry: they "
    "show origin and destination, not routes. Traces are not a random sample of crime guns "
    "(ATF). Only Texas, Arizona and California have published counts."
)
ZIP_PLACEMENT_M = 5_000
"""How far an office placed at its ZIP code's point may be from its door, in metres.

A ZIP code's point is one point for the whole ZIP area, not the address: city ZIP areas are a few
km across. The three offices whose sources also print coordinates (Los Ángeles, San Diego,
Dallas) lie 0.4 to 0.9 km from their ZIP's point. A city's point is never taken as closer than
this either.
"""
PLACEMENT_CAVEAT = {
    "en": GAZETTEER_CREDIT + ", also for ZIP code points. {zips} of {offices} offices are at "
    "their address's ZIP code point (within about 5 km), the others at their city (within about "
    "{low} to {high} km); distances are rounded to match.",
    "es": "Puntos de ciudades y de códigos postales: GeoNames (CC BY 4.0), paquete zipcodes. "
    "{zips} de {offices} oficinas están en el punto del código postal de su dirección (a unos "
    "5 km o menos), las demás en su ciudad (a unos {low} a {high} km o menos); las distancias "
    "se redondean en consecuencia.",
}


@functools.cache
def _zip_table() -> pd.DataFrame:
    """Every ZIP code of the gazetteer with a location: zip, city (case folded), state, x, y."""
    import zipcodes

    columns = ["zip_code", "zip_code_type", "city", "state", "lat", "long"]
    table = pd.DataFrame(zipcodes.list_all(), columns=columns)
    table = table[(table["lat"] != "") & (table["long"] != "")]
    table = table.assign(
        city=table["city"].str.casefold(),
        long=table["long"].astype(float),
        lat=table["lat"].astype(float),
    )
    # 237 ZIPs (military, parcel returns, and a few PO boxes such as Los Angeles 90085 and
    # Indianapolis 46245) sit at 0, 0: no location.
    return table[(table["lat"] != 0) | (table["long"] != 0)].reset_index(drop=True)


def _city_table() -> pd.DataFrame:
    """Return the ZIP points that stand for a city: its street ZIPs where it has any.

    PO box ZIPs often share one point at a post office far from the centre (95 of El Paso's
    138 ZIPs sit 16 km east of downtown): a city with street ("STANDARD") ZIPs is placed by
    those alone.
    """
    table = _zip_table()
    standard = table["zip_code_type"] == "STANDARD"
    has_standard = standard.groupby([table["city"], table["state"]]).transform("any")
    return table[standard | ~has_standard].reset_index(drop=True)


@functools.cache
def _city_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(city, state) -> median (longitude, latitude) of the city's street ZIP code points."""
    medians = _city_table().groupby(["city", "state"], sort=False)[["long", "lat"]].median()
    return {key: (float(x), float(y)) for key, x, y in medians.itertuples(name=None)}


@functools.cache
def _city_spread() -> dict[tuple[str, str], float]:
    """(city, state) -> metres from the city's point within which 90% of its ZIP points lie."""
    table = _city_table()
    medians = table.groupby(["city", "state"])[["long", "lat"]].transform("median")
    metres = _GEOD.inv(medians["long"], medians["lat"], table["long"], table["lat"])[2]
    spread = pd.Series(metres, index=table.index).groupby([table["city"], table["state"]])
    return {key: float(m) for key, m in spread.quantile(0.9).items()}


@functools.cache
def _zip_points() -> dict[str, tuple[str, float, float]]:
    """ZIP code -> (state, longitude, latitude) of its point."""
    table = _zip_table()
    return {
        z: (s, x, y)
        for z, s, x, y in zip(
            table["zip_code"], table["state"], table["long"], table["lat"], strict=True
        )
    }


def _place(offices: pd.DataFrame) -> pd.DataFrame:
    """Place each office at its address's ZIP code point, else at its city.

    Returns x, y, ``placement`` ("zip" or "city"), ``zip`` and ``placement_m`` (metres).
    """
    addresses = load_indicator("mx_consulate_addresses").set_index("office")
    if set(addresses.index) != set(offices["office"]):
        raise DataError(
            "mx_consulate_addresses and mx_consulates name different offices: "
            f"{sorted(set(addresses.index) ^ set(offices['office']))}"
        )
    zips = addresses["zip"].reindex(offices["office"]).to_numpy()
    cities, points, spread = _city_points(), _zip_points(), _city_spread()
    rows, bad = [], []
    for office, city, usps, code in zip(
        offices["office"], offices["city"], offices["usps"], zips, strict=True
    ):
        if not pd.isna(code):
            hit = points.get(str(code))
            if hit is None or hit[0] != usps:
                bad.append(f"{office} (ZIP {code}, {usps})")
                continue
            rows.append((hit[1], hit[2], "zip", str(code), ZIP_PLACEMENT_M))
        elif (key := (str(city).casefold(), usps)) in cities:
            metres = max(ZIP_PLACEMENT_M, math.ceil(spread[key] / 100) * 100)
            rows.append((*cities[key], "city", pd.NA, metres))
        else:
            bad.append(f"{office} ({city}, {usps})")
    if bad:
        raise DataError(
            "consular offices whose ZIP code or city is not in the gazetteer (or not in the "
            f"office's state): {bad}"
        )
    placed = pd.DataFrame(rows, columns=["x", "y", "placement", "zip", "placement_m"])
    return placed.astype({"zip": "string", "placement_m": "Int64"})


def _step_km(placement: str, placement_m: float) -> int:
    """Return the step, in km, to which an office's distances are rounded: 1, 5 or 10.

    1 km for a ZIP code placement; 5 km for a city placement, 10 km where the city's ZIP
    points spread over more than 20 km.
    """
    if placement == "zip":
        return 1
    return 5 if placement_m <= 20_000 else 10


def _rounded(km: float, step: int) -> int:
    """Round ``km`` to the nearest multiple of ``step`` (halves up)."""
    return math.floor(km / step + 0.5) * step


def _distance_text(km: int, step: int, lang: str) -> str:
    """Write a rounded distance: "12 km", "about 15 km" or, below one step, "under 5 km"."""
    if km == 0:
        return text("distance_under", lang, km=step)
    return text("distance_km" if step == 1 else "distance_about", lang, km=number(km, lang))


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
        ``jurisdiction``; ``placement`` ("zip": the point of the office's ZIP code, ``zip``;
        "city": the median of its city's ZIP code points) and ``placement_m`` (how far the
        office may be from its point, in metres); the state's ``grade``,
        ``law_strength_rank`` and ``licensees_per_100k``; ``nearest_ports`` ("Nogales (5 km);
        ..." or, for a city placement, "Ysleta (about 5 km); ...", Spanish in
        ``nearest_ports_es``), ``nearest_port_km`` (the first of them, rounded the same way,
        to ``distance_step_km``: 1 km for a ZIP placement, 5 or 10 km for a city one; 0 for
        "under" one step) and the state's ``border_distance_km``.

    Raises
    ------
    DataError
        If an office's ZIP code or city cannot be placed.
    """
    gdf = _consulates(nearest)
    copy = gdf.copy()
    copy.attrs = dict(gdf.attrs)
    return copy


@functools.lru_cache(maxsize=4)
def _consulates(nearest: int) -> gpd.GeoDataFrame:
    offices = load_indicator("mx_consulates")
    placed = _place(offices)
    gdf = gpd.GeoDataFrame(
        offices, geometry=gpd.points_from_xy(placed["x"], placed["y"]), crs="EPSG:4326"
    )
    for column in ("placement", "zip", "placement_m"):
        gdf[column] = placed[column].to_numpy()
    gdf["zip"] = gdf["zip"].astype("string")
    gdf["placement_m"] = gdf["placement_m"].astype("Int64")
    laws = gun_law_layer().set_index("usps")
    dealers = dealer_layer().set_index("usps")
    border = us_border_relations().set_index("usps")["border_distance_km"]
    gdf["grade"] = gdf["usps"].map(laws["grade"].astype(object))
    gdf["law_strength_rank"] = gdf["usps"].map(laws["law_strength_rank"]).astype("Int64")
    gdf["licensees_per_100k"] = gdf["usps"].map(dealers["licensees_per_100k"]).astype("Float64")
    gdf["border_distance_km"] = gdf["usps"].map(border).astype("Float64")  # PR: none
    _add_nearest_ports(gdf, nearest)
    city = gdf.loc[gdf["placement"] == "city", "placement_m"]
    counts = {
        "zips": int((gdf["placement"] == "zip").sum()),
        "offices": len(gdf),
        "low": math.ceil(city.min() / 1000) if len(city) else 5,
        "high": math.ceil(city.max() / 1000) if len(city) else 5,
    }
    gdf.attrs = {
        "layer": "consulates",
        "measure": "Mexican consular offices in the United States",
        "publisher": "Secretaría de Relaciones Exteriores (SRE)",
        "title": "Directorio de Embajadas y Consulados",
        "url": "https://portales.sre.gob.mx/directorio/",
        "year": "2023-2026",
        "caveat": PLACEMENT_CAVEAT["en"].format(**counts),
        "caveat_es": PLACEMENT_CAVEAT["es"].format(**counts),
        "short": "SRE",
    }
    return gdf


def _add_nearest_ports(gdf: gpd.GeoDataFrame, nearest: int) -> None:
    """Add the nearest ports, with distances rounded to what each office's placement supports."""
    ports = port_layer()
    # Point to point: one geodesic per office and port, all at once.
    office_xy = np.repeat(gdf.get_coordinates().to_numpy(), len(ports), axis=0)
    port_xy = np.tile(ports.get_coordinates().to_numpy(), (len(gdf), 1))
    metres = _GEOD.inv(office_xy[:, 0], office_xy[:, 1], port_xy[:, 0], port_xy[:, 1])[2]
    texts: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    first = []
    steps = [_step_km(p, m) for p, m in zip(gdf["placement"], gdf["placement_m"], strict=True)]
    for km, step in zip(metres.reshape(len(gdf), len(ports)) / 1000, steps, strict=True):
        order = np.argsort(km, kind="stable")[:nearest]
        rounded = [_rounded(float(km[i]), step) for i in order]
        for lang, out in texts.items():
            out.append(
                "; ".join(
                    f"{ports['port_name'].iloc[i]} ({_distance_text(r, step, lang)})"
                    for i, r in zip(order, rounded, strict=True)
                )
            )
        first.append(float(rounded[0]))
    gdf["distance_step_km"] = pd.array(steps, dtype="Int64")
    for lang, out in texts.items():
        gdf["nearest_ports" if lang == "en" else f"nearest_ports_{lang}"] = out
    gdf["nearest_port_km"] = first


def jurisdiction_layer(office: str | None = None) -> gpd.GeoDataFrame:
    """Return the jurisdictions the sources name: an office's states and counties as one area.

    Parameters
    ----------
    office : str, optional
        One office's (its SRE name, as in :func:`consulate_layer`); every office's by default.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per office whose jurisdiction text names whole states or counties (15 of 53;
        none for an office without): ``office``, ``district`` ("whole": the units are its whole
        district as the source describes it; "part": only part of it), ``as_of`` (the date the
        source gives, or NA), ``states`` (USPS codes), ``counties`` (FIPS codes) and
        ``county_names``, each ";"-separated, ``source_key``, ``source``, ``note``, and the
        union of the units as ``geometry`` (EPSG:4326). For one office, ``attrs`` cite its
        source.
    """
    gdf = _jurisdictions()
    if office is None:
        out = gdf.copy()
        out.attrs = dict(gdf.attrs)
        return out
    out = gdf[gdf["office"] == office].reset_index(drop=True)
    out.attrs = dict(gdf.attrs)
    if len(out):
        row = out.iloc[0]
        out.attrs.update(publisher=row["source"], short=row["source"], url="",
                         year="n.d." if pd.isna(row["as_of"]) else row["as_of"])  # fmt: skip
    return out


@functools.cache
def _jurisdictions() -> gpd.GeoDataFrame:
    table = load_indicator("mx_consulate_jurisdictions")
    states = load_us_states().set_index("usps").geometry
    counties = load_us_counties().set_index("fips").geometry
    rows = []
    for office, units in table.groupby("office", sort=False):
        state = units["level"] == "state"
        shapes = [*states[units.loc[state, "code"]], *counties[units.loc[~state, "code"]]]
        first = units.iloc[0]
        rows.append(
            {
                "office": office,
                **{k: first[k] for k in ("district", "as_of", "source_key", "source", "note")},
                "states": ";".join(units.loc[state, "code"]),
                "counties": ";".join(units.loc[~state, "code"]),
                "county_names": ";".join(units.loc[~state, "name"]),
                "geometry": shapely.coverage_union_all(shapes),
            }
        )
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    gdf.attrs = {
        "measure": "Consular districts: the states and counties their sources name",
        "publisher": "",  # each office's own source (jurisdiction_layer(office))
        "title": "Jurisdictions of Mexico's consular offices, as the sources describe them",
        "caveat": "Only the units a source names; 'part' where it describes the rest otherwise.",
        "caveat_es": "Solo las unidades que una fuente nombra; 'parte' donde describe el resto "
        "de otro modo.",
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

"""The 2004 expiry of the US assault-weapons ban and homicides along the border: raw counts.

Dube, Dube & García-Ponce (2013) compared Mexican municipios near Texas, Arizona and New
Mexico, where the federal ban on assault weapons expired in September 2004, with municipios
near California, which kept its own state ban, and estimated the effect by regression.
:func:`spillover` makes the plain comparison of the counts behind that design with the
death-certificate homicides of Gargiulo, Aburto & Floridi (2023): it is not the paper's
estimate (no controls, no trends, no population), and says so in its ``attrs``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo._validate import shorten
from geo.boundaries import load_mx_municipios
from geo.errors import DataError, OptionError
from geo.indicators import PROVENANCE, load_indicator
from geo.proximity import border_distance

__all__ = [
    "CALIFORNIA",
    "CITATION",
    "CREDIT",
    "TX_AZ_NM",
    "spillover",
    "spillover_municipios",
    "spillover_series",
]

CALIFORNIA = "California"
TX_AZ_NM = "Texas, Arizona, New Mexico"
DIFFERENCE = "difference"
GROUPS = {"CA": CALIFORNIA, "AZ": TX_AZ_NM, "NM": TX_AZ_NM, "TX": TX_AZ_NM}
"""US state of a municipio's nearest port of entry -> its group."""
GROUP_TEXT = {CALIFORNIA: "spill_ca", TX_AZ_NM: "spill_tx_az_nm"}
"""Group -> key of its label in :data:`geo._text.TEXT` (for charts in both languages)."""
YEARS = (2000, 2021)
CITATION = (
    "Dube, A., Dube, O. & García-Ponce, O. (2013). Cross-border spillover: U.S. gun laws and "
    "violence in Mexico. American Political Science Review 107(3), 397-417. "
    "https://doi.org/10.1017/S0003055413000178"
)
CREDIT = (
    "Gargiulo, Aburto & Floridi (2023), DOI 10.17605/OSF.IO/U8DC3, from INEGI death "
    "certificates, CC BY 4.0"
)
WHAT = (
    "A raw comparison of counts, not the regression estimate of Dube, Dube & García-Ponce "
    "(2013): mean annual homicides on death certificates (municipio and year of occurrence) "
    "in Mexican municipios within {km} km of the border, grouped by the US state of their "
    "nearest port of entry, before and after the federal assault-weapons ban expired in "
    "September 2004 (California kept its own state ban). No controls, trends or population."
)
# Municipios created after 2000 (SOURCES.md): their years before they existed are 0.
NEW_SINCE_2000 = frozenset(
    "02006 02007 07120 07121 07122 07123 07124 12077 12078 12079 12080 12081 14125 15123 15124 "
    "15125 17034 17035 23009 23010 23011 30211 30212 32058".split()
)


def _within(value: object) -> float:
    """Check a distance in km: more than 0, at most 1000."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not (math.isfinite(float(value)) and 0 < float(value) <= 1000)
    ):
        raise OptionError(
            f"within_km: {shorten(value)} is not allowed; a distance in km, more than 0 "
            "and at most 1000"
        )
    return float(value)


def _period(value: object, *, what: str) -> tuple[int, int]:
    """Check a period: a year, or (first, last) years within 2000-2021, first <= last."""
    years = [value] if isinstance(value, numbers.Integral) else value
    allowed = (
        f"a year or (first, last) years within {YEARS[0]}-{YEARS[1]}, first <= last, "
        "e.g. (2002, 2003)"
    )
    if (
        isinstance(years, str | bytes)
        or not isinstance(years, Sequence)
        or len(years) not in (1, 2)
        or not all(isinstance(y, numbers.Integral) and not isinstance(y, bool) for y in years)
    ):
        raise OptionError(f"{what}: {shorten(value)} is not allowed; {allowed}")
    first, last = int(years[0]), int(years[-1])
    if not YEARS[0] <= first <= last <= YEARS[1]:
        raise OptionError(f"{what}: {shorten(value)} is not allowed; {allowed}")
    return first, last


def _columns(table: object, columns: Sequence[str], *, what: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise DataError(f"{what}: {type(table).__name__} is not a table")
    missing = [c for c in columns if c not in table.columns]
    if missing or table.empty:
        raise DataError(f"{what}: missing column(s) {missing} or rows; needs {list(columns)}")


def spillover_municipios(
    *,
    within_km: float = 100,
    municipios: gpd.GeoDataFrame | None = None,
    ports: pd.DataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Select the municipios near the border and group them by their nearest port.

    Parameters
    ----------
    within_km : float, default 100
        Largest geodesic distance from the municipio's nearest point to the border, km
        (more than 0, at most 1000).
    municipios : GeoDataFrame, optional
        ``cvegeo``, ``name`` and polygons; the 2,465 bundled municipios by default.
    ports : DataFrame, optional
        Ports of entry (see :func:`geo.proximity.port_points`); the 28 bundled by default.

    Returns
    -------
    geopandas.GeoDataFrame
        The municipios within ``within_km``, sorted by ``cvegeo``, with ``border_km``,
        ``nearest_port``, ``nearest_port_name``, ``nearest_port_usps``, ``nearest_port_km``
        and ``group`` ("California" or "Texas, Arizona, New Mexico").

    Raises
    ------
    OptionError
        If ``within_km`` is not allowed.
    DataError
        If an input lacks a column, or a nearest port is in none of the four border states.
    """
    km = _within(within_km)
    shapes = load_mx_municipios() if municipios is None else municipios
    _columns(shapes, ("cvegeo", "name", "geometry"), what="municipios")
    measured = border_distance(shapes, ports=ports)
    zone = measured[measured["border_km"] <= km].copy()
    zone["group"] = zone["nearest_port_usps"].map(GROUPS)
    unknown = zone.loc[zone["group"].isna(), "nearest_port_usps"]
    if len(unknown):
        raise DataError(
            f"ports: nearest port(s) in {sorted(set(unknown.astype(str)))}; a port's usps must "
            f"be one of {sorted(GROUPS)}"
        )
    zone["cvegeo"] = zone["cvegeo"].astype(str)
    zone = zone.sort_values("cvegeo", ignore_index=True)
    zone.attrs = {"within_km": km}
    return zone[[c for c in zone.columns if c != "geometry"] + ["geometry"]]


def _homicides(homicides: pd.DataFrame | None) -> pd.DataFrame:
    table = load_indicator("mx_homicides_by_municipio") if homicides is None else homicides
    _columns(table, ("cvegeo", "year", "homicides"), what="homicides")
    table = table[["cvegeo", "year", "homicides"]].copy()
    table["cvegeo"] = table["cvegeo"].astype(str)
    try:
        table["homicides"] = pd.array(table["homicides"], dtype="Float64")
    except (TypeError, ValueError):
        raise DataError("homicides: column 'homicides' must hold counts (or NA)") from None
    years = pd.to_numeric(table["year"], errors="coerce")
    if years.isna().any() or (years % 1 != 0).any():
        raise DataError("homicides: column 'year' must hold whole years")
    table["year"] = years.astype(int)
    if table.duplicated(["cvegeo", "year"]).any():
        raise DataError("homicides: a (cvegeo, year) pair appears more than once")
    return table[table["year"].between(*YEARS)]


def _names() -> dict[str, str]:
    names = load_indicator("mx_municipio_population")
    return dict(zip(names["cvegeo"].astype(str), names["name"].astype(str), strict=True))


def _excluded(unplaced: pd.DataFrame, years: Sequence[int]) -> list[dict]:
    """Homicide codes without a polygon, with their homicides in ``years``."""
    names = _names()
    out = []
    for code, rows in unplaced.groupby("cvegeo"):
        by_year = rows.set_index("year")["homicides"]
        out.append(
            {
                "cvegeo": str(code),
                "name": names.get(str(code)),
                "homicides": {
                    int(y): None if pd.isna(by_year[y]) else int(by_year[y])
                    for y in years
                    if y in by_year.index
                },
            }
        )
    return out


def _build(
    within_km: float,
    municipios: gpd.GeoDataFrame | None,
    homicides: pd.DataFrame | None,
    ports: pd.DataFrame | None,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame, pd.DataFrame]:
    """Return the zone, its homicides (code x year, NA if missing) and unplaced codes."""
    shapes = load_mx_municipios() if municipios is None else municipios
    zone = spillover_municipios(within_km=within_km, municipios=shapes, ports=ports)
    table = _homicides(homicides)
    grid = (
        table[table["cvegeo"].isin(set(zone["cvegeo"]))]
        .pivot(index="cvegeo", columns="year", values="homicides")
        .reindex(index=zone["cvegeo"], columns=range(YEARS[0], YEARS[1] + 1))
    )
    placed = set(shapes["cvegeo"].astype(str))
    return zone, grid, table[~table["cvegeo"].isin(placed)]


def _series(zone: gpd.GeoDataFrame, grid: pd.DataFrame) -> pd.DataFrame:
    """Homicides per group and year: NA when a municipio of the group has no figure."""
    groups = zone.set_index("cvegeo")["group"].reindex(grid.index).to_numpy()
    rows = []
    for group in (CALIFORNIA, TX_AZ_NM):
        members = grid[groups == group]
        complete = members.notna().all() & (len(members) > 0)
        totals = members.sum().where(complete)
        rows.append(
            pd.DataFrame(
                {
                    "year": grid.columns.astype(int),
                    "group": group,
                    "municipios": len(members),
                    "homicides": pd.array(totals.to_numpy(), dtype="Float64").astype("Int64"),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _attrs(km: float, zone: gpd.GeoDataFrame, grid: pd.DataFrame) -> dict:
    counts = zone["group"].value_counts()
    return {
        "within_km": km,
        "groups": {
            CALIFORNIA: "nearest port of entry in CA",
            TX_AZ_NM: "nearest port of entry in TX, AZ or NM",
        },
        "group_text": dict(GROUP_TEXT),
        "municipios": {g: int(counts.get(g, 0)) for g in (CALIFORNIA, TX_AZ_NM)},
        "missing_figures": int(grid.isna().to_numpy().sum()),
        "new_since_2000": sorted(set(zone["cvegeo"]) & NEW_SINCE_2000),
        "what": WHAT.format(km=f"{km:g}"),
        "citation": CITATION,
        "credit": CREDIT,
        "sources": [PROVENANCE["municipal_homicides"]],
        "caveat": "Municipios created after 2000 show 0 for the years before they existed "
        "(listed in new_since_2000 when in the zone); homicide codes with no polygon cannot be "
        "placed and are left out (listed in excluded).",
    }


def spillover_series(
    *,
    within_km: float = 100,
    municipios: gpd.GeoDataFrame | None = None,
    homicides: pd.DataFrame | None = None,
    ports: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Homicides a year, 2000-2021, in the two groups of :func:`spillover_municipios`.

    Parameters
    ----------
    within_km : float, default 100
        Largest distance to the border, km (more than 0, at most 1000).
    municipios, homicides, ports : DataFrame, optional
        Inputs for a test or another geography: municipio polygons (``cvegeo``, ``name``),
        homicides (``cvegeo``, ``year``, ``homicides``) and ports; the bundled ones by default.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``year``, ``group``, ``municipios`` and ``homicides`` (``Int64``; NA when a
        municipio of the group has no figure that year). ``attrs`` holds the distance, the
        municipios per group, the excluded codes, the citation and the data credit.
    """
    km = _within(within_km)
    zone, grid, unplaced = _build(km, municipios, homicides, ports)
    series = _series(zone, grid)
    series.attrs = {
        **_attrs(km, zone, grid),
        "excluded": _excluded(unplaced, range(YEARS[0], YEARS[1] + 1)),
    }
    return series


def spillover(
    *,
    within_km: float = 100,
    before: int | Sequence[int] = (2002, 2003),
    after: int | Sequence[int] = (2005, 2006),
    municipios: gpd.GeoDataFrame | None = None,
    homicides: pd.DataFrame | None = None,
    ports: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Compare homicides before and after 2004 near California and near TX, AZ and NM.

    The design of Dube, Dube & García-Ponce (2013) as a raw comparison of counts, not their
    regression: see ``attrs["what"]``.

    Parameters
    ----------
    within_km : float, default 100
        Largest distance from a municipio's nearest point to the border, km (0 to 1000).
    before, after : int or (int, int), default (2002, 2003) and (2005, 2006)
        First and last years of each period (inclusive), within 2000-2021; ``before`` ends
        before ``after`` starts.
    municipios, homicides, ports : DataFrame, optional
        Inputs for a test (see :func:`spillover_series`); the bundled ones by default.

    Returns
    -------
    pandas.DataFrame
        Rows "California", "Texas, Arizona, New Mexico" and "difference" (the second minus
        the first) with ``group``, ``municipios``, ``mean_before`` and ``mean_after`` (mean
        annual homicides of the group), ``change`` (count), ``change_pct`` and
        ``log_change`` = ln(after / before); the difference row has only the last two. NaN
        where a figure is missing or a ratio undefined (a period with no homicide).

    Raises
    ------
    OptionError
        If ``within_km`` or a period is not allowed.
    """
    km = _within(within_km)
    first = _period(before, what="before")
    second = _period(after, what="after")
    if first[1] >= second[0]:
        raise OptionError(
            f"before {first[0]}-{first[1]} must end before after {second[0]}-{second[1]} starts"
        )
    zone, grid, unplaced = _build(km, municipios, homicides, ports)
    wide = _series(zone, grid).pivot(index="year", columns="group", values="homicides")
    rows = []
    for group in (CALIFORNIA, TX_AZ_NM):
        rows.append(
            _compare(group, int((zone["group"] == group).sum()), wide[group], first, second)
        )
    rows.append(
        {
            "group": DIFFERENCE,
            "change_pct": rows[1]["change_pct"] - rows[0]["change_pct"],
            "log_change": rows[1]["log_change"] - rows[0]["log_change"],
        }
    )
    result = pd.DataFrame(rows, columns=list(rows[0]))
    result["municipios"] = result["municipios"].astype("Int64")
    periods = [*range(first[0], first[1] + 1), *range(second[0], second[1] + 1)]
    result.attrs = {
        **_attrs(km, zone, grid),
        "before": list(first),
        "after": list(second),
        "excluded": _excluded(unplaced, periods),
    }
    return result


def _compare(
    group: str, count: int, totals: pd.Series, before: tuple[int, int], after: tuple[int, int]
) -> dict[str, Any]:
    """One group's row: means of the two periods and how they changed."""
    means = []
    for first, last in (before, after):
        values = totals.loc[first:last]
        means.append(float(values.mean()) if values.notna().all() else math.nan)
    start, end = means
    ratio = end / start if start > 0 and end > 0 else math.nan
    return {
        "group": group,
        "municipios": count,
        "mean_before": start,
        "mean_after": end,
        "change": end - start,
        "change_pct": (end - start) / start * 100 if start > 0 else math.nan,
        "log_change": float(np.log(ratio)),
    }

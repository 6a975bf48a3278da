"""Counties and municipios: gun dealers by US county, homicides by Mexican municipio.

Both layers join a bundled table to the 2016 Census counties or INEGI's municipios by code
(never by name: names differ between editions). A code of the table with no polygon of its
own, or a polygon with no row in the table, is listed in ``attrs["unmatched"]``, never
dropped silently; a figure that is not there stays NA and is drawn as "no data".
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo._catalogue import US_STATES
from geo._validate import check_choice
from geo.boundaries import load_mx_municipios, load_us_counties
from geo.errors import DataError, OptionError
from geo.indicators import PROVENANCE, load_indicator

__all__ = [
    "COUNTY_YEARS",
    "MUNICIPAL_PERIODS",
    "MUNICIPAL_YEARS",
    "TO_2016_COUNTIES",
    "county_dealer_layer",
    "municipal_homicide_layer",
    "state_dealer_series",
]

COUNTY_YEARS = tuple(range(2003, 2024))
"""Years of the county licensee counts (one ATF listing a year, compiled by the LA Times)."""
ACS_YEARS = tuple(range(2009, 2022))
"""Years of the ACS 5-year county population (year Y is the period Y-4 to Y)."""
MUNICIPAL_YEARS = tuple(range(2000, 2022))
"""Years of the municipio homicide counts (year of occurrence)."""
RATE_PERIODS = {2020: (2020,), "2019-2021": (2019, 2020, 2021)}
"""Periods with a rate: the 2020 census population divides the mean homicides of these years."""
MUNICIPAL_PERIODS = (*MUNICIPAL_YEARS, "2019-2021")
"""What the municipio layer can show: a year's count, or the 2019-2021 mean."""

# County codes of other vintages -> the 2016 polygon that holds them: Valdez-Cordova, Alaska
# was split into Chugach and Copper River (2019); Wade Hampton was renamed Kusilvak and
# Shannon Oglala Lakota (2015); Bedford city joined Bedford County, Virginia (2013).
TO_2016_COUNTIES = {
    "02063": "02261",
    "02066": "02261",
    "02270": "02158",
    "46113": "46102",
    "51515": "51019",
}

# Municipios created after 2000 -> the first year they have a homicide on record (reference
# SOURCES.md, "mx_homicides_by_municipio.csv"): the source's zeros before it mean "not yet a
# municipio" (their deaths were coded to the municipio they came from), so they show no data.
MUNICIPIOS_SINCE = {
    "02006": 2010, "02007": 2021, "07120": 2018, "07121": 2018, "07122": 2018, "07123": 2020,
    "07124": 2018, "12077": 2002, "12078": 2006, "12079": 2004, "12080": 2005, "12081": 2007,
    "14125": 2010, "15123": 2002, "15124": 2002, "15125": 2006, "17034": 2020, "17035": 2020,
    "23009": 2008, "23010": 2011, "23011": 2016, "30211": 2004, "30212": 2004, "32058": 2007,
}  # fmt: skip


def _check(value: object, choices: tuple, what: str) -> None:
    try:
        check_choice(value, choices, what=what)
    except OptionError:
        raise DataError(
            f"{what} {value!r} is not in the data; available: {list(choices)}"
        ) from None


def _to_polygons(codes: pd.Series, values: pd.Series) -> pd.Series:
    """Sum figures per 2016 county polygon; NA if any part is NA (a part unknown is no sum)."""
    polygons = codes.replace(TO_2016_COUNTIES).to_numpy()
    sums = values.groupby(polygons).sum(min_count=1)
    sums[values.isna().groupby(polygons).any()] = pd.NA
    return sums.astype("Int64")


def _county_population(year: int) -> pd.Series:
    if year not in ACS_YEARS:
        return pd.Series(dtype="Int64")
    acs = load_indicator("us_county_population")
    acs = acs[acs["year"] == year]
    return _to_polygons(acs["fips"], acs["population"])


def state_dealer_series(year: int) -> pd.DataFrame:
    """Return licensees by state for a year 2003-2022, and residents where the ACS has them.

    Residents are the sum of the state's ACS 5-year county estimates of the same year
    (2009-2021), NA otherwise. Indexed by ``usps``.
    """
    series = load_indicator("us_ffl_by_state_series")
    series = series[series["year"] == year].set_index("usps")
    out = pd.DataFrame({"licensees": series["licensees"].astype("Int64")})
    if year in ACS_YEARS:
        acs = load_indicator("us_county_population")
        acs = acs[acs["year"] == year]
        by_state = acs["population"].groupby(acs["fips"].str[:2].to_numpy()).sum()
        fips = {usps: code for code, usps, _ in US_STATES}
        out["population"] = out.index.map(fips).map(by_state).astype("Int64")
    else:
        out["population"] = pd.array([pd.NA] * len(out), dtype="Int64")
    return out


def county_dealer_layer(*, year: int = 2023) -> gpd.GeoDataFrame:
    """US counties by gun-dealer density: licensees per 1,000 km² and per 100,000 residents.

    Parameters
    ----------
    year : int, default 2023
        A year of :data:`COUNTY_YEARS` (2003-2023). Residents are the ACS 5-year population
        of the same year (2009-2021); other years have no rate per resident.

    Returns
    -------
    geopandas.GeoDataFrame
        3,142 counties (50 states and DC, Census 2016 geography) with ``licensees``,
        ``population``, ``licensees_per_100k`` and ``licensees_per_1000km2`` (on the
        unsimplified area). ``attrs`` holds the sources, the population year (or none) and
        ``unmatched``: codes of other vintages summed into the 2016 polygon that holds them,
        and polygons without a row.

    Raises
    ------
    DataError
        If ``year`` is not in the data.
    """
    _check(year, COUNTY_YEARS, "county dealer year")
    counties = load_us_counties()
    ffl = load_indicator("us_ffl_by_county")
    ffl = ffl[ffl["year"] == year]
    licensees = _to_polygons(ffl["fips"], ffl["licensees"])
    population = _county_population(year)
    gdf = counties.assign(
        licensees=counties["fips"].map(licensees).astype("Int64"),
        population=counties["fips"].map(population).astype("Int64"),
    )
    gdf["licensees_per_100k"] = gdf["licensees"].astype("Float64") / gdf["population"] * 100_000
    gdf["licensees_per_1000km2"] = gdf["licensees"].astype("Float64") / gdf["area_km2"] * 1_000
    gdf = gdf[[c for c in gdf.columns if c != "geometry"] + ["geometry"]]
    merged = sorted(set(ffl["fips"]) & set(TO_2016_COUNTIES))
    gdf.attrs = {
        "layer": "county_dealers",
        **PROVENANCE["county_dealers"],
        "year": str(year),
        **({} if year in ACS_YEARS else {"short": "ATF (Los Angeles Times)"}),
        "population_year": str(year) if year in ACS_YEARS else "",
        "population_note": f"ACS 5-year estimates {year - 4}-{year}"
        if year in ACS_YEARS
        else "no ACS population for this year: no rate per resident",
        "unmatched": "; ".join(
            [f"{code} counted in {TO_2016_COUNTIES[code]}" for code in merged]
            + [
                f"{code} has no row"
                for code in sorted(set(counties["fips"]) - set(licensees.index))
            ]
        ),
    }
    return gdf


def _period_years(period: int | str) -> tuple[int, ...]:
    _check(period, MUNICIPAL_PERIODS, "municipal homicide period")
    return RATE_PERIODS.get(period, (period,))  # type: ignore[arg-type]


def _mean_homicides(years: tuple[int, ...]) -> pd.Series:
    """Mean homicides a year by code; NA for a year before a municipio existed."""
    table = load_indicator("mx_homicides_by_municipio")
    table = table[table["year"].isin(years)]
    since = table["cvegeo"].map(MUNICIPIOS_SINCE)
    counts = table["homicides"].mask(since.notna() & (table["year"] < since))
    by_code = counts.groupby(table["cvegeo"].to_numpy())
    mean = by_code.sum(min_count=1) / by_code.size()
    mean[by_code.count() < by_code.size()] = np.nan  # a year missing: no mean
    return mean.astype("Float64")


def municipal_homicide_layer(*, period: int | str = "2019-2021") -> gpd.GeoDataFrame:
    """Mexican municipios by homicides, and their rate per 100,000 on the 2020 census.

    Parameters
    ----------
    period : int or "2019-2021", default "2019-2021"
        A year 2000-2021 (that year's homicides), or "2019-2021" (the mean of the three
        years). Only 2020 and "2019-2021" have a rate: both divide by the Census 2020
        population; other years have counts and no rate.

    Returns
    -------
    geopandas.GeoDataFrame
        2,465 municipios with ``homicides`` (a mean for "2019-2021"), ``population_2020``,
        ``rate_per_100k`` and ``homicides_per_1000km2``. ``attrs`` holds the sources, what the
        rate divides, and ``unmatched``: codes with homicides but no polygon, with their figure.

    Raises
    ------
    DataError
        If ``period`` is not in the data.
    """
    years = _period_years(period)
    municipios = load_mx_municipios()
    homicides = _mean_homicides(years)
    gdf = municipios.assign(homicides=municipios["cvegeo"].map(homicides).astype("Float64"))
    if period in RATE_PERIODS:
        people = load_indicator("mx_municipio_population").set_index("cvegeo")["population_2020"]
        gdf["population_2020"] = gdf["cvegeo"].map(people).astype("Int64")
        gdf["rate_per_100k"] = gdf["homicides"] / gdf["population_2020"] * 100_000
    else:
        gdf["population_2020"] = pd.array([pd.NA] * len(gdf), dtype="Int64")
        gdf["rate_per_100k"] = pd.array([pd.NA] * len(gdf), dtype="Float64")
    gdf["homicides_per_1000km2"] = gdf["homicides"] / gdf["area_km2"] * 1_000
    gdf = gdf[[c for c in gdf.columns if c != "geometry"] + ["geometry"]]
    orphans = homicides[~homicides.index.isin(municipios["cvegeo"])]
    gdf.attrs = {
        "layer": "municipal_homicides",
        **PROVENANCE["municipal_homicides"],
        "year": str(period),
        "rate_note": (
            f"mean homicides a year {years[0]}-{years[-1]}" if len(years) > 1 else f"{years[0]}"
        )
        + " per 100,000 inhabitants of the Census 2020"
        if period in RATE_PERIODS
        else "no rate: only 2020 and 2019-2021 are divided by the Census 2020 population",
        "unmatched": "; ".join(
            f"{code} has no polygon ({'no figure' if pd.isna(value) else f'{value:g} homicides'})"
            for code, value in orphans.items()
        ),
    }
    return gdf

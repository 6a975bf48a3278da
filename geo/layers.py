"""The four thematic layers as GeoDataFrames in EPSG:4326.

Each function joins a table (the bundled one, or the user's own through ``table=``) to the
boundaries through the canonical keys. Every state appears exactly once; a state without a
figure keeps NA, never 0. Where the figures come from is in ``GeoDataFrame.attrs``.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd

from geo._catalogue import GRADES, PORT_MEASURES
from geo._read import TableSource, find_column, read_table, row_name, to_numbers
from geo._validate import check_choice
from geo.boundaries import load_mx_states, load_us_states
from geo.errors import DataError, OptionError
from geo.indicators import PROVENANCE, load_indicator
from geo.local import state_dealer_series
from geo.names import Country, match_states

__all__ = [
    "GRADES",
    "GUN_LAW_EDITIONS",
    "HOMICIDE_YEARS",
    "PORT_PERIODS",
    "PORT_SOURCES",
    "PORT_YEARS",
    "dealer_layer",
    "gun_law_layer",
    "homicide_layer",
    "port_layer",
]

GRADE_DTYPE = pd.CategoricalDtype(list(GRADES), ordered=True)
GUN_LAW_EDITIONS = (2017, 2018, 2019, 2021, 2025)
DEALER_YEARS = tuple(range(2003, 2024))
HOMICIDE_YEARS = tuple(range(2015, 2025))
PORT_YEARS = tuple(range(1996, 2025))  # complete years of the BTS file
PORT_PERIODS = (2019, 2023, 2024, "2024-01")  # of the CBP series (source="cbp")
PORT_SOURCES = ("bts", "cbp")
MEASURES = PORT_MEASURES  # BTS measure name -> column
_STATE_COLUMNS = (
    "usps",
    "cve_ent",
    "fips",
    "state",
    "name",
    "estado",
    "entidad",
    "nom_ent",
    "nomgeo",
    "state_name",
)


def _check_choice(value: object, choices: tuple, what: str) -> None:
    try:
        check_choice(value, choices, what=what)  # 2024.0 and True are no years
    except OptionError:
        raise DataError(
            f"{what} {value!r} is not in the data; available: {list(choices)}"
        ) from None


def _keyed(
    source: TableSource, *, country: Country, state_column: str | None, layer_keys: pd.Series
) -> pd.DataFrame:
    """Read a user table and add its canonical state ``key``, checking duplicates and scope."""
    df = read_table(source)
    label = df.attrs["label"]
    column = state_column or find_column(df, _STATE_COLUMNS, what="state name or code")
    if column not in df.columns:
        raise DataError(f"{label}: no column {column!r}; found {list(df.columns)}")
    matched = match_states(df[column], country=country, where=f" in column {column!r} of {label}")
    df["key"] = matched["key"]
    dupes = df[df["key"].duplicated(keep=False)]
    if len(dupes):
        where = ", ".join(f"{row_name(df, i)} {df.at[i, column]!r}" for i in dupes.index)
        raise DataError(f"{label}: a state appears more than once: {where}")
    outside = df[~df["key"].isin(layer_keys)]
    if len(outside):
        where = ", ".join(f"{row_name(df, i)} {df.at[i, column]!r}" for i in outside.index)
        raise DataError(f"{label}: rows for states outside this layer: {where}")
    return df


def _check_keys(df: pd.DataFrame, column: str) -> None:
    """Refuse a missing or repeated key: each row must name its place once."""
    keys = df[column]
    bad = keys.isna() | keys.duplicated(keep=False)
    if bad.any():
        where = ", ".join(f"{row_name(df, i)} {keys[i]!r}" for i in df.index[bad][:10])
        raise DataError(
            f"{df.attrs['label']}, column {column!r}: each row needs its own {column}; "
            f"missing or repeated: {where}"
        )


def _attach(
    states: gpd.GeoDataFrame, key: str, values: pd.DataFrame, attrs: dict
) -> gpd.GeoDataFrame:
    gdf = states.merge(values, how="left", left_on=key, right_on="key", validate="1:1")
    gdf = gdf.drop(columns=["key", "territory"], errors="ignore")
    gdf = gdf[[c for c in gdf.columns if c != "geometry"] + ["geometry"]]
    gdf.attrs = dict(attrs)
    return gdf


def _provenance(layer: str, source: TableSource | None, **extra: object) -> dict:
    attrs = {"layer": layer, **PROVENANCE[layer], **extra}
    if source is not None:
        label = source if not isinstance(source, pd.DataFrame) else "user DataFrame"
        attrs.update(publisher="user table", title=str(label), url="", caveat="", short=str(label))
    return attrs


def gun_law_layer(
    *, edition: int = 2025, table: TableSource | None = None, state_column: str | None = None
) -> gpd.GeoDataFrame:
    """US states by gun-law strength (Giffords Law Center scorecard).

    Parameters
    ----------
    edition : int, default 2025
        Scorecard edition: one of :data:`GUN_LAW_EDITIONS` (the complete ones).
    table : DataFrame or path, optional
        Your own table instead of the bundled one: a state column (name, USPS or FIPS code)
        and a ``grade`` column, optionally ``rank``.
    state_column : str, optional
        The state column of ``table``; found by name when omitted.

    Returns
    -------
    geopandas.GeoDataFrame
        51 rows (50 states and DC) with ``grade`` (ordered categorical, A+ best ... F worst),
        ``law_strength_rank`` (``Int64``, 1 = strongest; NA where the edition gives only an
        order) and, for 2025, ``law_strength_order`` is absent while ``sfl_provisions_2020``
        and ``everytown_2026_rank`` are added. DC has no grade.
    """
    states = load_us_states()
    if table is not None:
        df = _keyed(table, country="us", state_column=state_column, layer_keys=states["usps"])
        grade_col = find_column(df, ("grade", "giffords_grade"), what="grade")
        values = pd.DataFrame({"key": df["key"], "grade": _grades(df, grade_col)})
        rank_col = next(
            (c for c in df.columns if c.casefold() in ("rank", "law_strength_rank")), None
        )
        values["law_strength_rank"] = (
            to_numbers(df, rank_col, integer=True, minimum=1) if rank_col else pd.NA
        )
        values["law_strength_rank"] = values["law_strength_rank"].astype("Int64")
        return _attach(states, "usps", values, _provenance("gun_laws", table))
    _check_choice(edition, GUN_LAW_EDITIONS, "Giffords edition")
    if edition == 2025:
        src = load_indicator("us_gun_laws")
        values = pd.DataFrame(
            {
                "key": src["usps"],
                "grade": src["giffords_2025_grade"].astype(object).astype(GRADE_DTYPE),
                "law_strength_rank": src["giffords_2025_rank"],
                "sfl_provisions_2020": src["sfl_provisions_2020"],
                "everytown_2026_rank": src["everytown_2026_rank"],
            }
        )
    else:
        src = load_indicator("us_giffords_editions")
        src = src[src["edition"] == edition]
        values = pd.DataFrame(
            {
                "key": src["usps"],
                "grade": src["grade"].astype(object).astype(GRADE_DTYPE),
                "law_strength_rank": src["law_strength_rank"],
                "law_strength_order": src["law_strength_order"],
            }
        )
    attrs = _provenance("gun_laws", None, year=str(edition), edition=edition)
    return _attach(states, "usps", values, attrs)


def _grades(df: pd.DataFrame, column: str) -> pd.Series:
    grades = df[column].str.upper().str.replace(" ", "")
    bad = grades.notna() & ~grades.isin(GRADES)
    if bad.any():
        where = ", ".join(f"{row_name(df, i)} {df.at[i, column]!r}" for i in df.index[bad])
        raise DataError(
            f"{df.attrs['label']}, column {column!r}: not a grade ({', '.join(GRADES)}): {where}"
        )
    return grades.astype(object).astype(GRADE_DTYPE)


def _population(country: str, year: int) -> pd.Series:
    if country == "us":
        pop = load_indicator("us_population")
        pop = pop[pop["year"] == year].set_index("usps")["population"]
    else:
        pop = load_indicator("mx_homicides")
        pop = pop[pop["year"] == year].set_index("cve_ent")["population"]
    if pop.empty:
        raise DataError(
            f"no bundled {country.upper()} population for {year}; "
            "add a 'population' column to your table"
        )
    return pop


def _counts_and_population(
    df: pd.DataFrame, names: tuple[str, ...], *, what: str, country: Country, year: int
) -> tuple[pd.Series, pd.Series]:
    """Read counts from a user table, with its own population column or the bundled one."""
    count_col = find_column(df, names, what=what)
    counts = to_numbers(df, count_col, integer=True)
    pop_col = next((c for c in df.columns if c.casefold() in ("population", "poblacion")), None)
    if pop_col is not None:
        pop = to_numbers(df, pop_col, integer=True, minimum=1)
    else:
        pop = df["key"].map(_population(country, year)).astype("Int64")
    over = (counts > pop).fillna(False)
    if over.any():
        where = ", ".join(f"{row_name(df, i)} {counts[i]:,} of {pop[i]:,}" for i in df.index[over])
        raise DataError(
            f"{df.attrs['label']}, column {count_col!r}: more than the population: {where}"
        )
    return counts, pop


def dealer_layer(
    *,
    year: int = 2023,
    table: TableSource | None = None,
    state_column: str | None = None,
) -> gpd.GeoDataFrame:
    """US states by gun-dealer density: federal firearms licensees per 100,000 residents.

    Parameters
    ----------
    year : int, default 2023
        A year of :data:`DEALER_YEARS`, 2003-2023: ATF listings of licence types 01, 02, 07
        and 08 (one a year, as compiled by the Los Angeles Times). 2023 is the October 2023
        listing with the Census July 2023 population; 2009-2021 divide by the ACS 5-year
        population of the same year (the sum of its counties); 2003-2008 and 2022 have no
        rate. With ``table``, the year of the bundled Census population used when the table
        has no ``population`` column (2016, 2020, 2023 or 2024).
    table : DataFrame or path, optional
        Your own counts: a state column and a ``licensees`` (or ``count``) column, optionally
        ``population``.
    state_column : str, optional
        The state column of ``table``; found by name when omitted.

    Returns
    -------
    geopandas.GeoDataFrame
        51 rows with ``licensees``, ``population`` and the computed ``licensees_per_100k``.
    """
    states = load_us_states()
    if table is not None:
        df = _keyed(table, country="us", state_column=state_column, layer_keys=states["usps"])
        counts, pop = _counts_and_population(
            df, ("licensees", "count", "dealers"), what="licensee count", country="us", year=year
        )
        values = pd.DataFrame({"key": df["key"], "licensees": counts, "population": pop})
        attrs = _provenance("dealers", table, year=str(year))
    else:
        _check_choice(year, DEALER_YEARS, "dealer year")
        if year == 2023:
            src = load_indicator("us_ffl")
            src = src[src["as_of"].str.startswith("2023")]
            values = pd.DataFrame(
                {"key": src["usps"], "licensees": src["licensees"].astype("Int64")}
            )
            values["population"] = values["key"].map(_population("us", year)).astype("Int64")
            attrs = _provenance("dealers", None, year="2023", as_of=str(src["as_of"].iloc[0]))
        else:
            values = state_dealer_series(year).reset_index(names="key")
            attrs = _provenance("dealers_series", None, year=str(year))
    values["licensees_per_100k"] = (
        values["licensees"].astype("Float64") / values["population"] * 100_000
    )
    return _attach(states, "usps", values, attrs)


def homicide_layer(
    *,
    year: int = 2024,
    table: TableSource | None = None,
    state_column: str | None = None,
) -> gpd.GeoDataFrame:
    """Mexican states by intentional-homicide rate per 100,000 inhabitants.

    Parameters
    ----------
    year : int, default 2024
        A year of :data:`HOMICIDE_YEARS` (SESNSP victims of homicidio doloso plus feminicidio,
        CONAPO population). With ``table``, the year of the bundled CONAPO population used
        when the table has no ``population`` column.
    table : DataFrame or path, optional
        Your own counts: a state column and a ``homicides`` column, optionally
        ``population`` and ``rate_per_100k`` (checked against count and population).
    state_column : str, optional
        The state column of ``table``; found by name when omitted.

    Returns
    -------
    geopandas.GeoDataFrame
        32 rows with ``homicides``, ``population``, the computed ``rate_per_100k``, and for
        the bundled data ``firearm_share`` with ``firearm_share_lower_bound`` (True where
        many victims have no recorded weapon) and ``notes``.
    """
    _check_choice(year, HOMICIDE_YEARS, "homicide year")
    states = load_mx_states()
    if table is None:
        src = load_indicator("mx_homicides")
        src = src[(src["year"] == year) & (src["cve_ent"] != "00")]
        values = pd.DataFrame(
            {
                "key": src["cve_ent"],
                "homicides": src["homicides"],
                "population": src["population"],
                "rate_per_100k": src["homicides"] / src["population"] * 100_000,
                "firearm_share": src["firearm_share"],
                "firearm_share_lower_bound": src["firearm_share_lower_bound"],
                "notes": src["notes"],
            }
        )
        return _attach(states, "cve_ent", values, _provenance("homicides", None, year=str(year)))
    df = _keyed(table, country="mx", state_column=state_column, layer_keys=states["cve_ent"])
    counts, pop = _counts_and_population(
        df,
        ("homicides", "homicidios", "victims", "victimas"),
        what="homicide count",
        country="mx",
        year=year,
    )
    rate = counts.astype("Float64") / pop * 100_000
    rate_col = next(
        (c for c in df.columns if c.casefold() in ("rate_per_100k", "rate", "tasa")), None
    )
    if rate_col:
        stated = to_numbers(df, rate_col)
        off = (stated - rate).abs() > (0.01 + 0.005 * rate)
        if off.fillna(False).any():
            where = ", ".join(
                f"{row_name(df, i)} states {stated[i]:g}, count/population gives {rate[i]:.2f}"
                for i in df.index[off.fillna(False)]
            )
            raise DataError(f"{df.attrs['label']}, column {rate_col!r}: rate disagrees: {where}")
    values = pd.DataFrame(
        {"key": df["key"], "homicides": counts, "population": pop, "rate_per_100k": rate}
    )
    return _attach(states, "cve_ent", values, _provenance("homicides", table, year=str(year)))


def port_layer(
    *,
    period: int | str | None = None,
    source: str = "bts",
    table: TableSource | None = None,
) -> gpd.GeoDataFrame:
    """US-Mexico land ports of entry as points, with crossing volumes by mode.

    Parameters
    ----------
    period : int or str, optional
        Bundled data: a calendar year, 2024 by default; any of :data:`PORT_YEARS`
        (1996-2024) from BTS, or with ``source="cbp"`` one of :data:`PORT_PERIODS` (2019,
        2023, 2024 or the month "2024-01"). With ``table``: the period its volumes cover (a
        year, "2019-01" or "2019-01..2019-06"), which labels the map; a table from
        :func:`geo.crossings.read_bts_crossings` states its own.
    source : {"bts", "cbp"}, default "bts"
        The bundled series: BTS Border Crossing Entry Data for all 28 ports (one definition
        for every port), or CBP's master data as published for the Texas ports, Santa Teresa
        and San Ysidro (its own citation).
    table : DataFrame or path, optional
        Your own volumes, e.g. from :func:`geo.crossings.read_bts_crossings`: a ``port_code``
        column and one column per measure (``personal_vehicles``, ``pedestrians``, ...).
        Ports not bundled are added when the table gives ``latitude`` and ``longitude``.

    Returns
    -------
    geopandas.GeoDataFrame
        One point per port (28 bundled) with ``port_code``, ``port_name``, ``usps``,
        ``mx_city``, ``mx_cve_ent``, one ``Int64`` column per measure and, from BTS,
        ``none_reported`` (the measures a port reported no crossings of that year, such as
        trucks at San Ysidro). A measure is NA where no complete figure exists for the period:
        a partial year is never shown as an annual total.
    """
    ports = load_indicator("ports")
    check_choice(source, PORT_SOURCES, what="port source")
    if table is None:
        period = 2024 if period is None else period
        if source == "bts":
            _check_choice(period, PORT_YEARS, "BTS port year")
            vol = _bts_volumes(int(period))
        else:
            _check_choice(period, PORT_PERIODS, "CBP port period")
            vol = _cbp_volumes(period)
        attrs = _provenance("ports" if source == "bts" else "ports_cbp", None, year=str(period))
        attrs["layer"] = "ports"
    else:
        vol = read_table(table)
        code = find_column(vol, ("port_code", "port code"), what="port code")
        vol = vol.rename(columns={code: "port_code"})
        _check_keys(vol, "port_code")
        ports = _with_new_ports(ports, vol)
        for measure in set(MEASURES.values()) & set(vol.columns):
            vol[measure] = to_numbers(vol, measure, integer=True)
        vol = vol[["port_code", *sorted(set(MEASURES.values()) & set(vol.columns))]]
        attrs = _provenance("ports", table, year=_table_period(table, period))
    for measure in set(MEASURES.values()) & set(vol.columns):
        vol[measure] = vol[measure].astype("Int64")
    gdf = ports.merge(vol, how="left", on="port_code", validate="1:1")
    gdf = gpd.GeoDataFrame(
        gdf.drop(columns=["latitude", "longitude"]),
        geometry=gpd.points_from_xy(gdf["longitude"], gdf["latitude"]),
        crs="EPSG:4326",
    )
    gdf.attrs = attrs
    return gdf


def _bts_volumes(year: int) -> pd.DataFrame:
    """One row per port with a complete year: its sums, and the measures it has no row for."""
    bts = load_indicator("port_volumes_bts")
    rows = bts[bts["year"] == year]
    complete = rows[rows["months_present"] == 12]
    vol = complete.pivot(index="port_code", columns="measure", values="value")
    vol = vol.rename(columns=MEASURES).reindex(columns=list(MEASURES.values()))
    listed = set(zip(rows["port_code"], rows["measure"], strict=True))
    vol["none_reported"] = [
        ", ".join(key for name, key in MEASURES.items() if (code, name) not in listed) or pd.NA
        for code in vol.index
    ]
    return vol.reset_index()


def _cbp_volumes(period: int | str) -> pd.DataFrame:
    if period == "2024-01":
        return load_indicator("port_volumes_2024_01").drop(columns="month")
    annual = load_indicator("port_volumes_annual")
    annual = annual[annual["year"] == period]
    vol = annual.pivot(index="port_code", columns="measure", values="value")
    return vol.rename(columns=MEASURES).reindex(columns=list(MEASURES.values())).reset_index()


def _with_new_ports(ports: pd.DataFrame, vol: pd.DataFrame) -> pd.DataFrame:
    """Add the ports of a user's table that are not bundled, placed by their coordinates."""
    extra = vol[~vol["port_code"].isin(ports["port_code"])]
    if len(extra):
        if not {"latitude", "longitude"} <= set(vol.columns):
            where = ", ".join(f"{row_name(vol, i)} {vol.at[i, 'port_code']!r}" for i in extra.index)
            raise DataError(
                f"{vol.attrs['label']}: unknown port code(s) without latitude/longitude: {where}"
            )
        added = extra[
            [
                c
                for c in ("port_code", "port_name", "usps", "latitude", "longitude")
                if c in extra.columns
            ]
        ].copy()
        for axis, limit in (("latitude", 90), ("longitude", 180)):
            added[axis] = to_numbers(extra, axis, minimum=-limit, maximum=limit)
            if added[axis].isna().any():
                where = ", ".join(row_name(extra, i) for i in extra.index[added[axis].isna()])
                raise DataError(
                    f"{vol.attrs['label']}, column {axis!r}: a new port needs its {axis} "
                    f"(-{limit} to {limit} degrees): {where}"
                )
        ports = pd.concat([ports, added], ignore_index=True)
    return ports


_PERIOD = re.compile(r"^\d{4}(-\d{2})?(\.\.\d{4}(-\d{2})?)?$")


def _table_period(table: TableSource, period: int | str | None) -> str:
    """Name the period a user's volumes cover: stated by the table or the caller, never guessed."""
    stated = table.attrs.get("period") if isinstance(table, pd.DataFrame) else None
    if period is None and stated is None:
        raise OptionError(
            "port_layer(table=...): say which period the volumes cover, e.g. period=2023, "
            "'2023-01' or '2023-01..2023-06'"
        )
    if period is not None and stated is not None and str(period) != str(stated):
        raise OptionError(f"period {period!r}: the table states its period as {stated!r}")
    text = str(stated if period is None else period)
    if isinstance(period, bool) or not _PERIOD.match(text):
        raise OptionError(f"period {period!r}: a year or 'YYYY-MM' (or 'YYYY-MM..YYYY-MM')")
    return text

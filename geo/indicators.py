"""The bundled indicator tables of ``data/indicators/`` and where their figures come from.

Each table is read as text and typed here; the citations below are the short form of
``data/indicators/SOURCES.md`` and travel with every layer in ``GeoDataFrame.attrs``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo import settings
from geo._catalogue import GRADES, MX_STATES, PORT_MEASURES, US_STATES, US_TERRITORIES
from geo._read import read_table, row_name, to_numbers
from geo._validate import check_choice
from geo.boundaries import load_us_counties
from geo.errors import DataError

__all__ = ["PROVENANCE", "load_indicator"]

# One entry per layer: what renderers and exports cite.
PROVENANCE: dict[str, dict[str, str]] = {
    "gun_laws": {
        "measure": "Gun-law strength grade (A best to F worst) and rank (1 = strongest)",
        "publisher": "Giffords Law Center to Prevent Gun Violence",
        "title": "Annual Gun Law Scorecard",
        "url": "https://giffords.org/lawcenter/resources/scorecard/",
        "caveat": "The District of Columbia is not graded.",
        "short": "Giffords Law Center, Annual Gun Law Scorecard",
        "caveat_es": "El Distrito de Columbia no recibe calificación.",
    },
    "dealers": {
        "measure": "Federal firearms licensees allowed to deal in firearms per 100,000 residents",
        "publisher": "ATF Listing of Federal Firearms Licensees, compiled by the Los Angeles "
        "Times; population: U.S. Census Bureau, Vintage 2024 estimates",
        "title": "Listing of Federal Firearms Licensees (October 2023 file)",
        "url": "https://github.com/datadesk/gun-dealers-2023-analysis",
        "caveat": "Licence types 01, 02, 07 and 08: dealers and gunsmiths, pawnbrokers, "
        "manufacturers and importers (manufacturers and importers are 26% of them); "
        "collectors are excluded.",
        "short": "ATF (Los Angeles Times); U.S. Census Bureau",
        "caveat_es": (
            "Licencias 01, 02, 07 y 08: comerciantes y armeros, casas de empeño, fabricantes "
            "e importadores (fabricantes e importadores son el 26 %); sin coleccionistas."
        ),
    },
    "ports": {
        "measure": "Inbound crossings per year at US-Mexico land ports of entry",
        "publisher": "U.S. Bureau of Transportation Statistics (from CBP counts)",
        "title": "Border Crossing Entry Data",
        "url": "https://data.bts.gov/Transportation/Border-Crossing-Entry-Data/keg3-3ugj",
        "caveat": "Sums of 12 monthly counts: a port with fewer than 12 months in a year has no "
        "figure; 'none reported' where BTS has no row for a measure (San Ysidro handles no "
        "trucks). Pedestrian and bus counts differ from CBP's own series at some ports.",
        "short": "BTS, Border Crossing Entry Data",
        "caveat_es": "Sumas de 12 conteos mensuales: un puerto con menos de 12 meses en un año no "
        "tiene cifra; 'ninguno registrado' donde BTS no tiene fila para un modo (San "
        "Ysidro no recibe camiones). Los conteos de peatones y autobuses difieren de la "
        "serie propia de la CBP en algunos puertos.",
    },
    "ports_cbp": {
        "measure": "Inbound crossings per year at US-Mexico land ports of entry",
        "publisher": "U.S. Customs and Border Protection via Bureau of Transportation Statistics",
        "title": "CBP master data on land port crossings (Texas ports, Santa Teresa, San Ysidro)",
        "url": "https://data.bts.gov/Research-and-Statistics/Border-Crossing-Entry-Data/keg3-3ugj",
        "caveat": "Annual figures only where all 12 months were found; other ports show no data.",
        "short": "CBP/BTS, Border Crossing Entry Data",
        "caveat_es": "Cifras anuales solo donde se encontraron los 12 meses; los demás puertos "
        "aparecen sin datos.",
    },
    "homicides": {
        "measure": "Victims of intentional homicide (homicidio doloso + feminicidio) per 100,000",
        "publisher": "SESNSP (victims in investigations opened by state prosecutors); "
        "population: CONAPO",
        "title": "Víctimas de delitos del fuero común, nivel estatal (cut of June 2025)",
        "url": "https://www.gob.mx/sesnsp/acciones-y-programas/datos-abiertos-de-incidencia-delictiva",
        "caveat": "Counts victims in criminal investigations, not deaths (INEGI counts those); "
        "Oaxaca 2015 is incomplete and shown as no data.",
        "short": "SESNSP; CONAPO",
        "caveat_es": (
            "Cuenta víctimas en carpetas de investigación, no defunciones (esas las cuenta el"
            " INEGI); Oaxaca 2015 está incompleto y aparece sin datos."
        ),
    },
    "dealers_series": {
        "measure": "Federal firearms licensees allowed to deal in firearms per 100,000 residents",
        "publisher": "ATF Listing of Federal Firearms Licensees, compiled by the Los Angeles "
        "Times; population: U.S. Census Bureau, ACS 5-year estimates (sum of the counties)",
        "title": "Listing of Federal Firearms Licensees, one listing a year (2003-2023)",
        "url": "https://github.com/datadesk/gun-dealers-2023-analysis",
        "caveat": "Licence types 01, 02, 07 and 08; which month's listing stands for each year is "
        "documented only for 2012 (January) and 2023 (October). Residents: ACS 5-year estimates "
        "of the same year (2009-2021); 2003-2008 and 2022 have no rate.",
        "short": "ATF (Los Angeles Times); U.S. Census Bureau, ACS",
        "caveat_es": "Licencias 01, 02, 07 y 08; qué listado mensual representa cada año solo está "
        "documentado para 2012 (enero) y 2023 (octubre). Habitantes: estimaciones ACS a 5"
        " años del mismo año (2009-2021); 2003-2008 y 2022 no tienen tasa.",
    },
    "county_dealers": {
        "measure": "Federal firearms licensees allowed to deal in firearms by county, per "
        "1,000 km² (and per 100,000 residents, 2009-2021)",
        "publisher": "ATF Listing of Federal Firearms Licensees, compiled by the Los Angeles "
        "Times; population: U.S. Census Bureau, ACS 5-year estimates (table B01003)",
        "title": "Listing of Federal Firearms Licensees by county; ACS 5-year county population",
        "url": "https://github.com/datadesk/gun-dealers-2023-analysis",
        "caveat": "Licence types 01, 02, 07 and 08. Before 2023, 24 to 304 licences a year are in "
        "no county (ATF county code not matched; mostly Florida, Alaska, DC and Virginia) and 189 "
        "county-years are shown as no data. ACS year Y is the 5-year period Y-4 to Y.",
        "short": "ATF (Los Angeles Times); U.S. Census Bureau, ACS",
        "caveat_es": "Licencias 01, 02, 07 y 08. Antes de 2023, entre 24 y 304 licencias al año no "
        "tienen condado (clave de condado de la ATF sin correspondencia; sobre todo "
        "Florida, Alaska, DC y Virginia) y 189 condado-años aparecen sin datos. El año Y "
        "de la ACS es el periodo de 5 años Y-4 a Y.",
    },
    "municipal_homicides": {
        "measure": "Homicides on death certificates by municipio and year of occurrence",
        "publisher": "Gargiulo, Aburto & Floridi (2023), from INEGI death certificates, "
        "CC BY 4.0; population: INEGI, Censo de Población y Vivienda 2020",
        "title": "Monthly municipal-level homicide rates in Mexico (DOI 10.17605/OSF.IO/U8DC3)",
        "url": "https://doi.org/10.17605/OSF.IO/U8DC3",
        "caveat": "Deaths without a municipio or month of occurrence and certificates registered "
        "after 2021 are left out, so sums run 2-6% below INEGI's national totals; 24 municipios "
        "created after 2000 have no data for the years before they existed (the source's 0).",
        "short": "Gargiulo, Aburto & Floridi (2023), INEGI data, CC BY 4.0; INEGI Census 2020",
        "caveat_es": "Quedan fuera las defunciones sin municipio o mes de ocurrencia y los "
        "certificados registrados después de 2021, por lo que las sumas quedan 2-6 % por "
        "debajo de los totales nacionales del INEGI; 24 municipios creados después de "
        "2000 no tienen datos en los años previos a su creación (el 0 de la fuente).",
    },
    "trace_source_cities": {
        "measure": "Firearms recovered in Mexico, Guatemala, El Salvador and Honduras, "
        "2015-2022, traced by ATF to a retail sale in a US city or county",
        "publisher": "Stop US Arms to Mexico, from ATF trace data released under FOIA (as "
        "reported by the Tucson Sentinel and SPR Informa)",
        "title": "The Iron River of Weapons: Its Sources and Contents",
        "url": "https://stopusarmstomexico.org/iron-river",
        "caveat": "Where guns were bought, not the route they took to Mexico or Central "
        "America. Traces are not a random sample of crime guns (ATF): only guns recovered and "
        "submitted are traced, and not all are traced to a purchase. The places overlap (Tucson "
        "is in Pima County): the figures must not be added up. Counts for the four recovery "
        "countries together, as the report gives them.",
        "short": "Stop US Arms to Mexico (ATF traces, FOIA)",
        "caveat_es": "Dónde se compraron las armas, no la ruta que siguieron hacia México o "
        "Centroamérica. Los rastreos no son una muestra aleatoria de las armas del crimen"
        " (ATF): solo se rastrean las armas recuperadas y enviadas, y no todas llegan a "
        "una compra. Los lugares se superponen (Tucson está en el condado de Pima): las "
        "cifras no deben sumarse. Cuenta los cuatro países de recuperación juntos, como "
        "los da el informe.",
    },
    "national_context": {
        "measure": "National figures: the share of Mexico's traced crime guns of US origin, US "
        "federal firearms licensees, Mexico's homicides and the share killed by firearm",
        "publisher": "U.S. GAO; ATF; Los Angeles Times Data Desk; INEGI (as reported in the "
        "press); SESNSP",
        "title": "National context, one citation per figure (attrs['sources'])",
        "url": "",
        "caveat": "Each figure has its own definition, period and source; traced guns are not a "
        "random sample, and INEGI (deaths on death certificates) and SESNSP (victims in "
        "criminal investigations) count different things.",
        "short": "GAO; ATF; Los Angeles Times; INEGI; SESNSP",
        "caveat_es": (
            "Cada cifra tiene su propia definición, periodo y fuente; las armas rastreadas no"
            " son una muestra aleatoria, y el INEGI (defunciones en certificados) y el SESNSP"
            " (víctimas en carpetas de investigación) cuentan cosas distintas."
        ),
    },
}


@dataclass(frozen=True)
class _Table:
    """What a bundled table must hold: its columns, key columns (filled, unique) and rows.

    ``years`` bounds its ``year`` column; ``counts`` are columns read as whole numbers in this
    table even where another table holds them as measures (``licensees``), ``measures`` the
    reverse (``value``: a share or a count).
    """

    columns: tuple[str, ...]
    key: tuple[str, ...]
    rows: int
    years: tuple[int, int] = (1990, 2100)
    counts: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()


# The bundled tables are checked as strictly as a user's: a truncated or edited file is an
# error naming it, never a map of "no data".
_TABLES = {
    "atf_trace_sources": _Table(
        ("period", "usps", "state", "traced_firearms", "share_pct", "source_state_rank",
         "source_key", "confidence", "notes"),
        ("period", "usps", "source_key"), 7,
    ),
    "trace_source_cities": _Table(
        ("place", "kind", "usps", "traced_firearms", "period", "metric", "recovered_in",
         "source_key", "confidence", "notes"),
        ("place", "usps"), 6, counts=frozenset({"traced_firearms"}),
    ),
    "mx_consulates": _Table(
        ("office", "type", "city", "usps", "jurisdiction", "source_key", "notes"), ("office",), 53
    ),
    "mx_consulate_addresses": _Table(
        ("office", "address", "zip", "latitude", "longitude", "coord_source", "source_key",
         "source_date", "notes"),
        ("office",), 53,
    ),
    # The states and counties a jurisdiction's text names (SOURCES.md): checked further below.
    "mx_consulate_jurisdictions": _Table(
        ("office", "level", "code", "name", "district", "as_of", "source_key", "source",
         "note"),
        ("office", "code"), 148,
    ),
    "mx_homicides": _Table(
        ("cve_ent", "year", "homicides", "population", "rate_per_100k", "firearm_share",
         "firearm_share_lower_bound", "source", "notes"),
        ("cve_ent", "year"), 330,
    ),
    "port_volumes_2024_01": _Table(
        ("port_code", "month", "personal_vehicle_passengers", "personal_vehicles",
         "pedestrians", "trucks"),
        ("port_code",), 28,
    ),
    "port_volumes_annual": _Table(
        ("port_code", "year", "measure", "value", "basis", "source_key"),
        ("port_code", "year", "measure"), 164,
    ),
    "port_volumes_bts": _Table(
        ("port_code", "year", "measure", "value", "months_present"),
        ("port_code", "year", "measure"), 4153,
    ),
    "ports": _Table(
        ("port_code", "port_name", "usps", "latitude", "longitude", "mx_city", "mx_cve_ent",
         "notes", "coord_source"),
        ("port_code",), 28,
    ),
    "us_ffl": _Table(
        ("usps", "as_of", "licence_types", "licensees", "source_key", "notes"),
        ("usps", "as_of"), 102,
    ),
    "us_giffords_editions": _Table(
        ("edition", "usps", "grade", "law_strength_rank", "law_strength_order", "source_url",
         "source_note"),
        ("edition", "usps"), 250,
    ),
    "us_gun_laws": _Table(
        ("usps", "state", "giffords_2025_grade", "giffords_2025_rank", "giffords_2025_source",
         "sfl_provisions_2020", "everytown_2026_rank"),
        ("usps",), 51,
    ),
    "us_population": _Table(("usps", "year", "population", "vintage"), ("usps", "year"), 204),
    # Counties and municipios (SOURCES.md): the row counts are full grids, code x year.
    "us_ffl_by_county": _Table(
        ("fips", "usps", "county", "year", "licensees"), ("fips", "year"), 3143 * 21,
        years=(2003, 2023), counts=frozenset({"licensees"}),
    ),
    "us_ffl_by_state_series": _Table(
        ("usps", "year", "licensees"), ("usps", "year"), 51 * 21,
        years=(2003, 2023), counts=frozenset({"licensees"}),
    ),
    "us_county_population": _Table(
        ("fips", "year", "population"), ("fips", "year"), 40_853, years=(2009, 2021)
    ),
    "mx_homicides_by_municipio": _Table(
        ("cvegeo", "year", "homicides"), ("cvegeo", "year"), 2467 * 22, years=(2000, 2021)
    ),
    "mx_municipio_population": _Table(("cvegeo", "name", "population_2020"), ("cvegeo",), 2478),
    # National figures (SOURCES.md, national_context.csv): headline figures and INEGI's years.
    "national_context": _Table(
        ("key", "period", "value", "unit", "numerator", "denominator", "estimate",
         "definition_en", "definition_es", "caveat_en", "caveat_es", "publisher", "title",
         "year", "url", "confidence", "source_key"),
        ("key",), 21, counts=frozenset({"numerator", "denominator"}),
        measures=frozenset({"value"}),
    ),
}  # fmt: skip
# County and municipio codes: 5 digits, the first two a state's (50 states and DC; entidades).
_US_FIPS = {fips: usps for fips, usps, _ in US_STATES if usps not in US_TERRITORIES}
_CODES = {
    "fips": (
        frozenset(_US_FIPS),
        "a county FIPS code (5 digits, the first two a US state's or DC's)",
    ),
    "cvegeo": (
        frozenset(cve for cve, *_ in MX_STATES),
        "a municipio code (5 digits: CVE_ENT of an entidad, then CVE_MUN)",
    ),
}
# Values a column may hold: codes of the catalogue, grades, ranks.
_DOMAINS = {
    "usps": {usps for _, usps, _ in US_STATES},
    "cve_ent": {"00"} | {cve for cve, *_ in MX_STATES},
    "mx_cve_ent": {cve for cve, *_ in MX_STATES},
    "grade": set(GRADES),
    "giffords_2025_grade": set(GRADES),
    "measure": set(PORT_MEASURES),
    "unit": {"share_pct", "firearms", "firearms_per_year", "licensees", "homicides"},
    "level": {"state", "county"},
    "district": {"whole", "part"},
}
_RANGES = {
    "giffords_2025_rank": (1, 50),
    "everytown_2026_rank": (1, 50),
    "law_strength_rank": (1, 50),
    "law_strength_order": (1, 51),
    "edition": (2010, 2100),
    "months_present": (1, 12),
    "population": (1, None),
    "population_2020": (1, None),
}
_INTEGER = {
    "giffords_2025_rank",
    "sfl_provisions_2020",
    "everytown_2026_rank",
    "edition",
    "law_strength_rank",
    "law_strength_order",
    "population",
    "population_2020",
    "year",
    "value",
    "months_present",
    "homicides",
    "personal_vehicle_passengers",
    "personal_vehicles",
    "pedestrians",
    "trucks",
}
# Measures with their allowed range (minimum, maximum).
_FLOAT = {
    "licensees": (0, None),
    "latitude": (-90, 90),
    "longitude": (-180, 180),
    "rate_per_100k": (0, None),
    "firearm_share": (0, 1),
}
_BOOL = {"firearm_share_lower_bound", "estimate"}


def load_indicator(name: str) -> pd.DataFrame:
    """Load one bundled indicator table with typed, checked columns.

    Parameters
    ----------
    name : str
        File stem in ``data/indicators/``: ``us_gun_laws``, ``us_giffords_editions``,
        ``us_ffl``, ``us_population``, ``ports``, ``port_volumes_bts``,
        ``port_volumes_annual``, ``port_volumes_2024_01``, ``mx_homicides``, ``mx_consulates``,
        ``mx_consulate_addresses``, ``mx_consulate_jurisdictions``, ``atf_trace_sources``,
        ``trace_source_cities``; by county and municipio:
        ``us_ffl_by_county``, ``us_ffl_by_state_series``, ``us_county_population``,
        ``mx_homicides_by_municipio`` or ``mx_municipio_population``; national figures:
        ``national_context``.

    Returns
    -------
    pandas.DataFrame
        Codes as text, counts as ``Int64``, measures as ``Float64``; missing stays NA.

    Raises
    ------
    DataError
        If the file is missing, or is not the bundled table: a row short of fields, a row
        count or key that differs, a value out of range, a county or municipio code that is not
        one, a state that disagrees with its county's code; for the jurisdictions, an office
        that is not one, or a state or county that is not in the boundaries.
    """
    check_choice(name, sorted(_TABLES), what="indicator table")
    path = Path(settings.data_dir) / "indicators" / f"{name}.csv"
    stat = path.stat() if path.exists() else None
    return _load(name, str(path), stat.st_mtime_ns if stat else 0).copy()


@functools.lru_cache(maxsize=32)
def _load(name: str, path: str, mtime_ns: int) -> pd.DataFrame:
    df = read_table(path, strict=True)
    spec = _TABLES[name]
    _check_shape(df, spec, path)
    _check_codes(df, path)
    if name == "mx_consulate_jurisdictions":
        _check_jurisdictions(df, path)
    for column in df.columns:
        df[column] = _typed(df, column, path, spec)
    if {"homicides", "population"} <= set(df.columns):
        over = (df["homicides"] > df["population"]).fillna(False)
        if over.any():
            raise DataError(
                f"{path}: more homicides than inhabitants on line(s) {list(df.index[over])}"
            )
    return df.reset_index(drop=True)


def _check_shape(df: pd.DataFrame, spec: _Table, path: str) -> None:
    """Check the table's columns, codes, keys and row count against the bundled one."""
    if tuple(df.columns) != spec.columns:
        raise DataError(
            f"{path}: columns {list(df.columns)}; the bundled table has {list(spec.columns)}"
        )
    for column, allowed in _DOMAINS.items():
        if column in df.columns:
            bad = df[column].notna() & ~df[column].isin(allowed)
            if bad.any():
                raise DataError(
                    f"{path}, column {column!r}: not a known value: {_where(df, column, bad)}"
                )
    keys = df[list(spec.key)]
    repeated = keys.isna().any(axis=1) | keys.duplicated(keep=False)
    if repeated.any():
        raise DataError(
            f"{path}: key {list(spec.key)} missing or repeated on line(s) "
            f"{list(df.index[repeated])}"
        )
    if len(df) != spec.rows:
        raise DataError(
            f"{path}: {len(df)} rows where the bundled table has {spec.rows}; the file is "
            "truncated or edited: reinstall the package or rebuild it with "
            "tools/build_indicators.py"
        )


def _where(df: pd.DataFrame, column: str, bad: pd.Series) -> str:
    """Name the first few rows flagged in ``bad`` with their cell of ``column``."""
    return ", ".join(f"{row_name(df, i)} {df.at[i, column]!r}" for i in df.index[bad][:5])


def _check_codes(df: pd.DataFrame, path: str) -> None:
    """Check county and municipio codes, and that a county's state is the ``usps`` given.

    A code is 5 ASCII digits whose first two are the code of a state of the catalogue (the 50
    US states and DC for ``fips``; the 32 entidades for ``cvegeo``). Empty cells are left to the
    key check.
    """
    for column, (states, what) in _CODES.items():
        if column not in df.columns:
            continue
        codes = df[column].astype("string")
        good = codes.str.fullmatch("[0-9]{5}") & codes.str.slice(0, 2).isin(states)
        bad = codes.notna() & ~good.fillna(False).astype(bool)
        if bad.any():
            raise DataError(f"{path}, column {column!r}: not {what}: {_where(df, column, bad)}")
    if {"fips", "usps"} <= set(df.columns):
        state = df["fips"].str.slice(0, 2).map(_US_FIPS).fillna("")
        bad = df["usps"].notna() & (state != df["usps"].fillna(""))
        if bad.any():
            raise DataError(
                f"{path}, column 'usps': not the state of the county's FIPS code: "
                f"{_where(df, 'usps', bad)}"
            )


def _check_jurisdictions(df: pd.DataFrame, path: str) -> None:
    """Check that each unit is an office's, a state or county of the boundaries, named as there.

    An office's units are all its whole district or all part of it (``district``).
    """
    offices = set(load_indicator("mx_consulates")["office"])
    bad = ~df["office"].isin(offices)
    if bad.any():
        raise DataError(
            f"{path}, column 'office': not an office of mx_consulates: {_where(df, 'office', bad)}"
        )
    states = {usps: name for _, usps, name in US_STATES if usps not in US_TERRITORIES}
    counties = load_us_counties().set_index("fips")["name"].to_dict()
    names = df["level"].map({"state": states, "county": counties})
    known = pd.Series([codes.get(code) for codes, code in zip(names, df["code"], strict=True)],
                      index=df.index)  # fmt: skip
    bad = known.isna()
    if bad.any():
        raise DataError(
            f"{path}, column 'code': not the USPS code of a state (level 'state') or the FIPS "
            f"code of a county of the boundaries (level 'county'): {_where(df, 'code', bad)}"
        )
    bad = known != df["name"]
    if bad.any():
        raise DataError(
            f"{path}, column 'name': not the boundaries' name of the unit's code: "
            f"{_where(df, 'name', bad)}"
        )
    bad = df.groupby("office")["district"].transform("nunique") > 1
    if bad.any():
        raise DataError(
            f"{path}, column 'district': an office's units are all 'whole' or all 'part': "
            f"{_where(df, 'district', bad)}"
        )


def _typed(df: pd.DataFrame, column: str, path: str, spec: _Table) -> pd.Series:
    """Type a column: counts and measures in their range, flags, or text."""
    if column in spec.measures:
        return to_numbers(df, column)
    if column in _INTEGER or column in spec.counts:
        low, high = spec.years if column == "year" else _RANGES.get(column, (0, None))
        return to_numbers(df, column, integer=True, minimum=low, maximum=high)
    if column in _FLOAT:
        low, high = _FLOAT[column]
        return to_numbers(df, column, minimum=low, maximum=high)
    if column in _BOOL:
        flags = df[column].map({"True": True, "False": False})
        if flags.isna().ne(df[column].isna()).any():
            raise DataError(f"{path}, column {column!r}: values must be True or False")
        return flags.astype("boolean")
    return df[column].astype("string")

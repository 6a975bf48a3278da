"""The national figures the story rests on, and Mexico's homicides by year from two sources.

:func:`national_context` is the short table of headline figures (the share of Mexico's traced
crime guns of US origin, US federal firearms licensees, Mexico's homicides and the share
committed with a firearm), each with its definition, period, caveat and citation, in English
or Spanish. :func:`national_homicides` gives INEGI's and SESNSP's national series by year,
kept apart, for :func:`geo.charts.national_homicides_chart`. Both read the bundled tables
``national_context`` and ``mx_homicides`` (see ``data/indicators/SOURCES.md``); nothing is
estimated or filled.
"""

from __future__ import annotations

import re

import pandas as pd

from geo._text import LANGUAGES, number, text
from geo._validate import check_choice
from geo.errors import DataError
from geo.indicators import PROVENANCE, load_indicator

__all__ = ["COLUMNS", "HEADLINES", "national_context", "national_homicides"]

# The headline figures, in the order they are told: guns traced, dealers, deaths.
HEADLINES = (
    "traced_us_origin_2009_2014",
    "traced_us_origin_2014_2018",
    "ffl_all_types_fy2023",
    "ffl_dealing_2023_10",
    "inegi_homicides_2024_preliminary",
    "inegi_firearm_share_2024_preliminary",
    "sesnsp_firearm_share_2015",
    "sesnsp_firearm_share_2024",
)
COLUMNS = (
    "key",
    "figure",
    "value",
    "value_text",
    "unit",
    "period",
    "definition",
    "estimate",
    "source",
    "url",
    "confidence",
    "caveat",
)
# Figure label of each family of keys (the key without its period and status).
_FIGURES = {
    "traced_us_origin": "ctx_traced",
    "ffl_all_types": "ctx_ffl_all",
    "ffl_dealing": "ctx_ffl_dealing",
    "inegi_homicides": "ctx_inegi_homicides",
    "inegi_firearm_share": "ctx_inegi_share",
    "sesnsp_firearm_share": "ctx_sesnsp_share",
}
# What a share is "of" when the source gives its total but not its numerator.
_SHARE_OF = {
    "inegi_firearm_share": "ctx_share_homicides",
    "sesnsp_firearm_share": "ctx_share_victims",
}
_INEGI = re.compile(r"inegi_(homicides|firearm_share)_(\d{4})_(definitive|preliminary)")
_REPORTED = ", as reported by "
_PUBLISHERS = {
    "inegi": "Instituto Nacional de Estadística y Geografía (INEGI)",
    "sesnsp": "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP)",
}


def national_context(*, lang: str = "en") -> pd.DataFrame:
    """Return the headline national figures, one row each, with definitions and sources.

    Parameters
    ----------
    lang : {"en", "es"}, default "en"
        Language of ``figure``, ``value_text``, ``period``, ``definition`` and ``caveat``
        (Spanish numbers with thin-space thousands and a decimal point, as in Mexico).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, rows in the order of :data:`HEADLINES`: ``value`` (float; a
        share in percent, or a count), ``value_text`` (the value with its unit and, for a
        share, its counts; estimates start with "about" and say so), ``estimate`` (bool),
        ``source`` (publisher, title, year), ``url`` and ``confidence`` as the reference
        notes rate it. ``attrs["sources"]`` lists every source cited (``publisher``,
        ``title``, ``year``, ``url``, ``short``).

    Raises
    ------
    OptionError
        If ``lang`` is not "en" or "es".
    DataError
        If the bundled table lacks a headline figure, or its SESNSP figures differ from
        ``mx_homicides``.
    """
    check_choice(lang, LANGUAGES, what="lang")
    table = load_indicator("national_context").set_index("key", drop=False)
    missing = [key for key in HEADLINES if key not in table.index]
    if missing:
        raise DataError(f"national_context.csv: no row for {missing}; rebuild the indicators")
    _check_sesnsp(table)
    rows = table.loc[list(HEADLINES)]
    shown = pd.DataFrame(
        {
            "key": rows["key"].astype(str),
            "figure": [text(_FIGURES[_family(k)], lang) for k in rows["key"]],
            "value": rows["value"].astype(float),
            "value_text": [_value_text(row, lang) for _, row in rows.iterrows()],
            "unit": rows["unit"].astype(str),
            "period": [_period(str(p), lang) for p in rows["period"]],
            "definition": rows[f"definition_{lang}"].astype(str),
            "estimate": rows["estimate"].astype(bool),
            "source": [f"{r.publisher}, {r.title}, {r.year}" for r in rows.itertuples()],
            "url": rows["url"].astype(str),
            "confidence": rows["confidence"].astype(str),
            "caveat": rows[f"caveat_{lang}"].astype(str),
        },
        columns=list(COLUMNS),
    ).reset_index(drop=True)
    shown.attrs = {**PROVENANCE["national_context"], "lang": lang, "sources": _sources(rows)}
    return shown


def _family(key: str) -> str:
    """Return the label family of a key: its longest known prefix."""
    found = [f for f in _FIGURES if key.startswith(f"{f}_")]
    if not found:
        raise DataError(f"national_context.csv: key {key!r} has no label")
    return max(found, key=len)


def _value_text(row: pd.Series, lang: str) -> str:
    """Write a figure with its unit; a share with its counts; an estimate as one."""
    value, unit = float(row["value"]), str(row["unit"])
    if unit == "share_pct":
        pct = f"{number(value, lang, 0 if value.is_integer() else 1)}%"
        part, whole = row["numerator"], row["denominator"]
        shown = pct
        if pd.notna(part) and pd.notna(whole):
            counts = {"num": number(part, lang), "den": number(whole, lang)}
            shown = text("ctx_share_counts", lang, pct=pct, **counts)
        elif pd.notna(whole) and _family(str(row["key"])) in _SHARE_OF:
            of = _SHARE_OF[_family(str(row["key"]))]
            shown = text(of, lang, pct=pct, den=number(whole, lang))
    else:
        shown = text(f"ctx_{unit}", lang, n=number(value, lang))
    if bool(row["estimate"]):
        shown = text("ctx_estimate", lang, value=shown)
    if str(row["key"]).endswith("_preliminary"):
        shown = text("ctx_preliminary", lang, value=shown)
    return shown


def _period(period: str, lang: str) -> str:
    """Write a fiscal year in words; other periods (2009-2014, 2023-10) as given."""
    fiscal = re.fullmatch(r"FY(\d{4})", period)
    return text("ctx_fiscal_year", lang, year=fiscal.group(1)) if fiscal else period


def _sources(rows: pd.DataFrame) -> list[dict]:
    """Every citation of ``rows`` once, in order: the shape layers use in ``attrs``."""
    cited: dict[tuple, dict] = {}
    for r in rows.itertuples():
        publisher = str(r.publisher)
        acronym = re.search(r"\(([A-Z]{3,})\)$", publisher)
        if _REPORTED in publisher:
            short = publisher.split(_REPORTED)[-1]
        else:
            short = acronym.group(1) if acronym else publisher
        source = {"publisher": publisher, "title": str(r.title), "year": int(r.year),
                  "url": str(r.url), "short": short}  # fmt: skip
        cited.setdefault(tuple(source.values()), source)
    return list(cited.values())


def _sesnsp_national() -> pd.DataFrame:
    homicides = load_indicator("mx_homicides")
    return homicides[homicides["cve_ent"] == "00"].set_index("year")


def _check_sesnsp(table: pd.DataFrame) -> None:
    """Refuse SESNSP shares that differ from the national rows of ``mx_homicides``."""
    national = _sesnsp_national()
    for key in [k for k in table.index if str(k).startswith("sesnsp_firearm_share_")]:
        row = table.loc[key]
        year = int(str(row["period"]))
        figures = national.loc[year] if year in national.index else None
        same = (
            figures is not None
            and pd.notna(figures["firearm_share"])
            and pd.notna(row["denominator"])
            and round(float(figures["firearm_share"]) * 100, 1) == float(row["value"])
            and int(figures["homicides"]) == int(row["denominator"])
        )
        if not same:
            raise DataError(f"national_context.csv: {key} differs from mx_homicides.csv")


def national_homicides() -> pd.DataFrame:
    """Return Mexico's national homicides by year from INEGI and from SESNSP, kept apart.

    INEGI: deaths registered as homicides on death certificates, the definitive count where
    one was found, else the preliminary one (``preliminary`` True), and the share committed
    with a firearm from INEGI's preliminary releases where given (``share_preliminary``).
    SESNSP: victims of homicidio doloso and feminicidio in investigations opened by the state
    prosecutors (June 2025 cut), with the share killed with a firearm. The two count
    different things: never add them or join them into one series.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``year`` (Int64), ``series`` ("inegi" or "sesnsp"), ``publisher``,
        ``homicides`` (Int64), ``preliminary`` (boolean), ``firearm_share`` (Float64, 0-1,
        NA where no figure was found) and ``share_preliminary`` (boolean, NA without a
        share). ``attrs["sources"]`` cites every figure; ``attrs["series"]`` gives each
        series' label and citation keys of :mod:`geo._text` and its sources.
    """
    table = load_indicator("national_context")
    found = table["key"].str.extract(_INEGI.pattern).dropna()
    found.columns = ["what", "year", "status"]
    found = found.assign(value=table["value"], year=found["year"].astype(int))
    counts = found[found["what"] == "homicides"].set_index("year")
    shares = found[found["what"] == "firearm_share"].set_index("year")
    if not (counts.index.is_unique and shares.index.is_unique):
        raise DataError("national_context.csv: two INEGI figures for one year")
    inegi = pd.DataFrame(index=counts.index.union(shares.index).rename("year"))
    inegi["homicides"] = counts["value"].round().astype("Int64")
    inegi["preliminary"] = (counts["status"] == "preliminary").astype("boolean")
    inegi["firearm_share"] = (shares["value"] / 100).astype("Float64")
    inegi["share_preliminary"] = (shares["status"] == "preliminary").astype("boolean")
    national = _sesnsp_national()
    sesnsp = pd.DataFrame(
        {
            "homicides": national["homicides"],
            "preliminary": pd.array([False] * len(national), dtype="boolean"),
            "firearm_share": national["firearm_share"].astype("Float64"),
            "share_preliminary": national["firearm_share"].notna().map({True: False}),
        }
    ).astype({"share_preliminary": "boolean"})
    parts = [inegi.assign(series="inegi"), sesnsp.assign(series="sesnsp")]
    tidy = pd.concat(parts).reset_index()
    tidy["year"] = tidy["year"].astype("Int64")
    tidy["publisher"] = tidy["series"].map(_PUBLISHERS)
    tidy = tidy[["year", "series", "publisher", "homicides", "preliminary", "firearm_share",
                 "share_preliminary"]]  # fmt: skip
    inegi_rows = table.loc[found.sort_values(["year", "what"]).index]
    sesnsp_rows = table[table["key"].str.startswith("sesnsp_")]
    series = {"inegi": _sources(inegi_rows), "sesnsp": _sources(sesnsp_rows)}
    tidy.attrs = {
        "measure": "Homicides in Mexico a year and the share committed with a firearm, "
        "INEGI (death certificates) and SESNSP (victims in criminal investigations)",
        "sources": series["inegi"] + series["sesnsp"],
        "series": {
            name: {"text": f"ctx_series_{name}", "cite": f"ctx_cite_{name}", "sources": cited}
            for name, cited in series.items()
        },
    }
    return tidy

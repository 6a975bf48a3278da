"""What a layer says about each feature: tooltips, popups, legend rows and table cells.

The text functions that catalogue entries (:mod:`geo.catalogue`) name; each takes a row of a
built layer and a language and returns plain text or lines of (style, text) runs, never
markup: the renderers escape them for where they land.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import pandas as pd

from geo import layers
from geo._catalogue import US_NAMES_ES, US_STATES
from geo._text import Line, number, text

Row = Mapping[str, Any]  # one feature: a row of a layer's GeoDataFrame


def fmt(value: Any, lang: str, decimals: int = 0) -> str:
    """Format a figure in ``lang``, or say "No data"."""
    return text("no_data", lang) if pd.isna(value) else number(float(value), lang, decimals)


def plain(*lines: str) -> list[Line]:
    return [[("", line)] for line in lines]


def grade_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    if pd.isna(row["grade"]):
        return plain(text("not_graded", lang))
    line = f"{text('grade', lang)} {row['grade']}"
    rank = row["law_strength_rank"]
    if not pd.isna(rank):
        line += f" ({text('rank', lang, rank=int(rank))})"
    return plain(line)


def dealer_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    return plain(
        f"{fmt(row['licensees_per_100k'], lang, 1)} {text('per_100k', lang)}",
        f"{fmt(row['licensees'], lang)} {text('licensees', lang)}",
    )


def county_dealer_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    lines = [
        str(row["usps"]),
        f"{fmt(row['licensees_per_1000km2'], lang, 1)} {text('per_1000km2', lang)}",
        f"{fmt(row['licensees'], lang)} {text('licensees', lang)}",
    ]
    if not pd.isna(row["licensees_per_100k"]):
        lines.append(f"{fmt(row['licensees_per_100k'], lang, 1)} {text('per_100k', lang)}")
    return plain(*lines)


def municipal_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    period = str(attrs.get("year", ""))
    count = (
        text("homicides_a_year", lang, period=period)
        if "-" in period
        else f"{text('homicides', lang)} {period}"
    )
    lines = [f"{fmt(row['homicides'], lang, 1 if '-' in period else 0)} {count}"]
    if not pd.isna(row["rate_per_100k"]):
        lines.insert(0, f"{fmt(row['rate_per_100k'], lang, 1)} {text('rate', lang)}")
    return plain(*lines)


def homicide_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    lines = [
        f"{fmt(row['rate_per_100k'], lang, 1)} {text('rate', lang)}",
        f"{fmt(row['homicides'], lang)} {text('homicides', lang)}",
    ]
    if "firearm_share" in row and not pd.isna(row["firearm_share"]):
        share = f"{float(row['firearm_share']) * 100:.0f}% {text('firearm_share', lang)}"
        if row.get("firearm_share_lower_bound") is True:
            share += f" ({text('lower_bound', lang)})"
        lines.append(share)
    return plain(*lines)


def rate_change_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    change = "" if pd.isna(row["change"]) else f" ({float(row['change']):+.1f})"
    before, after = fmt(row["rate_start"], lang, 1), fmt(row["rate_end"], lang, 1)
    return plain(f"{attrs.get('start')}: {before} \u2192 {attrs.get('end')}: {after}{change}")


def grade_change_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    def grade(value: Any) -> str:
        return text("not_graded", lang) if pd.isna(value) else str(value)

    change = "" if pd.isna(row["change"]) else f" ({int(row['change']):+d})"
    before, after = grade(row["grade_start"]), grade(row["grade_end"])
    return plain(f"{attrs.get('start')}: {before} \u2192 {attrs.get('end')}: {after}{change}")


def sister_city(name: Any, lang: str) -> str:
    """Return a port's city across the line, its English gloss in Spanish on a Spanish map.

    The port table writes a town that is not a municipio's seat as "San Jerónimo (Juárez
    municipality)"; Spanish reads "San Jerónimo (municipio de Juárez)".
    """
    name = "" if pd.isna(name) else str(name)
    suffix = " municipality)"
    if lang == "es" and name.endswith(suffix) and " (" in name:
        town, municipio = name[: -len(suffix)].split(" (", 1)
        return f"{town} (municipio de {municipio})"
    return name


# Popups of points: lines of (style, text) runs.


def port_popup(
    row: Row, attrs: Mapping[str, Any], lang: str, places: Mapping[str, str]
) -> list[Line]:
    lines: list[Line] = [[("b", row["port_name"]), ("", f" ({row['usps']})")]]
    if not pd.isna(row.get("mx_city")):
        state = places.get(str(row.get("mx_cve_ent")), "")
        city = sister_city(row["mx_city"], lang)
        lines.append([("", f"{text('sister_city', lang)}: {city}, {state}")])
    lines.append([("u", text("crossings", lang, period=attrs.get("year", "")))])
    for measure in layers.MEASURES.values():
        if measure in row:
            lines.append([("", f"{text(measure, lang)}: {volume(row, measure, lang)}")])
    lines.append([("small", attrs.get("short", ""))])
    return lines


_OFFICE_TYPES = {  # the SRE's Spanish names of the kinds of office, and English ones
    "consulado general": "consulate general",
    "consulado de carrera": "career consulate",
    "sección consular de la embajada": "consular section of the embassy",
}


def office_type(kind: Any, lang: str) -> str:
    """Return the kind of a consular office in ``lang`` ("" where the sources give none)."""
    if pd.isna(kind):
        return ""
    return str(kind) if lang == "es" else _OFFICE_TYPES.get(str(kind), str(kind))


def office_popup(
    row: Row, attrs: Mapping[str, Any], lang: str, places: Mapping[str, str]
) -> list[Line]:
    grade = text("not_graded", lang) if pd.isna(row["grade"]) else row["grade"]
    lines: list[Line] = [[("b", f"{text('consulate', lang)} {row['office']}")]]
    if not pd.isna(row["type"]):
        lines.append([("", office_type(row["type"], lang))])
    lines += [
        [("", f"{row['city']}, {row['usps']}")],
        [("", f"{text('grade', lang)}: {grade}")],
        [("", f"{text('us_dealers', lang)}: {fmt(row['licensees_per_100k'], lang, 1)}")],
        [("", nearest_ports(row, lang))],
        [("", f"{text('border_distance', lang)}: {fmt(row['border_distance_km'], lang)} km")],
        [("small", placement(row, lang))],
    ]
    return lines


def nearest_ports(row: Row, lang: str) -> str:
    """Say an office's nearest ports, from where it is placed, rounded as that supports."""
    column = "nearest_ports" if lang == "en" else f"nearest_ports_{lang}"
    if row["placement"] == "zip":
        origin = text("ports_from_zip", lang, zip=row["zip"])
    else:
        origin = text("ports_from_city", lang)
    return f"{text('nearest_ports', lang)} ({origin}): {row[column]}"


def placement(row: Row, lang: str) -> str:
    """Say where an office is placed (its ZIP code's point or its city) and how closely."""
    km = number(math.ceil(int(row["placement_m"]) / 1000), lang)
    if row["placement"] == "zip":
        return text("placed_zip", lang, zip=row["zip"], km=km)
    return text("placed_city", lang, km=km)


def flow_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    count = number(row["traced_firearms"], lang)
    return [
        [("b", row["state"]), ("", f": {count} {text('traced', lang)} ({row['share_pct']:g}%)")]
    ]


# A consulate's jurisdiction: the states and counties its sources name.

_MANY_COUNTIES = 5  # more counties of a state than this are counted, not named


def listed(items: list[str], lang: str) -> str:
    """Join names as a sentence does: "A, B and C"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text('and', lang)} {items[-1]}"


def jurisdiction_date(row: Row, lang: str) -> str:
    """Say when an outlined jurisdiction was described: "as of 2018", or that no date is given."""
    if pd.isna(row["as_of"]):
        return text("undated", lang)
    return text("as_of_date", lang, date=row["as_of"])


def jurisdiction_units(row: Row, lang: str) -> str:
    """Name an outline's states, and its counties by state (counted where there are many)."""
    names = {usps: name for _, usps, name in US_STATES}
    if lang == "es":
        names.update(US_NAMES_ES)
    fips = {code: usps for code, usps, _ in US_STATES}
    parts = [names[usps] for usps in str(row["states"]).split(";") if usps]
    counties = [c for c in str(row["counties"]).split(";") if c]
    by_state: dict[str, list[str]] = {}
    for code, name in zip(counties, str(row["county_names"]).split(";"), strict=False):
        by_state.setdefault(fips[code[:2]], []).append(name)
    for usps, found in by_state.items():
        if len(found) > _MANY_COUNTIES:
            parts.append(text("counties_of", lang, n=len(found), state=names[usps]))
        else:
            key = "county_named" if len(found) == 1 else "counties_named"
            parts.append(text(key, lang, names=listed(found, lang), usps=usps))
    return listed(parts, lang)


def jurisdiction_rows(gdf: gpd.GeoDataFrame, lang: str) -> list[str]:
    """Legend rows of outlined jurisdictions: whole or part, and as of when."""
    rows = []
    for _, row in gdf.iterrows():
        key = "jurisdiction_whole" if row["district"] == "whole" else "jurisdiction_part"
        rows.append(text(key, lang, date=jurisdiction_date(row, lang)))
    return rows


def jurisdiction_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    key = "jurisdiction_whole" if row["district"] == "whole" else "jurisdiction_part"
    return [
        [("b", f"{text('consulate', lang)} {row['office']}")],
        [("", jurisdiction_units(row, lang))],
        [("", text(key, lang, date=jurisdiction_date(row, lang)))],
        [("small", f"{text('source', lang)}: {row['source']}")],
    ]


def band_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    km = f"{row['distance_km']:g}"
    return plain(f"{text('band', lang, km=km)} ({row['iso_a3']})")


def band_widths(gdf: gpd.GeoDataFrame, lang: str) -> list[str]:
    return [", ".join(f"{km:g} km" for km in sorted(set(gdf["distance_km"])))]


def flow_rows(gdf: gpd.GeoDataFrame, lang: str) -> list[str]:
    return [f"{r['state']}: {number(r['traced_firearms'], lang)}" for _, r in gdf.iterrows()]


def volume(row: Row, measure: str, lang: str) -> str:
    """Write a port's crossings: the figure, "none reported" or "No data"."""
    listed = row.get("none_reported")
    if not pd.isna(listed) and measure in str(listed).split(", "):
        return text("none_reported", lang)
    return fmt(row[measure], lang)


def grade_cell(row: Row, lang: str) -> str:
    return str(row["grade"]) if not pd.isna(row["grade"]) else text("not_graded", lang)


# Trace-source cities: where traced guns were bought.


def trace_kind(row: Row, lang: str) -> str:
    """Say whether a trace-source place is a city or a county."""
    return text("county" if row.get("kind") == "county" else "trace_city", lang)


def trace_popup(
    row: Row, attrs: Mapping[str, Any], lang: str, places: Mapping[str, str]
) -> list[Line]:
    county = row.get("kind") == "county"
    count = text(
        "trace_count",
        lang,
        count=fmt(row["traced_firearms"], lang),
        period=row.get("period", attrs.get("year", "")),
    )
    lines: list[Line] = [
        [("b", row["place"]), ("", f" ({row['usps']}), {trace_kind(row, lang).lower()}")],
        [("", count)],
        [("", text("trace_counts_county" if county else "trace_counts_city", lang))],
    ]
    overlaps = row.get("overlaps")
    if isinstance(overlaps, str) and overlaps:
        lines.append([("", text("trace_overlap", lang, places=overlaps))])
    lines += [
        [("small", text("trace_origin", lang))],
        [("small", text("trace_placed_county" if county else "trace_placed_city", lang))],
        [("small", f"{text('source', lang)}: {attrs.get('short', '')}")],
    ]
    return lines

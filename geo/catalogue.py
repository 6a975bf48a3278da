"""The layer catalogue: every layer a map can show, declared once.

An entry says what a layer is (its id, how it is drawn, whose states it covers and by which
key), how it is built (its builder and the map option choosing its year, edition or period,
with the valid choices), how it is styled (:class:`geo.style.StyleSpec`), what it says (its
name, tooltips, popups, labels and data table, in English and Spanish) and what a layer
handed in by a user must hold. Where its figures come from travels with the built layer, in
``GeoDataFrame.attrs`` (:data:`geo.indicators.PROVENANCE`).

The scene (:mod:`geo.scene`), the renderers, the recipes, the exports and the command line
read this table; none of them names a layer. Adding a layer is one entry, its data and its
tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd

from geo import analysis, changes, layers
from geo._text import Line, number, text
from geo.boundaries import load_border
from geo.consulates import consulate_layer, trace_flows
from geo.style import StyleSpec

__all__ = [
    "CATALOGUE",
    "LAYERS",
    "TIMELINE",
    "Column",
    "LayerEntry",
    "Marker",
    "layer_for_year",
]

Row = Mapping[str, Any]  # one feature: a row of a layer's GeoDataFrame


def _fmt(value: Any, lang: str, decimals: int = 0) -> str:
    """Format a figure in ``lang``, or say "No data"."""
    return text("no_data", lang) if pd.isna(value) else number(float(value), lang, decimals)


@dataclass(frozen=True)
class Column:
    """A column of a layer's data table.

    Attributes
    ----------
    header : str
        Text key of the column's header.
    value : callable
        ``(row, lang) -> str``, the cell.
    needs : str, optional
        Shown only when the layer has this column.
    """

    header: str
    value: Callable[[Row, str], str]
    needs: str = ""


@dataclass(frozen=True)
class Marker:
    """How a point layer is drawn, in both renderers.

    Attributes
    ----------
    name : str
        The column naming a point (tooltip, label).
    fill, edge : str
        Colours.
    shape : {"circle", "square"}
        Shape on static maps (the atlas draws circles).
    radius : float
        Radius in the atlas, in pixels, when the markers are not sized.
    area : float
        Area on static maps, in points squared, when the markers are not sized.
    item : str
        Text key of the legend entry of one marker.
    width : float
        Outline width on static maps, in points.
    z : int
        Stacking order on static maps (offices above ports).
    """

    name: str
    fill: str
    edge: str
    shape: str = "circle"
    radius: float = 5
    area: float = 40
    item: str = ""
    width: float = 1.3
    z: int = 5


@dataclass(frozen=True)
class LayerEntry:
    """One layer a map can show. See the module docstring.

    Attributes
    ----------
    id : str
        The layer's name in recipes, options and exports ("mx-homicides").
    label : str
        Text key of its name on the map (layer switcher, legend, table caption).
    draw : {"polygons", "points", "flows", "lines", "areas"}
        How the renderers draw it.
    country : {"us", "mx"}, optional
        Polygons: whose states the layer covers; rows are aligned to those states.
    key : str, optional
        Polygons: the column that names a state ("usps", "cve_ent").
    build : callable
        ``build(choice)`` returns the layer, ``choice`` being the value of ``option``.
    option : str, optional
        The map option choosing the layer's year, edition or period (a field of
        :class:`geo.scene.MapSpec`); ``years`` lists its valid values.
    years_key : str, optional
        The key of that choice in a recipe's ``[layer_years]`` table.
    timeline : {"exact", "nearest"}, optional
        How a map-wide year reaches the layer: as that year, or as the nearest edition.
    exclusive : bool
        The layer is an alternative to the other exclusive layers (one shown at a time).
    change : str, optional
        The id of the layer shown instead when a map compares two years.
    style : StyleSpec, optional
        Polygons: classes and colours.
    series_label : str
        Text key of the layer's year control.
    tip : callable, optional
        ``(row, attrs, lang) -> list of Line``: a tooltip (for polygons, the lines between
        the state's name and the source).
    popup : callable, optional
        ``(row, attrs, lang, places) -> list of Line``: points' popups; ``places`` maps a
        state key to its name.
    marker : Marker, optional
        Points: their look.
    size : str, optional
        A column whose figure sizes markers (by area) or flows (by width), when every feature
        has one above zero.
    note : str
        Text key of a note under the legend (points without ``size`` cite their caveat).
    legend : callable, optional
        ``(gdf, lang) -> list of str``: the legend's rows (flows: one per line; bands: the
        widths).
    table : tuple of Column
        The layer's data table (none when empty).
    caption : str
        Text key of the table's caption (``{period}`` is the layer's year).
    columns : tuple of str
        What a layer handed in through ``data=`` must hold, its key first.
    """

    id: str
    label: str
    draw: str
    build: Callable[[Any], gpd.GeoDataFrame]
    country: str = ""
    key: str = ""
    option: str = ""
    years: tuple[Any, ...] = ()
    years_key: str = ""
    timeline: str = ""
    exclusive: bool = False
    change: str = ""
    style: StyleSpec | None = None
    series_label: str = ""
    tip: Callable[[Row, Mapping[str, Any], str], list[Line]] | None = None
    popup: Callable[[Row, Mapping[str, Any], str, Mapping[str, str]], list[Line]] | None = None
    marker: Marker | None = None
    size: str = ""
    note: str = ""
    legend: Callable[[gpd.GeoDataFrame, str], list[str]] | None = None
    table: tuple[Column, ...] = ()
    caption: str = ""
    columns: tuple[str, ...] = ()


# Tooltips: the lines under a state's name.


def _plain(*lines: str) -> list[Line]:
    return [[("", line)] for line in lines]


def _grade_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    if pd.isna(row["grade"]):
        return _plain(text("not_graded", lang))
    line = f"{text('grade', lang)} {row['grade']}"
    rank = row["law_strength_rank"]
    if not pd.isna(rank):
        line += f" ({text('rank', lang, rank=int(rank))})"
    return _plain(line)


def _dealer_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    return _plain(
        f"{_fmt(row['licensees_per_100k'], lang, 1)} {text('per_100k', lang)}",
        f"{_fmt(row['licensees'], lang)} {text('licensees', lang)}",
    )


def _homicide_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    lines = [
        f"{_fmt(row['rate_per_100k'], lang, 1)} {text('rate', lang)}",
        f"{_fmt(row['homicides'], lang)} {text('homicides', lang)}",
    ]
    if "firearm_share" in row and not pd.isna(row["firearm_share"]):
        share = f"{float(row['firearm_share']) * 100:.0f}% {text('firearm_share', lang)}"
        if row.get("firearm_share_lower_bound") is True:
            share += f" ({text('lower_bound', lang)})"
        lines.append(share)
    return _plain(*lines)


def _rate_change_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    change = "" if pd.isna(row["change"]) else f" ({float(row['change']):+.1f})"
    before, after = _fmt(row["rate_start"], lang, 1), _fmt(row["rate_end"], lang, 1)
    return _plain(f"{attrs.get('start')}: {before} \u2192 {attrs.get('end')}: {after}{change}")


def _grade_change_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    def grade(value: Any) -> str:
        return text("not_graded", lang) if pd.isna(value) else str(value)

    change = "" if pd.isna(row["change"]) else f" ({int(row['change']):+d})"
    before, after = grade(row["grade_start"]), grade(row["grade_end"])
    return _plain(f"{attrs.get('start')}: {before} \u2192 {attrs.get('end')}: {after}{change}")


# Popups of points: lines of (style, text) runs.


def _port_popup(
    row: Row, attrs: Mapping[str, Any], lang: str, places: Mapping[str, str]
) -> list[Line]:
    lines: list[Line] = [[("b", row["port_name"]), ("", f" ({row['usps']})")]]
    if not pd.isna(row.get("mx_city")):
        state = places.get(str(row.get("mx_cve_ent")), "")
        lines.append([("", f"{text('sister_city', lang)}: {row['mx_city']}, {state}")])
    lines.append([("u", text("crossings", lang, period=attrs.get("year", "")))])
    for measure in layers.MEASURES.values():
        if measure in row:
            lines.append([("", f"{text(measure, lang)}: {_fmt(row[measure], lang)}")])
    lines.append([("small", attrs.get("short", ""))])
    return lines


def _office_popup(
    row: Row, attrs: Mapping[str, Any], lang: str, places: Mapping[str, str]
) -> list[Line]:
    grade = text("not_graded", lang) if pd.isna(row["grade"]) else row["grade"]
    lines: list[Line] = [[("b", f"{text('consulate', lang)} {row['office']}")]]
    if not pd.isna(row["type"]):
        lines.append([("", row["type"])])
    lines += [
        [("", f"{row['city']}, {row['usps']}")],
        [("", f"{text('grade', lang)}: {grade}")],
        [("", f"{text('us_dealers', lang)}: {_fmt(row['licensees_per_100k'], lang, 1)}")],
        [("", f"{text('nearest_ports', lang)}: {row['nearest_ports']}")],
        [("", f"{text('border_distance', lang)}: {_fmt(row['border_distance_km'], lang)} km")],
    ]
    return lines


def _flow_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    count = number(row["traced_firearms"], lang)
    return [
        [("b", row["state"]), ("", f": {count} {text('traced', lang)} ({row['share_pct']:g}%)")]
    ]


def _band_tip(row: Row, attrs: Mapping[str, Any], lang: str) -> list[Line]:
    km = f"{row['distance_km']:g}"
    return _plain(f"{text('band', lang, km=km)} ({row['iso_a3']})")


def _band_widths(gdf: gpd.GeoDataFrame, lang: str) -> list[str]:
    return [", ".join(f"{km:g} km" for km in sorted(set(gdf["distance_km"])))]


def _flow_rows(gdf: gpd.GeoDataFrame, lang: str) -> list[str]:
    return [f"{r['state']}: {number(r['traced_firearms'], lang)}" for _, r in gdf.iterrows()]


# Data tables.

_STATE = Column("state", lambda r, lang: str(r["name"]))


def _volume(measure: str) -> Column:
    return Column(measure, lambda r, lang: _fmt(r[measure], lang), needs=measure)


_MEASURE_COLUMNS = tuple(_volume(m) for m in layers.MEASURES.values())


def _grade_cell(row: Row, lang: str) -> str:
    return str(row["grade"]) if not pd.isna(row["grade"]) else text("not_graded", lang)


_ENTRIES = (
    LayerEntry(
        id="us-gun-laws",
        label="us_gun_laws",
        draw="polygons",
        country="us",
        key="usps",
        build=lambda edition: layers.gun_law_layer(edition=edition),
        option="edition",
        years=layers.GUN_LAW_EDITIONS,
        years_key="gun_laws",
        timeline="nearest",
        exclusive=True,
        change="us-gun-laws-change",
        style=StyleSpec("grades", "grade", "PuBu", "us_gun_laws", "grade_groups"),
        series_label="year_grades",
        tip=_grade_tip,
        table=(
            _STATE,
            Column("grade", _grade_cell),
            Column("rank_short", lambda r, lang: _fmt(r["law_strength_rank"], lang)),
        ),
        caption="us_gun_laws",
        columns=("usps", "name", "grade", "law_strength_rank"),
    ),
    LayerEntry(
        id="us-dealers",
        label="us_dealers",
        draw="polygons",
        country="us",
        key="usps",
        build=lambda year: layers.dealer_layer(year=year),
        option="dealer_year",
        years=layers.DEALER_YEARS,
        years_key="dealers",
        exclusive=True,
        style=StyleSpec("classed", "licensees_per_100k", "YlGnBu", "us_dealers", "dealer_note"),
        tip=_dealer_tip,
        table=(
            _STATE,
            Column("licensees", lambda r, lang: _fmt(r["licensees"], lang)),
            Column("per_100k", lambda r, lang: _fmt(r["licensees_per_100k"], lang, 1)),
        ),
        caption="us_dealers",
        columns=("usps", "name", "licensees", "licensees_per_100k"),
    ),
    LayerEntry(
        id="us-gun-laws-change",
        label="us_gun_laws_change",
        draw="polygons",
        country="us",
        key="usps",
        build=lambda pair: changes.grade_change(*changes.nearest_editions(pair)),
        option="compare",
        exclusive=True,
        style=StyleSpec(
            "diverging",
            "change",
            "BrBG",
            "grade_change",
            "grade_change_note",
            bounds=(-2, -1, 0, 2, 5, float("inf")),
            labels=("steps_m2", "steps_m1", "steps_0", "steps_p12", "steps_p35", "steps_p6"),
        ),
        tip=_grade_change_tip,
        columns=("usps", "name", "change"),
    ),
    LayerEntry(
        id="mx-homicides",
        label="mx_homicides",
        draw="polygons",
        country="mx",
        key="cve_ent",
        build=lambda year: layers.homicide_layer(year=year),
        option="homicide_year",
        years=layers.HOMICIDE_YEARS,
        years_key="homicides",
        timeline="exact",
        change="mx-homicides-change",
        style=StyleSpec("classed", "rate_per_100k", "OrRd", "mx_homicides", "homicide_note"),
        series_label="year_homicides",
        tip=_homicide_tip,
        table=(
            _STATE,
            Column("homicides", lambda r, lang: _fmt(r["homicides"], lang)),
            Column("rate", lambda r, lang: _fmt(r["rate_per_100k"], lang, 1)),
        ),
        caption="mx_homicides",
        columns=("cve_ent", "name", "homicides", "rate_per_100k"),
    ),
    LayerEntry(
        id="mx-homicides-change",
        label="mx_homicides_change",
        draw="polygons",
        country="mx",
        key="cve_ent",
        build=lambda pair: changes.homicide_change(*pair),
        option="compare",
        style=StyleSpec(
            "diverging",
            "change",
            "PuOr",
            "mx_change",
            "change_note",
            bounds=(-10, -2, 2, 10, 25, float("inf")),
            labels=(
                "change_le_m10",
                "change_m10_m2",
                "little_change",
                "change_2_10",
                "change_10_25",
                "change_gt_25",
            ),
        ),
        tip=_rate_change_tip,
        columns=("cve_ent", "name", "change"),
    ),
    LayerEntry(
        id="bands",
        label="bands",
        draw="areas",
        build=lambda km: analysis.border_bands(km),
        option="bands_km",
        tip=_band_tip,
        legend=_band_widths,
    ),
    LayerEntry(id="border", label="border", draw="lines", build=lambda _: load_border()),
    LayerEntry(
        id="trace-flows",
        label="trace_flows",
        draw="flows",
        build=lambda _: trace_flows(),
        tip=_flow_tip,
        size="traced_firearms",
        note="trace_caveat",
        legend=_flow_rows,
        columns=("state", "traced_firearms", "share_pct"),
    ),
    LayerEntry(
        id="consulates",
        label="consulates",
        draw="points",
        build=lambda _: consulate_layer(),
        popup=_office_popup,
        marker=Marker(
            "office",
            "#1b7837",
            "#ffffff",
            shape="square",
            radius=6,
            area=70,
            item="consulate",
            width=1.2,
            z=6,
        ),
        columns=("office", "type", "city", "usps", "grade", "licensees_per_100k"),
    ),
    LayerEntry(
        id="ports",
        label="ports",
        draw="points",
        build=lambda period: layers.port_layer(period=period),
        option="port_period",
        years=layers.PORT_PERIODS,
        years_key="ports",
        popup=_port_popup,
        marker=Marker("port_name", "#ffffff", "#1a1a1a", item="port"),
        size="personal_vehicles",
        table=(
            Column("port", lambda r, lang: str(r["port_name"])),
            Column("us_state", lambda r, lang: str(r["usps"])),
            Column("sister_city", lambda r, lang: str(r.get("mx_city", ""))),
            *_MEASURE_COLUMNS,
        ),
        caption="crossings",
        columns=("port_code", "port_name", "usps"),
    ),
)

CATALOGUE: dict[str, LayerEntry] = {entry.id: entry for entry in _ENTRIES}
"""Every layer by id, in drawing order (polygons first, points last)."""

LAYERS = tuple(CATALOGUE)
"""The ids of the layers a map may show."""

TIMELINE = tuple(sorted({y for e in _ENTRIES if e.timeline == "exact" for y in e.years}))
"""The calendar years a map-wide ``year``, ``years`` or ``compare`` may name."""


def layer_for_year(entry: LayerEntry, year: int) -> Any:
    """Return the year, edition or period of ``entry`` a map of calendar year ``year`` shows.

    Parameters
    ----------
    entry : LayerEntry
        A layer with a ``timeline``.
    year : int
        A year of :data:`TIMELINE`.

    Returns
    -------
    int
        ``year`` itself, or the layer's edition nearest to it (the later one on a tie).
    """
    if entry.timeline == "nearest":
        return min(entry.years, key=lambda e: (abs(e - year), -e))
    return year

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

from geo import _describe, analysis, changes, layers, local
from geo._describe import Row
from geo._text import Line
from geo.boundaries import load_border
from geo.consulates import consulate_layer, jurisdiction_layer, trace_flows
from geo.style import Outline, StyleSpec
from geo.traces import trace_source_cities

__all__ = [
    "CATALOGUE",
    "LAYERS",
    "TIMELINE",
    "Column",
    "LayerEntry",
    "Marker",
    "layer_for_year",
]


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
        Polygons: the column that names a place ("usps", "cve_ent", "fips", "cvegeo").
    units : {"states", "local"}
        Polygons: states, or the country's counties (US) or municipios (Mexico); a map's
        ``zone_km`` keeps the local units within that distance of the border.
    build : callable
        ``build(choice)`` returns the layer, ``choice`` being the value of ``option``.
    option : str, optional
        The map option choosing the layer's year, edition or period (a field of
        :class:`geo.spec.MapSpec`); ``years`` lists its valid values (for a change layer,
        the years ``compare`` may name).
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
        A column whose figure sizes markers (by area) or flows (by width); features without a
        figure are drawn as "no figure".
    size_option : str, optional
        The map option choosing that column instead (a field of :class:`geo.scene.MapSpec`),
        among ``size_choices``.
    note : str
        Text key of a note under the legend (points without ``size`` cite their caveat).
    legend : callable, optional
        ``(gdf, lang) -> list of str``: the legend's rows (flows: one per line; bands: the
        widths; an outline: its entries).
    outline : Outline, optional
        Areas: drawn as this line, no fill, instead of dashed bands.
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
    units: str = "states"
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
    size_option: str = ""
    size_choices: tuple[str, ...] = ()
    note: str = ""
    legend: Callable[[gpd.GeoDataFrame, str], list[str]] | None = None
    outline: Outline | None = None
    table: tuple[Column, ...] = ()
    caption: str = ""
    columns: tuple[str, ...] = ()

    @property
    def shapes(self) -> str:
        """Polygons: the key of the scene's shapes the rows follow ("us", "mx-local")."""
        return self.country if self.units == "states" else f"{self.country}-local"


# Data tables.

_STATE = Column("state", lambda r, lang: str(r["name"]))


def _volume_column(measure: str) -> Column:
    return Column(measure, lambda r, lang: _describe.volume(r, measure, lang), needs=measure)


_MEASURE_COLUMNS = tuple(_volume_column(m) for m in layers.MEASURES.values())
# The offices: a brief's subject framed in red, above the others (green); hollow, so the
# office, the port or the traced-guns circle under it stays in sight.
_THIS_OFFICE = Marker("office", "none", "#d7301f", shape="square", radius=11, area=320,
                      item="this_office", width=2.8, z=8)  # fmt: skip
_OFFICES = Marker("office", "#1b7837", "#ffffff", shape="square", radius=6, area=70,
                  item="consulate", width=1.2, z=6)  # fmt: skip


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
        tip=_describe.grade_tip,
        table=(
            _STATE,
            Column("grade", _describe.grade_cell),
            Column("rank_short", lambda r, lang: _describe.fmt(r["law_strength_rank"], lang)),
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
        timeline="exact",
        exclusive=True,
        style=StyleSpec("classed", "licensees_per_100k", "YlGnBu", "us_dealers", "dealer_note"),
        series_label="year_dealers",
        tip=_describe.dealer_tip,
        table=(
            _STATE,
            Column("licensees", lambda r, lang: _describe.fmt(r["licensees"], lang)),
            Column("per_100k", lambda r, lang: _describe.fmt(r["licensees_per_100k"], lang, 1)),
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
        years=layers.HOMICIDE_YEARS,  # calendar years, each to its nearest edition
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
        tip=_describe.grade_change_tip,
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
        tip=_describe.homicide_tip,
        table=(
            _STATE,
            Column("homicides", lambda r, lang: _describe.fmt(r["homicides"], lang)),
            Column("rate", lambda r, lang: _describe.fmt(r["rate_per_100k"], lang, 1)),
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
        years=layers.HOMICIDE_YEARS,
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
        tip=_describe.rate_change_tip,
        columns=("cve_ent", "name", "change"),
    ),
    LayerEntry(
        id="us-county-dealers",
        label="us_county_dealers",
        draw="polygons",
        country="us",
        key="fips",
        units="local",
        build=lambda year: local.county_dealer_layer(year=year),
        option="county_year",
        years=local.COUNTY_YEARS,
        years_key="county_dealers",
        timeline="exact",
        style=StyleSpec(
            "classed", "licensees_per_1000km2", "YlGnBu", "us_county_dealers", "county_dealer_note"
        ),
        series_label="year_county_dealers",
        tip=_describe.county_dealer_tip,
        table=(
            Column("county", lambda r, lang: f"{r['name']}, {r['usps']}"),
            Column("licensees", lambda r, lang: _describe.fmt(r["licensees"], lang)),
            Column(
                "per_1000km2", lambda r, lang: _describe.fmt(r["licensees_per_1000km2"], lang, 1)
            ),
            Column("per_100k", lambda r, lang: _describe.fmt(r["licensees_per_100k"], lang, 1)),
        ),
        caption="us_county_dealers",
        columns=(
            "fips",
            "name",
            "usps",
            "licensees",
            "licensees_per_1000km2",
            "licensees_per_100k",
        ),
    ),
    LayerEntry(
        id="mx-municipal-homicides",
        label="mx_municipal_homicides",
        draw="polygons",
        country="mx",
        key="cvegeo",
        units="local",
        build=lambda period: local.municipal_homicide_layer(period=period),
        option="municipal_period",
        years=tuple(local.RATE_PERIODS),
        years_key="municipal_homicides",
        style=StyleSpec(
            "classed", "rate_per_100k", "OrRd", "mx_municipal_homicides", "municipal_note"
        ),
        tip=_describe.municipal_tip,
        table=(
            Column("municipio", lambda r, lang: str(r["name"])),
            Column("homicides", lambda r, lang: _describe.fmt(r["homicides"], lang, 1)),
            Column("rate", lambda r, lang: _describe.fmt(r["rate_per_100k"], lang, 1)),
        ),
        caption="mx_municipal_homicides",
        columns=("cvegeo", "name", "homicides", "rate_per_100k"),
    ),
    LayerEntry(
        id="bands",
        label="bands",
        draw="areas",
        build=lambda km: analysis.border_bands(km),
        option="bands_km",
        tip=_describe.band_tip,
        legend=_describe.band_widths,
    ),
    LayerEntry(
        id="this-jurisdiction",
        label="this_jurisdiction",
        draw="areas",
        # The district of the office a brief is about, handed in with data=; on its own empty.
        build=lambda _: jurisdiction_layer().iloc[0:0],
        tip=_describe.jurisdiction_tip,
        legend=_describe.jurisdiction_rows,
        outline=Outline("#8c2d04"),  # dark brown: apart from the blues, the office's red
        columns=("office", "district", "as_of"),
    ),
    LayerEntry(id="border", label="border", draw="lines", build=lambda _: load_border()),
    LayerEntry(
        id="trace-flows",
        label="trace_flows",
        draw="flows",
        build=lambda _: trace_flows(),
        tip=_describe.flow_tip,
        size="traced_firearms",
        note="trace_caveat",
        legend=_describe.flow_rows,
        columns=("state", "traced_firearms", "share_pct"),
    ),
    LayerEntry(
        id="trace-source-cities",
        label="trace_source_cities",
        draw="points",
        build=lambda _: trace_source_cities(),
        popup=_describe.trace_popup,
        # Below the ports and the offices (drawn before them, lower z): an office and a port
        # share several of these cities. Magenta: unlike the blues of the US layers, the
        # oranges and reds of Mexico's, the ports (white) and the offices (green).
        marker=Marker("place", "#e7298a", "#5c0a36", item="trace_city", width=1.4, z=4),
        size="traced_firearms",
        note="trace_cities_caveat",
        table=(
            Column("trace_place", lambda r, lang: str(r["place"])),
            Column("us_state", lambda r, lang: str(r["usps"])),
            Column("trace_kind", _describe.trace_kind),
            Column("traced_firearms", lambda r, lang: _describe.fmt(r["traced_firearms"], lang)),
            Column("trace_overlaps", lambda r, lang: str(r["overlaps"]), needs="overlaps"),
        ),
        caption="trace_cities_caption",
        columns=("place", "usps", "traced_firearms"),
    ),
    LayerEntry(
        id="this-office",
        label="this_office",
        draw="points",
        # The office a brief is about, handed in with data=; on its own an empty layer.
        build=lambda _: consulate_layer().iloc[0:0],
        popup=_describe.office_popup,
        marker=_THIS_OFFICE,
        columns=("office", "type", "city", "usps"),
    ),
    LayerEntry(
        id="consulates",
        label="consulates",
        draw="points",
        build=lambda _: consulate_layer(),
        popup=_describe.office_popup,
        marker=_OFFICES,
        columns=("office", "type", "city", "usps", "grade", "licensees_per_100k"),
    ),
    LayerEntry(
        id="ports",
        label="ports",
        draw="points",
        build=lambda period: layers.port_layer(period=period),
        option="port_period",
        years=layers.PORT_YEARS,
        years_key="ports",
        timeline="exact",
        series_label="year_ports",
        popup=_describe.port_popup,
        marker=Marker("port_name", "#ffffff", "#1a1a1a", item="port"),
        size="personal_vehicles",
        size_option="port_measure",
        size_choices=tuple(layers.MEASURES.values()),
        table=(
            Column("port", lambda r, lang: str(r["port_name"])),
            Column("us_state", lambda r, lang: str(r["usps"])),
            Column("sister_city", lambda r, lang: _describe.sister_city(r.get("mx_city"), lang)),
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
        return changes.nearest_editions([year], entry.years)[0]
    return year

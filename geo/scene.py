"""The scene stage: what a map shows, checked once, built once, for every renderer.

A :class:`MapSpec` (from a recipe, the command line or Python) says which layers, years,
classes, language, texts and view a map has; it is checked when it is made.
:func:`build_scene` turns it into a :class:`Scene`: each layer built for its year (or taken
from ``data=``), aligned to its states, styled (classes pooled once over a year control), its
tooltips, popups, labels and table written in the map's language, and its sources collected.
The HTML atlas (:mod:`geo.web`) and the static maps (:mod:`geo.static`) draw a scene; they
build no layer and load no data, so one recipe says the same in both.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo._catalogue import US_NAMES_ES
from geo._describe import sister_city
from geo._text import Line, text
from geo.boundaries import (
    BOUNDARY_CREDITS,
    load_mx_municipios,
    load_mx_states,
    load_places,
    load_us_counties,
    load_us_states,
)
from geo.catalogue import CATALOGUE, LAYERS, LayerEntry, layer_for_year
from geo.context import national_context
from geo.names import fold_name
from geo.proximity import near_border
from geo.spec import VIEWS, FigureSpec, MapSpec, make_spec
from geo.style import LayerStyle, class_breaks, style_layer

__all__ = [
    "BOUNDARY_CREDITS",
    "LAYERS",
    "VIEWS",
    "FigureSpec",
    "MapSpec",
    "Scene",
    "SceneLayer",
    "Series",
    "build_scene",
    "make_spec",
]

MAX_PANELS = 4  # small multiples of a year control


@dataclass(frozen=True)
class Series:
    """A layer over several years (a year control, small multiples), classes fixed."""

    years: tuple[Any, ...]
    start: Any
    label: str
    frames: dict[Any, gpd.GeoDataFrame]
    bins: tuple[float, ...] | None = None
    panels: tuple[Any, ...] = ()
    styles: dict[Any, LayerStyle] = field(default_factory=dict)
    tips: dict[Any, list[list[Line]]] = field(default_factory=dict)
    popups: dict[Any, list[list[Line]]] = field(default_factory=dict)
    sizes: dict[Any, Sizes | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Sizes:
    """How a layer's markers or lines are sized, and the reference sizes of its legend.

    Attributes
    ----------
    column, label : str
        The figure sizing them, as a column and as text in the map's language.
    shares : numpy.ndarray
        Each feature's figure as a share of the largest (NaN: no figure).
    keys : tuple of (float, float)
        Round figures for the legend, with their shares.
    """

    column: str
    label: str
    shares: np.ndarray
    keys: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Table:
    """A layer's data table, as text."""

    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class SceneLayer:
    """One layer of a scene: its entry, its rows and everything a renderer writes about it.

    ``gdf`` has one row per state of its country for polygons, in the order of
    :attr:`Scene.shapes`; ``tips``, ``popups``, ``labels`` and ``sizes`` follow its rows.
    ``sizes`` says how markers or lines are sized, or is None when they are alike.
    """

    entry: LayerEntry
    gdf: gpd.GeoDataFrame
    title: str
    style: LayerStyle | None = None
    series: Series | None = None
    tips: list[list[Line]] = field(default_factory=list)
    popups: list[list[Line]] = field(default_factory=list)
    labels: list[Line] = field(default_factory=list)
    sizes: Sizes | None = None
    table: Table | None = None


@dataclass(frozen=True)
class Scene:
    """A map ready to draw: the spec, its layers built and described, its geometry."""

    spec: MapSpec
    layers: dict[str, SceneLayer]
    shapes: dict[str, gpd.GeoDataFrame]
    context: tuple[gpd.GeoDataFrame, ...]
    title: str
    box: tuple[float, float, float, float]
    national: pd.DataFrame | None = None
    credits: tuple[str, ...] = BOUNDARY_CREDITS
    places: gpd.GeoDataFrame | None = None
    """Cities to label (:func:`geo.boundaries.load_places`), most populous first, ``name`` in
    the map's language; renderers choose those in their frame that fit."""

    @property
    def sources(self) -> list[dict]:
        """The attributes (publisher, title, year, URL, caveat) of every layer, in order."""
        return [layer.gdf.attrs for layer in self.layers.values()]

    @property
    def years_shown(self) -> list[str]:
        """Each layer shown with its year, edition or period ("Homicides in Mexico: 2024")."""
        shown = []
        for layer in self.layers.values():
            year = layer.gdf.attrs.get("year") or layer.gdf.attrs.get("edition")
            if year not in (None, ""):
                shown.append(f"{layer.title}: {year}")
        return shown

    def drawn(self, draw: str) -> list[SceneLayer]:
        """Return the layers drawn as ``draw`` ("polygons", "points", ...), in catalogue order."""
        order = list(CATALOGUE)
        found = [layer for layer in self.layers.values() if layer.entry.draw == draw]
        return sorted(found, key=lambda layer: order.index(layer.entry.id))


def _choice(spec: MapSpec, entry: LayerEntry) -> Any:
    """Return the year, edition, period or widths a layer is built for."""
    if not entry.option:
        return None
    value = getattr(spec, entry.option)
    steps = _steps(entry, spec.years or ()) if entry.timeline == "exact" else ()
    if steps and value not in steps:
        return max(steps)  # the map opens on a year of its control
    return value


def _aligned(
    entry: LayerEntry, gdf: gpd.GeoDataFrame, states: gpd.GeoDataFrame, lang: str = "en"
) -> gpd.GeoDataFrame:
    """One row per state of the layer's country, in the boundaries' order."""
    out = gdf.set_index(entry.key).reindex(states[entry.key]).reset_index()
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=gdf.crs)
    out.attrs = gdf.attrs
    return _named(out, lang) if entry.key == "usps" else out


def _named(states: gpd.GeoDataFrame, lang: str) -> gpd.GeoDataFrame:
    """US states named in the map's language ("Nuevo México" on a Spanish map)."""
    if lang != "es" or "usps" not in states:
        return states
    named = states.copy()
    named.attrs = states.attrs
    named["name"] = named["usps"].map(US_NAMES_ES).fillna(named["name"])
    return named


def _units(entry: LayerEntry, shapes: Mapping[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """Return the places a polygon layer has one row for: states, counties or municipios."""
    return shapes[entry.shapes]


def _local_units(spec: MapSpec) -> dict[str, gpd.GeoDataFrame]:
    """Counties and municipios of the local layers shown, within ``zone_km`` of the border."""
    loaders = {"us": load_us_counties, "mx": load_mx_municipios}
    countries = {e.country for e in spec.entries if e.units == "local"}
    units = {f"{c}-local": loaders[c]() for c in sorted(countries)}
    if spec.zone_km is not None:
        for name, gdf in units.items():
            units[name] = gdf[near_border(gdf, spec.zone_km)].reset_index(drop=True)
    return units


def _polygon_tips(entry: LayerEntry, gdf: gpd.GeoDataFrame, style: LayerStyle, lang: str) -> list:
    assert entry.tip is not None
    return [
        [[("b", row["name"])], *entry.tip(row, gdf.attrs, lang), [("small", style.source)]]
        for _, row in gdf.iterrows()
    ]


def _steps(entry: LayerEntry, years: Sequence[int]) -> tuple[Any, ...]:
    """Return the years (or editions) of a layer that a year control of ``years`` shows."""
    return tuple(sorted({layer_for_year(entry, y) for y in years} & set(entry.years)))


def _point_series(
    entry: LayerEntry, spec: MapSpec, start: Any, places: Mapping[str, str]
) -> Series:
    """Build a point layer for every year of the map's year control, sized on one scale."""
    steps = _steps(entry, spec.years or ())
    frames = {y: entry.build(y) for y in steps}
    column = _size_column(entry, spec)
    known = [_figures(column, f) for f in frames.values() if column in f]
    top = max((float(np.nanmax(v, initial=0)) for v in known), default=0.0)
    assert entry.popup is not None
    return Series(
        years=steps,
        start=start if start in steps else steps[-1],
        label=text(entry.series_label, spec.lang),
        frames=frames,
        popups={
            y: [entry.popup(row, f.attrs, spec.lang, places) for _, row in f.iterrows()]
            for y, f in frames.items()
        },
        sizes={y: _sizes(column, f, spec.lang, top or None) for y, f in frames.items()},
    )


def _series(entry: LayerEntry, spec: MapSpec, states: gpd.GeoDataFrame, start: Any) -> Series:
    """Build a layer for every year of the map's year control, with classes pooled once."""
    years = spec.years or ()
    steps = _steps(entry, years)
    frames = {y: _aligned(entry, entry.build(y), states, spec.lang) for y in steps}
    assert entry.style is not None
    bins = None
    if entry.style.kind == "classed":
        pooled = pd.concat([f[entry.style.column] for f in frames.values()])
        bins = class_breaks(pooled.astype(float), scheme=spec.scheme, k=spec.k)
    styles = {
        y: style_layer(entry.style, f, lang=spec.lang, scheme=spec.scheme, k=spec.k, bins=bins)
        for y, f in frames.items()
    }
    panels = tuple(layer_for_year(entry, y) for y in _panel_years(years))
    return Series(
        years=steps,
        start=start if start in steps else steps[-1],
        label=text(entry.series_label, spec.lang),
        frames=frames,
        styles=styles,
        tips={y: _polygon_tips(entry, f, styles[y], spec.lang) for y, f in frames.items()},
        bins=bins,
        panels=tuple(sorted(set(panels))),
    )


def _panel_years(years: Sequence[int]) -> list[int]:
    """At most four years for small multiples: all, or the first, the middle and the last."""
    years = list(years)
    if len(years) <= MAX_PANELS:
        return years
    middle = min(years, key=lambda y: abs(y - (years[0] + years[-1]) / 2))
    return [years[0], middle, years[-1]]


def _size_column(entry: LayerEntry, spec: MapSpec) -> str:
    return getattr(spec, entry.size_option) if entry.size_option else entry.size


def _sizes(column: str, gdf: gpd.GeoDataFrame, lang: str, top: float | None = None) -> Sizes | None:
    """Each feature's share of the largest figure (``top``: of several years), NaN without one.

    None when no feature has a figure above zero: the markers are then drawn alike.
    """
    if not column or column not in gdf or not len(gdf):
        return None
    values = _figures(column, gdf)
    top = top if top is not None else float(np.nanmax(values, initial=0))
    if top <= 0:
        return None
    keys: list[tuple[float, float]] = []
    for fraction in (1, 5, 25):  # reference sizes: round figures of about 1, 1/5, 1/25 of top
        figure = _round_below(top / fraction)
        if figure > 0 and figure not in [k for k, _ in keys]:
            keys.append((figure, figure / top))
    return Sizes(column, text(column, lang), values / top, tuple(keys))


def _figures(column: str, gdf: gpd.GeoDataFrame) -> np.ndarray:
    """Return a column's figures, NaN where missing and 0 where none was reported."""
    values = gdf[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    if "none_reported" in gdf:  # none reported is none crossed: the smallest marker
        listed = gdf["none_reported"].fillna("").astype(str).str.split(", ")
        values[[column in names for names in listed]] = 0.0
    return values


def _round_below(value: float) -> float:
    """Round down to 1, 2 or 5 times a power of ten."""
    if value < 1:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    return float(max(m * power for m in (1, 2, 5) if m * power <= value))


def _table(entry: LayerEntry, gdf: gpd.GeoDataFrame, lang: str) -> Table | None:
    """Return the layer's data table, by name.

    A column with no figure in any row (2023's per-resident dealer rates) is left out rather
    than shown as a column of "no data".
    """
    columns = [c for c in entry.table if not c.needs or c.needs in gdf.columns]
    if not columns:
        return None
    rows = [[c.value(row, lang) for c in columns] for _, row in gdf.iterrows()]
    missing = text("no_data", lang)
    kept = [j for j in range(len(columns)) if not rows or any(r[j] != missing for r in rows)]
    columns, rows = [columns[j] for j in kept], [[r[j] for j in kept] for r in rows]
    return Table(
        caption=text(entry.caption, lang, period=gdf.attrs.get("year", "")),
        header=[text(c.header, lang) for c in columns],
        rows=sorted(rows, key=lambda cells: fold_name(cells[0])),  # by name, not by code
    )


def _scene_layer(entry: LayerEntry, spec: MapSpec, shapes: dict, places: dict) -> SceneLayer:
    lang = spec.lang
    data = spec.data or {}
    choice = _choice(spec, entry)
    gdf = data[entry.id] if entry.id in data else entry.build(choice)
    title = text(entry.label, lang)
    if entry.draw == "polygons":
        assert entry.style is not None
        gdf = _aligned(entry, gdf, _units(entry, shapes), spec.lang)
        series = None
        if _has_control(entry, spec):
            series = _series(entry, spec, _units(entry, shapes), choice)
        bins = series.bins if series else None
        style = style_layer(entry.style, gdf, lang=lang, scheme=spec.scheme, k=spec.k, bins=bins)
        tips = _polygon_tips(entry, gdf, style, lang)
        return SceneLayer(entry, gdf, title, style, series, tips, table=_table(entry, gdf, lang))
    series = _point_series(entry, spec, choice, places) if _has_control(entry, spec) else None
    if series is not None:
        gdf = series.frames[series.start]
    tips, popups, labels = [], [], []
    if entry.tip:
        tips = [entry.tip(row, gdf.attrs, lang) for _, row in gdf.iterrows()]
    if entry.marker:
        name = entry.marker.name
        tips = [[[("b", row[name])]] for _, row in gdf.iterrows()]
        labels = [_label(row, name, lang) for _, row in gdf.iterrows()]
    if entry.popup:
        popups = [entry.popup(row, gdf.attrs, lang, places) for _, row in gdf.iterrows()]
    return SceneLayer(
        entry,
        gdf,
        title,
        series=series,
        tips=tips,
        popups=popups,
        labels=labels,
        sizes=series.sizes[series.start]
        if series
        else _sizes(_size_column(entry, spec), gdf, lang),
        table=_table(entry, gdf, lang),
    )


def _has_control(entry: LayerEntry, spec: MapSpec) -> bool:
    """Whether a layer gets a year control: it has a timeline and years of the map's."""
    data = spec.data or {}
    return bool(
        spec.years and entry.timeline and entry.id not in data and _steps(entry, spec.years)
    )


def _label(row: Any, name: str, lang: str) -> Line:
    """Label a point with its name, and the city across the border where it has one."""
    line: Line = [("b", row[name])]
    if not pd.isna(row.get("mx_city")):
        line.append(("", f" / {sister_city(row['mx_city'], lang)}"))
    return line


def _places(lang: str) -> gpd.GeoDataFrame:
    """Return the bundled cities, named in ``lang``."""
    places = load_places()
    if lang == "es":
        places["name"] = places["name_es"]
    return places[["name", "country", "population", "port_city", "geometry"]]


def build_scene(spec: MapSpec) -> Scene:
    """Build every layer of a map once, with its style, texts and sources.

    Parameters
    ----------
    spec : MapSpec
        What the map shows.

    Returns
    -------
    Scene
        Layers by id in the order shown, the states' geometry, context and cities.
    """
    us, mx = load_us_states(), load_mx_states()
    shapes = {"us": us, "mx": mx, **_local_units(spec)}
    places = dict(zip(mx["cve_ent"], mx["name"], strict=True))
    built = {entry.id: _scene_layer(entry, spec, shapes, places) for entry in spec.entries}
    return Scene(
        spec=spec,
        layers=built,
        shapes=shapes,
        context=(_named(load_us_states(territories=True), spec.lang), mx),
        title=spec.title or text("title", spec.lang),
        box=VIEWS[spec.view] if isinstance(spec.view, str) else spec.view,
        national=national_context(lang=spec.lang),
        places=_places(spec.lang),
    )

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

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo._text import LANGUAGES, Line, text
from geo._validate import (
    check_bands,
    check_box,
    check_choice,
    check_choices,
    check_text,
    check_whole,
    check_years,
)
from geo.boundaries import BOUNDARY_CREDITS, load_mx_states, load_us_states
from geo.catalogue import CATALOGUE, LAYERS, TIMELINE, LayerEntry, layer_for_year
from geo.errors import OptionError
from geo.style import CLASS_COUNTS, SCHEMES, LayerStyle, class_breaks, style_layer

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

VIEWS = {
    "full": (-118.5, 14.5, -66.9, 49.5),
    "border": (-117.6, 25.0, -96.8, 34.2),
    "us": (-125.0, 24.0, -66.9, 49.5),
    "mx": (-118.5, 14.3, -86.5, 33.0),
}
BORDER_STATES = {"us": ("CA", "AZ", "NM", "TX"), "mx": ("02", "26", "08", "05", "19", "28")}
MAX_PANELS = 4  # small multiples of a year control
LAYOUTS = ("single", "two-panel")


@dataclass(frozen=True)
class MapSpec:
    """What a map shows; checked when made (:class:`geo.errors.OptionError`).

    Attributes
    ----------
    layers_shown : tuple of str
        Layers of :data:`geo.catalogue.LAYERS`. Exclusive layers (the US ones) are
        alternatives: the atlas switches between them, a static map draws the first.
    lang : {"en", "es"}
        Language of every text.
    title, subtitle : str
        Shown at the top (as text, never markup); the title defaults to the atlas's.
    view : {"full", "border", "us", "mx"} or (west, south, east, north)
        The area shown, in degrees.
    scheme, k : str, int
        Classification of the classed layers (:data:`geo.style.SCHEMES`, 2 to 5 classes).
    edition, dealer_year, homicide_year, port_period : int or str
        The edition, year or period of each layer (see ``geo.layers``).
    bands_km : tuple of float
        Widths of the border bands.
    compare : (int, int), optional
        Years of the change layers, which replace the layers they change.
    years : tuple of int, optional
        A year control for the layers with a timeline (classes fixed across its years).
    data : mapping of layer id to GeoDataFrame, optional
        Layers already built (e.g. from your own table), used as they are.
    """

    layers_shown: tuple[str, ...] = ("us-gun-laws", "us-dealers", "ports", "mx-homicides", "border")
    lang: str = "en"
    title: str | None = None
    subtitle: str = ""
    view: str | tuple[float, float, float, float] = "full"
    scheme: str = "FisherJenks"
    k: int = 5
    edition: int = 2025
    dealer_year: int = 2023
    homicide_year: int = 2024
    port_period: int | str = 2024
    bands_km: tuple[float, ...] = (50, 100, 250)
    compare: tuple[int, int] | None = None
    years: tuple[int, ...] | None = None
    data: Mapping[str, gpd.GeoDataFrame] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # normalised once, here
        set_(self, "layers_shown", check_choices(self.layers_shown, LAYERS, what="layers_shown"))
        check_choice(self.lang, LANGUAGES, what="lang")
        if self.title is not None:
            check_text(self.title, what="title")
        check_text(self.subtitle, what="subtitle")
        if isinstance(self.view, str):
            check_choice(self.view, list(VIEWS), what="view")
        else:
            set_(self, "view", check_box(self.view, what="view"))
        check_choice(self.scheme, SCHEMES, what="scheme")
        check_choice(self.k, CLASS_COUNTS, what="k")
        for entry in CATALOGUE.values():
            if entry.years:
                check_choice(getattr(self, entry.option), entry.years, what=entry.option)
        set_(self, "bands_km", check_bands(self.bands_km, what="bands_km"))
        if self.compare is not None:
            set_(self, "compare", check_years(self.compare, TIMELINE, what="compare", count=2))
        elif any(CATALOGUE[n].option == "compare" for n in self.layers_shown):
            raise OptionError("change layers need compare=(earlier year, later year)")
        if self.years is not None:
            set_(self, "years", _check_years(self.years, self.layers_shown))
        _check_data(self.data)

    @property
    def entries(self) -> list[LayerEntry]:
        """The catalogue entries of the layers shown, in the order given."""
        return [CATALOGUE[name] for name in self.layers_shown]


def _check_years(years: object, shown: Sequence[str]) -> tuple[int, ...]:
    """Years of a year control: calendar years, or editions of a layer shown."""
    valid = sorted(
        {*TIMELINE, *(y for n in shown if CATALOGUE[n].timeline for y in CATALOGUE[n].years)}
    )
    return tuple(sorted(set(check_choices(years, valid, what="years"))))


def _check_data(data: object) -> None:
    """Layers handed in must be GeoDataFrames holding their key, once per place, and columns."""
    if data is None:
        return
    if not isinstance(data, Mapping):
        raise OptionError(f"data: {type(data).__name__} is not a mapping of layer name to layer")
    for name, gdf in data.items():
        check_choice(name, LAYERS, what="data layer")
        if not isinstance(gdf, gpd.GeoDataFrame):
            raise OptionError(f"data[{name!r}]: {type(gdf).__name__} is not a GeoDataFrame")
        columns = CATALOGUE[name].columns
        missing = [c for c in columns if c not in gdf.columns]
        if missing:
            raise OptionError(f"data[{name!r}]: missing column(s) {missing}; build it with geo")
        key = columns[0] if columns else None
        if key and (gdf[key].isna().any() or gdf[key].duplicated().any()):
            raise OptionError(f"data[{name!r}]: column {key!r} must name each place once")


def make_spec(spec: MapSpec | None, options: Mapping[str, Any]) -> MapSpec:
    """Make a :class:`MapSpec` from a spec and/or its fields given as keyword options."""
    fields = [f.name for f in dataclasses.fields(MapSpec)]
    for name in options:
        check_choice(name, fields, what="map option")
    try:
        return dataclasses.replace(spec or MapSpec(), **options)
    except TypeError as exc:  # a list where a tuple is expected is fine; this is not
        raise OptionError(f"map options: {exc}") from None


@dataclass(frozen=True)
class FigureSpec:
    """How a static map is laid out; checked when made (:class:`geo.errors.OptionError`).

    Attributes
    ----------
    layout : {"single", "two-panel"}
        "two-panel" draws one country's layers beside the other's, or, with the layers of
        one country only, its two exclusive layers side by side.
    inset : (west, south, east, north), optional
        A zoomed inset of that box, drawn under the legends (covering no map), whose area is
        outlined on the (first) map.
    labels : tuple of str
        "states" labels the border states; a point layer's id (e.g. "ports") its points.
    size : (int, int)
        Pixels at scale 1 (100 dots per inch), 320 to 8000 each.
    frame : bool
        Draw the title, subtitle and source line; a deck slide carries its own.
    facts : tuple of str
        Lines of text drawn under the legends (a briefing's figures).
    """

    layout: str = "single"
    inset: tuple[float, float, float, float] | None = None
    labels: tuple[str, ...] = ()
    size: tuple[int, int] = (1920, 1080)
    frame: bool = True
    facts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        check_choice(self.layout, LAYOUTS, what="layout")
        points = [e.id for e in CATALOGUE.values() if e.marker]
        if self.labels:
            set_(self, "labels", check_choices(self.labels, ["states", *points], what="labels"))
        if self.inset is not None:
            set_(self, "inset", check_box(self.inset, what="inset"))
        size = self.size
        if isinstance(size, str) or not isinstance(size, Sequence) or len(size) != 2:
            raise OptionError(f"size: {size!r} must be (width, height) in pixels")
        set_(self, "size", tuple(check_whole(p, what="size", low=320, high=8000) for p in size))
        check_choice(self.frame, [True, False], what="frame")
        for fact in self.facts:
            check_text(fact, what="facts", limit=1000)
        set_(self, "facts", tuple(self.facts))


@dataclass(frozen=True)
class Series:
    """A layer over several years (a year control, small multiples), classes fixed."""

    years: tuple[Any, ...]
    start: Any
    label: str
    frames: dict[Any, gpd.GeoDataFrame]
    styles: dict[Any, LayerStyle]
    tips: dict[Any, list[list[Line]]]
    bins: tuple[float, ...] | None
    panels: tuple[Any, ...]


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
    ``sizes`` is each marker's share of the largest figure, or None when markers are alike.
    """

    entry: LayerEntry
    gdf: gpd.GeoDataFrame
    title: str
    style: LayerStyle | None = None
    series: Series | None = None
    tips: list[list[Line]] = field(default_factory=list)
    popups: list[list[Line]] = field(default_factory=list)
    labels: list[Line] = field(default_factory=list)
    sizes: np.ndarray | None = None
    table: Table | None = None


@dataclass(frozen=True)
class Scene:
    """A map ready to draw: the spec, its layers built and described, its geometry."""

    spec: MapSpec
    layers: dict[str, SceneLayer]
    shapes: dict[str, gpd.GeoDataFrame]
    context: tuple[gpd.GeoDataFrame, ...]
    state_labels: gpd.GeoDataFrame
    title: str
    box: tuple[float, float, float, float]
    credits: tuple[str, ...] = BOUNDARY_CREDITS

    @property
    def sources(self) -> list[dict]:
        """The attributes (publisher, title, year, URL, caveat) of every layer, in order."""
        return [layer.gdf.attrs for layer in self.layers.values()]

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
    if spec.years and entry.timeline == "exact" and value not in spec.years:
        return max(spec.years)  # the map opens on a year of its control
    return value


def _aligned(
    entry: LayerEntry, gdf: gpd.GeoDataFrame, states: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """One row per state of the layer's country, in the boundaries' order."""
    out = gdf.set_index(entry.key).reindex(states[entry.key]).reset_index()
    out = gpd.GeoDataFrame(out, geometry="geometry", crs=gdf.crs)
    out.attrs = gdf.attrs
    return out


def _polygon_tips(entry: LayerEntry, gdf: gpd.GeoDataFrame, style: LayerStyle, lang: str) -> list:
    assert entry.tip is not None
    return [
        [[("b", row["name"])], *entry.tip(row, gdf.attrs, lang), [("small", style.source)]]
        for _, row in gdf.iterrows()
    ]


def _series(entry: LayerEntry, spec: MapSpec, states: gpd.GeoDataFrame, start: Any) -> Series:
    """Build a layer for every year of the map's year control, with classes pooled once."""
    years = spec.years or ()
    steps = tuple(sorted({layer_for_year(entry, y) for y in years} & set(entry.years)))
    frames = {y: _aligned(entry, entry.build(y), states) for y in steps}
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


def _sizes(entry: LayerEntry, gdf: gpd.GeoDataFrame) -> np.ndarray | None:
    """Markers' share of the largest figure, when every marker has a figure above 0."""
    column = entry.size
    if not column or column not in gdf or not len(gdf):
        return None
    values = gdf[column]
    if values.isna().any() or float(values.max()) <= 0:
        return None
    return values.astype(float).to_numpy() / float(values.max())


def _table(entry: LayerEntry, gdf: gpd.GeoDataFrame, lang: str) -> Table | None:
    columns = [c for c in entry.table if not c.needs or c.needs in gdf.columns]
    if not columns:
        return None
    return Table(
        caption=text(entry.caption, lang, period=gdf.attrs.get("year", "")),
        header=[text(c.header, lang) for c in columns],
        rows=[[c.value(row, lang) for c in columns] for _, row in gdf.iterrows()],
    )


def _scene_layer(entry: LayerEntry, spec: MapSpec, shapes: dict, places: dict) -> SceneLayer:
    lang = spec.lang
    data = spec.data or {}
    choice = _choice(spec, entry)
    gdf = data[entry.id] if entry.id in data else entry.build(choice)
    title = text(entry.label, lang)
    if entry.draw == "polygons":
        assert entry.style is not None
        gdf = _aligned(entry, gdf, shapes[entry.country])
        series = None
        if spec.years and entry.timeline and entry.id not in data:
            series = _series(entry, spec, shapes[entry.country], choice)
        bins = series.bins if series else None
        style = style_layer(entry.style, gdf, lang=lang, scheme=spec.scheme, k=spec.k, bins=bins)
        tips = _polygon_tips(entry, gdf, style, lang)
        return SceneLayer(entry, gdf, title, style, series, tips, table=_table(entry, gdf, lang))
    tips, popups, labels = [], [], []
    if entry.tip:
        tips = [entry.tip(row, gdf.attrs, lang) for _, row in gdf.iterrows()]
    if entry.marker:
        name = entry.marker.name
        tips = [[[("b", row[name])]] for _, row in gdf.iterrows()]
        labels = [_label(row, name) for _, row in gdf.iterrows()]
    if entry.popup:
        popups = [entry.popup(row, gdf.attrs, lang, places) for _, row in gdf.iterrows()]
    return SceneLayer(
        entry,
        gdf,
        title,
        tips=tips,
        popups=popups,
        labels=labels,
        sizes=_sizes(entry, gdf),
        table=_table(entry, gdf, lang),
    )


def _label(row: Any, name: str) -> Line:
    """Label a point with its name, and the city across the border where it has one."""
    line: Line = [("b", row[name])]
    if not pd.isna(row.get("mx_city")):
        line.append(("", f" / {row['mx_city']}"))
    return line


def build_scene(spec: MapSpec) -> Scene:
    """Build every layer of a map once, with its style, texts and sources.

    Parameters
    ----------
    spec : MapSpec
        What the map shows.

    Returns
    -------
    Scene
        Layers by id in the order shown, the states' geometry, context and labels.
    """
    us, mx = load_us_states(), load_mx_states()
    shapes = {"us": us, "mx": mx}
    places = dict(zip(mx["cve_ent"], mx["name"], strict=True))
    built = {entry.id: _scene_layer(entry, spec, shapes, places) for entry in spec.entries}
    chosen = [
        gdf[gdf[key].isin(BORDER_STATES[country])]
        for country, gdf, key in (("us", us, "usps"), ("mx", mx, "cve_ent"))
    ]
    labels = gpd.GeoDataFrame(pd.concat(chosen, ignore_index=True), crs=us.crs)
    return Scene(
        spec=spec,
        layers=built,
        shapes=shapes,
        context=(load_us_states(territories=True), mx),
        state_labels=labels[["name", "geometry"]],
        title=spec.title or text("title", spec.lang),
        box=VIEWS[spec.view] if isinstance(spec.view, str) else spec.view,
    )

"""What a map shows and how a static map is laid out: the option specs, checked once.

:class:`MapSpec` (layers, years, classes, language, texts, view, data) and
:class:`FigureSpec` (layout, inset, labels, size, frame, facts) check every option when they
are made, with the key and the valid choices in the message; the catalogue
(:mod:`geo.catalogue`) gives each layer's choices. :mod:`geo.scene` builds a spec into a
scene.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd

from geo._text import LANGUAGES
from geo._validate import (
    check_bands,
    check_box,
    check_choice,
    check_choices,
    check_number,
    check_text,
    check_whole,
    check_years,
)
from geo.catalogue import CATALOGUE, LAYERS, LayerEntry
from geo.errors import OptionError
from geo.style import CLASS_COUNTS, SCHEMES

__all__ = ["LAYOUTS", "VIEWS", "FigureSpec", "MapSpec", "make_spec"]

VIEWS = {
    "full": (-118.5, 14.5, -66.9, 49.5),
    "border": (-117.6, 25.0, -96.8, 34.2),
    "us": (-125.0, 24.0, -66.9, 49.5),
    "mx": (-118.5, 14.3, -86.5, 33.0),
}
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
    edition, dealer_year, homicide_year, port_period, county_year, municipal_period : int or str
        The edition, year or period of each layer (see ``geo.layers`` and ``geo.local``).
    port_measure : str
        The measure sizing the ports ("personal_vehicles", "pedestrians", "trucks", ...).
    bands_km : tuple of float
        Widths of the border bands.
    zone_km : float, optional
        Show only the counties and municipios within this distance of the border (0.1 to
        1,000 km); all of them when omitted.
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
    port_measure: str = "personal_vehicles"
    county_year: int = 2023
    municipal_period: int | str = "2019-2021"
    bands_km: tuple[float, ...] = (50, 100, 250)
    zone_km: float | None = None
    compare: tuple[int, int] | None = None
    years: tuple[int, ...] | None = None
    data: Mapping[str, gpd.GeoDataFrame] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # normalised once, here
        shown = check_choices(self.layers_shown, LAYERS, what="layers_shown")
        if len(set(shown)) < len(shown):
            raise OptionError(f"layers_shown: {list(shown)} names a layer twice; name each once")
        set_(self, "layers_shown", shown)
        check_choice(self.lang, LANGUAGES, what="lang")
        if self.title is not None:
            check_text(self.title, what="title")
        check_text(self.subtitle, what="subtitle")
        if isinstance(self.view, str):
            check_choice(self.view, list(VIEWS), what="view")
        else:
            set_(self, "view", check_box(self.view, what="view"))
        check_choice(self.scheme, SCHEMES, what="scheme")
        set_(self, "k", check_choice(self.k, CLASS_COUNTS, what="k"))  # numpy ints as ints
        _check_layer_choices(self)
        set_(self, "bands_km", check_bands(self.bands_km, what="bands_km"))
        if self.zone_km is not None:
            set_(self, "zone_km", check_number(self.zone_km, what="zone_km", low=0.1, high=1000))
        set_(self, "compare", _check_compare(self.compare, self.entries))
        if self.years is not None:
            set_(self, "years", _check_years(self.years, self.layers_shown))
        _check_data(self.data)

    @property
    def entries(self) -> list[LayerEntry]:
        """The catalogue entries of the layers shown, in the order given."""
        return [CATALOGUE[name] for name in self.layers_shown]


def _check_layer_choices(spec: MapSpec) -> None:
    """Check each layer's year, edition or period, and size option, among its choices."""
    for entry in CATALOGUE.values():
        for option, choices in (
            (entry.option, entry.years),
            (entry.size_option, entry.size_choices),
        ):
            if option and choices and option != "compare":
                value = check_choice(getattr(spec, option), choices, what=option)
                object.__setattr__(spec, option, value)  # numpy ints as ints


def _check_compare(compare: object, entries: Sequence[LayerEntry]) -> tuple[int, ...] | None:
    """Two years, earlier first, that every change layer shown has."""
    changes = [e for e in entries if e.option == "compare"]
    if compare is None:
        if changes:
            raise OptionError("change layers need compare=(earlier year, later year)")
        return None
    pool = changes or [e for e in CATALOGUE.values() if e.option == "compare"]
    valid = sorted(set.intersection(*(set(e.years) for e in pool)))
    return check_years(compare, valid, what="compare", count=2)


def _check_years(years: object, shown: Sequence[str]) -> tuple[int, ...]:
    """Years of a year control: years of the layers shown that have a timeline.

    A layer of editions takes the years of the others, or the years from two before its first
    edition to its last (each shows its nearest edition).
    """
    timed = [CATALOGUE[n] for n in shown if CATALOGUE[n].timeline] or list(CATALOGUE.values())
    exact = {y for e in timed if e.timeline == "exact" for y in e.years}
    spans = [range(min(e.years) - 2, max(e.years) + 1) for e in timed if e.timeline == "nearest"]
    valid = sorted(exact or {y for span in spans for y in span})
    chosen = tuple(sorted(set(check_choices(years, valid, what="years"))))
    if len(chosen) < 2:
        raise OptionError(f"years: {list(chosen)}: a year control needs at least two years")
    return chosen


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
    if spec is not None and not isinstance(spec, MapSpec):
        raise OptionError(f"spec: {type(spec).__name__} is not a MapSpec; give options by name")
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
        "states" labels the border states, "cities" the main cities in the frame (the twin
        cities at the ports first); a point layer's id (e.g. "ports") its points.
    size : (int, int)
        Pixels at scale 1 (100 dots per inch), 320 to 8000 each. A figure of panels (two
        panels, small multiples) is this wide and only as tall as its content, at most this.
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
            set_(
                self,
                "labels",
                check_choices(self.labels, ["states", "cities", *points], what="labels"),
            )
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

"""The interactive atlas: the layers in one Folium map, offline, escaped and deterministic.

:func:`atlas_map` draws a scene (:mod:`geo.scene`) as a ``folium.Map``; :func:`render_html`
turns it into the page (with Leaflet inlined from the installed ``xstatic-leaflet`` when
``self_contained``); and :func:`write_html` writes it atomically. Geometry is embedded once
per country, delta-coded, and shared by every layer drawn on it. Every text that reaches the
page goes through autoescaping templates (``assets/parts.html``) or is JSON for the script.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely
from jinja2 import Template

from geo import settings
from geo._html import (
    LEAFLET_CSS,
    LEAFLET_JS,
    SafeFitBounds,
    SafeLayerControl,
    SafeMacro,
    SafeMap,
    SafeTileLayer,
    asset,
    city_zoom,
    decoder_js,
    dumps,
    encode_geometry,
    fragments,
    inline_assets,
    stable_ids,
    state_labels,
)
from geo._io import write_atomic
from geo._text import Line, caveat, lower_first, number, text
from geo.scene import MapSpec, Scene, SceneLayer, Sizes, build_scene, make_spec
from geo.style import NO_DATA_COLOR, LayerStyle

__all__ = ["atlas_map", "render_html", "write_html"]

_LOOK = {"color": "#1a1a1a", "fillColor": "#ffffff"}  # iraPoints' default (atlas.js)
_FLOW = "#6a3d9a"  # iraFlows' colour (atlas.js)


_SCRIPT = Template(
    """
{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
{% macro script(this, kwargs) %}
{{ this.decoder }}
var iraGeo = {{ this.geo }};
{{ this.functions }}iraContext({{ this._parent.get_name() }});
iraControl({{ this._parent.get_name() }}, "topleft", "ira-title", {{ this.title }})
  .addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
)

_LAYER = Template(
    """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = {{ this.builder }}({{ this._parent.get_name() }}, {{ this.data }});
{% endmacro %}
"""
)

_CONTROLS = Template(
    """
{% macro script(this, kwargs) %}
{% set map = this._parent.get_name() %}
L.control.zoom({position: "topleft"}).addTo({{ map }});
iraControl({{ map }}, "bottomleft", "ira-panel", {{ this.context }}).addTo({{ map }});
iraControl({{ map }}, "bottomleft", "ira-panel", {{ this.sources }}).addTo({{ map }});
iraControl({{ map }}, "bottomleft", "ira-panel", {{ this.tables }}).addTo({{ map }});
{% if this.jumps %}iraJumps({{ map }}, {{ this.jumps }});{% endif %}
iraLabels({{ map }}, {{ this.labels }});
{% endmacro %}
"""
)


class _AtlasScript(SafeMacro):
    def __init__(self, geo: dict, title: str) -> None:
        super().__init__()
        self._template = _SCRIPT
        self.geo, self.title = dumps(geo), dumps(title)
        self.decoder, self.functions, self.css = decoder_js(), asset("atlas.js"), asset("atlas.css")


class _JsLayer(folium.map.Layer, SafeMacro):
    """A layer drawn by one of the atlas's JavaScript builders from shared geometry."""

    def __init__(self, name: str, builder: str, data: dict, *, overlay: bool, show: bool):
        super().__init__(name=html.escape(name), overlay=overlay, show=show)
        self._template = _LAYER
        self.builder, self.data = builder, dumps(data)


class _Controls(SafeMacro):
    def __init__(self, scene: Scene) -> None:
        super().__init__()
        self._template = _CONTROLS
        self.context, self.sources = dumps(_context(scene)), dumps(_sources(scene))
        self.tables, self.labels = dumps(_tables(scene)), dumps(_labels(scene))
        jumps = _jumps(scene)
        self.jumps = dumps(jumps) if jumps else ""


def _block(lines: list[Line]) -> str:
    return str(fragments().block(lines))


def _classes(style: LayerStyle, lang: str) -> str:
    return str(fragments().classes(style, text("source", lang)))


def _polygons(layer: SceneLayer, lang: str) -> dict:
    assert layer.style is not None
    data: dict[str, Any] = {
        "geo": layer.entry.shapes,
        "fill": list(layer.style.fills),
        "nodata": [f == NO_DATA_COLOR for f in layer.style.fills],
        "tip": [_block(t) for t in layer.tips],
        "legend": _classes(layer.style, lang),
    }
    series = layer.series
    if series:
        data["series"] = {
            "years": list(series.years),
            "start": series.start,
            "label": series.label,
            "fill": {y: list(s.fills) for y, s in series.styles.items()},
            "nodata": {y: [f == NO_DATA_COLOR for f in s.fills] for y, s in series.styles.items()},
            "tip": {y: [_block(t) for t in tips] for y, tips in series.tips.items()},
            "legend": {y: _classes(s, lang) for y, s in series.styles.items()},
        }
    return data


def _radius(share: float) -> float:
    """Return a marker's radius in pixels: its area grows with its figure."""
    return round(3.5 + 14 * float(share) ** 0.5, 1)


def _points(layer: SceneLayer, lang: str) -> dict:
    marker, gdf = layer.entry.marker, layer.gdf
    assert marker is not None
    look: dict[str, str] | None = {"color": marker.edge, "fillColor": marker.fill}
    look = None if look == _LOOK else look
    radii, missing, legend = _sized(layer, layer.sizes, gdf.attrs.get("year", ""), look, lang)
    data: dict[str, Any] = {
        "pts": [[round(p.y, 5), round(p.x, 5)] for p in gdf.geometry],
        "r": radii,
        "tip": [_block(t) for t in layer.tips],
        "popup": [_block(p) for p in layer.popups],
        "label": [[[style, str(part)] for style, part in line] for line in layer.labels],
        "legend": legend,
    }
    if any(missing):
        data["nd"] = missing
    if look:
        data["look"] = look
    series = layer.series
    if series is not None:
        drawn = {y: _sized(layer, series.sizes[y], y, look, lang) for y in series.years}
        data["series"] = {
            "years": list(series.years),
            "start": series.start,
            "label": series.label,
            "r": {y: d[0] for y, d in drawn.items()},
            "nd": {y: d[1] for y, d in drawn.items()},
            "legend": {y: d[2] for y, d in drawn.items()},
            "popup": {y: [_block(p) for p in series.popups[y]] for y in series.years},
        }
    return data


def _sized(
    layer: SceneLayer, sizes: Sizes | None, period: object, look: dict | None, lang: str
) -> tuple[list[float], list[bool], str]:
    """Each marker's radius and "no figure" flag, and the legend, for one year's sizes."""
    marker = layer.entry.marker
    assert marker is not None
    n = len(layer.gdf)
    if sizes is None:
        if layer.entry.size:  # nothing to size by: every marker alike
            measure = lower_first(text(layer.entry.size, lang))
            note = text("marker_equal", lang, measure=measure, period=period)
        else:
            note = caveat(layer.gdf.attrs, lang)
        item = text(marker.item, lang)
        return (
            [marker.radius] * n,
            [False] * n,
            str(fragments().marker(layer.title, item, look, note)),
        )
    missing = [bool(np.isnan(s)) for s in sizes.shares]
    radii = [marker.radius if m else _radius(s) for s, m in zip(sizes.shares, missing, strict=True)]
    keys = [(2 * _radius(share), number(figure, lang)) for figure, share in sizes.keys]
    notes = [text("marker_sized", lang, measure=lower_first(sizes.label), period=period)]
    if layer.entry.note:  # the layer's caveat, under its legend
        notes.append(text(layer.entry.note, lang))
    none = text("no_figure", lang) if any(missing) else ""
    return radii, missing, str(fragments().sized(layer.title, keys, none, notes, look))


def _flows(layer: SceneLayer, lang: str) -> dict:
    gdf, sizes = layer.gdf, layer.sizes
    assert sizes is not None and layer.entry.legend is not None
    shares = sizes.shares
    widths = [round(3 + 17 * float(share) ** 0.5, 1) for share in shares]
    projected = gdf.to_crs(settings.distance_crs)
    heads = []
    for line, width in zip(projected.geometry, widths, strict=True):
        (x0, y0), (x1, y1) = line.coords[-2], line.coords[-1]
        ux, uy = (x1 - x0) / line.length, (y1 - y0) / line.length
        size = 25_000 + 2_500 * width
        tri = shapely.Polygon(
            [
                (x1, y1),
                (x1 - size * ux - size * 0.5 * uy, y1 - size * uy + size * 0.5 * ux),
                (x1 - size * ux + size * 0.5 * uy, y1 - size * uy - size * 0.5 * ux),
            ]
        )
        back = gpd.GeoSeries([tri], crs=settings.distance_crs).to_crs(4326).iloc[0]
        heads.append([[round(y, 4), round(x, 4)] for x, y in back.exterior.coords])
    a = gdf.attrs
    notes = [text(layer.entry.note, lang), f"{text('source', lang)}: {a['short']}, {a['year']}"]
    rows = layer.entry.legend(gdf, lang)
    return {
        "lines": [[[round(y, 4), round(x, 4)] for x, y in g.coords] for g in gdf.geometry],
        "w": widths,
        "heads": heads,
        "tip": [_block(t) for t in layer.tips],
        "legend": str(fragments().rows(layer.title, _FLOW, rows, notes)),
    }


def _areas(layer: SceneLayer, lang: str) -> dict:
    assert layer.entry.legend is not None
    widths = layer.entry.legend(layer.gdf, lang)
    data: dict[str, Any] = {
        "geo": layer.entry.id,
        "tip": [_block(t) for t in layer.tips],
        "legend": str(fragments().notes(layer.title, widths)),
    }
    look = layer.entry.outline
    if look is not None:  # a line on a wider halo, no fill: the areas under it keep their tips
        data["look"] = {"color": look.color, "weight": look.width, "fill": False}
        data["halo"] = {"color": look.halo, "weight": look.width + 2.6, "fill": False}
        data["legend"] = str(fragments().rows(layer.title, look.color, widths, []))
    return data


def _lines(layer: SceneLayer, lang: str) -> dict:
    return {"geo": layer.entry.id, "color": "#111111", "weight": 2.6, "dash": None}


_US_VIEWS = ("full", "us")  # views of the whole US: Alaska and Hawaii are off them
# How each kind of layer is drawn: its data for the page and its script builder.
_DRAW = {
    "polygons": (_polygons, "iraPolygons"),
    "areas": (_areas, "iraBands"),
    "lines": (_lines, "iraLines"),
    "flows": (_flows, "iraFlows"),
    "points": (_points, "iraPoints"),
}


def _tables(scene: Scene) -> str:
    tables = [layer.table for layer in scene.layers.values() if layer.table]
    return str(fragments().tables(text("data_tables", scene.spec.lang), tables))


def _context(scene: Scene) -> str:
    """Write the panel of national figures the map sits in, and the years it shows."""
    lang = scene.spec.lang
    rows = scene.national.to_dict("records") if scene.national is not None else []
    return str(
        fragments().context(
            text("context", lang),
            rows,
            text("years_shown", lang),
            scene.years_shown,
            text("context_note", lang),
        )
    )


def _jumps(scene: Scene) -> dict | None:
    """Buttons to Alaska, Hawaii and Puerto Rico, which a view of the US leaves out or hides."""
    if scene.spec.view not in _US_VIEWS:
        return None
    states = scene.context[0].set_index("usps")
    places = []
    for usps in ("AK", "HI", "PR"):
        parts = shapely.get_parts(states.at[usps, "geometry"])
        area = shapely.area(parts)
        # The main islands: not the Aleutians past 180° nor the specks of the Hawaiian chain.
        main = parts[(area >= 0.01 * area.max()) & (shapely.get_x(shapely.centroid(parts)) < 0)]
        west, south, east, north = shapely.union_all(main).bounds
        places.append([str(states.at[usps, "name"]), [[south, west], [north, east]]])
    west, south, east, north = scene.box
    home = [[south, west], [north, east]]
    return {"places": places, "back": text("back_to_map", scene.spec.lang), "home": home}


def _labels(scene: Scene) -> dict:
    """Names of the states and cities, for the page to place by zoom without collisions.

    States: see :func:`geo._html.state_labels`. Cities: ``[name, lat, lng, zoom, north]``,
    most populous first (the population itself stays out of the page), named from ``zoom``
    on; ``north`` is 1 for a US city, whose name goes on the north side of a port's circle
    drawn on it (a Mexican city's on the south side).
    """
    places = scene.places
    cities = []
    if places is not None:
        columns = ("name", "population", "port_city", "country")
        for (name, population, port, country), point in zip(
            places[list(columns)].itertuples(index=False), places.geometry, strict=True
        ):
            zoom = city_zoom(float(population), bool(port))
            north = int(country == "US")  # beside a port's circle: its side of the line
            cities.append([str(name), round(point.y, 3), round(point.x, 3), zoom, north])
    return {"states": state_labels(list(scene.context)), "cities": cities}


def _sources(scene: Scene) -> str:
    keys = ("publisher", "title", "year", "url")
    national = scene.national.attrs.get("sources", []) if scene.national is not None else []
    cited = {
        tuple(str(a.get(k, "")) for k in keys): None
        for a in [*scene.sources, *national]
        if a.get("publisher")
    }
    rows = [dict(zip(keys, values, strict=True)) for values in cited]
    return str(fragments().sources(text("sources", scene.spec.lang), rows, scene.credits))


class AtlasMap(SafeMap):
    """The atlas as a ``folium.Map``: shown in a notebook with Leaflet inlined, offline."""

    attrs: dict[str, str]  # {"lang": ...}, for the page's lang attribute

    def _repr_html_(self, **kwargs: object) -> str:
        """Show the self-contained page in an iframe (folium's own would load Leaflet's CDN)."""
        page = html.escape(render_html(self, self_contained=True), quote=True)
        return asset("notebook.html").replace("@PAGE@", page)


def atlas_map(
    spec: MapSpec | None = None, /, *, basemap: bool = False, **options: Any
) -> folium.Map:
    """Build the atlas: the chosen layers in one Folium map with legends, sources and tables.

    Parameters
    ----------
    spec : MapSpec, optional
        What the map shows (:class:`geo.scene.MapSpec`); the defaults show every US layer,
        the ports, Mexican homicide rates and the border.
    basemap : bool, default False
        Add a light tile basemap (needs the network); without it both countries are drawn
        on a plain background.
    **options
        Fields of :class:`~geo.scene.MapSpec` (``layers_shown``, ``lang``, ``title``,
        ``years``, ...), replacing the spec's. Exclusive layers (the US ones) are
        alternatives (radio buttons); the others can be switched on and off. ``years`` adds
        a year control to the layers with a timeline, classes fixed across the years.

    Returns
    -------
    folium.Map
        The map; render it with :func:`render_html` or :func:`write_html`.
    """
    return draw_atlas(build_scene(make_spec(spec, options)), basemap=basemap)


def draw_atlas(scene: Scene, *, basemap: bool = False) -> AtlasMap:
    """Draw a scene as the atlas (see :func:`atlas_map`)."""
    spec, lang = scene.spec, scene.spec.lang
    west, south, east, north = scene.box
    m = AtlasMap(location=None, tiles=None, zoom_control=False, control_scale=True)
    m.options.update(zoom_snap=0.25, zoom_delta=0.5, min_zoom=3, max_zoom=12)
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    # Keep the view clear of the title and year controls (top left) and of the legends (right).
    controls = sum(layer.series is not None for layer in scene.layers.values())
    SafeFitBounds(
        [[south, west], [north, east]],
        padding_top_left=(0, 110 + 68 * controls),
        padding_bottom_right=(300, 0),
    ).add_to(m)
    if basemap:
        SafeTileLayer("OpenStreetMap", control=False, opacity=0.6).add_to(m)
    geo = {
        country: [encode_geometry(g) for g in states.geometry]
        for country, states in scene.shapes.items()
    }
    for kind in ("lines", "areas"):
        for layer in scene.drawn(kind):
            geo[layer.entry.id] = [encode_geometry(g) for g in layer.gdf.geometry]
    heading = str(fragments().heading(scene.title, spec.subtitle))
    _AtlasScript(geo, heading).add_to(m)
    first = True
    for kind, (data, builder) in _DRAW.items():
        # Markers in the order of their z (as in static maps): a brief's office over the others.
        for layer in sorted(
            scene.drawn(kind), key=lambda lay: lay.entry.marker.z if lay.entry.marker else 0
        ):
            exclusive = layer.entry.exclusive
            _JsLayer(
                layer.title,
                builder,
                data(layer, lang),
                overlay=not exclusive,
                show=not exclusive or first,
            ).add_to(m)
            first = first and not exclusive
    SafeLayerControl(position="topright", collapsed=False).add_to(m)
    _Controls(scene).add_to(m)
    m.attrs = {"lang": lang}
    return m


def render_html(m: folium.Map, *, self_contained: bool = False) -> str:
    """Render a map to a complete HTML page, deterministically.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`atlas_map`.
    self_contained : bool, default False
        Inline Leaflet's script, stylesheet and images (from the installed xstatic-leaflet)
        so that the page opens with no network at all.

    Returns
    -------
    str
        The page. The same map gives the same bytes: element ids are sequential, not random.
    """
    root = m.get_root()
    stable_ids(root)
    page = root.render()
    # Folium's page forbids zooming the page; readers who need larger text must be able to.
    page = re.sub(
        r'<meta name="viewport"[^>]*>',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        page,
    )
    lang = getattr(m, "attrs", {}).get("lang", "en")
    page = re.sub(r"<html>", f'<html lang="{lang}">', page, count=1)
    if self_contained:
        page = inline_assets(page)
    return page


def write_html(m: folium.Map, path: str | os.PathLike, *, self_contained: bool = False) -> Path:
    """Write a map's page atomically (see :func:`render_html`).

    Parameters
    ----------
    m : folium.Map
        A map from :func:`atlas_map`.
    path : str or path-like
        Destination ``.html`` file.
    self_contained : bool, default False
        Inline every asset so the page works offline.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    return write_atomic(path, render_html(m, self_contained=self_contained))

"""Private helpers for the HTML atlas: safe rendering, compact geometry, safe JSON, assets, ids.

Branca renders each element's macros and then wraps the output in ``Element(output)``, which
compiles that output as a new Jinja template: any ``{{ }}`` or ``{% %}`` in data (a title, a
port name, a file name) would run. Every element of the atlas is therefore a
:class:`SafeMacro`, whose output is kept as finished markup (:class:`Raw`) and never compiled.
"""

from __future__ import annotations

import base64
import functools
import itertools
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import jinja2
import numpy as np
import shapely
from branca.element import Element, Figure, MacroElement
from folium.map import FitBounds

LEAFLET_VERSION = "1.9.3"
LEAFLET_JS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js"
LEAFLET_CSS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css"
SCALE = 10_000  # coordinates are stored to 1e-4 degree (at most 11 m)
WORLD = 40_075_016.686  # Web Mercator's width of the world in metres: 256 px at zoom 0


def dumps(value: object) -> str:
    """JSON for a ``<script>`` block: compact, and no ``<``, ``>``, ``&`` that could end it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def encode_ints(values: np.ndarray) -> str:
    """Encode signed integers as text, 5 bits a character (the encoded-polyline scheme).

    Each value is zigzag-coded (0, -1, 1, -2 ... -> 0, 1, 2, 3 ...) and written low bits first
    in groups of 5, every group but the last flagged with 32, plus 63: characters ``?`` to
    ``~``, no digits, no quotes, no ``<``. A delta of a few hundred takes two characters.
    """
    z = (values.astype(np.int64) << 1) ^ (values.astype(np.int64) >> 63)
    groups = (z[:, None] >> (5 * np.arange(13))) & 31  # 13 groups hold 64 bits
    used = np.maximum(1, 13 - np.argmax((groups != 0)[:, ::-1], axis=1))
    used[(groups == 0).all(axis=1)] = 1
    position = np.arange(13)
    more = position < (used - 1)[:, None]
    chars = (groups | (more * 32)) + 63
    return chars[position < used[:, None]].astype(np.uint8).tobytes().decode("ascii")


def encode_geometry(geom: shapely.Geometry) -> list:
    """Encode a (multi)polygon or (multi)line as nested lists of strings, one a ring or line.

    A ring is ``x0, y0, dx1, dy1, ...`` in units of 1e-4 degree, written by
    :func:`encode_ints`; the atlas's ``iraDecode`` turns it back into GeoJSON coordinates.
    """

    def ring(coords: np.ndarray) -> str:
        q = np.round(np.asarray(coords) * SCALE).astype(np.int64)
        q[1:] = np.diff(q, axis=0)
        return encode_ints(q.ravel())

    parts = shapely.get_parts(geom)
    if geom.geom_type in ("LineString", "MultiLineString"):
        return [ring(shapely.get_coordinates(line)) for line in parts]
    return [[ring(shapely.get_coordinates(r)) for r in (p.exterior, *p.interiors)] for p in parts]


def _room(shape: shapely.Geometry, x: float, y: float) -> tuple[float, float]:
    """Room around a point inside a polygon: twice its distance to the edge across and down."""
    west, south, east, north = shape.bounds
    room = []
    for axis, at, line in (
        (0, x, shapely.LineString([(west - 1, y), (east + 1, y)])),
        (1, y, shapely.LineString([(x, south - 1), (x, north + 1)])),
    ):
        found = 0.0
        for piece in shapely.get_parts(shape.intersection(line)):
            ends = shapely.get_coordinates(piece)[:, axis]
            if len(ends) and ends.min() <= at <= ends.max():
                found = 2 * float(min(at - ends.min(), ends.max() - at))
        room.append(found)
    return room[0], room[1]


def state_labels(frames: list[gpd.GeoDataFrame]) -> list[list]:
    """Each state's label: ``[name, abbreviation, lat, lng, width, height]``, largest first.

    Parameters
    ----------
    frames : list of geopandas.GeoDataFrame
        States with ``name`` and ``geometry``, and ``usps`` or ``abbrev`` for the
        abbreviation (else the name is used).

    Returns
    -------
    list of list
        One row a state. The point is the centre of the largest circle inside the state's
        largest part, found in Web Mercator (the page's own projection, so that on screen it
        is the state's most open spot); ``width`` and ``height`` are the room across and down
        from it, in pixels at zoom 0 (times ``2 ** zoom`` at zoom ``zoom``): the page writes
        the name where it fits, the abbreviation where only that fits.
    """
    rows = []
    for states in frames:
        short = next((c for c in ("usps", "abbrev") if c in states), "name")
        mercator = states.geometry.to_crs(3857)
        for name, abbrev, shape in zip(states["name"], states[short], mercator, strict=True):
            parts = shapely.get_parts(shape)
            main = parts[int(np.argmax(shapely.area(parts)))]
            x, y = shapely.maximum_inscribed_circle(main, 1_000).coords[0]
            width, height = _room(main, x, y)
            rows.append((float(main.area), str(name), str(abbrev), x, y, width, height))
    rows.sort(key=lambda r: (-r[0], r[1]))
    points = gpd.GeoSeries.from_xy([r[3] for r in rows], [r[4] for r in rows], crs=3857)
    px = 256 / WORLD
    return [
        [name, short, round(p.y, 3), round(p.x, 3), round(w * px, 3), round(h * px, 3)]
        for (_, name, short, _, _, w, h), p in zip(rows, points.to_crs(4326), strict=True)
    ]


def city_zoom(population: float, port: bool) -> int:
    """Return the zoom from which a city is named: the largest first, port cities early."""
    for least, zoom in ((1e6, 4), (5e5, 5), (2.5e5, 6), (1e5, 7)):
        if population >= least or (port and population >= least / 4):
            return zoom
    return 8


@functools.cache
def asset(name: str) -> str:
    """Return a file of the page's own JavaScript or CSS, shipped in ``geo/assets``."""
    return (resources.files("geo") / "assets" / name).read_text(encoding="utf-8")


@functools.cache
def fragments() -> Any:
    """Return the page's HTML fragments (``assets/parts.html``) as macros, data autoescaped."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(asset("parts.html")).module


def decoder_js() -> str:
    """Return the page's ``iraDecode``: geometry text back to GeoJSON coordinates."""
    return asset("decode.js").replace("SCALE", str(SCALE))


@functools.cache
def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as leaflet

    if leaflet.VERSION != LEAFLET_VERSION:  # pragma: no cover - guarded by the pin
        raise RuntimeError(f"xstatic-leaflet {leaflet.VERSION} != Leaflet {LEAFLET_VERSION}")
    return Path(leaflet.BASE_DIR)


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@functools.cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JavaScript and its CSS with every image inlined, from xstatic-leaflet."""
    folder = _leaflet_dir()
    js = (folder / "leaflet.js").read_text(encoding="utf-8")
    css = (folder / "leaflet.css").read_text(encoding="utf-8")
    css = re.sub(
        r"url\((?:'|\")?images/([\w.-]+\.png)(?:'|\")?\)",
        lambda m: f"url({_data_uri(folder / 'images' / m.group(1))})",
        css,
    )
    # Remove source-map comments: they would make a browser's dev tools ask for a file.
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    return js.replace("</script", "<\\/script"), css


def inline_assets(html: str) -> str:
    """Replace the Leaflet CDN tags by inline copies, so the page needs no network."""
    js, css = leaflet_assets()
    script = re.compile(r'<script src="' + re.escape(LEAFLET_JS) + r'"></script>')
    link = re.compile(r'<link rel="stylesheet" href="' + re.escape(LEAFLET_CSS) + r'"\s*/>')
    html, n_js = script.subn(lambda _: f"<script>{js}</script>", html)
    html, n_css = link.subn(lambda _: f"<style>{css}</style>", html)
    if n_js != 1 or n_css != 1:
        raise RuntimeError("the Leaflet tags to inline were not found in the page")
    return html


class Raw(Element):
    """Finished markup, rendered as it is: never compiled as a template."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.markup = markup

    def render(self, **kwargs: object) -> str:
        """Return the markup unchanged."""
        return self.markup


def render_macros(element: MacroElement, **kwargs: object) -> None:
    """Render one macro element into its figure the way branca does, but as :class:`Raw`.

    Its children are rendered too: safe ones by their own ``render``, plain macro elements
    (such as the ``addTo`` calls folium adds while rendering) by this function. An element
    with its own rendering logic that is not a :class:`SafeMacro` is refused, so that no
    future element can slip data into a template.
    """
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise TypeError(f"{type(element).__name__} is not inside a Figure")
    module = element._template.module
    for part in ("header", "html", "script"):
        macro = getattr(module, part, None)
        if macro is not None:
            getattr(figure, part).add_child(Raw(macro(element, kwargs)), name=element.get_name())
    for child in element._children.values():
        if isinstance(child, SafeMacro) or not isinstance(child, MacroElement):
            child.render(**kwargs)
        elif type(child).render is MacroElement.render:
            render_macros(child, **kwargs)
        else:
            raise TypeError(
                f"{type(child).__name__} renders through branca's templates; "
                "derive it from SafeMacro"
            )


class SafeMacro(MacroElement):
    """A macro element whose rendered output is never compiled as a Jinja template."""

    def render(self, **kwargs: object) -> None:  # type: ignore[override]  # as MacroElement's
        """Render the macros into the figure as finished markup (see :func:`render_macros`)."""
        render_macros(self, **kwargs)


class SafeMap(folium.Map, SafeMacro):
    """``folium.Map`` rendered through :class:`SafeMacro`."""


class SafeLayerControl(folium.LayerControl, SafeMacro):
    """``folium.LayerControl`` rendered through :class:`SafeMacro`."""


class SafeTileLayer(folium.TileLayer, SafeMacro):
    """``folium.TileLayer`` rendered through :class:`SafeMacro`."""


class SafeFitBounds(FitBounds, SafeMacro):
    """``folium.map.FitBounds`` rendered through :class:`SafeMacro`."""


def stable_ids(root: Element) -> None:
    """Give every element of a folium/branca tree a sequential id instead of a random one."""
    counter = itertools.count()

    def walk(element: Element) -> None:
        element._id = f"{next(counter):04d}"
        for child in element._children.values():
            walk(child)

    walk(root)

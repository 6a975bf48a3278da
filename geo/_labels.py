"""Static map labels: the states, and the main cities from the bundled gazetteer.

:func:`label_states` names each state in the frame inside itself, by name where it fits,
else by its code. :func:`label_cities` marks and names the scene's cities
(:attr:`geo.scene.Scene.places`) in the frame: the twin cities at the ports of entry first,
then the others by size, each at the first of four spots beside its dot where its name
overlaps no text already on the figure, stays inside the map and clears the scale bar's
corner; a city with no free spot is left out, as is a city an office's label already names.
Both draw what the scene holds, like every renderer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.text import Annotation, Text
from matplotlib.textpath import TextPath
from matplotlib.transforms import Affine2D, Bbox, ScaledTranslation
from shapely.ops import polylabel

from geo import settings

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from geo.scene import Scene

CITY = "#333333"
FONT_SIZE = 10
STATE_SIZE = 12
NAMES_UP_TO_M = 4_500_000  # frames wider than this (the two countries) name states by code
MAX_CITIES = 40  # more would crowd any frame the atlas draws
# Beside the dot, in points: right, left, above, below (ha, va of the text).
_SPOTS = (
    ((5, 0), "left", "center"),
    ((-5, 0), "right", "center"),
    ((0, 5), "center", "bottom"),
    ((0, -5), "center", "top"),
)


def text_renderer(fig: Figure) -> RendererAgg:
    """Return a renderer to measure texts with before the figure is drawn."""
    width, height = fig.get_size_inches() * fig.dpi
    return RendererAgg(int(width), int(height), fig.dpi)


def add_halo(label: Text, *, width: float = 3.0, color: str = "white") -> None:
    """Draw a halo under ``label`` as a shape of its own, leaving the label itself text.

    Matplotlib draws a text with path effects as outlines, so a designer could not edit it in
    the SVG or search it in the PDF. The halo is the text's outline stroked ``width`` points
    wide, one layer under it, sized in points and anchored where the label is anchored in the
    map's data: it follows the label if the map's frame changes (insets extend it), at any
    scale.
    """
    ax = label.axes
    fig = label.get_figure(root=True)
    assert isinstance(fig, Figure) and ax is not None
    renderer = text_renderer(fig)
    box = label.get_window_extent(renderer)
    prop = label.get_fontproperties()
    words = label.get_text()
    # The box's bottom is the baseline less the deeper descent of the text and of "lp", as
    # matplotlib lays out a line.
    descent = max(
        renderer.get_text_width_height_descent(w, prop, ismath=False)[2] for w in (words, "lp")
    )
    anchor = label.xy if isinstance(label, Annotation) else label.get_position()
    x, y = ax.transData.transform(anchor)
    points = 72 / fig.dpi
    offset = Affine2D().translate((box.x0 - x) * points, (box.y0 + descent - y) * points)
    # transData is not affine to the type checker; ScaledTranslation only calls transform().
    place = ScaledTranslation(float(anchor[0]), float(anchor[1]), cast(Any, ax.transData))
    halo = PathPatch(
        TextPath((0, 0), words, prop=prop),
        facecolor=color,
        edgecolor=color,
        linewidth=width,
        joinstyle="round",
        transform=offset + Affine2D().scale(1 / 72) + fig.dpi_scale_trans + place,
        zorder=label.get_zorder() - 0.01,
        clip_on=False,
    )
    ax.add_artist(halo)


def _blocked(ax: Axes, renderer: Any) -> list[Bbox]:
    """Return the boxes a label must avoid: every text drawn so far, the scale bar corner."""
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    boxes = [t.get_window_extent(renderer) for t in fig.findobj(Text) if t.get_text().strip()]
    frame = ax.get_window_extent(renderer)
    # The scale bar (drawn after the map) sits in the lower left: a sixth of the width or its
    # label's, whichever is wider, by about two lines.
    width, height = max(0.22 * frame.width, 170), max(0.13 * frame.height, 75)
    corner = Bbox.from_bounds(frame.x0, frame.y0, width, height)
    return [*boxes, corner]


def _order(scene: Scene, box: Sequence[float]) -> Any:
    """Return the scene's cities inside ``box`` (projected), port cities first, by size."""
    places = scene.places
    if places is None or places.empty:
        return places
    points = places.to_crs(settings.area_crs)
    x, y = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    west, south, east, north = box
    inside = (x > west) & (x < east) & (y > south) & (y < north)
    chosen = points[inside].assign(x=x[inside], y=y[inside])
    return chosen.sort_values(["port_city", "population"], ascending=False, kind="stable")


def _words(name: str) -> tuple[str, ...]:
    """Return a name's words, folded: "Lexington-Fayette" -> ("lexington", "fayette")."""
    return tuple(name.casefold().replace("-", " ").split())


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Return whether the words ``short`` appear, in order and together, in ``long``."""
    n = len(short)
    return n > 0 and any(long[i : i + n] == short for i in range(len(long) - n + 1))


def label_cities(ax: Axes, scene: Scene, box: Sequence[float]) -> None:
    """Mark and name the scene's cities inside the frame ``box`` (projected), largest first.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The map, already framed on ``box``.
    scene : Scene
        Its :attr:`~geo.scene.Scene.places` are the candidates, named in the map's language.
    box : (west, south, east, north)
        The frame in the map's projection.
    """
    cities = _order(scene, box)
    if cities is None or cities.empty:
        return
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    renderer = text_renderer(fig)
    blocked = _blocked(ax, renderer)
    frame = ax.get_window_extent(renderer)
    dots: list[tuple[float, float]] = []
    # A point's label (an office) may already name the city; a state's name does not count.
    named = [_words(t.get_text()) for t in ax.texts if isinstance(t, Annotation)]
    points = len(named)
    for city in cities.itertuples():
        if len(dots) == MAX_CITIES:
            break
        words = _words(str(city.name))
        # Twin cities may share a name (Nogales and Nogales); not with an office's label.
        against = named[:points] if city.port_city else named
        if any(_within(words, n) or _within(n, words) for n in against):
            continue  # "West Raleigh" beside "Raleigh", "Lexington" beside "Lexington-Fayette"
        for offset, ha, va in _SPOTS:
            label = ax.annotate(
                str(city.name),
                (city.x, city.y),
                xytext=offset,
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=FONT_SIZE,
                color=CITY,
                zorder=7,
            )
            here = label.get_window_extent(renderer)
            inside = frame.contains(here.x0, here.y0) and frame.contains(here.x1, here.y1)
            if inside and not any(here.padded(2).overlaps(other) for other in blocked):
                blocked.append(here)
                add_halo(label)
                dots.append((city.x, city.y))
                named.append(words)
                break
            label.remove()
    if dots:
        x, y = np.array(dots).T
        ax.scatter(x, y, s=14, color=CITY, edgecolor="white", linewidth=0.8, zorder=7)


def _state_shapes(scene: Scene, box: Sequence[float]) -> gpd.GeoDataFrame:
    """Return both countries' states, their parts inside ``box`` (projected), largest first."""
    us, mx = scene.context
    states = pd.concat(
        [
            us[["name", "usps", "geometry"]].rename(columns={"usps": "short"}),
            mx[["name", "abbrev", "geometry"]].rename(columns={"abbrev": "short"}),
        ],
        ignore_index=True,
    )
    states = gpd.GeoDataFrame(states, crs=us.crs).to_crs(settings.area_crs)
    inside = states.geometry.intersection(shapely.box(*box))
    shown = (inside.area > 0.05 * states.geometry.area).to_numpy()
    chosen = states[shown].assign(geometry=inside[shown], area=inside[shown].area)
    return chosen.sort_values("area", ascending=False, kind="stable")


def _fits(label: Text, shape: Any, ax: Axes, renderer: Any) -> bool:
    """Return whether the label's box lies inside the state's shape."""
    box = label.get_window_extent(renderer).transformed(ax.transData.inverted())
    return bool(shape.contains(shapely.box(box.x0, box.y0, box.x1, box.y1)))


def label_states(ax: Axes, scene: Scene, box: Sequence[float]) -> None:
    """Name each state with its part inside the frame ``box``: its name, else its abbreviation.

    On frames wider than :data:`NAMES_UP_TO_M` (both countries, the US) every state is named
    by its code (USPS, INEGI's abbreviation), for one consistent look.

    A label is set at the state's pole of inaccessibility (the inner point farthest from its
    edge) and kept only where it fits inside the state and overlaps no text already drawn; a
    state too small for its abbreviation is left unnamed.
    """
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    renderer = text_renderer(fig)
    blocked = _blocked(ax, renderer)
    for state in _state_shapes(scene, box).itertuples():
        shape = state.geometry
        part = max(getattr(shape, "geoms", [shape]), key=lambda g: g.area)
        point = polylabel(part, tolerance=max(part.area**0.5 / 50, 1.0))
        names = [(state.name, STATE_SIZE)] if box[2] - box[0] <= NAMES_UP_TO_M else []
        for words, size in (*names, (state.short, STATE_SIZE - 2)):
            label = ax.text(
                point.x,
                point.y,
                str(words),
                fontsize=size,
                ha="center",
                va="center",
                color="#222222",
                weight="bold",
                zorder=6,
                clip_on=True,
            )
            here = label.get_window_extent(renderer)
            clear = not any(here.padded(2).overlaps(b) for b in blocked)
            if clear and _fits(label, shape, ax, renderer):
                blocked.append(here)
                add_halo(label)
                break
            label.remove()

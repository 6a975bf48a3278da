"""Insets of Alaska, Hawaii and Puerto Rico on the static maps that show the US (for geo.static).

As US choropleths draw them: each a small framed map in the bottom left of the US panel,
over sea (never over the lower 48, Mexico or the scale bar), in a projection of its own
(Alaska Albers, Hawaii Albers, Puerto Rico's Lambert conformal) so that its own scale bar
in km is right; the panel's layers styled as on the main map, and a place that has no figure
in a layer drawn as "no data". The main map leaves these places out. Everything drawn here
is what the scene holds; nothing is built or loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from geo import settings
from geo._draw import (
    BACKGROUND,
    BORDER,
    CONTEXT,
    Box,
    Polygons,
    draw_points,
    draw_polygons,
    in_boxes,
    points,
    scale_bar,
    scale_bar_size,
    subset,
)
from geo._legend import text_width
from geo.scene import VIEWS, Scene
from geo.style import NO_DATA_COLOR, LayerStyle

__all__ = ["PLACES", "Place", "draw_insets", "hidden", "no_data", "shows_us"]


@dataclass(frozen=True)
class Place:
    """A place drawn in an inset.

    Attributes
    ----------
    key : str
        Its USPS code (the ``usps`` column of the scene's context).
    crs : str
        The projection the inset is drawn in (equal-area or conformal for the place).
    regions : tuple of (west, south, east, north)
        Boxes in degrees holding its features (Alaska's cross the antimeridian).
    frame : (west, south, east, north), optional
        The box in degrees the inset shows; all of the place when omitted.
    scale : float
        The inset's scale as a multiple of the main map's.
    pad : (float, float)
        Margins around the place, as shares of its width and of its height.
    label, bar : (float, float)
        Where the name (top) and the scale bar (bottom) go, in the inset's axes fraction.
    """

    key: str
    crs: str
    regions: tuple[Box, ...]
    frame: Box | None
    scale: float
    pad: tuple[float, float]
    label: tuple[float, float]
    bar: tuple[float, float]


PLACES = (
    Place(
        "AK",
        "EPSG:3338",
        ((-180.0, 50.0, -129.5, 72.0), (170.0, 50.0, 180.0, 72.0)),
        None,
        0.35,
        (0.03, 0.05),
        (0.03, 0.96),
        (0.63, 0.07),
    ),
    Place(
        "HI",
        "ESRI:102007",
        ((-179.0, 18.0, -154.0, 29.0),),
        (-160.4, 18.8, -154.7, 22.3),
        1.5,
        (0.04, 0.06),
        (0.97, 0.96),
        (0.14, 0.1),
    ),
    Place(
        "PR",
        "EPSG:32161",
        ((-68.2, 17.5, -65.0, 18.8),),
        None,
        2.5,
        (0.04, 1.0),
        (0.03, 0.96),
        (0.62, 0.1),
    ),
)
_NICE_KM = (20, 50, 100, 200, 500)
_SHRINK = (1.0, 0.85, 0.72, 0.6, 0.5, 0.42)
# (size, share of the map's width from the left, over sea only) tried in turn
_TRIES = [
    *((s, 0.5, True) for s in _SHRINK),
    *((s, 1.0, True) for s in _SHRINK),
    (_SHRINK[-1], 1.0, False),
]
_GRID = 60  # candidate positions per side
_STEPS = (0.15, 0.3, 0.45, 0.6)  # a tall panel's map lengthens south by these shares


def shows_us(view: str | Sequence[float]) -> bool:
    """Whether a view shows the US: it covers three quarters of the lower 48's box or more."""
    west, south, east, north = VIEWS[view] if isinstance(view, str) else view
    w, s, e, n = VIEWS["us"]
    wide, tall = min(east, e) - max(west, w), min(north, n) - max(south, s)
    return wide > 0 and tall > 0 and wide * tall >= 0.75 * (e - w) * (n - s)


def hidden(view: str | Sequence[float]) -> tuple[Box, ...]:
    """Return the boxes of the places a view's insets show, left out of its main map."""
    return tuple(box for place in PLACES for box in place.regions) if shows_us(view) else ()


def _shapes(scene: Scene) -> list[tuple[Place, gpd.GeoDataFrame, Box]]:
    """Return each place the scene's context holds, its polygon and its inset's box."""
    context = next((c for c in scene.context if "usps" in c.columns), None)
    if context is None:
        return []
    found = [(place, context[context["usps"] == place.key]) for place in PLACES]
    return [(place, rows, _inset_box(rows, place)) for place, rows in found if len(rows)]


def _inset_box(rows: gpd.GeoDataFrame, place: Place) -> Box:
    """Return the box an inset shows, in its projection: the place or its frame, padded."""
    projected = rows.to_crs(place.crs)
    west, south, east, north = projected.total_bounds
    if place.frame is not None:
        frame = shapely.segmentize(shapely.box(*place.frame), 0.1)
        west, south, east, north = gpd.GeoSeries([frame], crs=4326).to_crs(place.crs).total_bounds
    dx, dy = (east - west) * place.pad[0], (north - south) * place.pad[1]
    return west - dx, south - dy, east + dx, north + dy


def _frames(fig: Figure, ax: Axes) -> list[Box]:
    """Return the frames the map may take in its panel's spare room, the least changed first.

    The map is drawn at equal scale in a panel box of another shape: in a wider box it widens
    to the west (into the Pacific) to fill it; in a taller one it lengthens to the south, by
    steps of its height (:data:`_STEPS`) up to the room there is.
    """
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    box = ax.get_position(original=True)
    room = box.width * fig.get_figwidth() / (box.height * fig.get_figheight())
    if room > (east - west) / (north - south):
        return [(east - room * (north - south), south, east, north)]
    spare = max((east - west) / room - (north - south), 0.0)
    extras = sorted({min(spare, step * (north - south)) for step in _STEPS})
    return [(west, south - extra, east, north) for extra in extras]


def _frame(ax: Axes, frame: Box) -> None:
    ax.set_xlim(frame[0], frame[2])
    ax.set_ylim(frame[1], frame[3])


def _land(scene: Scene, ax: Axes, hide: Sequence[Box]) -> np.ndarray:
    """Return the context drawn on the main map (lower 48, Mexico) within its frame."""
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    frame = shapely.box(west, south, east, north)
    parts = [
        context[~in_boxes(context, hide)].to_crs(settings.area_crs).geometry.to_numpy()
        for context in scene.context
    ]
    shown = shapely.intersection(np.concatenate(parts), frame)
    return shown[~shapely.is_empty(shown)]


def _place(blocked: list, frame: Box, sizes: Sequence[tuple]) -> list[Box] | None:
    """Put boxes of ``sizes`` one by one nearest the bottom-left corner, clear of ``blocked``.

    Candidates lie on a grid; the nearest free one (by its distance to the corner, relative to
    the frame, height counting double: a row first) is taken; boxes keep a gap from
    ``blocked`` and from each other. None when one of them finds no place.
    """
    west, south, east, north = frame
    gap = 0.012 * (east - west)
    xs = west + gap + np.arange(_GRID) / _GRID * (east - west)
    ys = south + gap + np.arange(_GRID) / _GRID * (north - south)
    gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
    order = np.lexsort((gx, gy, (gx - west) / (east - west) + 2 * (gy - south) / (north - south)))
    gx, gy = gx[order], gy[order]
    placed: list[Box] = []
    for width, height in sizes:
        fits = (gx + width <= east - gap) & (gy + height <= north - gap)
        boxes = shapely.box(gx - gap, gy - gap, gx + width + gap, gy + height + gap)
        taken = shapely.STRtree([*blocked, *(shapely.box(*b) for b in placed)])
        inside = np.flatnonzero(fits)
        free = fits.copy()
        free[inside[taken.query(boxes[inside], predicate="intersects")[0]]] = False
        if not free.any():
            return None
        i = int(np.argmax(free))
        placed.append((gx[i], gy[i], gx[i] + width, gy[i] + height))
    return placed


def _least(ax: Axes, shapes: list, fontsize: float) -> list[float]:
    """Return how much each inset must grow (1 or more) to hold its name and scale bar.

    An inset is at least as wide as its name, and tall enough for its name over its scale
    bar's label, in ``fontsize`` points.
    """
    point = points(ax)
    grow = []
    for place, rows, box in shapes:
        wide = text_width(str(rows["name"].iloc[0]), fontsize) * 72
        width, height = (box[2] - box[0]) * place.scale, (box[3] - box[1]) * place.scale
        grow.append(max(1.0, (wide + 8) * point / width, (2.6 * fontsize + 8) * point / height))
    return grow


def _layout(
    ax: Axes, land: list, shapes: list, bar: int | None, tries: Sequence[tuple], fontsize: float
) -> tuple:
    """Place the insets (and the scale bar) in the bottom left of the map, over sea.

    ``tries`` are (size, share of the map's width from the left, over sea only), in turn;
    no inset is made smaller than its texts (``fontsize`` points) need, and the scale bar's
    label is ``bar`` points (no bar if None). Returns each place with its shape, its inset's
    box (own projection) and its box on the map, and the scale bar's corner (None without a
    bar); no places when none fits.
    """
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    bar_size = [scale_bar_size(ax, bar)[1:]] if bar else []
    least = _least(ax, shapes, fontsize)
    for shrink, share, over_sea in tries:
        sizes = [
            ((b[2] - b[0]) * p.scale * max(shrink, g), (b[3] - b[1]) * p.scale * max(shrink, g))
            for (p, _, b), g in zip(shapes, least, strict=True)
        ]
        frame = (west, south, west + share * (east - west), north)
        boxes = _place(land if over_sea else [], frame, sizes + bar_size)
        if boxes is not None:
            placed = zip(shapes, boxes[: len(shapes)], strict=True)
            return [(*shape, box) for shape, box in placed], boxes[-1][:2] if bar else None
    return [], None


def _arrange(fig: Figure, ax: Axes, scene: Scene, bar: int | None, fontsize: float) -> tuple:
    """Frame the map in its panel's room and place the insets: the least change that fits.

    Each frame (:func:`_frames`) is tried with the insets at full size or a little smaller
    in the left half of the map; the largest frame with every size and place (:data:`_TRIES`).
    """
    shapes = _shapes(scene)
    if not shapes:  # no place to draw: the map as it is
        return [], None
    frames = _frames(fig, ax)
    _frame(ax, frames[-1])
    land = list(_land(scene, ax, hidden(VIEWS["us"])))
    for frame in frames:
        _frame(ax, frame)
        tries = _TRIES if frame == frames[-1] else _TRIES[:2]
        layout, corner = _layout(ax, land, shapes, bar, tries, fontsize)
        if layout:
            break
    ax.apply_aspect()
    return layout, corner


def _figure_box(ax: Axes, box: Box) -> tuple[float, float, float, float]:
    """Return a box in the map's coordinates as (left, bottom, width, height) of the figure."""
    (x0, y0), (x1, y1) = ax.transLimits.transform([box[:2], box[2:]])
    pos = ax.get_position()
    return (
        pos.x0 + x0 * pos.width,
        pos.y0 + y0 * pos.height,
        (x1 - x0) * pos.width,
        (y1 - y0) * pos.height,
    )


def _no_data(shape: gpd.GeoDataFrame) -> LayerStyle:
    return LayerStyle(title="", fills=(NO_DATA_COLOR,) * len(shape), legend=(), no_data=None)


def _inside(scene: Scene, name: str, polygons: Polygons, place: Place) -> np.ndarray | None:
    """Return which features of a US polygon layer lie in a place (None for another layer)."""
    if name not in polygons or scene.layers[name].entry.country != "us":
        return None
    return in_boxes(polygons[name][0], place.regions)


def _shows_no_data(scene: Scene, name: str) -> bool:
    """Whether a place without features of layer ``name`` is drawn as "no data" in its inset.

    States are in every layer of states; of counties, only a layer of all of them (no zone).
    """
    return scene.layers[name].entry.units == "states" or scene.spec.zone_km is None


def no_data(scene: Scene, names: Sequence[str], polygons: Polygons) -> set[str]:
    """Return the layers ``names`` for which an inset's place is drawn as "no data".

    What :func:`draw_insets` returns for a US panel, known before drawing it (for the legend).
    """
    missing = set()
    for place, _, _ in _shapes(scene):
        for name in names:
            inside = _inside(scene, name, polygons, place)
            if inside is not None and not inside.any() and _shows_no_data(scene, name):
                missing.add(name)
    return missing


def _draw_layers(
    ax: Axes, scene: Scene, names: Sequence[str], polygons: Polygons, place: Place, shape: Any
) -> set[str]:
    """Draw the panel's layers on an inset; return the layers for which the place is "no data"."""
    missing = set()
    for name in names:
        inside = _inside(scene, name, polygons, place)
        if inside is None:
            continue
        gdf, style = polygons[name]
        if inside.any():
            draw_polygons(ax, *subset(gdf, style, inside), crs=place.crs, width=0.15)
        elif _shows_no_data(scene, name):
            draw_polygons(ax, shape, _no_data(shape), crs=place.crs, width=0.15)
            missing.add(name)
    for layer in scene.drawn("points"):
        if layer.entry.id in names:
            keep = in_boxes(layer.gdf, place.regions)
            draw_points(ax, layer, False, keep, crs=place.crs)
    return missing


def _inset_bar(ax: Axes, place: Place, fontsize: float) -> None:
    """Draw a scale bar in km, about a quarter of the inset's width (right in its projection).

    The bar and its label stay inside the inset, however narrow.
    """
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    width = east - west
    km = max([n for n in _NICE_KM if n <= width / 1000 / 4] or [_NICE_KM[0]])
    label = f"{km} km"
    half = (text_width(label, fontsize) * 36 + 3) * points(ax)  # half the label, and a margin
    middle = west + place.bar[0] * width + km * 500
    middle = min(max(middle, west + half), east - half)
    y0 = south + place.bar[1] * (north - south)
    bar = [middle - km * 500, middle + km * 500]
    ax.plot(bar, [y0, y0], color=BORDER, linewidth=2, solid_capstyle="butt")
    ax.annotate(
        label,
        (middle, y0),
        xytext=(0, 1.5),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=fontsize,
    )


def draw_insets(
    fig: Figure,
    ax: Axes,
    scene: Scene,
    names: Sequence[str],
    polygons: Polygons,
    size: int | None = 11,
) -> set[str]:
    """Draw the insets of a US panel ``ax``, and its scale bar in a font of ``size`` (or none).

    The map ``ax`` was drawn with :func:`hidden` places left out. Returns the layers for
    which a place is drawn as "no data" (their legends need that entry).
    """
    box = ax.get_position(original=True)
    fontsize = float(np.clip(box.width * fig.get_figwidth() * 1.1, 8, 10))
    layout, corner = _arrange(fig, ax, scene, size, fontsize)
    if size:
        scale_bar(ax, size, at=corner)  # where there is no room: the lower left corner
    missing: set[str] = set()
    for place, shape, frame, box in layout:
        inset = fig.add_axes(_figure_box(ax, box), label=f"inset-{place.key}")
        inset.set_gid(f"inset-{place.key}")
        inset.set_facecolor(BACKGROUND)
        shape.to_crs(place.crs).plot(
            ax=inset, color=CONTEXT, edgecolor="#b5b5b5", linewidth=0.4, zorder=1
        )
        missing |= _draw_layers(inset, scene, names, polygons, place, shape)
        inset.set_xlim(frame[0], frame[2])
        inset.set_ylim(frame[1], frame[3])
        inset.set_aspect("equal")
        inset.set_xticks([])
        inset.set_yticks([])
        inset.set_xlabel("")
        inset.set_ylabel("")
        for spine in inset.spines.values():
            spine.set_edgecolor("#666666")
            spine.set_linewidth(0.8)
        name = str(shape["name"].iloc[0])  # in the map's language (the scene names the states)
        inset.text(
            place.label[0],
            place.label[1],
            name,
            transform=inset.transAxes,
            ha="right" if place.label[0] > 0.5 else "left",
            va="top",
            fontsize=fontsize,
            color="#222222",
        )
        _inset_bar(inset, place, max(fontsize - 1, 8))
    return missing

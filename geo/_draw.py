"""Drawing a scene's layers, legends and scale bars on matplotlib axes (for :mod:`geo.static`).

Every function here draws what the scene holds; none builds a layer or loads data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from geo import settings
from geo._labels import add_halo, label_cities, label_states
from geo.scene import VIEWS, Scene, SceneLayer
from geo.style import NO_DATA_COLOR, LayerStyle

BACKGROUND = "#e8eef2"
FLOW = "#6a3d9a"
CONTEXT = "#f6f6f4"
BORDER = "#111111"
BANDS = "#5a5a5a"
_NICE_KM = (5, 10, 20, 50, 100, 200, 500)
_SHAPES = {"circle": "o", "square": "s"}

Polygons = dict[str, tuple[gpd.GeoDataFrame, LayerStyle]]
Box = tuple[float, float, float, float]


def extent(view: str | Sequence[float]) -> tuple[float, float, float, float]:
    """Return a view's box in the equal-area projection (edges bent as the projection bends)."""
    west, south, east, north = VIEWS[view] if isinstance(view, str) else view
    edge = shapely.segmentize(shapely.box(west, south, east, north), 0.5)
    return tuple(gpd.GeoSeries([edge], crs=4326).to_crs(settings.area_crs).total_bounds)


def _project(gdf: gpd.GeoDataFrame, crs: str | None = None) -> gpd.GeoDataFrame:
    return gdf.to_crs(crs or settings.area_crs)


def in_boxes(gdf: gpd.GeoDataFrame, boxes: Sequence[Box]) -> np.ndarray:
    """Whether each feature lies in one of ``boxes`` (west, south, east, north in degrees).

    A polygon is placed by a point inside it; a feature without geometry lies in none.
    """
    found = np.zeros(len(gdf), dtype=bool)
    if not len(boxes) or not len(gdf):
        return found
    geometry = gdf.geometry.to_crs(4326).to_numpy()
    points = shapely.point_on_surface(geometry)
    for box in boxes:
        found |= shapely.contains_xy(
            shapely.box(*box), shapely.get_x(points), shapely.get_y(points)
        )
    return found & ~shapely.is_missing(geometry)


def subset(
    gdf: gpd.GeoDataFrame, style: LayerStyle, keep: np.ndarray
) -> tuple[gpd.GeoDataFrame, LayerStyle]:
    """Return a polygon layer's rows where ``keep``, with their fills."""
    fills = tuple(f for f, k in zip(style.fills, keep, strict=True) if k)
    return gdf[keep], dataclasses.replace(style, fills=fills)


def polygons_of(scene: Scene, names: Sequence[str], year: Any = None) -> Polygons:
    """Pick the polygons and styles to draw: each layer's own, or its ``year`` of a control."""
    out = {}
    for name in names:
        layer = scene.layers[name]
        if layer.entry.draw != "polygons" or layer.style is None:
            continue
        if year is not None and layer.series is not None:
            out[name] = (layer.series.frames[year], layer.series.styles[year])
        else:
            out[name] = (layer.gdf, layer.style)
    return out


def draw_polygons(
    ax: Axes, gdf: gpd.GeoDataFrame, style: LayerStyle, crs: str | None = None, width: float = 0.5
) -> None:
    """Draw a polygon layer's features in their fills, "no data" hatched (in ``crs``).

    ``width`` is the outlines' (in points).
    """
    fills = np.array(style.fills, dtype=object)
    missing = fills == NO_DATA_COLOR
    projected = _project(gdf, crs)
    if (~missing).any():
        projected[~missing].plot(
            ax=ax, color=list(fills[~missing]), edgecolor="white", linewidth=width, zorder=2
        )
    if missing.any():
        projected[missing].plot(
            ax=ax,
            facecolor=NO_DATA_COLOR,
            edgecolor="#8a8a8a",
            hatch="////",
            linewidth=width,
            zorder=2,
        )


def _area(share: Any) -> Any:
    return 20 + 380 * share


def marker_areas(layer: SceneLayer) -> np.ndarray:
    """Return markers' areas in points squared: by figure, or alike (also without a figure)."""
    assert layer.entry.marker is not None
    alike = np.full(len(layer.gdf), float(layer.entry.marker.area))
    if layer.sizes is None:
        return alike
    shares = layer.sizes.shares
    return np.where(np.isnan(shares), alike, _area(shares))


def _marker_colours(layer: SceneLayer) -> tuple[list[str], list[str]]:
    """Fill and edge of each marker: the layer's, or grey where a sized marker has no figure."""
    assert layer.entry.marker is not None
    marker, n = layer.entry.marker, len(layer.gdf)
    if layer.sizes is None:
        return [marker.fill] * n, [marker.edge] * n
    missing = np.isnan(layer.sizes.shares)
    fills = [NO_DATA_COLOR if m else marker.fill for m in missing]
    return fills, ["#777777" if m else marker.edge for m in missing]


def _draw_flows(ax: Axes, layer: SceneLayer) -> None:
    flows = _project(layer.gdf)
    assert layer.sizes is not None
    for line, share in zip(flows.geometry, layer.sizes.shares, strict=True):
        (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            zorder=5,
            annotation_clip=True,
            arrowprops={
                "arrowstyle": "-|>",
                "color": FLOW,
                "lw": 2 + 10 * float(share) ** 0.5,
                "mutation_scale": 28,
                "alpha": 0.85,
            },
        )


def draw_points(
    ax: Axes, layer: SceneLayer, labelled: bool, keep: np.ndarray, crs: str | None = None
) -> None:
    """Draw a point layer's markers where ``keep`` (in ``crs``), labelled or not."""
    marker = layer.entry.marker
    assert marker is not None
    if not keep.any():
        return
    points = _project(layer.gdf[keep], crs)
    fills, edges = (np.array(c, dtype=object)[keep].tolist() for c in _marker_colours(layer))
    ax.scatter(
        points.geometry.x,
        points.geometry.y,
        s=marker_areas(layer)[keep],
        marker=_SHAPES[marker.shape],
        facecolor=fills,
        edgecolor=edges,
        linewidth=marker.width,
        zorder=marker.z,
    )
    if labelled:
        for x, y, label in zip(
            points.geometry.x, points.geometry.y, layer.gdf[keep][marker.name], strict=True
        ):
            ax.annotate(
                str(label),
                (x, y),
                xytext=(6, 4),
                textcoords="offset points",
                fontsize=9,
                zorder=6,
            )


def draw_map(
    ax: Axes,
    scene: Scene,
    names: Sequence[str],
    *,
    polygons: Polygons,
    view: str | Sequence[float],
    labels: Sequence[str] = (),
    hide: Sequence[Box] = (),
    fill: bool = True,
) -> None:
    """Draw the layers ``names`` of a scene on ``ax``, framed on ``view``.

    Features lying in the boxes ``hide`` (places drawn in insets) are left out. With ``fill``
    the frame grows beyond ``view`` to fill the axes (a tall state on a wide page shows its
    neighbours rather than white margins); without it the frame is ``view`` exactly (a zoomed
    inset whose area is outlined on the main map).
    """
    ax.set_facecolor(BACKGROUND)
    for context in scene.context:
        context = context[~in_boxes(context, hide)]
        _project(context).plot(ax=ax, color=CONTEXT, edgecolor="#b5b5b5", linewidth=0.4, zorder=1)
    for name in names:
        if name in polygons:
            gdf, style = polygons[name]
            draw_polygons(ax, *subset(gdf, style, ~in_boxes(gdf, hide)))
    shown = [layer for layer in scene.layers.values() if layer.entry.id in names]
    for kind in ("areas", "lines", "flows", "points"):
        for layer in scene.drawn(kind):
            if layer in shown:
                _draw_other(ax, layer, labelled=layer.entry.id in labels, hide=hide)
    west, south, east, north = _filled(ax, extent(view)) if fill else extent(view)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    ax.apply_aspect()  # the axes take their final size now: labels are measured in it
    for label in ax.texts:  # the points' labels, placed: a white halo under each
        add_halo(label)
    # After the frame: labels are placed in it, apart from each other; states first.
    if "states" in labels:
        label_states(ax, scene, (west, south, east, north))
    if "cities" in labels:
        label_cities(ax, scene, (west, south, east, north))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_edgecolor("#999999")


def _filled(ax: Axes, box: Box) -> Box:
    """Grow a frame about its centre, in one direction only, to the axes' shape."""
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    west, south, east, north = box
    position = ax.get_position(original=True)
    shape = (position.height * fig.get_figheight()) / (position.width * fig.get_figwidth())
    width, height = east - west, north - south
    if height / width < shape:  # room above and below
        grow = (shape * width - height) / 2
        return west, south - grow, east, north + grow
    grow = (height / shape - width) / 2
    return west - grow, south, east + grow, north


def _draw_other(ax: Axes, layer: SceneLayer, labelled: bool, hide: Sequence[Box]) -> None:
    """Draw a layer other than polygons: bands, lines, flows or points."""
    kind, look = layer.entry.draw, layer.entry.outline
    if kind == "areas" and look is not None:  # a line on a wider halo, no fill
        halo = [patheffects.Stroke(linewidth=look.width + 2.6, foreground=look.halo)]
        _project(layer.gdf).plot(
            ax=ax,
            facecolor="none",
            edgecolor=look.color,
            linewidth=look.width,
            zorder=look.z,
            path_effects=[*halo, patheffects.Normal()],
        )
    elif kind == "areas":
        _project(layer.gdf).plot(
            ax=ax,
            facecolor="none",
            edgecolor=BANDS,
            linewidth=0.9,
            linestyle=(0, (2, 3)),
            zorder=3,
        )
    elif kind == "lines":
        _project(layer.gdf).plot(ax=ax, color=BORDER, linewidth=2.2, zorder=4)
    elif kind == "flows":
        _draw_flows(ax, layer)
    else:
        draw_points(ax, layer, labelled, ~in_boxes(layer.gdf, hide))


def points(ax: Axes) -> float:
    """Return the length of one point (1/72 inch) in a map's coordinates, as it is drawn."""
    ax.apply_aspect()
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    south, north = ax.get_ylim()
    return (north - south) / (ax.get_position().height * fig.get_figheight() * 72)


def scale_bar_size(ax: Axes, size: float = 11) -> tuple[int, float, float]:
    """Return a map's scale bar: km (about a sixth of its width), and its box's width, height.

    The box holds the bar and its label in a font of ``size`` points, whatever the map's size.
    """
    west, east = ax.get_xlim()
    km = max([n for n in _NICE_KM if n <= (east - west) / 1000 / 6] or [_NICE_KM[0]])
    point = points(ax)
    label = 0.62 * size * len(f"{km} km")  # points, a little wider than the text
    width = max(km * 1000 + 12 * point, (label + 12) * point)
    return km, width, (16 + 1.2 * size) * point


def scale_bar(ax: Axes, size: int = 11, at: tuple[float, float] | None = None) -> Box:
    """Add a scale bar in km, a round length of about a sixth of the map's width.

    The map is Albers equal-area: lengths are exact along its standard parallels and within
    about 2 % over the two countries. The bar and its label (``size`` points) sit in a white
    box whose lower left corner is ``at`` (in the map's coordinates; by default near the
    map's lower left corner). Returns the box (west, south, east, north).
    """
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    width, height = east - west, north - south
    km, box_width, box_height = scale_bar_size(ax, size)
    point = points(ax)
    left, bottom = at or (west + 0.018 * width, south + 0.02 * height)
    middle, y0 = left + box_width / 2, bottom + 7 * point
    ax.add_patch(
        Rectangle(
            (left, bottom),
            box_width,
            box_height,
            facecolor="white",
            alpha=0.85,
            edgecolor="none",
            zorder=8,
        )
    )
    bar = [middle - km * 500, middle + km * 500]
    ax.plot(bar, [y0, y0], color=BORDER, linewidth=4, solid_capstyle="butt", zorder=9)
    ax.text(middle, y0 + 4 * point, f"{km} km", ha="center", va="bottom", fontsize=size, zorder=9)
    return left, bottom, left + box_width, bottom + box_height

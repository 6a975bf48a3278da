"""Drawing a scene's layers, legends and scale bars on matplotlib axes (for :mod:`geo.static`).

Every function here draws what the scene holds; none builds a layer or loads data.
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from geo import settings
from geo._text import lower_first, number, text
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
        halo = [patheffects.withStroke(linewidth=3, foreground="white")]
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
                path_effects=halo,
            )


def _label_states(ax: Axes, scene: Scene, box: Sequence[float]) -> None:
    """Name each border state at a point of its part inside the map's frame ``box``.

    A state with little of itself in the frame (under 5 % of its area) is not named: its label
    would sit outside the map (California above the border view).
    """
    halo = [patheffects.withStroke(linewidth=3.5, foreground="white")]
    chosen = _project(scene.state_labels)
    inside = chosen.geometry.intersection(shapely.box(*box))
    shown = (inside.area > 0.05 * chosen.geometry.area).to_numpy()
    points = inside[shown].representative_point()
    placed: list[Any] = []
    for point, label in zip(points, chosen["name"][shown], strict=True):
        text_ = ax.text(
            point.x,
            point.y,
            label,
            fontsize=13,
            ha="center",
            va="center",
            color="#222222",
            weight="bold",
            zorder=6,
            path_effects=halo,
            clip_on=True,
        )
        _keep_apart(ax, text_, placed)
        placed.append(text_)


def text_renderer(fig: Figure) -> RendererAgg:
    """Return a renderer to measure texts with before the figure is drawn."""
    width, height = fig.get_size_inches() * fig.dpi
    return RendererAgg(int(width), int(height), fig.dpi)


def _keep_apart(ax: Axes, label: Any, placed: Sequence[Any]) -> None:
    """Move ``label`` down, then up, by its height until it overlaps no placed label."""
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    renderer = text_renderer(fig)
    start = label.get_position()
    box = label.get_window_extent(renderer)
    to_data = ax.transData.inverted()
    for step in (0, -1.15, 1.15, -2.3, 2.3):
        shifted = to_data.transform((0, step * box.height)) - to_data.transform((0, 0))
        label.set_position((start[0], start[1] + shifted[1]))
        here = label.get_window_extent(renderer)
        if not any(here.overlaps(other.get_window_extent(renderer)) for other in placed):
            return
    label.set_position(start)


def draw_map(
    ax: Axes,
    scene: Scene,
    names: Sequence[str],
    *,
    polygons: Polygons,
    view: str | Sequence[float],
    labels: Sequence[str] = (),
    hide: Sequence[Box] = (),
) -> None:
    """Draw the layers ``names`` of a scene on ``ax``, framed on ``view``.

    Features lying in the boxes ``hide`` (places drawn in insets) are left out.
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
    west, south, east, north = extent(view)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    if "states" in labels:  # after the frame: labels are placed and kept apart in it
        _label_states(ax, scene, (west, south, east, north))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_edgecolor("#999999")


def _draw_other(ax: Axes, layer: SceneLayer, labelled: bool, hide: Sequence[Box]) -> None:
    """Draw a layer other than polygons: bands, lines, flows or points."""
    kind = layer.entry.draw
    if kind == "areas":
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


def scale_bar_size(ax: Axes) -> tuple[int, float, float]:
    """Return a map's scale bar: km (about a sixth of its width), and its box's width, height."""
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    width, height = east - west, north - south
    km = max([n for n in _NICE_KM if n <= width / 1000 / 6] or [_NICE_KM[0]])
    return km, km * 1000 + 0.024 * width, 0.09 * height


def scale_bar(ax: Axes, size: int = 11, at: tuple[float, float] | None = None) -> Box:
    """Add a scale bar in km, a round length of about a sixth of the map's width.

    The map is Albers equal-area: lengths are exact along its standard parallels and within
    about 2 % over the two countries. The bar's box has its lower left corner ``at`` (in the
    map's coordinates; by default near the map's lower left corner). Returns the box
    (west, south, east, north).
    """
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    width, height = east - west, north - south
    km, box_width, box_height = scale_bar_size(ax)
    left, bottom = at or (west + 0.018 * width, south + 0.02 * height)
    x0, y0 = left + 0.012 * width, bottom + 0.025 * height
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
    bar = [x0, x0 + km * 1000]
    ax.plot(bar, [y0, y0], color=BORDER, linewidth=4, solid_capstyle="butt", zorder=9)
    ax.text(
        x0 + km * 500,
        y0 + 0.015 * height,
        f"{km} km",
        ha="center",
        va="bottom",
        fontsize=size,
        zorder=9,
    )
    return left, bottom, left + box_width, bottom + box_height


def _swatch(fig: Figure, x: float, y: float, line: float, entry: tuple) -> None:
    """Draw one legend entry's symbol: a box, a marker or a line."""
    kind, color, edge = entry[:3]
    box_y = y - 0.7 * line
    middle = [box_y + 0.35 * line]
    if kind in ("box", "nodata"):
        fig.add_artist(
            Rectangle(
                (x, box_y),
                0.016,
                0.7 * line,
                transform=fig.transFigure,
                facecolor=NO_DATA_COLOR if kind == "nodata" else color,
                hatch="////" if kind == "nodata" else None,
                edgecolor="#777777",
                linewidth=0.6,
            )
        )
    elif kind in _SHAPES:
        fig.add_artist(
            Line2D(
                [x + 0.008],
                middle,
                marker=_SHAPES[kind],
                markersize=entry[5] ** 0.5 if len(entry) > 5 else 9,
                markerfacecolor=color,
                markeredgecolor=edge,
                markeredgewidth=entry[4],
                transform=fig.transFigure,
            )
        )
    else:
        fig.add_artist(
            Line2D(
                [x, x + 0.016],
                middle * 2,
                color=color,
                linewidth=2.2,
                linestyle="-" if kind == "line" else ":",
                transform=fig.transFigure,
            )
        )


def legend_block(
    fig: Figure, x: float, y: float, heading: str, entries: Sequence[tuple], notes: Sequence[str]
) -> float:
    """Draw one legend block from the top at (x, y) in figure coordinates; return the new y.

    ``entries`` are (kind, colour, edge, label[, edge width]) with kind "box", "nodata",
    "circle", "square", "line" or "dashed".
    """
    height = fig.get_figheight()
    line = 0.24 / height  # 0.24 inch per line
    for part in textwrap.wrap(heading, 40):
        fig.text(x, y, part, fontsize=13, weight="bold", va="top")
        y -= line
    for entry in entries:
        _swatch(fig, x, y, line, entry)
        fig.text(x + 0.022, y, entry[3], fontsize=12, va="top")
        y -= line
    for note in notes:
        for part in textwrap.wrap(note, 52):
            fig.text(x, y, part, fontsize=10, color="#444444", va="top")
            y -= 0.8 * line
    return y - 0.6 * line


def _key_entries(scene: Scene, names: Sequence[str]) -> tuple[list[tuple], list[str]]:
    """Collect the one-line entries of bands, lines and points, and the note on markers' sizes."""
    lang = scene.spec.lang
    entries: list[tuple] = []
    notes: list[str] = []
    for kind in ("areas", "lines", "points"):
        for layer in scene.drawn(kind):
            entry = layer.entry
            if entry.id not in names:
                continue
            if kind == "areas" and entry.legend:
                widths = ", ".join(entry.legend(layer.gdf, lang))
                entries.append(("dashed", BANDS, None, f"{layer.title}: {widths}"))
            elif kind == "lines":
                entries.append(("line", BORDER, None, layer.title))
            elif entry.marker:
                entries += _marker_entries(layer, lang, notes)
    return entries, notes


def _marker_entries(layer: SceneLayer, lang: str, notes: list[str]) -> list[tuple]:
    """List a point layer's legend entries (reference sizes when sized); add its note."""
    m, sizes, period = layer.entry.marker, layer.sizes, layer.gdf.attrs.get("year", "")
    assert m is not None
    if sizes is None:
        if layer.entry.size:
            measure = lower_first(text(layer.entry.size, lang))
            notes.append(text("marker_equal", lang, measure=measure, period=period))
        return [(m.shape, m.fill, m.edge, layer.title, m.width)]
    entries: list[tuple] = [(m.shape, m.fill, m.edge, layer.title, m.width)]
    entries += [
        (m.shape, m.fill, m.edge, f"  {number(figure, lang)}", m.width, _area(share))
        for figure, share in sizes.keys
    ]
    if np.isnan(sizes.shares).any():
        entries.append((m.shape, NO_DATA_COLOR, "#777777", text("no_figure", lang), m.width))
    notes.append(text("marker_sized", lang, measure=lower_first(sizes.label), period=period))
    if layer.entry.note:  # the layer's caveat, under its legend
        notes.append(text(layer.entry.note, lang))
    return entries


def draw_legends(
    fig: Figure, scene: Scene, names: Sequence[str], polygons: Polygons, x: float, y: float
) -> float:
    """Draw the legends of the layers ``names`` from the top at (x, y); return the new y."""
    lang = scene.spec.lang
    for name in names:
        if name in polygons:
            style = polygons[name][1]
            entries: list[tuple] = [("box", c, None, label) for c, label in style.legend]
            if style.no_data:
                entries.append(("nodata", None, None, style.no_data[1]))
            notes = [n for n in (style.note, f"{text('source', lang)}: {style.source}") if n]
            y = legend_block(fig, x, y, style.title, entries, notes)
    for layer in scene.drawn("flows"):
        entry, attrs = layer.entry, layer.gdf.attrs
        if entry.id in names and entry.legend:
            rows = [("line", FLOW, None, row) for row in entry.legend(layer.gdf, lang)]
            source = f"{text('source', lang)}: {attrs['short']}, {attrs['year']}"
            y = legend_block(fig, x, y, layer.title, rows, [text(entry.note, lang), source])
    entries, notes = _key_entries(scene, names)
    if entries:
        y = legend_block(fig, x, y, "", entries, notes)
    return y


def source_line(sources: Sequence[dict], lang: str) -> str:
    """One line citing every dataset drawn and the boundaries."""
    cited = [
        f"{a.get('short') or a.get('publisher')} ({a.get('year')})"
        for a in sources
        if a.get("publisher")
    ]
    cited += [text("boundaries_credit", lang)]
    return f"{text('sources', lang)}: " + "; ".join(dict.fromkeys(cited))

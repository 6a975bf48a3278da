"""Static maps for decks and print: PNG, SVG and PDF drawn with matplotlib, no tiles, offline.

:func:`static_map` draws a scene (:mod:`geo.scene`), with the same
:class:`geo.style.LayerStyle` as the HTML atlas, in an equal-area projection: title, subtitle,
one legend per layer (units, year, "no data"), a scale bar in km, a source line citing every
dataset, both countries' states as context, and on every panel that shows the US, Alaska,
Hawaii and Puerto Rico as insets with their own scale bars (:mod:`geo._insets`); optionally
two panels (one country's layers beside the other's), a zoomed inset and labels
(:class:`FigureSpec`). :func:`small_multiples` draws a layer's year control as panels,
titled with the years drawn. A figure of panels is only as tall as its content, its legends
beside or under the panels, whichever makes the maps larger (:mod:`geo._layout`); texts are
sized in points, so a figure drawn at the size it is shown shows them at those sizes.
:func:`save_figure` writes a figure atomically; the same inputs give the same bytes, SVG text
stays text and PDF fonts are embedded as TrueType.
"""

from __future__ import annotations

import dataclasses
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from geo._draw import Polygons, draw_map, extent, polygons_of, scale_bar
from geo._insets import draw_insets, hidden, no_data
from geo._io import write_atomic
from geo._layout import Frame, draw_frame, legend_width, make_frame, plan
from geo._legend import Block, draw_columns, legend_blocks, source_line
from geo._text import text
from geo._validate import MAX_SCALE, MIN_SCALE, check_choice, check_choices, check_number
from geo.catalogue import CATALOGUE
from geo.errors import OptionError
from geo.scene import FigureSpec, MapSpec, Scene, build_scene, make_spec
from geo.style import NO_DATA_COLOR, LayerStyle, style_layer

__all__ = [
    "STATIC_FORMATS",
    "FigureSpec",
    "draw_figure",
    "draw_small_multiples",
    "figure_bytes",
    "save_figure",
    "small_multiples",
    "static_map",
]

STATIC_FORMATS = ("png", "svg", "pdf")
_RC = {
    "svg.hashsalt": "ironriver",
    "svg.fonttype": "none",  # text stays text: editable, searchable
    "pdf.fonttype": 42,  # TrueType fonts embedded (subset), not Type 3
    "font.family": "DejaVu Sans",
}
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
_INSET_ROOM = 0.3  # a US panel is taller than its map by this share: room for the insets
_ZOOM = 0.4  # a zoomed inset's height at most, as a share of the figure's


class MapFigure(Figure):
    """A map's figure, carrying the attributes of the layers it draws and its title (for decks)."""

    ira_sources: list[dict]
    ira_title: str


def _split(
    spec: MapSpec | None, figure: FigureSpec | None, options: dict[str, Any]
) -> tuple[MapSpec, FigureSpec]:
    """Options for the layout go to the figure spec; the others to the map spec."""
    layout = {f.name for f in dataclasses.fields(FigureSpec)}
    mine = {k: v for k, v in options.items() if k in layout}
    theirs = {k: v for k, v in options.items() if k not in layout}
    return make_spec(spec, theirs), dataclasses.replace(figure or FigureSpec(), **mine)


def static_map(
    spec: MapSpec | None = None, figure: FigureSpec | None = None, /, **options: Any
) -> MapFigure:
    """Draw a static map of the same scene as the atlas.

    Parameters
    ----------
    spec : MapSpec, optional
        What the map shows (:class:`geo.scene.MapSpec`). Of the exclusive layers (the US
        ones) only the first listed is drawn, unless the layout shows two side by side.
    figure : FigureSpec, optional
        Layout, inset, labels, size, frame and facts.
    **options
        Fields of either spec, replacing theirs (``layers_shown``, ``lang``, ``layout``,
        ``size``, ...).

    Returns
    -------
    matplotlib.figure.Figure
        The figure; save it with :func:`save_figure`.
    """
    spec, figure = _split(spec, figure, options)
    exclusive = [e.id for e in spec.entries if e.exclusive]
    countries = {e.country for e in spec.entries if e.draw == "polygons"}
    pair = figure.layout == "two-panel" and len(exclusive) == 2 and len(countries) == 1
    if not pair:  # alternatives: the first one
        shown = tuple(n for n in spec.layers_shown if n not in exclusive[1:])
        spec = dataclasses.replace(spec, layers_shown=shown)
    return draw_figure(build_scene(spec), figure)


def _panel_title(scene: Scene, panel: Sequence[str]) -> str:
    """Return a panel's title: its choropleth's legend title (what, where, which year)."""
    styles = [scene.layers[n].style for n in panel if n in scene.layers]
    return next((style.title for style in styles if style is not None), "")


def _panels(scene: Scene, layout: str) -> list[tuple[list[str], Any]]:
    """Each panel's layers and view: one country's layers beside the other's."""
    spec, names = scene.spec, list(scene.spec.layers_shown)
    views: tuple[Any, Any]
    if layout == "single":
        return [(names, spec.view)]
    polygons = [e for e in spec.entries if e.draw == "polygons"]
    exclusive = [e.id for e in polygons if e.exclusive]
    countries = {e.country for e in polygons}
    if len(countries) == 1 and len(exclusive) == 2:  # the two alternatives side by side
        country = countries.pop()
        views = (country, country)
        left = [n for n in names if n != exclusive[1]]
        right = [n for n in names if n != exclusive[0]]
    else:
        views = ("us", "mx")  # each country's view (VIEWS)
        left = [n for n in names if CATALOGUE[n].country != "mx"]
        right = [n for n in names if CATALOGUE[n].country != "us"]
    if spec.view != "full":  # each panel shows its own country unless the spec sets a view
        views = (spec.view, spec.view)
    return list(zip((left, right), views, strict=True))


def _aspect(view: Any) -> float:
    """Return a panel's width over its height: its view's, taller where insets need room."""
    west, south, east, north = extent(view)
    aspect = (east - west) / (north - south)
    return aspect / (1 + _INSET_ROOM) if hidden(view) else aspect


def _frame(figure: FigureSpec, title: str, subtitle: str, sources: list[dict], lang: str) -> Frame:
    """Wrap the frame's texts to the figure's width (none when it has no frame)."""
    if not figure.frame:
        return Frame()
    return make_frame(figure.size[0] / 100, title, subtitle, source_line(sources, lang))


def _new_figure(size: tuple[float, float]) -> MapFigure:
    return MapFigure(figsize=size, dpi=100, facecolor="white")


def _zoom(figure: FigureSpec) -> list[Block]:
    """Keep room for a zoomed inset in the legend column: a block of space."""
    if figure.inset is None:
        return []
    west, south, east, north = extent(figure.inset)
    width = legend_width(figure.size[0] / 100)
    return [Block(space=min(width * (north - south) / (east - west), _ZOOM * figure.size[1] / 100))]


def draw_figure(scene: Scene, figure: FigureSpec | None = None) -> MapFigure:
    """Draw a scene as a static map (see :func:`static_map`)."""
    figure = figure or FigureSpec()
    spec, names = scene.spec, list(scene.spec.layers_shown)
    polygons = polygons_of(scene, names)
    panels = _panels(scene, figure.layout)
    missing = set()  # places drawn as "no data" in the insets: the legends say so
    for panel, view in panels:
        missing |= no_data(scene, panel, polygons) if hidden(view) else set()
    blocks = legend_blocks(scene, names, _with_no_data(polygons, missing, spec.lang))
    blocks += [Block(notes=figure.facts)] if figure.facts else []
    frame = _frame(figure, scene.title, spec.subtitle, scene.sources, spec.lang)
    sides = [(_aspect(v), _panel_title(scene, p)) for p, v in panels]
    size = (figure.size[0] / 100, figure.size[1] / 100)
    layout = plan(size, frame, blocks + _zoom(figure), None if len(panels) == 1 else sides)
    with matplotlib.rc_context(cast(Any, _RC)):
        fig = _new_figure(layout.size)
        draw_frame(fig, frame)
        axes = []
        for (panel, view), box, title in zip(panels, layout.panels, layout.titles, strict=True):
            ax = fig.add_axes(box)
            hide = hidden(view)
            labels = figure.labels
            draw_map(ax, scene, panel, polygons=polygons, view=view, labels=labels, hide=hide)
            if len(panels) > 1:  # each panel says what it shows
                ax.set_title(title, loc="left", fontsize=12, fontweight="bold", pad=6)
            if hide:  # a view of the US: Alaska, Hawaii and Puerto Rico as insets
                draw_insets(fig, ax, scene, panel, polygons)
            else:
                scale_bar(ax)
            axes.append(ax)
        corners = draw_columns(fig, layout.columns, *layout.legend, layout.column)
        if figure.inset is not None:
            space = layout.columns[-1][-1].space
            _inset(fig, scene, axes[0], figure.inset, (*corners[-1], layout.column, space))
    fig.ira_sources = scene.sources  # for decks and notes
    fig.ira_title = scene.title
    return _plain_text(fig)


def _with_no_data(polygons: Polygons, missing: set[str], lang: str) -> Polygons:
    """Give the layers drawn as "no data" somewhere (an inset) a "no data" legend entry."""
    out = dict(polygons)
    for name in missing:
        gdf, style = polygons[name]
        if style.no_data is None:
            no_data = (NO_DATA_COLOR, text("no_data", lang))
            out[name] = (gdf, dataclasses.replace(style, no_data=no_data))
    return out


def _inset(
    fig: Figure, scene: Scene, main: Any, inset: Sequence[float], box: Sequence[float]
) -> None:
    """Draw a zoomed inset in ``box``, its area outlined on the map ``main``.

    ``box`` is (left, top, width, height) in inches from the figure's left and top: the space
    kept for it under the legends, covering no map.
    """
    names = list(scene.spec.layers_shown)
    left, top, width, height = box
    fig_width, fig_height = fig.get_figwidth(), fig.get_figheight()
    bottom = 1 - (top + height) / fig_height
    zoom = fig.add_axes((left / fig_width, bottom, width / fig_width, height / fig_height))
    polygons = polygons_of(scene, names)
    points = [e.id for e in scene.spec.entries if e.marker]  # labelled in the inset
    draw_map(zoom, scene, names, polygons=polygons, view=inset, labels=points, fill=False)
    scale_bar(zoom, size=9)
    box = extent(inset)
    main.add_patch(
        Rectangle(
            (box[0], box[1]),
            box[2] - box[0],
            box[3] - box[1],
            facecolor="none",
            edgecolor="#111111",
            linewidth=1.2,
            zorder=7,
        )
    )


def _plain_text(fig: MapFigure) -> MapFigure:
    """Draw every text of the figure as it is: "$5 and $9" is text, not math.

    Titles, names and notes come from data; matplotlib would read text between two ``$`` as
    math (and fail on some). No text of these maps is math, so parsing is turned off for all.
    """
    for artist in fig.findobj(Text):
        artist.set_parse_math(False)
    return fig


def figure_bytes(fig: Figure, fmt: str = "png", *, scale: float = 1) -> bytes:
    """Render a figure to PNG, SVG or PDF bytes; the same figure gives the same bytes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        From :func:`static_map`.
    fmt : {"png", "svg", "pdf"}, default "png"
        Output format; SVG and PDF are vector.
    scale : float, default 1
        Pixel scale for PNG (2 gives 3840x2160 for the default size).

    Returns
    -------
    bytes
        The file's content (no timestamps, fixed SVG ids).
    """
    check_choice(fmt, STATIC_FORMATS, what="format")
    scale = check_number(scale, what="scale", low=MIN_SCALE, high=MAX_SCALE)
    buffer = io.BytesIO()
    with matplotlib.rc_context(cast(Any, _RC)):
        fig.savefig(
            buffer,
            format=fmt,
            dpi=100 * scale,
            metadata=_METADATA[fmt],
            facecolor=fig.get_facecolor(),
        )
    return buffer.getvalue()


def save_figure(fig: Figure, path: str | os.PathLike, *, scale: float = 1) -> Path:
    """Write a figure as PNG, SVG or PDF (from the suffix), atomically and reproducibly.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        From :func:`static_map`.
    path : str or path-like
        ``.png``, ``.svg`` or ``.pdf``.
    scale : float, default 1
        Pixel scale for PNG.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    path = Path(path)
    return write_atomic(path, figure_bytes(fig, path.suffix.lower().lstrip("."), scale=scale))


def small_multiples(
    name: str,
    years: Sequence[int],
    *,
    pool: Sequence[int] | None = None,
    figure: FigureSpec | None = None,
    **options: Any,
) -> MapFigure:
    """Draw one layer for several years side by side, with one legend and fixed classes.

    Parameters
    ----------
    name : str
        A layer with a timeline ("mx-homicides", "us-gun-laws"); ``years`` are its years
        or editions.
    years : sequence of int
        Two to four years, one panel each, left to right.
    pool : sequence of int, optional
        Years whose figures set the classes (the years shown by default); give the years of
        the HTML year control so that both say the same.
    figure : FigureSpec, optional
        Size and frame.
    **options
        Fields of :class:`geo.scene.MapSpec` (``lang``, ``title``, ``scheme``, ``view``, ...);
        the view is the layer's country by default.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; the classes are computed over all the years pooled, so a colour means
        the same figure in every panel.
    """
    entries = [e.id for e in CATALOGUE.values() if e.timeline]
    check_choice(name, entries, what="small multiples layer")
    years = list(years)
    if not 2 <= len(years) <= 4:
        raise OptionError(f"small multiples take 2 to 4 years, not {len(years)}")
    options.setdefault("view", CATALOGUE[name].country)
    lines = tuple(e.id for e in CATALOGUE.values() if e.draw == "lines")  # the border
    shown = {"layers_shown": (name, *lines), "years": tuple(pool or years)}
    spec = make_spec(None, {**options, **shown})
    return draw_small_multiples(build_scene(spec), name, years, figure)


def _shared_style(scene: Scene, name: str, panels: Sequence[Any]) -> tuple[LayerStyle, dict]:
    """One legend for every panel, citing every year shown."""
    layer, lang = scene.layers[name], scene.spec.lang
    assert layer.series is not None and layer.entry.style is not None
    styles = layer.series.styles
    last = layer.series.frames[panels[-1]]
    attrs = dict(last.attrs, year=", ".join(map(str, panels)))
    cited = last.copy()
    cited.attrs = attrs
    style = styles[panels[-1]]
    shared = LayerStyle(
        title=text(layer.entry.style.title, lang),
        fills=style.fills,
        legend=style.legend,
        no_data=next((styles[y].no_data for y in panels if styles[y].no_data), None),
        note=style.note,
        source=style_layer(layer.entry.style, cited, lang=lang, bins=layer.series.bins).source,
    )
    return shared, attrs


def years_title(title: str, years: Sequence[Any], lang: str) -> str:
    """State the years drawn after a title: "Homicides in Mexico: 2015, 2019 and 2024"."""
    years = [str(y) for y in years]
    listed = (
        f"{', '.join(years[:-1])} {text('and', lang)} {years[-1]}" if len(years) > 1 else years[0]
    )
    return f"{title}: {listed}"


def draw_small_multiples(
    scene: Scene, name: str, panels: Sequence[Any] | None = None, figure: FigureSpec | None = None
) -> MapFigure:
    """Draw the year control of layer ``name`` of a scene as panels (see :func:`small_multiples`).

    ``panels`` are years of the control (the scene's choice of at most four by default). The
    title states the years drawn, after the spec's title (or the layer's name).
    """
    figure = figure or FigureSpec()
    spec, series = scene.spec, scene.layers[name].series
    if series is None:
        raise OptionError(f"{name}: no year control to draw; give years")
    panels = list(panels or series.panels)
    check_choices(panels, series.years, what="panel years")
    shared, attrs = _shared_style(scene, name, panels)
    shown = [name, *(n for n in spec.layers_shown if CATALOGUE[n].draw == "lines")]
    hide = hidden(spec.view)
    drawn = {year: polygons_of(scene, [name], year) for year in panels}
    missing = set().union(*(no_data(scene, shown, drawn[y]) for y in panels)) if hide else set()
    legend = _with_no_data({name: (series.frames[panels[-1]], shared)}, missing, spec.lang)
    title = years_title(
        spec.title or text(scene.layers[name].entry.label, spec.lang), panels, spec.lang
    )
    frame = _frame(figure, title, spec.subtitle, [attrs], spec.lang)
    sides = [(_aspect(spec.view), str(year)) for year in panels]
    size = (figure.size[0] / 100, figure.size[1] / 100)
    layout = plan(size, frame, legend_blocks(scene, shown, legend), sides, title_size=20)
    with matplotlib.rc_context(cast(Any, _RC)):
        fig = _new_figure(layout.size)
        draw_frame(fig, frame)
        for i, (year, box) in enumerate(zip(panels, layout.panels, strict=True)):
            ax = fig.add_axes(box)
            draw_map(ax, scene, shown, polygons=drawn[year], view=spec.view, hide=hide)
            ax.set_title(str(year), fontsize=20, weight="bold")
            if hide:  # a view of the US: insets in every panel, one scale bar
                draw_insets(fig, ax, scene, shown, drawn[year], 10 if i == 0 else None)
            elif i == 0:
                scale_bar(ax, size=10)
        draw_columns(fig, layout.columns, *layout.legend, layout.column)
    fig.ira_sources = [attrs]
    fig.ira_title = title
    return _plain_text(fig)

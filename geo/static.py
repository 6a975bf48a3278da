"""Static maps for decks and print: PNG, SVG and PDF drawn with matplotlib, no tiles, offline.

:func:`static_map` draws the same layers, with the same :class:`geo.style.LayerStyle` as the
HTML atlas, in an equal-area projection: title, subtitle, one legend per layer (units, year,
"no data"), a scale bar in km, a source line citing every dataset, both countries' states as
context; optionally two panels (US layer beside Mexican layer), an inset and labels.
:func:`save_figure` writes it atomically; the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import os
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from geo import analysis, layers, settings
from geo._io import write_atomic
from geo._text import LANGUAGES, number, text
from geo._validate import (
    MAX_SCALE,
    MIN_SCALE,
    check_box,
    check_choice,
    check_number,
    check_text,
    check_whole,
)
from geo.boundaries import load_border, load_mx_states, load_us_states
from geo.errors import OptionError
from geo.scene import VIEWS, build_layers, check_map_options
from geo.style import NO_DATA_COLOR, LayerStyle, class_breaks, style_layer

__all__ = ["STATIC_FORMATS", "figure_bytes", "save_figure", "small_multiples", "static_map"]

STATIC_FORMATS = ("png", "svg", "pdf")
BACKGROUND = "#e8eef2"
FLOW = "#6a3d9a"
CONSULATE = "#1b7837"
CONTEXT = "#f6f6f4"
_RC = {
    "svg.hashsalt": "ironriver",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
}
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
_SPANISH = {"New Mexico": "Nuevo México"}
_NICE_KM = (5, 10, 20, 50, 100, 200, 500)
_BORDER_STATES = {"us": ("CA", "AZ", "NM", "TX"), "mx": ("02", "26", "08", "05", "19", "28")}


class MapFigure(Figure):
    """A map's figure, carrying the attributes of the layers it draws (for decks' sources)."""

    ira_sources: list[dict]


def _extent(view: str | Sequence[float]) -> tuple[float, float, float, float]:
    west, south, east, north = VIEWS[view] if isinstance(view, str) else view
    edge = shapely.segmentize(shapely.box(west, south, east, north), 0.5)
    return tuple(gpd.GeoSeries([edge], crs=4326).to_crs(settings.area_crs).total_bounds)


def _project(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gdf.to_crs(settings.area_crs)


def _draw_polygons(ax, gdf: gpd.GeoDataFrame, style: LayerStyle) -> None:
    fills = np.array(style.fills, dtype=object)
    missing = fills == NO_DATA_COLOR
    projected = _project(gdf)
    if (~missing).any():
        projected[~missing].plot(
            ax=ax, color=list(fills[~missing]), edgecolor="white", linewidth=0.5, zorder=2
        )
    if missing.any():
        projected[missing].plot(
            ax=ax,
            facecolor=NO_DATA_COLOR,
            edgecolor="#8a8a8a",
            hatch="////",
            linewidth=0.5,
            zorder=2,
        )


def _port_sizes(ports: gpd.GeoDataFrame) -> np.ndarray:
    volumes = ports["personal_vehicles"] if "personal_vehicles" in ports else pd.Series()
    if len(ports) and volumes.notna().all() and float(volumes.max()) > 0:
        share = volumes.astype(float).to_numpy() / float(volumes.max())
        return 20 + 380 * share  # marker area, proportional to volume
    return np.full(len(ports), 40.0)


def _draw_map(ax, built, styles, names, *, view, bands, labels, lang) -> None:
    ax.set_facecolor(BACKGROUND)
    us, mx = load_us_states(), load_mx_states()
    # Context includes Puerto Rico, where a consulate sits, though no layer covers it.
    for context in (load_us_states(territories=True), mx):
        _project(context).plot(ax=ax, color=CONTEXT, edgecolor="#b5b5b5", linewidth=0.4, zorder=1)
    for name in names:
        if name in styles:
            _draw_polygons(ax, built[name], styles[name])
    if bands is not None:
        _project(bands).plot(
            ax=ax,
            facecolor="none",
            edgecolor="#5a5a5a",
            linewidth=0.9,
            linestyle=(0, (2, 3)),
            zorder=3,
        )
    if "border" in names:
        _project(load_border()).plot(ax=ax, color="#111111", linewidth=2.2, zorder=4)
    if "trace-flows" in names and "trace-flows" in built:
        flows = _project(built["trace-flows"])
        top = float(flows["traced_firearms"].max())
        for line, count in zip(flows.geometry, flows["traced_firearms"], strict=True):
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
                    "lw": 2 + 10 * (float(count) / top) ** 0.5,
                    "mutation_scale": 28,
                    "alpha": 0.85,
                },
            )
    if "consulates" in names and "consulates" in built:
        offices = _project(built["consulates"])
        ax.scatter(
            offices.geometry.x,
            offices.geometry.y,
            s=70,
            marker="s",
            facecolor=CONSULATE,
            edgecolor="white",
            linewidth=1.2,
            zorder=6,
        )
    if "ports" in names and "ports" in built:
        ports = _project(built["ports"])
        ax.scatter(
            ports.geometry.x,
            ports.geometry.y,
            s=_port_sizes(built["ports"]),
            facecolor="white",
            edgecolor="#1a1a1a",
            linewidth=1.3,
            zorder=5,
        )
        if "ports" in labels:
            halo = [patheffects.withStroke(linewidth=3, foreground="white")]
            for x, y, label in zip(
                ports.geometry.x, ports.geometry.y, ports["port_name"], strict=True
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
    if "states" in labels:
        halo = [patheffects.withStroke(linewidth=3.5, foreground="white")]
        for gdf, key, keys in (
            (us, "usps", _BORDER_STATES["us"]),
            (mx, "cve_ent", _BORDER_STATES["mx"]),
        ):
            chosen = _project(gdf[gdf[key].isin(keys)])
            for point, label in zip(chosen.representative_point(), chosen["name"], strict=True):
                ax.text(
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
                )
    west, south, east, north = _extent(view)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for spine in ax.spines.values():
        spine.set_edgecolor("#999999")


def _scale_bar(ax, size: int = 11, corner: str = "left") -> None:
    """Add a scale bar in km, a round length of about a sixth of the map's width.

    The map is Albers equal-area: lengths are exact along its standard parallels and within
    about 2 % over the two countries.
    """
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    width, height = east - west, north - south
    km = max([n for n in _NICE_KM if n <= width / 1000 / 6] or [_NICE_KM[0]])
    length = km * 1000
    x0 = west + 0.03 * width if corner == "left" else east - 0.03 * width - length
    y0 = south + 0.045 * height
    ax.add_patch(
        Rectangle(
            (x0 - 0.012 * width, y0 - 0.025 * height),
            length + 0.024 * width,
            0.09 * height,
            facecolor="white",
            alpha=0.85,
            edgecolor="none",
            zorder=8,
        )
    )
    ax.plot(
        [x0, x0 + length], [y0, y0], color="#111111", linewidth=4, solid_capstyle="butt", zorder=9
    )
    ax.text(
        x0 + length / 2,
        y0 + 0.015 * height,
        f"{km} km",
        ha="center",
        va="bottom",
        fontsize=size,
        zorder=9,
    )


def _legend(fig: Figure, x: float, y: float, heading: str, entries, notes: Sequence[str]) -> float:
    """Draw one legend block from the top at (x, y) in figure coordinates; return the new y."""
    height = fig.get_figheight()
    line = 0.24 / height  # 0.24 inch per line
    for part in textwrap.wrap(heading, 40):
        fig.text(x, y, part, fontsize=13, weight="bold", va="top")
        y -= line
    for kind, color, label in entries:
        box_y = y - 0.7 * line
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
        elif kind == "square":
            fig.add_artist(
                Line2D(
                    [x + 0.008],
                    [box_y + 0.35 * line],
                    marker="s",
                    markersize=9,
                    markerfacecolor=color,
                    markeredgecolor="white",
                    transform=fig.transFigure,
                )
            )
        elif kind == "dot":
            fig.add_artist(
                Line2D(
                    [x + 0.008],
                    [box_y + 0.35 * line],
                    marker="o",
                    markersize=9,
                    markerfacecolor="white",
                    markeredgecolor="#1a1a1a",
                    markeredgewidth=1.3,
                    transform=fig.transFigure,
                )
            )
        else:
            fig.add_artist(
                Line2D(
                    [x, x + 0.016],
                    [box_y + 0.35 * line] * 2,
                    color=color,
                    linewidth=2.2,
                    linestyle="-" if kind == "line" else ":",
                    transform=fig.transFigure,
                )
            )
        fig.text(x + 0.022, y, label, fontsize=12, va="top")
        y -= line
    for note in notes:
        for part in textwrap.wrap(note, 52):
            fig.text(x, y, part, fontsize=10, color="#444444", va="top")
            y -= 0.8 * line
    return y - 0.6 * line


def _legends(fig, built, styles, names, bands, x: float, y: float, lang: str) -> float:
    for name in names:
        if name in styles:
            style = styles[name]
            entries = [("box", c, label) for c, label in style.legend]
            if style.no_data:
                entries.append(("nodata", None, style.no_data[1]))
            notes = [n for n in (style.note, f"{text('source', lang)}: {style.source}") if n]
            y = _legend(fig, x, y, style.title, entries, notes)
    extra = []
    if "trace-flows" in built and "trace-flows" in names:
        flows = built["trace-flows"]
        entries = [
            ("line", FLOW, f"{r['state']}: {number(r['traced_firearms'], lang)}")
            for _, r in flows.iterrows()
        ]
        y = _legend(
            fig,
            x,
            y,
            text("trace_flows", lang),
            entries,
            [
                text("trace_caveat", lang),
                f"{text('source', lang)}: {flows.attrs['short']}, 2022-2023",
            ],
        )
    if "consulates" in built and "consulates" in names:
        extra.append(("square", CONSULATE, text("consulates", lang)))
    if "border" in names:
        extra.append(("line", "#111111", text("border", lang)))
    if bands is not None:
        widths = ", ".join(f"{km:g} km" for km in sorted(set(bands["distance_km"])))
        extra.append(("dashed", "#5a5a5a", f"{text('bands', lang)}: {widths}"))
    if "ports" in built and "ports" in names:
        ports = built["ports"]
        sized = len(set(_port_sizes(ports))) > 1
        note = text(
            "marker_sized" if sized else "marker_equal", lang, period=ports.attrs.get("year", "")
        )
        extra.append(("dot", "", text("ports", lang)))
        y = _legend(fig, x, y, "", extra, [note])
    elif extra:
        y = _legend(fig, x, y, "", extra, [])
    return y


def _source_line(built: Mapping[str, gpd.GeoDataFrame], lang: str) -> str:
    cited = [
        f"{a.get('short') or a.get('publisher')} ({a.get('year')})"
        for a in (g.attrs for g in built.values())
        if a.get("publisher")
    ]
    cited += [text("boundaries_credit", lang)]
    return f"{text('sources', lang)}: " + "; ".join(dict.fromkeys(cited))


def static_map(
    *,
    layers_shown: Sequence[str] = ("us-gun-laws", "ports", "mx-homicides", "border"),
    lang: str = "en",
    title: str | None = None,
    subtitle: str = "",
    view: str | Sequence[float] = "full",
    scheme: str = "FisherJenks",
    k: int = 5,
    edition: int = 2025,
    dealer_year: int = 2023,
    homicide_year: int = 2024,
    port_period: int | str = 2024,
    bands_km: Sequence[float] = (50, 100, 250),
    layout: str = "single",
    inset: Sequence[float] | None = None,
    labels: Sequence[str] = (),
    data: Mapping[str, gpd.GeoDataFrame] | None = None,
    size: tuple[int, int] = (1920, 1080),
    frame: bool = True,
    compare: tuple[int, int] | None = None,
    facts: Sequence[str] = (),
) -> Figure:
    """Draw a static map from the same layers and style spec as the atlas.

    Parameters
    ----------
    layers_shown, lang, title, subtitle, view, scheme, k, edition, dealer_year, homicide_year,
    port_period, bands_km, data
        As for :func:`geo.web.atlas_map`. Of the two US layers only the first listed is drawn
        (they are alternatives).
    layout : {"single", "two-panel"}, default "single"
        "two-panel" draws the US layer (with ports and border) beside the Mexican layer, or,
        without a Mexican layer, the two US layers side by side.
    inset : (west, south, east, north), optional
        A zoomed inset of that box, drawn under the legends (covering no map), whose area is
        outlined on the (first) map.
    labels : sequence of {"ports", "states"}
        Label the ports and/or the ten border states.
    size : (int, int), default (1920, 1080)
        Pixels at scale 1 (100 dots per inch).
    frame : bool, default True
        Draw the title, subtitle and source line; a deck slide carries its own.
    compare : (int, int), optional
        Years of the change layers ("mx-homicides-change", "us-gun-laws-change").
    facts : sequence of str
        Lines of text drawn under the legends (a briefing's figures).

    Returns
    -------
    matplotlib.figure.Figure
        The figure; save it with :func:`save_figure`.
    """
    check_map_options(
        layers_shown=layers_shown,
        lang=lang,
        title=title,
        subtitle=subtitle,
        view=view,
        scheme=scheme,
        k=k,
        edition=edition,
        dealer_year=dealer_year,
        homicide_year=homicide_year,
        port_period=port_period,
        bands_km=bands_km,
        data=data,
        compare=compare,
    )
    check_choice(layout, ["single", "two-panel"], what="layout")
    for label in labels:
        check_choice(label, ["ports", "states"], what="labels")
    if inset is not None:
        check_box(inset, what="inset")
    if not isinstance(size, Sequence) or len(size) != 2:
        raise OptionError(f"size: {size!r} must be (width, height) in pixels")
    for pixels in size:
        check_whole(pixels, what="size", low=320, high=8000)
    for fact in facts:
        check_text(fact, what="facts", limit=1000)
    us_layers = [n for n in layers_shown if n.startswith("us-")]
    # Two panels of the two US layers when there is no Mexican layer to pair with.
    mx_layers = [n for n in layers_shown if n.startswith("mx-")]
    us_pair = layout == "two-panel" and len(us_layers) == 2 and not mx_layers
    names = list(layers_shown) if us_pair else [n for n in layers_shown if n not in us_layers[1:]]
    built = build_layers(
        names,
        edition=edition,
        dealer_year=dealer_year,
        homicide_year=homicide_year,
        port_period=port_period,
        compare=compare,
        data=data,
    )
    us, mx = load_us_states(), load_mx_states()
    styles = {}
    for name, gdf in built.items():
        if name in ("ports", "consulates", "trace-flows"):
            continue
        base, key = (us, "usps") if name.startswith("us-") else (mx, "cve_ent")
        aligned = gdf.set_index(key).reindex(base[key]).reset_index()
        aligned = gpd.GeoDataFrame(aligned, geometry="geometry", crs=gdf.crs)
        aligned.attrs = gdf.attrs
        built[name] = aligned
        styles[name] = style_layer(name, aligned, lang=lang, scheme=scheme, k=k)
    bands = analysis.border_bands(bands_km) if "bands" in names else None

    with matplotlib.rc_context(cast(Any, _RC)):
        fig = MapFigure(figsize=(size[0] / 100, size[1] / 100), dpi=100, facecolor="white")
        top = 0.87 if frame else 0.98
        bottom = 0.06 if frame else 0.02
        if frame:
            fig.text(
                0.015, 0.975, title or text("title", lang), fontsize=26, weight="bold", va="top"
            )
            if subtitle:
                fig.text(0.015, 0.918, subtitle, fontsize=15, color="#333333", va="top")
            fig.text(0.015, 0.018, _source_line(built, lang), fontsize=10.5, color="#333333")
        options = {"view": view, "bands": bands, "labels": labels, "lang": lang}
        if layout == "two-panel":
            # Each panel shows its own country unless the recipe sets another view.
            if us_pair:
                views = ("us", "us") if view == "full" else (view, view)
                panels = (
                    [n for n in names if n != us_layers[1]],
                    [n for n in names if n != us_layers[0]],
                )
                boxes = ((0.01, bottom, 0.365, top - bottom), (0.38, bottom, 0.365, top - bottom))
            else:
                views = ("us", "mx") if view == "full" else (view, view)
                panels = (
                    [n for n in names if n not in mx_layers],
                    [n for n in names if n not in us_layers],
                )
                boxes = ((0.01, bottom, 0.42, top - bottom), (0.44, bottom, 0.30, top - bottom))
            left, right = fig.add_axes(boxes[0]), fig.add_axes(boxes[1])
            for ax, panel, panel_view in zip((left, right), panels, views, strict=True):
                _draw_map(ax, built, styles, panel, **(options | {"view": panel_view}))
            axes = [left, right]
        else:
            axes = [fig.add_axes((0.01, bottom, 0.73, top - bottom))]
            _draw_map(axes[0], built, styles, names, **options)
        for ax in axes:
            _scale_bar(ax)
        legend_bottom = _legends(fig, built, styles, names, bands, 0.755, top, lang)
        if facts:
            legend_bottom = _legend(fig, 0.755, legend_bottom, "", [], list(facts))
        if inset is not None:
            box = _extent(inset)
            # Below the legends, so it covers no part of the maps.
            height = min(0.34, legend_bottom - bottom - 0.01)
            zoom = fig.add_axes((0.765, bottom + 0.01, 0.215, height))
            _draw_map(
                zoom, built, styles, names, **(options | {"view": inset, "labels": ("ports",)})
            )
            _scale_bar(zoom, size=9)
            axes[0].add_patch(
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
    fig.ira_sources = [g.attrs for g in built.values()]  # for decks and notes
    return _plain_text(fig)


def _plain_text(fig: Figure) -> Figure:
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
    lang: str = "en",
    title: str | None = None,
    subtitle: str = "",
    view: str | Sequence[float] | None = None,
    scheme: str = "FisherJenks",
    k: int = 5,
    size: tuple[int, int] = (1920, 1080),
    frame: bool = True,
    pool: Sequence[int] | None = None,
) -> Figure:
    """Draw one layer for several years side by side, with one legend and fixed classes.

    Parameters
    ----------
    name : {"mx-homicides", "us-gun-laws"}
        The layer; years are homicide years or Giffords editions.
    years : sequence of int
        Two to four years, one panel each, left to right.
    lang, title, subtitle, scheme, k, size, frame
        As for :func:`static_map`.
    view : str or (west, south, east, north), optional
        The view of every panel; the layer's country by default.
    pool : sequence of int, optional
        Years whose homicide rates set the classes (the years shown by default); give the
        years of the HTML year control so that both say the same.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; the homicide classes are computed over all the years shown, so a colour
        means the same rate in every panel.
    """
    check_choice(name, ["mx-homicides", "us-gun-laws"], what="small multiples layer")
    check_choice(lang, LANGUAGES, what="lang")
    years = list(years)
    if not 2 <= len(years) <= 4:
        raise OptionError(f"small multiples take 2 to 4 years, not {len(years)}")
    if name == "mx-homicides":
        frames = {y: layers.homicide_layer(year=y) for y in years}
        pooled = pd.concat(
            [layers.homicide_layer(year=y)["rate_per_100k"] for y in (pool or years)]
        ).astype(float)
        bins = class_breaks(pooled, scheme=scheme, k=k)
    else:
        frames = {y: layers.gun_law_layer(edition=y) for y in years}
        bins = None
    styles = {
        y: style_layer(name, f, lang=lang, scheme=scheme, k=k, bins=bins) for y, f in frames.items()
    }
    cited = frames[years[-1]].copy()
    cited.attrs = dict(frames[years[-1]].attrs, year=", ".join(map(str, years)))
    view = view or ("mx" if name == "mx-homicides" else "us")
    with matplotlib.rc_context(cast(Any, _RC)):
        fig = MapFigure(figsize=(size[0] / 100, size[1] / 100), dpi=100, facecolor="white")
        top, bottom = (0.84, 0.08) if frame else (0.95, 0.03)
        if frame:
            fig.text(
                0.015,
                0.975,
                title or text(name.replace("-", "_"), lang),
                fontsize=26,
                weight="bold",
                va="top",
            )
            if subtitle:
                fig.text(0.015, 0.918, subtitle, fontsize=15, color="#333333", va="top")
            fig.text(
                0.015,
                0.018,
                _source_line({name: cited}, lang),
                fontsize=10.5,
                color="#333333",
            )
        width = 0.735 / len(years)
        for i, (year, frame_gdf) in enumerate(frames.items()):
            ax = fig.add_axes((0.01 + i * width, bottom, width - 0.008, top - bottom))
            _draw_map(
                ax,
                {name: frame_gdf},
                {name: styles[year]},
                [name, "border"],
                view=view,
                bands=None,
                labels=(),
                lang=lang,
            )
            ax.set_title(str(year), fontsize=20, weight="bold")
            if i == 0:
                _scale_bar(ax, size=10)
        last = styles[years[-1]]
        shared = LayerStyle(
            name=name,
            title=last.title.rsplit(",", 1)[0] if bins else text("us_gun_laws", lang),
            fills=last.fills,
            legend=last.legend,
            no_data=next((s.no_data for s in styles.values() if s.no_data), None),
            note=last.note,
            source=style_layer(name, cited, lang=lang, bins=bins).source,
        )
        _legends(
            fig, {name: frames[years[-1]]}, {name: shared}, [name, "border"], None, 0.755, top, lang
        )
    fig.ira_sources = [cited.attrs]
    return _plain_text(fig)

"""Charts for decks: crossings at the busiest ports, homicides near the border, over the years.

:func:`crossings_chart` draws the table of :func:`geo.crossings.crossings_over_time` as it
is given: one panel per mode, one line per port (a gap where a year is not complete), and the
years of its ``events`` marked and cited. :func:`spillover_chart` draws the two groups of
:func:`geo.spillover.spillover_series` with 2004 marked. They load nothing; save them with
:func:`geo.static.save_figure` (PNG, SVG, PDF).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any, cast

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from geo._labels import text_renderer
from geo._text import LANGUAGES, TEXT, number, text
from geo._validate import check_choice, check_text
from geo.errors import DataError, OptionError
from geo.scene import FigureSpec
from geo.static import _RC, MapFigure, _plain_text

__all__ = ["crossings_chart", "national_homicides_chart", "spillover_chart"]

# Colour-blind-safe qualitative colours (Okabe and Ito).
_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999")


def crossings_chart(
    table: pd.DataFrame,
    *,
    lang: str = "en",
    title: str | None = None,
    subtitle: str = "",
    size: tuple[int, int] = (1920, 1080),
    frame: bool = True,
) -> MapFigure:
    """Draw crossings by mode at the busiest ports over the years, with events marked.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`geo.crossings.crossings_over_time`.
    lang : {"en", "es"}, default "en"
        Language of every text.
    title, subtitle : str, optional
        The title defaults to one naming the years shown.
    size : (int, int), default (1920, 1080)
        Pixels at scale 1.
    frame : bool, default True
        Draw the title, subtitle and source line (a deck slide carries its own).

    Returns
    -------
    MapFigure
        The figure, with ``ira_sources`` for decks.
    """
    _check_options(lang, (title, subtitle), size, frame)
    _check_table(table)
    attrs = table.attrs
    measures = list(dict.fromkeys(table["measure"]))
    colours = _colours(table)
    with matplotlib.rc_context(cast(Any, _RC)):
        fig = MapFigure(figsize=(size[0] / 100, size[1] / 100), dpi=100, facecolor="white")
        top, bottom = (0.80, 0.19) if frame else (0.93, 0.25)
        width = 0.94 / len(measures)
        for i, measure in enumerate(measures):
            ax = fig.add_axes((0.05 + i * width, bottom, width - 0.05, top - bottom))
            _panel(ax, table[table["measure"] == measure], colours, attrs, lang)
            ax.set_title(text(measure, lang), fontsize=17, weight="bold", loc="left")
            if i == 0:
                ax.set_ylabel(text("millions", lang), fontsize=12)
        if frame:
            heading = title or text("crossings_chart", lang, period=attrs.get("year", ""))
            fig.text(0.015, 0.975, heading, fontsize=26, weight="bold", va="top")
            if subtitle:
                fig.text(0.015, 0.915, subtitle, fontsize=15, color="#333333", va="top")
        _notes(fig, attrs, lang, frame)
    fig.ira_sources = [dict(attrs)]
    return _plain_text(fig)


def _check_table(table: object) -> None:
    """Refuse what is not a table of crossings over time, naming what is missing."""
    if not isinstance(table, pd.DataFrame):
        raise OptionError(f"table: {type(table).__name__} is not crossings_over_time()'s table")
    missing = [c for c in ("measure", "port_name", "year", "value") if c not in table.columns]
    if missing or table.empty or table["measure"].isna().any():
        raise DataError(
            f"table: missing column(s) {missing} or rows; make it with crossings_over_time()"
        )
    if not pd.api.types.is_integer_dtype(table["year"]):
        raise DataError(f"table: column 'year' holds {table['year'].dtype}, not whole years")
    for event in table.attrs.get("events", []):
        if len(event) != 3:
            raise DataError(f"table: attrs['events'] entry {event!r} is not (year, text, source)")


def _colours(table: pd.DataFrame) -> dict[str, str]:
    """Give each port a colour, the same in every panel, never shared within a panel."""
    colours: dict[str, str] = {}
    for _, rows in table.groupby("measure", sort=False):
        ports = list(dict.fromkeys(rows["port_name"]))
        taken = {colours[p] for p in ports if p in colours}
        for port in ports:
            if port not in colours:
                free = [c for c in _COLOURS if c not in taken and c not in colours.values()]
                unused = [c for c in _COLOURS if c not in taken] or list(_COLOURS)
                colours[port] = (free or unused)[0]
                taken.add(colours[port])
    return colours


def _panel(ax: Axes, rows: pd.DataFrame, colours: dict[str, str], attrs: dict, lang: str) -> None:
    """One mode: a line per port, gaps left open, the events as dashed verticals."""
    for port, line in rows.groupby("port_name", sort=False):
        values = line["value"].astype("Float64").to_numpy(dtype=float, na_value=float("nan"))
        colour = colours[str(port)]
        ax.plot(line["year"], values / 1e6, color=colour, linewidth=2.4, label=port)
        zero = values == 0  # as published: drawn as an open circle, said in the notes
        ax.scatter(
            line["year"][zero],
            values[zero],
            s=60,
            facecolor="white",
            edgecolor=colour,
            linewidth=2,
            zorder=3,
        )
    for year, _, _ in attrs.get("events", []):
        ax.axvline(year, color="#555555", linewidth=1.2, linestyle=(0, (4, 3)), zorder=0)
        ax.annotate(
            f"{year}",
            (year, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -3),
            textcoords="offset points",
            fontsize=11,
            color="#333333",
            va="top",
        )
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _: number(v, lang, 0 if float(v).is_integer() else 1))
    )
    ax.tick_params(labelsize=11)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.07), ncol=2, fontsize=11, frameon=False)


def _notes(fig: MapFigure, attrs: dict, lang: str, frame: bool) -> None:
    """Write the events' meaning and citations, and (in a frame) the source, under the panels.

    A deck slide cites the source in its footer; the events are part of the chart.
    """
    events = attrs.get("events", [])
    lines: Sequence[str] = [
        f"{text('events', lang)}: "
        + "; ".join(f"{year}: {text(key, lang)} ({cite})" for year, key, cite in events),
        f"{text('sources', lang)}: {attrs.get('publisher', '')}, {attrs.get('title', '')}, "
        f"{attrs.get('year', '')}. {text('gaps', lang)} {text('zeros', lang)}",
    ]
    for i, line in enumerate(lines if frame else lines[:1]):
        fig.text(0.015, 0.05 - i * 0.025, line, fontsize=9.5, color="#333333", wrap=True)


def spillover_chart(
    series: pd.DataFrame,
    *,
    lang: str = "en",
    title: str | None = None,
    subtitle: str | None = None,
    size: tuple[int, int] = (1920, 1080),
    frame: bool = True,
) -> MapFigure:
    """Draw homicides a year near California and near Texas, Arizona and New Mexico.

    Two lines over the years of the series (2000-2021), 2004 marked (the federal ban on
    assault weapons expired in September 2004), a note that this is a raw comparison and not
    the estimate of Dube, Dube & García-Ponce (2013), and the data credit.

    Parameters
    ----------
    series : pandas.DataFrame
        From :func:`geo.spillover.spillover_series`.
    lang : {"en", "es"}, default "en"
        Language of every text (Spanish thousands with a narrow no-break space).
    title, subtitle : str, optional
        The title defaults to one naming the distance and the years, the subtitle to what is
        counted; ``subtitle=""`` leaves it out.
    size : (int, int), default (1920, 1080)
        Pixels at scale 1.
    frame : bool, default True
        Draw the title, subtitle and source line (a deck slide carries its own).

    Returns
    -------
    MapFigure
        The figure, with ``ira_sources`` for decks.
    """
    _check_options(lang, (title, subtitle), size, frame)
    _check_series(series)
    attrs = series.attrs
    years = sorted(set(series["year"]))
    with matplotlib.rc_context(cast(Any, _RC)):
        fig = MapFigure(figsize=(size[0] / 100, size[1] / 100), dpi=100, facecolor="white")
        top = 0.97
        if frame:
            km = _decimal(float(attrs.get("within_km", 100)), lang)
            period = f"{years[0]}\u2013{years[-1]}"
            heading = title or text("spill_title", lang, km=km, period=period)
            top = _stack(fig, top, heading, fontsize=26, weight="bold")
            below = text("spill_subtitle", lang) if subtitle is None else subtitle
            if below:
                top = _stack(fig, top - 0.015, below, fontsize=15, color="#333333")
            top -= 0.05
        ax = fig.add_axes((0.07, 0.3, 0.9, 0.5))
        _spillover_lines(ax, series, attrs, lang)
        notes = _spillover_notes(fig, attrs, lang, frame)
        _place(fig, ax, notes, top)
    fig.ira_sources = [dict(source) for source in attrs.get("sources", [])]
    return _plain_text(fig)


def _check_options(
    lang: str, labels: Sequence[str | None], size: tuple[int, int], frame: bool
) -> None:
    """Check a chart's options as a map's: language, title texts, size and frame."""
    check_choice(lang, LANGUAGES, what="lang")
    for label in labels:
        check_text(label or "", what="title")
    FigureSpec(size=size, frame=frame)  # the same limits as a map's


def _stack(fig: MapFigure, top: float, line: str, **style: Any) -> float:
    """Write one line of heading from ``top`` down, shrunk to the width; return its bottom."""
    artist = fig.text(0.015, top, line, va="top", **style)
    renderer, width = text_renderer(fig), fig.get_figwidth() * fig.dpi
    size = float(artist.get_fontsize())
    while artist.get_window_extent(renderer).x1 > 0.985 * width and size > 9:
        size *= 0.95
        artist.set_fontsize(size)
    return float(artist.get_window_extent(renderer).y0 / (fig.get_figheight() * fig.dpi))


def _place(fig: MapFigure, ax: Axes, notes: Text, top: float) -> None:
    """Stack notes, legend and axes from the bottom up, measured, so that nothing overlaps."""
    renderer = text_renderer(fig)
    width, height = fig.get_figwidth() * fig.dpi, fig.get_figheight() * fig.dpi
    floor = notes.get_window_extent(renderer).y1 / height + 12 / height
    handles, labels = ax.get_legend_handles_labels()
    for columns in (2, 1):
        legend = fig.legend(
            handles,
            labels,
            loc="lower left",
            bbox_to_anchor=(0.06, floor),
            ncol=columns,
            fontsize=13,
            frameon=False,
        )
        box = legend.get_window_extent(renderer)
        if box.x1 <= 0.985 * width or columns == 1:
            break
        legend.remove()
    bottom = box.y1 / height + 40 / height  # room for the years under the axis
    ax.set_position((0.07, bottom, 0.9, max(top - bottom, 0.05)))
    tight = ax.get_tightbbox(renderer)
    left = tight.x0 / width if tight is not None else 0.015  # the y label and tick labels
    ax.set_position((0.07 + 0.015 - left, bottom, 0.9 - 0.015 + left, max(top - bottom, 0.05)))


def _decimal(value: float, lang: str, decimals: int | None = None) -> str:
    """Format a number with no decimals when it is whole, else one."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return number(value, lang, decimals)  # Mexico writes a decimal point, as the atlas does


def _check_series(series: object) -> None:
    """Refuse what is not spillover_series()'s table, naming what is missing."""
    if not isinstance(series, pd.DataFrame):
        raise OptionError(f"series: {type(series).__name__} is not spillover_series()'s table")
    missing = [c for c in ("year", "group", "homicides") if c not in series.columns]
    if missing or series.empty or series["group"].isna().any():
        raise DataError(
            f"series: missing column(s) {missing} or rows; make it with spillover_series()"
        )
    if not pd.api.types.is_integer_dtype(series["year"]):
        raise DataError(f"series: column 'year' holds {series['year'].dtype}, not whole years")


def _spillover_lines(ax: Axes, series: pd.DataFrame, attrs: dict, lang: str) -> None:
    """One line per group (a gap where a year has no figure), 2004 dashed and labelled."""
    keys = attrs.get("group_text", {})
    counts = attrs.get("municipios", {})
    for i, (group, rows) in enumerate(series.groupby("group", sort=False)):
        key = keys.get(group)
        label = text(key, lang) if key in TEXT else str(group)
        if group in counts:
            key = "spill_count_one" if counts[group] == 1 else "spill_count"
            label = text(key, lang, label=label, n=number(counts[group], lang))
        values = rows["homicides"].astype("Float64").to_numpy(dtype=float, na_value=float("nan"))
        colour = _COLOURS[i % len(_COLOURS)]
        ax.plot(rows["year"], values, color=colour, linewidth=2.8, label=label, marker="o", ms=4)
    ax.axvline(2004, color="#555555", linewidth=1.2, linestyle=(0, (4, 3)), zorder=0)
    ax.annotate(
        f"2004: {text('event_2004', lang)}",
        (2004, 1),
        xycoords=("data", "axes fraction"),
        xytext=(5, -4),
        textcoords="offset points",
        fontsize=12,
        color="#333333",
        va="top",
    )
    highest = series["homicides"].astype("Float64").max()
    top = float(highest) * 1.15 if pd.notna(highest) and highest > 0 else 1.0
    ax.set_ylim(0, top)
    ax.set_yticks([v for v in ax.get_yticks() if 0 <= v <= top])  # no tick beyond the axes
    ax.set_ylim(0, top)
    ax.set_ylabel(text("spill_axis", lang), fontsize=13)
    years = sorted(set(series["year"]))
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.set_xticks([y for y in years if y % 2 == years[0] % 2])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _decimal(v, lang)))
    ax.tick_params(labelsize=12)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _spillover_notes(fig: MapFigure, attrs: dict, lang: str, frame: bool) -> Text:
    """Say what the chart is not, and (in a frame) cite the data and the paper's design."""
    lines = [text("spill_raw", lang)]
    excluded = attrs.get("excluded", [])
    if excluded:
        counts = [n for entry in excluded for n in entry["homicides"].values() if n is not None]
        years = sorted({y for entry in excluded for y in entry["homicides"]})
        span = f"{years[0]}\u2013{years[-1]}" if years else ""
        names = ", ".join(f"{e['name'] or e['cvegeo']} ({e['cvegeo']})" for e in excluded)
        lines[0] += " " + text(
            "spill_excluded", lang, names=names, n=number(sum(counts), lang), years=span
        )
    if frame:
        lines.append(
            f"{text('sources', lang)}: {text('spill_credit', lang)}. "
            f"{text('spill_design', lang)}: {attrs.get('citation', '')}"
        )
    width = int(fig.get_figwidth() * fig.dpi / 9)  # characters of 10.5 pt text, with margin
    wrapped = "\n".join(textwrap.fill(line, width) for line in lines)
    return fig.text(
        0.015, 0.02, wrapped, fontsize=10.5, color="#333333", va="bottom", linespacing=1.4
    )


def national_homicides_chart(
    table: pd.DataFrame,
    *,
    lang: str = "en",
    size: tuple[int, int] = (1920, 1080),
    frame: bool = True,
) -> MapFigure:
    """Draw Mexico's homicides a year and the share by firearm, INEGI's and SESNSP's apart.

    One line per series in each panel (a gap where a year has no figure), preliminary figures
    as hollow points, and a note that the two series count different things (deaths on death
    certificates, victims in criminal investigations) and are never joined.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`geo.context.national_homicides`.
    lang : {"en", "es"}, default "en"
        Language of every text.
    size : (int, int), default (1920, 1080)
        Pixels at scale 1.
    frame : bool, default True
        Draw the title, subtitle and sources (a deck slide carries its own).

    Returns
    -------
    MapFigure
        The figure, with ``ira_sources`` for decks.
    """
    _check_options(lang, (), size, frame)
    _check_national(table)
    years = sorted(int(y) for y in set(table["year"]))
    with matplotlib.rc_context(cast(Any, _RC)):
        fig = MapFigure(figsize=(size[0] / 100, size[1] / 100), dpi=100, facecolor="white")
        top = 0.97
        if frame:
            heading = text("ctx_chart_title", lang, period=f"{years[0]}\u2013{years[-1]}")
            top = _stack(fig, top, heading, fontsize=26, weight="bold")
            below = text("ctx_chart_subtitle", lang)
            top = _stack(fig, top - 0.015, below, fontsize=15, color="#333333")
        top -= 45 / size[1] + 0.015  # the panels' titles
        panels = (fig.add_axes((0.07, 0.3, 0.5, 0.5)), fig.add_axes((0.67, 0.3, 0.3, 0.5)))
        handles = _national_lines(panels, table, years, lang)
        lines = [text("ctx_chart_note", lang)]
        if frame:
            cites = [
                text(s["cite"], lang, sources=", ".join(f"{c['short']} ({c['year']})"
                                                       for c in s["sources"]))
                for s in table.attrs.get("series", {}).values()
            ]  # fmt: skip
            lines.append(f"{text('sources', lang)}: {'; '.join(cites)}.")
        notes = fig.text(0.015, 0.02, "", fontsize=10.5, color="#333333", va="bottom",
                         linespacing=1.4)  # fmt: skip
        pixels = fig.get_figwidth() * fig.dpi
        for width in range(int(pixels / 6), 20, -8):  # characters, fewer until they fit
            notes.set_text("\n".join(textwrap.fill(line, width) for line in lines))
            if notes.get_window_extent(text_renderer(fig)).x1 <= 0.985 * pixels:
                break
        _place_panels(fig, panels, handles, notes, top)
    fig.ira_sources = [dict(source) for source in table.attrs.get("sources", [])]
    return _plain_text(fig)


def _check_national(table: object) -> None:
    """Refuse what is not national_homicides()'s table, naming what is missing."""
    if not isinstance(table, pd.DataFrame):
        raise OptionError(f"table: {type(table).__name__} is not national_homicides()'s table")
    columns = ("year", "series", "homicides", "preliminary", "firearm_share", "share_preliminary")
    missing = [c for c in columns if c not in table.columns]
    if missing or table.empty or table["series"].isna().any() or table["year"].isna().any():
        raise DataError(
            f"table: missing column(s) {missing} or rows; make it with national_homicides()"
        )


def _national_lines(panels: tuple[Axes, Axes], table: pd.DataFrame, years: list[int],
                    lang: str) -> list[Line2D]:  # fmt: skip
    """Draw each series in both panels, hollow where preliminary; return the legend's keys."""
    span = range(years[0], years[-1] + 1)
    handles, labels = [], table.attrs.get("series", {})
    for i, (series, rows) in enumerate(table.groupby("series", sort=False)):
        colour, marker = _COLOURS[i % len(_COLOURS)], "os^D"[i % 4]  # the first on top
        full = rows.set_index(rows["year"].astype(int)).reindex(span)
        for ax, column, flag, scale in zip(
            panels,
            ("homicides", "firearm_share"),
            ("preliminary", "share_preliminary"),
            (1, 100),
            strict=True,
        ):
            values = full[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan) * scale
            early = full[flag].astype("boolean").fillna(False).to_numpy(dtype=bool)
            ax.plot(span, values, color=colour, linewidth=2.6, zorder=4 - 2 * i)
            for hollow in (False, True):
                at = (early == hollow) & ~np.isnan(values)
                ax.scatter(np.array(span)[at], values[at], s=80 if hollow else 50, marker=marker,
                           facecolor="white" if hollow else colour, edgecolor=colour,
                           linewidth=2, zorder=5 - 2 * i)  # fmt: skip
        key = labels.get(series, {}).get("text")
        label = text(key, lang) if key in TEXT else str(series)
        handles.append(Line2D([], [], color=colour, linewidth=2.6, marker=marker, label=label))
    for hollow, key in ((False, "ctx_final"), (True, "ctx_prelim_point")):
        face = "white" if hollow else "#555555"
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=8,
                              markerfacecolor=face, markeredgecolor="#555555",
                              markeredgewidth=2, label=text(key, lang)))  # fmt: skip
    counts, shares = panels
    highest = table["homicides"].astype("Float64").max()
    counts.set_ylim(0, float(highest) * 1.15 if pd.notna(highest) and highest > 0 else 1.0)
    shares.set_ylim(0, 100)
    shares.set_yticks(range(0, 101, 20))
    counts.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang)))
    shares.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    for ax, key, step in ((counts, "ctx_panel_homicides", 1), (shares, "ctx_panel_share", 2)):
        ax.set_title(text(key, lang), fontsize=16, weight="bold", loc="left", pad=10)
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        ax.set_xticks([y for y in span if (y - years[0]) % step == 0])
        ax.tick_params(labelsize=12)
        ax.grid(axis="y", color="#dddddd", linewidth=0.8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return handles


def _place_panels(fig: MapFigure, panels: tuple[Axes, Axes], handles: list[Line2D],
                  notes: Text, top: float) -> None:  # fmt: skip
    """Stack notes, legend and the two panels from the bottom up, measured, without overlap."""
    renderer = text_renderer(fig)
    width, height = fig.get_figwidth() * fig.dpi, fig.get_figheight() * fig.dpi
    floor = notes.get_window_extent(renderer).y1 / height + 12 / height
    for columns in (2, 1):
        legend = fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.06, floor),
                            ncol=columns, fontsize=13, frameon=False)  # fmt: skip
        box = legend.get_window_extent(renderer)
        if box.x1 <= 0.985 * width or columns == 1:
            break
        legend.remove()
    bottom = box.y1 / height + 40 / height  # room for the years under the axes
    tall = max(top - bottom, 0.05)
    counts, shares = panels
    counts.set_position((0.07, bottom, 0.5, tall))
    tight = counts.get_tightbbox(renderer)
    left = tight.x0 / width if tight is not None else 0.015  # the tick labels
    counts.set_position((0.07 + 0.015 - left, bottom, 0.5 - 0.015 + left, tall))
    shares.set_position((0.67, bottom, 0.3, tall))

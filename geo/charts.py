"""Charts for decks: crossings at the busiest ports over the years, drawn with matplotlib.

:func:`crossings_chart` draws the table of :func:`geo.crossings.crossings_over_time` as it
is given: one panel per mode, one line per port (a gap where a year is not complete), and the
years of its ``events`` marked and cited. It loads nothing; save it with
:func:`geo.static.save_figure` (PNG, SVG, PDF).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from geo._text import LANGUAGES, number, text
from geo._validate import check_choice, check_text
from geo.errors import DataError, OptionError
from geo.scene import FigureSpec
from geo.static import _RC, MapFigure, _plain_text

__all__ = ["crossings_chart"]

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
    check_choice(lang, LANGUAGES, what="lang")
    for label in (title or "", subtitle):
        check_text(label, what="title")
    FigureSpec(size=size, frame=frame)  # the same limits as a map's
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

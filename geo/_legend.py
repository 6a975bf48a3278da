"""Legends of the static maps (for :mod:`geo.static`): blocks measured, wrapped, in columns.

Every size here is in inches or points, never in shares of the figure: a figure is drawn at 100
dots per inch, so a legend label of 12 pt is 12 pt wherever the figure is shown at its own
size (a deck places it so, :mod:`geo.deck`). Texts are wrapped to widths measured with the
font they are drawn in; a legend is blocks (a heading, entries with their symbols, notes)
flowed into columns (:mod:`geo._layout` says how many and where).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from geo._draw import _SHAPES, BANDS, BORDER, FLOW, Polygons, _area
from geo._text import lower_first, number, text
from geo.scene import Scene, SceneLayer
from geo.style import NO_DATA_COLOR

FONT = "DejaVu Sans"
HEADING, LABEL, NOTE = 13.0, 12.0, 10.0  # legend font sizes, points
LINE = 0.22  # inches from one legend line to the next (a 12 pt label)
_SWATCH, _INDENT = 0.3, 0.42  # a legend symbol's width, and the label's indent, inches
COLUMN_GAP = 0.3  # inches between two legend columns
_MEASURE = RendererAgg(8, 8, 72)  # 72 dots per inch: widths come out in points


@lru_cache(maxsize=4096)
def text_width(line: str, size: float, bold: bool = False) -> float:
    """Return the width in inches of one line of text in the maps' font at ``size`` points."""
    prop = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    width, _, _ = _MEASURE.get_text_width_height_descent(line, prop, ismath=False)
    return width / 72


def wrap(line: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Break ``line`` at spaces into lines no wider than ``width`` inches (a word never breaks).

    A line that fits is kept as it is (leading spaces too).
    """
    if not line.strip():
        return []
    if text_width(line, size, bold) <= width:
        return [line]
    lines: list[str] = []
    current = ""
    for word in line.split():
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current]


def line_height(size: float, lines: int = 1) -> float:
    """Return the height in inches of ``lines`` lines of text at ``size`` points."""
    return lines * size * 1.2 / 72


@dataclass(frozen=True)
class Block:
    """One legend block: a heading, entries with their symbols, notes; or a reserved space.

    ``entries`` are (kind, colour, edge, label[, edge width[, marker area]]) with kind "box",
    "nodata", "circle", "square", "line" or "dashed"; ``space`` reserves that many inches
    (for a zoomed inset drawn there).
    """

    heading: str = ""
    entries: tuple[tuple, ...] = ()
    notes: tuple[str, ...] = ()
    space: float = 0.0


Row = tuple[str, str, float, tuple | None]


def _rows(block: Block, width: float) -> list[Row]:
    """Lay a block out in rows: (role, text, height in inches, the entry of a symbol)."""
    rows: list[Row] = [
        ("legend-heading", part, LINE, None) for part in wrap(block.heading, width, HEADING, True)
    ]
    for entry in block.entries:
        parts = wrap(entry[3], width - _INDENT, LABEL) or [""]
        rows.append(("legend-label", parts[0], LINE, entry))
        rows += [("legend-label", part, 0.85 * LINE, None) for part in parts[1:]]
    for note in block.notes:
        rows += [("legend-note", part, 0.8 * LINE, None) for part in wrap(note, width, NOTE)]
    return rows


def block_height(block: Block, width: float) -> float:
    """Return the inches a block takes in a legend column ``width`` inches wide, gap below too."""
    if block.space:
        return block.space + 0.6 * LINE
    return sum(row[2] for row in _rows(block, width)) + 0.6 * LINE


def flow(blocks: Sequence[Block], width: float, room: float) -> list[list[Block]]:
    """Flow blocks into columns ``room`` inches tall, in order; a new column when one is full.

    A block taller than ``room`` takes a column of its own (and runs past it).
    """
    columns: list[list[Block]] = [[]]
    used = 0.0
    for block in blocks:
        height = block_height(block, width)
        if columns[-1] and used + height > room:
            columns.append([])
            used = 0.0
        columns[-1].append(block)
        used += height
    return [column for column in columns if column]


def column_height(column: Sequence[Block], width: float) -> float:
    """Return the inches a legend column takes (without the gap under its last block)."""
    return sum(block_height(b, width) for b in column) - (0.6 * LINE if column else 0)


def _swatch(fig: Figure, x: float, y: float, entry: tuple) -> None:
    """Draw a legend entry's symbol: a box, a marker or a line; (x, y) its line's top left."""
    kind, color, edge = entry[:3]
    width, height = fig.get_figwidth(), fig.get_figheight()
    left, low, box = x / width, 1 - (y + 0.72 * LINE) / height, 0.66 * LINE / height
    middle = [low + box / 2]
    if kind in ("box", "nodata"):
        fig.add_artist(
            Rectangle(
                (left, low),
                _SWATCH / width,
                box,
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
                [left + _SWATCH / 2 / width],
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
                [left, left + _SWATCH / width],
                middle * 2,
                color=color,
                linewidth=2.2,
                linestyle="-" if kind == "line" else ":",
                transform=fig.transFigure,
            )
        )


_STYLE: dict[str, dict[str, Any]] = {
    "legend-heading": {"fontsize": HEADING, "weight": "bold"},
    "legend-label": {"fontsize": LABEL},
    "legend-note": {"fontsize": NOTE, "color": "#444444"},
}


def draw_block(fig: Figure, x: float, y: float, block: Block, width: float) -> float:
    """Draw a block from its top left (x, y) in inches from the figure's left and top.

    Returns the y of what comes under it. Each text is labelled with its role
    ("legend-heading", "legend-label", "legend-note").
    """
    if block.space:
        return y + block_height(block, width)
    fig_width, fig_height = fig.get_figwidth(), fig.get_figheight()
    for role, part, height, entry in _rows(block, width):
        indent = _INDENT if role == "legend-label" else 0.0
        if entry is not None:
            _swatch(fig, x, y, entry)
        drawn = fig.text(
            (x + indent) / fig_width, 1 - y / fig_height, part, va="top", **_STYLE[role]
        )
        drawn.set_label(role)
        y += height
    return y + 0.6 * LINE


def draw_columns(
    fig: Figure, columns: Sequence[Sequence[Block]], x: float, y: float, width: float
) -> list[tuple[float, float]]:
    """Draw legend columns from (x, y) inches (left, top); return each block's top left."""
    corners = []
    for i, column in enumerate(columns):
        left, top = x + i * (width + COLUMN_GAP), y
        for block in column:
            corners.append((left, top))
            top = draw_block(fig, left, top, block, width)
    return corners


def legend_blocks(scene: Scene, names: Sequence[str], polygons: Polygons) -> list[Block]:
    """Return the legend blocks of the layers ``names``: classes, flows, then one key."""
    lang = scene.spec.lang
    blocks = []
    for name in names:
        if name in polygons:
            style = polygons[name][1]
            entries: list[tuple] = [("box", c, None, label) for c, label in style.legend]
            if style.no_data:
                entries.append(("nodata", None, None, style.no_data[1]))
            notes = [n for n in (style.note, f"{text('source', lang)}: {style.source}") if n]
            blocks.append(Block(style.title, tuple(entries), tuple(notes)))
    for layer in scene.drawn("flows"):
        entry, attrs = layer.entry, layer.gdf.attrs
        if entry.id in names and entry.legend:
            rows = tuple(("line", FLOW, None, row) for row in entry.legend(layer.gdf, lang))
            source = f"{text('source', lang)}: {attrs['short']}, {attrs['year']}"
            blocks.append(Block(layer.title, rows, (text(entry.note, lang), source)))
    entries, notes = _key_entries(scene, names)
    if entries:
        blocks.append(Block("", tuple(entries), tuple(notes)))
    return blocks


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
            if kind == "areas" and entry.outline and entry.legend:  # in its own words
                rows = entry.legend(layer.gdf, lang)
                entries += [("line", entry.outline.color, None, row) for row in rows]
            elif kind == "areas" and entry.legend:
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


def source_line(sources: Sequence[dict], lang: str) -> str:
    """One line citing every dataset drawn and the boundaries."""
    cited = [
        f"{a.get('short') or a.get('publisher')} ({a.get('year')})"
        for a in sources
        if a.get("publisher")
    ]
    cited += [text("boundaries_credit", lang)]
    return f"{text('sources', lang)}: " + "; ".join(dict.fromkeys(cited))

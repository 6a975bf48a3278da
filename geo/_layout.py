"""Laying out a static map's figure (for :mod:`geo.static`): frame, legends and panels that fit.

Sizes are in inches and points (see :mod:`geo._legend`). The frame's title, subtitle and
source line are wrapped to the figure's width; legends flow into as many columns as the
figure's height needs; panels fill the room the legends leave, and a figure of panels
(:func:`plan`) is only as tall as its content.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure

from geo._legend import (
    COLUMN_GAP,
    Block,
    block_height,
    column_height,
    flow,
    line_height,
    wrap,
)

MARGIN = 0.18  # inches from the figure's edge to the panels and the legends
GAP = 0.14  # inches between two panels
_LEGEND_GAP = 0.25  # inches between the panels and the legends
TITLE, SUBTITLE, SOURCE = 26.0, 15.0, 10.5  # the frame's font sizes, points
_EDGE = 0.12  # inches from the figure's top to the title, from its bottom to the sources


@dataclass(frozen=True)
class Frame:
    """The frame's texts, each wrapped to the figure's width: title, subtitle, source lines."""

    title: tuple[str, ...] = ()
    subtitle: tuple[str, ...] = ()
    source: tuple[str, ...] = ()

    @property
    def top(self) -> float:
        """Inches from the figure's top to the panels and legends."""
        if not self.title:
            return _EDGE
        subtitle = 0.1 + line_height(SUBTITLE, len(self.subtitle)) if self.subtitle else 0.0
        return _EDGE + 0.08 + line_height(TITLE, len(self.title)) + subtitle + 0.25

    @property
    def bottom(self) -> float:
        """Inches from the figure's bottom to the panels and legends."""
        return _EDGE + (line_height(SOURCE, len(self.source)) + 0.22 if self.source else 0.0)


def make_frame(width: float, title: str = "", subtitle: str = "", source: str = "") -> Frame:
    """Wrap a figure's title, subtitle and source line to its width (``width`` inches)."""
    room = width - 2 * MARGIN
    return Frame(
        tuple(wrap(title, room, TITLE, True)),
        tuple(wrap(subtitle, room, SUBTITLE)),
        tuple(wrap(source, room, SOURCE)),
    )


def draw_frame(fig: Figure, frame: Frame) -> None:
    """Draw the frame's title and subtitle at the top and its source lines at the bottom."""
    width, height = fig.get_figwidth(), fig.get_figheight()
    x = MARGIN / width
    top = 1 - (_EDGE + 0.08) / height
    if frame.title:
        fig.text(x, top, "\n".join(frame.title), fontsize=TITLE, weight="bold", va="top")
    if frame.subtitle:
        below = top - (line_height(TITLE, len(frame.title)) + 0.1) / height
        lines = "\n".join(frame.subtitle)
        fig.text(x, below, lines, fontsize=SUBTITLE, color="#333333", va="top")
    if frame.source:
        lines = "\n".join(frame.source)
        fig.text(x, _EDGE / height, lines, fontsize=SOURCE, color="#333333", va="bottom")


@dataclass(frozen=True)
class Plan:
    """Where everything of a figure goes.

    Attributes
    ----------
    size : (float, float)
        The figure's width and height, inches.
    panels : tuple of (left, bottom, width, height)
        Each panel's box, in shares of the figure.
    titles : tuple of str
        Each panel's title, wrapped to its width.
    columns : tuple of tuple of Block
        The legend, column by column.
    legend : (float, float)
        The first legend column's top left, inches from the figure's left and top.
    column : float
        A legend column's width, inches.
    """

    size: tuple[float, float]
    panels: tuple[tuple[float, float, float, float], ...]
    titles: tuple[str, ...]
    columns: tuple[tuple[Block, ...], ...]
    legend: tuple[float, float]
    column: float


def legend_width(width: float) -> float:
    """Return the width in inches of a legend column on a figure ``width`` inches wide."""
    return min(4.6, max(3.5, 0.235 * width))


def plan(
    size: tuple[float, float],
    frame: Frame,
    blocks: Sequence[Block],
    panels: Sequence[tuple[float, str]] | None = None,
    title_size: float = 12.0,
) -> Plan:
    """Lay out a figure of at most ``size`` inches: its frame, legends and panels.

    Without ``panels``, one map fills the room the legends leave, the figure keeps its size.
    With ``panels`` (aspect, i.e. width over height, and title of each), they stand side by
    side (an even number of them in two rows if that makes them a tenth larger), as large as
    the room allows, and the figure is only as tall as its content. The legends stand right
    of the panels, or in a row under them where that fills the row and makes the panels a
    tenth larger (legends taller than the panels, or many of them).
    """
    width, height = size
    column = legend_width(width)
    room = height - frame.top - frame.bottom
    columns = flow(blocks, column, room)
    count = len(columns)
    left = width - MARGIN - count * column - (count - 1) * COLUMN_GAP if count else width
    free = left - (_LEGEND_GAP if count else MARGIN) - MARGIN
    if panels is None:
        box = (MARGIN, frame.bottom, free, room)
        return Plan(size, (_share(box, size),), ("",), _tuple(columns), (left, frame.top), column)
    tall = max((column_height(c, column) for c in columns), default=0.0)
    grid = _grid(panels, free, room, title_size, 1)
    if len(panels) % 2 == 0:  # two rows of panels where they are a tenth larger
        stacked = _grid(panels, free, room, title_size, 2)
        grid = stacked if stacked.high > 1.1 * grid.high else grid
    fig_height = round((frame.top + max(grid.height, tall) + frame.bottom) * 100) / 100
    below, under = _below(size, frame, blocks, panels, title_size)
    if under.high > 1.1 * grid.high and len(below.columns) >= _slots(width):
        boxes = _boxes(panels, under, (MARGIN, width - MARGIN), frame.top, below.size)
        used = len(below.columns) * (column + COLUMN_GAP) - COLUMN_GAP
        corner = (min(boxes[0][0] * width, width - MARGIN - used), below.legend[1])
        return dataclasses.replace(below, panels=boxes, legend=corner)
    boxes = _boxes(panels, grid, (MARGIN, left - _LEGEND_GAP), frame.top, (width, fig_height))
    return Plan((width, fig_height), boxes, grid.titles, _tuple(columns), (left, frame.top), column)


@dataclass(frozen=True)
class _Grid:
    """Panels in rows: their height, each row's panels and titles' band, the titles wrapped."""

    high: float
    rows: tuple[tuple[int, ...], ...]
    bands: tuple[float, ...]
    titles: tuple[str, ...]

    @property
    def height(self) -> float:
        """Inches from the first row's titles to the last row's bottom."""
        return sum(self.bands) + len(self.rows) * self.high + GAP * (len(self.rows) - 1)


def _grid(
    panels: Sequence[tuple[float, str]], free: float, room: float, title_size: float, rows: int
) -> _Grid:
    """Size panels in ``rows`` rows, ``free`` inches across and ``room`` high, titles above."""
    count = len(panels)
    per = -(-count // rows)
    groups = tuple(tuple(range(i, min(i + per, count))) for i in range(0, count, per))
    lines = [1] * count
    for _ in range(2):  # titles wrapped to the panels' widths, then the panels re-sized
        bands = [line_height(title_size, max(lines[i] for i in g)) + 0.12 for g in groups]
        across = min((free - GAP * (len(g) - 1)) / sum(panels[i][0] for i in g) for g in groups)
        tall = (room - sum(bands) - GAP * (len(groups) - 1)) / len(groups)
        high = max(min(across, tall), 0.5)
        titles = [wrap(t, a * high, title_size, True) for a, t in panels]
        lines = [max(len(t), 1) for t in titles]
    return _Grid(high, groups, tuple(bands), tuple("\n".join(t) for t in titles))


def _slots(width: float) -> int:
    """Return how many legend columns a row under the panels holds."""
    column = legend_width(width)
    return max(1, int((width - 2 * MARGIN + COLUMN_GAP) // (column + COLUMN_GAP)))


def _below(
    size: tuple[float, float],
    frame: Frame,
    blocks: Sequence[Block],
    panels: Sequence[tuple[float, str]],
    title_size: float,
) -> tuple[Plan, _Grid]:
    """Lay panels out in a row across the figure, the legends in columns under them.

    The legends take as many columns as the width holds, as short as their order allows.
    Returns the plan (without the panels' boxes) and the panels' sizes.
    """
    width, height = size
    column, count = legend_width(width), _slots(width)
    tall = max((block_height(b, column) for b in blocks), default=0.0)
    while len(flow(blocks, column, tall)) > count:
        tall += 0.05
    columns = flow(blocks, column, tall)
    legend = max((column_height(c, column) for c in columns), default=0.0)
    room = height - frame.top - frame.bottom - legend - _LEGEND_GAP
    grid = _grid(panels, width - 2 * MARGIN, room, title_size, 1)
    top = frame.top + grid.height + _LEGEND_GAP
    fig_height = round((top + legend + frame.bottom) * 100) / 100
    plan = Plan((width, fig_height), (), grid.titles, _tuple(columns), (MARGIN, top), column)
    return plan, grid


def _boxes(
    panels: Sequence[tuple[float, str]],
    grid: _Grid,
    space: tuple[float, float],
    top: float,
    size: tuple[float, float],
) -> tuple[tuple[float, float, float, float], ...]:
    """Place the panels row by row from ``top`` inches, each row centred in ``space``."""
    boxes: list = [None] * len(panels)
    high = grid.high
    for group, band in zip(grid.rows, grid.bands, strict=True):
        top += band
        across = high * sum(panels[i][0] for i in group) + GAP * (len(group) - 1)
        x = space[0] + (space[1] - space[0] - across) / 2
        for i in group:
            boxes[i] = _share((x, size[1] - top - high, panels[i][0] * high, high), size)
            x += panels[i][0] * high + GAP
        top += high + GAP
    return tuple(boxes)


def _share(box: tuple[float, float, float, float], size: tuple[float, float]) -> tuple:
    """Return a box in inches (left, bottom, width, height) in shares of the figure."""
    return (box[0] / size[0], box[1] / size[1], box[2] / size[0], box[3] / size[1])


def _tuple(columns: list[list[Block]]) -> tuple[tuple[Block, ...], ...]:
    return tuple(tuple(column) for column in columns)

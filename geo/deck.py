"""Briefing decks: the national picture, then one 16:9 PowerPoint slide per map recipe.

The first slide lists the headline figures of :func:`geo.context.national_context` (value,
period, source; definitions and caveats in its notes). Each map slide has the recipe's title
(the figure's, which states the years of small multiples), the static map drawn at the size
it is placed (so its legend labels show at 12 pt and its notes at 10 pt, at 200 dpi), the
sources in a footer, and in the speaker notes every dataset in full (publisher, title, year,
URL, caveat) with the data years. Built with python-pptx; nothing is downloaded.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from geo._io import write_atomic
from geo._text import caveat, text
from geo.context import national_context
from geo.recipes import Recipe, static_figure
from geo.scene import BOUNDARY_CREDITS
from geo.static import MapFigure, figure_bytes

__all__ = ["build_deck", "slide_figure"]

_WIDTH, _HEIGHT = Inches(13.333), Inches(7.5)
_MARGIN = Inches(0.35)
_TITLE_HEIGHT = Inches(0.85)
_FOOTER_HEIGHT = Inches(0.45)
_TOP = Inches(0.2) + _TITLE_HEIGHT  # the map's area: under the title, above the footer
_AREA = (_WIDTH - 2 * _MARGIN, _HEIGHT - _TOP - _FOOTER_HEIGHT - Inches(0.1))
_SCALE = 2  # pixels per point of the pictures: 200 dots per inch, sharp when projected


def _notes(sources: Sequence[dict], lang: str) -> str:
    lines = [f"{text('sources', lang)}:"]
    for a in sources:
        if not a.get("publisher"):
            continue
        line = f"- {a['publisher']}, {a.get('title', '')} ({text('year', lang)}: {a.get('year')})"
        if a.get("url"):
            line += f". {a['url']}"
        lines.append(line)
        if caveat(a, lang):
            lines.append(f"  {caveat(a, lang)}")
    lines += [f"- {credit}" for credit in BOUNDARY_CREDITS]
    return "\n".join(lines)


def _footer(sources: Sequence[dict], lang: str, *, boundaries: bool = True) -> str:
    cited = [
        f"{a.get('short') or a.get('publisher')} ({a.get('year')})"
        for a in sources
        if a.get("publisher")
    ]
    credit = "; U.S. Census Bureau, INEGI" if boundaries else ""
    return f"{text('sources', lang)}: " + "; ".join(dict.fromkeys(cited)) + credit


def title_points(title: str, width: int = _WIDTH - 2 * _MARGIN) -> int:
    """Return the largest title size, 26 pt down to 18 pt, that keeps ``title`` on one line.

    A bold Calibri character is taken as 0.55 em wide on average (wider than most): a title
    that fits by this rule fits on the slide.
    """
    points = width / 12_700  # EMU per point
    return int(max(18, min(26, points // (0.55 * max(len(title), 1)))))


def slide_figure(recipe: Recipe, lang: str) -> MapFigure:
    """Draw a recipe's figure as a deck places it: at the size of the slide's map area.

    The figure is drawn in inches at the size it is shown, so its texts are shown at the
    sizes they are drawn (legend labels 12 pt, notes and sources 10 pt); a map of panels is
    as tall as its content, at most the area's height.
    """
    size = (int(_AREA[0] / 9144), int(_AREA[1] / 9144))  # pixels at 100 dots per inch
    return static_figure(recipe, lang=lang, frame=False, size=size)


def _place(slide: Any, fig: MapFigure) -> Any:
    """Add a figure's picture to a slide at its own size (smaller only if the area is)."""
    png = io.BytesIO(figure_bytes(fig, "png", scale=_SCALE))
    width_in, height_in = fig.get_size_inches()
    ratio = width_in / height_in
    width = min(int(Inches(width_in)), _AREA[0], int(_AREA[1] * ratio))
    height = int(width / ratio)
    left = _MARGIN + (_AREA[0] - width) // 2
    top = _TOP + (_AREA[1] - height) // 2
    picture = slide.shapes.add_picture(png, left, top, Emu(width), Emu(height))
    picture.name = "Map"
    return picture


def _context_slide(deck: Any, lang: str) -> None:
    """Add the slide of national figures: one row each, with its period and source."""
    table = national_context(lang=lang)
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    title = slide.shapes.add_textbox(_MARGIN, Inches(0.2), _WIDTH - 2 * _MARGIN, _TITLE_HEIGHT)
    title.name = "Title"
    title.text_frame.text = text("context", lang)
    title.text_frame.paragraphs[0].runs[0].font.size = Pt(26)
    title.text_frame.paragraphs[0].runs[0].font.bold = True
    top = Inches(0.2) + _TITLE_HEIGHT
    height = _HEIGHT - top - _FOOTER_HEIGHT - Inches(0.2)
    shape = slide.shapes.add_table(
        len(table) + 1, 3, _MARGIN, top, _WIDTH - 2 * _MARGIN, Emu(int(height))
    )
    shape.name = "Figures"
    grid = shape.table
    widths = (Inches(5.2), Inches(3.6), _WIDTH - 2 * _MARGIN - Inches(8.8))
    for i, width in enumerate(widths):
        grid.columns[i].width = width
    header = (text("figure", lang), text("value", lang), text("period", lang))
    cells = [header] + [(r.figure, r.value_text, r.period) for r in table.itertuples()]
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            cell = grid.cell(i, j)
            cell.text = str(value)
            cell.text_frame.paragraphs[0].runs[0].font.size = Pt(16 if i else 14)
    footer = slide.shapes.add_textbox(
        _MARGIN, _HEIGHT - _FOOTER_HEIGHT, _WIDTH - 2 * _MARGIN, _FOOTER_HEIGHT
    )
    footer.name = "Sources"
    footer.text_frame.word_wrap = True
    footer.text_frame.text = _footer(table.attrs["sources"], lang, boundaries=False)
    footer.text_frame.paragraphs[0].runs[0].font.size = Pt(10)
    notes = [
        f"{r.figure} ({r.period}): {r.value_text}. {r.definition} {r.caveat} {r.source}. {r.url}"
        for r in table.itertuples()
    ]
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def build_deck(
    recipes: Sequence[Recipe], path: str | os.PathLike, *, lang: str | None = None
) -> Path:
    """Write a 16:9 deck: the national picture, then one slide per recipe.

    Parameters
    ----------
    recipes : sequence of Recipe
        From :func:`geo.recipes.load_recipe`, in slide order.
    path : str or path-like
        The ``.pptx`` file, written atomically.
    lang : {"en", "es"}, optional
        Language of every slide; each recipe's own by default.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    deck = Presentation()
    deck.slide_width, deck.slide_height = _WIDTH, _HEIGHT
    blank = deck.slide_layouts[6]
    _context_slide(deck, lang or (recipes[0].lang if recipes else "en"))
    for recipe in recipes:
        slide_lang = lang or recipe.lang
        fig = slide_figure(recipe, slide_lang)
        slide = deck.slides.add_slide(blank)
        title = slide.shapes.add_textbox(_MARGIN, Inches(0.2), _AREA[0], _TITLE_HEIGHT)
        title.name = "Title"
        frame = title.text_frame
        frame.word_wrap = True
        # the figure's own title states the years it draws (small multiples)
        heading = getattr(fig, "ira_title", None) or recipe.title.get(slide_lang)
        frame.text = heading or text("title", slide_lang)
        frame.paragraphs[0].runs[0].font.size = Pt(title_points(frame.text))
        frame.paragraphs[0].runs[0].font.bold = True
        subtitle = recipe.subtitle.get(slide_lang)
        if subtitle:
            para = frame.add_paragraph()
            para.text = subtitle
            para.runs[0].font.size = Pt(14)
        _place(slide, fig)
        footer = slide.shapes.add_textbox(
            _MARGIN, _HEIGHT - _FOOTER_HEIGHT, _AREA[0], _FOOTER_HEIGHT
        )
        footer.name = "Sources"
        footer.text_frame.word_wrap = True
        footer.text_frame.text = _footer(fig.ira_sources, slide_lang)
        footer.text_frame.paragraphs[0].runs[0].font.size = Pt(10)
        slide.notes_slide.notes_text_frame.text = _notes(fig.ira_sources, slide_lang)
    buffer = io.BytesIO()
    deck.save(buffer)
    return write_atomic(path, buffer.getvalue())

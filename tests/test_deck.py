"""Decks legible when projected (issue 16): text sizes measured at each picture's placed size.

A map slide's picture is the figure :func:`geo.deck.slide_figure` draws; a text of the figure
is shown at its font size times the picture's placed width over the figure's width. At slide
size no legend text is under 12 pt, no note or source line under 10 pt, and no text (inset
names, scale bars) under 8 pt; texts stay inside the picture and off one another, and the
slide's title fits on one line.
"""

from unittest import mock

import pytest
from matplotlib.text import Text
from pptx import Presentation
from pptx.util import Emu
from test_layout import problems

from geo import deck
from geo.recipes import find_recipe, load_recipe

LEGEND, NOTE, ANY = 12.0, 10.0, 8.0  # points at slide size
CASES = {
    "en": ("atlas", "us-gun-laws", "change", "homicides-over-time"),
    "es": ("us-dealers-over-time", "laws-and-homicides"),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def slides(request, tmp_path_factory):
    """Build a deck; return its map slides, each with the figure its picture was made from."""
    lang, drawn = request.param, []
    recipes = [load_recipe(find_recipe(name)) for name in CASES[lang]]

    def record(recipe, slide_lang):
        drawn.append(original(recipe, slide_lang))
        return drawn[-1]

    original = deck.slide_figure
    path = tmp_path_factory.mktemp("deck") / "deck.pptx"
    with mock.patch.object(deck, "slide_figure", record):
        deck.build_deck(recipes, path, lang=lang)
    shown = list(Presentation(str(path)).slides)[1:]
    assert len(shown) == len(drawn) == len(recipes)
    return [
        ({s.name: s for s in slide.shapes}, fig) for slide, fig in zip(shown, drawn, strict=True)
    ]


def shown_sizes(shapes, fig) -> dict[str, list[tuple[float, str]]]:
    """Every text of the figure by role, at the size it is shown on the slide (points)."""
    picture = shapes["Map"]
    scale = Emu(picture.width).inches / fig.get_figwidth()
    sizes: dict[str, list[tuple[float, str]]] = {}
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip():
            role = text.get_label() if text.get_label().startswith("legend-") else "other"
            sizes.setdefault(role, []).append((text.get_fontsize() * scale, text.get_text()))
    return sizes


def test_the_picture_is_the_figure_at_its_size(slides):
    for shapes, fig in slides:
        picture = shapes["Map"]
        width, height = fig.get_size_inches()
        assert picture.image.size == (round(width * 200), round(height * 200))  # 200 dpi
        placed = Emu(picture.width).inches, Emu(picture.height).inches
        assert placed[0] / placed[1] == pytest.approx(width / height, rel=0.01)
        assert placed[0] > 12  # the slide's width, less its margins


def test_legends_and_sources_are_legible_at_slide_size(slides):
    for shapes, fig in slides:
        sizes = shown_sizes(shapes, fig)
        assert sizes["legend-label"] and sizes["legend-heading"], "no legend measured"
        notes = [t for _, t in sizes["legend-note"]]
        assert any(t.startswith(("Source:", "Fuente:")) for t in notes)
        small = [
            (round(pt, 1), t)
            for role, floor in (("legend-label", LEGEND), ("legend-heading", LEGEND))
            for pt, t in sizes[role]
            if pt < floor
        ]
        small += [(round(pt, 1), t) for pt, t in sizes["legend-note"] if pt < NOTE]
        small += [(round(pt, 1), t) for pts in sizes.values() for pt, t in pts if pt < ANY]
        assert not small, small


def test_slide_figures_keep_every_text_inside_and_apart(slides):
    for _, fig in slides:
        assert not problems(fig), problems(fig)


def test_titles_fit_on_one_line_and_state_the_years(slides):
    for shapes, fig in slides:
        title = shapes["Title"].text_frame.paragraphs[0]
        points = title.runs[0].font.size.pt
        width = Emu(shapes["Title"].width).pt
        assert 0.55 * points * len(title.text) <= width  # a bold character is < 0.55 em
        if hasattr(fig, "ira_title"):
            assert title.text == fig.ira_title

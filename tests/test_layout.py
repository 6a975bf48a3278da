"""Layout audit of the static figures (issue 16): every text inside the figure, none on another.

For every shipped recipe with a static format (png, svg, pdf) and one consul brief (Phoenix), in
English and Spanish: draw the figure, take every text that is drawn (visible, not empty, not
wholly clipped away by its panel), and check that

(a) its box lies inside the figure (1 px allowed), and
(b) no two boxes overlap by more than 1 px in both directions.

Nothing is excluded: legend entries and tick labels are checked like any other text. Run

    .venv/bin/python tests/test_layout.py

for the list of offending texts per recipe and language.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from geo import briefs
from geo.recipes import find_recipes, load_recipe, static_figure

REPO = Path(__file__).resolve().parents[1]
LANGS = ("en", "es")
STATIC = {"png", "svg", "pdf"}
BRIEF = "Phoenix"
TOLERANCE = 1.0  # pixels
RECIPES = [
    path.stem for path in find_recipes(REPO / "maps") if STATIC & set(load_recipe(path).formats)
]


@contextmanager
def _recording_texts():
    """Record every Text drawn while the block runs (the texts a reader actually sees)."""
    drawn: list[Text] = []
    original = Text.draw

    def draw(self, renderer):
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)
        return original(self, renderer)

    with mock.patch.object(Text, "draw", draw):
        yield drawn


def _visible_box(text: Text, renderer) -> Bbox | None:
    """The text's box in pixels, cut to its clip box (None if clipped away entirely)."""
    box = text.get_window_extent(renderer)
    if not text.get_clip_on():
        return box
    clips = [text.get_clip_box()]
    path = text.get_clip_path()
    if path is not None:  # a TransformedPatchPath: its extent in pixels
        clips.append(path.get_fully_transformed_path().get_extents())
    for clip in clips:
        if clip is not None and box is not None:
            box = Bbox.intersection(box, clip)
    return box


def text_boxes(fig) -> list[tuple[str, Bbox]]:
    """Draw ``fig`` on an Agg canvas; return (text, box in pixels) of every text drawn."""
    canvas = FigureCanvasAgg(fig)
    with _recording_texts() as drawn:
        canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [(t.get_text(), _visible_box(t, renderer)) for t in dict.fromkeys(drawn)]
    return [(s, b) for s, b in boxes if b is not None and b.width > 0 and b.height > 0]


def _short(text: str) -> str:
    return repr(" ".join(text.split())[:40])


def _fmt(box: Bbox) -> str:
    return f"[x {box.x0:.0f}..{box.x1:.0f}, y {box.y0:.0f}..{box.y1:.0f}]"


def outside(fig, boxes) -> list[str]:
    """Describe every text box that leaves the figure by more than the tolerance."""
    width, height = fig.bbox.width, fig.bbox.height
    found = []
    for text, box in boxes:
        past = {
            "left": -box.x0,
            "right": box.x1 - width,
            "bottom": -box.y0,
            "top": box.y1 - height,
        }
        over = {side: px for side, px in past.items() if px > TOLERANCE}
        if over:
            sides = ", ".join(f"{px:.0f} px past the {side}" for side, px in over.items())
            found.append(f"outside: {_short(text)} {_fmt(box)}: {sides}")
    return found


def overlapping(boxes) -> list[str]:
    """Describe every pair of text boxes overlapping by more than the tolerance both ways."""
    found = []
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        wide = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        tall = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if wide > TOLERANCE and tall > TOLERANCE:
            found.append(
                f"overlap: {_short(a)} {_fmt(box_a)} and {_short(b)} {_fmt(box_b)}: "
                f"{wide:.0f} x {tall:.0f} px"
            )
    return found


def brief_figure(name: str, lang: str, folder: Path):
    """Render a brief into ``folder`` and return the figure its PNG and PDF were saved from.

    :func:`geo.briefs.render_brief` builds its figure from private facts; the figure is taken
    as :func:`geo.static.draw_figure` returns it there, so the audit measures the real one.
    """
    figures = []

    def record(*args, **kwargs):
        figures.append(draw_figure(*args, **kwargs))
        return figures[-1]

    draw_figure = briefs.draw_figure
    with mock.patch.object(briefs, "draw_figure", record):
        briefs.render_brief(name, folder, lang=lang)
    return figures[-1] if figures else None


def problems(fig) -> list[str]:
    """Every layout problem of a figure: texts outside it, then texts on one another."""
    boxes = text_boxes(fig)
    return outside(fig, boxes) + overlapping(boxes)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", RECIPES)
def test_recipe_layout(name, lang):
    fig = static_figure(load_recipe(REPO / "maps" / f"{name}.toml"), lang=lang)
    found = problems(fig)
    assert not found, f"{name} ({lang}): " + "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_brief_layout(lang, tmp_path):
    fig = brief_figure(BRIEF, lang, tmp_path)
    if fig is None:
        pytest.skip("geo.briefs no longer draws through draw_figure: brief not measured")
    found = problems(fig)
    assert not found, f"brief {BRIEF} ({lang}): " + "\n".join(found)


def main() -> int:
    """Print the offending texts of every figure, per recipe and language."""
    total = 0
    with tempfile.TemporaryDirectory() as folder:
        cases = [(name, lang) for name in RECIPES for lang in LANGS]
        cases += [(f"brief {BRIEF}", lang) for lang in LANGS]
        for name, lang in cases:
            if name.startswith("brief "):
                fig = brief_figure(BRIEF, lang, Path(folder))
            else:
                fig = static_figure(load_recipe(REPO / "maps" / f"{name}.toml"), lang=lang)
            found = problems(fig)
            total += len(found)
            size = f"{fig.bbox.width:.0f}x{fig.bbox.height:.0f} px"
            print(f"== {name} ({lang}, {size}): {len(found) or 'no'} problems")
            for line in found:
                print(f"   {line}")
    print(f"{total} problems")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())

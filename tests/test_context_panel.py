"""The national picture in every product: the atlas panel, a deck's first slide, a brief."""

import html
import json
import re

import pytest
from pptx import Presentation
from pptx.util import Pt

from geo import web
from geo._text import text
from geo.briefs import _facts
from geo.consulates import consulate_layer
from geo.context import national_context
from geo.deck import build_deck
from geo.recipes import find_recipe, load_recipe


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_atlas_panel_shows_every_figure_with_its_source_and_the_map_s_years(lang):
    page = web.render_html(web.atlas_map(layers_shown=("mx-homicides", "border"), lang=lang))
    # The bottom-left panels, as the page hands them to Leaflet (JSON strings of markup).
    panels = [json.loads(p) for p in re.findall(r'"ira-panel", ("(?:[^"\\]|\\.)*")', page)]
    context, sources = panels[0], panels[1]
    assert "ira-context" in context and text("context", lang) in context
    for row in national_context(lang=lang).itertuples():
        for cell in (row.figure, row.value_text, row.definition, row.source):
            assert cell in html.unescape(context)
    # The years of the layers drawn, and the national sources in the sources panel.
    assert f"{text('years_shown', lang)}</b>: " in context and ": 2024" in context
    assert "GAO-16-223" in sources


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_deck_opens_on_the_national_figures(tmp_path, lang):
    path = build_deck([load_recipe(find_recipe("atlas"))], tmp_path / "deck.pptx", lang=lang)
    first = Presentation(str(path)).slides[0]
    shapes = {shape.name: shape for shape in first.shapes}
    assert shapes["Title"].text_frame.text == text("context", lang)
    grid = shapes["Figures"].table
    table = national_context(lang=lang)
    cells = [[grid.cell(i, j).text for j in range(3)] for i in range(1, len(table) + 1)]
    assert cells == [[r.figure, r.value_text, r.period] for r in table.itertuples()]
    sizes = [
        run.font.size
        for row in grid.rows
        for cell in row.cells
        for paragraph in cell.text_frame.paragraphs
        for run in paragraph.runs
    ]
    assert min(sizes) >= Pt(12)  # legible when projected
    assert "GAO-16-223" in shapes["Sources"].text_frame.text
    notes = first.notes_slide.notes_text_frame.text
    assert all(r.definition in notes for r in table.itertuples())


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_brief_summary_quotes_national_figures_and_their_sources(lang):
    row = consulate_layer().set_index("office").loc["Phoenix"]
    facts = _facts(row, lang)
    table = national_context(lang=lang).set_index("key")
    assert f"{text('context', lang)}:" in facts
    for key in ("traced_us_origin_2009_2014", "sesnsp_firearm_share_2024"):
        assert any(table.at[key, "value_text"] in line for line in facts)
    assert facts[-1].startswith(text("sources", lang)) and "GAO-16-223" in facts[-1]


def test_the_table_is_public():
    import geo

    assert geo.national_context is national_context
    assert list(geo.national_context(lang="es")["key"]) == list(national_context()["key"])


def test_the_spanish_deck_gives_every_caveat_in_spanish(tmp_path):
    from geo.indicators import PROVENANCE

    recipes = [load_recipe(find_recipe(n)) for n in ("atlas", "border-zone")]
    deck = Presentation(str(build_deck(recipes, tmp_path / "es.pptx", lang="es")))
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in list(deck.slides)[1:])
    for entry in PROVENANCE.values():
        assert entry["caveat_es"] and entry["caveat_es"] != entry["caveat"]
        assert entry["caveat"] not in notes
    assert PROVENANCE["gun_laws"]["caveat_es"] in notes  # "El Distrito de Columbia no ..."
    assert "The District of Columbia is not graded." not in notes


def test_every_deck_title_fits_on_its_line():
    from pathlib import Path

    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    from geo import settings
    from geo.deck import _MARGIN, _WIDTH, title_points
    from geo.recipes import find_recipes

    bold = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")
    if not bold.exists():
        pytest.skip("Liberation Sans Bold (Arial's metrics, wider than Calibri) is not installed")
    font = FontProperties(fname=bold)
    line = (_WIDTH - 2 * _MARGIN) / 12_700  # points
    for path in find_recipes(settings.maps_dir()):
        for lang, title in load_recipe(path).title.items():
            size = title_points(title)
            width = TextPath((0, 0), title, size=size, prop=font).get_extents().width
            assert 18 <= size <= 26 and width <= line, (path.stem, lang, size, width)


@pytest.mark.parametrize(("name", "lang"), [("Phoenix", "en"), ("Chicago", "es")])
def test_a_brief_marks_its_own_office(tmp_path, monkeypatch, name, lang):
    import geo.briefs as briefs

    drawn = {}

    def keep(scene, figure=None):
        drawn["scene"], drawn["figure"] = scene, figure
        return real(scene, figure)

    real = briefs.draw_figure
    monkeypatch.setattr(briefs, "draw_figure", keep)
    html_path = briefs.render_brief(name, tmp_path, lang=lang)[0]
    office = drawn["scene"].layers["this-office"].gdf
    assert list(office["office"]) == [name]  # the subject, once
    assert "this-office" in drawn["figure"].labels  # labelled on the page
    assert text("this_office", lang) in html_path.read_text(encoding="utf-8")

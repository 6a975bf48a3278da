"""Static maps (PNG, SVG, PDF) and briefing decks, checked by their properties."""

import io
import re
import zlib

import numpy as np
import pytest
from matplotlib.image import imread
from pptx import Presentation

import geo
from geo.cli import main
from geo.deck import build_deck
from geo.recipes import load_recipe, static_figure
from geo.static import figure_bytes, static_map
from geo.style import NO_DATA_COLOR, PALETTES


@pytest.fixture(scope="module")
def atlas_png():
    return figure_bytes(static_map(), "png")


def pixels(png: bytes) -> np.ndarray:
    return (imread(io.BytesIO(png), format="png")[..., :3] * 255).round().astype(int)


def has_colour(image: np.ndarray, hex_colour: str, at_least: int = 200) -> bool:
    rgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(image - rgb).sum(axis=-1) <= 6).sum()) >= at_least


def test_png_size_and_content(atlas_png):
    image = pixels(atlas_png)
    assert image.shape == (1080, 1920, 3)
    assert image.std() > 30  # not blank
    # The legend colours of both layers are on the picture (legend boxes and map).
    for colour in (*PALETTES["PuBu"], "#fdd49e", "#fc8d59", "#b30000"):
        assert has_colour(image, colour), colour
    assert has_colour(image, NO_DATA_COLOR, at_least=50)  # DC's "not graded" legend box


def test_scale_two_and_same_bytes_twice(atlas_png):
    assert figure_bytes(static_map(), "png") == atlas_png
    big = pixels(figure_bytes(static_map(), "png", scale=2))
    assert big.shape == (2160, 3840, 3)


def test_svg_and_pdf_are_vector_and_reproducible():
    fig = static_map(view="border", layers_shown=("us-gun-laws", "mx-homicides", "border"))
    svg = figure_bytes(fig, "svg").decode()
    assert svg.count("<path") > 100 and "<image" not in svg
    assert figure_bytes(fig, "svg").decode() == svg
    pdf = figure_bytes(fig, "pdf")
    assert b"/Subtype /Image" not in pdf and b"CreationDate" not in pdf
    streams = [
        zlib.decompress(m)
        for m in re.findall(rb"stream\n(.*?)\nendstream", pdf, re.S)
        if m[:2] == b"x\x9c"
    ]
    drawn = b"".join(streams)
    assert drawn.count(b" l\n") > 1000 and drawn.count(b" m\n") > 100  # paths: moves, lines
    assert figure_bytes(fig, "pdf") == pdf


def test_two_panel_inset_and_labels():
    fig = static_map(
        layout="two-panel",
        inset=(-106.9, 31.45, -106.05, 31.95),
        labels=("states", "ports"),
        lang="es",
    )
    # the two panels, the zoomed inset, and Alaska, Hawaii and Puerto Rico on the US panel
    assert len(fig.axes) == 6
    assert sorted(ax.get_label() for ax in fig.axes if ax.get_label()) == [
        "inset-AK",
        "inset-HI",
        "inset-PR",
    ]
    texts = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert "El Paso" in texts  # states by name where it fits, else by code (geo._labels)
    assert {"Sonora", "SON"} & texts and {"Chihuahua", "CHIH"} & texts
    figure_texts = {t.get_text() for t in fig.texts}
    assert any(t.startswith("Fuentes:") for t in figure_texts)
    assert any("Sin calificación" in t for t in figure_texts)
    with pytest.raises(geo.OptionError, match="layout: 'grid' is not allowed"):
        static_map(layout="grid")


def test_spanish_and_english_legends_differ():
    en = {t.get_text() for t in static_map().texts}
    es = {t.get_text() for t in static_map(lang="es").texts}
    assert "F: weakest laws" in en and "F: leyes más débiles" in es


def test_render_command_formats(tmp_path):
    recipe = geo.settings.maps_dir() / "us-gun-laws.toml"
    assert main(["render", str(recipe), "--format", "png,svg,pdf", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "us-gun-laws.pdf",
        "us-gun-laws.png",
        "us-gun-laws.svg",
    ]
    assert main(["render", str(recipe), "--format", "gif", "--out", str(tmp_path)]) == 2


def test_deck(tmp_path):
    recipes = [
        load_recipe(geo.settings.maps_dir() / f"{n}.toml")
        for n in ("atlas", "border", "laws-and-homicides")
    ]
    path = build_deck(recipes, tmp_path / "briefing.pptx")
    deck = Presentation(str(path))
    assert (deck.slide_width, deck.slide_height) == (12191695, 6858000)  # 16:9
    assert len(deck.slides) == 4  # the national picture first (tests/test_context_panel.py)
    for slide, recipe in zip(list(deck.slides)[1:], recipes, strict=True):
        shapes = {shape.name: shape for shape in slide.shapes}
        assert shapes["Title"].text_frame.text.startswith(recipe.title["en"])
        picture = shapes["Map"]
        assert picture.width > 0.85 * deck.slide_width or picture.height > 0.7 * deck.slide_height
        assert shapes["Sources"].text_frame.text.startswith("Sources: Giffords")
        notes = slide.notes_slide.notes_text_frame.text
        assert "https://giffords.org/" in notes and "Year: 2025" in notes
        assert "INEGI" in notes
    spanish = Presentation(str(build_deck(recipes[:1], tmp_path / "es.pptx", lang="es")))
    slide = spanish.slides[1]
    assert "Fuentes:" in slide.notes_slide.notes_text_frame.text
    assert {s.name: s for s in slide.shapes}["Title"].text_frame.text.startswith("El río")


def test_deck_command(tmp_path, capsys):
    out = tmp_path / "b.pptx"
    assert main(["deck", str(geo.settings.maps_dir() / "mx-homicides.toml"), "-o", str(out)]) == 0
    assert "wrote 2 slide(s)" in capsys.readouterr().out
    assert len(Presentation(str(out)).slides) == 2


def test_recipe_static_figure_frame():
    recipe = load_recipe(geo.settings.maps_dir() / "border.toml")
    framed = static_figure(recipe)
    bare = static_figure(recipe, frame=False, size=(1920, 1000))
    assert any(t.get_text() == "Along the border" for t in framed.texts)
    assert not any(t.get_text() == "Along the border" for t in bare.texts)


def test_a_tall_view_on_a_wide_page_grows_sideways_to_fill_its_frame():
    from geo._draw import extent
    from geo.scene import MapSpec, build_scene
    from geo.static import draw_figure

    view = (-115.0, 31.0, -109.0, 37.0)  # about Arizona: taller than the page's map area
    spec = MapSpec(layers_shown=("us-gun-laws",), view=view)
    fig = draw_figure(build_scene(spec))
    ax = fig.axes[0]
    kept, given = ax.get_position(), ax.get_position(original=True)
    assert kept.width == pytest.approx(given.width) and kept.height == pytest.approx(given.height)
    west, south, east, north = extent(view)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < west and x1 > east  # grown sideways, about its centre
    assert (y0, y1) == pytest.approx((south, north))
    assert (x0 + x1) / 2 == pytest.approx((west + east) / 2)

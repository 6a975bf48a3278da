"""Alaska, Hawaii and Puerto Rico as insets of the static maps of the US (issue 16).

Also: SVG text kept as text, TrueType fonts in PDFs, and the same bytes on every save.
"""

import re

import numpy as np
import pytest
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

import geo
from geo.boundaries import load_mx_states, load_us_states
from geo.recipes import load_recipe, static_figure
from geo.scene import MapSpec, build_scene
from geo.static import draw_figure, figure_bytes, save_figure
from geo.style import NO_DATA_COLOR

PLACES = ("AK", "HI", "PR")


def recipe_figure(name: str, **options):
    fig = static_figure(load_recipe(geo.settings.maps_dir() / f"{name}.toml"), **options)
    FigureCanvasAgg(fig).draw()  # the axes take their final boxes when drawn
    return fig


@pytest.fixture(scope="module")
def atlas():
    return recipe_figure("atlas")


@pytest.fixture(scope="module")
def atlas_again():
    return recipe_figure("atlas")


def insets(fig) -> dict:
    return {ax.get_label()[len("inset-") :]: ax for ax in fig.axes if ax.get_label()}


def panel_of(fig, inset):
    """The map (unlabelled axes) whose box holds the inset."""
    box = inset.get_position()
    for ax in fig.axes:
        outer = ax.get_position(original=True)
        if not ax.get_label() and outer.x0 <= box.x0 and box.x1 <= outer.x1 + 1e-9:
            return ax
    raise AssertionError("no panel holds the inset")


def drawn_land() -> shapely.Geometry:
    """The lower 48 and Mexico in the maps' projection."""
    us = load_us_states()
    us = us[~us["usps"].isin(PLACES)]
    parts = [g.to_crs(geo.settings.area_crs).geometry for g in (us, load_mx_states())]
    return shapely.union_all([shapely.union_all(p.to_numpy()) for p in parts])


def in_data(ax, window_box) -> shapely.Geometry:
    """A box in pixels as a box in the coordinates of the map ``ax``."""
    (x0, y0), (x1, y1) = ax.transData.inverted().transform(
        [(window_box.x0, window_box.y0), (window_box.x1, window_box.y1)]
    )
    return shapely.box(x0, y0, x1, y1)


def facecolors(ax) -> list[tuple]:
    return [tuple(c) for coll in ax.collections for c in coll.get_facecolor()]


def test_atlas_has_the_three_insets_inside_the_us_panel_clear_of_the_map(atlas):
    found = insets(atlas)
    assert sorted(found) == sorted(PLACES)
    land = drawn_land()
    renderer = atlas.canvas.get_renderer()
    boxes = {}
    for key, inset in found.items():
        main = panel_of(atlas, inset)
        outer, box = main.get_position(original=True), inset.get_position()
        assert outer.x0 <= box.x0 and box.x1 <= outer.x1
        assert outer.y0 <= box.y0 and box.y1 <= outer.y1
        inner = main.get_position()  # the map's own frame, inside the panel's box
        assert inner.x0 <= box.x0 and box.x1 <= inner.x1 and inner.y0 <= box.y0
        window = inset.get_window_extent(renderer)
        assert not in_data(main, window).intersects(land), key
        # the scale bar's white box
        white = [
            p
            for p in main.patches
            if isinstance(p, Rectangle) and p.get_facecolor()[:3] == (1, 1, 1)
        ]
        assert len(white) == 1
        assert not window.overlaps(white[0].get_window_extent(renderer)), key
        boxes[key] = window
    for a, b in [("AK", "HI"), ("AK", "PR"), ("HI", "PR")]:
        assert not boxes[a].overlaps(boxes[b])
    labels = {key: {t.get_text() for t in ax.texts} for key, ax in found.items()}
    assert "Alaska" in labels["AK"] and "Hawaii" in labels["HI"] and "Puerto Rico" in labels["PR"]


def test_places_in_insets_are_left_off_the_main_map(atlas):
    main = panel_of(atlas, insets(atlas)["PR"])
    us = load_us_states(territories=True).to_crs(geo.settings.area_crs)
    point = us[us["usps"] == "PR"].representative_point().iloc[0]
    for coll in main.collections:
        for path in coll.get_paths():
            assert not path.contains_point((point.x, point.y))


def test_alaska_has_its_class_colour_and_its_own_km_scale(atlas):
    ak = insets(atlas)["AK"]
    # us-gun-laws: Alaska's grade is F, the legend's "F: weakest laws"
    swatches = {t.get_text(): t for t in atlas.texts if t.get_text().startswith("F: weakest")}
    assert swatches
    f_colour = to_rgba("#045a8d")
    assert f_colour in facecolors(ak)
    assert any(isinstance(a, Rectangle) and a.get_facecolor() == f_colour for a in atlas.artists)
    # drawn in Alaska Albers (metres): the state fits the inset, the bar is 500 km long
    us = load_us_states().to_crs("EPSG:3338")
    west, south, east, north = us[us["usps"] == "AK"].total_bounds
    (x0, x1), (y0, y1) = ak.get_xlim(), ak.get_ylim()
    assert x0 <= west and east <= x1 and y0 <= south and north <= y1
    bars = [line for line in ak.lines if isinstance(line, Line2D)]
    assert [float(np.ptp(line.get_xdata())) for line in bars] == [500_000.0]
    assert "500 km" in {t.get_text() for t in ak.texts}


def test_dealers_alaska_matches_the_legend_and_puerto_rico_is_no_data():
    scene = build_scene(MapSpec(layers_shown=("us-dealers", "border"), view="us"))
    fig = draw_figure(scene)
    FigureCanvasAgg(fig).draw()
    layer = scene.layers["us-dealers"]
    value = float(layer.gdf.set_index("usps").loc["AK", layer.entry.style.column])
    index = int(np.searchsorted(layer.style.bins, value, side="left"))
    colour, label = layer.style.legend[index]
    found = insets(fig)
    assert to_rgba(colour) in facecolors(found["AK"])
    assert label in {t.get_text() for t in fig.texts}
    pr = found["PR"]
    hatched = [c for c in pr.collections if c.get_hatch()]
    assert hatched and all(tuple(c.get_facecolor()[0]) == to_rgba(NO_DATA_COLOR) for c in hatched)
    classes = {to_rgba(c) for c, _ in layer.style.legend}
    assert not classes & set(facecolors(pr))  # never a class colour
    assert "No data" in {t.get_text() for t in fig.texts}  # and the legend says so


def test_small_multiples_and_spanish_get_insets_in_each_us_panel():
    fig = recipe_figure("us-dealers-over-time", lang="es")
    labels = [ax.get_label() for ax in fig.axes if ax.get_label()]
    panels = len([ax for ax in fig.axes if not ax.get_label()])
    assert sorted(labels) == sorted([f"inset-{p}" for p in PLACES] * panels)
    assert "Hawái" in {t.get_text() for ax in fig.axes for t in ax.texts}
    assert "Sin datos" in {t.get_text() for t in fig.texts}


@pytest.mark.parametrize("name", ["mx-homicides", "border"])
def test_no_inset_on_maps_without_the_us(name):
    fig = recipe_figure(name)
    assert not insets(fig)


def test_svg_keeps_text_and_pdf_embeds_truetype(atlas):
    svg = figure_bytes(atlas, "svg").decode()
    title = load_recipe(geo.settings.maps_dir() / "atlas.toml").title["en"]
    assert re.search(r"<text\b[^>]*>" + re.escape(title) + "</text>", svg)
    pdf = figure_bytes(atlas, "pdf")
    assert b"/FontFile2" in pdf and b"/Type3" not in pdf


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_two_saves_give_the_same_bytes(atlas, atlas_again, fmt, tmp_path):
    first = save_figure(atlas, tmp_path / f"a.{fmt}").read_bytes()
    again = save_figure(atlas, tmp_path / f"b.{fmt}").read_bytes()
    assert first == again
    assert figure_bytes(atlas_again, fmt) == first  # drawn again from the recipe


def test_a_point_in_puerto_rico_is_drawn_in_its_inset_not_on_the_main_map():
    fig = draw_figure(build_scene(MapSpec(layers_shown=("us-gun-laws", "consulates"))))
    pr = insets(fig)["PR"]
    points = [c for c in pr.collections if isinstance(c, PathCollection)]
    assert [len(c.get_offsets()) for c in points] == [1]  # the consulate in San Juan
    main = panel_of(fig, pr)
    shown = [c for c in main.collections if isinstance(c, PathCollection)]
    assert all((c.get_offsets()[:, 0] < 2.9e6).all() for c in shown)  # west of Puerto Rico


def test_two_panel_maps_title_each_panel():
    from geo.recipes import find_recipe, load_recipe, static_figure

    for name in ("change", "laws-and-homicides"):
        fig = static_figure(load_recipe(find_recipe(name)), lang="es")
        titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
        assert len(titles) == 2, name
        assert any("México" in t for t in titles) and any("leyes de armas" in t for t in titles)


@pytest.mark.parametrize(
    ("name", "slide"),
    [("atlas", False), ("us-dealers-over-time", False), ("us-gun-laws", True)],
)
def test_inset_names_and_scales_are_readable_and_inside_their_inset(name, slide):
    from geo.deck import slide_figure

    recipe = load_recipe(geo.settings.maps_dir() / f"{name}.toml")
    fig = slide_figure(recipe, "en") if slide else static_figure(recipe)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    shown = [ax for ax in fig.axes if ax.get_label().startswith("inset-")]
    assert len(shown) >= 3
    for ax in shown:
        frame = ax.get_window_extent(renderer)
        assert len(ax.texts) == 2  # the place's name, its scale bar's length
        for text in ax.texts:
            box = text.get_window_extent(renderer)
            assert text.get_fontsize() >= 8, (ax.get_label(), text.get_text())
            assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, text.get_text()
            assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, text.get_text()
        name, scale = (t.get_window_extent(renderer) for t in ax.texts)
        assert not name.overlaps(scale), ax.get_label()

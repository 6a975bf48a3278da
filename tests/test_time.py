"""Time: every layer by year, change maps, fixed classes, year controls, small multiples."""

import numpy as np
import pandas as pd
import pytest

import geo
from geo import changes, layers, web
from geo.catalogue import CATALOGUE
from geo.cli import main
from geo.recipes import RecipeError, load_recipe, static_figure
from geo.static import small_multiples, static_map
from geo.style import class_breaks, style_layer


def test_homicide_change_is_the_difference_of_the_two_rates():
    change = changes.homicide_change(2015, 2024).set_index("cve_ent")
    first = layers.homicide_layer(year=2015).set_index("cve_ent")["rate_per_100k"]
    last = layers.homicide_layer(year=2024).set_index("cve_ent")["rate_per_100k"]
    assert change.at["06", "change"] == pytest.approx(last["06"] - first["06"])
    # Colima rose most (26.1 -> 110.7), Baja California Sur fell most (24.2 -> 8.8).
    assert change["change"].idxmax() == "06" and change["change"].idxmin() == "03"
    assert change.at["06", "change"] == pytest.approx(84.6, abs=0.05)
    assert pd.isna(change.at["20", "change"])  # Oaxaca 2015 has no figure: no change either


def test_grade_change_counts_steps():
    change = changes.grade_change(2017, 2025).set_index("usps")
    assert change["change"].dtype == "Int64"
    assert change.at["TX", "change"] == 0  # F in both editions
    assert change.at["VA", "grade_start"] == "D" and change.at["VA", "grade_end"] == "B+"
    assert change.at["VA", "change"] == 7  # D -> D+ -> C- -> C -> C+ -> B- -> B -> B+
    assert pd.isna(change.at["DC", "change"])
    assert changes.nearest_editions([2015, 2020, 2024]) == (2017, 2021, 2025)


def test_fixed_breaks_give_one_colour_per_rate_in_every_year():
    frames = {y: layers.homicide_layer(year=y) for y in (2015, 2024)}
    bins = class_breaks(pd.concat([f["rate_per_100k"] for f in frames.values()]).astype(float))
    spec = CATALOGUE["mx-homicides"].style
    styles = {y: style_layer(spec, f, bins=bins) for y, f in frames.items()}
    assert styles[2015].legend == styles[2024].legend
    assert "fixed across all years" in styles[2015].note
    colours = {}
    for year, frame in frames.items():
        for rate, fill in zip(frame["rate_per_100k"], styles[year].fills, strict=True):
            if not pd.isna(rate):
                cls = int(np.searchsorted(bins, float(rate)))
                assert colours.setdefault(cls, fill) == fill


def test_change_layers_in_the_atlas_and_byte_cost_of_years():
    plain = web.render_html(web.atlas_map(), self_contained=True)
    timed = web.render_html(web.atlas_map(years=range(2015, 2025)), self_contained=True)
    assert web.render_html(web.atlas_map(years=range(2015, 2025)), self_contained=True) == timed
    added = len(timed.encode()) - len(plain.encode())
    # Each year adds the homicide layer's fills and tooltips and the ports' sizes and popups.
    assert 0 < added < 400_000 and len(timed.encode()) < 1_000_000
    # Geometry is shared: the US and Mexican geometry appear once however many years.
    alaska = web.dumps(web.encode_geometry(geo.load_us_states().geometry.iloc[0])[0][0][:40])[1:-1]
    assert timed.count(alaska) == 1
    change = web.render_html(
        web.atlas_map(
            layers_shown=("us-gun-laws-change", "mx-homicides-change", "border"),
            compare=(2015, 2024),
        ),
        self_contained=True,
    )
    assert "change in homicides per 100,000, 2015 to 2024" in change
    assert "grade change, 2017 to 2025 editions" in change
    assert "Colima\\u003c/b\\u003e\\u003cbr\\u003e2015: 26.1 \u2192 2024: 110.7 (+84.6)" in change


def test_static_change_maps_and_small_multiples():
    fig = static_map(
        layers_shown=("us-gun-laws-change", "mx-homicides-change", "border"),
        compare=(2015, 2024),
        layout="two-panel",
    )
    texts = {t.get_text() for t in fig.texts}
    assert any("2015 to 2024" in t for t in texts) and "stronger by 6 or more" in texts
    sm = small_multiples("mx-homicides", [2015, 2019, 2024])
    assert [ax.get_title() for ax in sm.axes] == ["2015", "2019", "2024"]
    with pytest.raises(ValueError, match="2 to 4 years"):
        small_multiples("mx-homicides", [2015])


def test_recipes_take_year_years_and_compare(tmp_path):
    recipe = load_recipe(geo.settings.maps_dir() / "homicides-over-time.toml")
    assert recipe.years == tuple(range(2015, 2025))
    fig = static_figure(recipe)
    assert [ax.get_title() for ax in fig.axes] == ["2015", "2019", "2024"]
    change = load_recipe(geo.settings.maps_dir() / "change.toml")
    assert change.compare == (2015, 2024)
    for text, message in (
        ("years = [2015]", "at least two years"),
        ("compare = [2024, 2015]", "earlier year, later year"),
        ("year = 2030", "2030 is not allowed"),
    ):
        path = tmp_path / "bad.toml"
        path.write_text(text)
        with pytest.raises(RecipeError, match=message):
            load_recipe(path)


def test_command_line_year_flags(tmp_path, capsys):
    atlas = str(geo.settings.maps_dir() / "atlas.toml")
    assert (
        main(["render", atlas, "--format", "html", "--years", "2015,2024", "--out", str(tmp_path)])
        == 0
    )
    assert "Homicides in Mexico, year" in (tmp_path / "atlas.html").read_text()
    assert (
        main(["render", atlas, "--format", "png", "--compare", "2015,2024", "--out", str(tmp_path)])
        == 0
    )
    assert main(["render", atlas, "--year", "2030", "--out", str(tmp_path)]) == 2
    assert "--year 2030" in capsys.readouterr().err

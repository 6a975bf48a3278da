"""The scene: one map spec, built once, drawn the same by both renderers."""

import dataclasses

import pytest
from matplotlib.text import Text

import geo
from geo import settings, web
from geo.catalogue import CATALOGUE, LAYERS, TIMELINE, layer_for_year
from geo.recipes import find_recipes, load_recipe, map_spec, static_figure
from geo.scene import FigureSpec, MapSpec, build_scene

RECIPES = find_recipes(settings.maps_dir())


@pytest.mark.parametrize("path", RECIPES, ids=[p.stem for p in RECIPES])
def test_a_recipe_says_the_same_in_html_and_png(path):
    """Same editions, years, classes and sources: the PNG's legends and sources are the page's."""
    recipe = load_recipe(path)
    scene = build_scene(map_spec(recipe))
    page = web.render_html(web.draw_atlas(scene))
    fig = static_figure(recipe)
    texts = {t.get_text() for t in fig.findobj(Text)}
    classes = [t for t in texts if "\u2013" in t or t.endswith("edition)")]
    assert classes or recipe.chart, "the PNG has a classed legend"
    for label in classes:  # every class and edition the PNG shows, the page shows
        assert label in page, label
    cited = {(a["publisher"], a.get("title")) for a in scene.sources if a.get("publisher")}
    for a in fig.ira_sources:
        if a.get("publisher"):
            assert (a["publisher"], a.get("title")) in cited
    for layer in scene.layers.values():  # small multiples: years of the page's year control
        if layer.series is not None:
            assert set(layer.series.panels) <= set(layer.series.years)
            assert layer.series.start in layer.series.years


def test_the_homicide_year_control_and_its_panels_share_classes():
    recipe = load_recipe(settings.maps_dir() / "homicides-over-time.toml")
    series = build_scene(map_spec(recipe)).layers["mx-homicides"].series
    assert series.years == tuple(range(2015, 2025))
    assert series.panels == (2015, 2019, 2024)
    legends = {series.styles[y].legend for y in series.years}
    assert len(legends) == 1  # fixed classes: one legend for every year
    grades = build_scene(map_spec(recipe)).layers["us-gun-laws"].series
    assert grades.years == (2017, 2018, 2019, 2021, 2025)  # the editions nearest the years
    assert grades.panels == (2017, 2019, 2025)


def test_a_scene_builds_each_layer_once_for_its_year():
    scene = build_scene(
        MapSpec(homicide_year=2016, edition=2019, layers_shown=LAYERS[:1] + LAYERS[3:4])
    )
    assert scene.layers["us-gun-laws"].gdf.attrs["edition"] == 2019
    assert scene.layers["mx-homicides"].gdf.attrs["year"] == "2016"
    assert len(scene.layers["us-gun-laws"].gdf) == len(scene.shapes["us"])
    assert list(scene.layers["mx-homicides"].gdf["cve_ent"]) == list(scene.shapes["mx"]["cve_ent"])


def test_layers_handed_in_are_drawn_as_they_are():
    mine = geo.homicide_layer(year=2015)
    scene = build_scene(MapSpec(layers_shown=("mx-homicides",), data={"mx-homicides": mine}))
    assert scene.layers["mx-homicides"].gdf.attrs["year"] == "2015"  # not the spec's 2024


def test_every_catalogue_entry_is_complete_in_both_languages():
    for entry in CATALOGUE.values():
        en = build_scene(MapSpec(layers_shown=(entry.id,), compare=(2015, 2024))).layers[entry.id]
        es = build_scene(MapSpec(layers_shown=(entry.id,), compare=(2015, 2024), lang="es")).layers[
            entry.id
        ]
        assert en.title and es.title and en.title != es.title
        if entry.draw == "polygons":
            assert entry.style is not None and entry.key in en.gdf.columns
            assert len(en.tips) == len(en.gdf) and en.style.legend
        if entry.years and entry.option != "compare":
            assert getattr(MapSpec(), entry.option) in entry.years  # its default is a choice
        if en.table is not None:
            assert en.table.header != es.table.header


def test_a_map_wide_year_picks_each_layer_s_year():
    laws, homicides = CATALOGUE["us-gun-laws"], CATALOGUE["mx-homicides"]
    assert [layer_for_year(laws, y) for y in (2015, 2020, 2023, 2024)] == [2017, 2021, 2025, 2025]
    assert [layer_for_year(homicides, y) for y in TIMELINE] == list(TIMELINE)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"layers_shown": ["roads"]}, r"layers_shown: 'roads' is not allowed; valid: \['us-gun"),
        ({"lang": "fr"}, r"lang: 'fr' is not allowed; valid: \['en', 'es'\]"),
        ({"edition": 2020}, r"edition: 2020 is not allowed; valid: \[2017, 2018"),
        ({"years": [2015, 1995]}, r"years: 1995 is not allowed"),
        ({"compare": (1996, 2024)}, r"compare: 1996 is not allowed; valid: \[2015"),
        ({"port_measure": "horses"}, r"port_measure: 'horses' is not allowed; valid: \['pers"),
        ({"layers_shown": ["mx-homicides-change"]}, r"change layers need compare"),
        ({"compare": (2024, 2015)}, r"compare: \[2024, 2015\] must be 2 different years"),
        ({"bands_km": []}, r"bands_km: \[\] must be a list of km"),
        ({"colour": "red"}, r"map option: 'colour' is not allowed; valid: \['layers_shown'"),
    ],
)
def test_map_options_are_checked_once_with_their_choices(options, message):
    with pytest.raises(geo.OptionError, match=message):
        web.atlas_map(**options)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"layout": "grid"}, r"layout: 'grid' is not allowed; valid: \['single', 'two-panel'\]"),
        (
            {"labels": ["roads"]},
            r"labels: 'roads' is not allowed; valid: \['states', 'cities', 'trace-source-c",
        ),
        ({"size": (100, 100)}, r"size: 100 is not allowed; a whole number 320-8000"),
        ({"frame": "yes"}, r"frame: 'yes' is not allowed"),
    ],
)
def test_figure_options_are_checked_with_their_choices(options, message):
    with pytest.raises(geo.OptionError, match=message):
        FigureSpec(**options)


def test_a_spec_is_a_value():
    spec = MapSpec(
        layers_shown=["ports", "border"], years=range(2015, 2018), view=[-110, 30, -100, 35]
    )
    assert spec.layers_shown == ("ports", "border") and spec.years == (2015, 2016, 2017)
    assert spec == dataclasses.replace(spec) and hash(spec) == hash(dataclasses.replace(spec))


def test_bundled_classes_are_mapclassify_s_fisher_jenks():
    """jenkspy classes the bundled figures exactly as mapclassify's FisherJenks does."""
    import warnings

    import mapclassify
    import numpy as np

    from geo.style import class_breaks

    figures = [geo.homicide_layer(year=y)["rate_per_100k"] for y in geo.layers.HOMICIDE_YEARS]
    figures += [geo.dealer_layer(year=y)["licensees_per_100k"] for y in geo.layers.DEALER_YEARS]
    for series in figures:
        y = series.astype(float).dropna().to_numpy()
        if not len(y):  # dealers 2003-2008 and 2022: no population, no rate
            continue
        for k in (2, 3, 4, 5):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                theirs = tuple(float(b) for b in mapclassify.FisherJenks(y, k=k).bins)
            assert class_breaks(y, k=k) == theirs
    assert np.isfinite(class_breaks(figures[0], k=5)).all()


def test_a_spanish_map_names_us_states_in_spanish():
    from geo._catalogue import US_NAMES_ES

    spanish = build_scene(MapSpec(layers_shown=("us-gun-laws", "mx-homicides"), lang="es"))
    names = spanish.layers["us-gun-laws"].gdf.set_index("usps")["name"]
    assert names["NM"] == "Nuevo México" and names["TX"] == "Texas"
    assert names["DC"] == US_NAMES_ES["DC"] == "Distrito de Columbia"
    assert "Nuevo México" in set(spanish.context[0]["name"])
    assert any(tip[0] == [("b", "Nuevo México")] for tip in spanish.layers["us-gun-laws"].tips)
    rows = [row[0] for row in spanish.layers["us-gun-laws"].table.rows]
    assert "Nueva York" in rows and "New York" not in rows
    english = build_scene(MapSpec(layers_shown=("us-gun-laws",)))
    assert english.layers["us-gun-laws"].gdf.set_index("usps").at["NM", "name"] == "New Mexico"
    # The layers' own data keep the official English names (exports, notebooks).
    assert geo.gun_law_layer().set_index("usps").at["NM", "name"] == "New Mexico"


def test_a_spanish_map_glosses_the_port_towns_in_spanish():
    spanish = build_scene(MapSpec(layers_shown=("ports",), lang="es"))
    ports = spanish.layers["ports"]
    texts = [part for line in ports.labels for _, part in line]
    texts += [part for popup in ports.popups for line in popup for _, part in line]
    texts += [cell for row in ports.table.rows for cell in row]
    assert any("San Jerónimo (municipio de Juárez)" in t for t in texts)
    assert not any("municipality" in t for t in texts)
    english = build_scene(MapSpec(layers_shown=("ports",)))
    assert any(
        "(Juárez municipality)" in part
        for line in english.layers["ports"].labels
        for _, part in line
    )


def test_a_table_leaves_out_a_column_with_no_figure_in_any_row():
    from geo._text import text

    spec = MapSpec(layers_shown=("us-county-dealers",), zone_km=100)
    table = build_scene(spec).layers["us-county-dealers"].table  # 2023: no ACS population
    assert text("per_100k", "en") not in table.header
    assert text("per_1000km2", "en") in table.header
    earlier = MapSpec(layers_shown=("us-county-dealers",), zone_km=100, county_year=2019)
    table = build_scene(earlier).layers["us-county-dealers"].table
    assert text("per_100k", "en") in table.header
    column = table.header.index(text("per_100k", "en"))
    assert any(row[column] != text("no_data", "en") for row in table.rows)

"""The atlas page: content, escaping, determinism, size, languages, recipes."""

import re

import geopandas as gpd
import numpy as np
import pytest

import geo
from geo import web
from geo._html import encode_ints
from geo.cli import main
from geo.recipes import RecipeError, find_recipes, load_recipe, render_recipe
from geo.scene import MapSpec, build_scene

HOSTILE = "<script>alert('x')</script> \"quoted\" `tick` & <img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def atlas():
    return web.render_html(web.atlas_map(), self_contained=True)


def test_same_inputs_same_bytes(atlas):
    assert web.render_html(web.atlas_map(), self_contained=True) == atlas
    assert not re.search(r"[0-9a-f]{32}", atlas.split("<body>")[1])  # no random element ids


def test_self_contained_has_no_external_asset(atlas):
    assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="https?://', atlas)
    assert "cdn.jsdelivr" not in atlas and "images/layers.png" not in atlas
    assert len(atlas.encode()) < 1_000_000
    online = web.render_html(web.atlas_map(basemap=True))
    assert web.LEAFLET_JS in online and "tile.openstreetmap.org" in online


def test_page_is_zoomable_and_has_a_language(atlas):
    assert "user-scalable=no" not in atlas and "maximum-scale" not in atlas
    assert '<html lang="en">' in atlas
    spanish = web.render_html(web.atlas_map(lang="es"), self_contained=True)
    assert '<html lang="es">' in spanish
    for phrase in ("Sin calificación", "Fuentes", "Tablas de datos", "leyes más débiles"):
        assert phrase in spanish
    for phrase in ("Not graded", "Sources", "Data tables", "weakest laws"):
        assert phrase in atlas


def test_every_text_is_escaped():
    ports = geo.port_layer()
    ports.loc[0, "port_name"] = HOSTILE
    page = web.render_html(
        web.atlas_map(title=HOSTILE, subtitle=HOSTILE, data={"ports": ports}), self_contained=True
    )
    assert "<script>alert" not in page and "<img" not in page
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in page
    # The hostile text is there, escaped for HTML and then for the script block.
    assert "\\u0026lt;script\\u0026gt;alert(\\u0026#39;x\\u0026#39;)" in page


def test_legends_sources_and_tables(atlas):
    for text in (
        "US gun-law strength (2025 edition)",
        "F: weakest laws",
        "Not graded",
        "Mexico: homicides per 100,000 inhabitants, 2024",
        "Giffords Law Center",
        "SESNSP",
        "U.S. Census Bureau",
        "INEGI, Marco Geoestad",
        "manufacturers and importers",
    ):
        assert text in atlas, text
    # The data tables carry every state and port.
    assert atlas.count("\\u003ctr\\u003e") >= 51 + 51 + 32 + 28


def test_geometry_is_embedded_once(atlas):
    # Two US layers, one copy of the US geometry: the first Alaska ring appears once.
    alaska = web.encode_geometry(geo.load_us_states().geometry.iloc[0])[0][0][:40]
    assert atlas.count(web.dumps(alaska)[1:-1]) == 1


def _drawn_ports(ports):
    scene = build_scene(MapSpec(layers_shown=("ports",), data={"ports": ports}))
    return web._points(scene.layers["ports"], "en")


def test_ports_are_sized_by_their_figures_and_no_figure_shows_as_such():
    ports = geo.port_layer(period=2023)
    names = list(ports["port_name"])
    drawn = _drawn_ports(ports)
    assert len(set(drawn["r"])) > 20
    assert drawn["r"][names.index("San Ysidro")] == max(drawn["r"])  # 15.8 million vehicles
    boquillas = names.index("Boquillas")  # 9 months in 2023: no figure, drawn grey
    assert drawn["nd"][boquillas] and sum(drawn["nd"]) == 1 and drawn["r"][boquillas] == 5
    xpress = names.index("Cross Border Xpress")  # a footbridge: no vehicles reported, smallest
    assert not drawn["nd"][xpress] and drawn["r"][xpress] == min(drawn["r"])
    assert "10,000,000" in drawn["legend"] and "No figure for the year" in drawn["legend"]
    assert "Circle area: personal vehicles, 2023" in drawn["legend"]
    trucks = build_scene(MapSpec(layers_shown=("ports",), port_measure="trucks", port_period=2023))
    by_trucks = web._points(trucks.layers["ports"], "en")
    assert by_trucks["r"][names.index("Laredo")] == max(by_trucks["r"])  # 3 million trucks
    assert "Circle area: trucks, 2023" in by_trucks["legend"]


def test_no_data_is_drawn_as_no_data():
    layer = geo.homicide_layer(year=2015)
    page = web.render_html(web.atlas_map(homicide_year=2015, layers_shown=("mx-homicides",)))
    assert "No data" in page
    scene = build_scene(MapSpec(layers_shown=("mx-homicides",), data={"mx-homicides": layer}))
    data = web._polygons(scene.layers["mx-homicides"], "en")
    oaxaca = list(layer["cve_ent"]).index("20")
    assert data["nodata"][oaxaca] and sum(data["nodata"]) == 1
    assert data["fill"][oaxaca] == geo.style.NO_DATA_COLOR
    assert "Oaxaca</b><br>No data" in data["tip"][oaxaca]


def test_bad_arguments():
    with pytest.raises(geo.OptionError, match="layers_shown: 'roads' is not allowed; valid: "):
        web.atlas_map(layers_shown=("roads",))
    with pytest.raises(geo.OptionError, match=r"lang: 'fr' is not allowed; valid: \['en', 'es'\]"):
        web.atlas_map(lang="fr")


# --- recipes ---------------------------------------------------------------------------------


def test_shipped_recipes_load_and_render(tmp_path):
    names = [p.stem for p in find_recipes(geo.settings.maps_dir())]
    assert names == [
        "atlas",
        "border-zone",
        "border",
        "change",
        "crossings",
        "homicides-over-time",
        "laws-and-homicides",
        "mx-homicides",
        "us-dealers-over-time",
        "us-gun-laws",
    ]
    border = load_recipe(geo.settings.maps_dir() / "border.toml")
    assert "bands" in border.layers and border.view == "border"
    written = render_recipe(border, tmp_path, lang="es")
    assert [p.name for p in written] == ["border.es.html", "border.es.png"]
    assert "A lo largo de la frontera" in written[0].read_text()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('layers = ["roads"]', "key 'layers': 'roads' is not allowed; valid: \\['us-gun-laws'"),
        ("colour = 1", "key 'colour': unknown key; valid: \\['title'"),
        ('lang = "fr"', "key 'lang': 'fr' is not allowed; valid: \\['en', 'es'\\]"),
        ("view = [0, 0, 1]", "key 'view': \\[0, 0, 1\\] is not a box"),
        ('view = "moon"', "key 'view': 'moon' is not allowed"),
        ('formats = ["gif"]', "key 'formats': 'gif' is not allowed"),
        ('[classification]\nscheme = "NaturalBreaks"', "classification.scheme"),
        ("[layer_years]\nhomicides = 2030", "key 'layer_years.homicides': 2030 is not allowed"),
        ("title = 3", "key 'title': must be text"),
        ("title = ", "not valid TOML"),
    ],
)
def test_bad_recipes_name_file_key_and_choices(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(RecipeError, match=message) as info:
        load_recipe(path)
    assert str(path) in str(info.value)


def test_render_command(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(geo.settings.maps_dir().parent)
    assert main(["render", "--out", str(tmp_path), "--format", "html"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "atlas.html",
        "border-zone.html",
        "border.html",
        "change.html",
        "crossings.html",
        "homicides-over-time.html",
        "laws-and-homicides.html",
        "mx-homicides.es.html",
        "us-dealers-over-time.html",
        "us-gun-laws.html",
    ]
    assert main(["render", "maps/atlas.toml", "--out", str(tmp_path), "--lang", "es"]) == 0
    assert (tmp_path / "atlas.es.html").exists()
    bad = tmp_path / "bad.toml"
    bad.write_text("colour = 1")
    assert main(["render", str(bad), "--out", str(tmp_path)]) == 2
    assert "unknown key" in capsys.readouterr().err


def test_data_from_user_table_is_rendered():
    table = gpd.pd.DataFrame({"estado": ["Sonora"], "homicidios": [1584]})
    layer = geo.homicide_layer(table=table)
    page = web.render_html(
        web.atlas_map(layers_shown=("mx-homicides",), data={"mx-homicides": layer})
    )
    assert page.count("Sin datos") == 0 and page.count("No data") >= 1


def _decode_ints(text):
    """The encoded-polyline scheme read back, as the page's iraInts does."""
    values, number, shift = [], 0, 0
    for char in text:
        bits = ord(char) - 63
        number += (bits & 31) << shift
        shift += 5
        if bits < 32:
            values.append(-(number + 1) // 2 if number % 2 else number // 2)
            number, shift = 0, 0
    return values


def test_geometry_text_round_trips_and_holds_no_digits():
    values = [0, -1, 1, -16, 16, 31, 32, -33, 1023, -1024, 1_800_000, -1_800_000, 2**40]
    text = encode_ints(np.array(values))
    assert _decode_ints(text) == values
    assert all(63 <= ord(c) <= 126 for c in text)  # no digit, quote or "<"
    chihuahua = geo.load_mx_states().geometry.iloc[7]
    ring = web.encode_geometry(chihuahua)[0][0]
    decoded = np.cumsum(np.reshape(_decode_ints(ring), (-1, 2)), axis=0) / 10_000
    assert len(decoded) == len(chihuahua.exterior.coords) > 100
    assert np.abs(decoded - np.asarray(chihuahua.exterior.coords)).max() <= 0.5e-4


def test_data_tables_are_sorted_by_name_and_bands_do_not_tint_the_map():
    from geo._html import asset
    from geo.names import fold_name
    from geo.scene import build_scene
    from geo.spec import MapSpec

    scene = build_scene(MapSpec(layers_shown=("us-gun-laws", "mx-homicides", "ports", "bands")))
    for name in ("us-gun-laws", "mx-homicides", "ports"):
        first = [row[0] for row in scene.layers[name].table.rows]
        assert first == sorted(first, key=fold_name), name
    assert first[0] == "Andrade"  # ports by name, not by port code
    us = [row[0] for row in scene.layers["us-gun-laws"].table.rows]
    assert us[:3] == ["Alabama", "Alaska", "Arizona"]  # not AK, AL, AR, AZ by postal code
    script = asset("atlas.js")
    bands = script[script.index("function iraBands") :]
    assert "fillOpacity: 0}" in bands[: bands.index("onEachFeature")]


# --- labels ----------------------------------------------------------------------------------


def test_state_and_city_labels_are_data_for_the_script():
    scene = build_scene(MapSpec(view="border"))
    labels = web._labels(scene)
    states = {row[0]: row for row in labels["states"]}
    assert len(states) == 52 + 32  # both countries, DC and Puerto Rico too
    assert states["Chihuahua"][1] == "CHIH" and states["Rhode Island"][1] == "RI"
    _, _, lat, lng, width, height = states["Texas"]
    assert 26 < lat < 34 and -104 < lng < -94 and width > height > 0
    assert states["Texas"][4] > states["Rhode Island"][4] * 10  # room to write the name
    cities = {row[0]: row for row in labels["cities"]}
    assert len(labels["cities"]) == len(scene.places) == 515
    assert cities["Ciudad Juárez"][3] <= 5 and cities["El Paso"][3] <= 5  # twin port cities
    assert cities["El Paso"][4] == 1 and cities["Ciudad Juárez"][4] == 0  # north / south
    assert max(row[3] for row in labels["cities"]) <= 8  # all named by zoom 8
    spanish = web._labels(build_scene(MapSpec(view="border", lang="es")))
    assert "Nueva York" in {row[0] for row in spanish["cities"]}
    assert "Nuevo México" in {row[0] for row in spanish["states"]}


def test_label_names_are_escaped_and_populations_stay_out():
    scene = build_scene(MapSpec(view="border"))
    scene.places.loc[scene.places["name"] == "El Paso", "name"] = HOSTILE
    scene.context[1].loc[scene.context[1]["name"] == "Sonora", "name"] = HOSTILE
    page = web.render_html(web.draw_atlas(scene), self_contained=True)
    assert "<script>alert" not in page and "<img" not in page
    # JSON for the script, "<" and ">" escaped: the page writes it with textContent.
    assert page.count("\"\\u003cscript\\u003ealert('x')\\u003c/script\\u003e \\\"quoted") == 2
    assert "innerHTML" not in page[page.index("function iraText") : page.index("function iraHits")]
    for population in scene.places["population"].head(20):
        assert f",{int(population)}," not in page and f"[{int(population)}," not in page


def test_pages_stay_small_with_labels(tmp_path):
    from geo.recipes import find_recipe

    written = render_recipe(load_recipe(find_recipe("border-zone")), tmp_path, formats=["html"])
    assert len(written[0].read_bytes()) < 1_500_000


def test_markers_are_added_in_the_order_of_their_z_so_a_brief_office_is_on_top(tmp_path):
    from geo.briefs import render_brief

    page = render_brief("Phoenix", tmp_path)[0].read_text(encoding="utf-8")
    scripts = page[page.index("iraPoints(") :]
    office, others = scripts.find('"This consulate"'), scripts.find('"Mexican consulates"')
    assert 0 <= others < office  # drawn later, on top

"""Consular jurisdictions: the table derived from the sources' text, its checks, the outline.

``data/indicators/mx_consulate_jurisdictions.csv`` holds the states and counties a jurisdiction
text of ``mx_consulates.csv`` names (tools/build_indicators.py); a brief outlines them.
"""

import csv
import importlib.util
import string

import pandas as pd
import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex

import geo
from geo import indicators
from geo._text import text
from geo.boundaries import load_us_counties, load_us_states
from geo.briefs import _facts, _view
from geo.consulates import consulate_layer, jurisdiction_layer
from geo.scene import MapSpec, build_scene
from geo.static import draw_figure
from geo.web import draw_atlas, render_html

REFERENCE = REPO.parent / "shared" / "reference"
TABLE = "mx_consulate_jurisdictions"
OUTLINED = {
    "Atlanta", "Boise", "Boston", "Denver", "Indianápolis", "Kansas City", "Las Vegas", "Miami",
    "Nogales", "Oklahoma", "Oxnard", "Portland", "Raleigh", "San Bernardino", "Seattle",
}  # fmt: skip
WHOLE = {"Atlanta", "Kansas City", "Oklahoma", "Oxnard", "Raleigh", "San Bernardino"}


@pytest.fixture(scope="module")
def table():
    return geo.load_indicator(TABLE)


@pytest.fixture(scope="module")
def offices():
    return consulate_layer().set_index("office")


def test_every_unit_is_a_state_or_county_of_the_boundaries(table):
    states = load_us_states().set_index("usps")["name"]
    counties = load_us_counties().set_index("fips")["name"]
    for row in table.itertuples():
        known = states if row.level == "state" else counties
        assert row.code in known.index, row
        assert known[row.code] == row.name, row
    county = table["level"] == "county"
    assert table.loc[county, "code"].str.fullmatch("[0-9]{5}").all()


def test_every_office_is_an_office_and_says_whole_or_part(table, offices):
    assert set(table["office"]) == OUTLINED and OUTLINED <= set(offices.index)
    district = {o: set(units["district"]) for o, units in table.groupby("office")}
    assert all(len(d) == 1 for d in district.values())
    assert {o for o, d in district.items() if d == {"whole"}} == WHOLE
    assert not table.duplicated(["office", "code"]).any()


def test_the_units_the_texts_name(table):
    units = table.groupby("office")["name"].agg(list)
    assert units["Atlanta"] == ["Alabama", "Georgia", "Tennessee"]
    assert units["Oxnard"] == ["Ventura", "Santa Barbara", "San Luis Obispo"]
    assert units["Nogales"] == ["Santa Cruz"]  # Green Valley is no county: "part"
    assert units["Seattle"] == ["Washington", "Alaska"]  # seven Idaho counties, unnamed
    assert units["Boise"] == ["Idaho", "Montana"]  # northern Nevada, eastern Oregon: unnamed
    dated = table.drop_duplicates("office").set_index("office")["as_of"]
    assert dated["Raleigh"] == "c. 2000"  # described at the office's opening: dated so
    assert dated["San Bernardino"] == "2017" and dated["Nogales"] == "2018"
    assert pd.isna(dated["Indianápolis"])  # the source gives no date
    assert table["source"].notna().all() and table["source_key"].str.fullmatch("MC[0-9]+").all()


def _names(table, office, usps):
    codes = table.loc[(table["office"] == office) & (table["level"] == "county"), "code"]
    counties = load_us_counties().set_index("fips")
    found = counties.loc[list(codes)]
    return set(found.loc[found["usps"] == usps, "name"])


def test_indianapolis_counties_follow_the_rule(table):
    """All counties except those north of the named row; Kentucky whole; Morrow left out."""
    indiana, ohio = _names(table, "Indianápolis", "IN"), _names(table, "Indianápolis", "OH")
    assert (len(indiana), len(ohio)) == (66, 54)
    row_in = {"Warren", "Tippecanoe", "Carroll", "Howard", "Grant", "Blackford", "Jay"}
    row_oh = {"Mercer", "Auglaize", "Hardin", "Marion", "Knox", "Holmes", "Tuscarawas",
              "Carroll", "Jefferson"}  # fmt: skip
    assert row_in <= indiana and row_oh <= ohio
    north_in = {"Benton", "White", "Cass", "Miami", "Wabash", "Huntington", "Wells", "Adams",
                "Lake", "St. Joseph", "Allen"}  # fmt: skip
    south_in = {"Fountain", "Clinton", "Tipton", "Madison", "Delaware", "Randolph", "Marion",
                "Posey", "Vanderburgh"}  # fmt: skip
    north_oh = {"Van Wert", "Allen", "Crawford", "Richland", "Ashland", "Wayne", "Stark",
                "Columbiana", "Cuyahoga", "Lucas"}  # fmt: skip
    south_oh = {"Darke", "Shelby", "Logan", "Union", "Delaware", "Licking", "Coshocton",
                "Harrison", "Hamilton", "Franklin"}  # fmt: skip
    assert not north_in & indiana and south_in <= indiana
    assert not north_oh & ohio and south_oh <= ohio
    assert "Morrow" not in ohio  # between Marion and Knox: both north and south of the row
    kentucky = table[(table["office"] == "Indianápolis") & (table["level"] == "state")]
    assert list(kentucky["code"]) == ["KY"]
    assert set(table.loc[table["office"] == "Indianápolis", "district"]) == {"part"}


@pytest.mark.skipif(not (REFERENCE / "SOURCES.md").is_file(), reason="no ../shared/reference")
def test_the_build_tool_makes_the_bundled_table(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("build", REPO / "tools" / "build_indicators.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "OUT", tmp_path)
    build.consulate_jurisdictions(REFERENCE)
    bundled = geo.settings.data_dir / "indicators" / f"{TABLE}.csv"
    assert (tmp_path / f"{TABLE}.csv").read_bytes() == bundled.read_bytes()


# A hand-edited table is an error naming the file, the line and the column.


def _edit(data_copy, line, cells):
    """Replace data line ``line`` (2 = the first row) of the bundled table with ``cells``."""
    path = data_copy / "indicators" / f"{TABLE}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[line - 1] = cells
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    indicators._load.cache_clear()
    return rows


def test_an_unknown_office_is_an_error(data_copy):
    _edit(data_copy, 3, ["Atlantis", "state", "GA", "Georgia", "whole", "2025-09", "MC14",
                         "Global Atlanta", ""])  # fmt: skip
    with pytest.raises(geo.DataError, match=rf"{TABLE}.csv, column 'office': .* line 3 'Atlantis'"):
        geo.load_indicator(TABLE)


@pytest.mark.parametrize(
    ("level", "code"), [("state", "ZZ"), ("state", "PR"), ("county", "13999"), ("county", "AK")]
)
def test_an_unknown_code_is_an_error(data_copy, level, code):
    _edit(data_copy, 4, ["Atlanta", level, code, "Tennessee", "whole", "2025-09", "MC14",
                         "Global Atlanta", ""])  # fmt: skip
    with pytest.raises(geo.DataError, match=rf"{TABLE}.csv, column 'code': .* line 4 '{code}'"):
        geo.load_indicator(TABLE)


def test_a_repeated_row_is_an_error(data_copy):
    rows = _edit(data_copy, 3, [])
    _edit(data_copy, 3, rows[1])
    with pytest.raises(geo.DataError, match=r"key \['office', 'code'\] .* line\(s\) \[2, 3\]"):
        geo.load_indicator(TABLE)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("name", "Georgia", r"column 'name': not the boundaries' name .* line 2 'Georgia'"),
        ("district", "part", r"column 'district': an office's units .* line 2 'part'"),
        ("level", "city", r"column 'level': not a known value: line 2 'city'"),
    ],
)
def test_a_wrong_cell_is_an_error(data_copy, column, value, message):
    path = data_copy / "indicators" / f"{TABLE}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    row = rows[1]
    row[rows[0].index(column)] = value
    _edit(data_copy, 2, row)
    with pytest.raises(geo.DataError, match=message):
        geo.load_indicator(TABLE)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    code=st.text(string.ascii_letters + string.digits + " -.", min_size=1, max_size=7),
    county=st.booleans(),
)
def test_any_code_not_in_the_boundaries_is_refused(data_copy, code, county):
    states = set(load_us_states()["usps"])
    counties = set(load_us_counties()["fips"])
    known = counties if county else states
    if code.strip() in known | {"GA", "TN"} or not code.strip():  # GA, TN: Atlanta's other rows
        return
    level = "county" if county else "state"
    _edit(data_copy, 2, ["Atlanta", level, code, "Alabama", "whole", "2025-09", "MC14",
                         "Global Atlanta", ""])  # fmt: skip
    with pytest.raises(geo.DataError, match=r"column 'code': .* line 2 "):
        geo.load_indicator(TABLE)
    indicators._load.cache_clear()


# The layer and the briefs.


def test_the_layer_has_one_area_per_office(offices):
    layer = jurisdiction_layer()
    assert set(layer["office"]) == OUTLINED and layer.crs.to_epsg() == 4326
    assert layer.geometry.is_valid.all() and not layer.geometry.is_empty.any()
    inside = {
        office
        for office, area in zip(layer["office"], layer.geometry, strict=True)
        if area.contains(offices.loc[office, "geometry"])
    }
    # The outlined part of Miami's, Las Vegas's and Boston's districts is the 2022 additions.
    assert inside == OUTLINED - {"Miami", "Las Vegas", "Boston"}
    assert jurisdiction_layer("El Paso").empty  # no named unit: no outline
    nogales = jurisdiction_layer("Nogales")
    assert nogales.attrs["short"] == "Border Eco" and nogales.attrs["year"] == "2018"


def _brief_view(office, offices):
    row = offices.loc[office]
    state = load_us_states(territories=True).set_index("usps").loc[row["usps"]]
    border = pd.notna(row["border_distance_km"]) and row["border_distance_km"] == 0
    return _view(row, state, 250.0 if border else None, jurisdiction_layer(office))


def test_every_brief_frames_its_office_and_its_outline(offices):
    for office in offices.index:
        west, south, east, north = _brief_view(office, offices)
        point = offices.loc[office, "geometry"]
        assert west < point.x < east and south < point.y < north, office
        outline = jurisdiction_layer(office)
        if office != "Seattle" and len(outline):  # Alaska's islands past 180° are not framed
            w, s, e, n = outline.total_bounds
            assert west <= w and e <= east and south <= s and n <= north, office


def test_a_border_brief_is_framed_on_what_it_draws(offices):
    _, south, _, north = _brief_view("El Paso", offices)
    texas = load_us_states().set_index("usps").loc["TX", "geometry"].bounds
    assert north < texas[3] - 1.5  # not the Panhandle, which the zone map leaves blank
    assert south < texas[1]  # the municipios across
    north = _brief_view("Oxnard", offices)[3]
    assert north > 35.8  # San Luis Obispo County, outside the zone, is outlined


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_facts_say_what_is_outlined(offices, lang):
    nogales = _facts(offices.loc["Nogales"], lang)
    expected = {"en": "Outlined: Santa Cruz County (AZ), part of the jurisdiction (as of 2018)",
                "es": "Contorno: condado de Santa Cruz (AZ), parte de la circunscripción (datos "
                "de 2018)"}  # fmt: skip
    assert expected[lang] in nogales
    assert text("not_outlined", lang) in _facts(offices.loc["Dallas"], lang)
    assert text("not_outlined", lang) in _facts(offices.loc["Omaha"], lang)
    raleigh = " ".join(_facts(offices.loc["Raleigh"], lang))
    assert "c. 2000" in raleigh  # an old description says how old it is


def _atlanta_scene(lang="en"):
    spec = MapSpec(
        layers_shown=("us-gun-laws", "this-jurisdiction"),
        data={"this-jurisdiction": jurisdiction_layer("Atlanta")},
        view=(-92.0, 29.0, -80.0, 37.5),
        lang=lang,
    )
    return build_scene(spec)


def test_the_outline_is_a_line_above_the_choropleth_in_both_renderers():
    scene = _atlanta_scene()
    look = scene.layers["this-jurisdiction"].entry.outline
    fig = draw_figure(scene)
    collections = [c for ax in fig.axes for c in ax.collections]
    (outline,) = [c for c in collections if c.get_zorder() == look.z]
    assert to_hex(outline.get_edgecolor()[0]) == look.color
    assert outline.get_facecolor().size == 0 or outline.get_facecolor()[0][3] == 0  # no fill
    choropleth = [c for c in collections if len(c.get_facecolor()) > 1]
    assert choropleth and all(c.get_zorder() < look.z for c in choropleth)
    labels = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert "Jurisdiction (as of 2025-09)" in labels
    page = render_html(draw_atlas(scene))
    assert '"look":{"color":"#8c2d04","weight":2.4,"fill":false}' in page
    assert "Jurisdiction (as of 2025-09)" in page


def test_the_outline_says_part_in_spanish():
    scene = _atlanta_scene("es")
    rows = scene.layers["this-jurisdiction"].entry.legend(jurisdiction_layer("Boise"), "es")
    assert rows == ["Parte de la circunscripción (datos de c. 2013)"]
    assert scene.layers["this-jurisdiction"].title == "Circunscripción de este consulado"


@pytest.mark.parametrize(("name", "lang"), [("Indianápolis", "es"), ("Seattle", "en")])
def test_a_brief_with_an_outline_keeps_its_texts_apart(tmp_path, name, lang):
    from test_layout import brief_figure, problems

    fig = brief_figure(name, lang, tmp_path)
    assert fig is not None
    found = problems(fig)
    assert not found, f"brief {name} ({lang}): " + "\n".join(found)


def test_the_outline_in_the_browser(tmp_path):
    pytest.importorskip("playwright.sync_api")
    from test_browser import Page, layer_labels, sync_api

    from geo.briefs import render_brief

    html = render_brief("Oxnard", tmp_path)[0]
    with sync_api.sync_playwright() as playwright:
        atlas = Page(playwright, tmp_path, html)
        try:
            page = atlas.page
            assert "This consulate's jurisdiction" in [x.strip() for x in layer_labels(page)]
            outline = page.locator("path[stroke='#8c2d04']")
            halo = page.locator("path[stroke='#ffffff'][stroke-width='5']")
            assert outline.count() == 1 and halo.count() == 1
            assert outline.get_attribute("fill") == "none"  # the areas under it keep their tips
            below = page.evaluate(  # the halo under the line: the line follows it
                "() => !!(document.querySelector(\"path[stroke='#ffffff'][stroke-width='5']\")"
                ".compareDocumentPosition(document.querySelector(\"path[stroke='#8c2d04']\"))"
                " & Node.DOCUMENT_POSITION_FOLLOWING)"
            )
            assert below
            legend = page.locator(".ira-legend", has_text="Jurisdiction (as of 2023)")
            assert legend.count() == 1
            assert atlas.errors == [] and atlas.requests == []
        finally:
            atlas.context.close()

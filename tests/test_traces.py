"""The trace-source cities: where guns recovered in Mexico and Central America were bought."""

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.text import Text

import geo
from geo import web
from geo._text import text
from geo.catalogue import CATALOGUE
from geo.indicators import load_indicator
from geo.scene import MapSpec, build_scene
from geo.static import draw_figure
from geo.traces import place_traces, trace_source_cities

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"
needs_reference = pytest.mark.skipif(
    not (REFERENCE / "atf_mexico_traces.csv").is_file(),
    reason=f"reference notes not found at {REFERENCE} (a clean clone has no ../shared)",
)
# The figures as the reference gives them (section 6: T5 Pima County, T5b the cities).
EXPECTED = {
    ("Houston", "TX"): 2452,
    ("Tucson", "AZ"): 2156,
    ("Phoenix", "AZ"): 1745,
    ("El Paso", "TX"): 1658,
    ("San Antonio", "TX"): 1340,
    ("Pima County", "AZ"): 2259,
}
ENTRY = CATALOGUE["trace-source-cities"]


@pytest.fixture(scope="module")
def places():
    return trace_source_cities()


def _counts(gdf: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {
        (p, u): int(n)
        for p, u, n in zip(gdf["place"], gdf["usps"], gdf["traced_firearms"], strict=True)
    }


def test_each_count_is_the_bundled_and_the_expected_figure(places):
    assert _counts(places) == EXPECTED
    bundled = pd.read_csv(REPO / "data" / "indicators" / "trace_source_cities.csv", dtype=str)
    assert _counts(bundled) == EXPECTED
    assert set(places["period"]) == {"2015-2022"}
    assert dict(zip(places["place"], places["kind"], strict=True))["Pima County"] == "county"
    assert set(places.loc[places["place"] != "Pima County", "kind"]) == {"city"}
    assert set(places["recovered_in"]) == {"Mexico, Guatemala, El Salvador, Honduras"}
    assert places.crs.to_epsg() == 4326 and len(places) == 6


@needs_reference
def test_each_count_equals_its_reference_value(places):
    reference = pd.read_csv(REFERENCE / "atf_mexico_traces.csv", dtype=str)
    found = reference.set_index("geography")
    for (place, usps), count in _counts(places).items():
        row = found.loc[f"{place}, {usps}"]
        assert int(row["value"]) == count
        assert row["period"] == "2015-2022"
        assert row["source_key"] == ("T5" if place == "Pima County" else "T5b")


def test_every_place_lies_in_its_state_and_tucson_in_pima_county(places):
    states = geo.load_us_states().set_index("usps")
    for usps, point in zip(places["usps"], places.geometry, strict=True):
        assert states.at[usps, "geometry"].contains(point)
    counties = geo.load_us_counties().set_index("fips")
    pima = counties.at["04019", "geometry"]
    by_place = places.set_index("place")
    assert pima.contains(by_place.at["Tucson", "geometry"])
    assert pima.contains(by_place.at["Pima County", "geometry"])
    assert by_place.at["Tucson", "overlaps"] == "Pima County"
    assert by_place.at["Pima County", "overlaps"] == "Tucson"
    assert by_place.at["Houston", "overlaps"] == ""
    assert "04019" in by_place.at["Pima County", "placement"]
    assert "not a city" in by_place.at["Pima County", "placement"]
    assert "ZIP code points" in by_place.at["Houston", "placement"]
    assert "GeoNames (CC BY 4.0)" in by_place.at["Houston", "placement"]


def test_the_caveats_travel_with_the_layer(places):
    caveat = places.attrs["caveat"]
    assert "not the route" in caveat
    assert "not a random sample" in caveat
    assert "Tucson is in Pima County" in caveat and "must not be added up" in caveat
    assert "GeoNames (CC BY 4.0)" in caveat
    assert places.attrs["year"] == "2015-2022"
    assert places.attrs["url"] == "https://stopusarmstomexico.org/iron-river"
    assert places.attrs["publisher"].startswith("Stop US Arms to Mexico")
    assert trace_source_cities() is not trace_source_cities()  # a copy each time


def test_a_place_that_cannot_be_placed_is_an_error_naming_it():
    table = load_indicator("trace_source_cities")
    table.loc[1, "place"] = "Atlantis"
    table.loc[0, "place"] = "Nowhere County"
    with pytest.raises(geo.DataError, match=r"Nowhere County, AZ .*Atlantis, TX"):
        place_traces(table)


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        ("en", ["not a random sample", "overlap", "Tucson is in Pima County", "not route"]),
        ("es", ["no son una muestra aleatoria", "Se superponen", "condado de Pima", "no ruta"]),
    ],
)
def test_the_legend_note_and_popups_say_the_caveats(lang, phrases):
    assert ENTRY.note == "trace_cities_caveat"
    note = text(ENTRY.note, lang)
    for phrase in phrases:
        assert phrase in note
    layer = build_scene(MapSpec(layers_shown=(ENTRY.id,), lang=lang)).layers[ENTRY.id]
    popups = dict(zip(layer.gdf["place"], layer.popups, strict=True))
    tucson = " ".join(part for line in popups["Tucson"] for _, part in line)
    count = "2,156" if lang == "en" else "2\u202f156"
    assert count in tucson and "2015-2022" in tucson
    assert ("random sample" if lang == "en" else "muestra aleatoria") in tucson
    assert "Pima County" in tucson  # what it overlaps
    assert "Honduras" in tucson  # what it counts: recovered in four countries
    for lines in layer.popups:  # plain text runs, styled only by the renderer
        for line in lines:
            for style, part in line:
                assert style in {"", "b", "small"} and "<" not in part and ">" not in part
    assert layer.table is not None and len(layer.table.rows) == 6
    assert ("overlap" if lang == "en" else "superponen") in layer.table.caption


def test_the_layer_renders_in_the_atlas_and_in_a_static_map():
    scene = build_scene(MapSpec(layers_shown=(ENTRY.id,)))
    layer = scene.layers[ENTRY.id]
    assert layer.sizes is not None and layer.sizes.column == "traced_firearms"
    assert len(layer.tips) == len(layer.popups) == 6
    page = web.render_html(web.draw_atlas(scene), self_contained=True)
    for place in EXPECTED:
        assert place[0] in page
    assert "Traced guns by place of sale, 2015-2022" in page and "cdn.jsdelivr" not in page
    fig = draw_figure(scene)
    drawn = [
        c
        for ax in fig.axes
        for c in ax.collections
        if isinstance(c, PathCollection) and len(c.get_offsets()) == 6
    ]
    assert drawn, "the six places are drawn"
    texts = {t.get_text() for t in fig.findobj(Text)}
    assert "Traced guns by place of sale, 2015-2022" in texts
    assert any("Stop US Arms to Mexico" in t for t in texts)  # the source line


def test_the_markers_lie_under_the_ports_and_the_offices():
    ports, offices = CATALOGUE["ports"], CATALOGUE["consulates"]
    order = list(CATALOGUE)
    assert order.index(ENTRY.id) < order.index("consulates") < order.index("ports")
    assert ENTRY.marker is not None and ports.marker is not None and offices.marker is not None
    assert ENTRY.marker.z < min(ports.marker.z, offices.marker.z)
    looks = {(m.fill, m.edge) for m in (ENTRY.marker, ports.marker, offices.marker)}
    assert len(looks) == 3  # a look of its own


@pytest.mark.parametrize("lang", ["en", "es"])
def test_both_legends_show_the_caveat_and_the_layer_s_look(lang):
    scene = build_scene(MapSpec(layers_shown=(ENTRY.id, "ports"), lang=lang))
    note = text(ENTRY.note, lang)
    page = web.render_html(web.draw_atlas(scene))
    assert note.replace("'", "&#39;") in page or note in page
    assert "background:#e7298a" in page  # the size key in the layer's colour
    texts = " ".join(t.get_text() for t in draw_figure(scene).findobj(Text))
    assert " ".join(note.split()[:6]) in texts  # wrapped under the legend

"""The consular view: offices placed, trace flows, briefings."""

import io

import pyproj
import pytest
from matplotlib.image import imread

import geo
from geo import web
from geo.briefs import render_brief
from geo.cli import main
from geo.consulates import consulate_layer, find_office, trace_flows

GEOD = pyproj.Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def offices():
    return consulate_layer().set_index("office")


def test_all_53_offices_are_placed_in_their_state(offices):
    assert len(offices) == 53 and offices.geometry.notna().all()
    states = geo.load_us_states(territories=True).set_index("usps")
    inside = [
        states.at[usps, "geometry"].buffer(0.05).contains(point)
        for usps, point in zip(offices["usps"], offices.geometry, strict=True)
    ]
    assert all(inside)
    presidio = offices.loc["Presidio"]
    # Presidio, TX sits on the Rio Grande across from Ojinaga: its port is a few km away.
    assert presidio["usps"] == "TX" and presidio["nearest_ports"].startswith("Presidio (")
    assert presidio["nearest_port_km"] < 10


def test_office_facts_come_from_the_layers(offices):
    phoenix = offices.loc["Phoenix"]
    assert phoenix["grade"] == "F" and phoenix["law_strength_rank"] == 41
    dealers = geo.dealer_layer().set_index("usps")
    assert phoenix["licensees_per_100k"] == dealers.at["AZ", "licensees_per_100k"]
    assert phoenix["border_distance_km"] == 0
    chicago = offices.loc["Chicago"]
    assert chicago["grade"] == "A" and chicago["border_distance_km"] > 1000
    assert offices.attrs["caveat"].startswith("City points: GeoNames (CC BY 4.0)")


def test_unplaceable_city_is_an_error(monkeypatch):
    import geo.consulates

    geo.consulates._consulates.cache_clear()
    monkeypatch.setattr("geo.consulates._city_points", lambda: {})
    try:
        with pytest.raises(geo.DataError, match=r"not in the gazetteer: \['Albuquerque"):
            consulate_layer()
    finally:
        geo.consulates._consulates.cache_clear()


def test_find_office():
    assert find_office("filadelfia")["city"] == "Philadelphia"
    assert find_office("Los Angeles")["office"] == "Los Ángeles"
    with pytest.raises(geo.DataError, match="no consular office 'Atlantis'; offices: Albuquerque"):
        find_office("Atlantis")


def test_trace_flows_only_states_with_counts():
    flows = trace_flows().set_index("usps")
    assert list(flows.index) == ["TX", "AZ", "CA"]  # New Mexico has a rank but no count
    assert flows.at["TX", "traced_firearms"] == 7825 and flows.at["TX", "share_pct"] == 43
    ports = geo.port_layer().set_index("port_name")
    for usps, row in flows.iterrows():
        end = row.geometry.coords[-1]
        port = ports.loc[row["to_port"]]
        assert port["usps"] == usps and (round(end[0], 5), round(end[1], 5)) == (
            round(port.geometry.x, 5),
            round(port.geometry.y, 5),
        )
    assert "not routes" in trace_flows().attrs["caveat"]


def test_atlas_with_consulates_and_flows_is_escaped_and_offline():
    page = web.render_html(
        web.atlas_map(layers_shown=("us-gun-laws", "consulates", "trace-flows", "border")),
        self_contained=True,
    )
    assert "Consulate" in page and "Where traced guns were bought" in page
    assert "<script>alert" not in page and "cdn.jsdelivr" not in page


def test_brief_files(tmp_path):
    written = render_brief("Phoenix", tmp_path, lang="es")
    assert [p.name for p in written] == [
        "brief-phoenix.es.html",
        "brief-phoenix.es.png",
        "brief-phoenix.es.pdf",
    ]
    html = written[0].read_text()
    assert "Consulado de México en Phoenix" in html and "cdn.jsdelivr" not in html
    image = imread(io.BytesIO(written[1].read_bytes()), format="png")
    assert image.shape[:2] == (1400, 1800) and image.std() > 0.1
    assert written[2].read_bytes().startswith(b"%PDF")


def test_brief_command(tmp_path, capsys):
    assert main(["brief", "El Paso", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "brief-el-paso.png").exists()
    assert main(["brief", "Atlantis", "-o", str(tmp_path)]) == 2
    assert "no consular office" in capsys.readouterr().err

"""The consular view: offices placed, trace flows, briefings."""

import csv
import io
import re

import pandas as pd
import pyproj
import pytest
import zipcodes
from conftest import REPO
from matplotlib.image import imread

import geo
from geo import web
from geo._describe import office_popup
from geo.briefs import _facts, render_brief
from geo.cli import main
from geo.consulates import ZIP_PLACEMENT_M, consulate_layer, find_office, trace_flows

GEOD = pyproj.Geod(ellps="WGS84")
REFERENCE = REPO.parent / "shared" / "reference" / "mx_consulates_addresses.csv"


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
        # Albuquerque is placed by its ZIP code: Austin is the first office placed by its city.
        with pytest.raises(geo.DataError, match=r"not in the gazetteer .*: \['Austin \(Austin, TX"):
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
    assert image.shape[:2] == (1500, 1800) and image.std() > 0.1
    assert written[2].read_bytes().startswith(b"%PDF")


def test_brief_command(tmp_path, capsys):
    assert main(["brief", "El Paso", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "brief-el-paso.png").exists()
    assert main(["brief", "Atlantis", "-o", str(tmp_path)]) == 2
    assert "no consular office" in capsys.readouterr().err


# Placement: the office's ZIP code point where a source gives its address's ZIP, else its city.


def _with_zip(monkeypatch, office, code):
    """The layer built with ``office``'s ZIP code in the address table set to ``code``."""
    import geo.consulates

    real = geo.consulates.load_indicator

    def load(name):
        table = real(name)
        if name == "mx_consulate_addresses":
            table.loc[table["office"] == office, "zip"] = code
        return table

    monkeypatch.setattr(geo.consulates, "load_indicator", load)
    geo.consulates._consulates.cache_clear()
    try:
        return consulate_layer().set_index("office")
    finally:
        geo.consulates._consulates.cache_clear()


def _metres(point, other):
    return GEOD.inv(point.x, point.y, other.x, other.y)[2]


def test_every_office_is_placed_at_its_zip_code_or_its_city(offices):
    addresses = geo.load_indicator("mx_consulate_addresses").set_index("office")
    assert len(addresses) == 53 and set(addresses.index) == set(offices.index)
    assert offices["placement"].isin(["zip", "city"]).all()
    by_zip = offices["placement"] == "zip"
    assert by_zip.sum() == 19  # every address with a ZIP code in the reference
    assert (offices.loc[by_zip, "zip"] == addresses.loc[offices.index[by_zip], "zip"]).all()
    for row in offices[by_zip].itertuples():  # the ZIP's point itself, not the door
        (known,) = zipcodes.matching(row.zip)
        assert (row.geometry.x, row.geometry.y) == (float(known["long"]), float(known["lat"]))
    # No ZIP, no ZIP placement: New Brunswick and Seattle have a street but no ZIP code.
    assert addresses.loc[offices.index[~by_zip], "zip"].isna().all()
    assert offices.loc[~by_zip, "zip"].isna().all()
    assert {"New Brunswick", "Seattle", "El Paso"} <= set(offices.index[~by_zip])
    assert (offices.loc[by_zip, "placement_m"] == ZIP_PLACEMENT_M).all()
    # A city's uncertainty is measured per office (the spread of its ZIP points), never less
    # than a ZIP point's.
    city = offices.loc[~by_zip, "placement_m"]
    assert (city >= ZIP_PLACEMENT_M).all() and city.nunique() > 10 and city.max() < 30_000
    assert offices.at["El Paso", "placement_m"] > 15_000  # El Paso's ZIP points spread widely
    assert offices.at["Presidio", "placement_m"] == ZIP_PLACEMENT_M  # one ZIP code


def test_sourced_coordinates_lie_within_the_stated_zip_uncertainty(offices):
    addresses = geo.load_indicator("mx_consulate_addresses").dropna(subset=["latitude"])
    assert sorted(addresses["office"]) == ["Dallas", "Los Ángeles", "San Diego"]
    for row in addresses.itertuples():
        office = offices.loc[row.office]
        metres = GEOD.inv(office.geometry.x, office.geometry.y, row.longitude, row.latitude)[2]
        assert office["placement"] == "zip" and metres < 1_000 < ZIP_PLACEMENT_M


def test_nogales_sits_by_its_port(offices):
    nogales = offices.loc["Nogales"]
    port = geo.port_layer().set_index("port_name").at["Nogales", "geometry"]
    assert nogales["placement"] == "zip" and nogales["zip"] == "85621"
    # ZIP 85621's point is 4.9 km from the port (the city's median was 22 km away); the
    # address, 571 N Grand Ave, is nearer, but the ZIP's point is what the package knows.
    assert _metres(nogales.geometry, port) <= ZIP_PLACEMENT_M
    assert nogales["nearest_ports"] == "Nogales (5 km); Sasabe (58 km); Naco (95 km)"
    assert nogales["nearest_port_km"] == 5


def test_el_paso_without_an_address_falls_back_to_its_city(offices):
    el_paso = offices.loc["El Paso"]
    assert el_paso["placement"] == "city" and pd.isna(el_paso["zip"])
    # 95 of the 138 ZIP codes named El Paso (PO boxes) share one point 16 km east of downtown;
    # the city is placed by its street ZIPs, so El Paso's own port comes first. Distances
    # say "about" and are rounded to 10 km (the street ZIPs spread over ~20 km).
    assert el_paso["nearest_ports"] == (
        "El Paso (under 10 km); Ysleta (about 10 km); Santa Teresa (about 30 km)"
    )
    assert (
        el_paso["nearest_ports_es"]
        == "El Paso (menos de 10 km); Ysleta (unos 10 km); Santa Teresa (unos 30 km)"
    )
    assert el_paso["nearest_port_km"] == 0  # "under" one step


def test_an_address_zip_code_places_el_paso_by_its_port(monkeypatch):
    el_paso = _with_zip(monkeypatch, "El Paso", "79901").loc["El Paso"]  # downtown El Paso
    assert el_paso["placement"] == "zip" and el_paso["placement_m"] == ZIP_PLACEMENT_M
    assert el_paso["nearest_ports"] == "El Paso (3 km); Ysleta (17 km); Santa Teresa (19 km)"
    assert el_paso["nearest_port_km"] == 3


def test_a_zip_code_of_another_state_is_an_error(monkeypatch):
    with pytest.raises(geo.DataError, match=r"not in the office's state\): \['Nogales \(ZIP 90057"):
        _with_zip(monkeypatch, "Nogales", "90057")  # Los Angeles, CA
    with pytest.raises(geo.DataError, match=r"\['Nogales \(ZIP 00000, AZ\)'\]"):
        _with_zip(monkeypatch, "Nogales", "00000")


ITEM = {
    "en": r"(?P<name>[^;()]+) \((?P<about>about |under )?(?P<km>[0-9,]+) km\)",
    "es": r"(?P<name>[^;()]+) \((?P<about>unos |menos de )?(?P<km>[0-9\u202f]+) km\)",
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_distances_are_rounded_to_what_the_placement_supports(offices, lang):
    column = "nearest_ports" if lang == "en" else "nearest_ports_es"
    for office, row in offices.iterrows():
        step = 1 if row["placement"] == "zip" else (5 if row["placement_m"] <= 20_000 else 10)
        assert row["distance_step_km"] == step, office
        items = [re.fullmatch(ITEM[lang], item) for item in row[column].split("; ")]
        assert len(items) == 3 and all(items), (office, row[column])
        kms = [int(re.sub(r"[^0-9]", "", m["km"])) for m in items]
        for match, km in zip(items, kms, strict=True):
            if step == 1:  # a ZIP point: whole km, no "about"
                assert not match["about"] or match["about"].strip() in {"under", "menos de"}
            else:  # a city: "about" a multiple of the step, or "under" one step
                assert match["about"] and km % step == 0, (office, row[column])
            assert match["about"] not in {"under ", "menos de "} or km == step
        first = 0 if items[0]["about"] in {"under ", "menos de "} else kms[0]
        assert row["nearest_port_km"] == first, office
    assert offices.at["Calexico", column].startswith(
        "Calexico (under 5 km)" if lang == "en" else "Calexico (menos de 5 km)"
    )
    assert offices.at["Calexico", "nearest_port_km"] == 0
    assert "1,530 km" in offices.at["Atlanta", "nearest_ports"]
    assert "1\u202f530 km" in offices.at["Atlanta", "nearest_ports_es"]


def _popup(offices, office, lang):
    row = {"office": office, **offices.loc[office].to_dict()}
    return [" ".join(run for _, run in line) for line in office_popup(row, {}, lang, {})]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_popup_and_brief_say_how_the_office_is_placed(offices, lang):
    nogales, el_paso, seattle = (
        _popup(offices, o, lang) for o in ("Nogales", "El Paso", "Seattle")
    )
    if lang == "en":
        assert (
            "Nearest ports of entry (from ZIP code 85621): Nogales (5 km); Sasabe (58 km); Naco "
            "(95 km)" in nogales
        )
        assert (
            # Street ZIPs only: El Paso's PO-box ZIPs share a point 16 km east of downtown.
            "Nearest ports of entry (from the city): El Paso (under 10 km); Ysleta (about 10 km); "
            "Santa Teresa (about 30 km)" in el_paso
        )
        assert nogales[-1] == "Placed at ZIP code 85621's point, not the door (within about 5 km)"
        assert el_paso[-1] == (
            "No ZIP code found: placed at its city's median ZIP point (within about 21 km)"
        )
        assert seattle[-1].startswith("No ZIP code found: placed at its city")
    else:
        assert (
            "Puertos más cercanos (desde el código postal 85621): Nogales (5 km); Sasabe (58 km); "
            "Naco (95 km)" in nogales
        )
        assert nogales[-1].startswith("Ubicado en el punto del código postal 85621")
        assert "El Paso (menos de 10 km); Ysleta (unos 10 km)" in " ".join(el_paso)
        assert el_paso[-1].startswith("Sin código postal: ubicado en la mediana de los códigos")
        assert el_paso[-1].endswith("(a unos 21 km o menos)")
        assert seattle[-1].startswith("Sin código postal")
    for office, popup in (("Nogales", nogales), ("El Paso", el_paso)):
        facts = _facts(offices.loc[office], lang)
        ports = next(line for line in popup if line.startswith(("Nearest", "Puertos")))
        assert ports in facts  # the same rounded figures, from the same placement


@pytest.mark.skipif(not REFERENCE.is_file(), reason=f"no reference table at {REFERENCE}")
def test_bundled_addresses_are_the_reference_table():
    def cells(path):
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))

    bundled = geo.settings.data_dir / "indicators" / "mx_consulate_addresses.csv"
    assert cells(bundled) == cells(REFERENCE)


def test_an_edited_address_table_is_an_error(data_copy):
    path = data_copy / "indicators" / "mx_consulate_addresses.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:50]) + "\n", encoding="utf-8")
    with pytest.raises(geo.DataError, match=r"49 rows where the bundled table has 53"):
        geo.load_indicator("mx_consulate_addresses")


def test_the_layer_says_how_its_offices_are_placed(offices):
    assert "19 of 53 offices are at their address's ZIP code point" in offices.attrs["caveat"]
    assert "19 de 53 oficinas están en el punto del código postal" in offices.attrs["caveat_es"]
    assert "within about 5 to 29 km" in offices.attrs["caveat"]


def test_the_kind_of_office_is_written_in_the_page_language(tmp_path):
    from geo._describe import office_type
    from geo.briefs import render_brief

    assert office_type("consulado general", "en") == "consulate general"
    assert office_type("consulado general", "es") == "consulado general"
    english = render_brief("Phoenix", tmp_path)[0].read_text(encoding="utf-8")
    spanish = render_brief("Phoenix", tmp_path, lang="es")[0].read_text(encoding="utf-8")
    assert "(consulate general)" in english and "consulado general" not in english
    assert "(consulado general)" in spanish


def test_a_brief_frames_its_office_without_hiding_what_lies_under_it(tmp_path):
    import matplotlib.colors as mcolors
    import numpy as np
    from test_layout import brief_figure

    fig = brief_figure("El Paso", "en", tmp_path)
    red, green = mcolors.to_rgba("#d7301f"), mcolors.to_rgba("#1b7837")
    collections = fig.axes[0].collections
    office = [
        c for c in collections if len(c.get_edgecolor()) and tuple(c.get_edgecolor()[0]) == red
    ]
    assert len(office) == 1 and office[0].get_facecolor()[:, 3].max() == 0  # hollow
    ((x, y),) = office[0].get_offsets()
    offices = [
        c for c in collections if len(c.get_facecolor()) and tuple(c.get_facecolor()[0]) == green
    ]
    under = [np.isclose(c.get_offsets(), (x, y)).all(axis=1).any() for c in offices]
    assert any(under)  # the green office marker, drawn under the red frame
    assert office[0].get_zorder() > max(c.get_zorder() for c in offices)

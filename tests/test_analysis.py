"""Port links, border relations, bands and corridors, checked against independent figures."""

import json

import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely

import geo
from geo import analysis, settings

GEOD = pyproj.Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def links():
    return geo.link_ports()


def test_port_links_agree_with_the_ports_table(links):
    table = geo.load_indicator("ports").set_index("port_code")
    by = links.set_index("port_code")
    assert len(links) == 28
    assert (by["usps"] == table.loc[by.index, "usps"]).all()
    assert (by["cve_ent"] == table.loc[by.index, "mx_cve_ent"]).all()
    # Each port is on or next to both sides; Brownsville's office is 5.4 km from the
    # simplified river line, so the default tolerance is 10 km.
    assert links[["us_distance_m", "mx_distance_m"]].max().max() < 10_000
    assert (links[["us_distance_m", "mx_distance_m"]].min(axis=1) == 0).all()


def test_a_tight_tolerance_is_an_error_not_a_drop():
    with pytest.raises(
        geo.DataError, match=r"ports \['2503', '2301'\] have no Mexican state within 1000 m"
    ):
        geo.link_ports(tolerance_m=1_000)


def test_geodesic_distance_matches_pyproj():
    el_paso = geo.port_layer().set_index("port_code").loc[["2402"]].geometry
    chihuahua_city = shapely.Point(-106.0691, 28.6353)
    # Distance to a point is the geodesic between the two points.
    metres = analysis.geodesic_distance(el_paso, chihuahua_city)[0]
    _, _, expected = GEOD.inv(el_paso.x.iloc[0], el_paso.y.iloc[0], -106.0691, 28.6353)
    assert metres == pytest.approx(expected, rel=1e-9)


def test_shared_border_lengths_add_up():
    pairs = geo.border_pairs()
    report = json.loads((settings.data_dir / "boundaries" / "build_report.json").read_text())
    border = geo.load_border().geometry.item()
    assert pairs["shared_border_km"].sum() == pytest.approx(
        report["clean"]["border_length_km"], abs=0.5
    )
    assert pairs["drawn_border_km"].sum() == pytest.approx(
        GEOD.geometry_length(border) / 1000, abs=0.5
    )
    assert set(pairs["usps"]) == {"CA", "AZ", "NM", "TX"}
    assert len(pairs) == 9


def test_mx_border_relations():
    mx = geo.mx_border_relations().set_index("abbrev")
    assert mx.at["SON", "us_states"] == "AZ; NM"
    assert mx.at["BC", "us_states"] == "AZ; CA"
    assert mx.at["TAMPS", "ports"] == "2301; 2304; 2305; 2307; 2309; 2310"
    assert pd.isna(mx.at["NL", "ports"]) and mx.at["NL", "shared_border_km"] == 19.0
    assert mx.at["NL", "nearest_port_km"] > 0  # Nuevo León has no port of its own
    # Ports sit on the real border, the drawn one is simplified at 1 km: at most 1 km off.
    assert (mx.loc[["BC", "SON", "CHIH", "COAH", "TAMPS"], "nearest_port_km"] < 1).all()
    assert mx.at["YUC", "nearest_port_km"] > 500
    assert mx["shared_border_km"].sum() == pytest.approx(
        geo.border_pairs()["shared_border_km"].sum()
    )


def test_us_border_relations():
    us = geo.us_border_relations().set_index("usps")
    assert (us.loc[["CA", "AZ", "NM", "TX"], "border_distance_km"] == 0).all()
    assert (us.drop(index=["CA", "AZ", "NM", "TX"])["border_distance_km"] > 0).all()
    assert us.at["TX", "mx_states"] == "05; 08; 19; 28"
    # Nevada's nearest corner to the border: between 200 and 300 km.
    assert 200 < us.at["NV", "border_distance_km"] < 300
    assert us.at["TX", "ports"].count(";") == 12  # 13 Texas ports


def test_border_bands():
    bands = geo.border_bands((50, 100))
    assert list(bands["distance_km"]) == [50, 50, 100, 100]
    assert list(bands["iso_a3"]) == ["MEX", "USA", "MEX", "USA"]
    # A band is about twice its width times the border length, less coasts and overlaps.
    total_50 = bands.loc[bands["distance_km"] == 50, "area_km2"].sum()
    assert 0.8 * 2 * 50 * 3_000 < total_50 < 1.1 * 2 * 50 * 3_100
    with pytest.raises(geo.OptionError, match=r"distances_km: 0 is out of range; allowed: 0.1"):
        geo.border_bands([0])
    with pytest.raises(geo.OptionError, match=r"distances_km: '50' must be a list of km"):
        geo.border_bands("50")


def test_band_shares():
    shares = geo.band_shares((50, 250)).set_index(["country", "key"])
    for column in ("share_50km", "share_250km"):
        assert shares[column].between(0, 1).all()
    assert (shares["share_250km"] >= shares["share_50km"]).all()
    # Far states are entirely outside; a small state near the border is entirely inside.
    assert shares.at[("us", "ME"), "share_250km"] == 0
    assert shares.at[("mx", "09"), "share_250km"] == 0
    assert shares.loc[("us", "TX"), "share_50km"] > 0
    # Independent check: the share of Sonora inside 100 km from a fresh shapely computation.
    son = geo.load_mx_states().set_index("cve_ent").to_crs(settings.distance_crs).loc["26"]
    line = geo.load_border().to_crs(settings.distance_crs).geometry.item()
    inside = son.geometry.intersection(line.buffer(100_000, quad_segs=16))
    own = geo.band_shares((100,)).set_index(["country", "key"]).at[("mx", "26"), "share_100km"]
    ratio = inside.area / son.geometry.area  # conformal CRS: area ratio close to equal-area one
    assert own == pytest.approx(ratio, abs=0.01)


def test_band_share_is_one_for_a_state_inside():
    shares = geo.band_shares((2_000,)).set_index(["country", "key"])
    assert shares.at[("mx", "26"), "share_2000km"] == pytest.approx(1.0)
    assert shares.at[("us", "NM"), "share_2000km"] == pytest.approx(1.0)


def test_corridors():
    table = geo.corridors(period=2023)
    assert len(table) == 28 and table["port_code"].is_unique
    by = table.set_index("port_code")
    el_paso = by.loc["2402"]
    assert el_paso["usps"] == "TX" and el_paso["grade"] == "F"
    assert el_paso["cve_ent"] == "08" and el_paso["mx_state"] == "Chihuahua"
    assert el_paso["mx_city"] == "Ciudad Juárez" and el_paso["trucks"] == 89_772
    homicides = geo.homicide_layer(year=2024).set_index("cve_ent")
    assert el_paso["homicide_rate_per_100k"] == homicides.at["08", "rate_per_100k"]
    dealers = geo.dealer_layer().set_index("usps")
    assert by.loc["2504", "licensees_per_100k"] == dealers.at["CA", "licensees_per_100k"]
    assert by.loc["2504", "grade"] == "A"
    assert by.loc["2604", "trucks"] == 381_969  # Nogales: BTS has every port's complete year
    assert pd.isna(
        geo.corridors(period=2023, source="cbp").set_index("port_code").at["2604", "trucks"]
    )
    assert len(table.attrs["sources"]) == 4
    assert np.isin(["port_code", "usps", "cve_ent"], table.columns).all()

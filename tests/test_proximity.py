"""Distances to the border and the ports, dealers by border band, the ports across the line."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely

import geo
from geo import analysis, proximity
from geo.proximity import across_the_line, border_distance, dealers_by_band

GEOD = pyproj.Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def counties():
    return border_distance(geo.load_us_counties()).set_index("fips")


@pytest.fixture(scope="module")
def municipios():
    return border_distance(geo.load_mx_municipios()).set_index("cvegeo")


def test_geodesic_distance_moved_and_still_in_analysis():
    assert analysis.geodesic_distance is proximity.geodesic_distance


def test_el_paso_county_is_on_the_border_with_a_texas_port(counties):
    el_paso = counties.loc["48141"]
    assert el_paso["border_km"] == 0
    assert el_paso["nearest_port_usps"] == "TX"
    assert el_paso["nearest_port"] in {"2402", "2401", "2404"}  # El Paso, Ysleta, Tornillo
    assert el_paso["nearest_port_km"] == 0  # the port point lies in the county
    assert counties.loc["06073", "nearest_port_usps"] == "CA"  # San Diego
    assert counties.loc["36061", "border_km"] > 2500  # New York County
    assert counties["border_km"].notna().all() and (counties["border_km"] >= 0).all()
    assert (counties["border_km"] == 0).sum() == 23  # the 23 US border counties


def test_juarez_is_on_the_border_next_to_ports_of_two_states(municipios):
    juarez = municipios.loc["08037"]
    assert juarez["border_km"] == 0
    # Santa Teresa (NM, at San Jerónimo inside the municipio) is 6 m from the polygon and
    # El Paso (TX) 10 m: both on the line, within the simplified border's precision.
    assert juarez["nearest_port"] == "2408" and juarez["nearest_port_usps"] == "NM"
    assert juarez["nearest_port_km"] < 0.05
    el_paso = proximity.port_points().set_index("port_code").loc[["2402"]].geometry
    assert proximity.geodesic_distance(el_paso, juarez.geometry)[0] < 50
    assert municipios.loc["02004", "nearest_port_name"] == "San Ysidro"  # Tijuana
    assert (municipios["border_km"] == 0).sum() == 38  # the 38 Mexican border municipios


def test_a_yucatan_municipio_is_over_1000_km_away(municipios):
    chemax = municipios.loc["31019"]
    assert chemax["name"] == "Chemax" and 1000 < chemax["border_km"] < 1200
    assert chemax["nearest_port_km"] > chemax["border_km"]
    assert municipios.loc["31050", "border_km"] == pytest.approx(919, abs=5)  # Mérida


def test_points_in_any_crs_and_the_distance_to_a_port_is_the_geodesic():
    chihuahua = (-106.0691, 28.6353)
    points = gpd.GeoDataFrame(
        {"place": ["Chihuahua", "San Ysidro port"]},
        geometry=[shapely.Point(chihuahua), shapely.Point(-117.028761, 32.542528)],
        crs="EPSG:4326",
    )
    out = border_distance(points)
    assert list(out.columns[:2]) == ["place", "geometry"] and out.crs == points.crs
    ports = proximity.port_points().set_index("port_code")
    nearest = ports.loc[out.at[0, "nearest_port"]].geometry
    _, _, metres = GEOD.inv(*chihuahua, nearest.x, nearest.y)
    assert out.at[0, "nearest_port_km"] == pytest.approx(metres / 1000, rel=1e-9)
    # no port is nearer than the one found (checked one by one, geodesically)
    every = [GEOD.inv(*chihuahua, p.x, p.y)[2] for p in ports.geometry]
    assert metres == pytest.approx(min(every), rel=1e-9)
    assert out.at[1, "nearest_port"] == "2504" and out.at[1, "nearest_port_km"] == 0
    border = geo.load_border().geometry.iloc[0]
    line = proximity.geodesic_distance(points.geometry, border) / 1000
    assert out["border_km"].to_numpy() == pytest.approx(line)
    assert 150 < out.at[0, "border_km"] < out.at[0, "nearest_port_km"]
    again = border_distance(points.to_crs("EPSG:3857"))
    assert again.crs == "EPSG:3857"
    assert again["border_km"].to_numpy() == pytest.approx(out["border_km"].to_numpy(), abs=1e-3)
    assert list(again["nearest_port"]) == list(out["nearest_port"])


def test_an_empty_geometry_has_no_distance_and_no_port():
    points = gpd.GeoDataFrame(
        geometry=[shapely.Point(-106.0, 28.6), shapely.Point(), None], crs="EPSG:4326"
    )
    out = border_distance(points)
    assert out["border_km"].notna().tolist() == [True, False, False]
    assert out["nearest_port"].isna().tolist() == [False, True, True]


def test_a_missing_crs_is_a_data_error():
    points = gpd.GeoDataFrame(geometry=[shapely.Point(-106.0, 28.6)])
    with pytest.raises(geo.DataError, match=r"gdf: the GeoDataFrame has no CRS"):
        border_distance(points)
    with pytest.raises(geo.DataError, match=r"not a GeoDataFrame"):
        border_distance(pd.DataFrame({"x": [1]}))
    with pytest.raises(geo.DataError, match=r"ports: missing column\(s\) \['port_name', 'usps'"):
        border_distance(points.set_crs(4326), ports=pd.DataFrame({"port_code": ["1"]}))


def _county_total(year):
    ffl = geo.load_indicator("us_ffl_by_county")
    return int(ffl.loc[ffl["year"] == year, "licensees"].sum())


@pytest.mark.parametrize("year", [2023, 2010])
def test_dealers_by_band_add_up_to_the_county_total(year):
    table = dealers_by_band(year=year)
    assert list(table["band"]) == [
        "0\u201350 km",
        "50\u2013100 km",
        "100\u2013250 km",
        "over 250 km",
    ]
    assert int(table["licensees"].sum()) == _county_total(year)
    assert table["counties"].sum() == 3142
    area = geo.load_us_counties()["area_km2"].astype(float).sum()
    assert table["area_km2"].sum() == pytest.approx(area, abs=1)
    first = table.iloc[0]
    assert first["counties"] >= 23  # at least the counties on the line
    if year == 2023:
        assert table.attrs["population_year"] is None and table["population"].isna().all()
        assert table["counties_no_figure"].sum() == 0
        assert first["licensees_per_1000km2"] == pytest.approx(
            first["licensees"] / first["area_km2"] * 1000
        )
    else:  # 2010: Miami-Dade, DC and parts of Alaska have no figure, never a 0
        assert table.attrs["population_year"] == 2010
        assert table["counties_no_figure"].sum() > 0
        assert table["population"].sum() == pytest.approx(303_965_272, rel=1e-9)
        assert table["licensees_per_100k"].notna().all()


def test_dealers_by_band_with_other_bands():
    table = dealers_by_band(year=2015, bands_km=[25, 500])
    assert list(table["band"]) == ["0\u201325 km", "25\u2013500 km", "over 500 km"]
    assert list(table["from_km"]) == [0, 25, 500] and np.isnan(table["to_km"].iloc[-1])
    assert int(table["licensees"].sum()) == _county_total(2015)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": 2002}, r"year: 2002 is not allowed; a whole number 2003-2023"),
        ({"year": 2024}, r"year: 2024 is not allowed"),
        ({"year": "2023"}, r"year: '2023' is not allowed"),
        ({"year": 2023.0}, r"year: 2023.0 is not allowed"),
        ({"bands_km": []}, r"bands_km: \[\] must be a list of km, 0.1 to 1000"),
        ({"bands_km": "50"}, r"bands_km: '50' must be a list"),
        ({"bands_km": (100, 50)}, r"bands_km: \(100, 50\) must be different limits in ascending"),
        ({"bands_km": (50, 50)}, r"bands_km: \(50, 50\) must be different"),
        ({"bands_km": (0, 50)}, r"bands_km: 0 is out of range; allowed: 0.1 to 1000"),
        ({"bands_km": (50, 2000)}, r"bands_km: 2000 is out of range"),
    ],
)
def test_dealers_by_band_refuses_bad_options(options, message):
    with pytest.raises(geo.OptionError, match=message):
        dealers_by_band(**options)


def test_across_the_line_links_every_port_to_a_county_and_a_municipio():
    table = across_the_line()
    assert len(table) == 28 and table["port_code"].is_unique
    by = table.set_index("port_code")
    assert by.loc["2504", ["fips", "county", "cvegeo", "municipio"]].tolist() == [
        "06073",
        "San Diego",
        "02004",
        "Tijuana",
    ]
    assert by.loc["2402", "fips"] == "48141" and by.loc["2402", "cvegeo"] == "08037"
    assert by.loc["2304", "cvegeo"] == "28027"  # Laredo -> Nuevo Laredo
    state_fips = {"CA": "06", "AZ": "04", "NM": "35", "TX": "48"}
    assert (table["fips"].str[:2] == table["usps"].map(state_fips)).all()
    assert (table["cvegeo"].str[:2] == table["cve_ent"]).all()
    # ports sit on the line; Brownsville's point is 5.4 km from the simplified river
    assert table[["county_km", "municipio_km"]].max().max() < 6
    assert (table[["county_km", "municipio_km"]].min(axis=1) < 0.5).all()

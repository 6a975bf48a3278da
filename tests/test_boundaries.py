"""Boundaries: counts, keys, CRS, validity, the joint coverage, the border, areas, errors."""

import json
import subprocess
import sys

import numpy as np
import pyproj
import pytest
import shapely

import geo
from geo import settings

GEOD = pyproj.Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def us():
    return geo.load_us_states()


@pytest.fixture(scope="module")
def mx():
    return geo.load_mx_states()


def test_counts_and_keys(us, mx):
    assert len(us) == 51 and len(mx) == 32
    assert us["usps"].is_unique and us["fips"].is_unique and mx["cve_ent"].is_unique
    assert us["fips"].str.fullmatch(r"\d\d").all()
    assert us["usps"].str.fullmatch(r"[A-Z]{2}").all()
    assert list(mx["cve_ent"]) == [f"{i:02d}" for i in range(1, 33)]
    assert "DC" in set(us["usps"]) and "PR" not in set(us["usps"])
    with_pr = geo.load_us_states(territories=True)
    assert len(with_pr) == 52
    assert with_pr.loc[with_pr["usps"] == "PR", "territory"].item()


def test_mexican_names(mx):
    row = mx.set_index("cve_ent").loc
    assert row["05", "name"] == "Coahuila"
    assert row["05", "name_official"] == "Coahuila de Zaragoza"
    assert row["05", "abbrev"] == "COAH"
    assert row["16", "name"] == "Michoacán"
    assert row["30", "name_official"] == "Veracruz de Ignacio de la Llave"
    assert row["09", "name"] == "Ciudad de México"
    assert row["15", "name"] == "México"
    assert mx["abbrev"].is_unique


@pytest.mark.parametrize(
    "loader", [geo.load_us_states, geo.load_mx_states, geo.load_countries, geo.load_border]
)
def test_crs_and_validity(loader):
    gdf = loader()
    assert gdf.crs == "EPSG:4326"
    assert shapely.is_valid(gdf.geometry.values).all()
    assert not gdf.geometry.is_empty.any()


def test_states_of_both_countries_form_one_valid_coverage(us, mx):
    states = np.concatenate([us.geometry.values, mx.geometry.values])
    assert len(states) == 83
    assert shapely.coverage_is_valid(states)
    # The sources leave slivers between the two countries; none is left as a hole near the border.
    border = geo.load_border().geometry.item()
    union = shapely.coverage_union_all(states)
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(union) for ring in part.interiors]
    assert not any(hole.distance(border) < 0.1 for hole in holes)
    # No overlap: the union is exactly as large as the parts.
    projected = shapely.transform(
        states,
        pyproj.Transformer.from_crs(4326, settings.area_crs, always_xy=True).transform,
        interleaved=False,
    )
    union = shapely.coverage_union_all(projected)
    assert union.area == pytest.approx(shapely.area(projected).sum(), rel=1e-9)


def test_outlines_are_the_union_of_the_states(us, mx):
    countries = geo.load_countries().set_index("iso_a3").to_crs(settings.area_crs)
    assert countries.area["USA"] == pytest.approx(us.to_crs(settings.area_crs).area.sum(), rel=1e-9)
    assert countries.area["MEX"] == pytest.approx(mx.to_crs(settings.area_crs).area.sum(), rel=1e-9)


def test_border_is_where_both_countries_meet(us, mx):
    border = geo.load_border().geometry.item()
    assert border.geom_type == "LineString"
    # Every vertex of the border lies on a US state's edge and on a Mexican state's edge.
    points = shapely.points(shapely.get_coordinates(border))
    us_edges = shapely.union_all(us.boundary.values)
    mx_edges = shapely.union_all(mx.boundary.values)
    assert shapely.intersects(points, us_edges).all()
    assert shapely.intersects(points, mx_edges).all()
    # From the Pacific at Tijuana to the Gulf at the mouth of the Rio Grande.
    west, east = sorted([border.coords[0], border.coords[-1]])
    assert west[0] < -117 and 32.4 < west[1] < 32.7
    assert -97.3 < east[0] < -97.0 and 25.8 < east[1] < 26.1
    # IBWC gives 3,145 km along the river's channel; 1 km simplification straightens meanders.
    assert 2_700 < GEOD.geometry_length(border) / 1000 < 3_200


def test_border_states(us, mx):
    line = geo.load_border().geometry.item()
    assert set(us.loc[us.intersects(line), "usps"]) == {"CA", "AZ", "NM", "TX"}
    assert set(mx.loc[mx.intersects(line), "abbrev"]) == {
        "BC",
        "SON",
        "CHIH",
        "COAH",
        "NL",
        "TAMPS",
    }


# Total area (land and inland water) in square miles: US Census Bureau, "State Area Measurements
# and Internal Point Coordinates", 2010 Census. Landlocked states: the cartographic polygons
# include their inland water.
CENSUS_SQMI = {
    "CO": 104_093.67,
    "WY": 97_813.01,
    "KS": 82_278.36,
    "NM": 121_590.30,
    "AZ": 113_990.30,
}
# Surface in km2: INEGI, Cuéntame de México, "Territorio: extensión" (Marco Geoestadístico).
INEGI_KM2 = {"01": 5_616, "08": 247_455, "05": 151_563, "10": 123_451, "32": 75_539, "29": 3_991}


def test_areas_match_official_figures(us, mx):
    us_km2 = us.set_index("usps").to_crs(settings.area_crs).area / 1e6
    mx_km2 = mx.set_index("cve_ent").to_crs(settings.area_crs).area / 1e6
    for usps, sqmi in CENSUS_SQMI.items():
        assert us_km2[usps] == pytest.approx(sqmi * 2.589988, rel=0.01), usps
    for cve, km2 in INEGI_KM2.items():
        assert mx_km2[cve] == pytest.approx(km2, rel=0.01), cve


@pytest.fixture(scope="module")
def counties():
    return geo.load_us_counties(territories=True)


@pytest.fixture(scope="module")
def municipios():
    return geo.load_mx_municipios()


def test_counties_and_municipios_keys(counties, municipios):
    assert len(counties) == 3220 and len(geo.load_us_counties()) == 3142
    assert len(municipios) == 2465
    assert (
        counties["fips"].str[:2]
        == counties["usps"].map(
            dict(
                (usps, fips)
                for fips, usps in zip(
                    geo.load_us_states(territories=True)["fips"],
                    geo.load_us_states(territories=True)["usps"],
                    strict=True,
                )
            )
        )
    ).all()
    assert (municipios["cvegeo"].str[:2] == municipios["cve_ent"]).all()
    row = counties.set_index("fips").loc["35013"]
    assert row["name"] == "Doña Ana" and row["usps"] == "NM"  # UTF-8, not mojibake
    assert municipios.set_index("cvegeo").loc["08037", "name"] == "Juárez"
    # Census 2016 geography: Valdez-Cordova before its 2019 split.
    assert "02261" in set(counties["fips"]) and "02063" not in set(counties["fips"])


@pytest.mark.parametrize(
    ("level", "states", "key"),
    [("counties", "us", "usps"), ("municipios", "mx", "cve_ent")],
)
def test_counties_and_municipios_nest_exactly_in_their_states(level, states, key, request):
    parts = request.getfixturevalue(level)
    parents = request.getfixturevalue(states)
    if level == "counties":
        parents = geo.load_us_states(territories=True)
    assert shapely.is_valid(parts.geometry.values).all()
    assert shapely.coverage_is_valid(parts.geometry.values)
    for code, group in parts.groupby(key):
        parent = parents.loc[parents[key] == code].geometry.item()
        union = shapely.coverage_union_all(group.geometry.values)
        # Same polygon: the union of the parts is the state, vertex for vertex.
        assert shapely.equals(union, parent), code
        assert shapely.symmetric_difference(union, parent).area < 1e-12, code


def test_the_border_is_shared_by_counties_and_municipios(counties, municipios):
    border = geo.load_border().geometry.item()
    both = np.concatenate([counties.geometry.values, municipios.geometry.values])
    assert shapely.coverage_is_valid(both)
    us_side = counties[counties.intersects(border)]
    mx_side = municipios[municipios.intersects(border)]
    assert set(us_side["usps"]) == {"CA", "AZ", "NM", "TX"}
    assert set(mx_side["cve_ent"]) == {"02", "26", "08", "05", "19", "28"}
    # Every vertex of the border is on a county edge and on a municipio edge.
    points = shapely.points(shapely.get_coordinates(border))
    assert shapely.intersects(points, shapely.union_all(us_side.boundary.values)).all()
    assert shapely.intersects(points, shapely.union_all(mx_side.boundary.values)).all()


def test_areas_of_counties_and_municipios(counties, municipios):
    # area_km2 is the unsimplified polygon's area; Census and INEGI print these (km²):
    # El Paso County 2,623 (land 2,623, water 3; Census 2010), Juárez 3,561 (INEGI).
    area = counties.set_index("fips")["area_km2"]
    assert area["48141"] == pytest.approx(2626, rel=0.01)
    assert municipios.set_index("cvegeo").loc["08037", "area_km2"] == pytest.approx(3561, rel=0.02)


def test_build_report_matches_files():
    folder = settings.data_dir / "boundaries"
    report = json.loads((folder / "build_report.json").read_text())
    for name, facts in report["output"]["files"].items():
        assert (folder / name).stat().st_size == facts["bytes"], name
    out = report["output"]
    assert abs(out["worst_area_error_pct"]) < 1.0
    assert max(abs(e) for e in out["area_error_pct"].values()) == abs(out["worst_area_error_pct"])
    # States are unions of counties at 1 km: their shared nodes keep 3 % more vertices.
    assert out["states_geojson_bytes"] < 1_050_000
    assert abs(out["worst_area_vs_state_file_pct"]) < 1.0  # states from counties ~ state files
    assert report["raw"]["coverage_valid"] is False  # the sources overlap; cleaning was needed


def test_loaders_return_independent_copies():
    first = geo.load_mx_states()
    first.loc[0, "name"] = "changed"
    assert geo.load_mx_states().loc[0, "name"] == "Aguascalientes"


def test_import_reads_no_data():
    code = "import geo, geo.boundaries as b; print(b._read.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


# --- bad files -------------------------------------------------------------------------------


def test_missing_file(data_copy):
    (data_copy / "boundaries" / "mx_states.geojson").unlink()
    with pytest.raises(geo.DataError, match=r"mx_states\.geojson: boundary file not found"):
        geo.load_mx_states()


def test_corrupt_file(data_copy):
    path = data_copy / "boundaries" / "us_states.geojson"
    path.write_bytes(path.read_bytes()[:5000])  # cut mid-coordinate, as a failed copy would
    with pytest.raises(geo.DataError, match=r"us_states\.geojson: cannot be read"):
        geo.load_us_states()


def _edit(path, change):
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))


def test_wrong_crs(data_copy):
    path = data_copy / "boundaries" / "mx_states.geojson"
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6372"}}
    _edit(path, lambda d: d.update(crs=crs))
    with pytest.raises(geo.DataError, match="CRS must be EPSG:4326"):
        geo.load_mx_states()


def test_duplicate_key(data_copy):
    path = data_copy / "boundaries" / "mx_states.geojson"
    _edit(path, lambda d: d["features"][1]["properties"].update(cve_ent="01"))
    with pytest.raises(geo.DataError, match=r"'cve_ent' must be unique.*'01'"):
        geo.load_mx_states()


def test_missing_column(data_copy):
    path = data_copy / "boundaries" / "us_states.geojson"
    _edit(path, lambda d: [f["properties"].pop("fips") for f in d["features"]])
    with pytest.raises(geo.DataError, match=r"missing column\(s\) \['fips'\]"):
        geo.load_us_states()


def test_invalid_geometry(data_copy):
    path = data_copy / "boundaries" / "mx_states.geojson"
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    _edit(path, lambda d: d["features"][2].update(geometry=bowtie))
    with pytest.raises(geo.DataError, match=r"invalid geometry for \{'03': 'Self-intersection"):
        geo.load_mx_states()


def test_rebuilt_file_is_read_again(data_copy):
    path = data_copy / "boundaries" / "mx_states.geojson"
    assert geo.load_mx_states().loc[0, "name"] == "Aguascalientes"
    _edit(path, lambda d: d["features"][0]["properties"].update(name="Ags"))
    assert geo.load_mx_states().loc[0, "name"] == "Ags"

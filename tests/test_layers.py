"""The four thematic layers with the bundled, cited figures."""

import pandas as pd
import pytest

import geo
from geo import layers
from geo.indicators import load_indicator

MEASURE_COLUMNS = list(layers.MEASURES.values())


def test_gun_law_layer_2025():
    gdf = layers.gun_law_layer()
    assert len(gdf) == 51 and gdf["usps"].is_unique and gdf.crs == "EPSG:4326"
    assert gdf["grade"].dtype == layers.GRADE_DTYPE and gdf["grade"].cat.ordered
    by = gdf.set_index("usps")
    assert pd.isna(by.at["DC", "grade"])  # not graded, not "F"
    assert by.at["CA", "grade"] == "A" and by.at["CA", "law_strength_rank"] == 1
    assert by.at["TX", "grade"] == "F" and by.at["TX", "law_strength_rank"] == 27
    assert by.at["NY", "grade"] == "A" and by.at["NY", "law_strength_rank"] == 4
    assert by.at["CA", "grade"] < by.at["TX", "grade"]  # ordered: A is better than F
    assert gdf["grade"].notna().sum() == 50
    assert by["sfl_provisions_2020"].dtype == "Int64" and by.at["TX", "sfl_provisions_2020"] == 18
    assert gdf.attrs["edition"] == 2025 and "Giffords" in gdf.attrs["publisher"]
    assert gdf.attrs["url"].startswith("https://giffords.org/")


def test_gun_law_earlier_edition_keeps_missing_ranks_missing():
    gdf = layers.gun_law_layer(edition=2021).set_index("usps")
    assert gdf["grade"].notna().sum() == 50
    # Eight 2021 grades came from a secondary copy without ranks: NA, never 0.
    assert gdf["law_strength_rank"].isna().sum() == 9  # those 8 + DC
    assert pd.isna(gdf.at["TX", "law_strength_rank"]) and gdf.at["TX", "grade"] == "F"
    order = layers.gun_law_layer(edition=2019).set_index("usps")
    assert order["law_strength_order"].notna().sum() == 50
    assert order["law_strength_rank"].isna().all()


def test_dealer_layer_density_is_computed():
    gdf = layers.dealer_layer().set_index("usps")
    assert len(gdf) == 51 and gdf["licensees"].dtype == "Int64"
    assert gdf.at["TX", "licensees"] == 8382 and gdf.at["TX", "population"] == 30_727_890
    assert gdf.at["TX", "licensees_per_100k"] == pytest.approx(8382 / 30_727_890 * 1e5)
    assert gdf.at["WY", "licensees_per_100k"] == pytest.approx(129.7, abs=0.05)  # SOURCES §11
    assert gdf.at["DC", "licensees"] == 4
    assert gdf["licensees"].sum() == 78_787
    assert "manufacturers and importers" in gdf.attrs["caveat"]


@pytest.mark.parametrize("year", [2003, 2009, 2016, 2021, 2022])
def test_dealer_layer_series_divides_by_the_acs_population_of_its_year(year):
    gdf = layers.dealer_layer(year=year).set_index("usps")
    series = geo.load_indicator("us_ffl_by_state_series")
    series = series[series["year"] == year].set_index("usps")["licensees"]
    assert (gdf["licensees"] == series.reindex(gdf.index)).all()  # every state, DC too
    acs = geo.load_indicator("us_county_population")
    acs = acs[(acs["year"] == year) & acs["fips"].str.startswith("56")]  # Wyoming's counties
    if 2009 <= year <= 2021:
        assert gdf.at["WY", "population"] == acs["population"].sum() > 500_000
        assert gdf.at["WY", "licensees_per_100k"] == pytest.approx(
            series["WY"] / acs["population"].sum() * 100_000
        )
        assert "ACS" in gdf.attrs["publisher"]
    else:  # no ACS 5-year estimate: counts, no rate
        assert acs.empty and gdf["population"].isna().all()
        assert gdf["licensees_per_100k"].isna().all() and gdf["licensees"].notna().all()
    assert gdf.attrs["year"] == str(year)


@pytest.mark.parametrize("year", layers.HOMICIDE_YEARS)
def test_homicide_rate_matches_the_published_rate(year):
    gdf = layers.homicide_layer(year=year)
    assert len(gdf) == 32 and list(gdf["cve_ent"]) == [f"{i:02d}" for i in range(1, 33)]
    table = load_indicator("mx_homicides")
    published = table[(table["year"] == year) & (table["cve_ent"] != "00")].set_index("cve_ent")
    mine = gdf.set_index("cve_ent")["rate_per_100k"]
    usable = published["rate_per_100k"].notna()
    assert (mine[usable] - published.loc[usable, "rate_per_100k"]).abs().max() <= 0.005
    # The 32 states add up to the national row of the source.
    national = table[(table["year"] == year) & (table["cve_ent"] == "00")]["homicides"].item()
    if year != 2015:
        assert gdf["homicides"].sum() == national


def test_oaxaca_2015_is_no_data():
    gdf = layers.homicide_layer(year=2015).set_index("cve_ent")
    assert pd.isna(gdf.at["20", "homicides"]) and pd.isna(gdf.at["20", "rate_per_100k"])
    assert gdf["rate_per_100k"].notna().sum() == 31
    assert "INCOMPLETE" in gdf.at["20", "notes"]


def test_homicide_layer_2024_figures():
    gdf = layers.homicide_layer().set_index("abbrev")
    assert gdf.at["COL", "rate_per_100k"] == gdf["rate_per_100k"].max()
    assert gdf.at["BCS", "firearm_share_lower_bound"]
    assert not gdf.at["AGS", "firearm_share_lower_bound"]
    assert gdf["homicides"].dtype == "Int64" and gdf["rate_per_100k"].dtype == "Float64"


def test_port_layer_every_port_from_bts():
    gdf = layers.port_layer(period=2023)
    assert len(gdf) == 28 and gdf["port_code"].is_unique
    assert set(gdf.geom_type) == {"Point"} and gdf.crs == "EPSG:4326"
    assert gdf.attrs["publisher"].startswith("U.S. Bureau of Transportation Statistics")
    by = gdf.set_index("port_code")
    # Independent figures (reference SOURCES): Smart Border Coalition, City of Douglas.
    assert by.at["2504", "personal_vehicles"] == 15_845_661  # San Ysidro
    assert by.at["2601", "trucks"] == 27_272 and by.at["2601", "pedestrians"] == 776_065
    assert by.at["2402", "trucks"] == 89_772  # El Paso, as in CBP's series
    # Boquillas 2023 has 9 months: no figure, not a sum of nine; San Ysidro: no trucks.
    assert by.loc["2410", MEASURE_COLUMNS].isna().all() and pd.isna(by.at["2410", "none_reported"])
    assert pd.isna(by.at["2504", "trucks"]) and "trucks" in by.at["2504", "none_reported"]
    assert by["personal_vehicles"].notna().sum() == 26  # and Cross Border Xpress: pedestrians
    calexico = by.loc["2503", "geometry"]
    assert (round(calexico.x, 5), round(calexico.y, 5)) == (-115.49806, 32.67889)


def test_port_layer_cbp_series_by_name():
    by = layers.port_layer(period=2023, source="cbp").set_index("port_code")
    assert by.at["2402", "trucks"] == 89_772  # El Paso 2023, cross-checked in SOURCES §13
    # California and Arizona ports have no complete 2023 in this series: missing, not 0.
    assert pd.isna(by.at["2506", "personal_vehicles"]) and pd.isna(by.at["2604", "trucks"])
    assert by["personal_vehicles"].notna().sum() == 14
    month = layers.port_layer(period="2024-01", source="cbp").set_index("port_code")
    assert month.at["2504", "personal_vehicles"] == 1_240_727
    assert "CBP" in layers.port_layer(source="cbp").attrs["title"]


def test_a_year_with_fewer_than_12_months_is_never_annual():
    bts = geo.load_indicator("port_volumes_bts")
    partial = bts[bts["months_present"] < 12]
    assert len(partial) > 100
    for _, row in partial.sample(40, random_state=1).iterrows():
        year = layers.port_layer(period=int(row["year"])).set_index("port_code")
        column = layers.MEASURES[row["measure"]]
        assert pd.isna(year.at[row["port_code"], column])


def test_ports_sit_on_the_border():
    line = geo.load_border().to_crs(geo.settings.area_crs).geometry.item()
    ports = layers.port_layer().to_crs(geo.settings.area_crs)
    distance = ports.distance(line)  # metres
    # BTS points are port offices; Brownsville's sits 5.4 km from the simplified river line.
    assert distance.max() < 10_000 and distance.median() < 200


def test_every_state_once_and_geometry_shared_with_boundaries():
    us = geo.load_us_states()
    for gdf in (layers.gun_law_layer(), layers.dealer_layer()):
        assert list(gdf["usps"]) == list(us["usps"])
        assert gdf.geometry.geom_equals(us.geometry).all()
    mx = geo.load_mx_states()
    assert layers.homicide_layer().geometry.geom_equals(mx.geometry).all()


def test_user_tables_from_real_world_files(fixtures):
    gdf = layers.homicide_layer(table=fixtures / "sesnsp_2024_cp1252.csv").set_index("abbrev")
    assert gdf["homicides"].notna().sum() == 8 and gdf["homicides"].isna().sum() == 24
    assert gdf.at["MICH", "homicides"] == 1508 and gdf.at["MEX", "population"] == 17_616_018
    bundled = layers.homicide_layer().set_index("abbrev")
    assert gdf.at["VER", "rate_per_100k"] == pytest.approx(bundled.at["VER", "rate_per_100k"])
    assert gdf.attrs["publisher"] == "user table"
    dealers = layers.dealer_layer(table=fixtures / "ffl_border_states_bom.tsv").set_index("usps")
    assert dealers.loc[["TX", "AZ", "NM", "CA"], "licensees"].tolist() == [8382, 2562, 720, 2522]
    assert dealers.at["TX", "population"] == 30_727_890  # bundled Census 2023
    assert dealers["licensees"].isna().sum() == 47


def test_user_dataframe_with_names_and_population():
    table = pd.DataFrame(
        {
            "Estado": ["CDMX", "Edomex"],
            "homicides": [985, 2334],
            "population": [9_204_018, 17_616_018],
        }
    )
    gdf = layers.homicide_layer(table=table).set_index("cve_ent")
    assert gdf.at["09", "rate_per_100k"] == pytest.approx(985 / 9_204_018 * 1e5)
    grades = pd.DataFrame({"state": ["Texas", "California"], "grade": ["f", " A "]})
    gdf = layers.gun_law_layer(table=grades).set_index("usps")
    assert list(gdf.loc[["TX", "CA"], "grade"]) == ["F", "A"]
    assert gdf["grade"].isna().sum() == 49


def test_hostile_strings_are_carried_as_data():
    hostile = "<script>alert('x')</script>" + "ñ" * 5000
    table = pd.DataFrame({"usps": ["TX"], "grade": ["F"]})
    gdf = layers.gun_law_layer(table=table)
    assert gdf.attrs["title"] == "user DataFrame"
    ports = pd.DataFrame(
        {
            "port_code": ["9999"],
            "port_name": [hostile],
            "latitude": ["31.0"],
            "longitude": ["-106.0"],
            "pedestrians": ["12"],
        }
    )
    gdf = layers.port_layer(table=ports, period=2023).set_index("port_code")
    assert gdf.at["9999", "port_name"] == hostile  # unchanged, escaped only when rendered
    assert gdf.at["9999", "pedestrians"] == 12 and len(gdf) == 29


def test_bts_file_to_port_layer(fixtures):
    volumes = geo.read_bts_crossings(fixtures / "bts_crossings_sample.csv", year=2019)
    # The San Ysidro 2019 totals of the BTS rows, as in data/indicators/port_volumes_annual.csv.
    assert volumes.attrs["period"] == "2019-01..2019-12" and not volumes.attrs["incomplete"]
    gdf = geo.port_layer(table=volumes).set_index("port_code")
    bundled = geo.port_layer(period=2019, source="cbp").set_index("port_code")
    for measure in ("personal_vehicles", "personal_vehicle_passengers", "pedestrians"):
        assert gdf.at["2504", measure] == bundled.at["2504", measure]
    assert gdf.drop(index="2504")["pedestrians"].isna().all()
    january = geo.read_bts_crossings(fixtures / "bts_crossings_sample.csv", year=2024, months=[1])
    month = geo.port_layer(table=january).set_index("port_code")
    reference = geo.port_layer(period="2024-01", source="cbp").set_index("port_code")
    for code in ("2504", "2506", "2304", "2402"):
        assert month.at[code, "personal_vehicles"] == reference.at[code, "personal_vehicles"]

"""County and municipio layers, the border zone and the border-zone map."""

import re

import pandas as pd
import pytest
from test_local_data import FFL_SUMS

import geo
from geo import layers, local, web
from geo.errors import DataError, OptionError
from geo.recipes import find_recipe, load_recipe, map_spec
from geo.scene import build_scene
from geo.spec import MapSpec


@pytest.fixture(scope="module")
def counties_2023():
    return local.county_dealer_layer(year=2023).set_index("fips")


@pytest.mark.parametrize("year", local.COUNTY_YEARS)
def test_county_sums_fall_short_of_the_states_by_the_unplaced_licensees(year):
    counties = local.county_dealer_layer(year=year)
    states = layers.dealer_layer(year=year)
    state_total, county_total = FFL_SUMS[year]  # the reference's check table
    assert states["licensees"].sum() == state_total
    # Blank cells (a matching failure in the source) stay NA: they are never counted as 0.
    assert counties["licensees"].sum() == county_total
    if year == 2023:
        assert county_total == state_total
        assert counties["licensees"].notna().all()


def test_counties_of_other_vintages_are_counted_in_their_2016_polygon(counties_2023):
    table = geo.load_indicator("us_ffl_by_county")
    table = table[table["year"] == 2023].set_index("fips")["licensees"]
    # Valdez-Cordova, split in 2019 into Chugach and Copper River.
    assert counties_2023.at["02261", "licensees"] == table["02063"] + table["02066"] == 17
    assert "02063 counted in 02261" in counties_2023.attrs["unmatched"]
    assert len(counties_2023) == 3142


def test_county_densities(counties_2023):
    el_paso = counties_2023.loc["48141"]
    assert el_paso["licensees_per_1000km2"] == pytest.approx(
        el_paso["licensees"] / el_paso["area_km2"] * 1000
    )
    # 2023 has no ACS population: no rate per resident, said so.
    assert counties_2023["licensees_per_100k"].isna().all()
    assert "no ACS population" in counties_2023.attrs["population_note"]
    assert "ACS" not in counties_2023.attrs["short"]
    year2015 = local.county_dealer_layer(year=2015).set_index("fips")
    acs = geo.load_indicator("us_county_population")
    people = acs[(acs["year"] == 2015) & (acs["fips"] == "48141")]["population"].item()
    assert year2015.at["48141", "licensees_per_100k"] == pytest.approx(
        year2015.at["48141", "licensees"] / people * 100_000
    )
    assert year2015.attrs["population_note"] == "ACS 5-year estimates 2011-2015"


def test_municipal_rate_is_the_mean_of_the_years_on_the_2020_census():
    gdf = local.municipal_homicide_layer().set_index("cvegeo")
    deaths = geo.load_indicator("mx_homicides_by_municipio")
    juarez = deaths[(deaths["cvegeo"] == "08037") & deaths["year"].between(2019, 2021)]
    people = geo.load_indicator("mx_municipio_population").set_index("cvegeo")
    mean = juarez["homicides"].sum() / 3
    assert gdf.at["08037", "homicides"] == pytest.approx(mean)
    assert gdf.at["08037", "rate_per_100k"] == pytest.approx(
        mean / people.at["08037", "population_2020"] * 100_000
    )
    assert "2019-2021" in gdf.attrs["rate_note"] and "Census 2020" in gdf.attrs["rate_note"]
    # Codes with homicides and no polygon are listed, not dropped.
    assert "02006 has no polygon" in gdf.attrs["unmatched"]
    assert "02007 has no polygon" in gdf.attrs["unmatched"]


def test_municipal_years_before_a_municipio_existed_are_no_data():
    gdf = local.municipal_homicide_layer(period=2005).set_index("cvegeo")
    assert pd.isna(gdf.at["23009", "homicides"])  # Tulum: a municipio from 2008
    assert gdf.at["08037", "homicides"] >= 0 and gdf["rate_per_100k"].isna().all()
    assert "no rate" in gdf.attrs["rate_note"]
    later = local.municipal_homicide_layer(period=2010).set_index("cvegeo")
    assert later.at["23009", "homicides"] >= 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: local.county_dealer_layer(year=2002), "county dealer year 2002"),
        (lambda: local.county_dealer_layer(year=True), "county dealer year True"),
        (lambda: local.municipal_homicide_layer(period="2019"), "municipal homicide period"),
        (lambda: local.municipal_homicide_layer(period=2022), "available"),
    ],
)
def test_unknown_years_are_errors(call, message):
    with pytest.raises(DataError, match=message):
        call()


def test_zone_keeps_the_places_within_the_distance():
    def places(km):
        scene = build_scene(
            MapSpec(layers_shown=("us-county-dealers", "mx-municipal-homicides"), zone_km=km)
        )
        return (
            set(scene.layers["us-county-dealers"].gdf["fips"]),
            set(scene.layers["mx-municipal-homicides"].gdf["cvegeo"]),
        )

    near_us, near_mx = places(100)
    far_us, far_mx = places(250)
    assert near_us < far_us and near_mx < far_mx
    assert {"48141", "06073", "04019"} <= near_us  # El Paso, San Diego, Pima
    assert {"08037", "02004"} <= near_mx  # Juárez, Tijuana
    assert "19039" in far_mx - near_mx  # Monterrey: about 150 km from the line
    assert "48201" not in far_us  # Harris County (Houston)
    every = build_scene(MapSpec(layers_shown=("us-county-dealers",)))
    assert len(every.layers["us-county-dealers"].gdf) == 3142


@pytest.mark.parametrize("bad", [0, -5, 1001, "250", True, float("nan")])
def test_zone_must_be_a_distance(bad):
    with pytest.raises(OptionError, match="zone_km"):
        MapSpec(zone_km=bad)


def test_border_zone_recipe_renders_small_and_in_both_languages(tmp_path):
    recipe = load_recipe(find_recipe("border-zone"))
    assert recipe.zone_km == 250
    for lang in ("en", "es"):
        m = web.draw_atlas(build_scene(map_spec(recipe, lang=lang)))
        path = web.write_html(m, tmp_path / f"border-zone.{lang}.html", self_contained=True)
        page = path.read_text(encoding="utf-8")
        assert path.stat().st_size < 1_500_000
        title = {"en": "US counties: gun dealers per 1,000 km", "es": "Condados de EE. UU.: armer"}
        assert title[lang] in page and "Juárez" in page
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"(https?:)?//", page)


def test_codes_of_the_tables_and_the_geometry_that_do_not_match():
    counties = set(geo.load_us_counties()["fips"])
    municipios = set(geo.load_mx_municipios()["cvegeo"])
    ffl = set(geo.load_indicator("us_ffl_by_county")["fips"])
    acs = set(geo.load_indicator("us_county_population")["fips"])
    homicides = set(geo.load_indicator("mx_homicides_by_municipio")["cvegeo"])
    people = set(geo.load_indicator("mx_municipio_population")["cvegeo"])
    # Each code without a polygon is one the layers place in its 2016 polygon, or list.
    assert ffl - counties == {"02063", "02066"}
    assert acs - counties == {"02063", "02066", "02270", "46113", "51515"}
    assert set(local.TO_2016_COUNTIES) == (ffl | acs) - counties
    assert counties - ffl == {"02261"}  # Valdez-Cordova: its two successors' sum
    assert homicides - municipios == {"02006", "02007"}  # San Quintín, San Felipe
    assert people - municipios == {
        "02006", "02007", "04012", "04013", "07125", "12082", "12083", "12084", "12085",
        "17036", "24059", "25019", "25020",
    }  # fmt: skip
    assert municipios <= homicides and municipios <= people

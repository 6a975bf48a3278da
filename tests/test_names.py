"""The one name matcher: real aliases, codes, hostile input, clear errors."""

import pandas as pd
import pytest

import geo
from geo.names import fold_name


@pytest.mark.parametrize(
    ("value", "country", "key"),
    [
        ("Coahuila de Zaragoza", "mx", "05"),
        ("COAHUILA", "mx", "05"),
        ("Michoacán de Ocampo", "mx", "16"),
        ("Michoacan", "mx", "16"),
        ("Veracruz de Ignacio de la Llave", "mx", "30"),
        ("Veracruz-Llave", "mx", "30"),
        ("Ciudad de México", "mx", "09"),
        ("CDMX", "mx", "09"),
        ("Distrito Federal", "mx", "09"),
        ("D.F.", "mx", "09"),
        ("Estado de México", "mx", "15"),
        ("Edomex", "mx", "15"),
        ("México", "mx", "15"),
        ("  nuevo  LEÓN ", "mx", "19"),
        ("Querétaro de Arteaga", "mx", "22"),
        ("TAMPS", "mx", "28"),
        ("Washington, D.C.", "us", "DC"),
        ("Washington DC", "us", "DC"),
        ("D.C.", "us", "DC"),
        ("District of Columbia", "us", "DC"),
        ("Washington", "us", "WA"),
        ("tx", "us", "TX"),
        ("New Mexico", "us", "NM"),
        ("Nuevo México", "us", "NM"),
        ("Carolina del Norte", "us", "NC"),
    ],
)
def test_real_names_and_aliases(value, country, key):
    row = geo.match_states([value]).iloc[0]
    assert (row["country"], row["key"]) == (country, key)


def test_codes_need_a_country_when_they_clash():
    assert list(geo.match_states(["06", 6, 6.0, "6"], country="us")["key"]) == ["CA"] * 4
    assert list(geo.match_states(["06", 6], country="mx")["name"]) == ["Colima"] * 2
    with pytest.raises(geo.UnknownNameError, match=r"'06' could be MX Colima or US California"):
        geo.match_states(["06"])


def test_country_restricts_matching():
    with pytest.raises(geo.UnknownNameError, match="not recognised as a US state"):
        geo.match_states(["Sonora"], country="us")
    with pytest.raises(ValueError, match="country must be"):
        geo.match_states(["Sonora"], country="MX")


def test_result_keeps_the_index_and_order():
    values = pd.Series(["Sonora", "Arizona", "sonora"], index=[10, 20, 30])
    result = geo.match_states(values)
    assert list(result.index) == [10, 20, 30]
    assert list(result["key"]) == ["26", "AZ", "26"]
    assert list(result["name"]) == ["Sonora", "Arizona", "Sonora"]


def test_every_unmatched_value_is_listed_with_suggestions():
    values = ["Texas", "Texsa", "Chihuahau", "Edomx", "Texsa", None, float("nan")]
    with pytest.raises(geo.UnknownNameError) as info:
        geo.match_states(values, where=" in column 'estado' of homicidios.csv")
    err = info.value
    message = str(err)
    assert "5 value(s) not recognised" in message  # None and NaN both count
    assert "in column 'estado' of homicidios.csv" in message
    assert "'Texsa' (closest: Texas" in message
    assert "'Chihuahau' (closest: Chihuahua" in message
    assert "'Edomx' (closest: México" in message
    assert "None (missing or not a name)" in message
    assert "Texas" not in err.unmatched


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '"; DROP TABLE states; --',
        "`rm -rf /`",
        "\x00\x1b[31m",
        "",
        "🙂",
        "Coahuila" * 500,
        "Son\u200bora",
    ],
)
def test_hostile_input_is_reported_not_matched(hostile):
    with pytest.raises(geo.UnknownNameError) as info:
        geo.match_states(["Sonora", hostile])
    assert list(info.value.unmatched) == [hostile]  # the value is kept whole, unchanged
    assert len(str(info.value)) < 400  # a very long value is shortened in the message


def test_non_text_values():
    with pytest.raises(geo.UnknownNameError):
        geo.match_states([True], country="us")
    with pytest.raises(geo.UnknownNameError):
        geo.match_states([7.5], country="mx")


def test_invisible_format_characters_around_a_name_are_folded():
    # A byte-order mark or a bidi mark pasted with a name does not hide it.
    assert list(geo.match_states(["\ufeffSonora", "Sonora\u202e"])["key"]) == ["26", "26"]


def test_fold_name():
    assert fold_name("Michoacán de Ocampo") == "michoacan de ocampo"
    assert fold_name("Washington, D.C.") == "washington dc"
    assert fold_name("  QUINTANA-ROO ") == "quintana roo"


def test_every_boundary_name_matches_itself():
    us = geo.load_us_states(territories=True)
    mx = geo.load_mx_states()
    assert list(geo.match_states(us["name"], country="us")["key"]) == list(us["usps"])
    assert list(geo.match_states(us["fips"], country="us")["key"]) == list(us["usps"])
    for column in ["name", "name_official", "abbrev", "cve_ent"]:
        assert list(geo.match_states(mx[column], country="mx")["key"]) == list(mx["cve_ent"])

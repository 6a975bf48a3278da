"""The county and municipio tables: sums against the state tables, documented gaps, sources.

The figures asserted here are the reference notes' (``../shared/reference/SOURCES.md``, section
"Counties and municipios"). Where the notes are present (a working tree next to ``shared/``) the
tables are also parsed from them and every bundled file is compared with its reference file cell
for cell; in a clean clone those tests are skipped and the literal tables below stand in.
"""

import contextlib
import csv
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geo
from geo._catalogue import MX_STATES, US_STATES, US_TERRITORIES
from geo.indicators import _check_codes, load_indicator

DataError = geo.DataError
REPO = Path(__file__).resolve().parents[1]
# Where tools/build_indicators.py reads the reference by default.
REFERENCE = REPO.parent / "shared" / "reference"
needs_reference = pytest.mark.skipif(
    not (REFERENCE / "SOURCES.md").is_file(),
    reason=f"reference notes not found at {REFERENCE} (a clean clone has no ../shared)",
)
# bundled file -> reference file it is copied from
BUNDLED = {
    "us_ffl_by_county": "us_ffl_by_county.csv",
    "us_ffl_by_state_series": "us_ffl_by_state_series.csv",
    "us_county_population": "us_county_population_acs5.csv",
    "mx_homicides_by_municipio": "mx_homicides_by_municipio.csv",
    "mx_municipio_population": "mx_municipio_population_2020.csv",
}

# Reference SOURCES.md, "Counties and municipios", table "Check: state file vs county file vs
# licence-type file, each year" (lines 1066-1087 when written): year, state file (50 states +
# DC), county file. Its "state - county" column is the difference.
FFL_SUMS = {
    2003: (68_691, 68_430), 2004: (67_652, 67_404), 2005: (66_397, 66_163),
    2006: (63_812, 63_594), 2007: (61_049, 60_838), 2008: (58_994, 58_797),
    2009: (57_980, 57_781), 2010: (58_581, 58_357), 2011: (59_922, 59_691),
    2012: (62_823, 62_587), 2013: (67_344, 67_098), 2014: (72_492, 72_212),
    2015: (74_804, 74_502), 2016: (75_651, 75_347), 2017: (76_894, 76_603),
    2018: (76_989, 76_691), 2019: (76_540, 76_268), 2020: (74_752, 74_514),
    2021: (76_032, 76_008), 2022: (78_507, 78_483), 2023: (78_787, 78_787),
}  # fmt: skip
# Same section, list "189 county cells left empty".
AK_SEVEN = ("02105", "02158", "02195", "02198", "02230", "02275", "02282")
BLANK_CELLS = {
    ("12086", y) for y in range(2003, 2021)
} | {
    ("11001", y) for y in range(2003, 2024) if y not in (2020, 2023)
} | {
    (f, y) for f in ("02063", "02066") for y in range(2003, 2023)
} | {
    (f, y) for f in AK_SEVEN for y in range(2003, 2019)
}  # fmt: skip
# Same section, table "National annual totals", column "this file", 2000..2021.
MX_SUMS = dict(
    zip(
        range(2000, 2022),
        (10_559, 10_153, 9_934, 9_910, 9_327, 9_968, 10_393, 8_837, 14_229, 19_798, 26_045,
         27_330, 25_795, 22_490, 19_562, 20_262, 24_602, 31_712, 34_404, 35_188, 35_555, 33_626),
        strict=True,
    )
)  # fmt: skip
MX_EMPTY_POPULATION = {"02007", "04013", "12082", "12083", "12084", "12085", "24059", "25019",
                       "25020"}  # fmt: skip
US_FIPS = {fips: usps for fips, usps, _ in US_STATES if usps not in US_TERRITORIES}
MX_CVE = {cve for cve, *_ in MX_STATES}


def _number(text):
    return int(text.replace(",", ""))


def _reference_section():
    text = (REFERENCE / "SOURCES.md").read_text(encoding="utf-8")
    start = text.index("## Counties and municipios")
    return text[start : text.index("\n## ", start + 1)]


# --- US: counties against states ---------------------------------------------------------------


def test_county_sums_fall_short_of_the_state_series_by_the_unplaced_licensees():
    county = load_indicator("us_ffl_by_county")
    state = load_indicator("us_ffl_by_state_series")
    by_state = state.groupby("year")["licensees"].sum()
    by_county = county.groupby("year")["licensees"].sum()  # empty cells count nothing
    assert list(by_state.index) == list(FFL_SUMS)
    for year, (state_sum, county_sum) in FFL_SUMS.items():
        assert (by_state[year], by_county[year]) == (state_sum, county_sum), year
    gap = by_state - by_county
    assert gap[2023] == 0 and (gap.loc[2003:2022] > 0).all()
    # No state ever has more licensees in its counties than in its own total.
    per_state = state.set_index(["usps", "year"])["licensees"]
    placed = county.groupby(["usps", "year"])["licensees"].sum().reindex(per_state.index)
    assert (per_state - placed).min() >= 0


def test_2023_counties_add_up_to_every_state_and_to_the_october_2023_listing():
    county = load_indicator("us_ffl_by_county")
    state = load_indicator("us_ffl_by_state_series")
    latest = state[state["year"] == 2023].set_index("usps")["licensees"]
    placed = county[county["year"] == 2023].groupby("usps")["licensees"].sum()
    assert latest.sum() == placed.sum() == 78_787
    assert placed.reindex(latest.index).eq(latest).all()
    ffl = load_indicator("us_ffl")
    october = ffl[ffl["as_of"] == "2023-10"].set_index("usps")["licensees"]
    assert october.reindex(latest.index).astype("Int64").eq(latest).all()


def test_the_189_empty_county_cells_are_exactly_the_documented_ones():
    county = load_indicator("us_ffl_by_county")
    empty = county[county["licensees"].isna()]
    assert len(empty) == len(BLANK_CELLS) == 189
    assert set(zip(empty["fips"], empty["year"], strict=True)) == BLANK_CELLS
    # Each lies in a state and year whose total has licensees in no county.
    state = load_indicator("us_ffl_by_state_series").set_index(["usps", "year"])["licensees"]
    placed = county.groupby(["usps", "year"])["licensees"].sum()
    unplaced = (state - placed.reindex(state.index)).loc[
        list(zip(empty["usps"], empty["year"], strict=True))
    ]
    assert (unplaced > 0).all()
    # Miami-Dade has figures once ATF's code matched (2021 on).
    miami = county[county["fips"] == "12086"].set_index("year")["licensees"]
    assert miami.loc[2021:].tolist() == [216, 241, 255]


def test_county_codes_states_and_years():
    county = load_indicator("us_ffl_by_county")
    assert county["fips"].nunique() == 3_143
    assert county.groupby("fips")["year"].apply(list).map(list(range(2003, 2024)).__eq__).all()
    assert (county["fips"].str.slice(0, 2).map(US_FIPS) == county["usps"]).all()
    pop = load_indicator("us_county_population")
    assert pop["year"].min() == 2009 and pop["year"].max() == 2021
    assert pop["population"].min() > 0 and pop["population"].notna().all()
    # 2020-2021 ACS counties are exactly the 3,143 of the FFL table.
    for year in (2020, 2021):
        assert set(pop.loc[pop["year"] == year, "fips"]) == set(county["fips"])
    sums = pop.groupby("year")["population"].sum()
    assert sums.is_monotonic_increasing and sums[2021] == 329_725_481


@needs_reference
def test_the_unplaced_licensees_are_those_of_the_reference_table():
    rows = re.findall(
        r"^\| (\d{4}) \| ([\d,]+)(?: \+AS 1)? \| ([\d,]+) \| (\d+) \|",
        _reference_section(),
        flags=re.MULTILINE,
    )
    parsed = {int(y): (_number(s), _number(c), int(g)) for y, s, c, g in rows}
    assert parsed == {y: (s, c, s - c) for y, (s, c) in FFL_SUMS.items()}
    gaps = [g for _, _, g in parsed.values()]
    assert gaps == [261, 248, 234, 218, 211, 197, 199, 224, 231, 236, 246, 280, 302, 304, 291,
                    298, 272, 238, 24, 24, 0]  # fmt: skip


# --- Mexico: municipios against states ----------------------------------------------------------


def test_municipio_national_sums_are_the_reference_totals():
    deaths = load_indicator("mx_homicides_by_municipio")
    assert deaths.groupby("year")["homicides"].sum().to_dict() == MX_SUMS
    assert deaths["cvegeo"].nunique() == 2_467 and deaths["homicides"].notna().all()
    assert set(deaths["cvegeo"].str.slice(0, 2)) == MX_CVE


@needs_reference
def test_municipio_national_sums_parsed_from_the_reference():
    section = _reference_section()
    table = section[section.index("| year | this file |") :]
    table = table[: table.index("\n\n")]
    rows = re.findall(r"^\| (\d{4}) \| ([\d,]+) \| ([\d,]+) \|", table, flags=re.MULTILINE)
    assert {int(y): _number(this) for y, this, _ in rows} == MX_SUMS


def test_municipio_sums_against_the_state_table(capsys, tmp_path):
    """Municipio deaths (INEGI certificates) and SESNSP victims per entidad, 2015-2021.

    Two measures of homicide: the gap is reported, never forced to zero.
    """
    deaths = load_indicator("mx_homicides_by_municipio")
    deaths["cve_ent"] = deaths["cvegeo"].str.slice(0, 2)
    municipios = deaths.groupby(["cve_ent", "year"])["homicides"].sum()
    states = load_indicator("mx_homicides")
    sesnsp = states[states["cve_ent"] != "00"].set_index(["cve_ent", "year"])["homicides"]
    both = pd.DataFrame({"municipios": municipios, "sesnsp": sesnsp}).dropna()
    both = both.astype("int64")
    assert sorted(set(both.index.get_level_values("year"))) == list(range(2015, 2022))
    # Every entidad in every overlapping year but Oaxaca 2015 (SESNSP figure withheld).
    assert len(both) == 32 * 7 - 1 and ("20", 2015) not in both.index
    both["gap"] = both["municipios"] - both["sesnsp"]
    both["gap_pct"] = (100 * both["gap"] / both["sesnsp"]).round(1)
    both.to_csv(tmp_path / "municipios_vs_sesnsp.csv")
    national = both.groupby("year")[["municipios", "sesnsp", "gap"]].sum()
    national["gap_pct"] = (100 * national["gap"] / national["sesnsp"]).round(1)
    # The municipio side is the reference's national total (less Oaxaca in 2015).
    oaxaca_2015 = municipios[("20", 2015)]
    expected = {y: MX_SUMS[y] - (oaxaca_2015 if y == 2015 else 0) for y in range(2015, 2022)}
    assert national["municipios"].to_dict() == expected
    with capsys.disabled():
        print(f"\nmunicipio sums vs SESNSP by year (Oaxaca 2015 left out):\n{national}")
        print(both["gap_pct"].describe().round(1).to_string())
        print(f"per entidad and year: {tmp_path / 'municipios_vs_sesnsp.csv'}")


def test_new_municipios_and_empty_populations():
    deaths = load_indicator("mx_homicides_by_municipio")
    first = deaths[deaths["homicides"] > 0].groupby("cvegeo")["year"].min()
    assert first["23011"] == 2016 and first["02007"] == 2021  # Puerto Morelos, San Felipe
    pop = load_indicator("mx_municipio_population")
    assert set(pop.loc[pop["population_2020"].isna(), "cvegeo"]) == MX_EMPTY_POPULATION
    assert pop["population_2020"].sum() == 126_014_024 and pop["population_2020"].min() > 0
    assert set(deaths["cvegeo"]) <= set(pop["cvegeo"])
    assert len(set(pop["cvegeo"]) - set(deaths["cvegeo"])) == 11


# --- every bundled figure traceable -----------------------------------------------------------


@needs_reference
@pytest.mark.parametrize("name", list(BUNDLED))
def test_bundled_table_equals_its_reference_file(name):
    def cells(path):
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))

    bundled = cells(geo.settings.data_dir / "indicators" / f"{name}.csv")
    reference = cells(REFERENCE / BUNDLED[name])
    assert len(bundled) == len(reference)
    assert bundled == reference


# --- bad input ---------------------------------------------------------------------------------


def _edit_cell(path, line, column, value):
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[line - 1].split(",")
    assert len(cells) == len(header)  # a line without a quoted comma
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


# (table, line, column, new cell, message after "<file>, column '<column>': ")
BAD_CELLS = [
    ("us_ffl_by_county", 1001, "fips", "010011", r"not a county FIPS code.*line 1001 '010011'"),
    ("us_ffl_by_county", 1001, "fips", "03001", r"not a county FIPS code.*line 1001 '03001'"),
    ("us_ffl_by_county", 1001, "fips", "72001", r"not a county FIPS code.*line 1001 '72001'"),
    ("us_ffl_by_county", 1001, "usps", "AK", r"not the state of the county.*line 1001 'AK'"),
    ("us_ffl_by_county", 1001, "licensees", "-1", r"line 1001: '-1' is below 0"),
    ("us_ffl_by_county", 1001, "licensees", "2.5", r"line 1001: '2.5' is not a whole number"),
    ("us_ffl_by_county", 22, "year", "2024", r"line 22: '2024' is above 2,023"),
    ("us_ffl_by_state_series", 30, "usps", "ZZ", r"not a known value: line 30 'ZZ'"),
    ("us_ffl_by_state_series", 30, "licensees", "-3", r"line 30: '-3' is below 0"),
    ("us_ffl_by_state_series", 2, "year", "2002", r"line 2: '2002' is below 2003"),
    ("us_county_population", 500, "fips", "0100A", r"not a county FIPS code.*line 500 '0100A'"),
    ("us_county_population", 500, "fips", "99001", r"not a county FIPS code.*line 500 '99001'"),
    ("us_county_population", 500, "population", "-7", r"line 500: '-7' is below 1"),
    ("us_county_population", 500, "population", "0", r"line 500: '0' is below 1"),
    ("mx_homicides_by_municipio", 700, "cvegeo", "010010", r"not a municipio code.*line 700"),
    ("mx_homicides_by_municipio", 700, "cvegeo", "33001", r"not a municipio code.*line 700"),
    ("mx_homicides_by_municipio", 700, "cvegeo", "00001", r"not a municipio code.*line 700"),
    ("mx_homicides_by_municipio", 700, "homicides", "-1", r"line 700: '-1' is below 0"),
    ("mx_homicides_by_municipio", 2, "year", "1999", r"line 2: '1999' is below 2000"),
    ("mx_municipio_population", 40, "cvegeo", "1001", r"not a municipio code.*line 40 '1001'"),
    ("mx_municipio_population", 40, "cvegeo", "34001", r"not a municipio code.*line 40"),
    ("mx_municipio_population", 40, "population_2020", "-5", r"line 40: '-5' is below 1"),
]


@pytest.mark.parametrize(
    ("name", "line", "column", "value", "message"),
    BAD_CELLS,
    ids=[f"{n}-{c}-{v}" for n, _, c, v, _ in BAD_CELLS],
)
def test_an_edited_cell_is_an_error_naming_file_line_and_column(
    data_copy, name, line, column, value, message
):
    path = data_copy / "indicators" / f"{name}.csv"
    _edit_cell(path, line, column, value)
    with pytest.raises(DataError, match=message) as info:
        load_indicator(name)
    assert f"{name}.csv, column '{column}'" in str(info.value)


@pytest.mark.parametrize("name", list(BUNDLED))
def test_a_truncated_copy_is_an_error(data_copy, name):
    path = data_copy / "indicators" / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    path.write_text("\n".join(lines[:1000]) + "\n", encoding="utf-8")  # whole lines
    with pytest.raises(DataError, match=rf"{name}\.csv: 999 rows where the bundled table has"):
        load_indicator(name)
    cut = "\n".join(lines[:1000]) + "\n" + lines[1000].split(",")[0]  # mid-line
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(DataError, match=rf"{name}\.csv: line 1001 has 1 fields.*truncated line"):
        load_indicator(name)


@pytest.mark.parametrize(
    ("name", "key"),
    [("us_ffl_by_county", "fips"), ("mx_homicides_by_municipio", "cvegeo")],
)
def test_a_repeated_key_is_an_error(data_copy, name, key):
    path = data_copy / "indicators" / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    _edit_cell(path, 3, "year", lines[1].split(",")[lines[0].split(",").index("year")])
    with pytest.raises(DataError, match=rf"{name}\.csv: key \['{key}', 'year'\] .* \[2, 3\]"):
        load_indicator(name)


# --- property: any text is a valid code or a DataError ----------------------------------------

CODES = {"fips": set(US_FIPS), "cvegeo": MX_CVE}
CODE_TEXT = st.one_of(
    st.text(max_size=8),
    st.text(alphabet="0123456789", min_size=3, max_size=7),
    st.sampled_from(sorted(US_FIPS) + sorted(MX_CVE) + ["00", "72", "99"]).flatmap(
        lambda state: st.text(alphabet="0123456789", min_size=2, max_size=4).map(state.__add__)
    ),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(column=st.sampled_from(sorted(CODES)), text=CODE_TEXT)
def test_any_text_is_a_code_or_a_data_error(column, text):
    df = pd.DataFrame({column: [text]}, index=[7], dtype=object)
    df.attrs.update(label="t.csv", lines=True)
    valid = re.fullmatch("[0-9]{5}", text, flags=re.ASCII) is not None and (
        text[:2] in CODES[column]
    )
    try:
        _check_codes(df, "t.csv")
    except DataError as exc:
        assert not valid, text
        assert f"t.csv, column '{column}'" in str(exc) and "line 7" in str(exc)
    else:
        assert valid, text


@contextlib.contextmanager
def _data_dir(folder):
    before = geo.settings.data_dir
    geo.settings.data_dir = folder
    try:
        yield
    finally:
        geo.settings.data_dir = before


@settings(max_examples=40, deadline=None, derandomize=True)
@given(text=CODE_TEXT.filter(lambda t: not set(t) & set(',"\r\n\x00')))
def test_any_code_in_a_bundled_file_is_read_or_refused(text):
    source = geo.settings.data_dir / "indicators" / "mx_municipio_population.csv"
    with tempfile.TemporaryDirectory() as folder, _data_dir(Path(folder)):
        (Path(folder) / "indicators").mkdir()
        target = Path(folder) / "indicators" / "mx_municipio_population.csv"
        shutil.copyfile(source, target)
        _edit_cell(target, 2, "cvegeo", text)
        try:
            table = load_indicator("mx_municipio_population")
        except DataError as exc:
            assert "mx_municipio_population.csv" in str(exc)
        else:
            code = table.at[0, "cvegeo"]
            assert re.fullmatch("[0-9]{5}", code) and code[:2] in MX_CVE
            assert code == text.strip()

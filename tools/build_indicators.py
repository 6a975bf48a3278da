"""Build data/indicators/ from the cited reference tables in ../shared/reference/.

    python tools/build_indicators.py [--reference DIR]

Only reshapes and selects: every figure written is a figure of the reference tables (see
data/indicators/SOURCES.md for the citations); nothing is estimated or filled. The checks below
stop the build if a reshaped table disagrees with the reference.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from geo._catalogue import MX_STATES, PORT_MEASURES, US_STATES, US_TERRITORIES
from geo._io import write_atomic
from geo.local import MUNICIPIOS_SINCE

ROOT = Path(__file__).resolve().parents[1]

OUT = ROOT / "data" / "indicators"
COMPLETE_EDITIONS = [2017, 2018, 2019, 2021, 2025]
SESNSP_MEASURE = "SESNSP victimas de homicidio doloso + feminicidio"


def _read(reference: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(reference / name, dtype=str, keep_default_na=False).replace("", np.nan)


def _write(df: pd.DataFrame, name: str) -> None:
    write_atomic(OUT / name, df.to_csv(index=False, lineterminator="\n"), data_folder=True)
    print(f"{name:<28} {len(df):>4} rows")


def gun_laws(ref: Path) -> None:
    wide = _read(ref, "us_gun_law_strength.csv")
    table = pd.DataFrame(
        {
            "usps": wide["usps"],
            "state": wide["state"],
            "giffords_2025_grade": wide["giffords_2025ed_grade"],
            "giffords_2025_rank": wide["giffords_2025ed_law_rank"],
            "giffords_2025_source": wide["giffords_2025ed_source"],
            "sfl_provisions_2020": wide["sfl_lawtotal_2020"],
            "everytown_2026_rank": wide["everytown_2026_law_rank"],
        }
    )
    assert len(table) == 51 and table["giffords_2025_grade"].notna().sum() == 50
    _write(table, "us_gun_laws.csv")

    long = _read(ref, "us_giffords_scorecard_long.csv")
    long = long[long["edition"].astype(int).isin(COMPLETE_EDITIONS)]
    long = long[
        [
            "edition",
            "usps",
            "grade",
            "law_strength_rank",
            "law_strength_order",
            "source_url",
            "source_note",
        ]
    ]
    assert long.groupby("edition")["grade"].count().eq(50).all()
    latest = long[long["edition"] == "2025"].set_index("usps")
    assert (latest["grade"] == table.set_index("usps")["giffords_2025_grade"].dropna()).all()
    _write(long.sort_values(["edition", "usps"]), "us_giffords_editions.csv")


def dealers(ref: Path) -> None:
    recent = _read(ref, "us_ffl_by_state_recent.csv")
    older = _read(ref, "us_ffl_density.csv")
    rows = [
        pd.DataFrame(
            {
                "usps": recent["usps"],
                "as_of": recent["as_of"],
                "licence_types": recent["licence_types"],
                "licensees": recent["count"],
                "source_key": recent["source_key"],
                "notes": recent["notes"],
            }
        ),
        pd.DataFrame(
            {
                "usps": older["usps"],
                "as_of": "2016",
                "licence_types": "not documented (probably all types but 03)",
                "licensees": older["ffl_2016_avg_monthly_listed"],
                "source_key": "F0",
                "notes": np.where(
                    older["ffl_2016_avg_monthly_listed"].isna(),
                    older["notes"],
                    "average of the 12 monthly 2016 listings",
                ),
            }
        ),
    ]
    table = pd.concat(rows, ignore_index=True)
    assert table.loc[table["as_of"] == "2023-10", "licensees"].astype(int).sum() == 78_787
    _write(table, "us_ffl.csv")

    pop = older.melt(
        id_vars="usps",
        value_vars=[
            "pop_2016_census_v2016",
            "pop_2020_census_v2024",
            "pop_2023_census_v2024",
            "pop_2024_census_v2024",
        ],
        var_name="column",
        value_name="population",
    )
    pop["year"] = pop["column"].str.slice(4, 8)
    pop["vintage"] = pop["column"].str.slice(-5)
    assert pop["population"].notna().sum() == 50 + 51 * 3  # DC has no 2016 figure in the source
    _write(
        pop[["usps", "year", "population", "vintage"]].sort_values(["year", "usps"]),
        "us_population.csv",
    )


def ports(ref: Path) -> None:
    raw = _read(ref, "us_mexico_ports.csv")
    table = raw[
        [
            "port_code",
            "port_name",
            "usps",
            "latitude",
            "longitude",
            "mx_city_opposite",
            "mx_cve_ent",
            "notes",
        ]
    ].rename(columns={"mx_city_opposite": "mx_city"})
    table["coord_source"] = raw["coord_source"]
    # Calexico (2503): the reference prefers the 2019 BTS extract's point (downtown crossing)
    # over the newer extracts, which repeat Calexico East's point.
    calexico = table["port_code"] == "2503"
    table.loc[calexico, ["latitude", "longitude"]] = ["32.67889", "-115.49806"]
    table.loc[calexico, "coord_source"] = "BTS Border Crossing Entry Data, 2019 extract"
    assert len(table) == 28 and table[["latitude", "longitude"]].notna().all().all()
    _write(table, "ports.csv")

    annual = _read(ref, "us_mexico_port_volumes_annual.csv")
    complete = annual["value"].notna() & annual["months_present"].isin(
        ["12", "annual total stated"]
    )
    assert not (annual["value"].notna() & ~complete).any(), "a partial year carries a value"
    annual = annual[complete].copy()
    annual["basis"] = np.where(
        annual["months_present"] == "12",
        "sum of 12 monthly counts",
        "annual total stated by source",
    )
    _write(
        annual[["port_code", "year", "measure", "value", "basis", "source_key"]],
        "port_volumes_annual.csv",
    )

    month = _read(ref, "us_mexico_port_volumes_2024_01.csv")
    _write(
        month[
            [
                "port_code",
                "month",
                "personal_vehicle_passengers",
                "personal_vehicles",
                "pedestrians",
                "trucks",
            ]
        ],
        "port_volumes_2024_01.csv",
    )


def port_volumes_bts(ref: Path) -> None:
    """Every port's annual BTS sums, 1996-2024, for the measures the package maps."""
    bts = _read(ref, "us_mexico_port_volumes_bts.csv")
    ports = set(_read(ref, "us_mexico_ports.csv")["port_code"])
    assert set(bts["port_code"]) == ports, "BTS ports differ from the 28 ports"
    bts = bts[bts["measure"].isin(list(PORT_MEASURES)) & (bts["year"].astype(int) <= 2024)]
    months = bts["months_present"].astype(int)
    assert months.between(1, 12).all()
    assert not (bts["value"].isna() & (months == 12)).any(), "a complete year without a value"
    table = bts[["port_code", "year", "measure", "value", "months_present"]]
    _write(table.sort_values(["port_code", "year", "measure"]), "port_volumes_bts.csv")


def homicides(ref: Path) -> None:
    raw = _read(ref, "mx_homicides_by_state.csv")
    raw = raw[raw["measure"].str.startswith(SESNSP_MEASURE)].copy()
    assert len(raw) == 330
    count = raw["homicides"].astype(float)
    rate = count / raw["population"].astype(float) * 1e5
    assert np.allclose(rate.round(2), raw["rate_per_100k"].astype(float), atol=0.005)
    notes = raw["notes"].fillna("")
    unusable = notes.str.startswith("INCOMPLETE")
    assert list(raw.loc[unusable, ["cve_ent", "year"]].itertuples(index=False)) == [("20", "2015")]
    raw.loc[unusable, ["homicides", "rate_per_100k"]] = np.nan
    raw["firearm_share_lower_bound"] = notes.str.contains("firearm_share is a lower bound")
    table = raw[
        [
            "cve_ent",
            "year",
            "homicides",
            "population",
            "rate_per_100k",
            "firearm_share",
            "firearm_share_lower_bound",
            "source",
            "notes",
        ]
    ]
    _write(table.sort_values(["year", "cve_ent"]), "mx_homicides.csv")


def consulates_and_traces(ref: Path) -> None:
    offices = _read(ref, "mx_consulates_us.csv")
    assert len(offices) == 53 and offices["city"].notna().all()
    _write(
        offices[["office", "type", "city", "usps", "jurisdiction", "source_key", "notes"]],
        "mx_consulates.csv",
    )
    traces = _read(ref, "atf_mexico_trace_source_states.csv")
    traces = traces[(traces["period"] == "2022-2023") & (traces["recovery_country"] == "Mexico")]
    _write(
        traces[
            [
                "period",
                "usps",
                "state",
                "traced_firearms",
                "share_pct",
                "source_state_rank",
                "source_key",
                "confidence",
                "notes",
            ]
        ],
        "atf_trace_sources.csv",
    )


# --- counties and municipios (reference SOURCES, "Counties and municipios") -------------------

FFL_YEARS = range(2003, 2024)
# State file minus county file, 2003..2023: licences whose ATF county code is not in the Los
# Angeles Times' 2020 county list (reference table "state file vs county file").
UNPLACED_LICENSEES = (261, 248, 234, 218, 211, 197, 199, 224, 231, 236, 246, 280, 302, 304, 291,
                      298, 272, 238, 24, 24, 0)  # fmt: skip
# County cells the reference leaves empty (the Times' 0 there is a matching failure).
BLANK_COUNTY_CELLS = {
    "12086": range(2003, 2021),
    "11001": [y for y in FFL_YEARS if y not in (2020, 2023)],
    "02063": range(2003, 2023),
    "02066": range(2003, 2023),
    **{fips: range(2003, 2019)
       for fips in ("02105", "02158", "02195", "02198", "02230", "02275", "02282")},
}  # fmt: skip
# ACS 5-year county sums, 50 states + DC, years 2009..2021 (reference checks).
ACS_SUMS = (301_461_533, 303_965_272, 306_603_772, 309_138_711, 311_536_594, 314_107_084,
            316_515_021, 318_558_162, 321_004_407, 322_903_030, 324_697_795, 326_569_308,
            329_725_481)  # fmt: skip
# Sum of all municipios, 2000..2021 (reference table "National annual totals").
MX_MUNICIPIO_SUMS = (10_559, 10_153, 9_934, 9_910, 9_327, 9_968, 10_393, 8_837, 14_229, 19_798,
                     26_045, 27_330, 25_795, 22_490, 19_562, 20_262, 24_602, 31_712, 34_404,
                     35_188, 35_555, 33_626)  # fmt: skip
# Municipios created after 2000: the layer's own table of first years, checked here.
MX_NEW_MUNICIPIOS = MUNICIPIOS_SINCE
MX_EMPTY_POPULATION = ["02007", "04013", "12082", "12083", "12084", "12085", "24059", "25019",
                       "25020"]  # fmt: skip
STATE_FIPS = {fips: usps for fips, usps, _ in US_STATES if usps not in US_TERRITORIES}


def _as_is(ref: Path, name: str, columns: list[str], key: list[str]) -> pd.DataFrame:
    """A reference table read as text, checked to hold ``columns`` and a unique, filled key."""
    table = _read(ref, name)
    assert list(table.columns) == columns, f"{name}: columns {list(table.columns)}"
    assert table[key].notna().all().all() and not table.duplicated(key).any(), name
    assert table.equals(table.sort_values(key, ignore_index=True)), f"{name}: not sorted by key"
    return table


def _counts(column: pd.Series, *, positive: bool = False) -> pd.Series:
    """Whole non-negative (or positive) numbers written as digits only; empty stays NaN."""
    filled = column.dropna()
    assert filled.str.fullmatch("[0-9]+").all(), f"{column.name}: not a whole number"
    values = column.astype(float)
    assert not positive or (filled.astype(int) > 0).all(), f"{column.name}: not positive"
    return values


def _county_codes(table: pd.DataFrame) -> None:
    assert table["fips"].str.fullmatch("[0-9]{5}").all()
    assert table["fips"].str.slice(0, 2).isin(list(STATE_FIPS)).all()
    if "usps" in table:
        assert (table["fips"].str.slice(0, 2).map(STATE_FIPS) == table["usps"]).all()


def county_dealers(ref: Path) -> None:
    """FFL counts by county and by state, 2003-2023, as the reference has them."""
    county = _as_is(ref, "us_ffl_by_county.csv", ["fips", "usps", "county", "year", "licensees"],
                    ["fips", "year"])  # fmt: skip
    state = _as_is(ref, "us_ffl_by_state_series.csv", ["usps", "year", "licensees"],
                   ["usps", "year"])  # fmt: skip
    _county_codes(county)
    years = [str(y) for y in FFL_YEARS]
    assert county.groupby("fips")["year"].agg(list).map(years.__eq__).all()  # 21 years each
    assert county["fips"].nunique() == 3_143 and len(state) == 51 * 21
    assert set(state["usps"]) == set(STATE_FIPS.values()) and set(state["year"]) == set(years)
    county_n, state_n = _counts(county["licensees"]), _counts(state["licensees"])
    assert state_n.notna().all()
    recent = _read(ref, "us_ffl_by_state_recent.csv").set_index("usps")["count"].astype(int)
    latest = state[state["year"] == "2023"].set_index("usps")["licensees"].astype(int)
    assert latest.sort_index().equals(recent.sort_index()) and recent.sum() == 78_787
    by_state = state_n.groupby([state["usps"], state["year"]]).sum()
    placed = county_n.groupby([county["usps"], county["year"]]).sum()
    gap = (by_state - placed.reindex(by_state.index, fill_value=0)).astype(int)
    assert (gap >= 0).all(), "a county sum above its state's total"
    assert tuple(gap.groupby(level="year").sum()) == UNPLACED_LICENSEES
    assert int(county_n[county["year"] == "2023"].sum()) == 78_787
    blank = county[county_n.isna()]
    documented = {(f, str(y)) for f, ys in BLANK_COUNTY_CELLS.items() for y in ys}
    assert set(zip(blank["fips"], blank["year"], strict=True)) == documented and len(blank) == 189
    # Each blanked cell lies in a state and year with licences the county file did not place.
    assert (gap.reindex(list(zip(blank["usps"], blank["year"], strict=True))) > 0).all()
    _write(county, "us_ffl_by_county.csv")
    _write(state, "us_ffl_by_state_series.csv")


def county_population(ref: Path) -> None:
    """ACS 5-year county population (B01003), 2009-2021, as the reference has it."""
    pop = _as_is(ref, "us_county_population_acs5.csv", ["fips", "year", "population"],
                 ["fips", "year"])  # fmt: skip
    _county_codes(pop)
    values = _counts(pop["population"], positive=True)
    assert values.notna().all()
    sums = values.groupby(pop["year"]).sum()
    assert list(sums.index) == [str(y) for y in range(2009, 2022)]
    assert tuple(sums.astype(int)) == ACS_SUMS
    _write(pop, "us_county_population.csv")


def municipal_homicides(ref: Path) -> None:
    """Homicides by municipio and year of occurrence, 2000-2021, and Census 2020 population."""
    deaths = _as_is(ref, "mx_homicides_by_municipio.csv", ["cvegeo", "year", "homicides"],
                    ["cvegeo", "year"])  # fmt: skip
    pop = _as_is(ref, "mx_municipio_population_2020.csv", ["cvegeo", "name", "population_2020"],
                 ["cvegeo"])  # fmt: skip
    entidades = [cve for cve, *_ in MX_STATES]
    for table in (deaths, pop):
        assert table["cvegeo"].str.fullmatch("[0-9]{5}").all()
        assert table["cvegeo"].str.slice(0, 2).isin(entidades).all()
    years = [str(y) for y in range(2000, 2022)]
    assert deaths.groupby("cvegeo")["year"].agg(list).map(years.__eq__).all()  # 22 years each
    assert deaths["cvegeo"].nunique() == 2_467 and set(deaths["cvegeo"]) <= set(pop["cvegeo"])
    counts = _counts(deaths["homicides"])
    assert counts.notna().all()
    assert tuple(counts.groupby(deaths["year"]).sum().astype(int)) == MX_MUNICIPIO_SUMS
    first = deaths[counts > 0].groupby("cvegeo")["year"].min()
    assert {c: int(first[c]) for c in MX_NEW_MUNICIPIOS} == MX_NEW_MUNICIPIOS
    people = _counts(pop["population_2020"], positive=True)
    assert list(pop.loc[people.isna(), "cvegeo"]) == MX_EMPTY_POPULATION
    assert len(pop) == 2_478 and int(people.sum()) == 126_014_024
    _write(deaths, "mx_homicides_by_municipio.csv")
    _write(pop, "mx_municipio_population.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    ref = parser.parse_args().reference
    gun_laws(ref)
    dealers(ref)
    ports(ref)
    port_volumes_bts(ref)
    homicides(ref)
    consulates_and_traces(ref)
    county_dealers(ref)
    county_population(ref)
    municipal_homicides(ref)


if __name__ == "__main__":
    main()

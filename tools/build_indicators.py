"""Build data/indicators/ from the cited reference tables in ../shared/reference/.

    python tools/build_indicators.py [--reference DIR]

Only reshapes and selects: every figure written is a figure of the reference tables (see
data/indicators/SOURCES.md for the citations); nothing is estimated or filled. The checks below
stop the build if a reshaped table disagrees with the reference.
One table is derived rather than copied: the states and counties the consulates' free-text
jurisdictions name (consulate_jurisdictions), each name and date checked against that text.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import settings
from geo._catalogue import MX_STATES, PORT_MEASURES, US_STATES, US_TERRITORIES
from geo._io import write_atomic
from geo.boundaries import load_us_counties
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


# Where the offices are (reference SOURCES, "mx_consulates_addresses.csv"): street address,
# ZIP code and coordinates where a source printed them. Only selected and checked here: the
# package places an office at its ZIP code's point (or its city) when the layer is built.
ADDRESS_COLUMNS = ["office", "address", "zip", "latitude", "longitude", "coord_source",
                   "source_key", "source_date", "notes"]  # fmt: skip


def consulate_addresses(ref: Path) -> None:
    table = _read(ref, "mx_consulates_addresses.csv")
    offices = _read(ref, "mx_consulates_us.csv")
    assert list(table.columns) == ADDRESS_COLUMNS, list(table.columns)
    assert list(table["office"]) == list(offices["office"])  # one row per office, same order
    has = table.notna()
    assert (has["address"].sum(), has["zip"].sum(), has["latitude"].sum()) == (21, 19, 3)
    assert table["zip"].dropna().str.fullmatch("[0-9]{5}").all()
    assert not (has["zip"] & ~has["address"]).any()  # no ZIP without its address
    assert (has["source_key"] == has["address"]).all()
    assert (has["latitude"] == has["longitude"]).all()
    assert (has["coord_source"] == has["latitude"]).all()  # no coordinate without its source
    usps = offices.set_index("office")["usps"]
    for office, address in table.dropna(subset=["address"])[["office", "address"]].values:
        assert f", {usps[office]}" in address, (office, address)  # the office's own state
    _write(table, "mx_consulate_addresses.csv")


# Consular districts (reference SOURCES section 12.1, column `jurisdiction`, free text): only
# the units the text names explicitly, whole states or named counties; an office whose text
# names none has no row (Dallas's "82 counties of North Texas" names none). `district` says
# whether the units are the office's whole district as the source describes it ("whole") or
# only part of it ("part": the rest is described without names, "seven counties of Idaho").
# `as_of` is the date the text or the office's notes give, else the year of the source cited
# for the description (the reference's table of MC keys); each is checked where it is found.
JURISDICTION_COLUMNS = ["office", "level", "code", "name", "district", "as_of", "source_key",
                        "source", "note"]  # fmt: skip
# The publishers of each source key, as its row of the reference notes names them.
JURISDICTION_SOURCES = {
    "MC3": "SRE (gob.mx)", "MC5": "Milenio (SRE communique)",
    "MC11": "El Comercio de Colorado; Westword", "MC13": "Border Eco",
    "MC14": "Global Atlanta; La Nación", "MC15": "Global Atlanta",
    "MC16": "Indianapolis Encyclopedia; International Center", "MC17": "Dos Mundos",
    "MC19": "AZPM; LocalWiki Boise", "MC25": "The Press-Enterprise",
    "MC29": "Madison Park Times", "MC41": "KSBY; El Latino",
    "MC42": "Oregon Business; Multnomah Lawyer",
}  # fmt: skip
# office -> (states named, (usps, counties named), district, as_of, source, note)
JURISDICTIONS = {
    "Atlanta": (("Alabama", "Georgia", "Tennessee"), None, "whole", "2025-09", "MC14", ""),
    "Boise": (("Idaho", "Montana"), None, "part", "c. 2013", "MC19",
              "Also northern Nevada and eastern Oregon (not named). Described c. 2013: Seattle "
              "(2018) names seven Idaho counties and Denver (2023) eastern Montana as theirs."),
    "Boston": (("Connecticut",), None, "part", "2022-06-01", "MC5",
               "Connecticut was added on 2022-06-01; the rest of the district was not found."),
    "Denver": (("Colorado",), None, "part", "2023", "MC11",
               "Also the eastern parts of Wyoming and Montana (not named)."),
    "Kansas City": (("Missouri", "Kansas"), None, "whole", "2021-11", "MC17", ""),
    "Las Vegas": ((), ("NV", ("Elko",)), "part", "2022-06-01", "MC5",
                  "Elko County was added on 2022-06-01; the rest of the district was not found."),
    "Miami": ((), ("FL", ("DeSoto", "Hardee", "Highlands", "Manatee", "Sarasota")), "part",
              "2022-06-01", "MC5", "Five counties added on 2022-06-01; the rest of the "
              "district was not found."),
    "Nogales": ((), ("AZ", ("Santa Cruz",)), "part", "2018", "MC13",
                "Also Green Valley, AZ, a place in Pima County (not a county)."),
    "Oklahoma": (("Oklahoma",), None, "whole", "2023", "MC3", ""),
    "Oxnard": ((), ("CA", ("Ventura", "Santa Barbara", "San Luis Obispo")), "whole", "2023",
               "MC41", ""),
    "Portland": (("Oregon",), None, "part", "2023", "MC42",
                 "Also Southwest Washington (not named)."),
    "Raleigh": (("North Carolina", "South Carolina"), None, "whole", "c. 2000", "MC15",
                "Described at the office's opening, c. 2000; no later description was found."),
    "San Bernardino": ((), ("CA", ("Riverside", "San Bernardino")), "whole", "2017", "MC25", ""),
    "Seattle": (("Washington", "Alaska"), None, "part", "2018", "MC29",
                "Also seven counties of Idaho (not named)."),
}  # fmt: skip
# Indianápolis: "all <state> counties except those north of <row>", a rule derived below.
INDIANAPOLIS_ROWS = {
    "Indiana": ("Warren", "Tippecanoe", "Carroll", "Howard", "Grant", "Blackford", "Jay"),
    "Ohio": ("Mercer", "Auglaize", "Hardin", "Marion", "Knox", "Holmes", "Tuscarawas", "Carroll",
             "Jefferson"),
}  # fmt: skip
INDIANAPOLIS_LEFT_OUT = {"39117"}  # Morrow, OH: in the row's gap, both north and south of it
INDIANAPOLIS_NOTE = (
    "All Kentucky; the Indiana and Ohio counties not north of the counties the source names "
    "(derived from the county boundaries). Morrow County, OH, lies between Marion and Knox, both "
    "north and south of them, and is left out. Undated description; Illinois counties moved to "
    "Chicago on 2022-06-01."
)
# Rows per office: Indianápolis is Kentucky, 66 of Indiana's 92 counties, 54 of Ohio's 88.
JURISDICTION_COUNTS = {"Atlanta": 3, "Boise": 2, "Boston": 1, "Denver": 1, "Indianápolis": 121,
                       "Kansas City": 2, "Las Vegas": 1, "Miami": 5, "Nogales": 1, "Oklahoma": 1,
                       "Oxnard": 3, "Portland": 1, "Raleigh": 2, "San Bernardino": 2,
                       "Seattle": 2}  # fmt: skip
SHRINK_M = 1_000  # counties shrunk by 1 km: a shared edge is neither north nor south
MERIDIAN_STEP = 100  # meridians every 1/100 degree


def _y_ranges(polygons: list, xs: np.ndarray) -> np.ndarray:
    """South and north ends of each polygon along each meridian ``xs`` (NaN where it misses)."""
    lines = shapely.linestrings([[[x, -90.0], [x, 90.0]] for x in xs])
    out = np.full((len(polygons), len(xs), 2), np.nan)
    for i, polygon in enumerate(polygons):
        cut = shapely.intersection(lines, polygon)
        bounds = shapely.bounds(cut)  # NaN for an empty cut
        out[i, :, 0], out[i, :, 1] = bounds[:, 1], bounds[:, 3]
    return out


def _north_of_row(state: gpd.GeoDataFrame, row: tuple[str, ...]) -> dict[str, str]:
    """Place each county of a state against a row of its counties: "north", "south", ...

    A county is north of the row where a meridian crosses it entirely above one of the row's
    counties, south where one crosses it entirely below; both are tested on meridians every
    1/100 degree, each county shrunk by 1 km. Returns fips -> "row", "north", "south",
    "neither" (no meridian meets both: west or east of the row) or "both".
    """
    shrunk = state.to_crs(settings.area_crs).buffer(-SHRINK_M).to_crs(4326)
    in_row = state["name"].isin(row).to_numpy()
    assert in_row.sum() == len(row), set(row) - set(state["name"])
    west, _, east, _ = state.total_bounds
    xs = np.arange(np.ceil(west * MERIDIAN_STEP), np.floor(east * MERIDIAN_STEP) + 1)
    xs = xs / MERIDIAN_STEP
    ranges = _y_ranges(list(shrunk), xs)
    row_south, row_north = ranges[in_row, :, 0], ranges[in_row, :, 1]
    word = {(True, False): "north", (False, True): "south", (False, False): "neither",
            (True, True): "both"}  # fmt: skip
    places = {}
    for fips, county, named in zip(state["fips"], ranges, in_row, strict=True):
        above = (county[None, :, 0] > row_north).any()  # NaN compares False: no meridian
        below = (county[None, :, 1] < row_south).any()
        places[fips] = "row" if named else word[(bool(above), bool(below))]
    return places


def _indianapolis(text: str, counties: gpd.GeoDataFrame) -> list[tuple[str, str, str]]:
    """The Indianápolis district: (level, code, name) of the units its rule keeps."""
    units = [("state", "KY", "Kentucky")]
    assert "all Kentucky counties" in text
    usps = {name: code for _, code, name in US_STATES}
    for state, row in INDIANAPOLIS_ROWS.items():
        named = ", ".join(row[:-1]) + f" and {row[-1]}"
        assert f"all {state} counties except those north of {named}" in text, state
        found = counties[counties["usps"] == usps[state]].reset_index(drop=True)
        places = _north_of_row(found, row)
        both = {f for f, p in places.items() if p == "both"}
        assert both == INDIANAPOLIS_LEFT_OUT & set(places), both
        kept = found[found["fips"].map(places).isin(["row", "south", "neither"])]
        units += [("county", f, n) for f, n in zip(kept["fips"], kept["name"], strict=True)]
    return units


def _citation(notes: str, source: str) -> str:
    """The row of a source key in the reference notes, checked to name its publishers."""
    cited = [line for line in notes.splitlines() if line.startswith(f"| {source} |")]
    assert len(cited) == 1, source
    for publisher in JURISDICTION_SOURCES[source].split("; "):
        assert publisher.split(" (")[0] in cited[0], (source, publisher)
        assert all(word in cited[0] for word in re.findall(r"\((.*)\)", publisher))
    return cited[0]


def _sourced_date(as_of: str, office: pd.Series, citation: str) -> None:
    """Check that a district's date is in its text or notes, or in its source's citation."""
    year = re.search(r"[0-9]{4}(-[0-9]{2}){0,2}", as_of)
    assert year, as_of
    places = (office["jurisdiction"], office["notes"], citation)
    assert any(year.group() in str(place) for place in places), (office["office"], as_of)


def consulate_jurisdictions(ref: Path) -> None:
    """The units each office's jurisdiction text names, with whole/part and date."""
    offices = _read(ref, "mx_consulates_us.csv").set_index("office", drop=False)
    notes = (ref / "SOURCES.md").read_text(encoding="utf-8")
    counties = load_us_counties()
    states = {name: code for _, code, name in US_STATES}
    rows = []
    for office in offices.index:
        text = str(offices.at[office, "jurisdiction"])
        if office == "Indianápolis":
            units = _indianapolis(text, counties)
            district, as_of, source, note = "part", "", "MC16", INDIANAPOLIS_NOTE
        elif office in JURISDICTIONS:
            named, local, district, as_of, source, note = JURISDICTIONS[office]
            units = [("state", states[name], name) for name in named]
            usps, names = local or ("", ())
            for name in names:
                found = counties[(counties["usps"] == usps) & (counties["name"] == name)]
                assert len(found) == 1, (office, name)
                units.append(("county", found["fips"].iloc[0], name))
            assert all(name in text for _, _, name in units), office
            _sourced_date(as_of, offices.loc[office], _citation(notes, source))
        else:
            continue
        assert source in offices.at[office, "source_key"].split(";"), office
        _citation(notes, source)
        cited = JURISDICTION_SOURCES[source]
        rows += [(office, *unit, district, as_of, source, cited, note) for unit in units]
    table = pd.DataFrame(rows, columns=JURISDICTION_COLUMNS)
    assert not table.duplicated(["office", "code"]).any()
    assert table.groupby("office").size().to_dict() == JURISDICTION_COUNTS
    _write(table, "mx_consulate_jurisdictions.csv")


# Where guns recovered in Mexico and Central America were bought, by city and county
# (reference SOURCES section 6, keys T5 and T5b): Stop US Arms to Mexico's "Iron River" report
# of ATF trace data released under FOIA. T5 says its figures are for guns recovered in Mexico,
# Guatemala, El Salvador and Honduras together; T5b gives the top cities of the same report
# (coverage of its map of those 53,411 guns), so both are labelled with the four countries.
TRACE_PLACE = r"(?P<place>[A-Z][A-Za-z .]+), (?P<usps>[A-Z]{2})"
TRACE_RECOVERED_IN = "Mexico, Guatemala, El Salvador, Honduras"


def trace_source_cities(ref: Path) -> None:
    raw = _read(ref, "atf_mexico_traces.csv")
    places = raw["geography"].str.fullmatch(TRACE_PLACE)
    rows = raw[places & raw["source_key"].isin(["T5", "T5b"])].copy()
    parts = rows["geography"].str.extract(TRACE_PLACE)
    county = parts["place"].str.endswith(" County")
    assert len(rows) == 6 and county.sum() == 1, rows["geography"].tolist()
    assert (rows["period"] == "2015-2022").all() and rows["share_pct"].isna().all()
    assert list(rows.loc[county, "source_key"]) == ["T5"]
    assert (rows.loc[~county, "source_key"] == "T5b").all()
    assert rows["value"].str.fullmatch("[0-9]+").all()
    count = rows["value"].astype(int).set_axis(parts["place"])
    assert count["Tucson"] <= count["Pima County"]  # Tucson is in Pima County
    table = pd.DataFrame(
        {
            "place": parts["place"],
            "kind": np.where(county, "county", "city"),
            "usps": parts["usps"],
            "traced_firearms": rows["value"],
            "period": rows["period"],
            "metric": rows["metric"],
            "recovered_in": TRACE_RECOVERED_IN,
            "source_key": rows["source_key"],
            "confidence": rows["confidence"],
            "notes": rows["notes"],
        }
    )
    _write(table, "trace_source_cities.csv")


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


# --- national context (reference SOURCES sections 2, 5-9 and 11) ------------------------------
# One row per national figure the atlas states, with its definition, caveat and citation in
# both languages: the headline figures (traces, licensees, homicides and their firearm share)
# and INEGI's national homicides by year (for the chart beside SESNSP's series). Only figures
# the reference files or notes state with a source; the build stops if one differs.

CONTEXT_COLUMNS = ["key", "period", "value", "unit", "numerator", "denominator", "estimate",
                   "definition_en", "definition_es", "caveat_en", "caveat_es", "publisher",
                   "title", "year", "url", "confidence", "source_key"]  # fmt: skip
# Citations as the reference notes give them: publisher, title, publication year, URL. The
# build checks that each URL, and each title not in NO_TITLE, is written in the notes.
CONTEXT_SOURCES = {
    "T2": ("U.S. Government Accountability Office, GAO-16-223",
           "Firearms Trafficking: U.S. Efforts to Combat Firearms Trafficking to Mexico Have "
           "Improved, but Some Collaboration Challenges Remain",
           2016, "https://www.gao.gov/products/gao-16-223"),
    "T4": ("U.S. Government Accountability Office, GAO-21-322",
           "Firearms Trafficking: U.S. Efforts to Disrupt Gun Smuggling into Mexico Would "
           "Benefit from Additional Data and Analysis",
           2021, "https://www.gao.gov/products/gao-21-322"),
    "ATF-FY2023": ("Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF)",
                   "Fact Sheet \u2013 Facts and Figures for Fiscal Year 2023", 2024,
                   "https://atf.gov/resource-center/fact-sheet/fact-sheet-facts-and-figures-fiscal-year-2023"),
    "F1": ("Los Angeles Times Data Desk, from ATF's Listing of Federal Firearms Licensees",
           "gun-dealers-2023-analysis", 2023,
           "https://github.com/datadesk/gun-dealers-2023-analysis"),
    "M1": ("INEGI, as reported by El Universal",
           "Homicidios en México bajaron 6.7% en 2023, registra el Inegi", 2024,
           "https://eluniversal.com.mx/cartera/homicidios-en-mexico-bajaron-67-en-2023-registra-el-inegi/"),
    "M4": ("INEGI, as reported by El Universal",
           "Número de defunciones por homicidios crece 3.1% durante 2024…", 2025,
           "https://www.eluniversal.com.mx/cartera/numero-de-defunciones-por-homicidios-crece-31-durante-2024-inegi-reporta-33-mil-241-fallecidos/"),
    "M6": ("INEGI, as reported by El Ahuizote",
           "Coahuila entre las entidades con menos índices de homicidio", 2023,
           "https://elahuizote.mx/nacional/coahuila-entre-las-entidades-con-menos-indices-de-homicidio/"),
    "M7": ("INEGI, as reported by La Opinión Mérida",
           "Report on INEGI's preliminary 2022 homicide figures (headline not recorded)", 2023,
           "https://laopinionmerida.com/?p=4033"),
    "M10": ("INEGI, as reported by Frontera.info (SUN)",
            "En 2016 se registraron 23 mil 953 homicidios", 2017,
            "http://www.frontera.info/EdicionEnLinea/Notas/Nacional/26072017/1240345-En-2016-se-registraron-23-mil-953-homicidios.html"),
    # Published in 2020: the other copy the notes cite is dated 2020/09 in its address.
    "M12": ("INEGI, as reported by EFE (Entérate de)",
            "En 2019 ocurrieron 36 mil 476 homicidios en México", 2020,
            "https://enteratede.com.mx/?p=62067"),
    "M22": ("INEGI, as reported by EFE (TN8)",
            "Report on INEGI's preliminary 2017 homicide figures (headline not recorded)", 2018,
            "https://tn8.tv/?p=174903"),
    "S1": ("Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP)",
           "Víctimas de delitos del fuero común, nivel estatal, nueva metodología 2015\u20132025",
           2025,
           "https://www.gob.mx/sesnsp/acciones-y-programas/datos-abiertos-de-incidencia-delictiva"),
}  # fmt: skip
NO_TITLE = {"M7", "M22"}  # the notes give no headline for these articles
# Confidence where the reference gives one for these figures (§1 table, §9, §11); the ATF
# fact sheet's figure is quoted in §2 without a rating.
INEGI_CONFIDENCE = "high"
# INEGI national homicides a year: the source key cited for each (one of the row's keys). The
# definitive count where the reference has one (2024's, a single secondary source rated LOW,
# is left out), else the preliminary one.
INEGI_COUNTS = {
    2014: ("definitive", "M10"), 2015: ("definitive", "M10"), 2016: ("preliminary", "M10"),
    2017: ("preliminary", "M22"), 2018: ("definitive", "M6"), 2019: ("definitive", "M6"),
    2020: ("definitive", "M6"), 2021: ("definitive", "M6"), 2022: ("definitive", "M1"),
    2023: ("definitive", "M4"), 2024: ("preliminary", "M4"),
}  # fmt: skip
# INEGI's firearm share of homicides: every whole year the reference gives (preliminary).
INEGI_SHARES = {2019: "M12", 2022: "M7", 2023: "M1", 2024: "M4"}
INEGI_SHARE_CAVEATS = {
    2019: ("Computed from INEGI's counts: 25,030 deaths by 'agresión "
           "con disparo de otras armas de fuego y las no especificadas' of 36,476; one report "
           "quotes 70.7% from INEGI, a broader grouping of firearms.",
           "Calculada en las notas de referencia con los conteos del INEGI: 25\u202f030 "
           "defunciones por 'agresión con disparo de otras armas de fuego y las no "
           "especificadas' de 36\u202f476; una nota cita 70.7% del INEGI, con una agrupación "
           "más amplia de armas de fuego."),
    2022: ("Share as stated by INEGI; the 21,547 firearm assaults also reported are a "
           "narrower grouping (66.9%).",
           "Proporción declarada por el INEGI; las 21\u202f547 agresiones con arma de fuego "
           "también publicadas son una agrupación más estrecha (66.9%)."),
}  # fmt: skip
HEADLINE_KEYS = ["traced_us_origin_2009_2014", "traced_us_origin_2014_2018",
                 "ffl_all_types_fy2023", "ffl_dealing_2023_10",
                 "inegi_homicides_2024_preliminary", "inegi_firearm_share_2024_preliminary",
                 "sesnsp_firearm_share_2015", "sesnsp_firearm_share_2024"]  # fmt: skip


def _es(n: int) -> str:
    """A count as Spanish writes it in the atlas: thin-space thousands."""
    return f"{n:,}".replace(",", "\u202f")


def _row(key: str, source: str, confidence: str, **cells: object) -> dict[str, object]:
    publisher, title, year, url = CONTEXT_SOURCES[source]
    row = {c: "" for c in CONTEXT_COLUMNS}
    row.update(key=key, estimate="False", publisher=publisher, title=title, year=year, url=url,
               confidence=confidence, source_key=source, **cells)  # fmt: skip
    return row


def _traces(ref: Path) -> list[dict[str, object]]:
    """GAO's shares of Mexico's traced guns of US origin (T2, T4)."""
    raw = _read(ref, "atf_mexico_traces.csv")
    t2 = raw[raw["source_key"] == "T2"].set_index("metric")
    origin, third, unknown = (t2.loc[m] for m in ("US-origin", "third-country origin",
                                                  "origin undetermined"))  # fmt: skip
    submitted = int(t2.loc["firearms seized and submitted for tracing", "value"])
    counts = [int(r["value"]) for r in (origin, third, unknown)]
    assert (submitted, counts) == (104_850, [73_684, 17_544, 13_622]) and sum(counts) == submitted
    assert origin["share_pct"] == "70" and round(100 * counts[0] / submitted) == 70
    assert origin["period"] == "2009-2014" and origin["confidence"] == "medium"
    t4 = raw[raw["source_key"] == "T4"].squeeze()
    assert (t4["period"], t4["share_pct"], t4["value"]) == ("2014-2018", "70", np.nan)
    definition = (
        "Share of the firearms seized in Mexico and submitted to ATF for tracing in {p} that "
        "were traced to a US source (of US origin); not a share of all guns recovered in Mexico",
        "Proporción de las armas aseguradas en México y enviadas a la ATF para su rastreo en "
        "{p} que se rastrearon a una fuente en EE. UU. (origen estadounidense); no es una "
        "proporción de todas las armas recuperadas en México",
    )
    sample = ("Counts only the guns seized in Mexico that were submitted for tracing, not a "
              "random sample of the guns recovered there.", "Cuenta solo las armas aseguradas "
              "en México que se enviaron a rastrear, no una muestra aleatoria de las armas "
              "recuperadas allí.")  # fmt: skip
    return [
        _row("traced_us_origin_2009_2014", "T2", origin["confidence"], period="2009-2014",
             value=origin["share_pct"], unit="share_pct", numerator=counts[0],
             denominator=submitted,
             definition_en=definition[0].format(p="2009-2014"),
             definition_es=definition[1].format(p="2009-2014"),
             caveat_en=f"{sample[0]} Of the {submitted:,}, {counts[1]:,} "
             f"({third['share_pct']}%) were of third-country origin and {counts[2]:,} "
             f"({unknown['share_pct']}%) of undetermined origin. GAO's figures as read in "
             "press coverage.",
             caveat_es=f"{sample[1]} De las {_es(submitted)}, {_es(counts[1])} "
             f"({third['share_pct']}%) eran de origen de un tercer país y {_es(counts[2])} "
             f"({unknown['share_pct']}%) de origen no determinado. Cifras de la GAO leídas en "
             "la prensa."),
        _row("traced_us_origin_2014_2018", "T4", t4["confidence"], period="2014-2018",
             value=t4["share_pct"], unit="share_pct",
             definition_en=definition[0].format(p="2014-2018"),
             definition_es=definition[1].format(p="2014-2018"),
             caveat_en=f"{sample[0]} The counts behind the share are not given here.",
             caveat_es=f"{sample[1]} Los conteos detrás de la proporción no se dan aquí."),
    ]  # fmt: skip


def _licensees(ref: Path, notes: str) -> list[dict[str, object]]:
    """ATF's active licences of every type (FY2023, notes §2) and the dealing types (§11)."""
    quoted = re.search(r"132,383 active FFLs —\s+Type 01 dealer ([\d,]+); 02 pawnbroker ([\d,]+); "
                       r"03 collector ([\d,]+); 06 ammunition maker ([\d,]+); 07 firearms maker "
                       r"([\d,]+);\s+08 importer ([\d,]+); 09 DD dealer ([\d,]+); 10 DD maker "
                       r"([\d,]+); 11 DD importer ([\d,]+)", notes)  # fmt: skip
    assert quoted, "the ATF FY2023 fact sheet's figures are not in the notes"
    types = [int(n.replace(",", "")) for n in quoted.groups()]
    assert sum(types) == 132_383 and types[0] + types[1] == 56_726 and types[2] == 50_805
    dealing = _read(ref, "us_ffl_by_state_recent.csv")
    assert len(dealing) == 51 and set(dealing["as_of"]) == {"2023-10"}
    assert dealing["count"].astype(int).sum() == 78_787
    bundled = pd.read_csv(OUT / "us_ffl.csv", dtype=str)
    assert bundled.loc[bundled["as_of"] == "2023-10", "licensees"].astype(int).sum() == 78_787
    assert "(20,638 of 78,787)" in notes  # manufacturers and importers, §11
    return [
        _row("ffl_all_types_fy2023", "ATF-FY2023", "not stated", period="FY2023",
             value=sum(types), unit="licensees",
             definition_en="Active federal firearms licences of every type in fiscal year "
             "2023: dealers, pawnbrokers, collectors, makers of ammunition, makers and "
             "importers of firearms, and dealers, makers and importers of destructive devices",
             definition_es="Licencias federales de armas de fuego activas de todos los tipos "
             "en el año fiscal 2023: comerciantes, casas de empeño, coleccionistas, fabricantes "
             "de municiones, fabricantes e importadores de armas, y comerciantes, fabricantes e "
             "importadores de dispositivos destructivos",
             caveat_en=f"Includes {types[2]:,} collectors (type 03), who may not deal in "
             f"firearms; dealers and pawnbrokers (types 01 and 02) were {types[0] + types[1]:,}. "
             "Includes the US territories.",
             caveat_es=f"Incluye {_es(types[2])} coleccionistas (tipo 03), que no pueden "
             "comerciar armas; los comerciantes y casas de empeño (tipos 01 y 02) eran "
             f"{_es(types[0] + types[1])}. Incluye los territorios de EE. UU."),
        _row("ffl_dealing_2023_10", "F1", "high (counts); medium (month of the listing)",
             period="2023-10", value=78_787, unit="licensees",
             definition_en="Federal firearms licensees allowed to deal in firearms (licence "
             "types 01 dealer or gunsmith, 02 pawnbroker, 07 manufacturer, 08 importer) in the "
             "50 states and DC, in ATF's listing labelled October 2023",
             definition_es="Licenciatarios federales autorizados a comerciar armas de fuego "
             "(tipos de licencia 01 comerciante o armero, 02 casa de empeño, 07 fabricante, 08 "
             "importador) en los 50 estados y DC, en el listado de la ATF de octubre de 2023",
             caveat_en="Manufacturers and importers are 26% of them (20,638); collectors are "
             "excluded. One licence record per row of the listing; its mix of types suggests "
             "somewhat earlier 2023 data.",
             caveat_es="Los fabricantes e importadores son el 26% (20\u202f638); se excluyen "
             "los coleccionistas. Un registro de licencia por fila del listado; su mezcla de "
             "tipos sugiere datos de algo antes en 2023."),
    ]  # fmt: skip


def _inegi_caveat(raw: pd.DataFrame, year: int, status: str) -> tuple[str, str]:
    """What a count of INEGI is not; for a preliminary one, why no definitive is shown."""
    caveat = ("Counts deaths registered on death certificates, not victims in criminal "
              "investigations (SESNSP).", "Cuenta defunciones registradas en certificados de "
              "defunción, no víctimas en carpetas de investigación (SESNSP).")  # fmt: skip
    if status == "definitive":
        return caveat
    better = raw[(raw["year"] == str(year)) & (raw["data_status"] == "definitive")]
    low = better["notes"].fillna("").str.startswith("LOW confidence")
    assert (better["homicides"].isna() | low).all(), year  # none, or only one rated LOW
    why = ("INEGI's definitive count was not found.",
           "No se encontró la cifra definitiva del INEGI.")  # fmt: skip
    if low.any():
        why = ("INEGI's definitive count was found only in one unchecked secondary source.",
               "La cifra definitiva del INEGI solo se encontró en una fuente secundaria sin "
               "verificar.")  # fmt: skip
    return (f"Preliminary figure. {why[0]} {caveat[0]}",
            f"Cifra preliminar. {why[1]} {caveat[1]}")  # fmt: skip


def _inegi(ref: Path) -> list[dict[str, object]]:
    """INEGI's national homicides a year and firearm shares (notes §5, §7)."""
    raw = _read(ref, "mx_homicides_national_firearm_share.csv")
    rows = []
    for year, (status, source) in INEGI_COUNTS.items():
        found = raw[(raw["year"] == str(year)) & (raw["data_status"] == status)].squeeze()
        assert source in found["source_keys"].split(";") and found["homicides"].isdigit()
        word = {"definitive": "definitivas", "preliminary": "preliminares"}[status]
        caveat = _inegi_caveat(raw, year, status)
        rows.append(_row(
            f"inegi_homicides_{year}_{status}", source, INEGI_CONFIDENCE, period=str(year),
            value=found["homicides"], unit="homicides",
            definition_en=f"Deaths registered as homicides on death certificates in Mexico, "
            f"{year} (INEGI, {status} figures)",
            definition_es=f"Defunciones registradas como homicidio en certificados de "
            f"defunción en México, {year} (INEGI, cifras {word})",
            caveat_en=caveat[0], caveat_es=caveat[1]))  # fmt: skip
    return rows + _inegi_shares(raw)


def _inegi_shares(raw: pd.DataFrame) -> list[dict[str, object]]:
    """INEGI's firearm share of homicides, every whole year the reference gives."""
    rows = []
    for year, source in INEGI_SHARES.items():
        found = raw[(raw["year"] == str(year)) & raw["firearm_share_pct"].notna()].squeeze()
        assert found["data_status"] == "preliminary" and source in found["source_keys"].split(";")
        share, total = float(found["firearm_share_pct"]), int(found["homicides"])
        firearm = found["firearm_homicides"]
        # The firearm count only where it gives the share INEGI states (a grouping may differ).
        exact = pd.notna(firearm) and round(100 * int(firearm) / total, 1) == share
        assert exact == (year == 2019), year
        extra = INEGI_SHARE_CAVEATS.get(year, ("Share as stated by INEGI.",
                                               "Proporción declarada por el INEGI."))  # fmt: skip
        rows.append(_row(
            f"inegi_firearm_share_{year}_preliminary", source, INEGI_CONFIDENCE,
            period=str(year), value=found["firearm_share_pct"], unit="share_pct",
            numerator=int(firearm) if exact else "", denominator=total,
            definition_en=f"Share of the homicides on death certificates in Mexico in {year} "
            "committed with a firearm (INEGI, preliminary figures)",
            definition_es=f"Proporción de los homicidios en certificados de defunción en México "
            f"en {year} cometidos con arma de fuego (INEGI, cifras preliminares)",
            caveat_en=f"Preliminary figures. {extra[0]}",
            caveat_es=f"Cifras preliminares. {extra[1]}"))  # fmt: skip
    return rows


def _sesnsp(ref: Path) -> list[dict[str, object]]:
    """SESNSP's national firearm share, 2015 and 2024 (notes §9), as mx_homicides.csv has it."""
    raw = _read(ref, "mx_homicides_by_state.csv")
    national = raw[(raw["cve_ent"] == "00") & raw["measure"].str.startswith(SESNSP_MEASURE)]
    bundled = pd.read_csv(OUT / "mx_homicides.csv", dtype=str, keep_default_na=False)
    columns = ["year", "homicides", "firearm_share"]
    assert (
        national[columns]
        .reset_index(drop=True)
        .equals(bundled.loc[bundled["cve_ent"] == "00", columns].reset_index(drop=True))
    )
    national = national.set_index("year")
    abbrev = {cve: short for cve, _, _, short in MX_STATES}
    rows = []
    for year, oaxaca in (("2015", True), ("2024", False)):
        share, victims = national.at[year, "firearm_share"], national.at[year, "homicides"]
        assert len(share) == 5 and share.startswith("0.")
        assert ("Oaxaca" in str(national.at[year, "notes"])) == oaxaca
        flagged = bundled[
            (bundled["year"] == year) & (bundled["firearm_share_lower_bound"] == "True")
        ]
        states = ", ".join(abbrev[c] for c in flagged["cve_ent"])
        caveat = (
            "Counts victims in criminal investigations, not deaths (INEGI counts those); "
            "computed from SESNSP's victims file, June 2025 cut. The share is a lower bound "
            f"where a state's prosecutors leave many victims' means unspecified ({states}).",
            "Cuenta víctimas en carpetas de investigación, no defunciones (las cuenta el "
            "INEGI); calculada con el archivo de víctimas del SESNSP, corte de junio de 2025. "
            "Es una cota inferior donde las fiscalías de un estado dejan sin especificar el "
            f"medio de muchas víctimas ({states}).",
        )
        if oaxaca:
            caveat = (f"{caveat[0]} The {year} total includes Oaxaca's incomplete reporting.",
                      f"{caveat[1]} El total de {year} incluye el registro incompleto de "
                      "Oaxaca.")  # fmt: skip
        rows.append(_row(
            f"sesnsp_firearm_share_{year}", "S1", "medium-high", period=year,
            value=f"{float(share) * 100:.1f}", unit="share_pct", denominator=victims,
            definition_en="Share of the victims of intentional homicide (homicidio doloso and "
            f"feminicidio) in investigations opened by Mexico's state prosecutors in {year} "
            "who were killed with a firearm (SESNSP)",
            definition_es="Proporción de las víctimas de homicidio doloso y feminicidio en "
            f"carpetas de investigación abiertas por las fiscalías estatales en {year} que "
            "murieron por arma de fuego (SESNSP)",
            caveat_en=caveat[0], caveat_es=caveat[1]))  # fmt: skip
    return rows


def national_context(ref: Path) -> None:
    """The national figures of the story, each with its definition and citation."""
    notes = (ref / "SOURCES.md").read_text(encoding="utf-8")
    for source, (_, title, _, url) in CONTEXT_SOURCES.items():
        repository = url.removeprefix("https://github.com/")  # the notes name it `owner/name`
        assert url in notes or f"`{repository}`" in notes, f"{source}: URL not in the notes"
        assert source in NO_TITLE or title in notes, f"{source}: title not in the notes"
    rows = _traces(ref) + _licensees(ref, notes) + _inegi(ref) + _sesnsp(ref)
    table = pd.DataFrame(rows, columns=CONTEXT_COLUMNS)
    assert table["key"].is_unique and set(HEADLINE_KEYS) <= set(table["key"])
    order = table["key"].map({k: i for i, k in enumerate(HEADLINE_KEYS)})
    table = table.iloc[np.argsort(order.fillna(len(HEADLINE_KEYS)).to_numpy(), kind="stable")]
    assert (table[["publisher", "title", "year", "url", "definition_en", "definition_es",
                   "caveat_en", "caveat_es"]] != "").all().all()  # fmt: skip
    _write(table, "national_context.csv")


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
    consulate_addresses(ref)
    consulate_jurisdictions(ref)
    trace_source_cities(ref)
    county_dealers(ref)
    county_population(ref)
    municipal_homicides(ref)
    national_context(ref)


if __name__ == "__main__":
    main()

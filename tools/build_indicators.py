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

from geo._catalogue import PORT_MEASURES
from geo._io import write_atomic

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


if __name__ == "__main__":
    main()

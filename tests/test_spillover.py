"""The 2004 comparison: recomputed by hand on a small fixture, options, the real data, the chart."""

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from test_layout import problems

import geo
import geo.cli
from geo import analysis
from geo.charts import spillover_chart
from geo.spillover import (
    CALIFORNIA,
    TX_AZ_NM,
    spillover,
    spillover_municipios,
    spillover_series,
)

# Four small squares in Mexico (their distance to the real border in the comment) and two
# fake ports, one in California (by Tijuana) and one in Texas (by Juárez).
SQUARES = {
    "02901": shapely.box(-117.05, 32.40, -117.00, 32.45),  # about 10 km, south of Tijuana
    "02902": shapely.box(-116.60, 32.00, -116.55, 32.05),  # about 58 km
    "08901": shapely.box(-106.50, 31.60, -106.45, 31.65),  # about 10 km, south of Juárez
    "31901": shapely.box(-89.65, 20.90, -89.60, 20.95),  # about 945 km, by Mérida
}
PORTS = pd.DataFrame(
    {
        "port_code": ["9001", "9002"],
        "port_name": ["Fake West", "Fake East"],
        "usps": ["CA", "TX"],
        "latitude": [32.54, 31.76],
        "longitude": [-117.03, -106.45],
    }
)
# Homicides: 1 a year unless given here; 02006 (San Quintín) has no polygon.
CHOSEN = {
    "02901": {2002: 10, 2003: 14, 2005: 20, 2006: 16},
    "02902": {2002: 2, 2003: 0, 2005: 3, 2006: 5},
    "08901": {2002: 30, 2003: 40, 2005: 70, 2006: 84},
    "31901": {2002: 500, 2003: 500, 2005: 0, 2006: 0},
    "02006": {2002: 7, 2003: 0, 2005: 9, 2006: 0},
}


def _homicides(changes=None):
    rows = [
        {"cvegeo": code, "year": year, "homicides": CHOSEN[code].get(year, 1)}
        for code in CHOSEN
        for year in range(2000, 2022)
    ]
    table = pd.DataFrame(rows).astype({"homicides": "Int64"})
    for (code, year), value in (changes or {}).items():
        table.loc[(table["cvegeo"] == code) & (table["year"] == year), "homicides"] = value
    return table


MUNICIPIOS = gpd.GeoDataFrame(
    {"cvegeo": list(SQUARES), "name": ["A", "D", "B", "C"]},
    geometry=list(SQUARES.values()),
    crs="EPSG:4326",
)


def _fixture(**options):
    return {"municipios": MUNICIPIOS, "homicides": _homicides(), "ports": PORTS, **options}


def test_the_fixture_by_hand():
    table = spillover(**_fixture()).set_index("group")
    ca, east, difference = (table.loc[g] for g in (CALIFORNIA, TX_AZ_NM, "difference"))
    # California: 02901 and 02902; before (2002, 2003), after (2005, 2006)
    assert ca["municipios"] == 2
    assert ca["mean_before"] == ((10 + 2) + (14 + 0)) / 2
    assert ca["mean_after"] == ((20 + 3) + (16 + 5)) / 2
    assert ca["change"] == 22 - 13
    assert ca["change_pct"] == pytest.approx((22 - 13) / 13 * 100)
    assert ca["log_change"] == pytest.approx(math.log(22 / 13))
    # Texas, Arizona, New Mexico: 08901 only (31901 is 945 km away)
    assert east["municipios"] == 1
    assert east["mean_before"] == (30 + 40) / 2
    assert east["mean_after"] == (70 + 84) / 2
    assert east["change"] == 77 - 35
    assert east["change_pct"] == pytest.approx(120.0)
    assert east["log_change"] == pytest.approx(math.log(77 / 35))
    assert difference["change_pct"] == pytest.approx(120 - 900 / 13)
    assert difference["log_change"] == pytest.approx(math.log(77 / 35) - math.log(22 / 13))
    assert pd.isna(difference["municipios"]) and pd.isna(difference["mean_before"])


def test_a_narrower_zone_and_other_periods_by_hand():
    table = spillover(**_fixture(within_km=40, before=2002, after=(2005, 2006)))
    ca = table.set_index("group").loc[CALIFORNIA]
    assert ca["municipios"] == 1  # 02902 is 58 km away
    assert ca["mean_before"] == 10 and ca["mean_after"] == (20 + 16) / 2
    assert ca["log_change"] == pytest.approx(math.log(18 / 10))
    assert table.attrs["municipios"] == {CALIFORNIA: 1, TX_AZ_NM: 1}
    wide = spillover(**_fixture(within_km=1000)).set_index("group")
    assert wide.loc[TX_AZ_NM, "municipios"] == 2  # now with 31901 by Mérida
    assert wide.loc[TX_AZ_NM, "mean_before"] == (530 + 540) / 2
    assert wide.loc[TX_AZ_NM, "mean_after"] == (70 + 84) / 2


def test_the_series_and_the_municipios_by_hand():
    series = spillover_series(**_fixture())
    assert len(series) == 44 and set(series["year"]) == set(range(2000, 2022))
    by = series.set_index(["year", "group"])["homicides"]
    assert by[(2000, CALIFORNIA)] == 1 + 1 and by[(2000, TX_AZ_NM)] == 1
    assert by[(2002, CALIFORNIA)] == 10 + 2 and by[(2006, TX_AZ_NM)] == 84
    zone = spillover_municipios(municipios=MUNICIPIOS, ports=PORTS)
    assert list(zone["cvegeo"]) == ["02901", "02902", "08901"]
    assert list(zone["group"]) == [CALIFORNIA, CALIFORNIA, TX_AZ_NM]
    assert list(zone["nearest_port"]) == ["9001", "9001", "9002"]
    assert zone["border_km"].between(5, 65).all()


def test_a_missing_figure_stays_missing():
    homicides = _homicides({("08901", 2003): pd.NA})
    table = spillover(**_fixture(homicides=homicides)).set_index("group")
    assert pd.isna(table.loc[TX_AZ_NM, "mean_before"])
    assert pd.isna(table.loc[TX_AZ_NM, "log_change"])
    assert pd.isna(table.loc["difference", "change_pct"])
    assert table.loc[CALIFORNIA, "mean_before"] == 13  # the other group is unchanged
    series = spillover_series(**_fixture(homicides=homicides)).set_index(["year", "group"])
    assert pd.isna(series.loc[(2003, TX_AZ_NM), "homicides"])
    assert series.loc[(2004, TX_AZ_NM), "homicides"] == 1


def test_codes_without_a_polygon_are_reported_with_their_homicides():
    table = spillover(**_fixture())
    assert table.attrs["excluded"] == [
        {
            "cvegeo": "02006",
            "name": "San Quintín",
            "homicides": {2002: 7, 2003: 0, 2005: 9, 2006: 0},
        }
    ]
    assert table.attrs["before"] == [2002, 2003] and table.attrs["after"] == [2005, 2006]
    assert "raw comparison" in table.attrs["what"]


def test_a_port_outside_the_border_states_is_an_error():
    ports = PORTS.assign(usps=["CA", "NY"])
    with pytest.raises(geo.DataError, match=r"nearest port\(s\) in \['NY'\]"):
        spillover(**_fixture(ports=ports))
    with pytest.raises(geo.DataError, match=r"homicides: missing column\(s\) \['year'\]"):
        spillover(**_fixture(homicides=_homicides().drop(columns="year")))
    words = _homicides().astype({"homicides": str}).assign(homicides="many")
    with pytest.raises(geo.DataError, match=r"column 'homicides' must hold counts"):
        spillover(**_fixture(homicides=words))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"within_km": 0}, r"within_km: 0 is not allowed; a distance in km, more than 0"),
        ({"within_km": -5}, r"within_km: -5 is not allowed"),
        ({"within_km": 1001}, r"within_km: 1001 is not allowed; .* at most 1000"),
        ({"within_km": float("nan")}, r"within_km: nan is not allowed"),
        ({"within_km": True}, r"within_km: True is not allowed"),
        ({"within_km": "100"}, r"within_km: '100' is not allowed"),
        ({"before": (2003, 2002)}, r"before: \(2003, 2002\) is not allowed; a year or"),
        ({"before": (1999, 2000)}, r"before: \(1999, 2000\) is not allowed; .* 2000-2021"),
        ({"after": (2020, 2022)}, r"after: \(2020, 2022\) is not allowed"),
        ({"after": "2005-2006"}, r"after: '2005-2006' is not allowed"),
        ({"after": (2005.0, 2006)}, r"after: \(2005.0, 2006\) is not allowed"),
        ({"after": ()}, r"after: \(\) is not allowed"),
        ({"before": (2002, 2005)}, r"before 2002-2005 must end before after 2005-2006 starts"),
    ],
)
def test_bad_options_name_the_option_and_what_is_allowed(options, message):
    with pytest.raises(geo.OptionError, match=message):
        spillover(**_fixture(**options))


@pytest.fixture(scope="module")
def real():
    return spillover()


def test_the_real_defaults_give_finite_figures_for_both_groups(real):
    assert analysis.spillover is spillover
    assert list(real["group"]) == [CALIFORNIA, TX_AZ_NM, "difference"]
    both = real.iloc[:2]
    numbers = both[["mean_before", "mean_after", "change", "change_pct", "log_change"]]
    assert np.isfinite(numbers.to_numpy(dtype=float)).all()
    assert (both["mean_before"] > 100).all()
    assert np.isfinite(real.iloc[2][["change_pct", "log_change"]].to_numpy(dtype=float)).all()
    counts = real.attrs["municipios"]
    assert counts == dict(zip(both["group"], both["municipios"], strict=True))
    assert counts[CALIFORNIA] >= 4 and counts[TX_AZ_NM] >= 38  # Tijuana ... Matamoros
    assert "Dube, A., Dube, O. & García-Ponce, O. (2013)" in real.attrs["citation"]
    assert "10.17605/OSF.IO/U8DC3" in real.attrs["credit"]
    assert "CC BY 4.0" in real.attrs["credit"]
    assert real.attrs["missing_figures"] == 0 and real.attrs["new_since_2000"] == []


def test_san_quintin_and_san_felipe_are_excluded_and_reported(real):
    excluded = real.attrs["excluded"]
    assert [e["cvegeo"] for e in excluded] == ["02006", "02007"]
    assert [e["name"] for e in excluded] == ["San Quintín", "San Felipe"]
    assert all(list(e["homicides"]) == [2002, 2003, 2005, 2006] for e in excluded)
    series = spillover_series()
    quintin = series.attrs["excluded"][0]["homicides"]
    assert quintin[2021] == 30 and sum(quintin.values()) == 39  # SOURCES.md: first in 2010
    zone = spillover_municipios()
    assert {"02001", "02002", "02003", "02004"} <= set(
        zone.loc[zone["group"] == CALIFORNIA, "cvegeo"]
    )
    assert zone.loc[zone["cvegeo"] == "08037", "group"].item() == TX_AZ_NM  # Juárez


def _texts(fig):
    FigureCanvasAgg(fig).draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_chart_says_what_it_shows_inside_the_picture(lang):
    series = spillover_series()
    fig = spillover_chart(series, lang=lang)
    shown = _texts(fig)
    words = " ".join(t.get_text() for t in shown)
    assert "100 km" in words and "2000\u20132021" in words and "2004" in words
    assert ("assault weapons ban" if lang == "en" else "armas de asalto") in words
    assert ("raw comparison" if lang == "en" else "comparación simple") in words
    assert "Dube" in words and "10.17605/OSF.IO/U8DC3" in words and "CC BY 4.0" in words
    assert "San Quintín (02006)" in words
    assert ("5,000" if lang == "en" else "5\u202f000") in words
    found = problems(fig)  # texts inside the figure and apart, as every map's (test_layout)
    assert not found, "\n".join(found)
    assert fig.ira_sources and "Gargiulo" in fig.ira_sources[0]["publisher"]


def test_the_chart_writes_spanish_numbers_and_refuses_a_bad_table():
    series = spillover_series(**_fixture(within_km=50.5))
    spanish = " ".join(t.get_text() for t in spillover_chart(series, lang="es").findobj(Text))
    english = " ".join(t.get_text() for t in spillover_chart(series, lang="en").findobj(Text))
    # Mexico writes a decimal point (as the rest of the atlas): Spanish words, the same figure.
    assert "50.5 km" in spanish and "50.5 km" in english and "municipios" in spanish
    assert "(1 municipio)" in english and "(1 municipios)" not in english
    bare = spillover_chart(series, frame=False)
    assert "Sources" not in " ".join(t.get_text() for t in bare.findobj(Text))
    with pytest.raises(geo.DataError, match=r"series: missing column\(s\) \['homicides'\]"):
        spillover_chart(series.drop(columns="homicides"))
    with pytest.raises(geo.OptionError, match=r"lang: 'fr' is not allowed"):
        spillover_chart(series, lang="fr")


def test_the_command_prints_and_writes_csv_and_png(tmp_path, capsys):
    csv = tmp_path / "spill.csv"
    assert geo.cli.main(["spillover", "--within-km", "100", "--out", str(csv)]) == 0
    out = capsys.readouterr().out
    assert "California" in out and "difference" in out and "raw comparison" in out
    assert "02006 San Quintín" in out and f"wrote {csv}" in out
    table = pd.read_csv(csv)
    assert list(table["group"]) == [CALIFORNIA, TX_AZ_NM, "difference"]
    assert table.loc[1, "change_pct"] == pytest.approx(spillover().loc[1, "change_pct"])
    png = tmp_path / "spill.png"
    args = ["spillover", "--before", "2002-2003", "--after", "2005", "--lang", "es"]
    assert geo.cli.main([*args, "--out", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--within-km", "0"], "ironriver: error: within_km: 0.0 is not allowed"),
        (["--before", "2005", "--after", "2004"], "must end before after 2004-2004 starts"),
        (["--before", "1990-1991"], "ironriver: error: before: (1990, 1991) is not allowed"),
        (["--out", "table.txt"], "suffix '.txt' is not allowed"),
    ],
)
def test_the_command_refuses_bad_options_in_one_line(args, message, capsys):
    assert geo.cli.main(["spillover", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_the_command_refuses_a_bad_period_before_running(capsys):
    with pytest.raises(SystemExit) as stop:
        geo.cli.main(["spillover", "--before", "2002/2003"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "'2002/2003' is not a year or a range of years like 2002-2003" in err

"""National context: every figure equals its reference, is cited, reads in both languages.

The reference files (``../shared/reference``) are read where present; a clean clone has no
``../shared``, so the literal figures below (copied from the reference notes and checked
against them when present) stand in, and the bundled tables are always checked against them.
"""

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from test_layout import problems

import geo
import geo.cli
from geo.charts import national_homicides_chart
from geo.context import COLUMNS, HEADLINES, _value_text, national_context, national_homicides
from geo.indicators import load_indicator

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"  # where tools/build_indicators.py reads it
needs_reference = pytest.mark.skipif(
    not (REFERENCE / "SOURCES.md").is_file(),
    reason=f"reference files not found at {REFERENCE} (a clean clone has no ../shared)",
)
# key -> (value, numerator, denominator) as the reference gives them (None: not given).
FIGURES = {
    "traced_us_origin_2009_2014": (70, 73_684, 104_850),
    "traced_us_origin_2014_2018": (70, None, None),
    "ffl_all_types_fy2023": (132_383, None, None),
    "ffl_dealing_2023_10": (78_787, None, None),
    "inegi_homicides_2024_preliminary": (33_241, None, None),
    "inegi_firearm_share_2024_preliminary": (71.8, None, 33_241),
    "sesnsp_firearm_share_2015": (57.4, None, 18_312),
    "sesnsp_firearm_share_2024": (71.6, None, 30_898),
    "inegi_homicides_2014_definitive": (20_010, None, None),
    "inegi_homicides_2015_definitive": (20_762, None, None),
    "inegi_homicides_2016_preliminary": (23_953, None, None),
    "inegi_homicides_2017_preliminary": (31_174, None, None),
    "inegi_homicides_2018_definitive": (36_685, None, None),
    "inegi_homicides_2019_definitive": (36_661, None, None),
    "inegi_homicides_2020_definitive": (36_773, None, None),
    "inegi_homicides_2021_definitive": (35_700, None, None),
    "inegi_homicides_2022_definitive": (33_287, None, None),
    "inegi_homicides_2023_definitive": (32_252, None, None),
    "inegi_firearm_share_2019_preliminary": (68.6, 25_030, 36_476),
    "inegi_firearm_share_2022_preliminary": (67.6, None, 32_223),
    "inegi_firearm_share_2023_preliminary": (70.0, None, 31_062),
}
VALUE_TEXT = {
    "en": [
        "70% (73,684 of 104,850)",
        "70%",
        "132,383 licensees",
        "78,787 licensees",
        "33,241 homicides (preliminary)",
        "71.8% of 33,241 homicides (preliminary)",
        "57.4% of 18,312 victims",
        "71.6% of 30,898 victims",
    ],
    "es": [
        "70% (73\u202f684 de 104\u202f850)",
        "70%",
        "132\u202f383 licenciatarios",
        "78\u202f787 licenciatarios",
        "33\u202f241 homicidios (cifra preliminar)",
        "71.8% de 33\u202f241 homicidios (cifra preliminar)",
        "57.4% de 18\u202f312 víctimas",
        "71.6% de 30\u202f898 víctimas",
    ],
}


def _reference(name):
    with open(REFERENCE / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _number(cell):
    return None if cell in ("", None) else float(cell)


def _reference_figures():
    """Every figure of FIGURES read again from the reference files and notes."""
    found = {}
    traces = {(r["source_key"], r["metric"]): r for r in _reference("atf_mexico_traces.csv")}
    origin = traces[("T2", "US-origin")]
    submitted = traces[("T2", "firearms seized and submitted for tracing")]
    found["traced_us_origin_2009_2014"] = (
        _number(origin["share_pct"]),
        _number(origin["value"]),
        _number(submitted["value"]),
    )
    t4 = traces[("T4", "share of seized and traced firearms of US origin")]
    found["traced_us_origin_2014_2018"] = (_number(t4["share_pct"]), None, None)
    notes = (REFERENCE / "SOURCES.md").read_text(encoding="utf-8")
    atf = re.search(r"Fiscal Year 2023\* \(July 2024\),\s+\S+ : ([\d,]+) active FFLs", notes)
    found["ffl_all_types_fy2023"] = (float(atf.group(1).replace(",", "")), None, None)
    dealing = sum(int(r["count"]) for r in _reference("us_ffl_by_state_recent.csv"))
    found["ffl_dealing_2023_10"] = (float(dealing), None, None)
    for r in _reference("mx_homicides_national_firearm_share.csv"):
        if not r["year"].isdigit():
            continue
        found[f"inegi_homicides_{r['year']}_{r['data_status']}"] = (
            _number(r["homicides"]),
            None,
            None,
        )
        if r["firearm_share_pct"]:
            found[f"inegi_firearm_share_{r['year']}_{r['data_status']}"] = (
                _number(r["firearm_share_pct"]),
                _number(r["firearm_homicides"]),
                _number(r["homicides"]),
            )
    for r in _reference("mx_homicides_by_state.csv"):
        if r["cve_ent"] == "00" and r["measure"].startswith(
            "SESNSP victimas de homicidio doloso +"
        ):
            share = round(float(r["firearm_share"]) * 100, 1)
            found[f"sesnsp_firearm_share_{r['year']}"] = (share, None, _number(r["homicides"]))
    return found


def _bundled():
    table = load_indicator("national_context").set_index("key")
    return {
        key: (
            row["value"],
            None if pd.isna(row["numerator"]) else row["numerator"],
            None if pd.isna(row["denominator"]) else row["denominator"],
        )
        for key, row in table.iterrows()
    }


# --- every figure equals its reference ---------------------------------------------------------


@needs_reference
def test_the_literal_figures_are_the_reference_files():
    reference = _reference_figures()
    for key, (value, part, whole) in FIGURES.items():
        ref_value, ref_part, ref_whole = reference[key]
        assert value == pytest.approx(ref_value), key
        assert whole is None or whole == ref_whole, key
        # A count behind a share is kept only where it gives the share the source states.
        assert part is None or part == ref_part, key
        if part is None and ref_part is not None:
            assert round(100 * ref_part / ref_whole, 1) != value, key


def test_the_bundled_table_holds_exactly_these_figures():
    bundled = _bundled()
    assert list(bundled) == list(FIGURES)  # headlines first, in order, then INEGI's years
    for key, (value, part, whole) in bundled.items():
        assert (value, part, whole) == (pytest.approx(FIGURES[key][0]), *FIGURES[key][1:]), key


def test_sesnsp_and_licensee_figures_equal_the_bundled_layer_tables():
    homicides = load_indicator("mx_homicides")
    national = homicides[homicides["cve_ent"] == "00"].set_index("year")
    for year in (2015, 2024):
        value, _, victims = FIGURES[f"sesnsp_firearm_share_{year}"]
        assert round(float(national.at[year, "firearm_share"]) * 100, 1) == value
        assert int(national.at[year, "homicides"]) == victims
    ffl = load_indicator("us_ffl")
    assert int(ffl.loc[ffl["as_of"] == "2023-10", "licensees"].sum()) == 78_787


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_figure_shown_equals_its_reference_value(lang):
    table = national_context(lang=lang)
    assert list(table.columns) == list(COLUMNS)
    assert tuple(table["key"]) == HEADLINES
    assert list(table["value"]) == pytest.approx([FIGURES[k][0] for k in HEADLINES])
    assert list(table["value_text"]) == VALUE_TEXT[lang]
    assert table["value"].dtype == float and table["estimate"].dtype == bool
    period = "año fiscal 2023" if lang == "es" else "FY2023"
    assert list(table["period"]) == [
        "2009-2014", "2014-2018", period, "2023-10", "2024", "2024", "2015", "2024"
    ]  # fmt: skip


@needs_reference
def test_the_figures_shown_are_read_again_from_the_reference():
    reference = _reference_figures()
    table = national_context()
    for row in table.itertuples():
        assert row.value == pytest.approx(reference[row.key][0]), row.key
    assert "73,684 of 104,850" in table.loc[0, "value_text"]
    assert reference["traced_us_origin_2009_2014"][1:] == (73_684, 104_850)


# --- nothing without a source --------------------------------------------------------------------


def test_every_row_is_cited():
    raw = load_indicator("national_context")
    for column in ("publisher", "title", "url", "source_key", "confidence"):
        assert raw[column].notna().all() and (raw[column].str.strip() != "").all(), column
    assert raw["year"].between(2016, 2025).all()
    assert raw["url"].str.match(r"https?://").all()
    table = national_context()
    cited = {(s["publisher"], s["title"], s["year"], s["url"]) for s in table.attrs["sources"]}
    shown = raw.set_index("key").loc[list(HEADLINES)]
    for row in shown.itertuples():
        assert (row.publisher, row.title, row.year, row.url) in cited
    for source in table.attrs["sources"]:
        assert set(source) == {"publisher", "title", "year", "url", "short"}
        assert all(str(v).strip() for v in source.values())
    assert all(str(s) in table.loc[i, "source"] for i, s in enumerate(shown["year"]))


@needs_reference
def test_every_citation_is_in_the_reference_notes():
    notes = (REFERENCE / "SOURCES.md").read_text(encoding="utf-8")
    raw = load_indicator("national_context")
    for row in raw.itertuples():
        repository = row.url.removeprefix("https://github.com/")
        assert row.url in notes or f"`{repository}`" in notes, row.url
        assert row.source_key in notes or row.source_key == "ATF-FY2023", row.key
        assert "headline not recorded" in row.title or row.title in notes, row.title


# --- both languages ------------------------------------------------------------------------------


def test_the_spanish_texts_are_complete_and_translated():
    english, spanish = national_context(lang="en"), national_context(lang="es")
    for column in ("figure", "definition", "caveat", "value_text", "period"):
        assert spanish[column].str.strip().ne("").all(), column
        for en, es in zip(english[column], spanish[column], strict=True):
            if re.search("[A-Za-z]{2,}", en):  # words, not only "70%" or "2009-2014"
                assert en != es, (column, en)
    assert "no es una proporción de todas las armas recuperadas" in spanish.loc[0, "definition"]
    assert "not a share of all guns recovered" in english.loc[0, "definition"]
    assert (english[["key", "value", "unit", "url", "estimate"]]).equals(
        spanish[["key", "value", "unit", "url", "estimate"]]
    )


def test_estimates_are_labelled_as_estimates():
    for lang, words in (
        ("en", ("about ", "(estimate)")),
        ("es", ("alrededor de ", "(estimación)")),
    ):
        table = national_context(lang=lang)
        for row in table[table["estimate"]].itertuples():
            assert row.value_text.startswith(words[0]) and words[1] in row.value_text
        row = pd.Series(
            {"key": "trafficked_2010_2012", "value": 200_000.0, "unit": "firearms_per_year",
             "numerator": pd.NA, "denominator": pd.NA, "estimate": True}
        )  # fmt: skip
        shown = _value_text(row, lang)
        assert shown.startswith(words[0]) and shown.endswith(words[1])
    # No estimate is in the reference with a source, so none is bundled.
    assert not load_indicator("national_context")["estimate"].any()


@pytest.mark.parametrize("lang", ["fr", "EN", None, 1])
def test_a_bad_language_is_an_option_error(lang):
    with pytest.raises(geo.OptionError, match="lang"):
        national_context(lang=lang)
    with pytest.raises(geo.OptionError, match="lang"):
        national_homicides_chart(national_homicides(), lang=lang)


# --- the homicide series -------------------------------------------------------------------------


def test_the_two_homicide_series_are_kept_apart():
    table = national_homicides()
    assert list(table.columns) == [
        "year", "series", "publisher", "homicides", "preliminary", "firearm_share",
        "share_preliminary",
    ]  # fmt: skip
    assert not table.duplicated(["year", "series"]).any()
    inegi = table[table["series"] == "inegi"].set_index("year")
    sesnsp = table[table["series"] == "sesnsp"].set_index("year")
    assert list(inegi.index) == list(range(2014, 2025))
    assert list(sesnsp.index) == list(range(2015, 2025))
    for year in inegi.index:
        status = "preliminary" if inegi.at[year, "preliminary"] else "definitive"
        assert inegi.at[year, "homicides"] == FIGURES[f"inegi_homicides_{year}_{status}"][0]
    assert [y for y in inegi.index if inegi.at[y, "preliminary"]] == [2016, 2017, 2024]
    shares = inegi["firearm_share"].dropna()
    assert list(shares.index) == [2019, 2022, 2023, 2024]
    assert inegi.loc[shares.index, "share_preliminary"].all()
    assert shares.to_list() == pytest.approx([0.686, 0.676, 0.700, 0.718])
    assert sesnsp.at[2024, "homicides"] == 30_898 and sesnsp.at[2015, "homicides"] == 18_312
    assert sesnsp.at[2024, "firearm_share"] == pytest.approx(0.716)
    assert not sesnsp["preliminary"].any()
    assert "INEGI" in inegi["publisher"].iloc[0] and "SESNSP" in sesnsp["publisher"].iloc[0]
    assert {s["short"] for s in table.attrs["series"]["sesnsp"]["sources"]} == {"SESNSP"}


def test_a_sesnsp_figure_that_differs_from_the_layer_table_is_refused(data_copy):
    path = data_copy / "indicators" / "national_context.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count("sesnsp_firearm_share_2024,2024,71.6,") == 1
    edited = text.replace("_2024,2024,71.6,", "_2024,2024,72.6,")
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(geo.DataError, match="sesnsp_firearm_share_2024 differs"):
        national_context()


def test_a_truncated_table_is_refused(data_copy):
    path = data_copy / "indicators" / "national_context.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(geo.DataError, match="20 rows where the bundled table has 21"):
        national_context()


# --- the chart -----------------------------------------------------------------------------------


def _texts(fig):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    shown = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return shown, {id(t): t.get_window_extent(renderer) for t in shown}


@pytest.mark.parametrize(("lang", "frame"), [("en", True), ("es", True), ("es", False)])
def test_the_chart_texts_are_inside_the_picture_and_apart(lang, frame):
    fig = national_homicides_chart(national_homicides(), lang=lang, frame=frame)
    shown, _ = _texts(fig)
    words = " ".join(t.get_text() for t in shown)
    assert "INEGI" in words and "SESNSP" in words
    assert ("never joined" if lang == "en" else "nunca unida") in words
    assert ("Preliminary figure" if lang == "en" else "Cifra preliminar") in words
    assert ("35,000" if lang == "en" else "35\u202f000") in words and "80%" in words
    assert (("Sources" if lang == "en" else "Fuentes") in words) == frame
    if frame:
        assert "2014\u20132024" in words and "El Universal (2025)" in words
    found = problems(fig)  # texts inside the figure and apart, as every map's (test_layout)
    assert not found, "\n".join(found)
    assert {s["short"] for s in fig.ira_sources} >= {"SESNSP", "El Universal"}


def test_the_chart_fits_a_smaller_picture_and_refuses_a_bad_table():
    fig = national_homicides_chart(national_homicides(), lang="es", size=(1280, 720))
    shown, boxes = _texts(fig)
    for artist in shown:
        assert boxes[id(artist)].x1 <= 1281, artist.get_text()[:40]
    with pytest.raises(geo.DataError, match=r"missing column\(s\) \['homicides'\]"):
        national_homicides_chart(national_homicides().drop(columns="homicides"))
    with pytest.raises(geo.OptionError, match="is not national_homicides"):
        national_homicides_chart([1, 2])


# --- the command ---------------------------------------------------------------------------------


def test_the_command_prints_and_writes_csv_and_images(tmp_path, capsys):
    assert geo.cli.main(["context"]) == 0
    out = capsys.readouterr().out
    assert "Crime guns traced to a US source, 2009-2014: 70% (73,684 of 104,850)" in out
    assert "GAO-16-223" in out and "78,787 licensees" in out
    csv_path = tmp_path / "context.csv"
    assert geo.cli.main(["context", "--lang", "es", "--out", str(csv_path)]) == 0
    out = capsys.readouterr().out
    assert "Armas rastreadas a una fuente en EE. UU., 2009-2014" in out
    assert f"wrote {csv_path}" in out
    written = pd.read_csv(csv_path)
    assert list(written.columns) == list(COLUMNS) and tuple(written["key"]) == HEADLINES
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")):
        path = tmp_path / f"chart{suffix}"
        assert geo.cli.main(["context", "--out", str(path)]) == 0
        assert path.read_bytes().startswith(magic)


def test_the_command_refuses_bad_options_in_one_line(capsys):
    assert geo.cli.main(["context", "--out", "table.txt"]) == 2
    err = capsys.readouterr().err
    assert "suffix '.txt' is not allowed" in err and "Traceback" not in err
    assert err.count("\n") == 1
    with pytest.raises(SystemExit) as stop:
        geo.cli.main(["context", "--lang", "fr"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'fr'" in err and err.count("\n") == 1

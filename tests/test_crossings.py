"""BTS crossings: the reader on a cut of the real file, the port layer over time, the chart."""

import gzip

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

import geo
from geo import layers
from geo.charts import crossings_chart
from geo.crossings import EVENTS, crossings_over_time, read_bts_annual, read_bts_crossings

CUT = "bts_cut_2019_2021.csv.gz"


def test_annual_sums_of_the_real_file_are_the_bundled_figures(fixtures):
    annual = read_bts_annual(fixtures / CUT).set_index(["port_code", "year", "measure"])
    bundled = geo.load_indicator("port_volumes_bts").set_index(["port_code", "year", "measure"])
    compared = 0
    for key in annual.index:
        if key in bundled.index and key[:2] in {("2302", 2019), ("2606", 2021)}:
            ours, theirs = annual.loc[key], bundled.loc[key]
            assert ours["months_present"] == theirs["months_present"], key
            assert ours["value"] == theirs["value"] or (
                pd.isna(ours["value"]) and pd.isna(theirs["value"])
            ), key
            compared += 1
    assert compared >= 6
    assert set(annual.index.get_level_values("port_code")) == {"2302", "2606"}  # no Canada


def test_a_repeated_row_counts_once_and_a_conflict_is_reported(fixtures):
    annual = read_bts_annual(fixtures / CUT).set_index(["port_code", "year", "measure"])
    raw = pd.read_csv(fixtures / CUT, dtype=str)
    june = raw[(raw["Port Code"] == "2302") & (raw["Date"] == "Jun 2019")]
    repeated = june[june.duplicated(keep=False)]
    assert len(repeated) == 4  # two rows, each twice (as in the whole file's six)
    vehicles = raw[(raw["Port Code"] == "2302") & (raw["Measure"] == "Personal Vehicles")]
    naive = vehicles["Value"].astype(int).sum()
    once = vehicles.drop_duplicates()["Value"].astype(int).sum()
    assert annual.at[("2302", 2019, "Personal Vehicles"), "value"] == once < naive
    assert pd.isna(annual.at[("2606", 2021, "Bus Passengers"), "value"])
    (conflict,) = read_bts_annual(fixtures / CUT).attrs["conflicts"]
    assert conflict["port_code"] == "2606" and conflict["month"] == "2021-02"
    assert sorted(conflict["values"]) == [0, 2175]


def test_the_gzip_file_reads_as_the_plain_one(fixtures, tmp_path):
    plain = tmp_path / "bts.csv"
    plain.write_bytes(gzip.decompress((fixtures / CUT).read_bytes()))
    a = read_bts_crossings(fixtures / CUT, year=2019)
    b = read_bts_crossings(plain, year=2019)
    pd.testing.assert_frame_equal(a, b)
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes((fixtures / CUT).read_bytes()[:700])
    with pytest.raises(geo.DataError, match=r"cut\.csv\.gz: not a complete gzip file"):
        read_bts_crossings(cut)


def test_every_port_has_a_2024_figure_and_the_busiest_are_the_known_ones():
    ports = layers.port_layer(period=2024)
    assert ports["personal_vehicles"].notna().sum() == 26  # the footbridges report none
    assert ports[layers.MEASURES.values()].notna().any(axis=1).all()  # 28 of 28 ports
    busiest = ports.nlargest(5, "personal_vehicles")["port_name"].tolist()
    assert busiest == ["San Ysidro", "El Paso", "Otay Mesa", "Calexico", "Laredo"]
    assert ports.nlargest(1, "trucks")["port_name"].item() == "Laredo"


def test_the_port_layer_is_the_bundled_complete_years():
    bts = geo.load_indicator("port_volumes_bts")
    for year in (1996, 2004, 2019, 2024):
        layer = layers.port_layer(period=year).set_index("port_code")
        rows = bts[bts["year"] == year]
        for _, row in rows.iterrows():
            shown = layer.at[row["port_code"], layers.MEASURES[row["measure"]]]
            if row["months_present"] == 12 and not pd.isna(row["value"]):
                assert shown == row["value"]
            else:
                assert pd.isna(shown)


def test_a_year_control_sizes_ports_on_one_scale():
    from geo.scene import MapSpec, build_scene

    spec = MapSpec(layers_shown=("ports",), years=(1996, 2004, 2024))
    series = build_scene(spec).layers["ports"].series
    assert series.years == (1996, 2004, 2024) and series.start == 2024
    keys = {series.sizes[y].keys for y in series.years}
    assert len(keys) == 1  # one legend scale for every year
    shares = {y: series.sizes[y].shares for y in series.years}
    assert max(float(pd.Series(s).max()) for s in shares.values()) == 1.0
    assert all(len(series.popups[y]) == 28 for y in series.years)


def test_crossings_over_time_leave_gaps_and_mark_the_events():
    table = crossings_over_time()
    assert set(table["measure"]) == {"personal_vehicles", "pedestrians", "trucks"}
    assert table.groupby("measure")["port_code"].nunique().eq(5).all()
    assert set(table["year"]) == set(range(1996, 2025))
    otay = table[(table["port_name"] == "Otay Mesa") & (table["measure"] == "trucks")]
    assert pd.isna(otay.set_index("year").at[2021, "value"])  # 11 months: a gap, not a sum
    assert [e[0] for e in table.attrs["events"]] == [e[0] for e in EVENTS] == [2004, 2020]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_crossings_chart_says_what_it_shows(lang):
    fig = crossings_chart(crossings_over_time(), lang=lang)
    texts = " ".join(t.get_text() for t in fig.findobj(Text))
    assert "1996-2024" in texts and "2004" in texts and "2020" in texts
    assert ("Trucks" if lang == "en" else "Camiones") in texts
    assert ("assault weapons ban" if lang == "en" else "armas de asalto") in texts
    assert "Border Crossing Entry Data" in texts and fig.ira_sources[0]["short"]
    width, _height = fig.get_size_inches() * fig.dpi
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    for artist in fig.findobj(Text):  # every text inside the picture
        if artist.get_text().strip():
            box = artist.get_window_extent(renderer)
            assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1, artist.get_text()


@pytest.mark.parametrize(("lang", "none"), [("en", "none reported"), ("es", "ninguno registrado")])
def test_a_measure_never_reported_says_so(lang, none):
    from geo.scene import MapSpec, build_scene

    layer = build_scene(MapSpec(layers_shown=("ports",), lang=lang)).layers["ports"]
    names = list(layer.gdf["port_name"])
    row = layer.table.rows[names.index("San Ysidro")]
    trucks = layer.table.header.index("Trucks" if lang == "en" else "Camiones")
    assert row[trucks] == none
    popup = " ".join(text for line in layer.popups[names.index("San Ysidro")] for _, text in line)
    assert none in popup and "14" in popup  # 14,829,472 vehicles in 2024


HEADER = "Port Name,State,Port Code,Border,Date,Measure,Value,Latitude,Longitude,Point\n"
ROW = "El Paso,Texas,2402,US-Mexico Border,Jan 2024,Trucks,10,31.76,-106.45,P\n"


def _bts(tmp_path, text, name="b.csv"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER + '"San Ysidro\n X",California,2504,US-Mexico Border,Jan 2024,Trucks,10,,,P\n',
         r"line 2: a quoted cell runs over 2 lines"),
        (HEADER + ROW.replace("Texas", "Maine"), r"line 2, column 'State': 'Maine'; one of"),
        (HEADER + ROW.replace("2402", ""), r"line 2, column 'Port Code': ''; a port code"),
        (HEADER + ROW.replace("31.76", "abc"), r"line 2, column 'Latitude': 'abc' is not a"),
        (HEADER + ROW.replace("31.76", "999"), r"line 2, column 'Latitude': '999' is above 90"),
        (HEADER + ROW.replace("Jan 2024", "Jan 1899"), r"line 2, column 'Date': a year outside"),
        ((HEADER + ROW.replace("El Paso", "Nogalés")).encode() + ROW.replace("El Paso", "Querétaro")
         .encode("cp1252"), r"byte \d+ \(line 3\) is not UTF-8 but other lines are"),
    ],
    ids=["quoted line break", "state", "port code", "latitude", "latitude range", "date",
         "mixed encodings"],
)  # fmt: skip
def test_bad_bts_rows_are_errors_naming_line_and_column(tmp_path, text, message):
    with pytest.raises(geo.DataError, match=message):
        read_bts_annual(_bts(tmp_path, text))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: read_bts_annual(None), geo.DataError, r"a file must be a path, not NoneType"),
        (lambda: read_bts_crossings("x.csv", months=[1, "a"]), geo.OptionError, r"months: 'a'"),
        (lambda: crossings_over_time(measures="trucks"), geo.OptionError, r"must be a list"),
        (lambda: crossings_over_time(measures=[]), geo.OptionError, r"the list is empty"),
        (lambda: crossings_over_time(ports=9), geo.OptionError, r"ports: 9"),
        (lambda: crossings_chart(None), geo.OptionError, r"NoneType is not crossings_over_time"),
        (lambda: crossings_chart(crossings_over_time().drop(columns="year")), geo.DataError,
         r"missing column\(s\) \['year'\]"),
        (lambda: crossings_chart(crossings_over_time(), size=(0, 0)), geo.OptionError,
         r"size: 0 is not allowed"),
        (lambda: geo.port_layer(table=crossings_over_time(), source="xyz"), geo.OptionError,
         r"port source: 'xyz'"),
    ],
    ids=["path None", "months", "measures str", "measures empty", "ports 9", "chart None",
         "chart no year", "chart size", "source with table"],
)  # fmt: skip
def test_bad_options_are_geo_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_eight_ports_get_eight_colours_and_repeated_measures_count_once():
    table = crossings_over_time(measures=["trucks", "trucks"], ports=8)
    assert table.groupby(["measure", "port_code", "year"]).size().max() == 1
    fig = crossings_chart(table)
    handles, _ = fig.axes[0].get_legend_handles_labels()
    assert len({handle.get_color() for handle in handles}) == 8


def test_a_recipe_year_that_a_layer_lacks_is_a_recipe_error(tmp_path):
    from geo.recipes import RecipeError, load_recipe

    path = tmp_path / "r.toml"
    path.write_text('layers = ["mx-homicides", "ports"]\nyear = 1999\n', encoding="utf-8")
    with pytest.raises(RecipeError, match=r"r\.toml: homicide_year: 1999 is not allowed"):
        load_recipe(path)

"""Hostile input at every entry point: a clear geo error, or a safe and correct output.

Each case is one row of a table below. A row of ``ERRORS`` calls an entry point with a hostile
or malformed input and must raise the named ``geo`` error whose message names the problem
(file, line, column, key, allowed values). A test of the "safe output" kind checks that the
input is shown or counted as it is, and that nothing ran: the template payloads would create
a folder or print 1337 if they were evaluated.
"""

import codecs
import os
import shutil
import sys

import folium
import geopandas as gpd
import markupsafe
import pandas as pd
import pytest
import shapely
from branca.element import MacroElement

import geo
import geo._draw
import geo.static
from geo import layers, scene, web
from geo._html import SafeMacro
from geo.cli import main
from geo.crossings import read_bts_crossings
from geo.ffl import read_ffl_listing
from geo.recipes import load_recipe, render_recipe
from geo.scene import MapSpec, build_scene

BTS_HEADER = "Port Name,State,Port Code,Border,Date,Measure,Value,Latitude,Longitude,Point\n"
BTS_ROW = "El Paso,Texas,2402,US-Mexico Border,Jan 2024,Trucks,{value},31.76,-106.45,\n"
FFL_ROW = "9\t\t\t01\t\t\tA\tB\t1 Main St\tEl Paso\tTX\t79901\t\t\t\t\t\n"
RUN = "{{ cycler.__init__.__globals__.os.mkdir(dict(PWNED=1)|join) }}"
MATH = "{{ 7*191 }} {% if 1 %}x{% endif %} {# c #} 50% {% of guns $5 and $9 $\\frac{$"


def write(folder, name, data):
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def mx(tmp_path, body, name="t.csv", header="estado,homicidios"):
    return write(tmp_path, name, f"{header}\n{body}")


# --- one row per hostile input: (id, call(tmp_path), error class, message pattern) ------------

ERRORS = [
    # counts that would wrap, overflow or lie
    (
        "count 1e30",
        lambda t: layers.homicide_layer(table=mx(t, "Sonora,1e30\n")),
        geo.DataError,
        r"column 'homicidios': line 2: '1e30' is above .* \(not a plausible count\)",
    ),
    (
        "count 2^63",
        lambda t: layers.homicide_layer(table=mx(t, "Sonora,9223372036854775808\n")),
        geo.DataError,
        r"line 2: '9223372036854775808' is above",
    ),
    (
        "count 1e400",
        lambda t: layers.homicide_layer(table=mx(t, "Sonora,1e400\n")),
        geo.DataError,
        r"line 2: '1e400' is not a finite number",
    ),
    (
        "count inf",
        lambda t: layers.homicide_layer(table=mx(t, "Sonora,inf\n")),
        geo.DataError,
        r"line 2: 'inf' is not a number",
    ),
    (
        "count 2.5",
        lambda t: layers.dealer_layer(table=mx(t, "Texas,2.5\n", header="state,count")),
        geo.DataError,
        r"column 'count': line 2: '2.5' is not a whole number",
    ),
    (
        "count negative",
        lambda t: layers.homicide_layer(table=mx(t, "Sonora,-1\n")),
        geo.DataError,
        r"line 2: '-1' is below 0",
    ),
    (
        "population 1e13",
        lambda t: layers.homicide_layer(
            table=mx(t, "Sonora,1,1e13\n", header="estado,homicidios,poblacion")
        ),
        geo.DataError,
        r"column 'poblacion': line 2: '1e13' is above",
    ),
    (
        "DataFrame count 1e30",
        lambda t: layers.homicide_layer(
            table=pd.DataFrame({"estado": ["Sonora"], "homicidios": [1e30]})
        ),
        geo.DataError,
        r"column 'homicidios': row 0: '1e\+30' is above",
    ),
    (
        "rank 0",
        lambda t: layers.gun_law_layer(table=mx(t, "Texas,F,0\n", header="state,grade,rank")),
        geo.DataError,
        r"column 'rank': line 2: '0' is below 1",
    ),
    # rows that would vanish or shift
    (
        "unclosed quote",
        lambda t: layers.homicide_layer(table=mx(t, 'Sonora,"12\nSinaloa,3\nDurango,4\n')),
        geo.DataError,
        r"line 2: a quoted cell runs over 3 lines \(an unclosed quote\?\)",
    ),
    (
        "unclosed quote closed later",
        lambda t: layers.homicide_layer(
            table=mx(t, 'Sonora,1,"a\nSinaloa,3,b"\n', header="estado,homicidios,nota")
        ),
        geo.DataError,
        r"line 2: a quoted cell runs over 2 lines",
    ),
    (
        "extra field",
        lambda t: layers.homicide_layer(table=mx(t, "Sonora,1,584\n")),
        geo.DataError,
        r"line 2 has 3 fields, the header has 2",
    ),
    (
        "cell over 128 KB",
        lambda t: layers.homicide_layer(table=mx(t, f"Sonora,{'9' * 200_000}\n")),
        geo.DataError,
        r"t\.csv: line 2: a cell is longer than 131,072 characters",
    ),
    (
        "header over 128 KB",
        lambda t: layers.homicide_layer(
            table=write(t, "t.csv", f"{'x' * 200_000},homicidios\nSonora,1\n")
        ),
        geo.DataError,
        r"line 1: a cell is longer than 131,072",
    ),
    (
        "only delimiters",
        lambda t: layers.homicide_layer(table=write(t, "t.csv", ",,,\n,,\n\t\t\n")),
        geo.DataError,
        r"t\.csv: the file is empty \(no header line",
    ),
    (
        "blank lines only",
        lambda t: layers.homicide_layer(table=write(t, "t.csv", "\n\n \n")),
        geo.DataError,
        r"the file is empty",
    ),
    (
        "rows over the limit",
        lambda t: layers.homicide_layer(
            table=write(t, "t.csv", "estado,homicidios\n" + "Sonora,1\n" * 1_000_001)
        ),
        geo.DataError,
        r"more than 1,000,000 rows",
    ),
    # encodings
    (
        "UTF-16 without BOM",
        lambda t: layers.homicide_layer(
            table=write(t, "t.csv", "estado,homicidios\nSonora,1\n".encode("utf-16-le"))
        ),
        geo.DataError,
        r"NUL byte at byte 1 \(line 1\): UTF-16 without a byte-order mark",
    ),
    (
        "BOM then cp1252",
        lambda t: layers.homicide_layer(
            table=write(
                t, "t.csv", codecs.BOM_UTF8 + "estado,homicidios\nQuerétaro,1\n".encode("cp1252")
            )
        ),
        geo.DataError,
        r"starts with a UTF-8 byte-order mark but byte 25 \(line 2\) is not UTF-8",
    ),
    (
        "binary file",
        lambda t: layers.homicide_layer(table=write(t, "t.csv", bytes(range(256)))),
        geo.DataError,
        r"NUL byte at byte 0",
    ),
    (
        "not a table",
        lambda t: layers.homicide_layer(table=42),
        geo.DataError,
        r"must be a DataFrame or a file path, not int",
    ),
    (
        "a folder as table",
        lambda t: layers.homicide_layer(table=t),
        geo.DataError,
        r"cannot be read \(Is a directory\)",
    ),
    # ports
    (
        "port latitude 999",
        lambda t: layers.port_layer(
            table=write(t, "p.csv", "port_code,latitude,longitude,pedestrians\n9999,999,-106,1\n")
        ),
        geo.DataError,
        r"column 'latitude': line 2: '999' is above 90",
    ),
    (
        "port latitude empty",
        lambda t: layers.port_layer(
            table=write(t, "p.csv", "port_code,latitude,longitude,pedestrians\n9999,,-106,1\n")
        ),
        geo.DataError,
        r"column 'latitude': a new port needs its latitude .*line 2",
    ),
    (
        "port latitude 1e400",
        lambda t: layers.port_layer(
            table=write(t, "p.csv", "port_code,latitude,longitude,pedestrians\n9999,1e400,-106,1\n")
        ),
        geo.DataError,
        r"'1e400' is not a finite number",
    ),
    (
        "port longitude -200",
        lambda t: layers.port_layer(
            table=write(t, "p.csv", "port_code,latitude,longitude\n9999,31,-200\n")
        ),
        geo.DataError,
        r"column 'longitude': line 2: '-200' is below -180",
    ),
    (
        "duplicated port_code",
        lambda t: layers.port_layer(
            table=write(t, "p.csv", "port_code,pedestrians\n2402,1\n2402,2\n")
        ),
        geo.DataError,
        r"column 'port_code': each row needs its own port_code; .*line 2 '2402', "
        r"line 3 '2402'",
    ),
    (
        "port volume 1e30",
        lambda t: layers.port_layer(table=write(t, "p.csv", "port_code,trucks\n2402,1e30\n")),
        geo.DataError,
        r"column 'trucks': line 2: '1e30' is above",
    ),
    # BTS
    (
        "BTS 0 bytes",
        lambda t: read_bts_crossings(write(t, "b.csv", b"")),
        geo.DataError,
        r"b\.csv: the file is empty",
    ),
    (
        "BTS negative value",
        lambda t: read_bts_crossings(write(t, "b.csv", BTS_HEADER + BTS_ROW.format(value=-5))),
        geo.DataError,
        r"line 2, column 'Value': '-5' is below 0",
    ),
    (
        "BTS value 1e30",
        lambda t: read_bts_crossings(write(t, "b.csv", BTS_HEADER + BTS_ROW.format(value="1e30"))),
        geo.DataError,
        r"line 2, column 'Value': '1e30' is above",
    ),
    (
        "BTS extra fields",
        lambda t: read_bts_crossings(
            write(t, "b.csv", BTS_HEADER + BTS_ROW.format(value="5,extra,more"))
        ),
        geo.DataError,
        r"line 2 has 12 fields, the header has 10",
    ),
    (
        "BTS months 'all'",
        lambda t: read_bts_crossings(
            write(t, "b.csv", BTS_HEADER + BTS_ROW.format(value=1)), months=[1.0]
        ),
        geo.OptionError,
        r"months: 1.0 is not allowed; valid: \[1, 2",
    ),
    # ATF listings
    (
        "FFL unknown type",
        lambda t: read_ffl_listing(write(t, "f.txt", FFL_ROW), types=["d"]),
        geo.DataError,
        r"unknown licence type 'd'; use a code or name",
    ),
    (
        "FFL cell over 128 KB",
        lambda t: read_ffl_listing(write(t, "f.txt", FFL_ROW.replace("1 Main St", "x" * 140_000))),
        geo.DataError,
        r"f\.txt: line 1: a cell is longer than 131,072",
    ),
    (
        "FFL foreign header",
        lambda t: read_ffl_listing(write(t, "f.txt", "LIC_X\tLIC_Y\n")),
        geo.DataError,
        r"line 1 is a header but not ATF's",
    ),
    (
        "FFL empty",
        lambda t: read_ffl_listing(write(t, "f.txt", "\n\n")),
        geo.DataError,
        r"f\.txt: the file is empty",
    ),
    # joins
    (
        "join_table geometry column",
        lambda t: geo.join_table(
            gpd.GeoDataFrame({"state": ["Texas"]}, geometry=[shapely.Point(0, 0)])
        ),
        geo.DataError,
        r"column\(s\) \['geometry'\] would clash",
    ),
    (
        "join_table key column",
        lambda t: geo.join_table(pd.DataFrame({"state": ["Texas"], "key": ["mine"]})),
        geo.DataError,
        r"column\(s\) \['key'\] would clash",
    ),
    (
        "join_table country column",
        lambda t: geo.join_table(pd.DataFrame({"state": ["Texas"], "country": ["USA"]})),
        geo.DataError,
        r"column\(s\) \['country'\] would clash",
    ),
    (
        "join_table same state twice",
        lambda t: geo.join_table(mx(t, "Texas,1\nTX,2\n", header="state,n")),
        geo.DataError,
        r"a state appears more than once: line 2 'Texas', line 3 'TX'",
    ),
    (
        "match_states dict",
        lambda t: geo.match_states([{}]),
        geo.UnknownNameError,
        r"<dict> \(missing or not a name\)",
    ),
    (
        "match_states a string",
        lambda t: geo.match_states("Sonora"),
        geo.OptionError,
        r"values must be a list or Series of names",
    ),
    (
        "match_states country",
        lambda t: geo.match_states(["Sonora"], country="mexico"),
        geo.OptionError,
        r"country must be 'us', 'mx' or None, not 'mexico'",
    ),
    (
        "count_points population 1900",
        lambda t: geo.count_points(
            pd.DataFrame({"lat": [31.0], "lon": [-100.0]}), population_year=1900
        ),
        geo.OptionError,
        r"population_year: 1900 is not allowed; valid: \[2016, 2020, 2023, 2024\]",
    ),
    (
        "count_points chunksize 0",
        lambda t: geo.count_points(write(t, "p.csv", "lat,lon\n1,2\n"), chunksize=0),
        geo.OptionError,
        r"chunksize: 0 is not allowed; a whole number 1-100000000",
    ),
    (
        "count_points no CRS",
        lambda t: geo.count_points(gpd.GeoDataFrame(geometry=[shapely.Point(-100, 31)])),
        geo.DataError,
        r"the points have no CRS",
    ),
    (
        "count_points polygons",
        lambda t: geo.count_points(gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 1, 1)], crs=4326)),
        geo.DataError,
        r"only points can be counted; found \['Polygon'\]",
    ),
    (
        "count_points unclosed quote",
        lambda t: geo.count_points(write(t, "p.csv", 'name,lat,lon\n"a,31,-100\nb,31,-100\n')),
        geo.DataError,
        r"line 2: a quoted cell runs over 2 lines",
    ),
    (
        "count_points no lat column",
        lambda t: geo.count_points(write(t, "p.csv", "a,b\n1,2\n")),
        geo.DataError,
        r"no latitude column; expected one of",
    ),
    (
        "count_points named column absent",
        lambda t: geo.count_points(write(t, "p.csv", "lat,lon\n1,2\n"), lat="y2"),
        geo.DataError,
        r"column\(s\) \['y2'\] must be in the header once",
    ),
    # layers and renderers: options
    (
        "static_map lang",
        lambda t: geo.static.static_map(lang="fr"),
        geo.OptionError,
        r"lang: 'fr' is not allowed; valid: \['en', 'es'\]",
    ),
    (
        "atlas_map title 2 MB",
        lambda t: web.atlas_map(title="x" * 2_000_000),
        geo.OptionError,
        r"title: 2,000,000 characters; at most 300",
    ),
    (
        "atlas_map title control",
        lambda t: web.atlas_map(title="a\x00b"),
        geo.OptionError,
        r"title: control character '\\x00' at position 1",
    ),
    (
        "atlas_map view",
        lambda t: web.atlas_map(view=[0, 0, float("nan"), 1]),
        geo.OptionError,
        r"view: nan is out of range",
    ),
    (
        "atlas_map layers string",
        lambda t: web.atlas_map(layers_shown="ports"),
        geo.OptionError,
        r"layers_shown: 'ports' must be a list",
    ),
    (
        "figure scale 1000",
        lambda t: geo.static.figure_bytes(None, "png", scale=1000),
        geo.OptionError,
        r"scale: 1000 is out of range; allowed: 0.25 to 4",
    ),
    (
        "indicator name",
        lambda t: geo.load_indicator("../../etc/passwd"),
        geo.OptionError,
        r"indicator table: '../../etc/passwd' is not allowed",
    ),
    (
        "homicide year text",
        lambda t: layers.homicide_layer(year="2024"),
        geo.DataError,
        r"homicide year '2024' is not in the data",
    ),
    (
        "write_layers onto a folder",
        lambda t: geo.io.write_layers(layers.port_layer(), t),
        geo.OptionError,
        r"unknown format ''",
    ),
    (
        "write_html under a file",
        lambda t: web.write_html(
            web.atlas_map(layers_shown=["border"]), write(t, "f", "x") / "a.html"
        ),
        geo.OutputError,
        r"f/a\.html: cannot be written \(.*/f is a file, not a folder\)",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "message"), [row[1:] for row in ERRORS], ids=[row[0] for row in ERRORS]
)
def test_hostile_input_is_a_clear_error(tmp_path, call, error, message):
    with pytest.raises(error, match=message) as info:
        call(tmp_path)
    assert isinstance(info.value, geo.GeoError)
    assert len(str(info.value)) < 600  # a message, not a dump of the input


# --- recipes: one row per bad key or value ------------------------------------------------------

RECIPES = [
    ("k = 2.0", "[classification]\nk = 2.0", r"key 'classification.k': 2\.0 is not allowed"),
    ("k = true", "[classification]\nk = true", r"key 'classification.k': True is not allowed"),
    ("compare text", 'compare = ["2015", 2024]', r"key 'compare' .*'2015' is not allowed"),
    ("compare reversed", "compare = [2024, 2015]", r"must be 2 different years, earlier first"),
    ("compare same", "compare = [2024, 2024]", r"must be 2 different years"),
    ("years text", 'years = [2015, "2016"]', r"key 'years': '2016' is not allowed"),
    ("title 2 MB", f'title = "{"x" * 60_000}"', r"key 'title.en': 60,000 characters"),
    ("title control", 'title = "a\\u0007b"', r"control character '\\x07'"),
    ("title by language", 'title = {fr = "x"}', r"key 'title' language: 'fr' is not allowed"),
    ("bands true", "bands_km = [true]", r"key 'bands_km': True is not a number"),
    ("bands zero", "bands_km = [0]", r"key 'bands_km': 0 is out of range"),
    ("view bool", "view = [true, 0, 1, 1]", r"key 'view': True is not a number"),
    ("view inverted", "view = [10, 0, 5, 1]", r"is not a box in degrees"),
    ("layers string", 'layers = "ports"', r"key 'layers': 'ports' must be a list"),
    ("layers empty", "layers = []", r"key 'layers': the list is empty"),
    ("labels string", 'labels = "ports"', r"key 'labels': 'ports' must be a list"),
    ("self_contained 1", "self_contained = 1", r"key 'self_contained': 1 is not allowed"),
    ("year float", "year = 2024.0", r"key 'year': 2024\.0 is not allowed"),
    ("layer_years", "[layer_years]\nports = 1990", r"key 'layer_years.ports': 1990"),
    ("too big", "# " + "x" * 70_000, r"70,002 bytes; a recipe is at most 64 KiB"),
    ("not UTF-8", b'title = "Quer\xe9taro"', r"not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), [r[1:] for r in RECIPES], ids=[r[0] for r in RECIPES])
def test_bad_recipe_is_a_recipe_error(tmp_path, text, message):
    path = write(tmp_path, "bad.toml", text)
    with pytest.raises(geo.RecipeError, match=message) as info:
        load_recipe(path)
    assert str(info.value).startswith(str(path))


# --- command line: exit status 2, one line, no traceback -----------------------------------------

CLI = [
    ("scale 0", ["render", "atlas", "--scale", "0"], r"scale: 0\.0 is out of range"),
    ("scale -1", ["render", "atlas", "--scale", "-1"], r"scale: -1\.0 is out of range"),
    ("scale nan", ["render", "atlas", "--scale", "nan"], r"scale: nan is out of range"),
    ("scale inf", ["render", "atlas", "--scale", "inf"], r"scale: inf is out of range"),
    ("scale 1000", ["render", "atlas", "--scale", "1000"], r"allowed: 0.25 to 4"),
    ("out is a file", ["render", "atlas", "--out", "{file}"], r"it is a file; give a folder"),
    ("out under a file", ["render", "atlas", "--out", "{file}/x"], r"is a file, not a folder"),
    ("unknown recipe", ["render", "nosuch"], r"nosuch: no such recipe file; recipes by name: "),
    ("year 2030", ["render", "atlas", "--year", "2030"], r"--year 2030: 2030 is not allowed"),
    ("compare order", ["render", "atlas", "--compare", "2024,2015"], r"earlier first"),
    ("brief out file", ["brief", "Phoenix", "-o", "{file}"], r"it is a file; give a folder"),
    ("brief unknown", ["brief", "Atlantis", "-o", "{tmp}"], r"Atlantis"),
    ("export onto folder", ["export", "ports", "-o", "{tmp}"], r"suffix '\(none\)' is not"),
    ("export dir.gpkg", ["export", "ports", "-o", "{dir}"], r"it is a folder; give a file name"),
    ("export under file", ["export", "ports", "-o", "{file}/a.gpkg"], r"is a file, not a folder"),
    ("export unknown", ["export", "roads", "-o", "{tmp}/a.gpkg"], r"layer: 'roads' is not"),
    ("deck pdf", ["deck", "atlas", "-o", "{tmp}/x.pdf"], r"suffix '\.pdf' is not allowed"),
    ("deck under file", ["deck", "atlas", "-o", "{file}/x.pptx"], r"is a file, not a folder"),
    (
        "render /proc",
        ["render", "atlas", "--format", "html", "--out", "/proc/ira"],
        r"/proc/ira.*cannot be written",
    ),
]


@pytest.mark.parametrize(("argv", "message"), [r[1:] for r in CLI], ids=[r[0] for r in CLI])
def test_command_line_errors_are_one_line(tmp_path, capsys, argv, message):
    file = write(tmp_path, "file.txt", "x")
    folder = tmp_path / "dir.gpkg"
    folder.mkdir()
    values = {"file": str(file), "tmp": str(tmp_path), "dir": str(folder)}
    argv = [a.format(**values) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("ironriver: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert __import__("re").search(message, err), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.gpkg", "file.txt"]


def test_command_line_finds_recipes_by_name_and_tells_its_version(tmp_path, capsys):
    assert main(["render", "atlas", "--format", "html", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "atlas.html").stat().st_size > 100_000
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert (
        info.value.code == 0 and capsys.readouterr().out.strip() == f"ironriver {geo.__version__}"
    )


# --- text from data never runs ------------------------------------------------------------------


def test_recipe_title_never_runs_as_a_template(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "r.toml", f"title = '{RUN}'\nsubtitle = '''{MATH}'''\n")
    recipe = load_recipe(path)
    (html,) = render_recipe(recipe, tmp_path / "out", formats=["html"])
    page = html.read_text()
    assert not (tmp_path / "PWNED").exists()
    encoded = web.dumps(MATH)[1:-1]  # as the page's JSON holds it
    assert RUN in page and encoded in page


def test_port_name_and_file_name_never_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    concat = "{{ 'ab' ~ 'cd' * 3 }}"  # would print "abcdcdcd" if it ran
    table = write(
        tmp_path,
        f"{concat}.csv",
        f'port_code,port_name,latitude,longitude,pedestrians\n9999,"{RUN} {concat}",'
        "31.7,-106.4,5\n",
    )
    ports = layers.port_layer(table=table, period=2024)
    page = web.render_html(web.atlas_map(layers_shown=["ports"], data={"ports": ports}))
    assert not (tmp_path / "PWNED").exists() and "abcdcdcd" not in page

    def as_shown(text):  # HTML-escaped, inside the page's JSON: the braces as typed
        return web.dumps(str(markupsafe.escape(text)))[1:-1]

    assert as_shown(f"{concat}.csv") in page  # the table's name, in the sources panel
    assert as_shown(f"{RUN} {concat}") in page  # the port's tooltip and popup


def test_notebook_display_never_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    m = web.atlas_map(layers_shown=["border"], title=RUN)
    shown = m._repr_html_()  # what Jupyter shows: the page in an iframe's srcdoc
    assert not (tmp_path / "PWNED").exists()
    assert "cycler.__init__.__globals__" in shown


def test_every_element_of_the_atlas_renders_safely():
    m = web.atlas_map(layers_shown=[*scene.LAYERS[:2], "ports", "border", "bands"], basemap=True)
    web.render_html(m)
    stack = [m.get_root()]
    while stack:
        element = stack.pop()
        stack.extend(element._children.values())
        if isinstance(element, MacroElement):
            assert isinstance(element, SafeMacro) or type(element).render is MacroElement.render


def test_an_element_that_renders_its_own_way_is_refused():
    m = web.atlas_map(layers_shown=["border"])
    folium.Marker([31, -106], tooltip="x").add_to(m)  # folium's own render, not a SafeMacro
    with pytest.raises(TypeError, match="Marker renders through branca's templates"):
        web.render_html(m)


def test_dollars_and_braces_are_text_in_static_maps(tmp_path):
    from geo.static import figure_bytes, static_map

    fig = static_map(layers_shown=["us-gun-laws"], title="$500 and $900", subtitle=MATH)
    texts = {t.get_text(): t for t in fig.texts}
    assert "$500 and $900" in texts and not texts["$500 and $900"].get_parse_math()
    assert figure_bytes(fig, "svg").count(b"<path") > 100  # $\frac{$ no longer crashes
    assert figure_bytes(fig, "pdf").startswith(b"%PDF")


def test_deck_titles_are_text(tmp_path):
    from pptx import Presentation

    path = write(tmp_path, "r.toml", 'title = "{{ 7*191 }} $5 and $9"\nlayers = ["us-gun-laws"]\n')
    assert main(["deck", str(path), "-o", str(tmp_path / "d.pptx")]) == 0
    slide = Presentation(tmp_path / "d.pptx").slides[1]  # after the national picture
    assert slide.shapes[0].text_frame.text == "{{ 7*191 }} $5 and $9"


# --- safe and correct outputs -------------------------------------------------------------------


def test_utf16_with_bom_is_read(tmp_path):
    text = "estado\thomicidios\nQuerétaro\t218\n"
    gdf = layers.homicide_layer(table=write(tmp_path, "t.csv", text.encode("utf-16")))
    assert gdf.set_index("abbrev").at["QRO", "homicides"] == 218


def test_line_numbers_count_blank_lines(tmp_path):
    with pytest.raises(geo.DataError, match=r"line 5: 'x' is not a number"):
        layers.homicide_layer(table=mx(tmp_path, "\nSonora,1\n\nSinaloa,x\n"))


@pytest.mark.parametrize("position", [65_535, 65_536, 65_537])
def test_points_file_with_multibyte_characters_anywhere(tmp_path, position):
    head = "name,lat,lon\n"
    filler = "a" * (position - len(head.encode()) - 1)
    text = f"{head}{filler}é,31.0,-100.0\n" + "Ciudad Juárez,31.7,-106.45\n" * 3
    counts = geo.count_points(write(tmp_path, "p.csv", text)).set_index("key")
    assert counts.at["08", "count"] == 3 and counts.at["TX", "count"] == 1


def test_points_file_with_a_latin1_byte_after_64_kb(tmp_path):
    rows = "x,31.0,-100.0\n" * 6000 + "Juárez,31.7,-106.45\n"
    counts = geo.count_points(write(tmp_path, "p.csv", ("n,lat,lon\n" + rows).encode("latin-1")))
    assert counts.set_index("key").at["08", "count"] == 1
    assert counts.attrs["points"] == 6001


def test_absurd_coordinates_are_unplaced_not_dropped(tmp_path):
    text = "lat,lon\n999,-106\n1e400,-106\nnan,-106\n31.7,-106.45\n"
    counts = geo.count_points(write(tmp_path, "p.csv", text))
    assert counts.attrs["unplaced"] == 3 and counts.attrs["unplaced_rows"] == [2, 3, 4]
    assert counts["count"].sum() == 1


def test_ffl_listing_with_a_blank_first_line_and_one_type_by_name(tmp_path):
    listing = read_ffl_listing(write(tmp_path, "f.txt", "\n" + FFL_ROW), types="dealer")
    assert len(listing) == 1 and listing.loc[0, "usps"] == "TX" and listing.attrs["rows"] == 1


def test_join_table_with_a_repeated_index_keeps_each_row(tmp_path):
    table = pd.DataFrame({"state": ["Texas", "California"], "n": [1, 2]}, index=[0, 0])
    joined = geo.join_table(table, country="us").set_index("key")
    assert joined.at["TX", "n"] == 1 and joined.at["CA", "n"] == 2


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text: text[: len(text) // 2].rsplit("\n", 1)[0] + "\n", r"rows where the bundled"),
        (lambda text: text[: len(text) // 2], r"fields, the header has .*truncated line"),
        (lambda text: text.replace("\n01,2024,", "\n01,2023,", 1), r"missing or repeated"),
        (lambda text: text.replace(",0.574,", ",57.4,", 1), r"'57.4' is above 1"),
    ],
    ids=["truncated at a line", "truncated mid-line", "duplicated key", "share above 1"],
)
def test_damaged_bundled_table_is_an_error(data_copy, edit, message):
    path = data_copy / "indicators" / "mx_homicides.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(geo.DataError, match=message) as info:
        layers.homicide_layer(year=2024)
    assert "mx_homicides.csv" in str(info.value)


def test_damaged_bundled_port_coordinates(data_copy):
    path = data_copy / "indicators" / "ports.csv"
    path.write_text(path.read_text().replace("32.542528", "325.42528"))
    with pytest.raises(geo.DataError, match=r"column 'latitude': line 2: '325.42528' is above 90"):
        layers.port_layer()


def test_bundled_data_dir_with_a_missing_table(data_copy):
    os.remove(data_copy / "indicators" / "us_ffl.csv")
    with pytest.raises(geo.DataError, match=r"us_ffl\.csv: cannot be read"):
        layers.dealer_layer()
    shutil.rmtree(data_copy / "indicators")


def test_python_dash_m_reports_bad_input_without_traceback(tmp_path):
    import subprocess

    path = write(tmp_path, "r.toml", "[classification]\nk = 2.0\n")
    result = subprocess.run(
        [sys.executable, "-m", "geo", "render", str(path), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "key 'classification.k': 2.0 is not allowed" in result.stderr


def test_utf16_cut_in_the_middle_is_an_error(tmp_path):
    data = "estado,homicidios\nSonora,1\n".encode("utf-16")[:-1]
    with pytest.raises(geo.DataError, match=r"t\.csv: line 2: not utf-16-le: truncated data"):
        layers.homicide_layer(table=write(tmp_path, "t.csv", data))


def test_bts_file_of_unknown_measures_is_an_error(tmp_path):
    text = BTS_HEADER + BTS_ROW.format(value=5).replace("Trucks", "Horses")
    with pytest.raises(geo.DataError, match=r"no rows of a known measure; found \['Horses'\]"):
        read_bts_crossings(write(tmp_path, "b.csv", text), months=[1])


def test_a_column_reads_with_one_decimal_mark(tmp_path):
    table = write(tmp_path, "j.csv", "estado;share\nSonora;0,5\nSinaloa;0,125\n")
    joined = geo.join_table(table, country="mx").set_index("key")
    assert joined.at["25", "share"] == 0.125 and joined.at["26", "share"] == 0.5
    counts = layers.homicide_layer(
        table=mx(tmp_path, "Sonora;1.000\nSinaloa;2,500\n", header=("estado;homicidios"))
    ).set_index("abbrev")
    assert counts.at["SON", "homicides"] == 1000 and counts.at["SIN", "homicides"] == 2500
    mixed = write(tmp_path, "m.csv", "estado;tasa;homicidios\nSonora;12,5;1\nSinaloa;1.5;2\n")
    with pytest.raises(geo.DataError, match=r"column 'tasa': mixes decimal points \('1.5'\)"):
        layers.homicide_layer(table=mixed)


def test_user_port_volumes_say_their_period(tmp_path, fixtures):
    table = write(tmp_path, "p.csv", "port_code,pedestrians\n2402,100\n")
    with pytest.raises(geo.OptionError, match=r"say which period the volumes cover"):
        layers.port_layer(table=table)
    january = read_bts_crossings(fixtures / "bts_crossings_sample.csv", year=2019, months=[1])
    assert layers.port_layer(table=january).attrs["year"] == "2019-01"
    with pytest.raises(geo.OptionError, match=r"the table states its period as '2019-01'"):
        layers.port_layer(table=january, period=2024)
    with pytest.raises(geo.OptionError, match=r"period 'nonsense': a year or 'YYYY-MM'"):
        layers.port_layer(table=table, period="nonsense")


def test_ports_with_no_volume_anywhere_are_drawn_alike():
    codes = geo.load_indicator("ports")["port_code"]
    table = pd.DataFrame({"port_code": codes, "personal_vehicles": 0})
    ports = layers.port_layer(table=table, period=2024)
    scene = build_scene(MapSpec(layers_shown=("ports",), data={"ports": ports}))
    assert scene.layers["ports"].sizes is None  # equal markers, and no division by zero
    assert set(web._points(scene.layers["ports"], "en")["r"]) == {5}
    assert set(geo._draw.marker_areas(scene.layers["ports"])) == {40.0}


TX = '"usps":"TX"'


@pytest.mark.parametrize(
    ("file", "edit", "message"),
    [
        (
            "indicators/us_gun_laws.csv",
            lambda t: t.replace("\nTX,Texas,F,", "\nTX,Texas,f,"),
            r"column 'giffords_2025_grade': not a known value: line \d+ 'f'",
        ),
        (
            "indicators/mx_homicides.csv",
            lambda t: t.replace("\n32,2024,", "\n33,2024,"),
            r"column 'cve_ent': not a known value: line \d+ '33'",
        ),
        (
            "indicators/mx_homicides.csv",
            lambda t: t.replace(",18312,", ",999999999,", 1),
            r"more homicides than inhabitants on line\(s\) \[2\]",
        ),
        (
            "indicators/us_gun_laws.csv",
            lambda t: t.replace("\nAL,Alabama,F,36,", "\nAL,Alabama,F,999,"),
            r"column 'giffords_2025_rank': line 2: '999' is above 50",
        ),
        (
            "indicators/ports.csv",
            lambda t: t.replace("\n", ",x\n").replace("coord_source,x", "coord_source,extra"),
            r"columns \[.*'extra'\]; the bundled table has",
        ),
        (
            "boundaries/us_states.geojson",
            lambda t: t.replace(TX, '"usps":"TEX"'),
            r"column 'usps' must hold .*unknown \['TEX'\], missing \['TX'\]",
        ),
    ],
    ids=["grade f", "state 33", "homicides over population", "rank 999", "extra column", "TEX"],
)
def test_edited_bundled_data_is_an_error(data_copy, file, edit, message):
    path = data_copy / file
    text = path.read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(geo.DataError, match=message):
        geo.corridors()


def test_counts_above_the_population_and_rows_outside_are_errors(tmp_path):
    table = mx(tmp_path, "Sonora,5000,100\n", header="estado,homicidios,poblacion")
    with pytest.raises(geo.DataError, match=r"more than the population: line 2 5,000 of 100"):
        layers.homicide_layer(table=table)
    outside = pd.DataFrame({"state": ["Puerto Rico", "Texas"], "n": [100, 2]})
    with pytest.raises(geo.DataError, match=r"outside the 50 states, DC and Mexico: row 0"):
        geo.join_table(outside)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda t: geo.io.write_layers({"sources": layers.port_layer()}, t / "a.gpkg"),
         geo.OptionError, r"layer name 'sources' is taken"),
        (lambda t: geo.io.write_layers({"": layers.port_layer()}, t / "a.gpkg"),
         geo.OptionError, r"layer name '': letters, digits"),
        (lambda t: geo.io.write_layers({"Ports": layers.port_layer(), "ports": layers.port_layer()},
                                       t / "a.gpkg"),
         geo.OptionError, r"layer name 'ports' is taken \(names are case-blind\)"),
        (lambda t: geo.io.write_layers({"x": [1, 2]}, t / "a.gpkg"),
         geo.OptionError, r"layer 'x' is a list, not a DataFrame"),
        (lambda t: geo.io.write_layers(pd.DataFrame({"a": [1]}), t / "a.geojson"),
         geo.DataError, r"GeoJSON needs a GeoDataFrame"),
        (lambda t: geo.io.write_layers(gpd.GeoDataFrame(geometry=[shapely.Point(-1.1e7, 3.6e6)]),
                                       t / "a.csv"),
         geo.DataError, r"has no CRS"),
        (lambda t: geo.io.write_layers(gpd.GeoDataFrame({"latitude": [1]}, geometry=[
            shapely.Point(0, 0)], crs=4326), t / "a.csv"),
         geo.DataError, r"has its own latitude/longitude columns"),
        (lambda t: geo.io.write_layers(gpd.GeoDataFrame(geometry=[shapely.Point(0, 0), shapely.box(
            0, 0, 1, 1)], crs=4326), t / "a.csv"),
         geo.DataError, r"mixes points with \['Point', 'Polygon'\]"),
        (lambda t: geo.count_points(pd.DataFrame({"lat": [31.0], "lon": [-100.0]}), lat="y2"),
         geo.DataError, r"column 'y2' must be in the points once"),
        (lambda t: geo.count_points(pd.DataFrame([[31.0, 31.0, -100.0]], columns=[
            "lat", "lat", "lon"])),
         geo.DataError, r"column 'lat' must be in the points once"),
        (lambda t: geo.count_points(pd.DataFrame({"a": [31.0]}), lat="a", lon="a"),
         geo.OptionError, r"lat and lon are both 'a'"),
        (lambda t: read_ffl_listing(write(t, "f.txt", FFL_ROW), types=5),
         geo.OptionError, r"types: 5 must be a list of licence types"),
        (lambda t: read_ffl_listing(write(t, "f.txt", FFL_ROW), types=[]),
         geo.OptionError, r"types: \[\] must be a list"),
        (lambda t: web.atlas_map(layers_shown=["us-dealers"], k=0),
         geo.OptionError, r"k: 0 is not allowed"),
        (lambda t: web.atlas_map(layers_shown=["mx-homicides"], years=[1999]),
         geo.OptionError, r"years: 1999 is not allowed"),
        (lambda t: web.atlas_map(layers_shown=["mx-homicides-change"], compare=(2015,)),
         geo.OptionError, r"compare: \[2015\] must be 2 different years"),
        (lambda t: web.atlas_map(data={"mx-homicides": layers.homicide_layer().drop(
            columns="name")}),
         geo.OptionError, r"data\['mx-homicides'\]: missing column\(s\) \['name'\]"),
        (lambda t: layers.dealer_layer(year=2023.0),
         geo.DataError, r"dealer year 2023.0 is not in the data"),
        (lambda t: geo.static.static_map(size=(0, 0)), geo.OptionError, r"size: 0 is not allowed"),
        (lambda t: geo.static.static_map(inset="abc"), geo.OptionError, r"inset: 'abc' is not"),
        (lambda t: geo.static.static_map(facts=[5]), geo.OptionError, r"facts: 5 is not text"),
        (lambda t: web.atlas_map(title="a\ufffeb"), geo.OptionError, r"character '\\ufffe'"),
    ],
    ids=["gpkg sources", "empty name", "names by case", "not a frame", "geojson no geometry",
         "csv no crs", "csv own latitude", "csv mixed", "lat absent", "lat twice", "lat is lon",
         "ffl types 5", "ffl types []", "k 0", "years 1999", "compare one", "data no name",
         "dealer year float", "size 0", "inset text", "facts number", "noncharacter"],
)  # fmt: skip
def test_more_hostile_options_are_clear_errors(tmp_path, call, error, message):
    with pytest.raises(error, match=message):
        call(tmp_path)


def test_a_read_only_output_is_not_replaced(tmp_path):
    target = write(tmp_path, "atlas.html", "kept")
    target.chmod(0o444)
    with pytest.raises(geo.OutputError, match=r"atlas\.html is read-only"):
        web.write_html(web.atlas_map(layers_shown=["border"]), target)
    assert target.read_text() == "kept"


def test_a_reader_that_stops_early_gets_no_traceback():
    import subprocess

    process = subprocess.Popen(
        [sys.executable, "-m", "geo", "layers"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    process.stdout.read(20)
    process.stdout.close()  # as `ironriver layers | head -c 20` does
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) in (0, 1) and "Traceback" not in stderr, stderr


def test_nothing_writes_into_the_bundled_data_but_the_build_tools(data_copy):
    target = data_copy / "indicators" / "ports.csv"
    before = target.read_bytes()
    with pytest.raises(
        geo.OutputError, match=r"ports\.csv: cannot be written \(it is inside the data"
    ):
        geo.io.write_layers(pd.DataFrame({"a": [1]}), target)
    with pytest.raises(geo.OutputError, match=r"inside the data folder"):
        web.write_html(web.atlas_map(layers_shown=["border"]), data_copy / "atlas.html")
    assert target.read_bytes() == before
    from geo._io import write_atomic

    assert write_atomic(data_copy / "x.csv", "a\n", data_folder=True).read_text() == "a\n"


def test_a_year_control_without_the_year_shown_opens_on_its_latest_year(tmp_path):
    m = web.atlas_map(layers_shown=["mx-homicides"], years=[2015, 2016])
    page = web.render_html(m)
    assert "Homicides in Mexico, year" in page and "2016" in page


def test_join_table_takes_a_state_column_named_key():
    joined = geo.join_table(
        pd.DataFrame({"key": ["TX"], "v": [1]}), state_column="key", country="us"
    )
    assert joined.set_index("key").at["TX", "v"] == 1 and "\x00state" not in joined.columns

"""Property-based tests of the readers and the name matcher, with hypothesis.

The contract: ANY input either parses to the right values, or raises a ``geo.GeoError``
subclass (``DataError`` for bad data, ``OptionError`` for a bad option), never another
exception (KeyError, IndexError, UnicodeDecodeError, TypeError, csv.Error, pandas errors...).
"Right values" are always computed here, independently of the package: numbers are generated,
formatted, written into a file and compared once read back; states are drawn from the catalogue
and spelled in some other way; points are drawn inside boxes known to lie in one state.

Every test runs with ``derandomize=True`` (the same examples on every run) and
``deadline=None``; ``max_examples`` is 150 for the pure functions, 40 for the tests that write
a file, 25 for those that build a layer or count points. The properties marked "Regression"
found a bug when they were written (an exception other than GeoError, or a wrong value); each
was kept as a strict xfail until the fix (commits 67a3a6a, 13d3162) and now guards it.
"""

import codecs
import contextlib
import csv
import io
import math
import string
import tempfile
import unicodedata
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

import geo
from geo._catalogue import MX_ALIASES, MX_STATES, US_ALIASES, US_STATES
from geo._read import MAX_COUNT, check_cell, iter_rows, parse_number, read_table, to_numbers
from geo.crossings import read_bts_crossings
from geo.ffl import FFL_COLUMNS, read_ffl_listing
from geo.indicators import load_indicator
from geo.layers import MEASURES

DataError, GeoError, OptionError = geo.DataError, geo.GeoError, geo.OptionError

PURE = settings(max_examples=150, deadline=None, derandomize=True)
FILES = settings(max_examples=40, deadline=None, derandomize=True)
SLOW = settings(max_examples=25, deadline=None, derandomize=True)

DELIMITERS = [",", ";", "\t", "|"]
BOMS_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
NO_DATA_MARKERS = ["N/D", "n/a", "NA", "S/D", "sd", "nd", "-", "\u2013", "\u2014", "..", "NaN"]
NO_DATA_MARKERS += ["null", "None"]
LETTERS = "ghjkmopqrsuvwxz"  # never a number, nor inf/nan/a no-data marker, in any case


# --- helpers ---------------------------------------------------------------------------------


def encode(text, encoding):
    """Bytes of a file: "utf-16" has its native BOM, "utf-16-be+bom" a big-endian one."""
    if encoding == "utf-16-be+bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


def csv_text(rows, *, delimiter=",", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator, quoting=quoting)
    writer.writerows(rows)
    return buffer.getvalue()


@contextlib.contextmanager
def written(data, name="table.csv"):
    """A file holding ``data`` (bytes, or text written as UTF-8), removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        yield path


def outcome(call, *args, **kwargs):
    """The result of a call, or the GeoError it raised; any other exception propagates."""
    try:
        return call(*args, **kwargs)
    except GeoError as exc:
        return exc


def refused(call, error=GeoError):
    """The ``error`` a call raised; an AssertionError if it returned."""
    try:
        result = call()
    except error as exc:
        return exc
    raise AssertionError(f"no {error.__name__}; returned {result!r:.300}")


def cells_of(df):
    """A table's cells as lists, None for a missing cell."""
    return [[None if pd.isna(v) else v for v in row] for row in df.itertuples(index=False)]


def expected_cell(text):
    text = text.strip()
    return text or None


# --- strategies ------------------------------------------------------------------------------

CELL_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\r\n\x00")
SPECIALS = ['"', ",", ";", "\t", "|", "{{", "}}", "{%", " ", "  ", "''", "N/D", "\ufeff"]
SPECIALS += ["é", "ñ", "Ñ", "\u2014", "\U0001f642", "\xa0", "\u2028", "\x85", "\x0b", "1,5"]
CELL = st.lists(st.one_of(st.text(CELL_CHARS, max_size=6), st.sampled_from(SPECIALS)), max_size=5)
CELL = CELL.map("".join)
# cp1252 text whose bytes are never valid UTF-8 (no continuation byte 0x80-0xBF), so the
# documented rule "valid UTF-8 everywhere is UTF-8" cannot reinterpret it.
CP1252_CHARS = "".join(c for c in string.printable if c not in "\r\n") + "áéíóúñüÁÉÍÓÚÑÜ"
CP1252_CELL = st.text(st.sampled_from(CP1252_CHARS), max_size=12)


def padded(text):
    return st.tuples(st.sampled_from(["", " ", "  "]), st.sampled_from(["", " ", "   "])).map(
        lambda pad: pad[0] + text + pad[1]
    )


def count_text(n):
    """A count written plainly, with "," or " " thousands separators, padded or not."""
    return st.sampled_from([str(n), f"{n:,}", f"{n:,}".replace(",", " ")]).flatmap(padded)


# --- numbers ---------------------------------------------------------------------------------


@PURE
@given(
    n=st.integers(-(10**18), 10**18),
    style=st.sampled_from(["plain", "comma", "space", "plus"]),
)
def test_parse_number_reads_integers_in_every_format(n, style):
    text = {
        "plain": str(n),
        "comma": f"{n:,}",
        "space": f"{n:,}".replace(",", " "),
        "plus": f"+{n}" if n >= 0 else str(n),
    }[style]
    assert parse_number(text) == float(n)


@PURE
@given(
    sign=st.sampled_from(["", "-", "+"]),
    whole=st.integers(0, 10**9),
    fraction=st.from_regex(r"\A[0-9]{1,6}\Z"),
    style=st.sampled_from(["point", "comma", "thousands", "spaces", "exponent"]),
    exponent=st.integers(-30, 30),
)
def test_parse_number_reads_decimals_with_a_point_or_a_comma(
    sign, whole, fraction, style, exponent
):
    dotted = f"{sign}{whole}.{fraction}"
    expected = float(dotted)
    if style == "point":
        text = dotted
    elif style == "comma":
        text = dotted.replace(".", ",")
        assert parse_number(text, ",") == expected  # read with the column's decimal comma
        return
    elif style == "thousands":
        text = f"{sign}{whole:,}.{fraction}"
    elif style == "spaces":
        text = f"{sign}{whole:,}.{fraction}".replace(",", " ")
    else:
        text = f"{dotted}e{exponent}"
        expected = float(text)
    assert parse_number(text) == expected


@PURE
@given(
    text=st.one_of(
        st.text(max_size=30),
        st.from_regex(r"\A[+-]?[0-9 ,.]{1,14}([eE][+-]?[0-9]{1,4})?\Z"),
        st.sampled_from(["1e400", "-1e400", "inf", "-Infinity", "nan", "1_000", "0x10", "١٢"]),
    ),
    integer=st.booleans(),
    minimum=st.one_of(st.none(), st.sampled_from([0, 1, -100])),
    maximum=st.one_of(st.none(), st.sampled_from([100, MAX_COUNT])),
)
def test_check_cell_returns_a_number_or_a_reason_for_any_text(text, integer, minimum, maximum):
    try:
        parsed = parse_number(text)
    except ValueError:
        parsed = None  # parse_number's documented refusal
    number, problem = check_cell(text, integer=integer, minimum=minimum, maximum=maximum)
    assert (number is None) != (problem is None)
    if number is not None:
        assert number == parsed and math.isfinite(number)
        assert not integer or number.is_integer()
        assert minimum is None or number >= minimum
        assert maximum is None or number <= maximum
    if set(text) <= set("0123456789.+-eE") and parsed is not None:
        assert parsed == float(text)  # plain numbers read as Python reads them


@st.composite
def numeric_column(draw):
    """(cell text, expected count or None) pairs: counts, no-data markers, empty cells."""
    kind = draw(st.sampled_from(["count", "count", "marker", "empty"]))
    if kind == "count":
        n = draw(st.integers(0, MAX_COUNT))
        return draw(count_text(n)), n
    if kind == "marker":
        marker = draw(st.sampled_from(NO_DATA_MARKERS))
        return draw(st.sampled_from([marker, marker.upper(), marker.lower()]).flatmap(padded)), None
    return draw(st.sampled_from(["", " ", "  "])), None


@FILES
@given(
    column=st.lists(numeric_column(), min_size=1, max_size=12),
    decimals=st.lists(
        st.tuples(st.integers(-(10**6), 10**6), st.from_regex(r"\A[0-9]{1,2}\Z")),
        min_size=12,
        max_size=12,
    ),
    delimiter=st.sampled_from(DELIMITERS),
    mark=st.sampled_from([".", ","]),
)
def test_to_numbers_reads_padded_counts_and_no_data_markers_from_a_file(
    column, decimals, delimiter, mark
):
    rows = [["name", "count", "value"]]
    expected_values = []
    for i, ((cell, _), (whole, fraction)) in enumerate(zip(column, decimals, strict=False)):
        dotted = f"{whole}.{fraction}"
        value = dotted.replace(".", mark)  # one decimal mark a column (two are refused)
        rows.append([f"r{i}", cell, value])
        expected_values.append(float(dotted))
    with written(csv_text(rows, delimiter=delimiter)) as path:
        df = read_table(path)
    counts = to_numbers(df, "count", integer=True)
    assert str(counts.dtype) == "Int64"
    assert [None if pd.isna(v) else int(v) for v in counts] == [n for _, n in column]
    values = to_numbers(df, "value", minimum=None)
    assert str(values.dtype) == "Float64"
    assert list(values) == expected_values


@st.composite
def bad_count(draw):
    """(cell, words of the reason given) for a cell that is no plausible count."""
    kind = draw(st.sampled_from(["big", "negative", "fraction", "infinite", "text", "inf"]))
    if kind == "big":
        return str(MAX_COUNT + draw(st.integers(1, 10**15))), "is above"
    if kind == "negative":
        return f"-{draw(st.integers(1, 10**6)):,}", "is below 0"
    if kind == "fraction":
        return f"{draw(st.integers(0, 10**6))}.{draw(st.integers(1, 9))}", "is not a whole number"
    if kind == "infinite":
        return draw(st.sampled_from(["1e400", "1" + "0" * 400])), "is not a finite number"
    if kind == "inf":
        return draw(st.sampled_from(["inf", "-inf", "Infinity", "1.2.3"])), "is not a number"
    return draw(st.text(st.sampled_from(LETTERS), min_size=1, max_size=10)), "is not a number"


@FILES
@given(
    counts=st.lists(st.integers(0, 10**6), min_size=1, max_size=8),
    blanks=st.lists(st.integers(0, 3), min_size=9, max_size=9),
    bad=bad_count(),
    where=st.integers(0, 7),
    column=st.sampled_from(["count", "homicidios", "Value", "núm"]),
)
def test_to_numbers_names_the_column_and_line_of_a_bad_cell(counts, blanks, bad, where, column):
    cell, reason = bad
    where = where % len(counts)
    lines, line = ["name," + column], 1
    for i, n in enumerate(counts):
        lines += [""] * blanks[i]
        line += blanks[i] + 1
        lines.append(f'r{i},"{cell if i == where else n}"')
        if i == where:
            bad_line = line
    with written("\n".join(lines) + "\n") as path:
        df = read_table(path)
        error = refused(lambda: to_numbers(df, column, integer=True), DataError)
    message = str(error)
    assert f"column {column!r}" in message
    assert f"line {bad_line}: {cell[:40]!r} {reason}" in message


# --- the reader ------------------------------------------------------------------------------


@FILES
@given(
    data=st.data(),
    width=st.integers(2, 5),
    delimiter=st.sampled_from(DELIMITERS),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be+bom", "cp1252"]),
    lineterminator=st.sampled_from(["\r\n", "\n", "\r"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_read_table_reads_back_the_cells_written(
    data, width, delimiter, encoding, lineterminator, quoting
):
    cell = CP1252_CELL if encoding == "cp1252" else CELL
    rows = data.draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=8))
    header = [f"c{i}" for i in range(width)]
    text = csv_text(
        [header, *rows], delimiter=delimiter, lineterminator=lineterminator, quoting=quoting
    )
    expected = [[expected_cell(c) for c in row] for row in rows]
    kept = [(i + 2, row) for i, row in enumerate(expected) if any(row)]
    with written(encode(text, encoding)) as path:
        if not kept:
            assert "header but no rows" in str(refused(lambda: read_table(path), DataError))
            return
        df = read_table(path)
    assert list(df.columns) == header
    assert list(df.index) == [line for line, _ in kept]  # file lines: header is line 1
    assert cells_of(df) == [row for _, row in kept]


@FILES
@given(
    rows=st.lists(
        st.lists(
            st.one_of(
                st.text(max_size=8),
                st.integers(),
                st.floats(),
                st.none(),
                st.booleans(),
            ),
            min_size=2,
            max_size=2,
        ),
        min_size=1,
        max_size=6,
    ),
    index=st.sampled_from(["range", "labels"]),
)
def test_read_table_reads_a_dataframe_as_stripped_text(rows, index):
    labels = range(len(rows)) if index == "range" else [f"x{i}" for i in range(len(rows))]
    source = pd.DataFrame(rows, columns=[" a", "b "], index=list(labels), dtype=object)

    def text(value):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return expected_cell(str(value))

    expected = [(label, [text(v) for v in row]) for label, row in zip(labels, rows, strict=True)]
    expected = [(label, row) for label, row in expected if any(v is not None for v in row)]
    result = outcome(read_table, source)
    if not expected:
        assert isinstance(result, DataError) and "header but no rows" in str(result)
        return
    assert list(result.columns) == ["a", "b"]
    assert list(result.index) == [label for label, _ in expected]
    assert cells_of(result) == [row for _, row in expected]


@FILES
@given(
    rows=st.lists(st.lists(st.text(st.sampled_from("ab ,;"), max_size=4), min_size=2, max_size=2)),
    where=st.integers(0, 20),
    broken=st.tuples(CELL, st.sampled_from(["\n", "\r\n", "\r", "\n\n"]), CELL),
    column=st.integers(0, 1),
)
def test_a_cell_holding_a_line_break_is_refused_at_its_line(rows, where, broken, column):
    rows = [[f"r{i}", *row] for i, row in enumerate(rows)]
    where = where % (len(rows) + 1)
    bad = [f"b{where}", "x", "y"]
    bad[column + 1] = "".join(broken)
    rows.insert(where, bad)
    with written(csv_text([["name", "c0", "c1"], *rows])) as path:
        error = refused(lambda: read_table(path), DataError)
    assert f"line {where + 2}: a quoted cell runs over" in str(error)


@FILES
@given(
    data=st.data(),
    delimiter=st.sampled_from(DELIMITERS),
    newline=st.sampled_from(["\n", "\r\n"]),
    counts=st.lists(st.integers(0, 10**6), min_size=1, max_size=8),
    bad=st.one_of(st.none(), st.integers(0, 7)),
)
def test_line_numbers_are_file_lines_whatever_the_blank_lines(
    data, delimiter, newline, counts, bad
):
    blank = st.sampled_from(["", " ", "\t", delimiter, f" {delimiter} "])
    lines = [*data.draw(st.lists(blank, max_size=3)), f"name{delimiter}count"]
    numbers = []
    for i, n in enumerate(counts):
        lines += data.draw(st.lists(blank, max_size=3))
        lines.append(f"r{i}{delimiter}{'x' if i == bad else n}")
        numbers.append(len(lines))
    header_line = lines.index(f"name{delimiter}count") + 1
    with written(newline.join(lines) + data.draw(st.sampled_from(["", newline]))) as path:
        filled = [n for n, cells in iter_rows(path) if any(c.strip() for c in cells)]
        assert filled == [header_line, *numbers]  # rows of spaces or delimiters may be yielded
        df = read_table(path)
    assert list(df.index) == numbers
    if bad is not None and bad < len(counts):
        error = refused(lambda: to_numbers(df, "count", integer=True), DataError)
        assert f"line {numbers[bad]}: 'x' is not a number" in str(error)
    else:
        assert list(to_numbers(df, "count", integer=True)) == counts


BYTE_PIECES = [b",", b";", b"\t", b"|", b'"', b"\n", b"\r", b"\r\n", b"a", b"1", b" "]
BYTE_PIECES += [b"\xc3\xa9", b"\xe9", b"\xef\xbb\xbf", b"\x81", b"\xc3", b"\x00", b"N/D", b"\x85"]
BYTE_PIECES += [b"\xe2\x80"]
RANDOM_BYTES = st.one_of(
    st.binary(max_size=300),
    st.tuples(st.sampled_from(BOMS_UTF16), st.binary(max_size=100)).map(b"".join),
    st.lists(
        st.sampled_from(BYTE_PIECES),
        max_size=60,
    ).map(b"".join),
)


@FILES
@given(data=RANDOM_BYTES)
def test_random_bytes_give_a_table_or_a_geo_error(data):
    with written(data) as path:
        encoding = outcome(geo._read.sniff_encoding, path)
        if data[:2] in BOMS_UTF16:
            assert encoding == "utf-16"
        else:
            assert b"\x00" not in data or isinstance(encoding, DataError)  # NUL: not text
            assert isinstance(encoding, DataError) or encoding in ("utf-8-sig", "cp1252", "latin-1")
        outcome(lambda: list(iter_rows(path)))
        table = outcome(read_table, path)
    assert isinstance(table, GeoError | pd.DataFrame)


@FILES
@given(
    text=st.lists(
        st.one_of(
            st.sampled_from([",", ";", "\t", "|", '"', "\n", "\r", " ", "a", "1", "é", "\ufeff"]),
            st.text(CELL_CHARS, max_size=4),
        ),
        max_size=60,
    ).map("".join),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be+bom", "cp1252"]),
)
def test_random_text_files_give_a_clean_table_or_a_geo_error(text, encoding):
    try:
        data = encode(text, encoding)
    except UnicodeEncodeError:
        data = encode(text.encode("cp1252", "replace").decode("cp1252"), encoding)
    with written(data) as path:
        table = outcome(read_table, path)
    if isinstance(table, GeoError):
        return
    assert table.columns.is_unique
    assert all(isinstance(c, str) and c == c.strip() for c in table.columns)
    for row in cells_of(table):
        assert any(v is not None for v in row)
        assert all(v is None or (isinstance(v, str) and v and v == v.strip()) for v in row)
    assert table.index.is_monotonic_increasing and table.index.min() >= 2


# Regression: b'\xff\xfea' (a UTF-16 BOM, then an odd byte) raised UnicodeDecodeError.
@FILES
@given(bom=st.sampled_from(BOMS_UTF16), data=st.binary(max_size=100))
@example(bom=codecs.BOM_UTF16_LE, data=b"a")
def test_utf16_bom_with_bytes_that_are_not_utf16_gives_a_geo_error(bom, data):
    with written(bom + data) as path:
        assert isinstance(outcome(read_table, path), GeoError | pd.DataFrame)


# Regression: a UTF-8 BOM file cut inside a character (b'...\xc3' at the end) was read as
# cp1252, the BOM becoming 'ï»¿' in the header.
@FILES
@given(
    text=st.text(CELL_CHARS, max_size=20),
    bad=st.sampled_from([b"\xff", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x99", b"\x81"]),
    where=st.integers(0, 40),
)
@example(text="a,b\n1,2", bad=b"\xc3", where=40)
def test_a_utf8_bom_file_with_bytes_that_are_not_utf8_is_refused(text, bad, where):
    body = ("c0,c1\n" + text).encode("utf-8")
    where = min(where, len(body))
    while where < len(body) and (body[where] & 0xC0) == 0x80:  # not inside a character
        where += 1
    with written(codecs.BOM_UTF8 + body[:where] + bad + body[where:]) as path:
        error = refused(lambda: read_table(path), DataError)
    assert "starts with a UTF-8 byte-order mark" in str(error)


# --- names -----------------------------------------------------------------------------------

NAMES = sorted(
    {("us", usps, name) for _, usps, name in US_STATES}
    | {("us", usps, alias) for usps, aliases in US_ALIASES.items() for alias in aliases}
    | {("mx", cve, name) for cve, name, official, _ in MX_STATES for name in (name, official)}
    | {("mx", cve, alias) for cve, aliases in MX_ALIASES.items() for alias in aliases}
)
SEPARATORS = [" ", "  ", "-", "_", ", ", " / ", "\t", " - ", "\u00a0"]


@st.composite
def respelled(draw, text):
    """Spell a name otherwise: case, accents dropped or added, separators, dots, padding."""
    words = []
    for word in text.replace(",", " ").replace("-", " ").split():
        chars = []
        for ch in unicodedata.normalize("NFD", word):
            if unicodedata.combining(ch) and draw(st.booleans()):
                continue  # an accent dropped
            chars.append(ch.upper() if draw(st.booleans()) else ch.lower())
            if ch.isalpha() and draw(st.integers(0, 9)) == 0:
                chars.append(draw(st.sampled_from([".", "'", "\u0301", "\u0308"])))
        words.append("".join(chars))
    joined = words[0]
    for word in words[1:]:
        joined += draw(st.sampled_from(SEPARATORS)) + word
    form = draw(st.sampled_from(["NFC", "NFD", "NFKC"]))
    ends = st.sampled_from(["", " ", "  ", "\t", ".", "-", "*", "(", ")", " ,"])
    return draw(ends) + unicodedata.normalize(form, joined) + draw(ends)


@PURE
@given(data=st.data(), entry=st.sampled_from(NAMES))
def test_match_states_reads_every_name_in_any_spelling(data, entry):
    country, key, name = entry
    spelled = data.draw(respelled(name))
    result = geo.match_states([spelled], country=country)
    assert (result.at[0, "country"], result.at[0, "key"]) == (country, key), spelled


@st.composite
def code_forms(draw):
    """(value, country, key) for a FIPS, USPS, cve_ent or abbreviation in some form."""
    kind = draw(st.sampled_from(["fips", "usps", "cve_ent", "abbrev"]))
    if kind in ("fips", "cve_ent"):
        country = "us" if kind == "fips" else "mx"
        code, key = draw(
            st.sampled_from(
                [(f, u) for f, u, _ in US_STATES]
                if kind == "fips"
                else [(c, c) for c, *_ in MX_STATES]
            )
        )
        forms = [code, f" {code} ", int(code), float(int(code)), str(int(code))]
        return draw(st.sampled_from(forms)), country, key
    country = "us" if kind == "usps" else "mx"
    key, code = draw(
        st.sampled_from(
            [(u, u) for _, u, _ in US_STATES]
            if kind == "usps"
            else [(c, a) for c, *_, a in MX_STATES]
        )
    )
    cased = "".join(ch.lower() if draw(st.booleans()) else ch for ch in code)
    dotted = "".join(ch + (draw(st.sampled_from(["", "."]))) for ch in cased)
    return draw(st.sampled_from(["", " "])) + dotted, country, key


@PURE
@given(codes=st.lists(code_forms(), min_size=1, max_size=6))
def test_match_states_reads_every_code_in_any_form(codes):
    for country in ("us", "mx"):
        mine = [(value, key) for value, c, key in codes if c == country]
        if mine:
            result = geo.match_states(pd.Series([v for v, _ in mine]), country=country)
            assert list(result["key"]) == [key for _, key in mine]
            assert set(result["country"]) == {country}


KNOWN = [name for _, _, name in NAMES] + ["TX", "06", 6, 48.0, "cdmx", "Son"]
ANY_VALUE = st.one_of(
    st.text(max_size=20),
    st.sampled_from(KNOWN),
    st.integers(),
    st.floats(),
    st.none(),
    st.booleans(),
    st.binary(max_size=6),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.lists(st.integers(), max_size=3),
    st.tuples(st.integers(), st.text(max_size=2)),
    st.decimals(),
    st.fractions(),
    st.complex_numbers(),
    st.datetimes(),
    st.sampled_from([pd.NA, pd.NaT, np.nan, np.int64(6), np.float64(48.0), np.str_("TX")]),
)


@PURE
@given(
    values=st.lists(ANY_VALUE, max_size=6),
    container=st.sampled_from(["list", "tuple", "series", "generator", "array"]),
    country=st.sampled_from([None, "us", "mx"]),
    where=st.text(max_size=10),
)
def test_match_states_any_values_give_a_result_or_an_unknown_name_error(
    values, container, country, where
):
    if container == "array":
        wrapped = np.empty(len(values), dtype=object)
        wrapped[:] = values if values else []
    else:
        wrapped = {
            "list": lambda: list(values),
            "tuple": lambda: tuple(values),
            "series": lambda: pd.Series(
                values, index=[f"i{i}" for i in range(len(values))], dtype=object
            ),
            "generator": lambda: (v for v in values),
        }[container]()
    try:
        result = geo.match_states(wrapped, country=country, where=where)
    except geo.UnknownNameError as exc:
        assert exc.unmatched or exc.ambiguous
        return
    assert len(result) == len(values)
    assert list(result.columns) == ["country", "key", "name"]
    valid = {("us", u) for _, u, _ in US_STATES} | {("mx", c) for c, *_ in MX_STATES}
    assert set(zip(result["country"], result["key"], strict=True)) <= valid
    assert country is None or set(result["country"]) <= {country}


@PURE
@given(values=st.one_of(st.text(), st.binary(), st.integers(), st.none(), st.floats()))
def test_match_states_refuses_a_lone_value_as_an_option_error(values):
    assert isinstance(refused(lambda: geo.match_states(values), OptionError), OptionError)


# Regression: match_states([1, True], country='us') gave AL twice (True == 1 shared a match).
@PURE
@given(
    values=st.lists(
        st.sampled_from(
            [1, 1.0, True, "01", "AL", 6, "6", Decimal(6), 48, np.int64(48), "TX", False, 0, None]
        ),
        min_size=1,
        max_size=5,
    )
)
@example(values=[1, True])
def test_match_states_reads_each_value_as_it_would_alone(values):
    alone = []
    for value in values:
        result = outcome(geo.match_states, [value], country="us")
        alone.append(None if isinstance(result, GeoError) else result.at[0, "key"])
    together = outcome(geo.match_states, values, country="us")
    if isinstance(together, GeoError):
        assert None in alone, f"{values!r} refused, each alone matches"
    else:
        assert list(together["key"]) == alone, f"{values!r} matched as {list(together['key'])}"


# Regression: numpy integers (an Int64 Series, an int array) were 'missing or not a name'.
@PURE
@given(
    state=st.sampled_from(US_STATES),
    form=st.sampled_from(["Int64", "int64 array", "np.int32", "np.uint8"]),
)
def test_match_states_reads_numpy_integer_codes(state, form):
    fips, usps, _ = state
    values = {
        "Int64": pd.Series([int(fips)], dtype="Int64"),
        "int64 array": np.array([int(fips)]),
        "np.int32": [np.int32(int(fips))],
        "np.uint8": [np.uint8(int(fips))],
    }[form]
    assert geo.match_states(values, country="us").iloc[0]["key"] == usps


# --- layers ----------------------------------------------------------------------------------

LAYERS = {
    # country: (layer, states as (key, labels), count columns, key column, count, rate)
    "mx": (
        geo.homicide_layer,
        [(cve, (cve, name, official, abbrev)) for cve, name, official, abbrev in MX_STATES],
        ["homicidios", "homicides", "victimas"],
        "cve_ent",
        "homicides",
        "rate_per_100k",
    ),
    "us": (
        geo.dealer_layer,
        [(usps, (fips, usps, name)) for fips, usps, name in US_STATES if usps != "PR"],
        ["licensees", "count", "dealers"],
        "usps",
        "licensees",
        "licensees_per_100k",
    ),
}


@st.composite
def layer_table(draw, country):
    """A user table for a layer: rows of (label, count, population) and what they mean."""
    _, states, count_columns, *_ = LAYERS[country]
    chosen = draw(
        st.lists(st.sampled_from(states), min_size=1, max_size=8, unique_by=lambda s: s[0])
    )
    header = [draw(st.sampled_from(["estado", "entidad", "state", "name"]))]
    header += [
        draw(st.sampled_from(count_columns)),
        draw(st.sampled_from(["population", "poblacion"])),
    ]
    rows, expected = [], {}
    for key, labels in chosen:
        population = draw(st.integers(1, 10**9))
        count = draw(st.integers(0, min(population, 10**8)))  # never more than the population
        rows.append(
            [draw(st.sampled_from(labels)), draw(count_text(count)), draw(count_text(population))]
        )
        expected[key] = (count, population)
    return header, rows, expected


@SLOW
@given(
    data=st.data(),
    country=st.sampled_from(["mx", "us"]),
    source=st.sampled_from(["file", "dataframe"]),
    delimiter=st.sampled_from(DELIMITERS),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]),
)
def test_layer_rates_are_count_over_population_from_a_generated_table(
    data, country, source, delimiter, encoding
):
    layer, states, _, key_column, count_column, rate_column = LAYERS[country]
    header, rows, expected = data.draw(layer_table(country))
    if source == "dataframe":
        gdf = layer(table=pd.DataFrame(rows, columns=header, dtype=object))
    else:
        with written(encode(csv_text([header, *rows], delimiter=delimiter), encoding)) as path:
            gdf = layer(table=path)
    assert len(gdf) == len(states) and gdf[key_column].is_unique
    by_key = gdf.set_index(key_column)
    for key, _ in states:
        if key in expected:
            count, population = expected[key]
            assert by_key.at[key, count_column] == count
            assert by_key.at[key, "population"] == population
            assert math.isclose(by_key.at[key, rate_column], count / population * 100_000)
        else:
            assert pd.isna(by_key.at[key, count_column]) and pd.isna(by_key.at[key, rate_column])


@SLOW
@given(
    data=st.data(),
    country=st.sampled_from(["mx", "us"]),
    source=st.sampled_from(["file", "dataframe"]),
    bad=bad_count(),
    population=st.booleans(),
)
def test_layer_refuses_a_hostile_count_naming_its_row(data, country, source, bad, population):
    layer = LAYERS[country][0]
    header, rows, _ = data.draw(layer_table(country))
    cell, reason = bad
    which = data.draw(st.integers(0, len(rows) - 1))
    column = 2 if population else 1
    if population and reason == "is below 0":
        cell, reason = "0", "is below 1"  # a population of 0 is no population either
    rows[which][column] = cell
    if source == "dataframe":
        index = [f"k{i}" for i in range(len(rows))]
        table = pd.DataFrame(rows, columns=header, index=index, dtype=object)
        message = str(refused(lambda: layer(table=table), DataError))
        where = f"row 'k{which}'"
    else:
        text = csv_text([header, *rows], delimiter=data.draw(st.sampled_from(DELIMITERS)))
        with written(text) as path:
            message = str(refused(lambda: layer(table=path), DataError))
        where = f"line {which + 2}"
    assert f"column {header[column]!r}" in message
    assert f"{where}: {cell[:40]!r} {reason}" in message


@SLOW
@given(
    data=st.data(),
    measures=st.lists(st.sampled_from(sorted(MEASURES.values())), min_size=1, unique=True),
    delimiter=st.sampled_from(DELIMITERS),
)
def test_port_layer_reads_generated_volumes(data, measures, delimiter):
    codes = list(load_indicator("ports")["port_code"])
    chosen = data.draw(st.lists(st.sampled_from(codes), min_size=1, max_size=6, unique=True))
    rows, expected = [], {}
    for code in chosen:
        values = [data.draw(st.integers(0, MAX_COUNT)) for _ in measures]
        rows.append([code, *[data.draw(count_text(v)) for v in values]])
        expected[code] = values
    with written(csv_text([["port_code", *measures], *rows], delimiter=delimiter)) as path:
        gdf = geo.port_layer(table=path, period="2023-01")
    assert sorted(gdf["port_code"]) == sorted(codes)
    by_code = gdf.set_index("port_code")
    for code in codes:
        got = [by_code.at[code, m] for m in measures]
        if code in expected:
            assert got == expected[code]
        else:
            assert all(pd.isna(v) for v in got)


JOIN_LABELS = {  # "ND" and "SD" are no-data markers too: see the next test
    "us": [
        (usps, (name, fips) if usps in ("ND", "SD") else (name, fips, usps))
        for fips, usps, name in US_STATES
        if usps != "PR"
    ],
    "mx": [(cve, (name, official, cve)) for cve, name, official, _ in MX_STATES],
}


@SLOW
@given(data=st.data(), country=st.sampled_from(["us", "mx"]), delimiter=st.sampled_from(DELIMITERS))
def test_join_table_puts_each_row_on_its_state(data, country, delimiter):
    chosen = data.draw(
        st.lists(
            st.sampled_from(JOIN_LABELS[country]), min_size=1, max_size=8, unique_by=lambda s: s[0]
        )
    )
    rows, expected = [["state", "value", "note"]], {}
    for key, labels in chosen:
        whole, fraction = data.draw(st.integers(-(10**6), 10**6)), data.draw(st.integers(0, 99))
        rows.append([data.draw(st.sampled_from(labels)), f"{whole}.{fraction:02d}", f"n{key}"])
        expected[key] = (float(f"{whole}.{fraction:02d}"), f"n{key}")
    with written(csv_text(rows, delimiter=delimiter)) as path:
        gdf = geo.join_table(path, country=country)
    assert gdf["key"].is_unique and set(gdf["country"]) == {country}
    for key, value, note in zip(gdf["key"], gdf["value"], gdf["note"], strict=True):
        if key in expected:
            assert (value, note) == expected[key]
        else:
            assert pd.isna(value) and pd.isna(note)


# Regression: join_table turned the state column into numbers: 'ND' alone became NA.
@SLOW
@given(
    codes=st.lists(
        st.sampled_from(["ND", "SD", "nd", "Sd"]), min_size=1, max_size=2, unique_by=str.upper
    )
)
def test_join_table_reads_usps_codes_that_look_like_no_data(codes):
    rows = [["state", "value"], *[[code, str(i)] for i, code in enumerate(codes)]]
    with written(csv_text(rows)) as path:
        gdf = geo.join_table(path, country="us").set_index("key")
    for i, code in enumerate(codes):
        assert gdf.at[code.upper(), "value"] == i


# --- points ----------------------------------------------------------------------------------

# Boxes checked to lie well inside one state (or no state); 0.1 degree inside their edges.
BOXES = {
    "TX": (30.6, 32.4, -100.4, -97.6),
    "08": (27.6, 28.9, -106.9, -105.1),  # Chihuahua
    "outside": (24.1, 25.9, -91.9, -88.1),  # the Gulf of Mexico
}
BAD_LAT = ["", "N/D", "nan", "inf", "-inf", "1e999", "95", "-91", "31,5", "lat"]
BAD_LON = ["", "N/D", "nan", "inf", "181", "-200", "-99,5", "x"]


@st.composite
def point_row(draw):
    """(kind, lat cell, lon cell): a point in a box, or a row without valid coordinates."""
    kind = draw(st.sampled_from([*BOXES, "unplaced"]))
    if kind == "unplaced":
        lat_bad = draw(st.booleans())
        letters = st.text(st.sampled_from(LETTERS), min_size=1, max_size=4)
        lat = draw(st.one_of(st.sampled_from(BAD_LAT), letters)) if lat_bad else "31.5"
        lon = "-99" if lat_bad else draw(st.one_of(st.sampled_from(BAD_LON), letters))
        return kind, lat, lon
    south, north, west, east = BOXES[kind]
    digits = draw(st.integers(1, 6))
    lat = f"{draw(st.floats(south, north)):.{digits}f}"
    lon = f"{draw(st.floats(west, east)):.{digits}f}"
    return kind, draw(padded(lat)), draw(padded(lon))


@SLOW
@given(
    points=st.lists(point_row(), max_size=25),
    header=st.sampled_from([("lat", "lon"), ("Latitude", "Longitude"), ("y", "x"), ("LAT", "lng")]),
    delimiter=st.sampled_from(DELIMITERS),
    blank_every=st.integers(0, 4),
    chunksize=st.integers(1, 10),
)
def test_count_points_counts_generated_points(points, header, delimiter, blank_every, chunksize):
    lines, unplaced_lines = [delimiter.join(["id", *header])], []
    for i, (kind, lat, lon) in enumerate(points):
        if blank_every and i % blank_every == 0:
            lines.append("")
        lines.append(delimiter.join([f"p{i}", f'"{lat}"', f'"{lon}"']))
        if kind == "unplaced":
            unplaced_lines.append(len(lines))
    with written("\n".join(lines) + "\n", "points.csv") as path:
        gdf = geo.count_points(path, chunksize=chunksize)
    counts = dict(zip(gdf["key"], gdf["count"], strict=True))
    kinds = [kind for kind, *_ in points]
    assert counts.pop("TX") == kinds.count("TX") and counts.pop("08") == kinds.count("08")
    assert set(counts.values()) <= {0}
    assert gdf.attrs["points"] == len(points)
    assert gdf.attrs["outside"] == kinds.count("outside")
    assert gdf.attrs["unplaced"] == kinds.count("unplaced")
    assert [int(n) for n in gdf.attrs["unplaced_rows"]] == unplaced_lines


@SLOW
@given(data=RANDOM_BYTES, header=st.sampled_from([b"", b"lat,lon\n", b"id;latitude;longitude\n"]))
def test_count_points_on_random_bytes_gives_a_result_or_a_geo_error(data, header):
    data = header + data
    with written(data, "points.csv") as path:
        result = outcome(geo.count_points, path)
    if not isinstance(result, GeoError):
        attrs = result.attrs
        assert result["count"].sum() + attrs["outside"] + attrs["unplaced"] == attrs["points"]


LAT_CELLS = ["31.5", " 31.5 ", "\xa031.5", "31.5\xa0", "\u0663\u0661.\u0665", "x", "", "nan", "95"]


# Regression: lat '\xa031.5' was placed alone, unplaced next to a row with lat 'x'.
@SLOW
@given(lats=st.lists(st.sampled_from(LAT_CELLS), min_size=1, max_size=6))
@example(lats=["\xa031.5", "x"])
def test_count_points_places_a_point_whatever_the_other_rows_of_its_chunk(lats):
    rows = [["id", "lat", "lon"], *[[f"p{i}", lat, "-99"] for i, lat in enumerate(lats)]]
    with written(csv_text(rows), "points.csv") as path:
        together = geo.count_points(path)
        alone = geo.count_points(path, chunksize=1)
    keys = ("points", "outside", "unplaced", "unplaced_rows")
    assert [together.attrs[k] for k in keys] == [alone.attrs[k] for k in keys]
    assert list(together["count"]) == list(alone["count"])


CHUNKSIZES = st.one_of(
    st.sampled_from([0, -1, 1.5, 0.5, 2.0, 10**9, math.nan, math.inf, True, None, "10"]),
    st.integers(-3, 5),
    st.floats(-2, 5),
    st.text(max_size=2),
)


# Regression: chunksize=1.5 passed check_number and raised ValueError in itertools.islice.
@SLOW
@given(chunksize=CHUNKSIZES)
@example(chunksize=1.5)
def test_count_points_chunksize_gives_the_counts_or_an_option_error(chunksize):
    with written("lat,lon\n31.5,-99\n28,-106\n25,-90\n", "points.csv") as path:
        result = outcome(geo.count_points, path, chunksize=chunksize)
    good = type(chunksize) is int and 0 < chunksize <= 10**8  # a larger one may be refused
    if isinstance(result, GeoError):
        assert isinstance(result, OptionError) and not good, f"chunksize={chunksize!r}: {result}"
    else:
        assert [result.attrs[k] for k in ("points", "outside", "unplaced")] == [3, 1, 0]


# --- ATF and BTS files -----------------------------------------------------------------------

FFL_PIECES = st.sampled_from(["01", "02", "7", "03", "99", "", "79901", "07030-1234", "8520"])
FFL_CELL = st.one_of(FFL_PIECES, st.text(CELL_CHARS, max_size=5), st.sampled_from(['"', "LIC"]))


@st.composite
def ffl_text(draw):
    delimiter = draw(st.sampled_from(["\t", "|", ","]))
    lines = [delimiter.join(FFL_COLUMNS)] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 6))):
        width = draw(st.sampled_from([17, 17, 17, 16, 18, 3]))
        lines.append(delimiter.join(draw(st.lists(FFL_CELL, min_size=width, max_size=width))))
    return "\n".join(lines)


@FILES
@given(
    data=st.one_of(RANDOM_BYTES, ffl_text().map(lambda t: t.encode("utf-8"))),
    types=st.sampled_from([None, ("01", "02"), "dealer", ["7", "manufacturer"]]),
)
def test_read_ffl_listing_gives_a_listing_or_a_geo_error(data, types):
    with written(data, "listing.txt") as path:
        result = outcome(read_ffl_listing, path, types=types)
    if isinstance(result, GeoError):
        return
    assert result.attrs["kept"] == len(result) <= result.attrs["rows"]
    assert set(result["lic_type"]) <= set(result.attrs["types"])
    placed = result.dropna(subset=["latitude"])
    assert placed["latitude"].between(-90, 90).all()
    assert result["longitude"].isna().equals(result["latitude"].isna())


BTS_COLUMNS = ["Port Name", "State", "Port Code", "Border", "Date", "Measure", "Value"]
BTS_COLUMNS += ["Latitude", "Longitude", "Point"]


@st.composite
def bts_text(draw):
    header = list(BTS_COLUMNS)
    if draw(st.integers(0, 5)) == 0:
        header.remove(draw(st.sampled_from(header)))
    some = st.one_of
    cell = {
        "Port Name": st.sampled_from(["El Paso", "Nogales", ""]),
        "State": st.sampled_from(["Texas", "Arizona", "Ontario", ""]),
        "Port Code": st.sampled_from(["2402", "2604", "0101", ""]),
        "Border": st.sampled_from(["US-Mexico Border", "US-Mexico Border", "US-Canada Border"]),
        "Date": some(
            st.sampled_from(["Jan 2024", "Feb 2024", "Dec 2023", "01/01/2024 12:00:00 AM"]),
            st.text(CELL_CHARS, max_size=8),
        ),
        "Measure": st.sampled_from([*MEASURES, "Foo", ""]),
        "Value": some(st.integers(0, 10**6).map(str), st.sampled_from(["-1", "1e400", "x", ""])),
        "Latitude": st.sampled_from(["31.76", "", "north"]),
        "Longitude": st.sampled_from(["-106.45", "", "-999"]),
        "Point": st.just(""),
    }
    rows = [header]
    for _ in range(draw(st.integers(0, 8))):
        rows.append([draw(cell[c]) for c in header])
    return csv_text(rows)


@FILES
@given(
    data=st.one_of(bts_text().map(lambda t: t.encode("utf-8")), RANDOM_BYTES),
    year=st.sampled_from([None, 2023, 2024, 1999]),
    months=st.sampled_from([None, [1], [1, 2], [12], list(range(1, 13))]),
)
def test_read_bts_crossings_gives_volumes_or_a_geo_error(data, year, months):
    with written(data, "bts.csv") as path:
        result = outcome(read_bts_crossings, path, year=year, months=months)
    if isinstance(result, GeoError):
        return
    assert result["port_code"].is_unique
    for measure in set(MEASURES.values()) & set(result.columns):
        assert str(result[measure].dtype) == "Int64" and (result[measure].dropna() >= 0).all()


@FILES
@given(
    volumes=st.dictionaries(
        st.tuples(st.sampled_from(["2402", "2604", "2304"]), st.sampled_from(sorted(MEASURES))),
        st.dictionaries(st.integers(1, 12), st.integers(0, 10**9), min_size=1),
        min_size=1,
        max_size=5,
    ),
    months=st.one_of(st.none(), st.lists(st.integers(1, 12), min_size=1, max_size=3)),
    date_style=st.sampled_from(["short", "long"]),
)
def test_read_bts_crossings_sums_complete_months_only(volumes, months, date_style):
    rows = [BTS_COLUMNS]
    for (code, measure), by_month in volumes.items():
        for month, value in by_month.items():
            date = f"{month:02d}/01/2023 12:00:00 AM" if date_style == "long" else None
            date = date or pd.Timestamp(2023, month, 1).strftime("%b %Y")
            rows.append(
                ["P", "Texas", code, "US-Mexico Border", date, measure, f"{value:,}", "", "", ""]
            )
    wanted = set(months or range(1, 13))
    with written(csv_text(rows), "bts.csv") as path:
        result = outcome(read_bts_crossings, path, months=months)
    if not any(wanted & set(by_month) for by_month in volumes.values()):
        assert isinstance(result, DataError)  # nothing for those months
        return
    by_code = result.set_index("port_code")
    for (code, measure), by_month in volumes.items():
        if not wanted & set(by_month):
            continue
        got = by_code.at[code, MEASURES[measure]]
        if wanted <= set(by_month):
            assert got == sum(by_month[m] for m in wanted)
        else:
            assert pd.isna(got)


# Regression: chunksize=-1 or 1.5 raised ValueError, months=5 TypeError, and chunksize=0
# read nothing and blamed the file.
@SLOW
@given(
    chunksize=st.one_of(st.just(200_000), CHUNKSIZES),
    months=st.one_of(st.none(), st.integers(-1, 13), st.lists(st.integers(0, 13), max_size=3)),
)
@example(chunksize=-1, months=None)
def test_read_bts_crossings_options_give_volumes_or_an_option_error(chunksize, months):
    text = csv_text(
        [BTS_COLUMNS, ["El Paso", "Texas", "2402", "US-Mexico Border", "Jan 2024", "Trucks", "5"]]
    )
    with written(text, "bts.csv") as path:
        result = outcome(read_bts_crossings, path, months=months, chunksize=chunksize)
    good_chunks = type(chunksize) is int and chunksize > 0
    good_months = months is None or (
        isinstance(months, list) and months and all(1 <= m <= 12 for m in months)
    )
    if not good_months:  # refused as a DataError, as test_bad_input.py documents
        assert isinstance(result, GeoError), f"months={months!r}: {result!r:.200}"
    elif not good_chunks and isinstance(result, GeoError):
        assert isinstance(result, OptionError), f"chunksize={chunksize!r}: {result}"
    elif months is not None and 1 not in months:  # the file has January only
        assert isinstance(result, DataError) and "no US-Mexico rows" in str(result)
    else:
        trucks = result.at[0, "trucks"]
        assert trucks == 5 if set(months or range(1, 13)) == {1} else pd.isna(trucks)


def _within_class_squares(values: np.ndarray, bins: tuple) -> float:
    """Sum of squared deviations from the class means: what Fisher-Jenks minimises."""
    classes = np.searchsorted(np.asarray(bins), values, side="left")
    return float(
        sum(
            ((values[classes == c] - values[classes == c].mean()) ** 2).sum()
            for c in np.unique(classes)
        )
    )


@PURE
@given(
    st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=40),
    st.sampled_from([2, 3, 4, 5]),
)
@example([0.0, 2.0, 3.0, 3.0, 4.0, 5.0, 5.0], 4)  # two optimal classings: either is fine
@example([0.0, 124313.0, 124370.0], 3)  # mapclassify's classes are looser here
def test_fisher_jenks_classes_are_optimal_like_mapclassify_s(values, k):
    import warnings

    import mapclassify

    from geo.style import class_breaks

    y = np.asarray(values)
    bins = class_breaks(y, k=k)
    assert list(bins) == sorted(bins) and bins[-1] == y.max()
    assert len(bins) == min(k, len(np.unique(y)))
    if len(bins) > 1:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = tuple(mapclassify.FisherJenks(y, k=len(bins)).bins)
        ours, best = _within_class_squares(y, bins), _within_class_squares(y, theirs)
        assert ours <= best * (1 + 1e-9) + 1e-6  # as tight as mapclassify's, or tighter


BTS_ROW = st.tuples(
    st.sampled_from(["2402", "2604"]),
    st.sampled_from(["Trucks", "Pedestrians", "Bus Passengers"]),
    st.integers(2019, 2020),
    st.integers(1, 12),
    st.integers(0, 10**7),
)


@FILES
@given(
    rows=st.lists(BTS_ROW, min_size=1, max_size=25),
    repeats=st.lists(st.integers(0, 24), max_size=4),
    canada=st.integers(0, 3),
    gzipped=st.booleans(),
)
def test_read_bts_annual_sums_each_month_once_and_never_a_conflict(rows, repeats, canada, gzipped):
    import gzip as gz

    from geo.crossings import read_bts_annual

    lines = [r for r in rows] + [rows[i] for i in repeats if i < len(rows)]  # exact repeats
    table = [BTS_COLUMNS]
    for code, measure, year, month, value in lines:
        date = pd.Timestamp(year, month, 1).strftime("%b %Y")
        table.append(
            ["P", "Texas", code, "US-Mexico Border", date, measure, str(value), "", "", ""]
        )
    for _ in range(canada):  # other borders never count, even naming the Mexican border
        table.append(["US-Mexico Border", "Maine", "0104", "US-Canada Border", "Jan 2019",
                      "Trucks", "5", "", "", ""])  # fmt: skip
    data = csv_text(table).encode("utf-8")
    with written(gz.compress(data, mtime=0) if gzipped else data, "bts.csv") as path:
        result = read_bts_annual(path)
    expected: dict = {}
    for code, measure, year, month, value in set(lines):  # repeats count once
        expected.setdefault((code, year, measure), {}).setdefault(month, set()).add(value)
    got = result.set_index(["port_code", "year", "measure"])
    assert set(got.index) == set(expected)
    for key, months in expected.items():
        assert got.at[key, "months_present"] == len(months)
        if any(len(values) > 1 for values in months.values()):  # a conflict: never summed
            assert pd.isna(got.at[key, "value"])
        else:
            assert got.at[key, "value"] == sum(next(iter(v)) for v in months.values())
    clashes = {(c["port_code"], c["measure"], c["month"]) for c in result.attrs["conflicts"]}
    assert clashes == {
        (code, measure, f"{year}-{month:02d}")
        for (code, year, measure), months in expected.items()
        for month, values in months.items()
        if len(values) > 1
    }

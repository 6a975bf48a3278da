"""The column-wise fast paths of geo._read against the cell-by-cell paths they stand in for.

``read_table`` cleans a column of text at once (:func:`geo._read._clean_column`) and
``to_numbers`` reads a column of plain digits at once (:func:`geo._read._plain_numbers`); both
must give exactly what the per-cell code gives, the same values, dtypes and missing markers, or
the same error with the same message. The per-cell paths are called directly for the comparison:
``_numbers_by_cell`` for numbers, and ``read_table`` with ``_clean_column`` replaced by a
``map`` of ``_clean_cell`` for tables. Hypothesis settings are those of tests/test_properties.py.
"""

import contextlib
import csv
import io
import math
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal, assert_series_equal

from geo import _read
from geo.errors import DataError

PURE = settings(max_examples=150, deadline=None, derandomize=True)
FILES = settings(max_examples=40, deadline=None, derandomize=True)

# Cells of every kind a numeric column meets: the fast path takes the first kinds only.
DIGITS = st.integers(0, 10**13).map(str)  # up to 14 digits: 13 and more go cell by cell
ZEROS = st.tuples(st.integers(1, 14), st.integers(0, 10**6)).map(lambda z: "0" * z[0] + str(z[1]))
SPACES = ["", " ", "  ", "\t", "\xa0", "\u3000", "\x1c", "\u2028", "\x85"]
PADDED = st.tuples(st.sampled_from(SPACES), DIGITS, st.sampled_from(SPACES)).map("".join)
BLANK = st.sampled_from([None, np.nan, pd.NA, "", " ", "\t"])
MARKERS = ["N/D", "n/a", "NA", "S/D", "sd", "nd", "-", "\u2013", "\u2014", "..", "NaN", "null"]
MARKER = st.sampled_from([*MARKERS, "None", "ND", "\u017fd", "N/A "])  # long s: casefolds to "sd"
GROUPED = st.integers(1000, 10**13).flatmap(
    lambda n: st.sampled_from([f"{n:,}", f"{n:,}".replace(",", "."), f"{n:,}".replace(",", " ")])
)
DECIMAL = st.sampled_from(["1.5", "0,125", "12,5", "1.234,5", "-3", "+7", "1e3", ".5", "3."])
JUNK = st.one_of(
    st.sampled_from(["inf", "1e400", "12a", "x", "1-2", "2003-2004", "\xbd", "0x1f"]),
    st.sampled_from(["\u0661\u0662", "\uff11\uff12"]),  # digits, but not ASCII ones
    st.text(st.characters(exclude_categories=("Cs",)), max_size=6),
)
CELL = st.one_of(DIGITS, ZEROS, PADDED, BLANK, MARKER, GROUPED, DECIMAL, JUNK)
PLAIN = st.one_of(DIGITS.filter(lambda t: len(t) <= 12), BLANK, st.sampled_from(MARKERS))
LIMITS = st.sampled_from([None, 0, 1, 1990, -5.5, 2100, 10**6, 1e12, 10**30, math.nan])


def result(call, *args, **kwargs):
    """The value of a call, or ``(type, message)`` of the exception it raised.

    Any exception: where the cell-by-cell path raises something else than a GeoError (pyarrow
    refusing a lone surrogate in a DataFrame), the fast path must raise the same.
    """
    try:
        return call(*args, **kwargs)
    except Exception as exc:
        return type(exc), str(exc)


def column(cells, dtype):
    """A one-column table ``v`` as read_table leaves it, or a column of another dtype."""
    if dtype == "read":
        df = result(_read.read_table, pd.DataFrame({"v": cells, "k": "row"}, dtype=object))
        return df if isinstance(df, tuple) else df.drop(columns="k")
    values = [c.strip() or None if isinstance(c, str) else c for c in cells]
    return pd.DataFrame({"v": pd.Series(values, dtype=dtype)})


def assert_same_series(fast, slow):
    if isinstance(slow, tuple) or isinstance(fast, tuple):
        assert fast == slow
        return
    assert_series_equal(fast, slow, check_exact=True)
    assert list(fast.isna()) == list(slow.isna())


def assert_same_frame(fast, slow):
    """Equal frames, down to each column's dtype and the type of every cell (NaN or NA)."""
    if isinstance(slow, tuple) or isinstance(fast, tuple):
        assert fast == slow
        return
    assert_frame_equal(fast, slow, check_exact=True)
    assert list(fast.dtypes) == list(slow.dtypes)
    assert fast.index.equals(slow.index) and fast.attrs == slow.attrs
    for name in fast.columns:
        assert [type(v) for v in fast[name]] == [type(v) for v in slow[name]], name


def read_by_cell(source, **kwargs):
    """read_table with every cell cleaned by _clean_cell, as before the column-wise cleaning."""
    with mock.patch.object(_read, "_clean_column", lambda col, text: col.map(_read._clean_cell)):
        return result(_read.read_table, source, **kwargs)


@contextlib.contextmanager
def written(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        path.write_text(text, encoding="utf-8", newline="")
        yield path


# --- numbers ---------------------------------------------------------------------------------


@PURE
@given(
    cells=st.lists(CELL, max_size=12),
    integer=st.booleans(),
    minimum=LIMITS,
    maximum=LIMITS,
    dtype=st.sampled_from(["read", "str", "string", object]),
)
@example(cells=["16", "0042", None, "N/D"], integer=True, minimum=0, maximum=None, dtype="read")
@example(cells=["2003", "1989"], integer=True, minimum=1990, maximum=2100, dtype="read")
@example(
    cells=["999999999999", "1000000000000"], integer=True, minimum=0, maximum=None, dtype="str"
)
@example(cells=["5", "\u017fd", "-"], integer=False, minimum=None, maximum=None, dtype="str")
@example(cells=["1", "0,125"], integer=False, minimum=0, maximum=None, dtype="read")
def test_to_numbers_reads_a_column_as_the_cell_by_cell_path_does(
    cells, integer, minimum, maximum, dtype
):
    df = column(cells, dtype)
    if isinstance(df, tuple):  # no row with a filled cell: read_table refused the table
        assert "header but no rows" in df[1]
        return
    limits = {"integer": integer, "minimum": minimum, "maximum": maximum}
    fast = result(_read.to_numbers, df, "v", **limits)
    slow = result(_read._numbers_by_cell, df, "v", **limits)
    assert_same_series(fast, slow)


@PURE
@given(cells=st.lists(PLAIN, max_size=12), integer=st.booleans())
def test_a_column_of_plain_digits_takes_the_fast_path(cells, integer):
    df = column(cells, "str")
    limits = {"integer": integer, "minimum": 0, "maximum": None}
    fast = _read._plain_numbers(df["v"], **limits)
    assert fast is not None
    assert_same_series(fast, _read._numbers_by_cell(df, "v", **limits))
    assert str(fast.dtype) == ("Int64" if integer else "Float64")


def test_the_fast_path_leaves_every_refusal_to_the_cells():
    df = column(["2003", "1989", "12345678901234"], "str")
    assert _read._plain_numbers(df["v"], integer=True, minimum=1990, maximum=2100) is None
    with pytest.raises(DataError) as error:
        _read.to_numbers(df, "v", integer=True, minimum=1990, maximum=2100)
    assert str(error.value) == str(
        result(_read._numbers_by_cell, df, "v", integer=True, minimum=1990, maximum=2100)[1]
    )
    assert "line" not in str(error.value) and "row 1: '1989' is below 1990" in str(error.value)


# --- tables ----------------------------------------------------------------------------------


def test_the_spaces_stripped_are_those_of_str_strip():
    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert _read._SPACE == spaces


TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\n"), max_size=6)
FILE_CELL = st.one_of(
    TEXT,
    st.tuples(st.sampled_from(SPACES), TEXT, st.sampled_from(SPACES)).map("".join),
    st.sampled_from(["", " ", "\u3000", "N/D", "0042", " 16 ", "1,234"]),
)


@FILES
@given(
    rows=st.lists(st.lists(FILE_CELL, min_size=3, max_size=3), max_size=10),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    strict=st.booleans(),
)
def test_read_table_reads_a_file_as_the_cell_by_cell_path_does(rows, delimiter, strict):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows([["a", "b", "c"], *rows])
    with written(buffer.getvalue()) as path:
        assert_same_frame(result(_read.read_table, path, strict=strict), read_by_cell(path))


ANY_CELL = st.one_of(
    TEXT,
    st.tuples(st.sampled_from(SPACES), TEXT, st.sampled_from(SPACES)).map("".join),
    st.sampled_from([None, np.nan, pd.NA, pd.NaT, Decimal("NaN"), "", "  ", "\ud800 x", b"x"]),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.sampled_from([np.str_(" y "), np.int64(3), Decimal("1.50"), [1, 2], ("a",)]),
)


@PURE
@given(
    columns=st.lists(st.lists(ANY_CELL, min_size=3, max_size=3), min_size=1, max_size=4),
    dtype=st.sampled_from([object, "str", None]),
)
def test_read_table_reads_a_dataframe_as_the_cell_by_cell_path_does(columns, dtype):
    data = {f" c{i} ": cells for i, cells in enumerate(columns)}
    try:
        source = pd.DataFrame(data, index=["x", "y", "z"], dtype=dtype)
    except (TypeError, ValueError, UnicodeError):  # cells that dtype cannot hold
        source = pd.DataFrame(data, index=["x", "y", "z"], dtype=object)
    assert_same_frame(result(_read.read_table, source), read_by_cell(source))


@pytest.mark.parametrize(
    "cells",
    [
        ["", " ", None],  # no filled cell: the column stays objects of NA
        ["a", pd.NA, "\u3000b\u3000"],
        ["\ud800", " x ", None],  # a lone surrogate: pyarrow cannot encode it
        [1, " 2 ", 3.5],
        [" a ", Decimal("NaN"), pd.NaT],  # missing values of every kind
        [np.str_(" y "), np.datetime64("NaT"), np.nan],
    ],
)
def test_read_table_keeps_the_dtypes_of_the_cell_by_cell_path(cells):
    source = pd.DataFrame({"a": cells, "b": ["k", "k", "k"]}, dtype=object)
    assert_same_frame(result(_read.read_table, source), read_by_cell(source))


def test_the_bundled_tables_read_as_by_the_cell_by_cell_path():
    folder = Path(_read.__file__).resolve().parents[1] / "data" / "indicators"
    for name in ("us_county_population", "mx_homicides", "port_volumes_bts"):
        path = folder / f"{name}.csv"
        fast = _read.read_table(path, strict=True)
        assert_same_frame(fast, read_by_cell(path, strict=True))
        for name in fast.columns:
            for integer in (True, False):
                limits = {"integer": integer, "minimum": 0, "maximum": None}
                assert_same_series(
                    result(_read.to_numbers, fast, name, **limits),
                    result(_read._numbers_by_cell, fast, name, **limits),
                )

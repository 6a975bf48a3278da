"""The one reader of delimited text files, and the one converter of cells to numbers.

Files come as UTF-8 (with or without BOM), UTF-16 with a BOM, or Latin-1/cp1252 (as Mexican
government files often are); ``,``, ``;``, tab or ``|`` delimited; with cells padded by
spaces and trailing empty rows. :func:`sniff_encoding` decides the encoding from the whole
file, :func:`iter_rows` streams its records with their line numbers, and every problem (mixed
encodings, an unclosed quote, a cell over 128 KB, more fields than the header, a count that is
not a plausible count) raises :class:`geo.errors.DataError` naming the file, the line and the
column. Every reader of the package (tables, points, ATF listings, BTS files) goes through here.

Numbers: :func:`to_numbers` reads a column with one decimal mark, decided from its cells by
:func:`decimal_mark` ("0,125" is 0.125 in a column of decimal commas, "1,234" is 1234 by
default); counts read their thousands separators, comma or point, and stop at 10^12. Both
:func:`read_table` and :func:`to_numbers` work a column at a time where its cells allow (text;
plain digits) and cell by cell otherwise, with the same results and the same messages.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeAlias

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from geo._encoding import open_bytes, sniff_encoding
from geo.errors import DataError

__all__ = [
    "MAX_COUNT",
    "check_cell",
    "find_column",
    "iter_rows",
    "iter_table",
    "read_table",
    "row_name",
    "sniff_encoding",
    "to_numbers",
]

TableSource: TypeAlias = pd.DataFrame | str | os.PathLike

# Cells read as "no figure" in numeric columns (Mexican files write "N/D" or "S/D").
NO_DATA = frozenset(
    {"na", "n/a", "n/d", "nd", "s/d", "sd", "-", "\u2013", "\u2014", "..", "nan", "null", "none"}
)
MAX_COUNT = 10**12  # no count of people, guns or crossings comes near this
MAX_ROWS = 1_000_000  # rows of a table keyed by place (points are streamed, not tabled)
# What str.strip() removes (the characters for which str.isspace() is true), spelled out so that
# a column stripped at once by pyarrow loses exactly the characters a cell stripped by Python does.
_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
_SPACE += "\u2028\u2029\u202f\u205f\u3000"


def _sniff_delimiter(header: str) -> str:
    counts = {d: len(next(csv.reader([header], delimiter=d))) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d])


def _kept(fh: Iterable[str], keep: str, numbers: list[int]) -> Iterator[str]:
    """Yield the header and the records holding ``keep``, noting their lines' numbers.

    A record is the lines up to where no quote is left open, so that a quoted cell running
    over lines is kept whole and still refused by :func:`iter_rows`.
    """
    header, quoted = True, False
    record: list[tuple[int, str]] = []
    for number, line in enumerate(fh, 1):
        odd = line.count('"') % 2 == 1
        if not record and not odd:  # a record on one line: most of them
            if keep in line or (header and line.strip()):
                header = False
                numbers.append(number)
                yield line
            continue
        record.append((number, line))
        quoted ^= odd
        if quoted:
            continue
        text = "".join(part for _, part in record)
        if (header and text.strip()) or keep in text:
            header = False
            for n, part in record:
                numbers.append(n)
                yield part
        record = []
    for n, part in record:  # a quote left open at the end: the reader refuses it
        numbers.append(n)
        yield part


def iter_rows(
    path: str | os.PathLike,
    *,
    label: str | None = None,
    delimiter: str | None = None,
    keep: str | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """Stream the records of a delimited text file as ``(line number, cells)``.

    A gzip file is read decompressed. The encoding is :func:`sniff_encoding`'s; the
    delimiter is the one that splits the first non-blank line into the most fields, unless
    given. Empty lines are skipped (a line of spaces or delimiters is yielded: see
    :func:`is_blank`). A quoted cell that runs over a line break (an unclosed quote would
    swallow every following row) and a cell longer than 128 KB are errors naming the line.
    With ``keep``, only the header (the first non-blank line) and the lines containing that
    text are parsed (a fast filter for one border of a large file); line numbers stay the
    file's.
    """
    if not isinstance(path, str | os.PathLike):
        raise DataError(f"a file must be a path, not {type(path).__name__}")
    path = Path(path)
    label = label or str(path)
    encoding = sniff_encoding(path, label=label)
    with io.TextIOWrapper(open_bytes(path), encoding=encoding, newline="") as fh:
        if delimiter is None:
            try:
                number, first = next(((n, t) for n, t in enumerate(fh, 1) if t.strip()), (1, ""))
            except UnicodeDecodeError as exc:
                raise DataError(f"{label}: {_csv_problem(exc)}") from None
            try:
                delimiter = _sniff_delimiter(first.rstrip("\r\n"))
            except csv.Error as exc:
                raise DataError(f"{label}: line {number}: {_csv_problem(exc)}") from None
            fh.seek(0)
        numbers: list[int] = []
        reader = csv.reader(_kept(fh, keep, numbers) if keep else fh, delimiter=delimiter)
        done = 0  # lines read so far

        def line(n: int) -> int:  # the file's line number of the n-th line read
            return numbers[min(n, len(numbers)) - 1] if keep and numbers else n

        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                raise DataError(f"{label}: line {line(done + 1)}: {_csv_problem(exc)}") from None
            start, done = done + 1, reader.line_num
            if done != start and any("\n" in c or "\r" in c for c in row):
                raise DataError(
                    f"{label}: line {line(start)}: a quoted cell runs over "
                    f"{done - start + 1} lines (an unclosed quote?); a cell may not hold a "
                    "line break"
                )
            if row:  # an empty line is an empty list
                yield line(start), row


def is_blank(row: list[str]) -> bool:
    """Tell whether a record has no filled cell (only spaces or delimiters)."""
    return not any(cell.strip() for cell in row)


def _csv_problem(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):  # only UTF-16 is not checked byte by byte first
        return f"not {exc.encoding}: {exc.reason} (a UTF-16 file cut in the middle?)"
    if "field larger than field limit" in str(exc):
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return str(exc)


def read_table(
    source: TableSource, *, label: str | None = None, strict: bool = False
) -> pd.DataFrame:
    """Read a table as text cells, stripped, with empty cells as missing.

    Parameters
    ----------
    source : DataFrame, str or path-like
        A DataFrame (copied, cells converted to stripped text) or a delimited text file.
    label : str, optional
        Name used in error messages; the path by default.
    strict : bool, default False
        Refuse a file row with fewer fields than the header (a truncated line) instead of
        reading the absent cells as empty; for the bundled tables.

    Returns
    -------
    pandas.DataFrame
        Object columns of stripped strings or NA; ``attrs["label"]`` names the source and
        ``attrs["lines"]`` is True when the index holds the file's line numbers (a
        DataFrame keeps its own index), so that errors can point at them (see
        :func:`row_name`).
    """
    if not isinstance(source, pd.DataFrame | str | os.PathLike):
        raise DataError(f"a table must be a DataFrame or a file path, not {type(source).__name__}")
    if isinstance(source, pd.DataFrame):
        label = label or "table"
        df = source.copy()
        df.columns = [str(c).strip() for c in df.columns]
        lines = False
    else:
        label = label or str(source)
        df = _parse(Path(source), label, strict=strict)
        lines = True
    dupes = sorted({c for c in df.columns if list(df.columns).count(c) > 1})
    if dupes:
        raise DataError(f"{label}: duplicated column name(s) {dupes}")
    text = pd.Series(["text"], dtype=object).map(str).dtype  # the dtype map gives text cells
    df = df.astype(object).apply(lambda col: _clean_column(col, text))
    df = df[~df.isna().all(axis=1)]  # a row with no cell filled carries nothing
    if df.empty:
        raise DataError(f"{label}: the table has a header but no rows")
    df.attrs.update(label=label, lines=lines)
    return df


def iter_table(
    path: str | os.PathLike,
    *,
    label: str | None = None,
    strict: bool = False,
    keep: str | None = None,
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Return a file's header and a stream of its records, each exactly as wide as the header.

    Short records are padded with empty cells (refused if ``strict``); a record with more
    filled fields than the header (an unquoted delimiter or thousands separator) is an error
    naming its line. ``keep`` is :func:`iter_rows`'s.
    """
    label = label or str(path)
    rows = iter_rows(path, label=label, keep=keep)
    first = next((r for r in rows if not is_blank(r[1])), None)
    if first is None:
        raise DataError(f"{label}: the file is empty (no header line with a name in it)")
    header = [c.strip().lstrip("\ufeff") for c in first[1]]
    width = len(header)

    def records() -> Iterator[tuple[int, list[str]]]:
        for number, row in rows:
            if len(row) != width:  # the checks run on the irregular rows only
                if len(row) > width and not is_blank(row[width:]):
                    raise DataError(
                        f"{label}: malformed table: line {number} has {len(row)} fields, the "
                        f"header has {width} (an unquoted delimiter or thousands separator?)"
                    )
                if is_blank(row):
                    continue
                if strict and len(row) < width:
                    raise DataError(
                        f"{label}: line {number} has {len(row)} fields, the header has "
                        f"{width} (a truncated line?)"
                    )
                row = (row + [""] * width)[:width]
            yield number, row

    return header, records()


def _parse(path: Path, label: str, *, strict: bool) -> pd.DataFrame:
    header, records = iter_table(path, label=label, strict=strict)
    cells: list[list[str]] = []
    numbers: list[int] = []
    for number, row in records:
        if len(cells) == MAX_ROWS:
            raise DataError(f"{label}: more than {MAX_ROWS:,} rows; this is not a table by place")
        cells.append(row)
        numbers.append(number)
    return pd.DataFrame(cells, columns=header, index=pd.Index(numbers), dtype=object)


def row_name(df: pd.DataFrame, index: object) -> str:
    """Name a row for an error message: its file line, or its index in a DataFrame."""
    return f"line {index}" if df.attrs.get("lines") else f"row {index!r}"


def _clean_cell(value: object) -> object:
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return pd.NA
    text = str(value).strip()
    return text if text else pd.NA


def _clean_column(col: pd.Series, text: object) -> pd.Series:
    """Clean a column as ``col.map(_clean_cell)`` does, at once where its cells are text.

    A column whose filled cells are all ``str`` is stripped by one ``.str.strip`` of
    :data:`_SPACE` (exactly what ``str.strip()`` removes, whichever engine runs it), and
    becomes ``text``, the dtype ``map`` gives such cells; any other column (numbers, objects,
    lone surrogates that pyarrow cannot encode) is cleaned cell by cell.
    """
    if not isinstance(text, pd.StringDtype):
        return col.map(_clean_cell)
    values = col.to_numpy(dtype=object)
    if infer_dtype(values, skipna=False) != "string":  # some cells missing, or not text
        missing = pd.isna(values)
        if infer_dtype(values[~missing]) not in ("string", "empty"):
            return col.map(_clean_cell)
        values = np.where(missing, None, values)
    try:
        cells = pd.Series(values, col.index, dtype=text, name=col.name).str.strip(_SPACE)
    except UnicodeError:  # a lone surrogate, which pyarrow cannot encode
        return col.map(_clean_cell)
    filled = cells.notna() & (cells != "")
    if filled.any():
        return cells.where(filled)
    return pd.Series(pd.NA, col.index, dtype=object, name=col.name)  # as map leaves NA


def find_column(df: pd.DataFrame, candidates: tuple[str, ...], *, what: str) -> str:
    """Return the first column of ``df`` named like one of ``candidates`` (case-insensitive)."""
    lower = {c.casefold(): c for c in df.columns}
    for name in candidates:
        if name.casefold() in lower:
            return lower[name.casefold()]
    raise DataError(
        f"{df.attrs.get('label', 'table')}: no {what} column; expected one of "
        f"{list(candidates)}, found {list(df.columns)}"
    )


def _number_pattern(decimal: str) -> re.Pattern[str]:
    thousands = re.escape("," if decimal == "." else ".")
    point = re.escape(decimal)
    whole = rf"(?:[1-9][0-9]{{0,2}}(?:[{thousands} ][0-9]{{3}})+|[0-9]+)"  # 1,234,567 or 1234567
    return re.compile(rf"^[+-]?(?:{whole}(?:{point}[0-9]*)?|{point}[0-9]+)(?:[eE][+-]?[0-9]+)?$")


_NUMBER = {".": _number_pattern("."), ",": _number_pattern(",")}
_GROUPED = re.compile(
    r"^[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3}(?:,[0-9]{3})*|\.[0-9]{3}(?:\.[0-9]{3})*)$"
)


def parse_number(text: str, decimal: str = ".") -> float:
    """Parse one cell written with ``decimal`` as the decimal mark.

    With a decimal point, "1,234" and "1 234" are thousands and "0,125" is not a number; with
    a decimal comma, "1.234" and "1 234" are thousands and "0,125" is 0.125.

    Raises
    ------
    ValueError
        If the text is not a number in that convention ("1e400" is one: infinity).
    """
    if not _NUMBER[decimal].match(text):
        raise ValueError(text)
    thousands = "," if decimal == "." else "."
    return float(text.replace(thousands, "").replace(" ", "").replace(decimal, "."))


def decimal_mark(cells: Iterable[str]) -> str:
    """Decide a column's decimal mark from its cells.

    A cell only one convention reads ("12,5", "0,125", "1.234,5" for a comma; "1.5",
    "1,234,567" for a point) decides it; a column with both is an error (ValueError). With no
    such cell the mark is a point: "1,234" is one thousand two hundred thirty-four.
    """
    only: dict[str, str] = {}
    for cell in cells:
        readings = []
        for mark in (".", ","):
            with contextlib.suppress(ValueError):
                parse_number(cell, mark)
                readings.append(mark)
        if len(readings) == 1:
            only.setdefault(readings[0], cell)
    if len(only) == 2:
        raise ValueError(f"mixes decimal points ({only['.']!r}) and decimal commas ({only[',']!r})")
    return next(iter(only), ".")


def _parse_count(text: str) -> float:
    """Parse a count: "1,000", "1.000" and "1 000" are all a thousand (no count has decimals)."""
    if _GROUPED.match(text):
        return float(re.sub(r"[,. ]", "", text))
    return parse_number(text)


def check_cell(
    cell: str,
    *,
    integer: bool,
    minimum: float | None,
    maximum: float | None,
    decimal: str = ".",
) -> tuple[float | None, str | None]:
    """Return the number in a cell, or the reason it is refused.

    Counts (``integer``) are read by their thousands separators, whichever they are; other
    numbers with ``decimal`` as the decimal mark.
    """
    try:
        number = _parse_count(cell) if integer else parse_number(cell, decimal)
    except ValueError:
        return None, "is not a number"
    if not math.isfinite(number):
        return None, "is not a finite number"
    if integer and not number.is_integer():
        return None, "is not a whole number"
    if minimum is not None and number < minimum:
        return None, f"is below {minimum:g}"
    if maximum is not None and number > maximum:
        return None, f"is above {maximum:,.10g}" + (" (not a plausible count)" if integer else "")
    return number, None


def to_numbers(
    df: pd.DataFrame,
    column: str,
    *,
    integer: bool = False,
    minimum: float | None = 0,
    maximum: float | None = None,
) -> pd.Series:
    """Convert a text column to numbers, naming the row and column of any bad cell.

    Empty cells and the markers of :data:`NO_DATA` ("N/D", "-", ...) are missing values.

    Parameters
    ----------
    df : pandas.DataFrame
        A table from :func:`read_table`.
    column : str
        The column to convert; missing cells stay missing.
    integer : bool, default False
        Require whole numbers no larger than :data:`MAX_COUNT` and return ``Int64``;
        otherwise ``Float64``.
    minimum, maximum : float or None
        Smallest and largest allowed values (``minimum`` 0 by default); None allows any.
        Infinite values are never allowed.

    Returns
    -------
    pandas.Series
        ``Int64`` or ``Float64`` values with NA where the cell was empty.
    """
    high = (MAX_COUNT if maximum is None else min(maximum, MAX_COUNT)) if integer else maximum
    cells = df[column]
    fast = _plain_numbers(cells, integer=integer, minimum=minimum, maximum=high)
    if fast is not None:
        return fast
    return _numbers_by_cell(df, column, integer=integer, minimum=minimum, maximum=maximum)


def _plain_numbers(
    cells: pd.Series, *, integer: bool, minimum: float | None, maximum: float | None
) -> pd.Series | None:
    """Read a text column of plain numbers at once, or return None to read it cell by cell.

    The column qualifies when its filled cells are all 1 to 12 ASCII digits ("0042"), apart
    from :data:`NO_DATA` markers, and all lie within ``minimum`` and ``maximum``: then every
    cell reads as :func:`check_cell` reads it, in any convention, and none is refused. Any
    other column returns None, so that :func:`_numbers_by_cell` names its bad cells.
    """
    if not isinstance(cells, pd.Series) or not isinstance(cells.dtype, pd.StringDtype):
        return None
    plain = np.asarray(cells.str.fullmatch("[0-9]{1,12}", na=False), dtype=bool)
    filled = np.asarray(cells.notna(), dtype=bool)
    if not all(c.casefold() in NO_DATA for c in cells[filled & ~plain]):
        return None
    digits = cells.to_numpy(dtype=object, na_value="0")
    digits[~plain] = "0"
    numbers = digits.astype(np.int64)
    if plain.any():  # the range is checked on the extremes, compared as check_cell does
        low, high = float(numbers[plain].min()), float(numbers[plain].max())
        if (minimum is not None and low < minimum) or (maximum is not None and high > maximum):
            return None
    if integer:
        return pd.Series(pd.arrays.IntegerArray(numbers, ~plain), index=cells.index)
    return pd.Series(pd.arrays.FloatingArray(numbers.astype(np.float64), ~plain), index=cells.index)


def _numbers_by_cell(
    df: pd.DataFrame,
    column: str,
    *,
    integer: bool = False,
    minimum: float | None = 0,
    maximum: float | None = None,
) -> pd.Series:
    """Convert a column as :func:`to_numbers` does, one cell at a time, naming any bad cell."""
    label = df.attrs.get("label", "table")
    if integer:
        maximum = MAX_COUNT if maximum is None else min(maximum, MAX_COUNT)
    values: list[object] = []
    problems = []
    mask = [not (pd.isna(c) or c.casefold() in NO_DATA) for c in df[column]]
    try:
        decimal = "." if integer else decimal_mark(df[column][mask])
    except ValueError as exc:
        raise DataError(f"{label}, column {column!r}: {exc}; use one decimal mark") from None
    for (idx, cell), filled in zip(df[column].items(), mask, strict=True):
        if not filled:
            values.append(pd.NA)
            continue
        number, problem = check_cell(
            cell, integer=integer, minimum=minimum, maximum=maximum, decimal=decimal
        )
        if problem:
            problems.append(f"{row_name(df, idx)}: {cell[:40]!r} {problem}")
        values.append(pd.NA if number is None else number)
    if problems:
        shown = "; ".join(problems[:10]) + (
            f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
        )
        raise DataError(f"{label}, column {column!r}: {shown}")
    series = pd.Series(values, index=df.index, dtype="Float64")
    return series.astype("Int64") if integer else series

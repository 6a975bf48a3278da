"""Private readers for real-world tables: encodings, delimiters, thousands separators.

A table may come as a DataFrame or as a delimited text file: UTF-8 with or without BOM, or
Latin-1/cp1252 (as Mexican government files often are); ``,`` or ``;`` or tab delimited;
cells with surrounding spaces; trailing empty rows. Every problem raises
:class:`geo.errors.DataError` naming the file, the row (as a line number of the file) and the
column.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pandas as pd

from geo.errors import DataError

TableSource = pd.DataFrame | str | os.PathLike

# Cells read as "no figure" in numeric columns (Mexican files write "N/D" or "S/D").
NO_DATA = frozenset(
    {"na", "n/a", "n/d", "nd", "s/d", "sd", "-", "\u2013", "\u2014", "..", "nan", "null", "none"}
)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([, ]\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _decode(raw: bytes, label: str) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise DataError(f"{label}: cannot be decoded as UTF-8 or Latin-1")  # pragma: no cover


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: len(next(csv.reader([header], delimiter=d))) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d])


def read_table(source: TableSource, *, label: str | None = None) -> pd.DataFrame:
    """Read a table as text cells, stripped, with empty cells as missing.

    Parameters
    ----------
    source : DataFrame, str or path-like
        A DataFrame (copied, cells converted to stripped text) or a delimited text file.
    label : str, optional
        Name used in error messages; the path by default.

    Returns
    -------
    pandas.DataFrame
        Object columns of stripped strings or NA; ``attrs["label"]`` names the source and
        ``attrs["lines"]`` is True when the index gives file lines (row ``i`` is on line
        ``i + 2``), so that errors can point at them (see :func:`row_name`).
    """
    if not isinstance(source, pd.DataFrame | str | os.PathLike):
        raise DataError(f"a table must be a DataFrame or a file path, not {type(source).__name__}")
    if isinstance(source, pd.DataFrame):
        label = label or "table"
        df = source.copy()
        df.columns = [str(c).strip() for c in df.columns]
        lines = False
    else:
        path = Path(source)
        label = label or str(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise DataError(f"{label}: cannot be read ({exc.strerror})") from None
        text, _ = _decode(raw, label)
        if not text.strip():
            raise DataError(f"{label}: the file is empty")
        df = _parse(text, label)
        df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
        lines = True
    dupes = sorted({c for c in df.columns if list(df.columns).count(c) > 1})
    if dupes:
        raise DataError(f"{label}: duplicated column name(s) {dupes}")
    df = df.astype(object).apply(lambda col: col.map(_clean_cell))
    df = df[~df.isna().all(axis=1)]  # a row with no cell filled carries nothing
    if df.empty:
        raise DataError(f"{label}: the table has a header but no rows")
    df.attrs.update(label=label, lines=lines)
    return df


def _parse(text: str, label: str) -> pd.DataFrame:
    """Split delimited text strictly: a row with more filled fields than the header is an error."""
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    start = next(i for i, row in enumerate(rows) if any(cell.strip() for cell in row))
    header, body = rows[start], rows[start + 1 :]
    width = len(header)
    for number, row in enumerate(body, start=start + 2):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise DataError(
                f"{label}: malformed table: line {number} has {len(row)} fields, the header "
                f"has {width} (an unquoted delimiter or thousands separator?)"
            )
    cells = [(row + [""] * width)[:width] for row in body]
    df = pd.DataFrame(cells, columns=header, dtype=object)
    df.index = pd.RangeIndex(start, start + len(df))
    return df


def row_name(df: pd.DataFrame, index: object) -> str:
    """Name a row for an error message: its file line, or its index in a DataFrame."""
    return f"line {index + 2}" if df.attrs.get("lines") else f"row {index!r}"


def _clean_cell(value: object) -> object:
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return pd.NA
    text = str(value).strip()
    return text if text else pd.NA


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


def parse_number(text: str) -> float:
    """Parse one cell: "1,234" and "1 234" are thousands, "12,5" is a decimal comma.

    Raises
    ------
    ValueError
        If the text is not a number.
    """
    if _THOUSANDS.match(text):
        return float(text.replace(",", "").replace(" ", ""))
    if _DECIMAL_COMMA.match(text):
        return float(text.replace(",", "."))
    if _PLAIN.match(text):
        return float(text)
    raise ValueError(text)


def to_numbers(
    df: pd.DataFrame, column: str, *, integer: bool = False, minimum: float | None = 0
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
        Require whole numbers and return ``Int64``; otherwise ``Float64``.
    minimum : float or None, default 0
        Smallest allowed value; None allows any.

    Returns
    -------
    pandas.Series
        ``Int64`` or ``Float64`` values with NA where the cell was empty.
    """
    label = df.attrs.get("label", "table")
    values, problems = [], []
    for idx, cell in df[column].items():
        if pd.isna(cell) or cell.casefold() in NO_DATA:
            values.append(pd.NA)
            continue
        try:
            number = parse_number(cell)
        except ValueError:
            problems.append(f"{row_name(df, idx)}: {cell!r} is not a number")
            values.append(pd.NA)
            continue
        if integer and not float(number).is_integer():
            problems.append(f"{row_name(df, idx)}: {cell!r} is not a whole number")
        elif minimum is not None and number < minimum:
            problems.append(f"{row_name(df, idx)}: {cell!r} is below {minimum:g}")
        values.append(number)
    if problems:
        shown = "; ".join(problems[:10]) + (
            f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
        )
        raise DataError(f"{label}, column {column!r}: {shown}")
    series = pd.Series(values, index=df.index, dtype="Float64")
    return series.astype("Int64") if integer else series

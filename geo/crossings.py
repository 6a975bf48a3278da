"""Read the Bureau of Transportation Statistics "Border Crossing Entry Data" file.

The BTS file (https://data.bts.gov/Research-and-Statistics/Border-Crossing-Entry-Data/keg3-3ugj)
has one row per port, month and measure for both US land borders. :func:`read_bts_crossings`
sums any year or months into per-port volumes by measure for the US-Mexico border, reading the
file in chunks so that its size does not matter.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable

import pandas as pd

from geo._read import MAX_COUNT, check_cell, iter_table
from geo._validate import check_whole
from geo.errors import DataError, OptionError
from geo.layers import MEASURES

__all__ = ["read_bts_crossings"]

_COLUMNS = [
    "Port Name",
    "State",
    "Port Code",
    "Border",
    "Date",
    "Measure",
    "Value",
    "Latitude",
    "Longitude",
]
_BORDER = "US-Mexico Border"
_STATES = {"California": "CA", "Arizona": "AZ", "New Mexico": "NM", "Texas": "TX"}


def _months(dates: pd.Series, lines: pd.Series, label: str) -> pd.Series:
    """Parse "Jan 2024" or "01/01/2024 12:00:00 AM" into "YYYY-MM" periods."""
    short = pd.to_datetime(dates, format="%b %Y", errors="coerce")
    long = pd.to_datetime(dates, format="%m/%d/%Y %I:%M:%S %p", errors="coerce")
    parsed = short.fillna(long)
    bad = parsed.isna()
    if bad.any():
        pos = int(bad.to_numpy().argmax())
        raise DataError(
            f"{label}: line {lines.iloc[pos]}, column 'Date': {dates.iloc[pos][:40]!r} is "
            "neither 'Jan 2024' nor '01/01/2024 12:00:00 AM'"
        )
    return parsed.dt.strftime("%Y-%m")


def read_bts_crossings(
    path: str | os.PathLike,
    *,
    year: int | None = None,
    months: Iterable[int] | None = None,
    chunksize: int = 200_000,
) -> pd.DataFrame:
    """Sum a BTS Border Crossing Entry Data CSV into per-port volumes for the US-Mexico border.

    Parameters
    ----------
    path : str or path-like
        The CSV as downloaded from BTS (columns Port Name, State, Port Code, Border, Date,
        Measure, Value, Latitude, Longitude, Point).
    year : int, optional
        The calendar year to sum; the latest year in the file by default.
    months : iterable of int, optional
        Months of ``year`` to sum (1-12); all twelve by default.
    chunksize : int, default 200000
        Rows read at a time; memory stays bounded whatever the file size.

    Returns
    -------
    pandas.DataFrame
        One row per port: ``port_code``, ``port_name``, ``usps``, ``latitude``, ``longitude``
        and one ``Int64`` column per measure (``personal_vehicles``, ``pedestrians``, ...).
        A port and measure is summed only when every requested month is in the file;
        otherwise it is NA, and ``attrs["incomplete"]`` lists it with the months found, so a
        partial year is never presented as a total. ``attrs["period"]`` names what was summed.
    """
    label = str(path)
    if months is not None and not isinstance(months, Iterable):
        raise OptionError(f"months: {months!r} must be a list of months from 1 to 12")
    wanted = sorted(set(months)) if months is not None else list(range(1, 13))
    if not wanted or not all(type(m) is int and 1 <= m <= 12 for m in wanted):
        raise OptionError(f"months must be integers from 1 to 12, not {wanted!r}")
    if year is not None:
        check_whole(year, what="year", low=1900, high=2100)
    check_whole(chunksize, what="chunksize", low=1, high=100_000_000)
    header, records = iter_table(path, label=label)
    missing = [c for c in _COLUMNS if c not in header]
    if missing:
        raise DataError(
            f"{label}: not a BTS Border Crossing Entry Data file; missing column(s) {missing}"
        )
    where = [header.index(c) for c in _COLUMNS]
    parts = []
    while batch := list(itertools.islice(records, chunksize)):
        chunk = [(n, *(row[i].strip() for i in where)) for n, row in batch]
        chunk = [r for r in chunk if r[4] == _BORDER]
        if chunk:
            parts.append(_parse(pd.DataFrame(chunk, columns=["line", *_COLUMNS]), label))
    if not parts:
        raise DataError(f"{label}: no rows for the {_BORDER}")
    rows = pd.concat(parts, ignore_index=True)
    year = year if year is not None else int(rows["month"].str.slice(0, 4).max())
    periods = [f"{year}-{m:02d}" for m in wanted]
    rows = rows[rows["month"].isin(periods)]
    if rows.empty:
        raise DataError(f"{label}: no US-Mexico rows for {periods[0]}..{periods[-1]}")
    return _summarise(rows, periods, label)


def _parse(chunk: pd.DataFrame, label: str) -> pd.DataFrame:
    values = []
    for line, cell in zip(chunk["line"], chunk["Value"], strict=True):
        value, problem = check_cell(cell, integer=True, minimum=0, maximum=MAX_COUNT)
        if problem:
            raise DataError(f"{label}: line {line}, column 'Value': {cell[:40]!r} {problem}")
        values.append(value)
    return pd.DataFrame(
        {
            "port_code": chunk["Port Code"],
            "port_name": chunk["Port Name"],
            "usps": chunk["State"].map(_STATES),
            "latitude": pd.to_numeric(chunk["Latitude"], errors="coerce"),
            "longitude": pd.to_numeric(chunk["Longitude"], errors="coerce"),
            "measure": chunk["Measure"],
            "month": _months(chunk["Date"], chunk["line"], label),
            "value": values,
        }
    )


def _summarise(rows: pd.DataFrame, periods: list[str], label: str) -> pd.DataFrame:
    dupes = rows.duplicated(["port_code", "measure", "month"])
    if dupes.any():
        first = rows[dupes].iloc[0]
        raise DataError(
            f"{label}: port {first['port_code']} has more than one {first['measure']!r} "
            f"row for {first['month']}"
        )
    known = rows["measure"].isin(MEASURES)
    if not known.any():
        raise DataError(
            f"{label}: no rows of a known measure; found {sorted(set(rows['measure']))[:10]}, "
            f"known: {list(MEASURES)}"
        )
    rows = rows[known]
    sums = rows.groupby(["port_code", "measure"]).agg(
        value=("value", "sum"), months=("month", "nunique")
    )
    complete = sums["months"] == len(periods)
    table = sums["value"].where(complete).unstack("measure").rename(columns=MEASURES)
    table = table.astype("Int64")
    ports = rows.groupby("port_code")[["port_name", "usps", "latitude", "longitude"]].first()
    out = ports.join(table).reset_index()
    out.attrs["period"] = periods[0] if len(periods) == 1 else f"{periods[0]}..{periods[-1]}"
    out.attrs["incomplete"] = {
        f"{code} {measure}": int(n) for (code, measure), n in sums.loc[~complete, "months"].items()
    }
    return out

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
from typing import Any

import pandas as pd

from geo._read import MAX_COUNT, check_cell, iter_table
from geo._validate import check_choices, check_whole
from geo.errors import DataError
from geo.indicators import PROVENANCE, load_indicator
from geo.layers import MEASURES, PORT_YEARS

__all__ = ["EVENTS", "crossings_over_time", "read_bts_annual", "read_bts_crossings"]

# Years a chart of crossings marks: (year, text key, citation).
EVENTS = (
    (
        2004,
        "event_2004",
        "Violent Crime Control and Law Enforcement Act of 1994, title XI, subtitle A "
        "(federal assault weapons ban), expired 13 September 2004",
    ),
    (
        2020,
        "event_2020",
        "U.S. Department of Homeland Security, temporary travel restrictions at land ports "
        "of entry between the United States and Mexico, Federal Register, 24 March 2020",
    ),
)

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
    chunksize: int = 50_000,
) -> pd.DataFrame:
    """Sum a BTS Border Crossing Entry Data CSV into per-port volumes for the US-Mexico border.

    Parameters
    ----------
    path : str or path-like
        The CSV as downloaded from BTS (columns Port Name, State, Port Code, Border, Date,
        Measure, Value, Latitude, Longitude, Point), plain or gzip-compressed, all borders.
    year : int, optional
        The calendar year to sum; the latest year in the file by default.
    months : iterable of int, optional
        Months of ``year`` to sum (1-12); all twelve by default.
    chunksize : int, default 50000
        Rows read at a time; memory stays bounded whatever the file size.

    Returns
    -------
    pandas.DataFrame
        One row per port: ``port_code``, ``port_name``, ``usps``, ``latitude``, ``longitude``
        and one ``Int64`` column per measure (``personal_vehicles``, ``pedestrians``, ...).
        A port and measure is summed only when every requested month is in the file;
        otherwise it is NA, and ``attrs["incomplete"]`` lists it with the months found, so a
        partial year is never presented as a total. A row repeated exactly is counted once;
        two rows giving different values for one port, month and measure are never summed:
        that port and measure is NA and ``attrs["conflicts"]`` names them.
        ``attrs["period"]`` names what was summed.
    """
    label = str(path)
    every = list(range(1, 13))
    wanted = (
        sorted(set(check_choices(months, every, what="months"))) if months is not None else every
    )
    if year is not None:
        check_whole(year, what="year", low=1900, high=2100)
    rows, conflicts = _read_rows(path, label, chunksize)
    year = year if year is not None else int(rows["month"].str.slice(0, 4).max())
    periods = [f"{year}-{m:02d}" for m in wanted]
    rows = rows[rows["month"].isin(periods)]
    if rows.empty:
        raise DataError(f"{label}: no US-Mexico rows for {periods[0]}..{periods[-1]}")
    return _summarise(rows, periods, conflicts, label)


def read_bts_annual(path: str | os.PathLike, *, chunksize: int = 50_000) -> pd.DataFrame:
    """Sum a BTS Border Crossing Entry Data CSV into every US-Mexico port's annual figures.

    Parameters
    ----------
    path : str or path-like
        The CSV as downloaded from BTS, plain or gzip-compressed, all borders.
    chunksize : int, default 50000
        Rows read at a time.

    Returns
    -------
    pandas.DataFrame
        One row per port, calendar year and measure (every measure of the file):
        ``port_code``, ``port_name``, ``usps``, ``year``, ``measure``, ``value`` (the sum of
        its monthly counts; ``Int64``, NA where two rows conflict) and ``months_present``. A
        figure is an annual total only where ``months_present`` is 12. Exact repeats are
        counted once; conflicts are listed in ``attrs["conflicts"]``, never summed.
    """
    rows, conflicts = _read_rows(path, str(path), chunksize)
    rows["year"] = rows["month"].str.slice(0, 4).astype(int)
    keys = ["port_code", "year", "measure"]
    sums = rows.groupby(keys).agg(
        port_name=("port_name", "first"),
        usps=("usps", "first"),
        value=("value", "sum"),
        months_present=("month", "nunique"),
    )
    disputed = {(c["port_code"], int(c["month"][:4]), c["measure"]) for c in conflicts}
    sums["value"] = sums["value"].astype("Int64").mask(sums.index.isin(list(disputed)))
    out = sums.reset_index()[
        ["port_code", "port_name", "usps", *keys[1:], "value", "months_present"]
    ]
    out.attrs["conflicts"] = conflicts
    return out


def _read_rows(
    path: str | os.PathLike, label: str, chunksize: int
) -> tuple[pd.DataFrame, list[dict]]:
    """Read the file's US-Mexico rows, exact repeats dropped, and list the conflicting ones.

    A conflict is two values for one port, month and measure: both rows stay, and the list
    names them with their lines and values, so that no caller sums them.
    """
    check_whole(chunksize, what="chunksize", low=1, high=100_000_000)
    header, records = iter_table(path, label=label, keep=_BORDER)  # others are never parsed
    missing = [c for c in _COLUMNS if c not in header]
    if missing:
        raise DataError(
            f"{label}: not a BTS Border Crossing Entry Data file; missing column(s) {missing}"
        )
    where = [header.index(c) for c in _COLUMNS]
    border = _COLUMNS.index("Border")
    parts = []
    while batch := list(itertools.islice(records, chunksize)):
        chunk = [
            (n, *(row[i].strip() for i in where))
            for n, row in batch
            if row[where[border]].strip() == _BORDER
        ]
        if chunk:
            parts.append(_parse(pd.DataFrame(chunk, columns=["line", *_COLUMNS]), label))
    if not parts:
        raise DataError(f"{label}: no rows for the {_BORDER}")
    rows = pd.concat(parts, ignore_index=True)
    keys = ["port_code", "measure", "month"]
    rows = rows.drop_duplicates([*keys, "value"])  # the same row twice is one count
    clash = rows.duplicated(keys, keep=False)
    conflicts = [
        {"port_code": k[0], "measure": k[1], "month": k[2], "lines": list(g["line"]),
         "values": [int(v) for v in g["value"]]}
        for k, g in rows[clash].groupby(keys)
    ]  # fmt: skip
    return rows, conflicts


def _numbers(chunk: pd.DataFrame, column: str, label: str, **limits: Any) -> list:
    """Read a column's cells as numbers within ``limits``; an empty coordinate is NA."""
    values: list = []
    for line, cell in zip(chunk["line"], chunk[column], strict=True):
        if not cell and not limits.get("integer"):
            values.append(float("nan"))
            continue
        value, problem = check_cell(cell, **{"integer": False, **limits})
        if problem:
            raise DataError(f"{label}: line {line}, column {column!r}: {cell[:40]!r} {problem}")
        values.append(value)
    return values


def _parse(chunk: pd.DataFrame, label: str) -> pd.DataFrame:
    for column, allowed in (("Port Code", None), ("State", _STATES)):
        cells = chunk[column]
        bad = (cells == "") if allowed is None else ~cells.isin(allowed)
        if bad.any():
            line, cell = chunk["line"][bad].iloc[0], cells[bad].iloc[0]
            wanted = "a port code" if allowed is None else f"one of {list(allowed)}"
            raise DataError(f"{label}: line {line}, column {column!r}: {cell[:40]!r}; {wanted}")
    months = _months(chunk["Date"], chunk["line"], label)
    odd = ~months.str.slice(0, 4).astype(int).between(1900, 2100)
    if odd.any():
        line = chunk["line"][odd].iloc[0]
        raise DataError(f"{label}: line {line}, column 'Date': a year outside 1900-2100")
    return pd.DataFrame(
        {
            "line": chunk["line"],
            "port_code": chunk["Port Code"],
            "port_name": chunk["Port Name"],
            "usps": chunk["State"].map(_STATES),
            "latitude": _numbers(chunk, "Latitude", label, minimum=-90, maximum=90),
            "longitude": _numbers(chunk, "Longitude", label, minimum=-180, maximum=180),
            "measure": chunk["Measure"],
            "month": months,
            "value": _numbers(chunk, "Value", label, integer=True, minimum=0, maximum=MAX_COUNT),
        }
    )


def _summarise(
    rows: pd.DataFrame, periods: list[str], conflicts: list[dict], label: str
) -> pd.DataFrame:
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
    disputed = {(c["port_code"], c["measure"]) for c in conflicts if c["month"] in periods}
    agreed = ~sums.index.isin(list(disputed))
    table = sums["value"].where(complete & agreed).unstack("measure").rename(columns=MEASURES)
    table = table.astype("Int64")
    ports = rows.groupby("port_code")[["port_name", "usps", "latitude", "longitude"]].first()
    out = ports.join(table).reset_index()
    out.attrs["period"] = periods[0] if len(periods) == 1 else f"{periods[0]}..{periods[-1]}"
    out.attrs["conflicts"] = [c for c in conflicts if c["month"] in periods]
    out.attrs["incomplete"] = {
        f"{code} {measure}": int(n) for (code, measure), n in sums.loc[~complete, "months"].items()
    }
    return out


def crossings_over_time(
    *, measures: Iterable[str] = ("personal_vehicles", "pedestrians", "trucks"), ports: int = 5
) -> pd.DataFrame:
    """Annual crossings at the busiest ports, 1996-2024, by mode (bundled BTS sums).

    Parameters
    ----------
    measures : iterable of str
        Measures (``personal_vehicles``, ``pedestrians``, ``trucks``, ...), one chart panel
        each.
    ports : int, default 5
        For each measure, the ports with the most crossings in 2024 (at most 8).

    Returns
    -------
    pandas.DataFrame
        Long table: ``measure``, ``port_code``, ``port_name``, ``year``, ``value`` (``Int64``,
        NA where the port has no complete year: a gap, never a partial sum). ``attrs`` holds
        the source (``publisher``, ``title``, ``url``, ``short``, ``year``) and ``events``,
        the years to mark with their citations (:data:`EVENTS`).
    """
    names = {key: name for name, key in MEASURES.items()}
    measures = list(dict.fromkeys(check_choices(measures, list(names), what="measures")))
    check_whole(ports, what="ports", low=1, high=8)  # one colour each in a chart
    bts = load_indicator("port_volumes_bts")
    complete = bts[bts["months_present"] == 12]
    port_names = load_indicator("ports").set_index("port_code")["port_name"]
    parts = []
    for measure in measures:
        rows = complete[complete["measure"] == names[measure]]
        busiest = rows[rows["year"] == PORT_YEARS[-1]].nlargest(ports, "value")["port_code"]
        for code in busiest:
            values = rows[rows["port_code"] == code].set_index("year")["value"]
            parts.append(
                pd.DataFrame(
                    {
                        "measure": measure,
                        "port_code": code,
                        "port_name": port_names[code],
                        "year": list(PORT_YEARS),
                        "value": values.reindex(list(PORT_YEARS)).astype("Int64").to_numpy(),
                    }
                )
            )
    table = pd.concat(parts, ignore_index=True)
    table.attrs = {
        **PROVENANCE["ports"],
        "year": f"{PORT_YEARS[0]}-{PORT_YEARS[-1]}",
        "events": [list(event) for event in EVENTS],
    }
    return table

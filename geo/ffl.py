"""Read ATF's monthly Listing of Federal Firearms Licensees and place licensees at their ZIP.

ATF publishes the listing (https://www.atf.gov/firearms/listing-federal-firearms-licensees) as
a delimited text file with 17 columns. :func:`read_ffl_listing` reads it with or without its
header line, keeps the licence types asked for, and places each licensee at the centre of its
premise ZIP code with the offline ``zipcodes`` package (coordinates from GeoNames, CC BY 4.0).
Malformed rows and ZIP codes that cannot be placed are counted and listed, never dropped
silently. The aggregations turn the licensees into counts by state, by county and by band.
"""

from __future__ import annotations

import collections
import functools
import itertools
import os
import re
import sys
from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from geo._read import iter_rows
from geo.errors import DataError, OptionError

__all__ = [
    "FFL_COLUMNS",
    "LICENCE_TYPES",
    "ffl_by_county",
    "ffl_by_state",
    "ffl_in_bands",
    "read_ffl_listing",
]

FFL_COLUMNS = (
    "LIC_REGN", "LIC_DIST", "LIC_CNTY", "LIC_TYPE", "LIC_XPRDTE", "LIC_SEQN", "LICENSE_NAME",
    "BUSINESS_NAME", "PREMISE_STREET", "PREMISE_CITY", "PREMISE_STATE", "PREMISE_ZIP_CODE",
    "MAIL_STREET", "MAIL_CITY", "MAIL_STATE", "MAIL_ZIP_CODE", "VOICE_PHONE",
)  # fmt: skip
LICENCE_TYPES = {
    "01": "dealer",
    "02": "pawnbroker",
    "03": "collector",
    "06": "ammunition manufacturer",
    "07": "manufacturer",
    "08": "importer",
    "09": "destructive device dealer",
    "10": "destructive device manufacturer",
    "11": "destructive device importer",
}
GEONAMES_CREDIT = "ZIP code points: GeoNames (CC BY 4.0) via the zipcodes package"
_PROGRESS_EVERY = 25_000


@functools.cache
def _zip_points() -> dict[str, tuple[float, float, str, str]]:
    """ZIP -> (latitude, longitude, state, county), from the zipcodes package (GeoNames)."""
    import zipcodes

    return {
        z["zip_code"]: (float(z["lat"]), float(z["long"]), z["state"], z["county"])
        for z in zipcodes.list_all()
        if z["lat"] and z["long"]
    }


def _types(types: Iterable[str] | None) -> set[str]:
    if types is None:
        return set(LICENCE_TYPES)
    if isinstance(types, str):  # one type, not a sequence of one-letter types
        types = [types]
    types = list(types) if isinstance(types, Iterable) else types
    if not isinstance(types, list) or not types:
        raise OptionError(
            f"types: {types!r} must be a list of licence types, e.g. ['dealer', 'pawnbroker']"
        )
    by_name = {name: code for code, name in LICENCE_TYPES.items()}
    wanted = set()
    for t in types:
        code = str(t).strip().zfill(2) if str(t).strip().isdigit() else by_name.get(str(t).lower())
        if code not in LICENCE_TYPES:
            raise DataError(
                f"unknown licence type {t!r}; use a code or name: "
                + ", ".join(f"{c} {n}" for c, n in LICENCE_TYPES.items())
            )
        wanted.add(code)
    return wanted


def _zip5(text: str) -> str | None:
    digits = re.sub(r"\D", "", text)
    if len(digits) in (4, 8):  # a leading zero lost in a spreadsheet
        digits = "0" + digits
    return digits[:5] if len(digits) in (5, 9) else None


def read_ffl_listing(
    path: str | os.PathLike,
    *,
    types: Iterable[str] | None = ("01", "02"),
    progress: bool = False,
) -> pd.DataFrame:
    """Read an ATF FFL listing and place each licensee at its premise ZIP code.

    Parameters
    ----------
    path : str or path-like
        The listing as published (tab-, pipe- or comma-delimited text), with or without its
        header line; the header may be in any case.
    types : iterable of str, optional
        Licence types to keep, by code ("01") or name ("dealer", "pawnbroker",
        "manufacturer", "importer", "collector", ...); dealers and pawnbrokers by default,
        every type with None.
    progress : bool, default False
        Print a progress line to standard error every 25,000 lines.

    Returns
    -------
    pandas.DataFrame
        One row per kept licensee: ``lic_type``, ``licence``, ``license_name``,
        ``business_name``, ``premise_city``, ``usps``, ``zip``, ``county``, ``latitude``,
        ``longitude`` (NA where the ZIP could not be placed). ``attrs`` holds ``rows`` (data
        rows read), ``kept``, ``malformed`` (line, reason) pairs and ``unmatched_zips`` (ZIP ->
        number of licensees), and ``credit`` for the ZIP coordinates.
    """
    wanted = _types(types)
    label = str(path)
    df, malformed = _read_rows(path, label, progress)
    count = len(df) + len(malformed)  # data rows, well-formed or not
    lic_type = df["LIC_TYPE"].str.zfill(2)
    bad = ~lic_type.isin(LICENCE_TYPES)
    malformed += [
        (n, f"LIC_TYPE {t!r} is not a licence type") for n, t in df.loc[bad, "LIC_TYPE"].items()
    ]
    malformed.sort()
    keep = lic_type.isin(wanted) & ~bad
    out, unmatched = _placed(df[keep], lic_type[keep])
    if progress:
        print(
            f"{label}: done, {count:,} rows, {len(out):,} kept, {len(malformed):,} malformed, "
            f"{sum(unmatched.values()):,} without a placed ZIP",
            file=sys.stderr,
        )
    out.attrs = {
        "source": label,
        "rows": count,
        "kept": len(out),
        "types": sorted(wanted),
        "malformed": malformed,
        "unmatched_zips": dict(unmatched),
        "credit": GEONAMES_CREDIT,
    }
    return out


def _read_rows(
    path: str | os.PathLike, label: str, progress: bool
) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Read the listing's rows (indexed by line) and the malformed ones (line, reason)."""
    rows = iter_rows(path, label=label)
    first = next(rows, None)
    if first is None:
        raise DataError(f"{label}: the file is empty")
    names = [c.strip().upper().lstrip("\ufeff") for c in first[1]]
    has_header = names == list(FFL_COLUMNS)
    if not has_header and names[0].startswith("LIC"):
        raise DataError(
            f"{label}: line {first[0]} is a header but not ATF's: missing "
            f"{[c for c in FFL_COLUMNS if c not in names]}, unexpected "
            f"{[c for c in names if c not in FFL_COLUMNS]}"
        )
    records, lines, malformed = [], [], []
    for number, row in itertools.chain([] if has_header else [first], rows):
        if len(row) == len(FFL_COLUMNS):
            records.append(row)
            lines.append(number)
        else:
            malformed.append((number, f"{len(row)} fields instead of {len(FFL_COLUMNS)}"))
        if progress and number % _PROGRESS_EVERY == 0:
            print(f"{label}: {number:,} lines read", file=sys.stderr)
    used = [
        "LIC_TYPE",
        "LICENSE_NAME",
        "BUSINESS_NAME",
        "PREMISE_CITY",
        "PREMISE_STATE",
        "PREMISE_ZIP_CODE",
    ]
    columns = list(zip(*records, strict=True)) or [()] * len(FFL_COLUMNS)
    df = pd.DataFrame(
        {name: [cell.strip() for cell in columns[FFL_COLUMNS.index(name)]] for name in used},
        index=lines,
        dtype=object,
    )
    return df, malformed


def _placed(df: pd.DataFrame, lic_type: pd.Series) -> tuple[pd.DataFrame, collections.Counter]:
    """Place the kept licensees at their ZIP code's point, and the ZIPs not placed."""
    zip5 = df["PREMISE_ZIP_CODE"].map(_zip5)
    place = zip5.map(_zip_points())
    unmatched = collections.Counter(df.loc[place.isna(), "PREMISE_ZIP_CODE"].replace("", "(empty)"))
    placed = place.dropna()
    out = pd.DataFrame(
        {
            "lic_type": lic_type,
            "licence": lic_type.map(LICENCE_TYPES),
            "license_name": df["LICENSE_NAME"],
            "business_name": df["BUSINESS_NAME"].replace("", pd.NA),
            "premise_city": df["PREMISE_CITY"],
            "usps": df["PREMISE_STATE"].str.upper(),
            "zip": zip5,
            "county": placed.map(lambda p: p[3]).reindex(df.index),
            "latitude": placed.map(lambda p: p[0]).reindex(df.index).astype(float),
            "longitude": placed.map(lambda p: p[1]).reindex(df.index).astype(float),
        }
    ).reset_index(drop=True)
    return out, unmatched


def ffl_by_state(licensees: pd.DataFrame, *, population_year: int = 2023) -> gpd.GeoDataFrame:
    """Count licensees per US state, and per 100,000 residents.

    Parameters
    ----------
    licensees : pandas.DataFrame
        From :func:`read_ffl_listing`; counted by premise state, so licensees whose ZIP could
        not be placed still count. Territories (PR, GU, VI, ...) are left out and reported in
        ``attrs["outside"]``.
    population_year : int, default 2023
        Year of the bundled Census population.

    Returns
    -------
    geopandas.GeoDataFrame
        :func:`geo.layers.dealer_layer` built from these counts: 51 rows with ``licensees``
        (0 where a state has none in the listing), ``population`` and ``licensees_per_100k``.
    """
    from geo.boundaries import load_us_states
    from geo.layers import dealer_layer

    states = load_us_states()["usps"]
    counts = licensees["usps"].value_counts()
    outside = counts[~counts.index.isin(states)]
    table = pd.DataFrame({"usps": states, "licensees": counts.reindex(states, fill_value=0).values})
    gdf = dealer_layer(table=table, year=population_year)
    gdf.attrs.update(
        title=f"ATF listing {licensees.attrs.get('source', '')}",
        caveat="Licence types " + ", ".join(licensees.attrs.get("types", [])),
        outside=outside.to_dict(),
    )
    return gdf


def ffl_by_county(licensees: pd.DataFrame) -> pd.DataFrame:
    """Count licensees per county (the county of their ZIP code).

    Parameters
    ----------
    licensees : pandas.DataFrame
        From :func:`read_ffl_listing`.

    Returns
    -------
    pandas.DataFrame
        ``usps``, ``county``, ``licensees``, sorted by count. Licensees whose ZIP could not be
        placed are one row with county "(ZIP not placed)". No county population is bundled,
        so there is no per-100k rate at this level.
    """
    county = (
        licensees["county"].astype(object).where(licensees["county"].notna(), "(ZIP not placed)")
    )
    out = (
        pd.DataFrame({"usps": licensees["usps"], "county": county})
        .value_counts()
        .rename("licensees")
        .reset_index()
    )
    return out.sort_values(
        ["licensees", "usps", "county"], ascending=[False, True, True], ignore_index=True
    )


def ffl_in_bands(
    licensees: pd.DataFrame, distances_km: Iterable[float] = (50, 100, 250)
) -> pd.DataFrame:
    """Count placed licensees inside each US border band.

    Parameters
    ----------
    licensees : pandas.DataFrame
        From :func:`read_ffl_listing`.
    distances_km : iterable of float, default (50, 100, 250)
        Band widths in km (see :func:`geo.analysis.border_bands`).

    Returns
    -------
    pandas.DataFrame
        ``distance_km`` and ``licensees`` inside the US side of that band; ``attrs`` gives the
        number of licensees that could not be placed (not in any count).
    """
    import shapely

    from geo.analysis import border_bands

    placed = licensees.dropna(subset=["latitude", "longitude"])
    bands = border_bands(distances_km)
    bands = bands[bands["iso_a3"] == "USA"]
    rows = []
    for km, geom in zip(bands["distance_km"], bands.geometry, strict=True):
        inside = shapely.intersects_xy(
            geom, placed["longitude"].to_numpy(), placed["latitude"].to_numpy()
        )
        rows.append({"distance_km": km, "licensees": int(inside.sum())})
    out = pd.DataFrame(rows)
    out.attrs["not_placed"] = len(licensees) - len(placed)
    return out

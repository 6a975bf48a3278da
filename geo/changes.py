"""Change layers: how a layer's figure changed between two years or editions.

Built from the layers of :mod:`geo.layers` for each year; a state without a figure in either
keeps NA.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd

from geo.layers import GUN_LAW_EDITIONS, gun_law_layer, homicide_layer

__all__ = ["grade_change", "homicide_change", "nearest_editions"]


def homicide_change(start: int, end: int) -> gpd.GeoDataFrame:
    """Change in the Mexican homicide rate between two years, per 100,000.

    Parameters
    ----------
    start, end : int
        Years of :data:`geo.layers.HOMICIDE_YEARS`.

    Returns
    -------
    geopandas.GeoDataFrame
        32 rows with ``rate_start``, ``rate_end`` and ``change`` (end minus start); NA where
        either year has no figure (Oaxaca 2015).
    """
    first, last = homicide_layer(year=start), homicide_layer(year=end)
    gdf = last[["cve_ent", "name", "name_official", "abbrev", "geometry"]].copy()
    gdf.insert(4, "rate_start", first["rate_per_100k"].to_numpy())
    gdf.insert(5, "rate_end", last["rate_per_100k"].to_numpy())
    gdf.insert(6, "change", gdf["rate_end"] - gdf["rate_start"])
    gdf.attrs = dict(last.attrs, year=f"{start}-{end}", start=start, end=end)
    return gdf


def grade_change(start: int, end: int) -> gpd.GeoDataFrame:
    """Change in the Giffords grade between two editions, in grade steps.

    Parameters
    ----------
    start, end : int
        Editions of :data:`geo.layers.GUN_LAW_EDITIONS`.

    Returns
    -------
    geopandas.GeoDataFrame
        51 rows with ``grade_start``, ``grade_end`` and ``change``: the number of steps on
        the scale A+, A, A-, ... F by which the grade rose (positive: stronger laws) or fell;
        NA where either edition has no grade (DC).
    """
    first, last = gun_law_layer(edition=start), gun_law_layer(edition=end)
    gdf = last[["fips", "usps", "name", "geometry"]].copy()
    gdf.insert(3, "grade_start", first["grade"].to_numpy())
    gdf.insert(4, "grade_end", last["grade"].to_numpy())
    steps = first["grade"].cat.codes.astype("Int64") - last["grade"].cat.codes.astype("Int64")
    steps[first["grade"].isna() | last["grade"].isna()] = pd.NA
    gdf.insert(5, "change", pd.array(steps, dtype="Int64"))
    gdf.attrs = dict(last.attrs, year=f"{start}-{end}", start=start, end=end)
    return gdf


def nearest_editions(
    years: Sequence[int], editions: Sequence[int] = GUN_LAW_EDITIONS
) -> tuple[int, ...]:
    """Pick the edition nearest to each year (the later one on a tie).

    Parameters
    ----------
    years : sequence of int
        Calendar years, e.g. the two years of a comparison.
    editions : sequence of int, default :data:`geo.layers.GUN_LAW_EDITIONS`
        The editions to pick from (the complete Giffords editions).

    Returns
    -------
    tuple of int
        One edition per year: 2015 -> 2017, 2024 -> 2025.
    """
    return tuple(min(editions, key=lambda e: (abs(e - y), -e)) for y in years)

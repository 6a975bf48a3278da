"""Write layers and joins to GeoPackage, GeoJSON, CSV and GeoParquet, atomically.

The format follows the file suffix: ``.gpkg`` (several layers in one file, plus a ``sources``
table citing each), ``.geojson``, ``.csv`` (points as ``latitude``/``longitude`` columns;
other geometries are left out) and ``.parquet`` (GeoParquet). Every file is written to a
temporary name and renamed, so an interrupted run leaves the previous file intact.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo._io import atomic_path, write_atomic
from geo.errors import DataError

__all__ = ["FORMATS", "write_layers"]

FORMATS = {".gpkg": "GeoPackage", ".geojson": "GeoJSON", ".csv": "CSV", ".parquet": "GeoParquet"}
_SOURCE_FIELDS = ("layer", "measure", "publisher", "title", "year", "url", "caveat")


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as text; other columns unchanged (missing stays missing)."""
    out = df.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def _sources(layers: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    rows = []
    for name, df in layers.items():
        cited = df.attrs.get("sources", [df.attrs])
        for attrs in cited:
            rows.append({"name": name} | {f: str(attrs.get(f, "")) for f in _SOURCE_FIELDS})
    return pd.DataFrame(rows, columns=["name", *_SOURCE_FIELDS])


def write_layers(
    layers: Mapping[str, pd.DataFrame] | pd.DataFrame, path: str | os.PathLike
) -> Path:
    """Write one or several layers to a file whose suffix names the format.

    Parameters
    ----------
    layers : GeoDataFrame, DataFrame or mapping of name to (Geo)DataFrame
        What to write; several layers need a GeoPackage.
    path : str or path-like
        Destination: ``.gpkg``, ``.geojson``, ``.csv`` or ``.parquet``.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DataError(f"{path}: unknown format {path.suffix!r}; use one of {list(FORMATS)}")
    if isinstance(layers, pd.DataFrame):
        layers = {path.stem: layers}
    if not layers:
        raise DataError(f"{path}: nothing to write")
    if len(layers) > 1 and fmt != "GeoPackage":
        raise DataError(f"{path}: {fmt} holds one layer, got {len(layers)}; use a .gpkg file")
    if fmt == "GeoPackage":
        with atomic_path(path) as tmp:
            for name, df in layers.items():
                pyogrio.write_dataframe(_plain(df), tmp, layer=name, driver="GPKG", append=True)
            pyogrio.write_dataframe(
                _sources(layers), tmp, layer="sources", driver="GPKG", append=True
            )
        return path
    ((name, df),) = layers.items()
    df = _plain(df)
    if fmt == "CSV":
        if isinstance(df, gpd.GeoDataFrame):
            geoms = df.to_crs("EPSG:4326").geometry if df.crs else df.geometry
            table = pd.DataFrame(df.drop(columns=df.geometry.name))
            if (geoms.geom_type == "Point").all():
                table["latitude"], table["longitude"] = geoms.y.round(6), geoms.x.round(6)
            df = table
        return write_atomic(path, df.to_csv(index=False, lineterminator="\n"))
    with atomic_path(path) as tmp:
        if fmt == "GeoJSON":
            pyogrio.write_dataframe(
                df.to_crs("EPSG:4326"), tmp, driver="GeoJSON", layer=name, RFC7946=True
            )
        else:
            df.to_parquet(tmp)
    return path

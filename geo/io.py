"""Write layers and joins to GeoPackage, GeoJSON, CSV and GeoParquet, atomically.

The format follows the file suffix: ``.gpkg`` (several layers in one file, plus a ``sources``
table citing each), ``.geojson``, ``.csv`` (points as ``latitude``/``longitude`` columns;
other geometries are left out) and ``.parquet`` (GeoParquet). Every file is written to a
temporary name and renamed, so an interrupted run leaves the previous file intact.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo._io import atomic_path, write_atomic
from geo.errors import DataError, OptionError

__all__ = ["FORMATS", "write_layers"]

FORMATS = {".gpkg": "GeoPackage", ".geojson": "GeoJSON", ".csv": "CSV", ".parquet": "GeoParquet"}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$")
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


def _check_layers(layers: Mapping[str, pd.DataFrame], fmt: str, path: Path) -> None:
    """Refuse what a format would corrupt or a writer would fail on, naming the layer."""
    seen: set[str] = set()
    for name, df in layers.items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise OptionError(
                f"{path}: layer name {name!r}: letters, digits, '-' and '_', up to 60 characters"
            )
        if name.casefold() in seen or name.casefold() == "sources" or name.startswith("gpkg_"):
            raise OptionError(f"{path}: layer name {name!r} is taken (names are case-blind)")
        seen.add(name.casefold())
        if not isinstance(df, pd.DataFrame):
            raise OptionError(f"{path}: layer {name!r} is a {type(df).__name__}, not a DataFrame")
        dupes = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
        if dupes:
            raise DataError(f"{path}: layer {name!r} has duplicated column(s) {dupes}")
        geographic = isinstance(df, gpd.GeoDataFrame)
        if geographic and df.crs is None and df.geometry.notna().any():
            raise DataError(f"{path}: layer {name!r} has no CRS; set it (e.g. EPSG:4326) first")
        if fmt in ("GeoJSON", "GeoParquet") and not geographic:
            raise DataError(f"{path}: {fmt} needs a GeoDataFrame; layer {name!r} has no geometry")
        if fmt == "CSV" and geographic:
            kinds = set(df.geometry.dropna().geom_type)
            if "Point" in kinds and kinds != {"Point"}:
                raise DataError(f"{path}: layer {name!r} mixes points with {sorted(kinds)}")
            if kinds == {"Point"} and {"latitude", "longitude"} & set(df.columns):
                raise DataError(
                    f"{path}: layer {name!r} has its own latitude/longitude columns; the "
                    "points' coordinates would overwrite them"
                )


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
        raise OptionError(f"{path}: unknown format {path.suffix!r}; use one of {list(FORMATS)}")
    if isinstance(layers, pd.DataFrame):
        layers = {path.stem: layers}
    if not isinstance(layers, Mapping) or not layers:
        raise OptionError(f"{path}: give a DataFrame or a mapping of layer name to DataFrame")
    if len(layers) > 1 and fmt != "GeoPackage":
        raise OptionError(f"{path}: {fmt} holds one layer, got {len(layers)}; use a .gpkg file")
    _check_layers(layers, fmt, path)
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
            geoms = df.to_crs("EPSG:4326").geometry
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

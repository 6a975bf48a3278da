"""Settings of the package, in one place.

Change them at run time like osmnx's settings, e.g. ``geo.settings.data_dir = Path("...")``.
Every function reads them when it is called, not when it is imported.

Attributes
----------
data_dir : pathlib.Path
    Folder holding ``boundaries/`` and ``indicators/``. Defaults to the data shipped inside
    the installed package, or to the repository's ``data/`` in a development checkout; the
    environment variable ``IRONRIVER_DATA`` overrides both.
area_crs : str
    Equal-area CRS covering both countries, used for every area (North America Albers
    Equal Area Conic).
distance_crs : str
    Conformal CRS of the border region (INEGI's Lambert conformal conic, EPSG:6372), used to
    find nearest points and to draw buffers; distances are then measured geodesically.
"""

from __future__ import annotations

import os
from pathlib import Path


def _default_data_dir() -> Path:
    packaged = Path(__file__).parent / "_data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[1] / "data"


data_dir: Path = Path(os.environ.get("IRONRIVER_DATA") or _default_data_dir())


def maps_dir() -> Path:
    """Folder of the map recipes: ``maps/`` in the working folder, else the shipped ones."""
    here = Path.cwd() / "maps"
    if here.is_dir():
        return here
    packaged = Path(__file__).parent / "_maps"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[1] / "maps"


area_crs: str = "ESRI:102008"
distance_crs: str = "EPSG:6372"

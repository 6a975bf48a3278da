"""Files: GeoPackage with several layers, GeoJSON, CSV, GeoParquet; the export command."""

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

import geo
from geo.cli import main
from geo.io import write_layers


def test_geopackage_with_layers_and_sources(tmp_path):
    path = tmp_path / "atlas.gpkg"
    assert (
        main(["export", "us-gun-laws", "mx-homicides", "corridors", "band-shares", "-o", str(path)])
        == 0
    )
    names = [name for name, _ in pyogrio.list_layers(path)]
    assert names == ["us-gun-laws", "mx-homicides", "corridors", "band-shares", "sources"]
    laws = gpd.read_file(path, layer="us-gun-laws")
    assert len(laws) == 51 and laws.crs == "EPSG:4326"
    assert pd.isna(laws.set_index("usps").at["DC", "grade"])  # missing stays missing
    assert laws.set_index("usps").at["TX", "grade"] == "F"
    corridors = gpd.read_file(path, layer="corridors")
    assert {"port_code", "usps", "cve_ent"} <= set(corridors.columns)
    sources = gpd.read_file(path, layer="sources")
    assert "Giffords Law Center to Prevent Gun Violence" in set(sources["publisher"])


@pytest.mark.parametrize("suffix", [".geojson", ".parquet"])
def test_single_layer_formats(tmp_path, suffix):
    path = write_layers(geo.port_layer(period=2023), tmp_path / f"ports{suffix}")
    back = gpd.read_parquet(path) if suffix == ".parquet" else gpd.read_file(path)
    assert len(back) == 28 and back.crs == "EPSG:4326"
    assert back.set_index("port_code").loc["2402", "trucks"] == 89_772


def test_csv_points_as_latitude_longitude(tmp_path):
    path = write_layers(geo.link_ports(), tmp_path / "links.csv")
    df = pd.read_csv(path, dtype={"port_code": str, "cve_ent": str})
    assert {"latitude", "longitude", "port_code", "usps", "cve_ent"} <= set(df.columns)
    assert "geometry" not in df.columns
    el_paso = df.set_index("port_code").loc["2402"]
    assert (el_paso["latitude"], el_paso["longitude"]) == (31.764363, -106.451188)


def test_export_errors(tmp_path, capsys):
    assert main(["export", "atlas", "-o", str(tmp_path / "a.gpkg")]) == 2
    assert "layer: 'atlas' is not allowed; valid: ['us-gun-laws'" in capsys.readouterr().err
    assert main(["export", "ports", "corridors", "-o", str(tmp_path / "a.csv")]) == 2
    assert "CSV holds one layer, got 2" in capsys.readouterr().err
    assert main(["export", "ports", "-o", str(tmp_path / "a.shp")]) == 2
    assert not list(tmp_path.iterdir())


def test_failed_write_keeps_previous_file(tmp_path, monkeypatch):
    path = write_layers(geo.port_layer(), tmp_path / "ports.gpkg")
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pyogrio, "write_dataframe", boom)
    with pytest.raises(RuntimeError):
        write_layers(geo.port_layer(), path)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["ports.gpkg"]

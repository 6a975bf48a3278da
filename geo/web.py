"""The interactive atlas: the layers in one Folium map, offline, escaped and deterministic.

:func:`atlas_map` builds a ``folium.Map``; :func:`render_html` turns it into the page (with
Leaflet inlined from the installed ``xstatic-leaflet`` when ``self_contained``); and
:func:`write_html` writes it atomically. Geometry is embedded once per country, delta-coded,
and shared by every layer drawn on it. Every text that reaches the page is escaped.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import shapely
from jinja2 import Template

from geo import analysis, layers, settings
from geo._html import (
    LEAFLET_CSS,
    LEAFLET_JS,
    SafeFitBounds,
    SafeLayerControl,
    SafeMacro,
    SafeMap,
    SafeTileLayer,
    asset,
    decoder_js,
    dumps,
    encode_geometry,
    inline_assets,
    stable_ids,
)
from geo._io import write_atomic
from geo._text import number, text
from geo.boundaries import load_border, load_mx_states, load_us_states
from geo.scene import VIEWS, build_layers, check_map_options
from geo.style import NO_DATA_COLOR, LayerStyle, class_breaks, style_layer

__all__ = ["atlas_map", "render_html", "write_html"]

_LABELS = {
    "us-gun-laws": "us_gun_laws",
    "us-dealers": "us_dealers",
    "us-gun-laws-change": "us_gun_laws_change",
    "mx-homicides": "mx_homicides",
    "mx-homicides-change": "mx_homicides_change",
}
MEASURES = (
    "personal_vehicles",
    "personal_vehicle_passengers",
    "pedestrians",
    "trucks",
    "buses",
    "trains",
)
BOUNDARY_CREDITS = (
    "U.S. Census Bureau, cartographic boundary files 2016 (1:500,000)",
    "INEGI, Marco Geoestadístico (state boundaries)",
)


_SCRIPT = Template(
    """
{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
{% macro script(this, kwargs) %}
{{ this.decoder }}
var iraGeo = {{ this.geo }};
{{ this.functions }}iraContext({{ this._parent.get_name() }});
iraControl({{ this._parent.get_name() }}, "topleft", "ira-title", {{ this.title }})
  .addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
)

_LAYER = Template(
    """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = {{ this.builder }}({{ this._parent.get_name() }}, {{ this.data }});
{% endmacro %}
"""
)

_CONTROLS = Template(
    """
{% macro script(this, kwargs) %}
{% set map = this._parent.get_name() %}
L.control.zoom({position: "topleft"}).addTo({{ map }});
iraControl({{ map }}, "bottomleft", "ira-panel", {{ this.sources }}).addTo({{ map }});
iraControl({{ map }}, "bottomleft", "ira-panel", {{ this.tables }}).addTo({{ map }});
{% endmacro %}
"""
)


class _AtlasScript(SafeMacro):
    def __init__(self, geo: dict, title: str) -> None:
        super().__init__()
        self._template = _SCRIPT
        self.geo, self.title = dumps(geo), dumps(title)
        self.decoder, self.functions, self.css = decoder_js(), asset("atlas.js"), asset("atlas.css")


class _JsLayer(folium.map.Layer, SafeMacro):
    """A layer drawn by one of the atlas's JavaScript builders from shared geometry."""

    def __init__(self, name: str, builder: str, data: dict, *, overlay: bool, show: bool):
        super().__init__(name=html.escape(name), overlay=overlay, show=show)
        self._template = _LAYER
        self.builder, self.data = builder, dumps(data)


class _Controls(SafeMacro):
    def __init__(self, sources: str, tables: str) -> None:
        super().__init__()
        self._template = _CONTROLS
        self.sources, self.tables = dumps(sources), dumps(tables)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _legend_html(style: LayerStyle, lang: str) -> str:
    rows = [f"<b>{_e(style.title)}</b>"]
    rows += [f'<div><i style="background:{c}"></i>{_e(label)}</div>' for c, label in style.legend]
    if style.no_data:
        rows.append(f'<div><i class="nd"></i>{_e(style.no_data[1])}</div>')
    if style.note:
        rows.append(f"<small>{_e(style.note)}</small>")
    rows.append(f"<small>{_e(text('source', lang))}: {_e(style.source)}</small>")
    return "".join(rows)


def _fmt(value: Any, lang: str, decimals: int = 0) -> str:
    return text("no_data", lang) if pd.isna(value) else number(float(value), lang, decimals)


def _state_tips(name: str, gdf: gpd.GeoDataFrame, style: LayerStyle, lang: str) -> list[str]:
    tips = []
    for _, row in gdf.iterrows():
        head = f"<b>{_e(row['name'])}</b><br>"
        if name == "us-gun-laws":
            if pd.isna(row["grade"]):
                body = _e(text("not_graded", lang))
            else:
                rank = row["law_strength_rank"]
                body = f"{_e(text('grade', lang))} {_e(row['grade'])}"
                if not pd.isna(rank):
                    body += f" ({_e(text('rank', lang, rank=int(rank)))})"
        elif name == "us-dealers":
            body = (
                f"{_e(_fmt(row['licensees_per_100k'], lang, 1))} {_e(text('per_100k', lang))}"
                f"<br>{_e(_fmt(row['licensees'], lang))} {_e(text('licensees', lang))}"
            )
        elif name.endswith("-change"):
            start, end = gdf.attrs.get("start"), gdf.attrs.get("end")
            if name == "us-gun-laws-change":
                before, after = row["grade_start"], row["grade_end"]
                fmt = lambda v: text("not_graded", lang) if pd.isna(v) else str(v)  # noqa: E731
                change = "" if pd.isna(row["change"]) else f" ({int(row['change']):+d})"
            else:
                before, after = row["rate_start"], row["rate_end"]
                fmt = lambda v: _fmt(v, lang, 1)  # noqa: E731
                change = "" if pd.isna(row["change"]) else f" ({float(row['change']):+.1f})"
            body = _e(f"{start}: {fmt(before)} \u2192 {end}: {fmt(after)}{change}")
        else:
            body = (
                f"{_e(_fmt(row['rate_per_100k'], lang, 1))} {_e(text('rate', lang))}"
                f"<br>{_e(_fmt(row['homicides'], lang))} {_e(text('homicides', lang))}"
            )
            if "firearm_share" in row and not pd.isna(row["firearm_share"]):
                share = f"{float(row['firearm_share']) * 100:.0f}% {text('firearm_share', lang)}"
                if row.get("firearm_share_lower_bound") is True:
                    share += f" ({text('lower_bound', lang)})"
                body += f"<br>{_e(share)}"
        tips.append(f"{head}{body}<br><small>{_e(style.source)}</small>")
    return tips


def _series(
    name: str, years: Sequence[int], *, start: int, lang: str, scheme: str, k: int
) -> tuple[dict, tuple[float, ...] | None]:
    """Compute fills, tooltips and legends of a layer for every year of a year control.

    Homicide classes are computed once over all the years, so a colour means the same rate in
    every year; Giffords grades are the same categories in every edition.
    """
    if name == "mx-homicides":
        steps = [y for y in layers.HOMICIDE_YEARS if y in set(years)]
        frames = {y: layers.homicide_layer(year=y) for y in steps}
        pooled = pd.concat([f["rate_per_100k"] for f in frames.values()])
        bins = class_breaks(pooled.astype(float), scheme=scheme, k=k)
        label = text("year_homicides", lang)
    else:
        steps = list(layers.GUN_LAW_EDITIONS)
        frames = {y: layers.gun_law_layer(edition=y) for y in steps}
        bins = None
        label = text("year_grades", lang)
    series: dict[str, Any] = {
        "years": steps,
        "start": start if start in steps else steps[-1],
        "label": label,
        "fill": {},
        "nodata": {},
        "tip": {},
        "legend": {},
    }
    for year, frame in frames.items():
        style = style_layer(name, frame, lang=lang, scheme=scheme, k=k, bins=bins)
        series["fill"][year] = list(style.fills)
        series["nodata"][year] = [f == NO_DATA_COLOR for f in style.fills]
        series["tip"][year] = _state_tips(name, frame, style, lang)
        series["legend"][year] = _legend_html(style, lang)
    return series, bins


def _polygon_layer(
    name: str, gdf: gpd.GeoDataFrame, style: LayerStyle, geo_key: str, lang: str
) -> dict:
    return {
        "geo": geo_key,
        "fill": list(style.fills),
        "nodata": [f == NO_DATA_COLOR for f in style.fills],
        "tip": _state_tips(name, gdf, style, lang),
        "legend": _legend_html(style, lang),
    }


def _ports_layer(ports: gpd.GeoDataFrame, lang: str) -> dict:
    period = ports.attrs.get("year", "")
    volumes = ports["personal_vehicles"] if "personal_vehicles" in ports else pd.Series(dtype=float)
    sized = len(ports) > 0 and volumes.notna().all() and float(volumes.max()) > 0
    top = float(volumes.max()) if sized else 1.0
    radii = [round(3.5 + 14 * (float(v) / top) ** 0.5, 1) if sized else 5 for v in volumes]
    tips, popups = [], []
    mx_names = load_mx_states().set_index("cve_ent")["name"]
    for _, row in ports.iterrows():
        tips.append(f"<b>{_e(row['port_name'])}</b>")
        lines = [f"<b>{_e(row['port_name'])}</b> ({_e(row['usps'])})"]
        if not pd.isna(row.get("mx_city")):
            mx_state = mx_names.get(row.get("mx_cve_ent"), "")
            lines.append(f"{_e(text('sister_city', lang))}: {_e(row['mx_city'])}, {_e(mx_state)}")
        lines.append(f"<u>{_e(text('crossings', lang, period=period))}</u>")
        for measure in MEASURES:
            if measure in ports.columns:
                lines.append(f"{_e(text(measure, lang))}: {_e(_fmt(row[measure], lang))}")
        lines.append(f"<small>{_e(ports.attrs.get('short', ''))}</small>")
        popups.append("<br>".join(lines))
    note = text("marker_sized" if sized else "marker_equal", lang, period=period)
    legend = (
        f"<b>{_e(text('ports', lang))}</b><div><i class='dot'></i>{_e(text('port', lang))}"
        f"</div><small>{_e(note)}</small>"
    )
    return {
        "pts": [[round(p.y, 5), round(p.x, 5)] for p in ports.geometry],
        "r": radii,
        "tip": tips,
        "popup": popups,
        "label": [
            f"<b>{_e(row['port_name'])}</b>"
            + (f" / {_e(row['mx_city'])}" if not pd.isna(row.get("mx_city")) else "")
            for _, row in ports.iterrows()
        ],
        "legend": legend,
    }


def _flows_layer(flows: gpd.GeoDataFrame, lang: str) -> dict:
    top = float(flows["traced_firearms"].max())
    widths = [round(3 + 17 * (float(n) / top) ** 0.5, 1) for n in flows["traced_firearms"]]
    projected = flows.to_crs(settings.distance_crs)
    heads = []
    for line, width in zip(projected.geometry, widths, strict=True):
        (x0, y0), (x1, y1) = line.coords[-2], line.coords[-1]
        ux, uy = (x1 - x0) / line.length, (y1 - y0) / line.length
        size = 25_000 + 2_500 * width
        tri = shapely.Polygon(
            [
                (x1, y1),
                (x1 - size * ux - size * 0.5 * uy, y1 - size * uy + size * 0.5 * ux),
                (x1 - size * ux + size * 0.5 * uy, y1 - size * uy - size * 0.5 * ux),
            ]
        )
        back = gpd.GeoSeries([tri], crs=settings.distance_crs).to_crs(4326).iloc[0]
        heads.append([[round(y, 4), round(x, 4)] for x, y in back.exterior.coords])
    tips = [
        f"<b>{_e(r['state'])}</b>: {_e(number(r['traced_firearms'], lang))} "
        f"{_e(text('traced', lang))} ({_e(f'{r.share_pct:g}')}%)"
        for _, r in flows.iterrows()
    ]
    rows = "".join(
        f"<div><i style='background:#6a3d9a'></i>{_e(r['state'])}: "
        f"{_e(number(r['traced_firearms'], lang))}</div>"
        for _, r in flows.iterrows()
    )
    legend = (
        f"<b>{_e(text('trace_flows', lang))}</b>{rows}"
        f"<small>{_e(text('trace_caveat', lang))}</small>"
        f"<small>{_e(text('source', lang))}: {_e(flows.attrs['short'])}, 2022-2023</small>"
    )
    lines = [[[round(y, 4), round(x, 4)] for x, y in g.coords] for g in flows.geometry]
    return {"lines": lines, "w": widths, "heads": heads, "tip": tips, "legend": legend}


def _consulates_layer(offices: gpd.GeoDataFrame, lang: str) -> dict:
    tips, popups = [], []
    for _, r in offices.iterrows():
        tips.append(f"<b>{_e(r['office'])}</b>")
        grade = text("not_graded", lang) if pd.isna(r["grade"]) else r["grade"]
        lines = [
            f"<b>{_e(text('consulate', lang))} {_e(r['office'])}</b>",
            _e(r["type"]) if not pd.isna(r["type"]) else "",
            f"{_e(r['city'])}, {_e(r['usps'])}",
            f"{_e(text('grade', lang))}: {_e(grade)}",
            f"{_e(text('us_dealers', lang))}: {_e(_fmt(r['licensees_per_100k'], lang, 1))}",
            f"{_e(text('nearest_ports', lang))}: {_e(r['nearest_ports'])}",
            f"{_e(text('border_distance', lang))}: {_e(_fmt(r['border_distance_km'], lang))} km",
        ]
        popups.append("<br>".join(line for line in lines if line))
    legend = (
        f"<b>{_e(text('consulates', lang))}</b><div><i class='dot' "
        f"style='background:#1b7837;border-color:#ffffff'></i>"
        f"{_e(text('consulate', lang))}</div><small>{_e(offices.attrs['caveat'])}</small>"
    )
    return {
        "pts": [[round(p.y, 5), round(p.x, 5)] for p in offices.geometry],
        "r": [6] * len(offices),
        "tip": tips,
        "popup": popups,
        "label": [f"<b>{_e(o)}</b>" for o in offices["office"]],
        "legend": legend,
        "look": {"color": "#ffffff", "fillColor": "#1b7837"},
    }


def _table_html(caption: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th scope='col'>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _tables(built: Mapping[str, gpd.GeoDataFrame], lang: str) -> str:
    parts = []
    for name, gdf in built.items():
        state = text("state", lang)
        if name == "us-gun-laws":
            rows = [
                (
                    r["name"],
                    r["grade"] if not pd.isna(r["grade"]) else text("not_graded", lang),
                    _fmt(r["law_strength_rank"], lang),
                )
                for _, r in gdf.iterrows()
            ]
            parts.append(
                _table_html(text("us_gun_laws", lang), [state, text("grade", lang), "#"], rows)
            )
        elif name == "us-dealers":
            rows = [
                (r["name"], _fmt(r["licensees"], lang), _fmt(r["licensees_per_100k"], lang, 1))
                for _, r in gdf.iterrows()
            ]
            parts.append(
                _table_html(
                    text("us_dealers", lang),
                    [state, text("licensees", lang), text("per_100k", lang)],
                    rows,
                )
            )
        elif name == "mx-homicides":
            rows = [
                (r["name"], _fmt(r["homicides"], lang), _fmt(r["rate_per_100k"], lang, 1))
                for _, r in gdf.iterrows()
            ]
            parts.append(
                _table_html(
                    text("mx_homicides", lang),
                    [state, text("homicides", lang), text("rate", lang)],
                    rows,
                )
            )
        elif name == "ports":
            cols = [m for m in MEASURES if m in gdf.columns]
            rows = [
                (r["port_name"], r["usps"], r.get("mx_city", ""), *(_fmt(r[m], lang) for m in cols))
                for _, r in gdf.iterrows()
            ]
            header = [
                text("port", lang),
                text("us_state", lang),
                text("sister_city", lang),
                *(text(m, lang) for m in cols),
            ]
            parts.append(
                _table_html(text("crossings", lang, period=gdf.attrs.get("year", "")), header, rows)
            )
    return (
        f"<details><summary>{_e(text('data_tables', lang))}</summary>"
        f"<div class='ira-scroll'>{''.join(parts)}</div></details>"
    )


def _sources(built: Mapping[str, gpd.GeoDataFrame], lang: str) -> str:
    items = []
    for gdf in built.values():
        a = gdf.attrs
        if not a.get("publisher"):
            continue
        url = f" <span>{_e(a['url'])}</span>" if a.get("url") else ""
        items.append(
            f"<li>{_e(a['publisher'])}, <i>{_e(a.get('title', ''))}</i>, "
            f"{_e(a.get('year', ''))}.{url}</li>"
        )
    items += [f"<li>{_e(c)}</li>" for c in BOUNDARY_CREDITS]
    return (
        f"<details><summary>{_e(text('sources', lang))}</summary>"
        f"<div class='ira-scroll'><ul>{''.join(dict.fromkeys(items))}</ul></div></details>"
    )


class AtlasMap(SafeMap):
    """The atlas as a ``folium.Map``: shown in a notebook with Leaflet inlined, offline."""

    attrs: dict[str, str]  # {"lang": ...}, for the page's lang attribute

    def _repr_html_(self, **kwargs: object) -> str:
        """Show the self-contained page in an iframe (folium's own would load Leaflet's CDN)."""
        page = html.escape(render_html(self, self_contained=True), quote=True)
        return asset("notebook.html").replace("@PAGE@", page)


def atlas_map(
    *,
    layers_shown: Sequence[str] = ("us-gun-laws", "us-dealers", "ports", "mx-homicides", "border"),
    lang: str = "en",
    title: str | None = None,
    subtitle: str = "",
    view: str | Sequence[float] = "full",
    scheme: str = "FisherJenks",
    k: int = 5,
    edition: int = 2025,
    dealer_year: int = 2023,
    homicide_year: int = 2024,
    port_period: int | str = 2024,
    bands_km: Sequence[float] = (50, 100, 250),
    basemap: bool = False,
    data: Mapping[str, gpd.GeoDataFrame] | None = None,
    compare: tuple[int, int] | None = None,
    years: Sequence[int] | None = None,
) -> folium.Map:
    """Build the atlas: the chosen layers in one Folium map with legends, sources and tables.

    Parameters
    ----------
    layers_shown : sequence of str
        Any of :data:`geo.scene.LAYERS`. The two US layers are alternatives (radio buttons);
        the others are overlays that can be switched on and off.
    lang : {"en", "es"}, default "en"
        Language of every text on the map.
    title, subtitle : str, optional
        Shown at the top left (escaped). The title defaults to the atlas title in ``lang``.
    view : {"full", "border"} or (west, south, east, north)
        Initial view.
    scheme, k : str, int
        Classification of the classed layers (see :func:`geo.style.style_layer`).
    edition, dealer_year, homicide_year, port_period : int or str
        Which edition or year of each layer to show.
    bands_km : sequence of float
        Widths of the border bands, when ``"bands"`` is shown.
    basemap : bool, default False
        Add a light tile basemap (needs the network); without it both countries are drawn
        on a plain background.
    data : mapping of layer name to GeoDataFrame, optional
        Layers already built (e.g. from your own table) to use instead of the bundled ones.
    compare : (int, int), optional
        Years of the change layers "mx-homicides-change" and "us-gun-laws-change".
    years : sequence of int, optional
        Add a year control to the Mexican homicide layer (these years, classes fixed across
        them) and an edition control to the Giffords layer (its complete editions). The map
        opens on ``homicide_year`` when it is one of them, else on the latest.

    Returns
    -------
    folium.Map
        The map; render it with :func:`render_html` or :func:`write_html`.
    """
    check_map_options(
        layers_shown=layers_shown,
        lang=lang,
        title=title,
        subtitle=subtitle,
        view=view,
        scheme=scheme,
        k=k,
        edition=edition,
        dealer_year=dealer_year,
        homicide_year=homicide_year,
        port_period=port_period,
        bands_km=bands_km,
        data=data,
        compare=compare,
        years=years,
    )
    if years and homicide_year not in years:  # the map opens on a year of its control
        homicide_year = max(years)
    built = build_layers(
        layers_shown,
        edition=edition,
        dealer_year=dealer_year,
        homicide_year=homicide_year,
        port_period=port_period,
        compare=compare,
        data=data,
    )

    west, south, east, north = VIEWS[view] if isinstance(view, str) else view
    m = AtlasMap(location=None, tiles=None, zoom_control=False, control_scale=True)
    m.options.update(zoom_snap=0.25, zoom_delta=0.5, min_zoom=3, max_zoom=12)
    m.default_js = [("leaflet", LEAFLET_JS)]
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    # Keep the view clear of the title and year controls (top left) and of the legends (right).
    controls = sum(bool(years) and n in layers_shown for n in ("us-gun-laws", "mx-homicides"))
    SafeFitBounds(
        [[south, west], [north, east]],
        padding_top_left=(0, 110 + 68 * controls),
        padding_bottom_right=(300, 0),
    ).add_to(m)
    if basemap:
        SafeTileLayer("OpenStreetMap", control=False, opacity=0.6).add_to(m)

    us, mx = load_us_states(), load_mx_states()
    geo = {
        "us": [encode_geometry(g) for g in us.geometry],
        "mx": [encode_geometry(g) for g in mx.geometry],
        "border": [encode_geometry(g) for g in load_border().geometry],
    }
    bands = None
    if "bands" in layers_shown:
        bands = analysis.border_bands(bands_km)
        geo["bands"] = [encode_geometry(g) for g in bands.geometry]
    heading = f"<h1>{_e(title or text('title', lang))}</h1>"
    if subtitle:
        heading += f"<p>{_e(subtitle)}</p>"
    _AtlasScript(geo, heading).add_to(m)

    us_first = True
    for name in (
        "us-gun-laws",
        "us-dealers",
        "us-gun-laws-change",
        "mx-homicides",
        "mx-homicides-change",
    ):
        if name not in built:
            continue
        country = "us" if name.startswith("us-") else "mx"
        base, key = (us, "usps") if country == "us" else (mx, "cve_ent")
        gdf = built[name].set_index(key).reindex(base[key]).reset_index()
        gdf.attrs = built[name].attrs
        bins = series = None
        if years and name in ("us-gun-laws", "mx-homicides"):
            series, bins = _series(
                name,
                years,
                start=gdf.attrs.get("edition", homicide_year),
                lang=lang,
                scheme=scheme,
                k=k,
            )
        style = style_layer(name, gdf, lang=lang, scheme=scheme, k=k, bins=bins)
        data = _polygon_layer(name, gdf, style, country, lang)
        if series:
            data["series"] = series
        _JsLayer(
            text(_LABELS[name], lang),
            "iraPolygons",
            data,
            overlay=country == "mx",
            show=country == "mx" or us_first,
        ).add_to(m)
        us_first = us_first and country != "us"
    if bands is not None:
        tips = [
            f"{_e(text('band', lang, km=f'{km:g}'))} ({_e(iso)})"
            for km, iso in zip(bands["distance_km"], bands["iso_a3"], strict=True)
        ]
        legend = (
            f"<b>{_e(text('bands', lang))}</b><small>"
            f"{_e(', '.join(f'{km:g} km' for km in sorted(set(bands['distance_km']))))}"
            "</small>"
        )
        _JsLayer(
            text("bands", lang),
            "iraBands",
            {"geo": "bands", "tip": tips, "legend": legend},
            overlay=True,
            show=True,
        ).add_to(m)
    if "border" in layers_shown:
        _JsLayer(
            text("border", lang),
            "iraLines",
            {"geo": "border", "color": "#111111", "weight": 2.6, "dash": None},
            overlay=True,
            show=True,
        ).add_to(m)
    if "trace-flows" in built:  # the layers built for this map (or handed in with data=)
        flows = _flows_layer(built["trace-flows"], lang)
        _JsLayer(text("trace_flows", lang), "iraFlows", flows, overlay=True, show=True).add_to(m)
    if "consulates" in built:
        offices = _consulates_layer(built["consulates"], lang)
        _JsLayer(text("consulates", lang), "iraPoints", offices, overlay=True, show=True).add_to(m)
    if "ports" in built:
        _JsLayer(
            text("ports", lang),
            "iraPoints",
            _ports_layer(built["ports"], lang),
            overlay=True,
            show=True,
        ).add_to(m)

    SafeLayerControl(position="topright", collapsed=False).add_to(m)
    _Controls(_sources(built, lang), _tables(built, lang)).add_to(m)
    m.attrs = {"lang": lang}
    return m


def render_html(m: folium.Map, *, self_contained: bool = False) -> str:
    """Render a map to a complete HTML page, deterministically.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`atlas_map`.
    self_contained : bool, default False
        Inline Leaflet's script, stylesheet and images (from the installed xstatic-leaflet)
        so that the page opens with no network at all.

    Returns
    -------
    str
        The page. The same map gives the same bytes: element ids are sequential, not random.
    """
    root = m.get_root()
    stable_ids(root)
    page = root.render()
    # Folium's page forbids zooming the page; readers who need larger text must be able to.
    page = re.sub(
        r'<meta name="viewport"[^>]*>',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        page,
    )
    lang = getattr(m, "attrs", {}).get("lang", "en")
    page = re.sub(r"<html>", f'<html lang="{lang}">', page, count=1)
    if self_contained:
        page = inline_assets(page)
    return page


def write_html(m: folium.Map, path: str | os.PathLike, *, self_contained: bool = False) -> Path:
    """Write a map's page atomically (see :func:`render_html`).

    Parameters
    ----------
    m : folium.Map
        A map from :func:`atlas_map`.
    path : str or path-like
        Destination ``.html`` file.
    self_contained : bool, default False
        Inline every asset so the page works offline.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    return write_atomic(path, render_html(m, self_contained=self_contained))

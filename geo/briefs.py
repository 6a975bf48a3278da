"""Consul briefs: per office, an offline HTML map of its state and a one-page summary.

A product built from the consular data layer (:mod:`geo.consulates`) with both renderers, like
the deck (:mod:`geo.deck`).
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo._describe import jurisdiction_date, jurisdiction_units, nearest_ports, office_type
from geo._text import number, text
from geo.boundaries import load_mx_municipios, load_us_counties
from geo.consulates import find_office, jurisdiction_layer
from geo.context import national_context
from geo.names import fold_name
from geo.proximity import near_border
from geo.recipes import find_recipe, load_recipe, map_spec
from geo.scene import FigureSpec, MapSpec, build_scene
from geo.static import draw_figure, save_figure
from geo.web import draw_atlas, write_html

__all__ = ["list_offices", "render_brief"]

_OFFICES = MapSpec(layers_shown=("consulates",))
_BORDER_ZONE = "border-zone"  # the recipe a border office's brief draws
# The national figures a brief's summary quotes (keys of geo.context.national_context).
_BRIEF_FIGURES = ("traced_us_origin_2009_2014", "sesnsp_firearm_share_2024")


def _slug(text: str) -> str:
    return fold_name(text).replace(" ", "-") or "office"


def list_offices() -> list[str]:
    """Return the names of every consular office, as :func:`render_brief` takes them."""
    return list(build_scene(_OFFICES).layers["consulates"].gdf["office"])


def _facts(row: pd.Series, lang: str) -> list[str]:
    """List the figures a consul briefs from: the state's grade, dealers, border and ports.

    Then the jurisdiction: what the sources say, and what of it the map outlines. ``row`` is
    the office's row of the consulates layer, named by the office.
    """
    grade = text("not_graded", lang) if pd.isna(row["grade"]) else row["grade"]
    rank = (
        ""
        if pd.isna(row["law_strength_rank"])
        else f", {text('rank', lang, rank=int(row['law_strength_rank']))}"
    )
    dealers, km = row["licensees_per_100k"], row["border_distance_km"]
    facts = [
        f"{text('grade', lang)} (Giffords 2025): {grade}{rank}",
        f"{text('us_dealers', lang)} (2023): "
        + ("-" if pd.isna(dealers) else number(float(dealers), lang, 1)),
        f"{text('border_distance', lang)}: "
        + ("-" if pd.isna(km) else f"{number(float(km), lang)} km"),
        nearest_ports(row, lang),
    ]
    if not pd.isna(row["jurisdiction"]):
        facts.append(f"{text('jurisdiction_quoted', lang)}: {row['jurisdiction']}")
    outline = jurisdiction_layer(str(row.name))
    for _, unit in outline.iterrows():
        key = "outlined_whole" if unit["district"] == "whole" else "outlined_part"
        units, date = jurisdiction_units(unit, lang), jurisdiction_date(unit, lang)
        facts.append(text(key, lang, units=units, date=date))
    if outline.empty:
        facts.append(text("not_outlined", lang))
    national = national_context(lang=lang).set_index("key").loc[list(_BRIEF_FIGURES)]
    facts.append(f"{text('context', lang)}:")
    facts += [f"{r.figure} ({r.period}): {r.value_text}" for r in national.itertuples()]
    cited = [
        f"{a['short']} ({a['year']})"
        for a in national.attrs["sources"]
        if any(source.startswith(a["publisher"]) for source in national["source"])
    ]
    facts.append(f"{text('sources', lang)}: {'; '.join(cited)}")
    return facts


@functools.cache
def _zone(usps: str, km: float) -> tuple[float, float, float, float]:
    """Return the box of what a border-zone map draws about a border state.

    Its counties within ``km`` of the border and the municipios within ``km`` across from them.
    """
    counties = load_us_counties()
    counties = counties[counties["usps"] == usps]
    drawn = counties[near_border(counties, km)]
    west, _, east, _ = drawn.total_bounds
    strip = shapely.box(west, -90, east, 90)  # across: due south of them
    municipios = load_mx_municipios()
    across = municipios[municipios.intersects(strip)]
    across = across[near_border(across, km)].geometry.intersection(strip)
    return _bounds([*drawn.geometry, *across])


def _bounds(shapes: Sequence[Any]) -> tuple[float, float, float, float]:
    """Return the box of ``shapes``, leaving out specks and islands past 180° (Aleutians)."""
    kept = []
    for shape in shapes:
        parts = shapely.get_parts(shape)
        area = shapely.area(parts)
        western = shapely.get_x(shapely.centroid(parts)) < 0
        kept += list(parts[(area >= 0.01 * area.max()) & western] if area.max() > 0 else parts)
    west, south, east, north = shapely.total_bounds(kept)
    return float(west), float(south), float(east), float(north)


def _view(
    row: pd.Series, state: Any, zone_km: float | None, outline: gpd.GeoDataFrame
) -> tuple[float, float, float, float]:
    """Frame a brief on its state, its outlined jurisdiction and the office, with a margin.

    A border state's brief draws only its counties near the border and the municipios across
    (``zone_km``): it is framed on those, not on the whole state.
    """
    drawn = state.geometry if zone_km is None else shapely.box(*_zone(row["usps"], zone_km))
    west, south, east, north = _bounds([drawn, *outline.geometry, row.geometry])
    pad = max(0.12 * max(east - west, north - south), 0.6)
    return (west - pad, south - pad, east + pad, north + pad)


def render_brief(name: str, out_dir: str | os.PathLike, *, lang: str = "en") -> list[Path]:
    """Render a consulate's briefing: an offline HTML map of its state and a one-page summary.

    Parameters
    ----------
    name : str
        Office name or city ("Phoenix", "Filadelfia", "El Paso").
    out_dir : str or path-like
        Output folder.
    lang : {"en", "es"}, default "en"
        Language of every text.

    Returns
    -------
    list of pathlib.Path
        ``brief-<office>[.es].html``, ``.png`` and ``.pdf``.
    """
    offices = build_scene(dataclasses.replace(_OFFICES, lang=lang))  # state names in lang
    table = offices.layers["consulates"].gdf
    office = find_office(name, offices=table)
    row = table.set_index("office").loc[office["office"]]
    state = offices.context[0].set_index("usps").loc[row["usps"]]
    borders = pd.notna(row["border_distance_km"]) and float(row["border_distance_km"]) == 0
    kind = f" ({office_type(row['type'], lang)})" if pd.notna(row["type"]) else ""
    texts: dict[str, Any] = {
        "lang": lang,
        "title": text("brief_title", lang, office=office["office"]),
        "subtitle": f"{row['city']}, {state['name']}{kind}",
    }
    outline = jurisdiction_layer(office["office"])
    if borders:  # a border state's page is the border-zone map: counties and municipios
        zone = map_spec(load_recipe(find_recipe(_BORDER_ZONE)), lang=lang)
        texts["subtitle"] += f" · {zone.subtitle}"  # what the map leaves blank, and why
        spec = dataclasses.replace(zone, view=_view(row, state, zone.zone_km, outline), **texts)
        shown = list(spec.layers_shown)
    else:  # another state's, its own figures (ports and border distance are in the facts)
        shown = ["us-gun-laws", "consulates"]
        view = _view(row, state, None, outline)
        spec = MapSpec(layers_shown=(*shown, "us-dealers"), view=view, **texts)
    # The subject: this office, marked and labelled above the others, and its jurisdiction
    # outlined where the sources name its states or counties.
    data = {"this-office": table[table["office"] == office["office"]]}
    if len(outline):
        data["this-jurisdiction"] = outline
    shown += list(data)
    spec = dataclasses.replace(spec, layers_shown=(*spec.layers_shown, *data), data=data)
    suffix = "" if lang == "en" else f".{lang}"
    stem = f"brief-{_slug(office['office'])}{suffix}"
    out = Path(out_dir)
    written = [write_html(draw_atlas(build_scene(spec)), out / f"{stem}.html", self_contained=True)]
    # A page rather than a slide: taller, so that the legends and the figures fit.
    static = build_scene(dataclasses.replace(spec, layers_shown=tuple(shown)))
    facts = tuple(_facts(row, lang))
    figure = FigureSpec(facts=facts, size=(1800, 1500), labels=("states", "cities", "this-office"))
    fig = draw_figure(static, figure)
    written += [save_figure(fig, out / f"{stem}.{fmt}") for fmt in ("png", "pdf")]
    return written

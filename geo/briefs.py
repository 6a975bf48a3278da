"""Consul briefs: per office, an offline HTML map of its state and a one-page summary.

A product built from the consular data layer (:mod:`geo.consulates`) with both renderers, like
the deck (:mod:`geo.deck`).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pandas as pd

from geo._describe import nearest_ports
from geo._text import number, text
from geo.consulates import find_office
from geo.context import national_context
from geo.names import fold_name
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
    """List the figures a consul briefs from: the state's grade, dealers, border and ports."""
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
        facts.append(f"{text('jurisdiction', lang)}: {row['jurisdiction']}")
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
    offices = build_scene(_OFFICES)
    table = offices.layers["consulates"].gdf
    office = find_office(name, offices=table)
    row = table.set_index("office").loc[office["office"]]
    state = offices.context[0].set_index("usps").loc[row["usps"]]
    west, south, east, north = state.geometry.bounds
    pad = max(0.12 * max(east - west, north - south), 0.6)
    view = (west - pad, south - pad, east + pad, north + pad)
    borders = pd.notna(row["border_distance_km"]) and float(row["border_distance_km"]) == 0
    kind = "" if pd.isna(row["type"]) else f" ({row['type']})"
    texts: dict[str, Any] = {
        "lang": lang,
        "title": text("brief_title", lang, office=office["office"]),
        "subtitle": f"{row['city']}, {state['name']}{kind}",
        "view": view,
    }
    if borders:  # a border state's page is the border-zone map: counties and municipios
        zone = map_spec(load_recipe(find_recipe(_BORDER_ZONE)), lang=lang)
        texts["subtitle"] += f" · {zone.subtitle}"  # what the map leaves blank, and why
        spec = dataclasses.replace(zone, **texts)
        shown = list(spec.layers_shown)
    else:  # another state's, its own figures (ports and border distance are in the facts)
        shown = ["us-gun-laws", "consulates"]
        spec = MapSpec(layers_shown=(*shown, "us-dealers"), **texts)
    # The subject: this office, marked and labelled above the others.
    subject = table[table["office"] == office["office"]]
    shown.append("this-office")
    spec = dataclasses.replace(
        spec, layers_shown=(*spec.layers_shown, "this-office"), data={"this-office": subject}
    )
    suffix = "" if lang == "en" else f".{lang}"
    stem = f"brief-{_slug(office['office'])}{suffix}"
    out = Path(out_dir)
    written = [write_html(draw_atlas(build_scene(spec)), out / f"{stem}.html", self_contained=True)]
    # A page rather than a slide: taller, so that the legends and the figures fit.
    static = build_scene(dataclasses.replace(spec, layers_shown=tuple(shown)))
    figure = FigureSpec(facts=tuple(_facts(row, lang)), size=(1800, 1500), labels=("this-office",))
    fig = draw_figure(static, figure)
    written += [save_figure(fig, out / f"{stem}.{fmt}") for fmt in ("png", "pdf")]
    return written

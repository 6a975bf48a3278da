"""Consul briefs: per office, an offline HTML map of its state and a one-page summary.

A product built from the consular data layer (:mod:`geo.consulates`) with both renderers, like
the deck (:mod:`geo.deck`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo._text import number, text
from geo.boundaries import load_us_states
from geo.consulates import consulate_layer, find_office
from geo.names import fold_name
from geo.static import save_figure, static_map
from geo.web import atlas_map, write_html

__all__ = ["render_brief"]


def _slug(text: str) -> str:
    return fold_name(text).replace(" ", "-") or "office"


def render_brief(name: str, out_dir, *, lang: str = "en") -> list:
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
    office = find_office(name)
    offices = consulate_layer().set_index("office")
    row = offices.loc[office["office"]]
    state = load_us_states(territories=True).set_index("usps").loc[row["usps"]]
    west, south, east, north = state.geometry.bounds
    pad = max(0.12 * max(east - west, north - south), 0.6)
    view = (west - pad, south - pad, east + pad, north + pad)
    borders = pd.notna(row["border_distance_km"]) and float(row["border_distance_km"]) == 0
    # A border state's page shows both sides; another state's, its own figures (the nearest
    # ports and the distance to the border are in the facts).
    shown = (
        ["us-gun-laws", "ports", "mx-homicides", "border", "consulates", "trace-flows"]
        if borders
        else ["us-gun-laws", "consulates"]
    )
    title = text("brief_title", lang, office=office["office"])
    kind = "" if pd.isna(row["type"]) else f" ({row['type']})"
    subtitle = f"{row['city']}, {state['name']}{kind}"
    grade = text("not_graded", lang) if pd.isna(row["grade"]) else row["grade"]
    rank = (
        ""
        if pd.isna(row["law_strength_rank"])
        else f", {text('rank', lang, rank=int(row['law_strength_rank']))}"
    )
    facts = [
        f"{text('grade', lang)} (Giffords 2025): {grade}{rank}",
        f"{text('us_dealers', lang)} (2023): "
        + (
            "-"
            if pd.isna(row["licensees_per_100k"])
            else number(float(row["licensees_per_100k"]), lang, 1)
        ),
        f"{text('border_distance', lang)}: "
        + (
            "-"
            if pd.isna(row["border_distance_km"])
            else f"{number(float(row['border_distance_km']), lang)} km"
        ),
        f"{text('nearest_ports', lang)}: {row['nearest_ports']}",
    ]
    if not pd.isna(row["jurisdiction"]):
        facts.append(f"{text('jurisdiction', lang)}: {row['jurisdiction']}")
    suffix = "" if lang == "en" else f".{lang}"
    stem = f"brief-{_slug(office['office'])}{suffix}"
    out = Path(out_dir)
    m = atlas_map(
        layers_shown=[*shown, "us-dealers"], lang=lang, title=title, subtitle=subtitle, view=view
    )
    written = [write_html(m, out / f"{stem}.html", self_contained=True)]
    # A page rather than a slide: taller, so that the legends and the figures fit.
    fig = static_map(
        layers_shown=shown,
        lang=lang,
        title=title,
        subtitle=subtitle,
        view=view,
        facts=facts,
        size=(1800, 1400),
    )
    written += [save_figure(fig, out / f"{stem}.{fmt}") for fmt in ("png", "pdf")]
    return written

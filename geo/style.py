"""One style spec per layer: classes, colours, legend text; used by every renderer.

A :class:`LayerStyle` is computed once from a layer and says, for every feature, its fill
colour, and for the legend, each class with its label, the "no data" entry, the units, the
year and the source line. The HTML atlas and the static renderer both draw from it, so the
picture in a deck says exactly what the interactive map says.

Palettes are ColorBrewer sequential schemes (colour-blind safe), without their palest class
so that the lightest class never looks like the neutral "no data" grey or the background.
The two US layers use blues and purples, with the weakest gun laws darkest, so that strict
laws never read as "danger"; Mexican homicide rates use oranges and reds, so the two
countries' scales are not confused.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import mapclassify
import numpy as np
import pandas as pd

from geo._text import number, text

__all__ = ["NO_DATA_COLOR", "PALETTES", "SCHEMES", "LayerStyle", "style_layer"]

PALETTES = {
    "PuBu": ("#d0d1e6", "#a6bddb", "#74a9cf", "#2b8cbe", "#045a8d"),
    "BuPu": ("#edf8fb", "#b3cde3", "#8c96c6", "#8856a7", "#810f7c"),
    "YlGnBu": ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    "OrRd": ("#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"),
    "YlOrBr": ("#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404"),
}
SCHEMES = ("FisherJenks", "Quantiles", "EqualInterval", "HeadTailBreaks", "MaximumBreaks")
NO_DATA_COLOR = "#d9d9d9"
_GRADE_GROUPS = ("A", "B", "C", "D", "F")
# Classed layers: (column, default palette, title text, note text).
_CLASSED = {
    "us-dealers": ("licensees_per_100k", "YlGnBu", "us_dealers", "dealer_note"),
    "mx-homicides": ("rate_per_100k", "OrRd", "mx_homicides", "homicide_note"),
}


@dataclass(frozen=True)
class LayerStyle:
    """How one layer is drawn and explained.

    Attributes
    ----------
    name : str
        Layer name ("us-gun-laws", "us-dealers", "mx-homicides").
    title : str
        Legend title, with units.
    fills : tuple of str
        Fill colour of every feature, in the layer's row order.
    legend : tuple of (str, str)
        (colour, label) per class, in order.
    no_data : tuple of (str, str) or None
        (colour, label) for features without a figure, when there are any.
    note : str
        A line under the legend (caveat, classification).
    source : str
        Source and year, for the legend and the sources panel.
    """

    name: str
    title: str
    fills: tuple[str, ...]
    legend: tuple[tuple[str, str], ...]
    no_data: tuple[str, str] | None
    note: str = ""
    source: str = ""
    bins: tuple[float, ...] = field(default=())


def _source(attrs: dict, year: str) -> str:
    short = attrs.get("short") or attrs.get("publisher", "")
    return f"{short}, {year}" if short else year


def _grades(gdf: pd.DataFrame, lang: str, palette: str) -> LayerStyle:
    colors = dict(zip(_GRADE_GROUPS, PALETTES[palette], strict=True))
    letters = gdf["grade"].astype(object).map(lambda g: g[0] if isinstance(g, str) else None)
    fills = tuple(colors.get(letter, NO_DATA_COLOR) for letter in letters)
    labels = {"A": text("grade_a", lang), "F": text("grade_f", lang)}
    legend = tuple((colors[g], labels.get(g, g)) for g in _GRADE_GROUPS)
    missing = letters.isna().any()
    edition = gdf.attrs.get("year", "")
    return LayerStyle(
        name="us-gun-laws",
        title=f"{text('us_gun_laws', lang)} ({text('edition', lang, year=edition)})",
        fills=fills,
        legend=legend,
        no_data=(NO_DATA_COLOR, text("not_graded", lang)) if missing else None,
        note="A = A+, A, A-; B = B+, B, B-; ...",
        source=_source(gdf.attrs, edition),
    )


def _ramp(colors: tuple[str, ...], n: int) -> tuple[str, ...]:
    """Pick ``n`` colours spread evenly over a palette, light to dark."""
    if n >= len(colors):
        return colors
    return tuple(colors[round(i * (len(colors) - 1) / max(n - 1, 1))] for i in range(n))


def _classed(
    values: pd.Series, *, scheme: str, k: int, palette: str, decimals: int, lang: str
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[float, ...]]:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown classification scheme {scheme!r}; choose from {SCHEMES}")
    y = values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    known = y[~np.isnan(y)]
    if len(known) == 0:
        return tuple(NO_DATA_COLOR for _ in y), (), ()
    k = min(k, len(np.unique(known)), len(PALETTES[palette]))
    with warnings.catch_warnings():  # FisherJenks suggests numba; the pure version is exact
        warnings.simplefilter("ignore")
        classifier = mapclassify.classify(known, scheme=scheme, k=k)
    bins = tuple(float(b) for b in classifier.bins)
    colors = _ramp(PALETTES[palette], len(bins))
    classes = np.searchsorted(np.asarray(bins), y, side="left")
    fills = tuple(
        NO_DATA_COLOR if np.isnan(v) else colors[c] for v, c in zip(y, classes, strict=True)
    )
    lowers = (float(known.min()), *bins[:-1])
    legend = tuple(
        (color, f"{number(lo, lang, decimals)} \u2013 {number(hi, lang, decimals)}")
        for color, lo, hi in zip(colors, lowers, bins, strict=True)
    )
    return fills, legend, bins


def style_layer(
    name: str,
    gdf: pd.DataFrame,
    *,
    lang: str = "en",
    scheme: str = "FisherJenks",
    k: int = 5,
    palette: str | None = None,
) -> LayerStyle:
    """Compute the style spec of a thematic layer.

    Parameters
    ----------
    name : {"us-gun-laws", "us-dealers", "mx-homicides"}
        The layer.
    gdf : GeoDataFrame
        The layer as built by :mod:`geo.layers` (its ``attrs`` give source and year).
    lang : {"en", "es"}, default "en"
        Language of the legend texts.
    scheme : str, default "FisherJenks"
        mapclassify scheme for the classed layers, one of :data:`SCHEMES` (deterministic).
    k : int, default 5
        Number of classes (at most 5).
    palette : str, optional
        ColorBrewer palette from :data:`PALETTES`; each layer has its own default.

    Returns
    -------
    LayerStyle
        Fills per feature, legend, "no data" entry, note and source line.
    """
    year = str(gdf.attrs.get("year", ""))
    if name == "us-gun-laws":
        return _grades(gdf, lang, palette or "PuBu")
    if name in _CLASSED:
        column, default_palette, title_key, note_key = _CLASSED[name]
        fills, legend, bins = _classed(
            gdf[column],
            scheme=scheme,
            k=k,
            palette=palette or default_palette,
            decimals=1,
            lang=lang,
        )
        missing = gdf[column].isna().any()
        return LayerStyle(
            name=name,
            title=f"{text(title_key, lang)}, {year}",
            fills=fills,
            legend=legend,
            no_data=(NO_DATA_COLOR, text("no_data", lang)) if missing else None,
            note=f"{text(note_key, lang)}; {text('class_breaks', lang, scheme=scheme)}",
            source=_source(gdf.attrs, year),
            bins=bins,
        )
    raise ValueError(f"no style for layer {name!r}")

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
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo._text import number, text
from geo._validate import check_choice
from geo.errors import DataError, OptionError

__all__ = ["NO_DATA_COLOR", "PALETTES", "SCHEMES", "LayerStyle", "class_breaks", "style_layer"]

PALETTES = {
    "PuBu": ("#d0d1e6", "#a6bddb", "#74a9cf", "#2b8cbe", "#045a8d"),
    "BuPu": ("#edf8fb", "#b3cde3", "#8c96c6", "#8856a7", "#810f7c"),
    "YlGnBu": ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    "OrRd": ("#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"),
    "YlOrBr": ("#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404"),
}
# Diverging, colour-blind safe (ColorBrewer), falls to rises; the middle class is a light grey
# so that "no change" stands apart from the background (no data is grey and hatched).
DIVERGING = {
    "PuOr": ("#542788", "#998ec3", "#e8e8e8", "#fee0b6", "#f1a340", "#b35806"),
    "BrBG": ("#8c510a", "#d8b365", "#e8e8e8", "#c7eae5", "#5ab4ac", "#01665e"),
}
# Change layers: (column, palette, class upper bounds, title text, label texts).
_CHANGES = {
    "mx-homicides-change": (
        "change",
        "PuOr",
        (-10, -2, 2, 10, 25, float("inf")),
        "mx_change",
        "change_note",
    ),
    "us-gun-laws-change": (
        "change",
        "BrBG",
        (-2, -1, 0, 2, 5, float("inf")),
        "grade_change",
        "grade_change_note",
    ),
}
SCHEMES = ("FisherJenks", "Quantiles", "EqualInterval", "HeadTailBreaks", "MaximumBreaks")
CLASS_COUNTS = (2, 3, 4, 5)  # classes a classed layer may have (k)
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


def class_breaks(values: Sequence[float], *, scheme: str = "FisherJenks", k: int = 5) -> tuple:
    """Upper bounds of the classes of ``values`` by a mapclassify scheme.

    Pool several years' values to get breaks that are fixed across years, so that a colour
    means the same rate in every year.

    Parameters
    ----------
    values : sequence of float
        The figures (missing values are ignored).
    scheme : str, default "FisherJenks"
        One of :data:`SCHEMES`.
    k : int, default 5
        Number of classes (fewer when there are fewer distinct values).

    Returns
    -------
    tuple of float
        The classes' upper bounds, the last being the maximum.
    """
    check_choice(scheme, SCHEMES, what="classification scheme")
    check_choice(k, CLASS_COUNTS, what="k")
    y = np.asarray(values, dtype=float)
    y = y[np.isfinite(y)]
    if not len(y):
        raise DataError("no figure to classify: every value is missing")
    with warnings.catch_warnings():  # FisherJenks suggests numba; the pure version is exact
        warnings.simplefilter("ignore")
        import mapclassify  # on demand: it imports scipy and matplotlib (about 1 s)

        classifier = mapclassify.classify(y, scheme=scheme, k=min(k, len(np.unique(y))))
    return tuple(float(b) for b in classifier.bins)


def _classed(
    values: pd.Series,
    *,
    scheme: str,
    k: int,
    palette: str,
    decimals: int,
    lang: str,
    bins: Sequence[float] | None = None,
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[float, ...]]:
    y = values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    known = y[~np.isnan(y)]
    fixed = bins is not None
    if len(known) == 0 and bins is None:
        return tuple(NO_DATA_COLOR for _ in y), (), ()
    if bins is None:
        bins = class_breaks(known, scheme=scheme, k=min(k, len(PALETTES[palette])))
    bins = tuple(float(b) for b in bins)
    colors = _ramp(PALETTES[palette], len(bins))
    classes = np.searchsorted(np.asarray(bins), y, side="left")
    fills = tuple(
        NO_DATA_COLOR if np.isnan(v) else colors[c] for v, c in zip(y, classes, strict=True)
    )
    # Fixed classes start at 0 so that every year's legend reads the same.
    first = 0.0 if fixed or not len(known) else float(known.min())
    lowers = (first, *bins[:-1])
    legend = tuple(
        (color, f"{number(lo, lang, decimals)} \u2013 {number(hi, lang, decimals)}")
        for color, lo, hi in zip(colors, lowers, bins, strict=True)
    )
    return fills, legend, bins


def _change(name: str, gdf: pd.DataFrame, lang: str) -> LayerStyle:
    column, palette, uppers, title_key, note_key = _CHANGES[name]
    colors = DIVERGING[palette]
    y = gdf[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    classes = np.searchsorted(np.asarray(uppers), y, side="left")
    fills = tuple(
        NO_DATA_COLOR if np.isnan(v) else colors[c] for v, c in zip(y, classes, strict=True)
    )
    if name == "us-gun-laws-change":
        labels = [
            text(key, lang)
            for key in ("steps_m2", "steps_m1", "steps_0", "steps_p12", "steps_p35", "steps_p6")
        ]
    else:
        labels = [
            "\u2264 -10",
            "-10 \u2013 -2",
            text("little_change", lang),
            "2 \u2013 10",
            "10 \u2013 25",
            "> 25",
        ]
    start, end = gdf.attrs.get("start"), gdf.attrs.get("end")
    missing = np.isnan(y).any()
    return LayerStyle(
        name=name,
        title=text(title_key, lang, start=start, end=end),
        fills=fills,
        legend=tuple(zip(colors, labels, strict=True)),
        no_data=(NO_DATA_COLOR, text("no_data", lang)) if missing else None,
        note=text(note_key, lang),
        source=_source(gdf.attrs, f"{start}, {end}"),
        bins=tuple(uppers),
    )


def style_layer(
    name: str,
    gdf: pd.DataFrame,
    *,
    lang: str = "en",
    scheme: str = "FisherJenks",
    k: int = 5,
    palette: str | None = None,
    bins: Sequence[float] | None = None,
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
    bins : sequence of float, optional
        Fixed class upper bounds (e.g. from :func:`class_breaks` over several years) instead
        of classifying this layer's own values; the legend then says they are fixed.

    Returns
    -------
    LayerStyle
        Fills per feature, legend, "no data" entry, note and source line.
    """
    year = str(gdf.attrs.get("year", ""))
    if name == "us-gun-laws":
        return _grades(gdf, lang, palette or "PuBu")
    if name in _CHANGES:
        return _change(name, gdf, lang)
    if name in _CLASSED:
        column, default_palette, title_key, note_key = _CLASSED[name]
        fixed = bins is not None
        fills, legend, bins = _classed(
            gdf[column],
            scheme=scheme,
            k=k,
            bins=bins,
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
            note=f"{text(note_key, lang)}; "
            + text("fixed_breaks" if fixed else "class_breaks", lang, scheme=scheme),
            source=_source(gdf.attrs, year),
            bins=bins,
        )
    raise OptionError(f"no style for layer {name!r}")

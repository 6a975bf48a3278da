"""Layer styles: classes, colours, legend text; used by every renderer.

Each layer declares its :class:`StyleSpec` once, in :mod:`geo.catalogue`. A
:class:`LayerStyle` is computed once from a layer and its spec and says, for every feature,
its fill colour, and for the legend, each class with its label, the "no data" entry, the
units, the year and the source line. The HTML atlas and the static renderer both draw from
it, so the picture in a deck says exactly what the interactive map says.

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

__all__ = [
    "NO_DATA_COLOR",
    "PALETTES",
    "SCHEMES",
    "LayerStyle",
    "Outline",
    "StyleSpec",
    "class_breaks",
    "style_layer",
]

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
SCHEMES = ("FisherJenks", "Quantiles", "EqualInterval", "HeadTailBreaks", "MaximumBreaks")
CLASS_COUNTS = (2, 3, 4, 5)  # classes a classed layer may have (k)
NO_DATA_COLOR = "#d9d9d9"
_GRADE_GROUPS = ("A", "B", "C", "D", "F")
STYLE_KINDS = ("grades", "classed", "diverging")


@dataclass(frozen=True)
class Outline:
    """How an outline layer is drawn in both renderers: a line and no fill.

    Attributes
    ----------
    color : str
        The line's colour.
    width : float
        Its width: points on static maps, pixels in the atlas.
    halo : str
        The colour of a wider line drawn under it, so that it reads on dark and light fills.
    z : float
        Stacking order on static maps: above the choropleths (2) and the bands (3), below the
        border (4) and the points (5 and up).
    """

    color: str
    width: float = 2.4
    halo: str = "#ffffff"
    z: float = 3.5


@dataclass(frozen=True)
class StyleSpec:
    """How a layer is classed and coloured, as its catalogue entry declares it.

    Attributes
    ----------
    kind : {"grades", "classed", "diverging"}
        Letter grades grouped A to F; classes of a figure by a mapclassify scheme; or fixed
        classes of a change around zero.
    column : str
        The column coloured.
    palette : str
        A key of :data:`PALETTES` (grades, classed) or :data:`DIVERGING`.
    title, note : str
        Text keys (:mod:`geo._text`) of the legend's title and note.
    bounds : tuple of float
        Diverging: the classes' upper bounds.
    labels : tuple of str
        Diverging: text keys of the classes' labels.
    """

    kind: str
    column: str
    palette: str
    title: str
    note: str = ""
    bounds: tuple[float, ...] = ()
    labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_choice(self.kind, STYLE_KINDS, what="style kind")
        palettes = DIVERGING if self.kind == "diverging" else PALETTES
        check_choice(self.palette, list(palettes), what="palette")
        if self.kind == "diverging" and not (
            len(self.bounds) == len(self.labels) == len(DIVERGING[self.palette])
        ):
            raise OptionError(f"diverging style of {self.column!r}: one bound and label per class")


@dataclass(frozen=True)
class LayerStyle:
    """How one layer is drawn and explained.

    Attributes
    ----------
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
    bins : tuple of float
        The classes' upper bounds (classed and diverging layers).
    """

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


def _grades(spec: StyleSpec, gdf: pd.DataFrame, lang: str, palette: str) -> LayerStyle:
    colors = dict(zip(_GRADE_GROUPS, PALETTES[palette], strict=True))
    letters = gdf[spec.column].astype(object).map(lambda g: g[0] if isinstance(g, str) else None)
    fills = tuple(colors.get(letter, NO_DATA_COLOR) for letter in letters)
    labels = {"A": text("grade_a", lang), "F": text("grade_f", lang)}
    legend = tuple((colors[g], labels.get(g, g)) for g in _GRADE_GROUPS)
    missing = letters.isna().any()
    edition = gdf.attrs.get("year", "")
    return LayerStyle(
        title=f"{text(spec.title, lang)} ({text('edition', lang, year=edition)})",
        fills=fills,
        legend=legend,
        no_data=(NO_DATA_COLOR, text("not_graded", lang)) if missing else None,
        note=text(spec.note, lang),
        source=_source(gdf.attrs, edition),
    )


def _ramp(colors: tuple[str, ...], n: int) -> tuple[str, ...]:
    """Pick ``n`` colours spread evenly over a palette, light to dark."""
    if n >= len(colors):
        return colors
    return tuple(colors[round(i * (len(colors) - 1) / max(n - 1, 1))] for i in range(n))


def class_breaks(values: Sequence[float], *, scheme: str = "FisherJenks", k: int = 5) -> tuple:
    """Upper bounds of the classes of ``values`` by a classification scheme.

    "FisherJenks" (optimal classes: least squared deviation within classes) is computed by
    jenkspy, the other schemes by mapclassify.

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
    k = min(k, len(np.unique(y)))
    if scheme == "FisherJenks" and k > 1:
        # jenkspy's exact Fisher-Jenks, in C: mapclassify would import scipy.stats, sklearn
        # and pyplot (about 1.2 s) for the default scheme of every map.
        import jenkspy

        return tuple(float(b) for b in jenkspy.jenks_breaks(y, n_classes=k)[1:])
    with warnings.catch_warnings():  # FisherJenks suggests numba; the pure version is exact
        warnings.simplefilter("ignore")
        import mapclassify  # on demand: the other schemes

        classifier = mapclassify.classify(y, scheme=scheme, k=k)
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


def _diverging(spec: StyleSpec, gdf: pd.DataFrame, lang: str) -> LayerStyle:
    colors = DIVERGING[spec.palette]
    y = gdf[spec.column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    classes = np.searchsorted(np.asarray(spec.bounds), y, side="left")
    fills = tuple(
        NO_DATA_COLOR if np.isnan(v) else colors[c] for v, c in zip(y, classes, strict=True)
    )
    labels = [text(key, lang) for key in spec.labels]
    start, end = gdf.attrs.get("start"), gdf.attrs.get("end")
    missing = np.isnan(y).any()
    return LayerStyle(
        title=text(spec.title, lang, start=start, end=end),
        fills=fills,
        legend=tuple(zip(colors, labels, strict=True)),
        no_data=(NO_DATA_COLOR, text("no_data", lang)) if missing else None,
        note=text(spec.note, lang),
        source=_source(gdf.attrs, f"{start}, {end}"),
        bins=tuple(spec.bounds),
    )


def style_layer(
    spec: StyleSpec,
    gdf: pd.DataFrame,
    *,
    lang: str = "en",
    scheme: str = "FisherJenks",
    k: int = 5,
    palette: str | None = None,
    bins: Sequence[float] | None = None,
) -> LayerStyle:
    """Compute the style of a thematic layer from its spec.

    Parameters
    ----------
    spec : StyleSpec
        The layer's style, as its catalogue entry declares it (``geo.catalogue.CATALOGUE``).
    gdf : GeoDataFrame
        The layer as built by :mod:`geo.layers` (its ``attrs`` give source and year).
    lang : {"en", "es"}, default "en"
        Language of the legend texts.
    scheme : str, default "FisherJenks"
        mapclassify scheme for the classed layers, one of :data:`SCHEMES` (deterministic).
    k : int, default 5
        Number of classes (at most 5).
    palette : str, optional
        ColorBrewer palette from :data:`PALETTES` instead of the spec's.
    bins : sequence of float, optional
        Fixed class upper bounds (e.g. from :func:`class_breaks` over several years) instead
        of classifying this layer's own values; the legend then says they are fixed.

    Returns
    -------
    LayerStyle
        Fills per feature, legend, "no data" entry, note and source line.
    """
    if spec.kind == "grades":
        return _grades(spec, gdf, lang, palette or spec.palette)
    if spec.kind == "diverging":
        return _diverging(spec, gdf, lang)
    year = str(gdf.attrs.get("year", ""))
    fixed = bins is not None
    fills, legend, bins = _classed(
        gdf[spec.column],
        scheme=scheme,
        k=k,
        bins=bins,
        palette=palette or spec.palette,
        decimals=1,
        lang=lang,
    )
    missing = gdf[spec.column].isna().any()
    return LayerStyle(
        title=f"{text(spec.title, lang)}, {year}",
        fills=fills,
        legend=legend,
        no_data=(NO_DATA_COLOR, text("no_data", lang)) if missing else None,
        note=f"{text(spec.note, lang)}; "
        + text("fixed_breaks" if fixed else "class_breaks", lang, scheme=scheme),
        source=_source(gdf.attrs, year),
        bins=bins,
    )

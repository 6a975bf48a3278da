"""The scene stage: what a map shows, checked once, and its layers built once.

Both renderers (:mod:`geo.web`, :mod:`geo.static`) take the same map options; this module
names the layers a map may show and its views, checks every option in one place
(:func:`check_map_options`) and builds the thematic layers of a map (:func:`build_layers`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd

from geo import layers
from geo._text import LANGUAGES
from geo._validate import (
    check_box,
    check_choice,
    check_choices,
    check_number,
    check_text,
    check_years,
)
from geo.consulates import consulate_layer, trace_flows
from geo.errors import OptionError
from geo.style import CLASS_COUNTS, SCHEMES

__all__ = ["LAYERS", "VIEWS", "build_layers", "check_map_options"]

LAYERS = (
    "us-gun-laws",
    "us-dealers",
    "us-gun-laws-change",
    "ports",
    "mx-homicides",
    "mx-homicides-change",
    "border",
    "bands",
    "consulates",
    "trace-flows",
)
VIEWS = {
    "full": (-118.5, 14.5, -66.9, 49.5),
    "border": (-117.6, 25.0, -96.8, 34.2),
    "us": (-125.0, 24.0, -66.9, 49.5),
    "mx": (-118.5, 14.3, -86.5, 33.0),
}

# The layers a map builds (the others, border and bands, are drawn from the boundaries).
_BUILT = tuple(name for name in LAYERS if name not in ("border", "bands"))
# What a layer handed in through ``data=`` must hold: its key and the columns drawn.
_DATA_COLUMNS = {
    "us-gun-laws": ("usps", ("name", "grade", "law_strength_rank")),
    "us-dealers": ("usps", ("name", "licensees", "licensees_per_100k")),
    "mx-homicides": ("cve_ent", ("name", "homicides", "rate_per_100k")),
    "ports": ("port_code", ("port_name", "usps")),
}


def check_map_options(
    *,
    layers_shown: Sequence[str],
    lang: str,
    title: str | None,
    subtitle: str,
    view: str | Sequence[float],
    scheme: str,
    k: int,
    edition: int,
    dealer_year: int,
    homicide_year: int,
    port_period: int | str,
    bands_km: Sequence[float],
    data: Mapping[str, gpd.GeoDataFrame] | None,
    compare: tuple[int, int] | None,
    years: Sequence[int] | None = None,
) -> None:
    """Check the options both renderers take, raising :class:`geo.errors.OptionError`."""
    check_choices(layers_shown, LAYERS, what="layers_shown")
    check_choice(lang, LANGUAGES, what="lang")
    if title is not None:
        check_text(title, what="title")
    check_text(subtitle, what="subtitle")
    if isinstance(view, str):
        check_choice(view, list(VIEWS), what="view")
    else:
        check_box(view, what="view")
    check_choice(scheme, SCHEMES, what="scheme")
    check_choice(k, CLASS_COUNTS, what="k")
    check_choice(edition, layers.GUN_LAW_EDITIONS, what="edition")
    check_choice(dealer_year, layers.DEALER_YEARS, what="dealer_year")
    check_choice(homicide_year, layers.HOMICIDE_YEARS, what="homicide_year")
    check_choice(port_period, layers.PORT_PERIODS, what="port_period")
    if isinstance(bands_km, str) or not isinstance(bands_km, Sequence) or not bands_km:
        raise OptionError(f"bands_km: {bands_km!r} must be a list of km, 0.1 to 1000")
    for km in bands_km:
        check_number(km, what="bands_km", low=0.1, high=1000)
    if compare is not None:
        check_years(compare, layers.HOMICIDE_YEARS, what="compare", count=2)
    if years is not None:
        check_choices(years, layers.HOMICIDE_YEARS, what="years")
    _check_data(data)


def _check_data(data: object) -> None:
    """Layers handed in must be GeoDataFrames holding their key, once per place, and columns."""
    if data is None:
        return
    if not isinstance(data, Mapping):
        raise OptionError(f"data: {type(data).__name__} is not a mapping of layer name to layer")
    for name, gdf in data.items():
        check_choice(name, _BUILT, what="data layer")
        if not isinstance(gdf, gpd.GeoDataFrame):
            raise OptionError(f"data[{name!r}]: {type(gdf).__name__} is not a GeoDataFrame")
        key, columns = _DATA_COLUMNS.get(name, (None, ()))
        missing = [c for c in (key, *columns) if c and c not in gdf.columns]
        if missing:
            raise OptionError(f"data[{name!r}]: missing column(s) {missing}; build it with geo")
        if key and (gdf[key].isna().any() or gdf[key].duplicated().any()):
            raise OptionError(f"data[{name!r}]: column {key!r} must name each place once")


def build_layers(
    names: Sequence[str],
    *,
    edition: int = 2025,
    dealer_year: int = 2023,
    homicide_year: int = 2024,
    port_period: int | str = 2024,
    compare: tuple[int, int] | None = None,
    data: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """Build the thematic layers a map shows, by name, in the order given.

    Parameters
    ----------
    names : sequence of str
        Map layer names; "us-gun-laws", "us-dealers", "ports" and "mx-homicides" are built,
        others (such as "border") are ignored here.
    edition, dealer_year, homicide_year, port_period : int or str
        Which edition or year of each layer.
    compare : (int, int), optional
        Years of the change layers "mx-homicides-change" and "us-gun-laws-change"; the
        Giffords change uses the complete editions nearest to each year (see
        :func:`nearest_editions`).
    data : mapping of name to GeoDataFrame, optional
        Layers already built (e.g. from a user table), used as they are.

    Returns
    -------
    dict
        Layer name to GeoDataFrame.
    """
    pair: tuple[int, ...] = tuple(compare or ())
    builders = {
        "us-gun-laws": lambda: layers.gun_law_layer(edition=edition),
        "us-dealers": lambda: layers.dealer_layer(year=dealer_year),
        "ports": lambda: layers.port_layer(period=port_period),
        "mx-homicides": lambda: layers.homicide_layer(year=homicide_year),
        "mx-homicides-change": lambda: layers.homicide_change(*pair),
        "us-gun-laws-change": lambda: layers.grade_change(*layers.nearest_editions(pair)),
        "consulates": consulate_layer,
        "trace-flows": trace_flows,
    }
    if compare is None and any(n.endswith("-change") for n in names):
        raise OptionError("change layers need compare=(earlier year, later year)")
    data = data or {}
    return {n: data[n] if n in data else builders[n]() for n in names if n in builders}

"""Map recipes: TOML files in ``maps/`` saying which layers, title, classification and view.

A recipe looks like::

    title = {en = "The iron river", es = "El río de hierro"}
    subtitle = "Gun laws, dealers, ports and homicides"
    layers = ["us-gun-laws", "us-dealers", "ports", "mx-homicides", "border"]
    lang = "en"
    view = "full"                      # or "border", "us", "mx", or [west, south, east, north]
    formats = ["html", "png", "svg", "pdf"]
    layout = "single"                  # or "two-panel" (static maps): US beside Mexico
    inset = [-106.9, 31.45, -106.05, 31.95]   # static maps: a zoomed inset of this box
    labels = ["states", "ports"]       # static maps: label border states and/or ports
    self_contained = true
    bands_km = [50, 100, 250]
    year = 2024                        # the year shown (homicides; nearest Giffords edition)
    years = [2015, 2019, 2024]         # HTML: a year control; static: small multiples
    compare = [2015, 2024]             # change maps (rate change, grade change)
    [classification]
    scheme = "FisherJenks"
    k = 5
    [layer_years]                      # or each layer's year or edition on its own
    gun_laws = 2025
    dealers = 2023
    homicides = 2024
    ports = 2024

Every key is checked: a bad recipe raises :class:`RecipeError` naming the file, the key and
the valid choices.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo import layers as layer_data
from geo._text import LANGUAGES
from geo.errors import DataError
from geo.style import SCHEMES
from geo.web import LAYERS, VIEWS, atlas_map, write_html

__all__ = [
    "FORMATS",
    "Recipe",
    "RecipeError",
    "find_recipes",
    "load_recipe",
    "render_recipe",
    "static_figure",
]

FORMATS = ("html", "png", "svg", "pdf")
_KEYS = (
    "title",
    "subtitle",
    "layers",
    "lang",
    "view",
    "formats",
    "self_contained",
    "bands_km",
    "classification",
    "layer_years",
    "year",
    "years",
    "compare",
    "layout",
    "inset",
    "labels",
)
_LAYER_YEARS = {
    "gun_laws": layer_data.GUN_LAW_EDITIONS,
    "dealers": layer_data.DEALER_YEARS,
    "homicides": layer_data.HOMICIDE_YEARS,
    "ports": layer_data.PORT_PERIODS,
}


class RecipeError(DataError):
    """A recipe file is missing, not TOML, or has a bad key or value."""


@dataclass(frozen=True)
class Recipe:
    """A validated map recipe (see the module docstring for the file format)."""

    path: Path
    title: dict[str, str] = field(default_factory=dict)
    subtitle: dict[str, str] = field(default_factory=dict)
    layers: tuple[str, ...] = ("us-gun-laws", "us-dealers", "ports", "mx-homicides", "border")
    lang: str = "en"
    view: str | tuple[float, float, float, float] = "full"
    formats: tuple[str, ...] = ("html",)
    self_contained: bool = True
    bands_km: tuple[float, ...] = (50, 100, 250)
    scheme: str = "FisherJenks"
    k: int = 5
    layer_years: dict[str, int | str] = field(default_factory=dict)
    year: int | None = None
    years: tuple[int, ...] = ()
    compare: tuple[int, int] | None = None
    layout: str = "single"
    inset: tuple[float, float, float, float] | None = None
    labels: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The recipe's file stem, used to name its outputs."""
        return self.path.stem


def _fail(path: Path, key: str, problem: str, choices: object = None) -> RecipeError:
    hint = f"; valid: {choices}" if choices is not None else ""
    return RecipeError(f"{path}: key {key!r}: {problem}{hint}")


def _texts(path: Path, key: str, value: object) -> dict[str, str]:
    if isinstance(value, str):
        return dict.fromkeys(LANGUAGES, value)
    if (
        isinstance(value, dict)
        and value
        and all(k in LANGUAGES and isinstance(v, str) for k, v in value.items())
    ):
        return dict(value)
    raise _fail(
        path, key, f"must be text or a table of texts by language, not {value!r}", list(LANGUAGES)
    )


def _choice(path: Path, key: str, value: object, choices) -> object:
    if value not in choices:
        raise _fail(path, key, f"{value!r} is not allowed", list(choices))
    return value


def _box(path: Path, key: str, value: object) -> tuple[float, float, float, float]:
    if (
        not isinstance(value, list)
        or len(value) != 4
        or not all(isinstance(v, int | float) for v in value)
    ):
        raise _fail(path, key, "a box must be [west, south, east, north]")
    west, south, east, north = value
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise _fail(path, key, f"{value} is not a box in degrees")
    return (float(west), float(south), float(east), float(north))


def load_recipe(path: str | os.PathLike) -> Recipe:
    """Read and validate a recipe file.

    Parameters
    ----------
    path : str or path-like
        A ``.toml`` recipe.

    Returns
    -------
    Recipe
        The validated recipe.

    Raises
    ------
    RecipeError
        Naming the file, the key and the valid choices.
    """
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RecipeError(f"{path}: cannot be read ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RecipeError(f"{path}: not valid TOML: {exc}") from None
    for key in raw:
        if key not in _KEYS:
            raise _fail(path, key, "unknown key", list(_KEYS))
    kwargs: dict = {"path": path}
    if "title" in raw:
        kwargs["title"] = _texts(path, "title", raw["title"])
    if "subtitle" in raw:
        kwargs["subtitle"] = _texts(path, "subtitle", raw["subtitle"])
    if "layers" in raw:
        names = raw["layers"]
        if not isinstance(names, list) or not names:
            raise _fail(path, "layers", "must be a non-empty list", list(LAYERS))
        kwargs["layers"] = tuple(_choice(path, "layers", n, LAYERS) for n in names)
    if "lang" in raw:
        kwargs["lang"] = _choice(path, "lang", raw["lang"], LANGUAGES)
    if "view" in raw:
        view = raw["view"]
        if isinstance(view, list):
            kwargs["view"] = _box(path, "view", view)
        else:
            kwargs["view"] = _choice(path, "view", view, [*VIEWS, "[west, south, east, north]"])
    if "formats" in raw:
        formats = raw["formats"]
        if not isinstance(formats, list) or not formats:
            raise _fail(path, "formats", "must be a non-empty list", list(FORMATS))
        kwargs["formats"] = tuple(_choice(path, "formats", f, FORMATS) for f in formats)
    if "self_contained" in raw:
        kwargs["self_contained"] = _choice(
            path, "self_contained", raw["self_contained"], [True, False]
        )
    if "bands_km" in raw:
        bands = raw["bands_km"]
        if (
            not isinstance(bands, list)
            or not bands
            or not all(isinstance(b, int | float) and 0 < b <= 1000 for b in bands)
        ):
            raise _fail(path, "bands_km", f"{bands!r}: must be a list of km between 0 and 1000")
        kwargs["bands_km"] = tuple(float(b) for b in bands)
    if "layout" in raw:
        kwargs["layout"] = _choice(path, "layout", raw["layout"], ["single", "two-panel"])
    if "inset" in raw:
        kwargs["inset"] = _box(path, "inset", raw["inset"])
    if "labels" in raw:
        labels = raw["labels"]
        if not isinstance(labels, list):
            raise _fail(path, "labels", "must be a list", ["ports", "states"])
        kwargs["labels"] = tuple(_choice(path, "labels", x, ["ports", "states"]) for x in labels)
    classification = raw.get("classification", {})
    if not isinstance(classification, dict):
        raise _fail(path, "classification", "must be a table with scheme and k")
    for key in classification:
        _choice(path, f"classification.{key}", key, ["scheme", "k"])
    if "scheme" in classification:
        kwargs["scheme"] = _choice(path, "classification.scheme", classification["scheme"], SCHEMES)
    if "k" in classification:
        kwargs["k"] = _choice(path, "classification.k", classification["k"], [2, 3, 4, 5])
    layer_years = raw.get("layer_years", {})
    if not isinstance(layer_years, dict):
        raise _fail(path, "layer_years", "must be a table", list(_LAYER_YEARS))
    for key, value in layer_years.items():
        _choice(path, "layer_years", key, list(_LAYER_YEARS))
        _choice(path, f"layer_years.{key}", value, _LAYER_YEARS[key])
    kwargs["layer_years"] = dict(layer_years)
    homicide_years = list(layer_data.HOMICIDE_YEARS)
    if "year" in raw:
        kwargs["year"] = _choice(path, "year", raw["year"], homicide_years)
    if "years" in raw:
        years = raw["years"]
        if not isinstance(years, list) or len(years) < 2:
            raise _fail(path, "years", "must be a list of at least two years", homicide_years)
        kwargs["years"] = tuple(sorted({_choice(path, "years", y, homicide_years) for y in years}))
    if "compare" in raw:
        pair = raw["compare"]
        if not isinstance(pair, list) or len(pair) != 2 or pair[0] >= pair[1]:
            raise _fail(
                path, "compare", f"{pair!r}: must be [earlier year, later year]", homicide_years
            )
        kwargs["compare"] = tuple(_choice(path, "compare", y, homicide_years) for y in pair)
    return Recipe(**kwargs)


def find_recipes(folder: str | os.PathLike) -> list[Path]:
    """Every ``*.toml`` recipe in a folder, sorted by name."""
    return sorted(Path(folder).glob("*.toml"))


def _options(recipe: Recipe, lang: str) -> dict:
    """Return the map options both renderers take from a recipe."""
    years = dict(recipe.layer_years)
    if recipe.year is not None:  # the year shown: homicides, and the nearest Giffords edition
        years.setdefault("homicides", recipe.year)
        years.setdefault("gun_laws", layer_data.nearest_editions([recipe.year])[0])
    shown = recipe.layers
    if recipe.compare:  # change maps instead of the layers of one year
        swap = {"mx-homicides": "mx-homicides-change", "us-gun-laws": "us-gun-laws-change"}
        shown = tuple(swap.get(n, n) for n in shown)
    return {
        "layers_shown": shown,
        "compare": recipe.compare,
        "lang": lang,
        "title": recipe.title.get(lang),
        "subtitle": recipe.subtitle.get(lang, ""),
        "view": recipe.view,
        "scheme": recipe.scheme,
        "k": recipe.k,
        "edition": years.get("gun_laws", 2025),
        "dealer_year": years.get("dealers", 2023),
        "homicide_year": years.get("homicides", 2024),
        "port_period": years.get("ports", 2024),
        "bands_km": recipe.bands_km,
    }


def render_recipe(
    recipe: Recipe,
    out_dir: str | os.PathLike,
    *,
    lang: str | None = None,
    self_contained: bool | None = None,
    formats: Sequence[str] | None = None,
    scale: float = 1,
) -> list[Path]:
    """Render a recipe to files in ``out_dir``.

    Parameters
    ----------
    recipe : Recipe
        From :func:`load_recipe`.
    out_dir : str or path-like
        Output folder (created if needed).
    lang : {"en", "es"}, optional
        Override the recipe's language.
    self_contained : bool, optional
        Override the recipe's ``self_contained``.
    formats : sequence of str, optional
        Override the recipe's ``formats`` (html, png, svg, pdf).
    scale : float, default 1
        Pixel scale of PNG output (2 for 3840x2160).

    Returns
    -------
    list of pathlib.Path
        The files written: ``NAME.html``, ``NAME.png``, ... (``NAME.es.html`` for Spanish).
    """
    lang = lang or recipe.lang
    if formats is not None:
        for fmt in formats:
            _choice(recipe.path, "formats", fmt, FORMATS)
    if lang not in LANGUAGES:
        raise RecipeError(f"unknown language {lang!r}; valid: {list(LANGUAGES)}")
    inline = recipe.self_contained if self_contained is None else self_contained
    suffix = "" if lang == "en" else f".{lang}"
    written = []
    formats = formats or recipe.formats
    if "html" in formats:
        m = atlas_map(**_options(recipe, lang), basemap=not inline, years=recipe.years or None)
        target = Path(out_dir) / f"{recipe.name}{suffix}.html"
        written.append(write_html(m, target, self_contained=inline))
    static = [f for f in formats if f != "html"]
    if static:
        from geo.static import save_figure

        fig = static_figure(recipe, lang=lang)
        for fmt in static:
            target = Path(out_dir) / f"{recipe.name}{suffix}.{fmt}"
            written.append(save_figure(fig, target, scale=scale))
    return written


def static_figure(
    recipe: Recipe,
    *,
    lang: str | None = None,
    frame: bool = True,
    size: tuple[int, int] = (1920, 1080),
):
    """Draw a recipe with the static renderer (see :func:`geo.static.static_map`).

    Parameters
    ----------
    recipe : Recipe
        From :func:`load_recipe`.
    lang : {"en", "es"}, optional
        Override the recipe's language.
    frame : bool, default True
        Draw title, subtitle and source line (a deck slide carries its own).
    size : (int, int), default (1920, 1080)
        Pixels at scale 1.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.
    """
    from geo.static import static_map

    lang = lang or recipe.lang
    if recipe.years and not recipe.compare:
        from geo.static import small_multiples

        years = list(recipe.years)
        if len(years) > 4:  # first, the one nearest the middle, last
            middle = min(years, key=lambda y: abs(y - (years[0] + years[-1]) / 2))
            years = [years[0], middle, years[-1]]
        name = "mx-homicides" if "mx-homicides" in recipe.layers else "us-gun-laws"
        if name == "us-gun-laws":
            years = sorted(set(layer_data.nearest_editions(years)))
        return small_multiples(
            name,
            years,
            lang=lang,
            title=recipe.title.get(lang),
            subtitle=recipe.subtitle.get(lang, ""),
            scheme=recipe.scheme,
            k=recipe.k,
            size=size,
            frame=frame,
            pool=recipe.years if name == "mx-homicides" else None,
        )
    return static_map(
        **_options(recipe, lang),
        layout=recipe.layout,
        inset=recipe.inset,
        labels=recipe.labels,
        size=size,
        frame=frame,
    )

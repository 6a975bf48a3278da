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
    labels = ["states", "cities"]      # static maps: label border states, cities, "ports"
    self_contained = true
    bands_km = [50, 100, 250]
    zone_km = 250                      # counties and municipios within 250 km of the border
    port_measure = "trucks"            # what sizes the ports (personal_vehicles by default)
    year = 2024                        # the year shown (homicides; nearest Giffords edition)
    years = [2015, 2019, 2024]         # HTML: year controls; static: small multiples
    compare = [2015, 2024]             # change maps (rate change, grade change)
    chart = "crossings"                # static formats: a chart of crossings over time
    [classification]
    scheme = "FisherJenks"
    k = 5
    [layer_years]                      # or each layer's year or edition on its own
    gun_laws = 2025
    dealers = 2023
    homicides = 2024
    ports = 2024                       # BTS crossings: any year 1996-2024
    county_dealers = 2023              # licensees by county: any year 2003-2023
    municipal_homicides = "2019-2021"  # rate on the 2020 census: 2020 or "2019-2021"

Every key is checked: a bad recipe raises :class:`RecipeError` naming the file, the key and
the valid choices.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo import settings
from geo._text import LANGUAGES
from geo._validate import (
    MAX_SCALE,
    MIN_SCALE,
    check_bands,
    check_box,
    check_choice,
    check_choices,
    check_number,
    check_output_dir,
    check_text,
    check_years,
    shorten,
)
from geo.catalogue import CATALOGUE, LAYERS, TIMELINE, layer_for_year
from geo.errors import OptionError, RecipeError
from geo.scene import VIEWS, FigureSpec, MapSpec, build_scene
from geo.style import CLASS_COUNTS, SCHEMES
from geo.web import draw_atlas, write_html

if TYPE_CHECKING:
    from geo.static import MapFigure

__all__ = [
    "FORMATS",
    "Recipe",
    "RecipeError",
    "find_recipe",
    "find_recipes",
    "load_recipe",
    "render_recipe",
    "static_figure",
]

FORMATS = ("html", "png", "svg", "pdf")
CHARTS = ("crossings",)  # a recipe's static formats may draw a chart instead of its map
_LAYER_YEARS = {e.years_key: e.years for e in CATALOGUE.values() if e.years_key}


@dataclass(frozen=True)
class Recipe:
    """A validated map recipe (see the module docstring for the file format)."""

    path: Path
    title: dict[str, str] = field(default_factory=dict)
    subtitle: dict[str, str] = field(default_factory=dict)
    layers: tuple[str, ...] = MapSpec.layers_shown
    lang: str = "en"
    view: str | tuple[float, float, float, float] = "full"
    formats: tuple[str, ...] = ("html",)
    self_contained: bool = True
    bands_km: tuple[float, ...] = (50, 100, 250)
    zone_km: float | None = None
    scheme: str = "FisherJenks"
    k: int = 5
    layer_years: dict[str, int | str] = field(default_factory=dict)
    year: int | None = None
    years: tuple[int, ...] = ()
    compare: tuple[int, int] | None = None
    layout: str = "single"
    inset: tuple[float, float, float, float] | None = None
    labels: tuple[str, ...] = ()
    sizes: dict[str, Any] = field(default_factory=dict)
    chart: str = ""

    @property
    def name(self) -> str:
        """The recipe's file stem, used to name its outputs."""
        return self.path.stem


def _fail(path: Path, key: str, problem: str, choices: object = None) -> RecipeError:
    hint = f"; valid: {choices}" if choices is not None else ""
    return RecipeError(f"{path}: key {key!r}: {problem}{hint}")


def _sub(what: str, key: str) -> str:
    """``"key 'title'"`` and ``"es"`` -> ``"key 'title.es'"``."""
    return f"{what[:-1]}.{key}'"


def _texts(value: object, what: str) -> dict[str, str]:
    if isinstance(value, str):
        value = dict.fromkeys(LANGUAGES, value)
    if not isinstance(value, dict) or not value:
        raise OptionError(
            f"{what}: must be text or a table of texts by language, not {shorten(value)}; "
            f"valid languages: {list(LANGUAGES)}"
        )
    for lang, text in value.items():
        check_choice(lang, LANGUAGES, what=f"{what} language")
        check_text(text, what=_sub(what, lang))
    return dict(value)


def _view(value: object, what: str) -> str | tuple[float, float, float, float]:
    if isinstance(value, list):
        return check_box(value, what=what)
    return str(check_choice(value, [*VIEWS], what=what))


def _years(value: object, what: str) -> tuple[int, ...]:
    years = tuple(sorted(set(check_choices(value, _HOMICIDE, what=what))))
    if len(years) < 2:
        raise OptionError(f"{what}: must be a list of at least two years; valid: {_HOMICIDE}")
    return years


def _compare(value: object, what: str) -> tuple[int, int]:
    if not isinstance(value, list) or len(value) != 2:
        raise OptionError(f"{what}: {shorten(value)} must be [earlier year, later year]")
    first, last = check_years(value, _HOMICIDE, what=f"{what} [earlier year, later year]", count=2)
    return first, last


def _classification(value: object, what: str) -> dict:
    if not isinstance(value, dict):
        raise OptionError(f"{what}: must be a table with scheme and k")
    for key in value:
        check_choice(key, ["scheme", "k"], what=_sub(what, key))
    out = {}
    if "scheme" in value:
        out["scheme"] = check_choice(value["scheme"], SCHEMES, what=_sub(what, "scheme"))
    if "k" in value:
        out["k"] = check_choice(value["k"], CLASS_COUNTS, what=_sub(what, "k"))
    return out


def _layer_years(value: object, what: str) -> dict:
    if not isinstance(value, dict):
        raise OptionError(f"{what}: must be a table; valid: {list(_LAYER_YEARS)}")
    for key, year in value.items():
        check_choice(key, list(_LAYER_YEARS), what=what)
        check_choice(year, _LAYER_YEARS[key], what=_sub(what, key))
    return {"layer_years": dict(value)}


_HOMICIDE = list(TIMELINE)
_LABELS = ["states", "cities", *(e.id for e in CATALOGUE.values() if e.marker)]
_MAX_BYTES = 65_536
# Each key of a recipe and how it is checked: (value, "file: key 'name'") -> field value.
_CHECKS = {
    "title": _texts,
    "subtitle": _texts,
    "layers": lambda v, w: check_choices(v, LAYERS, what=w),
    "lang": lambda v, w: check_choice(v, LANGUAGES, what=w),
    "view": _view,
    "formats": lambda v, w: check_choices(v, FORMATS, what=w),
    "self_contained": lambda v, w: check_choice(v, [True, False], what=w),
    "bands_km": lambda v, w: check_bands(v, what=w),
    "zone_km": lambda v, w: check_number(v, what=w, low=0.1, high=1000),
    "layout": lambda v, w: check_choice(v, ["single", "two-panel"], what=w),
    "inset": lambda v, w: check_box(v, what=w),
    "labels": lambda v, w: () if v == [] else check_choices(v, _LABELS, what=w),
    "year": lambda v, w: check_choice(v, _HOMICIDE, what=w),
    "years": _years,
    "compare": _compare,
    "chart": lambda v, w: check_choice(v, CHARTS, what=w),
}
# A layer's size option ("port_measure") is a recipe key too, with the layer's choices.
_SIZES = {e.size_option: e.size_choices for e in CATALOGUE.values() if e.size_option}
_TABLES = {"classification": _classification, "layer_years": _layer_years}
_KEYS: tuple[str, ...] = (*_CHECKS, *_SIZES, *_TABLES)


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
    if not isinstance(path, str | os.PathLike):
        raise RecipeError(f"a recipe must be a path, not {type(path).__name__}")
    path = Path(path)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise RecipeError(f"{path}: {path.stat().st_size:,} bytes; a recipe is at most 64 KiB")
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RecipeError(f"{path}: cannot be read ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RecipeError(f"{path}: not valid TOML: {exc}") from None
    kwargs: dict = {"path": path}
    sizes: dict[str, str] = {}
    try:
        for key, value in raw.items():
            what = f"key {key!r}"
            if key in _CHECKS:
                kwargs[key] = _CHECKS[key](value, what)
            elif key in _SIZES:
                sizes[key] = check_choice(value, _SIZES[key], what=what)
            elif key in _TABLES:
                kwargs.update(_TABLES[key](value, what))
            else:
                raise _fail(path, key, "unknown key", list(_KEYS))
        recipe = Recipe(**kwargs, sizes=sizes)
        map_spec(recipe)  # the keys together: a year every layer shown has, ...
        _figure(recipe, (1920, 1080), frame=True)
    except OptionError as exc:
        raise RecipeError(f"{path}: {exc}") from None
    return recipe


def find_recipe(name: str | os.PathLike) -> Path:
    """Find a recipe by path, or by name among the recipes of :func:`geo.settings.maps_dir`.

    ``"atlas"`` finds ``maps/atlas.toml``.

    Raises
    ------
    RecipeError
        If neither the path nor a recipe of that name exists; the message lists the names.
    """
    path = Path(name)
    if path.exists():
        return path
    named = settings.maps_dir() / f"{path.name}.toml"
    if path.suffix == "" and path.name == str(name) and named.is_file():
        return named
    names = [p.stem for p in find_recipes(settings.maps_dir())]
    raise RecipeError(f"{name}: no such recipe file; recipes by name: {names}")


def find_recipes(folder: str | os.PathLike) -> list[Path]:
    """Every ``*.toml`` recipe in a folder, sorted by name."""
    return sorted(Path(folder).glob("*.toml"))


def map_spec(recipe: Recipe, *, lang: str | None = None) -> MapSpec:
    """Return what a recipe's map shows, in ``lang`` (the recipe's own by default).

    A recipe's ``year`` sets every layer with a timeline (a layer's nearest edition) unless
    ``[layer_years]`` names that layer; ``compare`` shows each layer's change instead.
    """
    lang = lang or recipe.lang
    choices: dict[str, Any] = {}
    for entry in CATALOGUE.values():
        if entry.years_key in recipe.layer_years:
            choices[entry.option] = recipe.layer_years[entry.years_key]
        elif recipe.year is not None and entry.timeline and entry.id in recipe.layers:
            choices[entry.option] = layer_for_year(entry, recipe.year)
    shown = recipe.layers
    if recipe.compare:  # change maps instead of the layers of one year
        shown = tuple(CATALOGUE[n].change or n for n in shown)
    return MapSpec(
        layers_shown=shown,
        compare=recipe.compare,
        years=recipe.years or None,
        lang=lang,
        title=recipe.title.get(lang),
        subtitle=recipe.subtitle.get(lang, ""),
        view=recipe.view,
        scheme=recipe.scheme,
        k=recipe.k,
        bands_km=recipe.bands_km,
        zone_km=recipe.zone_km,
        **recipe.sizes,
        **choices,
    )


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
    lang = check_choice(lang or recipe.lang, LANGUAGES, what="lang")
    formats = check_choices(formats, FORMATS, what="formats") if formats else recipe.formats
    scale = check_number(scale, what="scale", low=MIN_SCALE, high=MAX_SCALE)
    out_dir = check_output_dir(out_dir)
    inline = recipe.self_contained if self_contained is None else self_contained
    suffix = "" if lang == "en" else f".{lang}"
    written = []
    if "html" in formats:
        m = draw_atlas(build_scene(map_spec(recipe, lang=lang)), basemap=not inline)
        target = Path(out_dir) / f"{recipe.name}{suffix}.html"
        written.append(write_html(m, target, self_contained=inline))
    static = [f for f in formats if f != "html"]
    if static:
        from geo.static import save_figure  # matplotlib only for static output

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
) -> MapFigure:
    """Draw a recipe with the static renderer (see :func:`geo.static.static_map`).

    A recipe with ``years`` (and no ``compare``) is drawn as small multiples of the year
    control of its classed layer: at most four of its years, classed as in the HTML.

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
    from geo.static import draw_small_multiples, static_map

    if recipe.chart:
        return _chart(recipe, lang=lang or recipe.lang, frame=frame, size=size)
    spec = map_spec(recipe, lang=lang)
    figure = _figure(recipe, size, frame=frame)
    timed = [e for e in spec.entries if e.timeline and e.draw == "polygons"]
    if recipe.years and not recipe.compare and timed:
        entry = min(timed, key=lambda e: e.timeline != "exact")  # calendar years first
        if spec.view == "full":  # the layer's own country
            spec = dataclasses.replace(spec, view=entry.country)
        return draw_small_multiples(build_scene(spec), entry.id, None, figure)
    return static_map(spec, figure)


def _chart(recipe: Recipe, *, lang: str, frame: bool, size: tuple[int, int]) -> MapFigure:
    """Draw a recipe's chart (``chart = "crossings"``): the same data as its map, over time."""
    from geo.charts import crossings_chart
    from geo.crossings import crossings_over_time

    return crossings_chart(
        crossings_over_time(),
        lang=lang,
        title=recipe.title.get(lang),
        subtitle=recipe.subtitle.get(lang, ""),
        size=size,
        frame=frame,
    )


def _figure(recipe: Recipe, size: tuple[int, int], *, frame: bool) -> FigureSpec:
    """Return a recipe's static layout."""
    return FigureSpec(
        layout=recipe.layout, inset=recipe.inset, labels=recipe.labels, size=size, frame=frame
    )

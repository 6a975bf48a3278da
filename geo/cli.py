"""The ``ironriver`` command line (also ``python -m geo``)."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import pyproj
import shapely

from geo import __version__, analysis, boundaries, settings
from geo._validate import (
    MAX_SCALE,
    check_choice,
    check_choices,
    check_output_dir,
    check_output_file,
    check_years,
)
from geo.catalogue import CATALOGUE, TIMELINE, LayerEntry
from geo.errors import DataError, GeoError, OptionError
from geo.io import write_layers
from geo.scene import MapSpec

_GEOD = pyproj.Geod(ellps="WGS84")


def _summary(args: argparse.Namespace) -> None:
    """Load every boundary set and print one line per set."""
    rows = [
        ("US states", boundaries.load_us_states(), "usps"),
        ("Mexican states", boundaries.load_mx_states(), "cve_ent"),
        ("national outlines", boundaries.load_countries(), "iso_a3"),
        ("international border", boundaries.load_border(), "name"),
    ]
    print(f"data: {settings.data_dir}")
    print(f"{'layer':<22}{'rows':>5}{'vertices':>10}  {'size':>14}  keys")
    for label, gdf, key in rows:
        projected = gdf.to_crs(settings.area_crs)
        polygonal = projected.geom_type.str.contains("Polygon").all()
        size = (
            f"{projected.area.sum() / 1e6:,.0f} km2"
            if polygonal
            else f"{sum(map(_GEOD.geometry_length, gdf.geometry)) / 1e3:,.0f} km"
        )
        vertices = int(shapely.get_num_coordinates(gdf.geometry.values).sum())
        keys = ", ".join(map(str, gdf[key].head(3))) + (", ..." if len(gdf) > 3 else "")
        print(f"{label:<22}{len(gdf):>5}{vertices:>10,}  {size:>14}  {key}: {keys}")


def _default(entry: LayerEntry) -> Callable[[], Any]:
    """Build a layer of the catalogue for its default year (a map's default)."""
    choice = getattr(MapSpec(), entry.option) if entry.option else None
    return functools.partial(entry.build, choice)


_JOINS: dict[str, tuple[Callable[..., Any], str]] = {
    "port-links": (analysis.link_ports, "each port linked to the nearest US and Mexican state"),
    "corridors": (analysis.corridors, "one row per port with both sides' indicators"),
    "band-shares": (analysis.band_shares, "share of each state's area in each band"),
    "border-pairs": (analysis.border_pairs, "shared border length of neighbouring states"),
    "us-border": (analysis.us_border_relations, "US states: neighbours, ports, distance"),
    "mx-border": (analysis.mx_border_relations, "Mexican states: neighbours, nearest port"),
}
# Every layer of the catalogue but the change layers (which need two years), and the joins.
EXPORTS: dict[str, Callable[..., Any]] = {
    **{e.id: _default(e) for e in CATALOGUE.values() if e.option != "compare"},
    **{name: spec[0] for name, spec in _JOINS.items()},
}


def _layers(args: argparse.Namespace) -> None:
    """Build each layer with a choice of years and print what it shows and cites."""
    for entry in CATALOGUE.values():
        if not entry.years or entry.id not in EXPORTS:  # change layers need two years
            continue
        gdf = EXPORTS[entry.id]()
        a = gdf.attrs
        column = entry.style.column if entry.style else entry.size
        filled = int(gdf[column].notna().sum())
        print(f"{entry.id}: {a['measure']}")
        print(f"  source:  {a['publisher']}, {a['title']}; {a['url']}")
        print(f"  shown:   {a['year']} ({filled} of {len(gdf)} with a figure in {column!r})")
        print(f"  choices: {', '.join(map(str, entry.years))} (option {entry.option})")
        print(f"  caveat:  {a['caveat']}")
    others = [e.id for e in CATALOGUE.values() if not e.years]
    print(f"other layers: {', '.join(others)}")
    print("joins (built from the layers above and the boundaries, default years):")
    for name, (_, text) in _JOINS.items():
        print(f"  {name:<13} {text}")


def _export(args: argparse.Namespace) -> None:
    """Build the named layers and joins and write them to one file."""
    from geo.io import FORMATS

    check_choices(args.names, list(EXPORTS), what="layer")
    output = check_output_file(args.output, suffixes=FORMATS)
    path = write_layers({name: EXPORTS[name]() for name in args.names}, output)
    print(f"wrote {', '.join(args.names)} to {path}")


def _years(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of years like 2015,2024"
        ) from None


def _with_years(recipe, args: argparse.Namespace):
    """Apply --year, --years and --compare to a recipe, validated like the recipe's own keys."""
    import dataclasses

    changes: dict[str, object] = {}
    valid = list(TIMELINE)
    if args.year is not None:
        changes["year"] = check_choice(args.year, valid, what=f"--year {args.year}")
    if args.years is not None:
        years = tuple(sorted(set(check_years(args.years, valid, what=f"--years {args.years}"))))
        if len(years) < 2:
            raise OptionError(f"--years {args.years}: give at least two different years")
        changes["years"] = years
    if args.compare is not None:
        changes["compare"] = check_years(
            args.compare, valid, what=f"--compare {args.compare} (earlier first)", count=2
        )
    if args.port_measure is not None:
        changes["sizes"] = {**recipe.sizes, "port_measure": args.port_measure}
    return dataclasses.replace(recipe, **changes) if changes else recipe


def _render(args: argparse.Namespace) -> None:
    """Render recipes (every one in maps/ by default) to the output folder."""
    from geo.recipes import find_recipe, find_recipes, load_recipe, render_recipe

    paths = [find_recipe(r) for r in args.recipes] or find_recipes(settings.maps_dir())
    if not paths:
        raise DataError(f"no recipes given and none in {settings.maps_dir()}")
    inline = True if args.self_contained else (False if args.online else None)
    formats = args.format.split(",") if args.format else None
    for path in paths:
        recipe = _with_years(load_recipe(path), args)
        for written in render_recipe(
            recipe,
            args.out,
            lang=args.lang,
            self_contained=inline,
            formats=formats,
            scale=args.scale,
        ):
            print(f"{path} -> {written} ({written.stat().st_size / 1e3:,.0f} KB)")


def _deck(args: argparse.Namespace) -> None:
    """Build a briefing deck from recipes."""
    from geo.deck import build_deck
    from geo.recipes import find_recipe, load_recipe

    output = check_output_file(args.output, suffixes={".pptx"})
    recipes = [load_recipe(find_recipe(p)) for p in args.recipes]
    path = build_deck(recipes, output, lang=args.lang)
    slides = len(args.recipes) + 1  # the national picture, then one per recipe
    print(f"wrote {slides} slide(s) to {path} ({path.stat().st_size / 1e3:,.0f} KB)")


def _brief(args: argparse.Namespace) -> None:
    """Render consulate briefings."""
    from geo.briefs import list_offices, render_brief

    names = list_offices() if args.all else args.offices
    if not names:
        raise DataError("name an office (e.g. Phoenix) or pass --all")
    check_output_dir(args.output)
    for name in names:
        for written in render_brief(name, args.output, lang=args.lang):
            print(f"{name} -> {written}")


def _period(text: str) -> tuple[int, int]:
    """Parse ``2002-2003`` (first and last years) or ``2004`` (one year)."""
    try:
        years = [int(part) for part in text.split("-")]
    except ValueError:
        years = []
    if len(years) not in (1, 2):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a year or a range of years like 2002-2003"
        )
    return years[0], years[-1]


def _spillover(args: argparse.Namespace) -> None:
    """Print the 2004 comparison; with --out write it as CSV, or its chart as PNG/SVG/PDF."""
    from geo._io import write_atomic
    from geo.spillover import spillover, spillover_series

    output = None
    if args.out:
        output = check_output_file(args.out, suffixes={".csv", ".png", ".svg", ".pdf"})
    table = spillover(within_km=args.within_km, before=args.before, after=args.after)
    print(_spillover_text(table))
    if output is None:
        return
    if output.suffix.lower() == ".csv":
        path = write_atomic(output, table.to_csv(index=False, lineterminator="\n"))
    else:
        from geo.charts import spillover_chart
        from geo.static import save_figure

        series = spillover_series(within_km=args.within_km)
        path = save_figure(spillover_chart(series, lang=args.lang), output)
    print(f"wrote {path}")


def _signed(value: object, suffix: str = "", decimals: int = 1) -> str:
    return "" if value is None or value != value else f"{value:+,.{decimals}f}{suffix}"


def _spillover_text(table: Any) -> str:
    """Write the comparison as readable lines: the table, what is left out, citations."""
    a = table.attrs
    periods = "-".join(map(str, a["before"])) + " and " + "-".join(map(str, a["after"]))
    lines = [
        f"Homicides a year (mean) in Mexican municipios within {a['within_km']:g} km of the "
        f"border, {periods}",
        f"{'group':<28}{'municipios':>11}{'before':>10}{'after':>10}{'change':>10}"
        f"{'change %':>11}{'log change':>12}",
    ]
    for row in table.to_dict("records"):
        count = row["municipios"]
        lines.append(
            f"{row['group']:<28}{'' if count is None or count != count else count:>11}"
            f"{_signed(row['mean_before'])[1:]:>10}{_signed(row['mean_after'])[1:]:>10}"
            f"{_signed(row['change']):>10}"
            f"{_signed(row['change_pct'], ' pp' if row['group'] == 'difference' else '%'):>11}"
            f"{_signed(row['log_change'], '', 3):>12}"
        )
    for entry in a["excluded"]:
        counts = ", ".join(f"{y}: {n}" for y, n in entry["homicides"].items())
        lines.append(f"not placed (no polygon): {entry['cvegeo']} {entry['name']} ({counts})")
    lines += [a["what"], f"design: {a['citation']}", f"data: {a['credit']}"]
    return "\n".join(lines)


def _context(args: argparse.Namespace) -> None:
    """Print the national figures; with --out write them as CSV, or the homicides chart."""
    from geo._io import write_atomic
    from geo.context import national_context, national_homicides

    output = None
    if args.out:
        output = check_output_file(args.out, suffixes={".csv", ".png", ".svg", ".pdf"})
    table = national_context(lang=args.lang)
    for row in table.to_dict("records"):
        print(f"{row['figure']}, {row['period']}: {row['value_text']}")
        print(f"    {row['source']}")
    if output is None:
        return
    if output.suffix.lower() == ".csv":
        path = write_atomic(output, table.to_csv(index=False, lineterminator="\n"))
    else:
        from geo.charts import national_homicides_chart
        from geo.static import save_figure

        chart = national_homicides_chart(national_homicides(), lang=args.lang)
        path = save_figure(chart, output)
    print(f"wrote {path}")


class _Parser(argparse.ArgumentParser):
    """Argument errors as one line, like every other error of the command."""

    def error(self, message: str) -> NoReturn:
        """Print ``ironriver: error: ...`` with a hint, and exit with status 2."""
        self.exit(2, f"ironriver: error: {message} (see '{self.prog} --help')\n")


def _add_spillover(commands: Any) -> None:
    """Add ``ironriver spillover``: its options and what they default to."""
    spill = commands.add_parser(
        "spillover",
        help="homicides near CA vs TX/AZ/NM ports before and after 2004 (raw counts)",
    )
    spill.add_argument(
        "--within-km", type=float, default=100, help="distance to the border (default: 100)"
    )
    spill.add_argument("--before", type=_period, default=(2002, 2003), help="default: 2002-2003")
    spill.add_argument("--after", type=_period, default=(2005, 2006), help="default: 2005-2006")
    spill.add_argument("--lang", choices=["en", "es"], default="en", help="language of a chart")
    spill.add_argument("--out", help="a .csv (the table) or .png, .svg, .pdf (the chart)")
    spill.set_defaults(run=_spillover)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``ironriver`` command.

    Returns
    -------
    argparse.ArgumentParser
        The parser, with one sub-command per task.
    """
    parser = _Parser(
        prog="ironriver", description="Iron River Atlas: US guns, border ports, Mexican homicides."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="load and validate the layers, print a summary")
    summary.set_defaults(run=_summary)
    listing = commands.add_parser("layers", help="list the thematic layers: measure, source, years")
    listing.set_defaults(run=_layers)
    render = commands.add_parser("render", help="render map recipes (default: every one in maps/)")
    render.add_argument(
        "recipes", nargs="*", metavar="RECIPE", help="recipe .toml files or names (atlas, border)"
    )
    render.add_argument("--out", default="out", help="output folder (default: out)")
    render.add_argument("--lang", choices=["en", "es"], help="language (default: the recipe's)")
    render.add_argument(
        "--format", help="comma-separated formats: html,png,svg,pdf (default: the recipe's)"
    )
    render.add_argument(
        "--scale", type=float, default=1, help=f"PNG pixel scale, up to {MAX_SCALE} (2 for 2x)"
    )
    render.add_argument("--year", type=int, help="year shown (homicides; nearest Giffords edition)")
    render.add_argument(
        "--years",
        type=_years,
        help="e.g. 2015,2019,2024: a year control in HTML, small multiples in PNG/SVG/PDF",
    )
    render.add_argument("--compare", type=_years, help="e.g. 2015,2024: change maps")
    render.add_argument(
        "--port-measure",
        choices=[
            c for e in CATALOGUE.values() if e.size_option == "port_measure" for c in e.size_choices
        ],
        help="what sizes the ports (default: the recipe's, else personal_vehicles)",
    )
    mode = render.add_mutually_exclusive_group()
    mode.add_argument(
        "--self-contained",
        action="store_true",
        help="inline every asset: the page opens with no network",
    )
    mode.add_argument(
        "--online", action="store_true", help="load Leaflet from its CDN and add a light basemap"
    )
    render.set_defaults(run=_render)
    deck = commands.add_parser("deck", help="one 16:9 PowerPoint slide per recipe")
    deck.add_argument("recipes", nargs="+", metavar="RECIPE", help="recipe .toml files or names")
    deck.add_argument("-o", "--output", required=True, help="the .pptx file")
    deck.add_argument("--lang", choices=["en", "es"], help="language (default: each recipe's)")
    deck.set_defaults(run=_deck)
    brief = commands.add_parser("brief", help="briefing for a Mexican consulate: map and summary")
    brief.add_argument(
        "offices", nargs="*", metavar="OFFICE", help='office or city, e.g. "Phoenix"'
    )
    brief.add_argument("--all", action="store_true", help="every office (53)")
    brief.add_argument("-o", "--output", default="out", help="output folder (default: out)")
    brief.add_argument("--lang", choices=["en", "es"], default="en", help="language")
    brief.set_defaults(run=_brief)
    export = commands.add_parser(
        "export", help="write layers and joins to .gpkg, .geojson, .csv or .parquet"
    )
    export.add_argument("names", nargs="+", metavar="NAME", help=", ".join(EXPORTS))
    export.add_argument("-o", "--output", required=True, help="file; its suffix picks the format")
    export.set_defaults(run=_export)
    _add_spillover(commands)
    context = commands.add_parser(
        "context", help="national figures: traced guns, licensees, homicides, with sources"
    )
    context.add_argument("--lang", choices=["en", "es"], default="en", help="language")
    context.add_argument("--out", help="a .csv (the table) or .png, .svg, .pdf (homicides chart)")
    context.set_defaults(run=_context)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        Exit status: 0 on success, 2 on bad input data, options or output paths.
    """
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except GeoError as exc:
        print(f"ironriver: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader of our output stopped (`ironriver layers | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0

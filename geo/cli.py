"""The ``ironriver`` command line (also ``python -m geo``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import pyproj
import shapely

from geo import boundaries, layers, settings
from geo.errors import DataError

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


_LAYERS = {
    "gun_laws": (layers.gun_law_layer, "grade", "editions", layers.GUN_LAW_EDITIONS),
    "dealers": (layers.dealer_layer, "licensees_per_100k", "years", layers.DEALER_YEARS),
    "ports": (layers.port_layer, "personal_vehicles", "periods", layers.PORT_PERIODS),
    "homicides": (layers.homicide_layer, "rate_per_100k", "years", layers.HOMICIDE_YEARS),
}


def _layers(args: argparse.Namespace) -> None:
    """Build each thematic layer with its defaults and print what it shows and cites."""
    for name, (build, column, kind, choices) in _LAYERS.items():
        gdf = build()
        a = gdf.attrs
        filled = int(gdf[column].notna().sum())
        print(f"{name}: {a['measure']}")
        print(f"  source:  {a['publisher']}, {a['title']}; {a['url']}")
        print(f"  shown:   {a['year']} ({filled} of {len(gdf)} with a figure in {column!r})")
        print(f"  {kind + ':':<8} {', '.join(map(str, choices))}")
        print(f"  caveat:  {a['caveat']}")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``ironriver`` command.

    Returns
    -------
    argparse.ArgumentParser
        The parser, with one sub-command per task.
    """
    parser = argparse.ArgumentParser(
        prog="ironriver", description="Iron River Atlas: US guns, border ports, Mexican homicides."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="load and validate the layers, print a summary")
    summary.set_defaults(run=_summary)
    listing = commands.add_parser("layers", help="list the thematic layers: measure, source, years")
    listing.set_defaults(run=_layers)
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
        Exit status: 0 on success, 2 on bad input data.
    """
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except DataError as exc:
        print(f"ironriver: error: {exc}", file=sys.stderr)
        return 2
    return 0

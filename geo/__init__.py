"""Iron River Atlas: where guns are bought in the US, where they cross, where they kill in Mexico.

The public API is re-exported here; see the topic modules for details.
"""

from geo import settings
from geo.analysis import (
    band_shares,
    border_bands,
    border_pairs,
    corridors,
    link_ports,
    mx_border_relations,
    us_border_relations,
)
from geo.boundaries import (
    load_border,
    load_countries,
    load_mx_municipios,
    load_mx_states,
    load_places,
    load_us_counties,
    load_us_states,
)
from geo.context import national_context
from geo.crossings import read_bts_annual, read_bts_crossings
from geo.errors import DataError, GeoError, OptionError, OutputError, RecipeError
from geo.indicators import load_indicator
from geo.joins import count_points, join_table, load_states
from geo.layers import GRADES, dealer_layer, gun_law_layer, homicide_layer, port_layer
from geo.names import UnknownNameError, fold_name, match_states
from geo.proximity import across_the_line, border_distance, dealers_by_band

__version__ = "0.1.0"

__all__ = [
    "GRADES",
    "DataError",
    "GeoError",
    "OptionError",
    "OutputError",
    "RecipeError",
    "UnknownNameError",
    "__version__",
    "across_the_line",
    "band_shares",
    "border_bands",
    "border_distance",
    "border_pairs",
    "corridors",
    "count_points",
    "dealer_layer",
    "dealers_by_band",
    "fold_name",
    "gun_law_layer",
    "homicide_layer",
    "join_table",
    "link_ports",
    "load_border",
    "load_countries",
    "load_indicator",
    "load_mx_municipios",
    "load_mx_states",
    "load_places",
    "load_states",
    "load_us_counties",
    "load_us_states",
    "match_states",
    "mx_border_relations",
    "national_context",
    "port_layer",
    "read_bts_annual",
    "read_bts_crossings",
    "settings",
    "us_border_relations",
]

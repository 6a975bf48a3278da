"""Iron River Atlas: where guns are bought in the US, where they cross, where they kill in Mexico.

The public API is re-exported here; see the topic modules for details.
"""

from geo import settings
from geo.boundaries import load_border, load_countries, load_mx_states, load_us_states
from geo.crossings import read_bts_crossings
from geo.errors import DataError
from geo.indicators import load_indicator
from geo.layers import GRADES, dealer_layer, gun_law_layer, homicide_layer, port_layer
from geo.names import UnknownNameError, fold_name, match_states

__version__ = "0.1.0"

__all__ = [
    "GRADES",
    "DataError",
    "UnknownNameError",
    "__version__",
    "dealer_layer",
    "fold_name",
    "gun_law_layer",
    "homicide_layer",
    "load_border",
    "load_countries",
    "load_indicator",
    "load_mx_states",
    "load_us_states",
    "match_states",
    "port_layer",
    "read_bts_crossings",
    "settings",
]

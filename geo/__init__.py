"""Iron River Atlas: where guns are bought in the US, where they cross, where they kill in Mexico.

The public API is re-exported here; see the topic modules for details.
"""

from geo import settings
from geo.boundaries import load_border, load_countries, load_mx_states, load_us_states
from geo.errors import DataError
from geo.names import UnknownNameError, fold_name, match_states

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "UnknownNameError",
    "__version__",
    "fold_name",
    "load_border",
    "load_countries",
    "load_mx_states",
    "load_us_states",
    "match_states",
    "settings",
]

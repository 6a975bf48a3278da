"""The exceptions the package raises on purpose; every one derives from :class:`GeoError`.

::

    GeoError                        anything the package rejects (catch this one)
    ├── DataError (ValueError)      an input file, table or value is unreadable or invalid
    │   ├── UnknownNameError        state names or codes that match nothing, or both countries
    │   └── RecipeError             a recipe file is missing, not TOML, or has a bad key
    ├── OptionError (ValueError)    a function or command-line option is not an allowed value
    └── OutputError (OSError)       an output file or folder cannot be written

Each message names the file (or table), and where it can the line, the column or the key,
and what is allowed.
"""

from __future__ import annotations


class GeoError(Exception):
    """Base class of every error raised by the package for bad input or options."""


class DataError(GeoError, ValueError):
    """A data file or table is missing, unreadable or fails validation.

    The message names the file (or table), and where it can, the row and the column.
    """


class RecipeError(DataError):
    """A recipe file is missing, not TOML, or has a bad key or value."""


class OptionError(GeoError, ValueError):
    """An option (a keyword argument or a command-line flag) is not one of its allowed values."""


class OutputError(GeoError, OSError):
    """An output file or folder cannot be written (a file in the way, no permission, ...)."""

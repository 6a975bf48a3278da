"""Exceptions raised for bad input data."""

from __future__ import annotations


class DataError(ValueError):
    """A data file or table is missing, unreadable or fails validation.

    The message names the file (or table), and where it can, the row and the column.
    """

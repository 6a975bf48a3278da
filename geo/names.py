"""One name matcher for the states of both countries.

Every join on a state name or code goes through :func:`match_states`: accents, case,
punctuation and spacing are folded, official and common names, postal codes, FIPS and INEGI
codes and the usual aliases ("CDMX", "Distrito Federal", "Edomex", "Washington, D.C.") are
recognised, and anything else is an error that lists every unmatched value with the closest
known names. Nothing is dropped silently.
"""

from __future__ import annotations

import difflib
import functools
import math
import numbers
import re
import unicodedata
from collections.abc import Hashable, Iterable
from typing import Literal

import numpy as np
import pandas as pd

from geo._catalogue import MX_ALIASES, MX_STATES, US_ALIASES, US_STATES
from geo.errors import DataError, OptionError

__all__ = ["Country", "UnknownNameError", "fold_name", "match_states"]

Country = Literal["us", "mx"]
_COUNTRY_LABEL = {"us": "US state", "mx": "Mexican state"}
_SHOWN = 60  # characters of an unmatched value quoted in an error message


class UnknownNameError(DataError):
    """Raised when state names or codes cannot be matched.

    Attributes
    ----------
    unmatched : dict
        Every value that matched nothing, mapped to up to three closest known names.
    ambiguous : dict
        Every value that matched states in both countries, mapped to those states.
    """

    def __init__(
        self,
        unmatched: dict[Hashable, list[str]],
        ambiguous: dict[Hashable, list[str]],
        *,
        country: Country | None,
        where: str = "",
    ) -> None:
        self.unmatched = unmatched
        self.ambiguous = ambiguous
        what = _COUNTRY_LABEL.get(country, "state") if country else "state"
        lines = []
        if unmatched:
            lines.append(
                f"{len(unmatched)} value(s) not recognised as a {what} name or code{where}:"
            )
            for value, close in unmatched.items():
                if _as_text(value) is None:
                    hint = "missing or not a name"
                else:
                    hint = f"closest: {', '.join(close)}" if close else "no close match"
                lines.append(f"  {_shorten(value)} ({hint})")
        if ambiguous:
            lines.append(f"{len(ambiguous)} value(s) name states in both countries{where}:")
            for value, states in ambiguous.items():
                lines.append(f"  {_shorten(value)} could be {' or '.join(states)}")
            lines.append("  pass country='us' or country='mx'")
        super().__init__("\n".join(lines))


class _NotAName:
    """Stands for a cell that cannot be a name (a dict, a list): shown by its type."""

    def __init__(self, value: object) -> None:
        self.kind = type(value).__name__

    def __repr__(self) -> str:
        return f"<{self.kind}>"


def _hashable(value: object) -> object:
    try:
        hash(value)
    except TypeError:
        return _NotAName(value)
    return value


def _shorten(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 5] + "...'"


def fold_name(text: str) -> str:
    """Fold a name for matching: strip accents, fold case, drop dots, squeeze punctuation.

    Parameters
    ----------
    text : str
        A state name, alias or code.

    Returns
    -------
    str
        The folded key, e.g. ``"Michoacán de Ocampo"`` -> ``"michoacan de ocampo"`` and
        ``"Washington, D.C."`` -> ``"washington dc"``.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    bare = bare.replace(".", "").replace("\u02bb", "").replace("'", "")
    return " ".join(re.split(r"[\W_]+", bare)).strip()


@functools.cache
def _index() -> tuple[dict[str, frozenset[tuple[str, str]]], dict[tuple[str, str], str]]:
    """Folded name or code -> {(country, key)}, and (country, key) -> display name."""
    entries: dict[str, set[tuple[str, str]]] = {}
    display: dict[tuple[str, str], str] = {}

    def add(country: str, key: str, *names: str) -> None:
        for name in names:
            entries.setdefault(fold_name(name), set()).add((country, key))

    for fips, usps, name in US_STATES:
        display["us", usps] = name
        add("us", usps, fips, usps, name, *US_ALIASES.get(usps, ()))
    for cve, name, official, abbrev in MX_STATES:
        display["mx", cve] = name
        add("mx", cve, cve, abbrev, name, official, *MX_ALIASES.get(cve, ()))
    return {k: frozenset(v) for k, v in entries.items()}, display


def _as_text(value: object) -> str | None:
    """Return a matchable string for a cell, or None when the cell is missing or not a name."""
    if isinstance(value, bool | np.bool_) or value is None:
        return None
    if isinstance(value, numbers.Integral):  # int, numpy integers
        value = int(value)
        return f"{value:02d}" if 0 <= value < 100 else str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return f"{int(value):02d}" if value.is_integer() and 0 <= value < 100 else str(value)
    if isinstance(value, str):
        text = value.strip()
        return f"0{text}" if len(text) == 1 and text.isdigit() else text
    return None


def _candidates(value: object, country: Country | None) -> frozenset[tuple[str, str]]:
    text = _as_text(value)
    if text is None:
        return frozenset()
    found = _index()[0].get(fold_name(text), frozenset())
    return frozenset(c for c in found if country is None or c[0] == country)


def _closest(value: object, country: Country | None) -> list[str]:
    text = _as_text(value)
    if not text:
        return []
    entries, display = _index()
    names = {
        fold_name(display[c]): display[c] for c in display if country is None or c[0] == country
    }
    folded = fold_name(text)
    close = difflib.get_close_matches(folded, list(names), n=3, cutoff=0.6)
    # An alias or code that is close counts too ("Edomx" -> "Edomex" -> México).
    for alias in difflib.get_close_matches(folded, list(entries), n=3, cutoff=0.75):
        for c in sorted(entries[alias]):
            if country is None or c[0] == country:
                close.append(fold_name(display[c]))
    return list(dict.fromkeys(names[c] for c in close))[:3]


def match_states(
    values: Iterable[object],
    *,
    country: Country | None = None,
    where: str = "",
) -> pd.DataFrame:
    """Match state names or codes of either country to their canonical keys.

    Parameters
    ----------
    values : iterable
        Names, aliases or codes: "Coahuila de Zaragoza", "CDMX", "tx", "06", 6, ...
        A pandas Series keeps its index in the result.
    country : {"us", "mx"}, optional
        Restrict matching to one country. Needed for numeric codes, which exist in both
        (FIPS "06" is California, CVE_ENT "06" is Colima).
    where : str, optional
        Context appended to error messages, e.g. ``" in column 'estado' of data.csv"``.

    Returns
    -------
    pandas.DataFrame
        One row per value, same index, with columns ``country`` ("us" or "mx"), ``key``
        (USPS code for US states, two-digit ``cve_ent`` for Mexican states) and ``name``
        (the canonical short name).

    Raises
    ------
    UnknownNameError
        If any value is missing, unknown, or names states in both countries. The error lists
        every such value with the closest known names.
    """
    if country not in (None, "us", "mx"):
        raise OptionError(f"country must be 'us', 'mx' or None, not {_shorten(country)}")
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise OptionError(f"values must be a list or Series of names, not {_shorten(values)}")
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    series = pd.Series([_hashable(v) for v in series], index=series.index, dtype=object)
    _, display = _index()
    found: dict[tuple[type, object], tuple[str, str]] = {}
    unmatched: dict[Hashable, list[str]] = {}
    ambiguous: dict[Hashable, list[str]] = {}
    # Keyed by type too: True == 1 and 6.0 == 6, but each is read as it would be alone.
    for kind, value in dict.fromkeys((type(v), v) for v in series):
        cands = _candidates(value, country)
        if len(cands) == 1:
            found[kind, value] = next(iter(cands))
        elif cands:
            ambiguous[value] = [f"{c.upper()} {display[c, k]}" for c, k in sorted(cands)]
        else:
            unmatched[value] = _closest(value, country)
    if unmatched or ambiguous:
        raise UnknownNameError(unmatched, ambiguous, country=country, where=where)
    pairs = [found[type(v), v] for v in series]
    return pd.DataFrame(
        {
            "country": [c for c, _ in pairs],
            "key": [k for _, k in pairs],
            "name": [display[p] for p in pairs],
        },
        index=series.index,
    )

"""One place for checking options: choices, numbers, texts, years and output paths.

Every check raises :class:`geo.errors.OptionError` (or :class:`~geo.errors.OutputError` for
paths) with a one-line message that names the option, the value and what is allowed. Recipes
and the command line call the same checks and add their file or flag to the message.
"""

from __future__ import annotations

import math
import numbers
import os
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from geo import settings
from geo.errors import OptionError, OutputError

T = TypeVar("T")

MAX_TITLE = 300  # characters of a title or subtitle: a map heading, not a document
MAX_SCALE = 4  # pixel scale of a PNG: 7680x4320 for a 1920x1080 map, beyond any screen
MIN_SCALE = 0.25  # 480x270: smaller is no map
_SHOWN = 60  # characters of a bad value quoted in a message


def shorten(value: object) -> str:
    """Quote a value for a message, cut to a readable length."""
    text = repr(value)
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN - 5]}...{text[-1]}"


def check_choice(value: T, choices: Iterable[object], *, what: str) -> T:
    """Return ``value`` if it is one of ``choices`` with the same type (2.0 is not 2, True not 1).

    Raises
    ------
    OptionError
        Naming ``what``, the value and the choices.
    """
    allowed = list(choices)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = int(value)  # type: ignore[assignment]  # numpy integers are whole numbers too
    for choice in allowed:
        if type(value) is type(choice) and value == choice:
            return value
    raise OptionError(f"{what}: {shorten(value)} is not allowed; valid: {allowed}")


def check_choices(values: object, choices: Collection[object], *, what: str) -> tuple:
    """Check a non-empty list of choices (a lone string is not a list of strings)."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise OptionError(f"{what}: {shorten(values)} must be a list; valid: {list(choices)}")
    checked = tuple(check_choice(v, choices, what=what) for v in values)
    if not checked:
        raise OptionError(f"{what}: the list is empty; valid: {list(choices)}")
    return checked


def check_number(value: object, *, what: str, low: float, high: float) -> float:
    """Return a finite number with ``low <= value <= high`` (booleans are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise OptionError(f"{what}: {shorten(value)} is not a number; allowed: {low:g} to {high:g}")
    number = float(value)
    if not (math.isfinite(number) and low <= number <= high):
        raise OptionError(f"{what}: {shorten(value)} is out of range; allowed: {low:g} to {high:g}")
    return number


def check_whole(value: object, *, what: str, low: int, high: int) -> int:
    """Return a whole number (an ``int``, not a bool or float) with ``low <= value <= high``."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise OptionError(f"{what}: {shorten(value)} is not allowed; a whole number {low}-{high}")
    return value


def check_text(value: object, *, what: str, limit: int = MAX_TITLE) -> str:
    """Return one line of printable text of at most ``limit`` characters.

    Text is shown as it is (escaped where it lands); control characters and line breaks,
    which no map heading needs and some outputs cannot hold, are refused.
    """
    if not isinstance(value, str):
        raise OptionError(f"{what}: {shorten(value)} is not text")
    if len(value) > limit:
        raise OptionError(f"{what}: {len(value):,} characters; at most {limit} are allowed")
    bad = next((ch for ch in value if _not_text(ch)), None)
    if bad is not None:
        raise OptionError(
            f"{what}: control character {bad!r} at position {value.index(bad)}; "
            "only printable one-line text is allowed"
        )
    return value


def _not_text(ch: str) -> bool:
    """Control characters, line and paragraph separators, surrogates, noncharacters (U+FFFE).

    No XML or slide holds the first and last; a separator would break a one-line title.
    """
    code = ord(ch)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE
    return noncharacter or unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


def check_box(value: object, *, what: str) -> tuple[float, float, float, float]:
    """Return ``(west, south, east, north)`` in degrees, west < east and south < north."""
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) != 4:
        raise OptionError(f"{what}: {shorten(value)} is not a box [west, south, east, north]")
    west, south, east, north = (check_number(v, what=what, low=-180, high=180) for v in value)
    if not (west < east and -90 <= south < north <= 90):
        raise OptionError(
            f"{what}: {list(value)} is not a box in degrees [west, south, east, north] "
            "with west < east and -90 <= south < north <= 90"
        )
    return west, south, east, north


def check_bands(value: object, *, what: str) -> tuple[float, ...]:
    """Return band widths in km: a non-empty list of numbers from 0.1 to 1000."""
    if isinstance(value, str) or not isinstance(value, Sequence) or not value:
        raise OptionError(f"{what}: {shorten(value)} must be a list of km, 0.1 to 1000")
    return tuple(check_number(km, what=what, low=0.1, high=1000) for km in value)


def check_years(
    values: object, choices: Sequence[int], *, what: str, count: int | None = None
) -> tuple[int, ...]:
    """Check whole years among ``choices``; ``count`` asks for exactly that many, ascending."""
    years = check_choices(values, choices, what=what)
    if count is not None and (len(years) != count or list(years) != sorted(set(years))):
        raise OptionError(
            f"{what}: {list(years)} must be {count} different years, earlier first; "
            f"allowed: {choices[0]}-{choices[-1]}"
        )
    return years


def refusal(path: Path, *, data_folder: bool = False) -> str | None:
    """Why the package refuses to write ``path``: a read-only file, or the bundled data.

    ``data_folder`` allows writing inside :data:`geo.settings.data_dir` (the build tools).
    """
    if path.is_file() and not path.stat().st_mode & 0o222:
        return f"{path} is read-only"
    if not data_folder and path.resolve().is_relative_to(Path(settings.data_dir).resolve()):
        return f"it is inside the data folder {settings.data_dir}"
    return None


def writable_problem(path: Path) -> str | None:
    """Why a file could not be created at ``path``, or None if it looks possible."""
    return refusal(path) or folder_problem(path)


def folder_problem(path: Path) -> str | None:
    """Why the folder of ``path`` cannot hold a new file: a file in the way, no permission."""
    for parent in (path.parent, *path.parent.parents):
        if parent.exists():
            if not parent.is_dir():
                return f"{parent} is a file, not a folder"
            if not os.access(parent, os.W_OK | os.X_OK):
                return f"no permission to write in {parent}"
            return None
    return None  # pragma: no cover - the root always exists


def check_output_dir(path: str | os.PathLike) -> Path:
    """Check that ``path`` is, or can be created as, a writable folder."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"output folder {folder}: it is a file; give a folder")
    problem = writable_problem(folder / "x")
    if problem:
        raise OutputError(f"output folder {folder}: {problem}")
    return folder


def check_output_file(path: str | os.PathLike, *, suffixes: Collection[str]) -> Path:
    """Check an output file's suffix and that it can be written (no folder in the way)."""
    target = Path(path)
    if target.suffix.lower() not in suffixes:
        raise OptionError(
            f"output file {target}: suffix {target.suffix or '(none)'!r} is not allowed; "
            f"use one of {sorted(suffixes)}"
        )
    if target.is_dir():
        raise OutputError(f"output file {target}: it is a folder; give a file name")
    problem = writable_problem(target)
    if problem:
        raise OutputError(f"output file {target}: {problem}")
    return target

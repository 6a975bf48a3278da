"""How a text file is encoded, decided from all of its bytes; gzip opened transparently.

Part of the one reader (:mod:`geo._read`): UTF-8 with or without a byte-order mark, UTF-16
with its mark, else cp1252 (Latin-1 where cp1252 leaves a byte undefined). A file that mixes
encodings, NUL bytes and a damaged gzip file are :class:`geo.errors.DataError` naming the
byte and its line.
"""

from __future__ import annotations

import codecs
import gzip
import os
import re
from pathlib import Path
from typing import BinaryIO

from geo.errors import DataError

_BLOCK = 1 << 20
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_UTF8_ACCENT = re.compile(rb"\xc3[\x80-\xbf]")  # a Latin letter with an accent, in UTF-8


def open_bytes(path: Path) -> BinaryIO:
    """Open a file for reading bytes, decompressing it when it is gzip (``.csv.gz``)."""
    fh = path.open("rb")
    if fh.read(2) == b"\x1f\x8b":
        fh.close()
        return gzip.open(path, "rb")  # type: ignore[return-value]
    fh.seek(0)
    return fh


def _line_of(path: Path, offset: int) -> int:
    """Line number (1-based) of a byte offset of a file."""
    lines, done = 1, 0
    with open_bytes(path) as fh:
        while done < offset:
            block = fh.read(min(_BLOCK, offset - done))
            if not block:
                break
            lines += block.count(b"\n")
            done += len(block)
    return lines


def sniff_encoding(path: str | os.PathLike, *, label: str | None = None) -> str:
    """Decide a text file's encoding from all of its bytes, reading it in blocks.

    UTF-16 needs its byte-order mark. A file that is valid UTF-8 everywhere is UTF-8; any
    other file is cp1252 (Latin-1 where it uses a byte cp1252 leaves undefined). A UTF-8
    byte-order mark followed by bytes that are not UTF-8, and NUL bytes (UTF-16 without a
    mark, or not text at all), are errors naming the byte and its line.

    Returns
    -------
    str
        A Python codec name: ``"utf-16"``, ``"utf-8-sig"``, ``"cp1252"`` or ``"latin-1"``.
    """
    path = Path(path)
    label = label or str(path)
    try:
        fh = open_bytes(path)
    except OSError as exc:
        raise DataError(f"{label}: cannot be read ({exc.strerror})") from None
    try:
        return _sniff(fh, path, label)
    except (OSError, EOFError) as exc:  # a gzip file cut short or damaged
        raise DataError(f"{label}: not a complete gzip file ({exc})") from None
    finally:
        fh.close()


def _sniff(fh: BinaryIO, path: Path, label: str) -> str:
    with fh:
        head = fh.read(4)
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
        fh.seek(0)
        if _is_utf8(fh, path, label, bom=head[:3] == codecs.BOM_UTF8):
            return "utf-8-sig"
        fh.seek(0)  # not UTF-8: cp1252, unless it uses a byte that cp1252 leaves undefined
        while block := fh.read(_BLOCK):
            if _CP1252_UNDEFINED.search(block):
                return "latin-1"
    return "cp1252"


def _mixed(path: Path, label: str, where: int) -> DataError:
    return DataError(
        f"{label}: byte {where:,} (line {_line_of(path, where)}) is not UTF-8 but other lines "
        "are: the file mixes encodings; save it again as UTF-8"
    )


def _is_utf8(fh: BinaryIO, path: Path, label: str, *, bom: bool) -> bool:
    """Read every block: NUL bytes are errors, and so is a file that mixes UTF-8 and another.

    Mixed: a UTF-8 byte-order mark, or UTF-8 accented letters (``é`` as two bytes), in a file
    with bytes that are not UTF-8: read as cp1252, the UTF-8 letters would be garbled.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, utf8, accents, failed = 0, True, False, -1
    while block := fh.read(_BLOCK):
        nul = block.find(b"\x00")
        if nul >= 0:
            raise DataError(
                f"{label}: NUL byte at byte {offset + nul:,} (line "
                f"{_line_of(path, offset + nul)}): UTF-16 without a byte-order mark, or not "
                "a text file; save it as UTF-8"
            )
        if utf8:
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                where = offset + exc.start
                if bom:
                    raise DataError(
                        f"{label}: starts with a UTF-8 byte-order mark but byte {where:,} "
                        f"(line {_line_of(path, where)}) is not UTF-8: the file mixes "
                        "encodings; save it again as UTF-8"
                    ) from None
                utf8, failed = False, where
        accents = accents or _UTF8_ACCENT.search(block) is not None
        if not utf8 and accents:
            raise _mixed(path, label, failed)
        offset += len(block)
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            if bom:
                raise DataError(
                    f"{label}: starts with a UTF-8 byte-order mark but ends inside a "
                    "character that is not complete UTF-8 (a cut file?); save it again"
                ) from None
            utf8 = False
    return utf8

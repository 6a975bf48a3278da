"""Private file helpers: atomic writes; a path that cannot be written is an OutputError."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from geo._validate import folder_problem, refusal
from geo.errors import OutputError


@contextlib.contextmanager
def _output(path: Path) -> Iterator[None]:
    """Turn the OS's refusal to write ``path`` into an :class:`OutputError` naming it."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, OutputError):
            raise
        reason = folder_problem(path) or exc.strerror or str(exc)
        raise OutputError(f"{path}: cannot be written ({reason})") from None


def _refuse(path: Path, *, data_folder: bool) -> None:
    """Refuse a read-only file (a rename would replace it) and, unless asked, the bundled data."""
    problem = refusal(path, data_folder=data_folder)
    if problem:
        raise OutputError(f"{path}: cannot be written ({problem})")


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, *, data_folder: bool = False
) -> Path:
    r"""Write ``data`` to ``path`` through a temporary file and a rename.

    An interrupted run leaves the previous file intact, never a half-written one.

    Parameters
    ----------
    path : str or os.PathLike
        Destination file; its folder is created if needed.
    data : str or bytes
        Content; text is encoded as UTF-8 with ``\\n`` line ends.
    data_folder : bool, default False
        Allow writing inside :data:`geo.settings.data_dir` (the build tools do; nothing
        else may overwrite the bundled data).

    Returns
    -------
    pathlib.Path
        The destination path.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    _refuse(path, data_folder=data_folder)
    with _output(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return path


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one rename.

    For writers that need a file name (GDAL, Parquet) rather than bytes.
    """
    path = Path(path)
    _refuse(path, data_folder=False)
    with _output(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        Path(tmp).unlink()  # writers create the file themselves
    try:
        yield Path(tmp)
        with _output(path):
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)

"""Atomic writes for exports: an analyst's file is either the old one or the new one, never a
half-written mix.

Every export writes into a temporary file in the target's own directory (so the final
:func:`os.replace` is a rename within one file system, atomic on POSIX and Windows) and renames
it over the target only once everything was written. On any error the temporary file is
removed and an existing target is left untouched. :func:`atomic_paths` does the same for a set
of files (the Parquet tables): all are written first, then all are renamed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

__all__ = ["atomic_paths", "atomic_text"]


def _file_mode(target: Path) -> int:
    """The permissions the new file gets: the replaced file's, else what the umask allows."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _temporary(target: Path) -> Path:
    """A fresh, empty temporary file beside ``target`` (hidden, named after it)."""
    if target.is_dir():
        raise ValueError(f"{target} is a directory, not a file")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(name)


@contextlib.contextmanager
def atomic_paths(targets: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary paths to write ``targets`` to; on a clean exit each replaces its target.

    The caller writes every temporary path (a library may reopen it by name, as pyarrow
    does); if anything raises, every temporary file is deleted and no target changes.
    """
    temps: list[Path] = []
    try:
        for target in targets:
            temps.append(_temporary(Path(target)))
        yield temps
        for temp, target in zip(temps, targets, strict=True):
            os.chmod(temp, _file_mode(Path(target)))
        for temp, target in zip(temps, targets, strict=True):
            os.replace(temp, target)
    except BaseException:
        for temp in temps:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
        raise


@contextlib.contextmanager
def atomic_text(target: Path, newline: str | None = None) -> Iterator[TextIO]:
    """A UTF-8 text file to write ``target``'s new content into; renamed over it on success.

    ``newline`` is passed to :func:`open` (the csv module wants ``""``).
    """
    with atomic_paths([Path(target)]) as (temp,), open(
        temp, "w", encoding="utf-8", newline=newline
    ) as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())

"""Durable files in the output directory: the TriG dump's temporary file and fsync.

A dump is written to a temporary ``.graph.trig.*.tmp`` beside ``graph.trig``
and renamed over it only once it is on disk, so a reader never sees half a dump.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

DUMP_NAME = "graph.trig"
_DUMP_TMP_PREFIX = ".graph.trig."


@contextmanager
def _dump_file(out_dir: Path):
    """(binary file, path) of a new temporary dump, on disk (fsync) when the
    block ends; removed if the block fails."""
    fd, tmp = _mkstemp(out_dir, _DUMP_TMP_PREFIX, ".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh, tmp
            _fsync_file(fh)
    except BaseException:
        os.unlink(tmp)
        raise


def _fsync_file(fh) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def _mkstemp(directory: Path, prefix: str, suffix: str) -> tuple[int, str]:
    import tempfile

    return tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=directory)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

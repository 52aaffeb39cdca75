"""The build lock: one writer at a time per output directory.

An ``flock`` on ``out_dir/.kg.lock``, taken without waiting, so a second
``kg build`` on the same folder fails at once with the pid of the first.
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import StoreError

LOCK_NAME = ".kg.lock"
_held: dict[str, tuple[int, int]] = {}  # resolved out_dir -> (thread id, depth)
_held_guard = threading.Lock()


@contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Exclusive, non-blocking lock on ``out_dir/.kg.lock`` for one writer.

    Re-entrant within a thread, so ``kg build`` can hold it around the whole
    build and ``write_graphs`` can take it again.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    key = str(out_dir.resolve())
    me = threading.get_ident()
    with _held_guard:
        owner = _held.get(key)
        if owner is not None:
            if owner[0] != me:
                raise StoreError(
                    f"another kg build is writing {out_dir} (pid {os.getpid()}); "
                    "wait for it to finish"
                )
            _held[key] = (me, owner[1] + 1)
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                tid, depth = _held[key]
                _held[key] = (tid, depth - 1)
        return

    path = out_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StoreError(f"cannot lock {path}: {exc}") from exc
            pid = _read_pid(fd)
            raise StoreError(
                f"another kg build is writing {out_dir} (pid {pid}); wait for it to finish"
            ) from None
        # the pid is only for the message; the lock itself is the flock
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        with _held_guard:
            _held[key] = (me, 1)
        try:
            yield
        finally:
            with _held_guard:
                _held.pop(key, None)
            # the file stays: deleting a lock file races with the next locker
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)


def _read_pid(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "unknown"

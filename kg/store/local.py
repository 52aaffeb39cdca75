"""Local store generations and the atomic swap (see the kg.store docstring).

``out/store`` is a link to ``out/.store-<id>``; a write fills a new
generation beside it, renames a new link over the old one, then deletes the
old generation and any leftovers of a crashed write.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path

import rdflib

from kg.store.bulk import _load_generation
from kg.store.encode import _trig_writer
from kg.store.files import _DUMP_TMP_PREFIX, DUMP_NAME, _dump_file, _fsync_dir

STORE_LINK = "store"
_GEN_PREFIX = ".store-"


def _current_generation(out_dir: Path) -> Path | None:
    link = out_dir / STORE_LINK
    if link.is_symlink():
        return (out_dir / os.readlink(link)).resolve()
    return None


def _remove_leftovers(out_dir: Path, keep: Path | None) -> None:
    """Delete generations and dump temporaries that the live link does not use."""
    for entry in out_dir.iterdir():
        if entry.name.startswith(_GEN_PREFIX) and entry.is_dir() and not entry.is_symlink():
            if keep is None or entry.resolve() != keep:
                shutil.rmtree(entry, ignore_errors=True)
        elif ((entry.name.startswith(_DUMP_TMP_PREFIX) and entry.name.endswith(".tmp"))
              or entry.name.startswith(".store.link-")):
            try:
                entry.unlink()
            except OSError:
                pass


def _swap_in(out_dir: Path, new_gen: Path) -> None:
    """Point ``out_dir/store`` at `new_gen` in one rename."""
    link = out_dir / STORE_LINK
    if link.exists() and not link.is_symlink():
        # a plain directory (not ours): move it aside once; see module docstring
        os.rename(link, out_dir / f"{_GEN_PREFIX}legacy-{uuid.uuid4().hex[:12]}")
    tmp_link = out_dir / f".store.link-{uuid.uuid4().hex[:12]}"
    os.symlink(new_gen.name, tmp_link)  # relative: the output folder can be moved
    os.replace(tmp_link, link)


def _write_local(out_dir: Path, graphs: Mapping[str, rdflib.Graph], dump: bool) -> dict[str, int]:
    _remove_leftovers(out_dir, _current_generation(out_dir))
    new_gen = out_dir / f"{_GEN_PREFIX}{uuid.uuid4().hex[:12]}"
    dump_tmp = None
    try:
        if dump:
            # one pass over the graphs fills the store and writes the dump
            with _dump_file(out_dir) as (fh, dump_tmp):
                counts = _load_generation(new_gen, graphs, _trig_writer(fh))
        else:
            counts = _load_generation(new_gen, graphs)
        _fsync_dir(out_dir)
        old_gen = _current_generation(out_dir)
        _swap_in(out_dir, new_gen)
    except BaseException:
        shutil.rmtree(new_gen, ignore_errors=True)
        if dump_tmp is not None and os.path.exists(dump_tmp):
            os.unlink(dump_tmp)
        raise
    if dump_tmp is not None:
        os.replace(dump_tmp, out_dir / DUMP_NAME)
    _fsync_dir(out_dir)
    if old_gen is not None and old_gen != new_gen.resolve():
        shutil.rmtree(old_gen, ignore_errors=True)
    _remove_leftovers(out_dir, new_gen.resolve())
    return counts

"""Files written whole under their own names in a staging folder (by worker processes
too), before :class:`.files.Batch` renames them into place."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UserError


def plain_name(name: str) -> bool:
    """True when ``name`` names a file directly in a folder (no separator, not . or ..)."""
    seps = ("/", "\\", "\0", os.sep, os.altsep or "/")
    return bool(name) and name not in (".", "..") and not any(c in name for c in seps)


def write_new(folder: Path, name: str, data: bytes, target: Path) -> None:
    """Write ``data`` to a new file ``folder/name`` (in a :meth:`Batch.staging` folder:
    a worker process may call it), readable as a plain file is (0o644 less the umask);
    UserError naming ``target`` (where it goes) when it cannot be written."""
    if not plain_name(name):
        raise UserError(f"refusing to write {name!r} outside {target.parent}")
    try:
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with open(fd, "wb") as f:
            f.write(data)
    except OSError as e:
        raise UserError(f"cannot write {target}: {e.strerror or str(e)}") from None


def no_folders(staged: list) -> None:
    """UserError, before anything is renamed, when a target is a folder (one listing of
    each folder: a file staged by ``add`` was not looked at before)."""
    by_folder: dict[Path, list[Path]] = {}
    for s in staged:
        by_folder.setdefault(s.target.parent, []).append(s.target)
    for folder, targets in by_folder.items():
        try:
            with os.scandir(folder) as entries:
                folders = {e.name for e in entries if e.is_dir()}
        except OSError:
            continue  # renaming into it will fail and say why
        for target in targets:
            if target.name in folders:
                raise UserError(f"cannot write {target}: it is a folder; move it or choose another")

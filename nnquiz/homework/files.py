"""Writing files so that nothing is ever half-written: a temporary file beside the
target, renamed over it once complete. Every path is checked to stay inside its folder."""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import IO

from ..errors import UserError


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing a name that would leave the folder (defence in depth:
    names come from :func:`nnquiz.homework.names.safe_names`)."""
    path = (folder / name).resolve()
    if path.parent != folder.resolve() or not name or name in (".", ".."):
        raise UserError(f"refusing to write {name!r} outside {folder}")
    return path


def make_folder(folder: Path, option: str) -> Path:
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{option} {folder}: is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"{option} {folder}: cannot create the folder: {e.strerror}") from None
    return folder


class Staged:
    """A file written under a temporary name and renamed into place by ``commit``."""

    def __init__(self, target: Path, binary: bool = False, durable: bool = True):
        self.target = target
        self.durable = durable  # fsync before the rename (a gradebook); sheets need not
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        self.tmp = Path(tmp)
        mode = "wb" if binary else "w"
        kwargs = {} if binary else {"encoding": "utf-8", "newline": "\n"}
        self.file: IO = os.fdopen(fd, mode, **kwargs)

    def write(self, data) -> None:
        self.file.write(data)

    def commit(self) -> None:
        self.file.flush()
        if self.durable:
            os.fsync(self.file.fileno())
        self.file.close()
        os.chmod(self.tmp, 0o644 & ~_umask())
        os.replace(self.tmp, self.target)

    def discard(self) -> None:
        self.file.close()
        self.tmp.unlink(missing_ok=True)


def write_atomic(target: Path, data: str | bytes, durable: bool = True) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename."""
    try:
        staged = Staged(target, binary=isinstance(data, bytes), durable=durable)
    except OSError as e:
        raise UserError(f"cannot write {target}: {e.strerror}") from None
    try:
        staged.write(data)
        staged.commit()
    except BaseException:
        staged.discard()
        raise


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

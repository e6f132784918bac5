"""Writing files so that nothing is ever half-written: every file of a command goes to a
temporary name beside its target, and all of them are renamed into place together once
every one is complete (:class:`Batch`). Should anything fail (a target that is a folder,
a full disk, no permission), the temporaries are removed and the old files stay as they
were; the failure is one line (a UserError). Every path is checked to stay inside its
folder, and no output may be one of the command's inputs (:func:`refuse_inputs`)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
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


def check_folder(folder: Path, option: str) -> list[Path]:
    """UserError when ``folder``, or the nearest of its parents that exists, is a file;
    the folders missing, the outermost first."""
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{option} {folder}: is a file, not a folder")
    missing = []
    for p in (folder, *folder.parents):
        if p.exists():
            if not p.is_dir():
                raise UserError(f"{option} {folder}: {p} is a file, not a folder")
            break
        missing.insert(0, p)
    return missing


def make_folder(folder: Path, option: str) -> list[Path]:
    """Create ``folder`` (and its parents) when missing; the folders it created, the
    outermost first."""
    created = check_folder(folder, option)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"{option} {folder}: cannot create the folder: {_why(e)}") from None
    return created


def refuse_inputs(outputs: Iterable[tuple[Path, str]], inputs: Iterable[tuple[Path, str]]) -> None:
    """UserError when an output (path, option) is one of the inputs, or two outputs are
    the same file: writing it would destroy what is being read, or one output the other."""
    read = {}
    for path, option in inputs:
        read.setdefault(_real(path), option)
    written: dict[Path, str] = {}
    for path, option in outputs:
        real = _real(path)
        if real in read:
            raise UserError(
                f"{option} {path}: is the same file as {read[real]}; writing it would "
                "overwrite what is being read: choose another name"
            )
        if real in written:
            raise UserError(
                f"{option} {path}: is the same file as {written[real]}: choose another name"
            )
        written[real] = option


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare as written
        return path.absolute()


def _why(e: OSError) -> str:
    return e.strerror or str(e)


class Staged:
    """A file written under a temporary name: ``finish`` completes it, ``commit`` renames
    it over its target, ``discard`` removes it. Every OSError is a UserError naming the
    target."""

    def __init__(self, target: Path, binary: bool = False, durable: bool = True):
        self.target = target
        self.durable = durable  # fsync before the rename (a gradebook); sheets need not
        if target.is_dir():
            raise UserError(f"cannot write {target}: it is a folder; move it or choose another")
        self.tmp: Path | None = None
        self.file: IO | None = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            self.tmp = Path(tmp)
            mode = "wb" if binary else "w"
            kwargs = {} if binary else {"encoding": "utf-8", "newline": "\n"}
            self.file = os.fdopen(fd, mode, **kwargs)
        except OSError as e:
            self.discard()
            raise UserError(f"cannot write {target}: {_why(e)}") from None

    def write(self, data: str | bytes) -> None:
        try:
            self.file.write(data)  # type: ignore[union-attr]
        except OSError as e:
            raise UserError(f"cannot write {self.target}: {_why(e)}") from None

    def finish(self) -> None:
        """Flush and close the temporary file (it is complete)."""
        if self.file is None:
            return
        try:
            self.file.flush()
            if self.durable:
                os.fsync(self.file.fileno())
            file, self.file = self.file, None
            file.close()
            os.chmod(self.tmp, 0o644 & ~_umask())  # type: ignore[arg-type]
        except OSError as e:
            raise UserError(f"cannot write {self.target}: {_why(e)}") from None

    def commit(self) -> None:
        self.finish()
        try:
            os.replace(self.tmp, self.target)  # type: ignore[arg-type]
        except OSError as e:
            raise UserError(f"cannot write {self.target}: {_why(e)}") from None
        self.tmp = None

    def discard(self) -> None:
        if self.file is not None:
            try:
                self.file.close()
            except OSError:
                pass
            self.file = None
        if self.tmp is not None:
            try:
                self.tmp.unlink(missing_ok=True)
            except OSError:
                pass
            self.tmp = None


class Batch:
    """Every file of one command, renamed into place together by ``commit`` once all are
    written; ``discard`` (or leaving the ``with`` block by an exception) removes the
    temporaries and the folders the batch created, so the old files stay as they were."""

    def __init__(self) -> None:
        self.staged: list[Staged] = []
        self.created: list[Path] = []
        self.targets: set[Path] = set()

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is not None:
            self.discard()

    def folder(self, folder: Path, option: str) -> None:
        self.created += make_folder(folder, option)

    def open(self, target: Path, binary: bool = False, durable: bool = False) -> Staged:
        """A file to write piece by piece (kept open until ``commit``)."""
        if target in self.targets:
            raise UserError(f"cannot write {target} twice")
        staged = Staged(target, binary=binary, durable=durable)
        self.staged.append(staged)
        self.targets.add(target)
        return staged

    def write(self, target: Path, data: str | bytes, durable: bool = False) -> None:
        """A whole file (closed at once: a class of thousands keeps no file open)."""
        staged = self.open(target, binary=isinstance(data, bytes), durable=durable)
        staged.write(data)
        staged.finish()

    def commit(self) -> None:
        """Complete every file, then rename them all into place."""
        try:
            for s in self.staged:
                s.finish()
            for k, s in enumerate(self.staged):
                try:
                    s.commit()
                except UserError as e:
                    done = f"; {k} of {len(self.staged)} files were already replaced" if k else ""
                    raise UserError(f"{e}{done}") from None
        except BaseException:
            self.discard()
            raise
        self.staged = []

    def discard(self) -> None:
        for s in self.staged:
            s.discard()
        self.staged = []
        for folder in reversed(self.created):
            try:
                folder.rmdir()  # only when empty: nothing of anyone's is removed
            except OSError:
                break
        self.created = []


def write_atomic(target: Path, data: str | bytes, durable: bool = True) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename."""
    with Batch() as batch:
        batch.write(target, data, durable=durable)
        batch.commit()


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

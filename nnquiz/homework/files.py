"""Writing files so that nothing is ever half-written: every file of a command goes to a
temporary name beside its target, and once every one is complete they are renamed into
place, one after another, in the order they were added (:class:`Batch`). A failure while
writing (a target that is a folder, a full disk, no permission) removes the temporaries
and changes nothing. A rename is atomic, but a batch of them is not: should one fail,
the files renamed before it are new, it and the rest are as they were, and the message
names the files replaced. So a command adds last the file whose presence says the rest
are done (the gradebook). Every failure is one line (a UserError). Every path is checked
to stay inside its folder, and no output may be one of the command's inputs
(:func:`refuse_inputs`)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import IO

from ..errors import UserError
from .written import no_folders, plain_name


def inside(folder: Path, name: str) -> Path:
    """``folder / name`` (the folder resolved), refusing a name that would leave the
    folder (defence in depth: names come from :func:`nnquiz.homework.names.safe_names`):
    one that is not a plain file name, or a symbolic link leading out of the folder (a
    link within it: where it leads). One ``lstat`` a name: a class writes thousands."""
    base = _resolved(folder)
    if not plain_name(name):
        raise UserError(f"refusing to write {name!r} outside {folder}")
    path = base / name
    if path.is_symlink():
        path = path.resolve()
        if path.parent != base:
            raise UserError(f"refusing to write {name!r} outside {folder}")
    return path


@lru_cache(maxsize=16)
def _resolved(folder: Path) -> Path:
    return folder.resolve()


def real(path: Path) -> Path:
    """``path`` resolved (symbolic links followed), to tell whether two paths are one
    file; as written, made absolute, when it cannot be resolved (a symlink loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def check_folder(folder: Path, option: str, named: Path | None = None) -> list[Path]:
    """The folders missing of ``folder`` and its parents, the outermost first; UserError
    when it, or the nearest of its parents that exists, is a file, or cannot be looked
    at (a name too long, a symlink loop). Messages name ``named`` (default ``folder``)."""
    named = folder if named is None else named
    missing = []
    for p in (folder, *folder.parents):
        kind = _kind(p, option, named)
        if kind is None:
            missing.insert(0, p)
            continue
        if kind != "folder":
            which = "" if p == named else f"{p} "
            raise UserError(f"{option} {named}: {which}is a file, not a folder")
        break
    return missing


def check_file(path: Path, option: str) -> None:
    """UserError when the file ``path`` cannot be written: it is (or names) a folder,
    its folder is a file or does not exist."""
    if path.name in ("", ".", "..") or _kind(path, option, path) == "folder":
        raise UserError(f"{option} {path}: is a folder; give a file name")
    if check_folder(path.parent, option, named=path):
        raise UserError(f"{option} {path}: the folder {path.parent} does not exist")


def _kind(path: Path, option: str, named: Path) -> str | None:
    """``"folder"``, ``"file"`` (anything else) or None (missing); UserError when ``path``
    cannot be looked at."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as e:
        raise UserError(f"{option} {named}: {_why(e)}") from None
    return "folder" if stat.S_ISDIR(mode) else "file"


def refuse_inputs(outputs: Iterable[tuple[Path, str]], inputs: Iterable[tuple[Path, str]]) -> None:
    """UserError when an output (path, option) is one of the inputs, or two outputs are
    the same file: writing it would destroy what is being read, or one output the other."""
    read = {}
    for path, option in inputs:
        read.setdefault(real(path), option)
    written: dict[Path, str] = {}
    for path, option in outputs:
        resolved = real(path)
        if resolved in read:
            raise UserError(
                f"{option} {path}: is the same file as {read[resolved]}; writing it would "
                "overwrite what is being read: choose another name"
            )
        if resolved in written:
            raise UserError(
                f"{option} {path}: is the same file as {written[resolved]}: choose another name"
            )
        written[resolved] = option


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

    @classmethod
    def written(cls, target: Path, tmp: Path) -> Staged:
        """A file already complete at ``tmp`` (in a staging folder), to be renamed over
        ``target``."""
        staged = cls.__new__(cls)
        staged.target, staged.durable, staged.tmp, staged.file = target, False, tmp, None
        return staged

    @classmethod
    def opened_in(cls, folder: Path, target: Path) -> Staged:
        """A binary file to write at ``folder / target.name`` (a staging folder, where
        the name is new), to be renamed over ``target``."""
        staged = cls.written(target, folder / target.name)
        try:
            fd = os.open(staged.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            staged.file = os.fdopen(fd, "wb")
        except OSError as e:
            staged.tmp = None
            raise UserError(f"cannot write {target}: {_why(e)}") from None
        return staged

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
        """Rename the finished file over its target (durable: and fsync the folder, so
        the rename survives a crash)."""
        self.finish()
        try:
            os.replace(self.tmp, self.target)  # type: ignore[arg-type]
        except OSError as e:
            raise UserError(f"cannot write {self.target}: {_why(e)}") from None
        self.tmp = None
        if self.durable:
            try:
                sync_folder(self.target.parent)
            except OSError as e:
                raise UserError(f"cannot write {self.target}: {_why(e)}") from None

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


# fsync on a folder: these say the file system (or system) does not do it
_NO_FOLDER_SYNC = {errno.EINVAL, errno.EBADF, errno.EACCES, errno.EPERM, errno.EISDIR}
_NO_FOLDER_SYNC |= {getattr(errno, n) for n in ("ENOTSUP", "EOPNOTSUPP") if hasattr(errno, n)}


def sync_folder(folder: Path) -> None:
    """fsync ``folder``, so the renames in it are on disk; nothing where a folder cannot
    be opened or synced (Windows, some file systems). OSError for a real failure."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as e:
        if e.errno not in _NO_FOLDER_SYNC:
            raise
    finally:
        os.close(fd)


class Batch:
    """Every file of one command: each is written under a temporary name, and ``commit``
    renames them into place one after another, in the order they were added, once all
    are complete. Leaving the ``with`` block without ``commit`` (by an exception or not)
    removes the temporaries and the folders the batch created, so nothing has changed.
    Should a rename fail, the files renamed before it stay replaced (the message names
    them) and the rest keep their old content: open with ``last=True`` (or add last)
    the files whose presence says that the others are done (a key, an index)."""

    def __init__(self) -> None:
        self.staged: list[Staged] = []
        self.last: list[Staged] = []  # renamed after every other file
        self.created: list[Path] = []
        self.targets: set[Path] = set()
        self.staging_folders: list[Path] = []
        self.whole: tuple[Path, Path] | None = None  # (staging, the new folder it becomes)

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, kind, value, tb) -> None:
        self.discard()  # after commit, nothing is left to discard

    def folder(self, folder: Path, option: str) -> None:
        """Create ``folder`` (and its parents) when missing, recording each folder as it
        is made, so that a failure part way removes the ones made before it."""
        for p in check_folder(folder, option):
            try:
                p.mkdir()
            except FileExistsError:
                if p.is_dir():  # made meanwhile by someone else: not ours to remove
                    continue
                raise UserError(f"{option} {folder}: {p} exists and is not a folder") from None
            except OSError as e:
                raise UserError(f"{option} {folder}: cannot create the folder: {_why(e)}") from None
            self.created.append(p)

    def open(
        self,
        target: Path,
        binary: bool = False,
        durable: bool = False,
        last: bool = False,
        staging: Path | None = None,
    ) -> Staged:
        """A file to write piece by piece (kept open until ``commit``); ``last``: renamed
        after every file that is not; ``staging``: written there (binary), not beside
        ``target``."""
        if target in self.targets:
            raise UserError(f"cannot write {target} twice")
        if staging is not None:
            staged = Staged.opened_in(staging, target)
        else:
            staged = Staged(target, binary=binary, durable=durable)
        (self.last if last else self.staged).append(staged)
        self.targets.add(target)
        return staged

    def staging(self, folder: Path, option: str) -> Path:
        """A new hidden folder where the files of ``folder`` are written under their own
        names, by this process or by worker processes (:func:`write_new`, then ``add``;
        or ``open(…, staging=…)``). Inside ``folder`` when it exists (``commit`` renames
        each file into place); when it does not, beside it (its parents made), and
        ``commit`` renames the staging folder itself to ``folder``, once every file of
        the batch is in it: one rename, however many files. Removed by ``discard``."""
        missing = check_folder(folder, option)
        if missing:
            self.folder(folder.parent, option)
        try:
            made = Path(
                tempfile.mkdtemp(
                    prefix=f".{folder.name}.nnquiz-" if missing else ".nnquiz-",
                    suffix=".tmp",
                    dir=folder.parent if missing else folder,
                )
            )
        except OSError as e:
            raise UserError(f"{option} {folder}: cannot write into it: {_why(e)}") from None
        self.staging_folders.append(made)
        if missing:
            self.whole = (made, folder)
        return made

    def add(self, target: Path, written: Path) -> None:
        """A complete file at ``written`` (in a ``staging`` folder), renamed over
        ``target`` by ``commit``, in the order added."""
        if target in self.targets:
            raise UserError(f"cannot write {target} twice")
        self.staged.append(Staged.written(target, written))
        self.targets.add(target)

    def write(self, target: Path, data: str | bytes, durable: bool = False) -> None:
        """A whole file (closed at once: a class of thousands keeps no file open)."""
        staged = self.open(target, binary=isinstance(data, bytes), durable=durable)
        staged.write(data)
        staged.finish()

    def commit(self) -> None:
        """Complete every file, then rename them into place in the order they were added
        (or their new folder at once: ``staging``)."""
        self.staged += self.last
        self.last = []
        if self.whole is not None:
            self._commit_whole(*self.whole)
            return
        try:
            for s in self.staged:
                s.finish()
            no_folders([s for s in self.staged if s.tmp and s.tmp.parent in self.staging_folders])
            done: list[Path] = []
            for s in self.staged:
                try:
                    s.commit()
                except UserError as e:
                    if s.tmp is None:  # renamed; syncing its folder failed
                        done.append(s.target)
                    raise UserError(f"{e}{_replaced(done, len(self.staged))}") from None
                done.append(s.target)
        except BaseException:
            self.discard()
            raise
        self.staged = []
        self.created = []  # they hold the files now: kept
        self._drop_staging()

    def _commit_whole(self, staging: Path, folder: Path) -> None:
        """Every file is in ``staging``: rename it to the new ``folder``."""
        try:
            for s in self.staged:
                s.finish()
                if s.tmp is None or s.tmp.parent != staging:
                    raise UserError(f"cannot write {s.target}: not in the new folder {folder}")
            os.chmod(staging, 0o777 & ~_umask())
            os.rename(staging, folder)  # refused if a folder with files appeared meanwhile
            if any(s.durable for s in self.staged):
                sync_folder(folder.parent)
        except OSError as e:
            self.discard()
            raise UserError(f"cannot write {folder}: {_why(e)}") from None
        except BaseException:
            self.discard()
            raise
        self.staged, self.created, self.staging_folders, self.whole = [], [], [], None

    def discard(self) -> None:
        for s in self.staged + self.last:
            s.discard()
        self.staged, self.last = [], []
        self._drop_staging()
        for folder in reversed(self.created):
            try:
                folder.rmdir()  # only when empty: nothing of anyone's is removed
            except OSError:
                break
        self.created = []

    def _drop_staging(self) -> None:
        import shutil

        for folder in self.staging_folders:
            shutil.rmtree(folder, ignore_errors=True)
        self.staging_folders = []


def _replaced(done: list[Path], total: int) -> str:
    """What a failed commit had already done, for its message."""
    if not done:
        return "; no file was replaced"
    names = ", ".join(str(p) for p in done[:3])
    if len(done) > 3:
        names += f" and {len(done) - 3} more"
    return (
        f"; {len(done)} of {total} files were already replaced ({names}), the others "
        "are as they were"
    )


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

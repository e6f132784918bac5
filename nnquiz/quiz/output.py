"""Writing an export: all of it or nothing, and never over something else.

``--out`` may be new, or an earlier nnquiz export of the same platform (a Canvas zip
whose comment says so, a Moodle file that starts with nnquiz's mark, a PrairieLearn
folder with ``nnquiz-quiz.json``): anything else that exists is refused, so a course's
own files are never overwritten. Files are written under temporary names and renamed
into place once all are complete (:class:`nnquiz.homework.files.Batch`).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from ..errors import UserError
from ..homework.assignment import Assignment
from ..homework.files import Batch, check_file, refuse_inputs
from .variants import QuizQuestion

MARKER = "nnquiz-quiz.json"  # in a PrairieLearn folder: what nnquiz wrote there
PLATFORMS = ("canvas", "moodle", "prairielearn")


def _not_ours(out: Path, what: str) -> UserError:
    return UserError(
        f"--out {out}: exists and is not an earlier nnquiz {what} export; "
        "choose a new name (nnquiz replaces only what it wrote)"
    )


def check_out(to: str, out: Path, inputs: list[tuple[Path, str]]) -> None:
    """UserError unless ``out`` may be written for platform ``to``."""
    refuse_inputs([(out, "--out")], inputs)
    if to == "prairielearn":
        if out.is_file():
            raise UserError(f"--out {out}: is a file; PrairieLearn questions go in a folder")
        if out.is_dir() and any(out.iterdir()) and earlier_folders(out) is None:
            raise _not_ours(out, "PrairieLearn")
        return
    check_file(out, "--out")
    if not out.exists():
        return
    if to == "canvas" and not _is_our_zip(out):
        raise _not_ours(out, "Canvas")
    if to == "moodle" and not _is_our_xml(out):
        raise _not_ours(out, "Moodle")


def _is_our_zip(path: Path) -> bool:
    from .canvas import ZIP_COMMENT

    try:
        with zipfile.ZipFile(path) as z:
            return z.comment == ZIP_COMMENT
    except (OSError, zipfile.BadZipFile):
        return False


def _is_our_xml(path: Path) -> bool:
    from .moodle import MARK

    try:
        with open(path, "rb") as f:
            head = f.read(300)
    except OSError:
        return False
    return f"<!--{MARK}-->".encode() in head


def earlier_folders(out: Path) -> dict[str, list[str]] | None:
    """{question folder: its files} that an earlier export wrote in ``out`` (its
    marker), or None when ``out`` holds no readable marker. Names that would leave
    ``out`` are dropped."""
    try:
        data = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    folders = data.get("files") if isinstance(data, dict) else None
    if data.get("nnquiz") != "quiz" or not isinstance(folders, dict):
        return None
    return {
        name: [f for f in files if isinstance(f, str) and _safe(f)]
        for name, files in folders.items()
        if _safe(name) and "/" not in name and isinstance(files, list)
    }


def _safe(path: str) -> bool:
    parts = path.split("/")
    return bool(path) and all(p not in ("", ".", "..") and "\\" not in p for p in parts)


def write_file(out: Path, data: bytes) -> None:
    with Batch() as batch:
        batch.write(out, data, durable=True)
        batch.commit()


def write_prairielearn(plan: Assignment, questions: list[QuizQuestion], out: Path) -> list[str]:
    """Every question folder, then the marker; folders of an earlier export that this
    one no longer has are emptied of nnquiz's files and removed. Returns the folders."""
    from .prairielearn import folder_name, question_files

    old = earlier_folders(out) or {}
    written: dict[str, list[str]] = {}
    with Batch() as batch:
        batch.folder(out, "--out")
        for qq in questions:
            name = folder_name(qq)
            files = question_files(plan, qq)
            for sub in sorted({str(Path(f).parent) for f in files} - {"."}):
                batch.folder(out / name / sub, "--out")
            batch.folder(out / name, "--out")
            for file, text in files.items():
                batch.write(out / name / file, text)
            written[name] = sorted(files)
        marker = {"nnquiz": "quiz", "to": "prairielearn", "title": plan.title, "files": written}
        batch.write(out / MARKER, json.dumps(marker, indent=2) + "\n", durable=True)
        batch.commit()
    for name, files in old.items():
        _remove_stale(out / name, set(files) - set(written.get(name, ())))
    return list(written)


def _remove_stale(folder: Path, files: set[str]) -> None:
    """Remove files an earlier export wrote and this one did not, then the folders
    they leave empty (never anything nnquiz did not write)."""
    for file in files:
        try:
            (folder / file).unlink(missing_ok=True)
        except OSError:
            pass
    for sub in sorted({str(Path(f).parent) for f in files} - {"."}, reverse=True):
        _rmdir(folder / sub)
    _rmdir(folder)


def _rmdir(folder: Path) -> None:
    try:
        folder.rmdir()  # only when empty
    except OSError:
        pass

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


def earlier_folders(out: Path) -> list[str] | None:
    """The question folders an earlier export wrote in ``out`` (its marker), or None
    when ``out`` holds no readable marker."""
    try:
        data = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    folders = data.get("folders") if isinstance(data, dict) else None
    if data.get("nnquiz") != "quiz" or not isinstance(folders, list):
        return None
    return [f for f in folders if isinstance(f, str) and "/" not in f and f not in ("", ".", "..")]


def write_file(out: Path, data: bytes) -> None:
    with Batch() as batch:
        batch.write(out, data, durable=True)
        batch.commit()


def write_prairielearn(plan: Assignment, questions: list[QuizQuestion], out: Path) -> list[str]:
    """Every question folder, then the marker; folders of an earlier export that this
    one no longer has are emptied of nnquiz's files and removed. Returns the folders."""
    from .prairielearn import folder_name, question_files

    old = earlier_folders(out) or []
    names = [folder_name(qq) for qq in questions]
    with Batch() as batch:
        batch.folder(out, "--out")
        for qq, name in zip(questions, names):
            batch.folder(out / name, "--out")
            for file, text in question_files(plan, qq).items():
                batch.write(out / name / file, text)
        marker = {"nnquiz": "quiz", "to": "prairielearn", "title": plan.title, "folders": names}
        batch.write(out / MARKER, json.dumps(marker, indent=2) + "\n", durable=True)
        batch.commit()
    for name in set(old) - set(names):
        _remove_ours(out / name)
    return names


def _remove_ours(folder: Path) -> None:
    """Remove the files nnquiz writes in a question folder, and the folder if empty."""
    for file in ("info.json", "question.html", "server.py"):
        try:
            (folder / file).unlink(missing_ok=True)
        except OSError:
            pass
    try:
        folder.rmdir()
    except OSError:
        pass

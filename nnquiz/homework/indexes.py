"""The indexes nnquiz writes into an output folder (``sheets.csv``, ``index.csv``): a
folder that holds files is written into only when nnquiz wrote them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import UserError

MAX_INDEX = 50_000_000  # bytes of an index nnquiz wrote (sheets.csv, index.csv)


def check_ours(
    folder: Path, option: str, index: str, names: Iterable[str], own: Iterable[str] = ()
) -> None:
    """UserError unless ``folder`` is missing, empty (hidden files aside), or was written
    by nnquiz before (it has nnquiz's ``index``, whose header starts ``student_id,``); and
    unless every file of ``names`` already there is one that index lists (or one of
    ``own``, nnquiz's fixed names there). So a file of someone else's (a README.md, a
    foreign index.csv) is never replaced."""
    try:
        present = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
    except FileNotFoundError:
        return
    except OSError as e:
        raise UserError(f"{option} {folder}: {e.strerror or str(e)}") from None
    if not present:
        return
    if index not in present:
        raise UserError(
            f"{option} {folder}: the folder holds files and no {index} of nnquiz's; give "
            "an empty (or new) folder, or one an earlier run of nnquiz wrote"
        )
    listed = read_index(folder / index, option) | set(own)
    for name in names:
        if name in present and name not in listed:
            raise UserError(
                f"{option} {folder}: {name} is there and is not a file nnquiz wrote ({index} "
                "does not list it); move it, or choose another folder"
            )


def read_index(path: Path, option: str) -> set[str]:
    """The file names an index nnquiz wrote lists (every column but the first);
    UserError when it is not such an index."""
    import csv

    folder = path.parent
    try:
        if path.stat().st_size > MAX_INDEX:
            raise UserError(f"{option} {folder}: {path.name} is too large to be nnquiz's")
        with path.open(encoding="utf-8", newline="") as f:
            rows = csv.reader(f)
            header = next(rows, [])
            if header[:1] != ["student_id"] or len(header) < 2:
                raise UserError(
                    f"{option} {folder}: its {path.name} is not one nnquiz wrote (its header "
                    "is not student_id,…); move it, or choose another folder"
                )
            return {name for row in rows for name in row[1:]}
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        why = e.strerror or str(e) if isinstance(e, OSError) else "not an index nnquiz wrote"
        raise UserError(f"{option} {folder}: cannot read its {path.name}: {why}") from None

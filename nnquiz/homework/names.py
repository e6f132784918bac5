"""File names from student ids: ``DIR/<student_id>.md`` when the id is a safe name.

An id is used as it is when it is made of ASCII letters, digits and ``. _ - @ +``,
starts with a letter, a digit or ``_`` (a name starting with ``+``, ``-`` or ``@`` would be
run as a formula when an index file is opened in a spreadsheet), is not a name Windows
reserves (``con``, ``nul``, ``com1`` …) or one of nnquiz's own output files, and no other
id on the roster differs from it only in case. Any other id gets a safe name with a
short hash of the id, so ``../../x`` becomes ``x-1f2e3d4c`` and can never point outside
the folder.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._@+-]{0,79}")
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))}
RESERVED |= {f"lpt{i}" for i in range(10)}
OWN = {"key", "class", "sheets", "summary", "index"}  # nnquiz's own files in the folder


class Names(NamedTuple):
    """File stems for a roster: ``stems`` ``{student id: file stem}``, and ``why``
    ``{student id: why its files have another name}`` for the ids that are renamed."""

    stems: dict[str, str]
    why: dict[str, str]


def safe_names(ids: Iterable[str]) -> Names:
    """Every id's file stem, safe and unique (ignoring case), and why an id is renamed:
    "differs from 'S001' only in case, …" or "is not a safe file name"."""
    ids = list(ids)
    folded: dict[str, list[str]] = {}
    for i in ids:
        folded.setdefault(i.casefold(), []).append(i)
    stems = {i: _name(i, len(folded[i.casefold()]) > 1) for i in ids}
    clash = Counter(n.casefold() for n in stems.values())
    if any(c > 1 for c in clash.values()):  # two hashes alike: astronomically unlikely
        stems = {i: _hashed(i, 16) for i in ids}
    why = {}
    for i in ids:
        if stems[i] == i:
            continue
        others = [o for o in folded[i.casefold()] if o != i]
        if others and is_safe(i):
            alike = " and ".join(repr(o) for o in others[:3])
            why[i] = f"differs from {alike} only in case, which some file systems do not tell apart"
        else:
            why[i] = "is not a safe file name"
    return Names(stems, why)


def is_safe(stem: str) -> bool:
    return (
        SAFE.fullmatch(stem) is not None
        and not stem.endswith(".")
        and stem.split(".")[0].casefold() not in RESERVED | OWN
    )


def _name(sid: str, collides: bool) -> str:
    if is_safe(sid) and not collides:
        return sid
    return _hashed(sid, 8)


def _hashed(sid: str, digits: int) -> str:
    tag = hashlib.sha256(sid.encode("utf-8")).hexdigest()[:digits]
    base = re.sub(r"[^A-Za-z0-9_@+-]+", "_", sid).strip("_-.").lstrip("@+-_")[:40]
    base = base or "student"
    return f"{base}-{tag}"

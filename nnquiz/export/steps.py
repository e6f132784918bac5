r"""A worked solution as Anki HTML: each step's sentence and formulas, entry sums folded.

Network solutions work every layer twice: as a matrix product, then entry by entry
(``z⁽²⁾₁ = −0.8·0.3 − 0.5·0.9 + 0.3 = −0.59``, then ``h⁽²⁾₁ = tanh(−0.59) ≈ −0.53`` for
each unit). On a phone that is screens of near-identical lines. So, for the card, in
each step:

- a run of two or more *entry lines* (their left side is one entry of a layer's vector
  or matrix: ``z^{(2)}_{1}``, ``\frac{\partial L}{\partial h^{(3)}_{2}}``) is folded into
  ``<details>`` "Entry by entry";
- the vector those entries make is shown in one line: the step's own line for it cut
  to its left side and result (``z⁽²⁾ = [−0.59; −0.28; 0.55]``, the whole product going
  into the fold), or, where the step has none, the entries' results gathered into a
  column (``h⁽²⁾ ≈ [−0.53; −0.27; 0.50]``: the numbers the entry lines show, unchanged).

Everything else is shown as it is. Only the layout changes: every number on the card is
one the solution wrote.
"""

from __future__ import annotations

import re

from ..render.texmath import segments
from .html import block_html, esc, inline_html
from .mathflow import cuts, display_html

_ENTRY = re.compile(r"(.*\^\{\(\w+\)\}\}?)_\{(\d+)\}(\}?)", re.S)  # x^{(2)}_{3}, with a }
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:\s*\\times\s*10\^\{-?\d+\})?")


def solution_html(steps_latex: list[str]) -> str:
    """The steps (each ``Step.latex``: a sentence, then one ``\\[…\\]`` a line) as HTML."""
    return "".join(_step_html(s) for s in steps_latex)


def _step_html(latex: str) -> str:
    head, _, rest = latex.partition("\n")
    segs = segments(rest) if rest else []
    lines = [seg.body for seg in segs if seg.kind == "display"]
    if (
        not lines
        or "\\[" in head
        or any(seg.kind != "display" and seg.body.strip() for seg in segs)
    ):
        return block_html(latex)  # not a sentence and formulas: shown as written
    shown, folded = _fold(lines)
    out = '<div class="para">' + inline_html(head) if head else '<div class="para">'
    out += "".join(display_html(esc(x)) for x in shown)
    if folded:
        out += (
            '<details class="nnq-entries"><summary>Entry by entry</summary><div class="nnq-fold">'
            + "".join(display_html(esc(x)) for x in folded)
            + "</div></details>"
        )
    return out + "</div>"


def _left(tex: str) -> tuple[str, str, str] | None:
    """``(left side, last relation, result)`` of a chain, or None without a relation."""
    found = [c for c in cuts(tex) if c[2] == "rel"]
    if not found:
        return None
    first, last = found[0], found[-1]
    return tex[: first[0]].strip(), tex[last[0] : last[1]].strip(), tex[last[1] :].strip()


def _entry(tex: str) -> tuple[str, int, str, str] | None:
    """``(vector, index, relation, result)`` of an entry line, or None."""
    if "}_{" not in tex:  # no entry of a layer's vector (x^{(2)}_{3}): most lines, quickly
        return None
    parts = _left(tex)
    if parts is None:
        return None
    m = _ENTRY.fullmatch(parts[0])
    if m is None:
        return None
    return m.group(1) + m.group(3), int(m.group(2)), parts[1], parts[2]


def _fold(lines: list[str]) -> tuple[list[str], list[str]]:
    """The lines shown and the lines folded (see the module's docstring)."""
    entries = [_entry(x) for x in lines]
    runs = _runs(entries)
    if not runs:
        return lines, []
    in_run = {i for start, end in runs for i in range(start, end)}
    bases = {entries[i][0] for i in in_run}
    lefts = [_left(x) for x in lines]
    own = {p[0] for p in lefts if p is not None}
    shown: list[str] = []
    folded: list[str] = []
    for i, (line, parts) in enumerate(zip(lines, lefts)):
        if i in in_run:
            folded.append(line)
            if any(start == i for start, _ in runs):
                shown += _gathered(entries, next(r for r in runs if r[0] == i), own)
        elif parts is not None and parts[0] in bases:
            folded.append(line)
            shown.append(f"{parts[0]} {parts[1]} {parts[2]}")
        else:
            shown.append(line)
    return shown, folded


def _runs(entries) -> list[tuple[int, int]]:
    """``[start, end)`` of each run of two or more consecutive entry lines."""
    runs, start = [], None
    for i, e in enumerate([*entries, None]):
        if e is not None and start is None:
            start = i
        elif e is None and start is not None:
            if i - start >= 2:
                runs.append((start, i))
            start = None
    return runs


def _gathered(entries, run: tuple[int, int], own: set[str]) -> list[str]:
    """One column line per vector of the run whose step has no line of its own for it
    (``own``: the left sides of the step's lines), when its entries are 1, 2, … n and
    each result is a plain number."""
    start, end = run
    out = []
    by_base: dict[str, list] = {}
    for e in entries[start:end]:
        by_base.setdefault(e[0], []).append(e)
    for base, es in by_base.items():
        if base in own or [e[1] for e in es] != list(range(1, len(es) + 1)):
            continue
        if not all(_NUMBER.fullmatch(e[3]) for e in es):
            continue
        rel = r"\approx" if any(e[2] != "=" for e in es) else "="
        column = r" \\ ".join(e[3] for e in es)
        out.append(rf"{base} {rel} \begin{{bmatrix}}{column}\end{{bmatrix}}")
    return out

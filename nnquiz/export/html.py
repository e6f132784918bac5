r"""Anki field HTML from text with MathJax math.

Every character is HTML-escaped, math included: the browser turns ``&lt;`` back into
``<`` before MathJax reads the page, so ``\(a < b\)`` and the ``&`` of a matrix typeset
as written. Math is never split by a tag (MathJax finds a formula only inside one
piece of text). Display math gets its own ``<div class="display">``, cut into pieces a
phone may break between (:mod:`nnquiz.export.mathflow`); long inline math too.

A few markups: a blank line starts a paragraph, lines starting with ``- `` make a
bulleted list, ``|``-delimited lines a table (Markdown's pipe table: a header row, a
``| --- |`` row, then the rows), and, in text written by hand (the concept cards,
``markup``), ``**bold**`` is bold.
"""

from __future__ import annotations

import html
import re

from ..render.texmath import segments
from . import mathflow

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_BLANK_LINE = re.compile(r"\n[ \t]*+\n")
_OPENERS = ("(", "[")
_CLOSERS = re.compile(r"[.,;:!?)\]]{1,6}")


def esc(s: str) -> str:
    """HTML-escape ``s`` (``&``, ``<``, ``>``); quotes may stay as they are in text."""
    return html.escape(s, quote=False)


def inline_html(s: str, markup: bool = False) -> str:
    """One piece of text with inline and display math, as HTML (newlines become ``<br>``).

    A display block breaks the line itself, so the newlines beside it are dropped.
    """
    # Escaping leaves backslashes and brackets alone, so the escaped string splits into
    # the same pieces as the original: escape once, then split.
    segs = segments(esc(s))
    out: list[str] = []
    glued = 0  # punctuation at the start of this text, already put after its formula
    for i, seg in enumerate(segs):
        if seg.kind == "inline":
            # a line may not break between a formula and the "(" before it or the "," or
            # ")." after it (a browser breaks around the boxes MathJax draws)
            before = out[-1][-1] if out and out[-1].endswith(_OPENERS) else ""
            after = segs[i + 1].body if i + 1 < len(segs) and segs[i + 1].kind == "text" else ""
            after = m.group() if (m := _CLOSERS.match(after)) else ""
            if before:
                out[-1] = out[-1][:-1]
            out.append(mathflow.inline_html(seg.body, before, after))
            glued = len(after)
        elif seg.kind == "display":
            out.append(mathflow.display_html(seg.body))
        else:
            text, glued = seg.body[glued:], 0
            if i > 0 and segs[i - 1].kind == "display":
                text = text.lstrip(" \t\n")
            if i + 1 < len(segs) and segs[i + 1].kind == "display":
                text = text.rstrip(" \t\n")
            if markup:
                text = _BOLD.sub(r"<b>\1</b>", text)
            out.append(text.replace("\n", "<br>"))
    return "".join(out)


def block_html(s: str, markup: bool = False) -> str:
    """Paragraphs (split on blank lines) as ``<div class="para">`` (a ``<p>`` may not hold
    the ``<div>`` of display math), ``- `` lists as ``<ul>``, pipe tables as ``<table>``;
    with ``markup``, ``**bold**`` as ``<b>``."""
    paras = [p.strip("\n") for p in _BLANK_LINE.split(s.strip()) if p.strip()]
    return "".join(_paragraph(p, markup) for p in paras)


def _paragraph(p: str, markup: bool) -> str:
    """A paragraph: runs of text lines, ``- `` list lines (with their indented
    continuations) and ``|`` table lines, each drawn as what it is."""
    out = []
    for kind, lines in _runs(p.split("\n")):
        if kind == "list":
            out.append(_list(lines, markup))
        elif kind == "table":
            out.append(_table(lines))
        else:
            text = inline_html("\n".join(lines).strip(), markup)
            out.append(f'<div class="para">{text}</div>')
    return "".join(out)


def _runs(lines: list[str]) -> list[tuple[str, list[str]]]:
    runs: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("- "):
            kind = "list"
        elif line.startswith("  ") and runs and runs[-1][0] == "list":
            kind = "list"  # a continuation line of the item above
        elif line.startswith("|") and line.rstrip().endswith("|"):
            kind = "table"
        else:
            kind = "text"
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(line)
        else:
            runs.append((kind, [line]))
    return runs


def _list(lines: list[str], markup: bool) -> str:
    items: list[str] = []
    for line in lines:
        if line.startswith("- "):
            items.append(line[2:])
        else:
            items[-1] += "\n" + line.strip()
    body = "".join("<li>" + inline_html(i.strip(), markup) + "</li>" for i in items)
    return f"<ul>{body}</ul>"


_RULE = re.compile(r"\|(\s*:?-+:?\s*\|)+")  # | --- | ---: |


def _table(lines: list[str]) -> str:
    """A Markdown pipe table: its first row the header, a ``| --- |`` row below it."""
    rows = [line.strip()[1:-1].split("|") for line in lines if not _RULE.fullmatch(line.strip())]
    head, body = rows[0], rows[1:]
    th = "".join(f"<th>{inline_html(c.strip())}</th>" for c in head)
    trs = "".join("<tr>" + "".join(_td(c.strip()) for c in r) + "</tr>" for r in body)
    return f'<table class="nnq-table"><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>'


def _td(cell: str) -> str:
    """A cell: a number or formula right-aligned, words (class ``w``) left-aligned."""
    if "\\(" in cell or cell.replace(".", "", 1).lstrip("-").isdigit():
        return f"<td>{inline_html(cell)}</td>"
    return f'<td class="w">{inline_html(cell)}</td>'

r"""Anki field HTML from text with MathJax math.

Every character is HTML-escaped, math included: the browser turns ``&lt;`` back into
``<`` before MathJax reads the page, so ``\(a < b\)`` and the ``&`` of a matrix typeset
as written. Math is never split by a tag (MathJax finds a formula only inside one
piece of text). Display math gets its own ``<div class="display">``, cut into pieces a
phone may break between (:mod:`nnquiz.export.mathflow`); long inline math too.

Two small markups, for text written by hand (the concept cards): a blank line starts a
paragraph, and lines starting with ``- `` make a bulleted list. ``**bold**`` is bold.
"""

from __future__ import annotations

import html
import re

from ..render.texmath import segments
from . import mathflow

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_BLANK_LINE = re.compile(r"\n[ \t]*+\n")


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
    for i, seg in enumerate(segs):
        if seg.kind == "inline":
            out.append(mathflow.inline_html(seg.body))
        elif seg.kind == "display":
            out.append(mathflow.display_html(seg.body))
        else:
            text = seg.body
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
    the ``<div>`` of display math); with ``markup``, ``- `` lists as ``<ul>``."""
    paras = [p.strip("\n") for p in _BLANK_LINE.split(s.strip()) if p.strip()]
    return "".join(_paragraph(p, markup) for p in paras)


def _paragraph(p: str, markup: bool) -> str:
    lines = p.split("\n")
    if (
        markup
        and lines[0].startswith("- ")
        and all(line.startswith(("- ", "  ")) for line in lines)
    ):
        items: list[str] = []
        for line in lines:
            if line.startswith("- "):
                items.append(line[2:])
            else:  # a continuation line of the item above
                items[-1] += "\n" + line.strip()
        body = "".join("<li>" + inline_html(i.strip(), markup) + "</li>" for i in items)
        return f"<ul>{body}</ul>"
    return '<div class="para">' + inline_html(p.strip(), markup) + "</div>"

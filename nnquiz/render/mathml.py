r"""Problem LaTeX (text with ``\( \)`` and ``\[ \]`` math) as HTML with MathML, and as
Markdown with ``$ $`` and ``$$ $$`` math.

The MathML is made when the sheet is written (by ``math-core``, a compiled converter
installed from PyPI like any dependency), so a sheet needs no script and no network:
every current browser lays MathML out itself. Text between the math is HTML-escaped.
A snippet the converter refuses is shown as its LaTeX source, marked, never dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Span:
    """Math in a text: ``text[start:end]`` is ``\\(inner\\)`` (``display``: ``\\[inner\\]``)."""

    start: int
    end: int
    inner: str
    display: bool


def spans(text: str) -> Iterator[Span]:
    """The math of ``text``, left to right, each opener with the nearest closer of its
    kind (as the lazy ``\\((.*?)\\)`` would, but linear: an opener with no closer after
    it is looked for once per kind, never again for each later opener)."""
    return (Span(*found) for found in _find(text))


def _find(text: str) -> list[tuple[int, int, str, bool]]:
    """:func:`spans` as (start, end, inner, display) tuples, all at once (the sheets ask
    for them line by line, tens of thousands of times): ``str.find`` from opener to
    closer, never a scan character by character. An opener with no closer of its kind
    after it has none after any later opener either: that kind is looked for no more."""
    if "\\" not in text:  # no backslash, no math (a sentence, a table's header)
        return []
    out = []
    inline, display = text.find("\\("), text.find("\\[")
    while inline >= 0 or display >= 0:
        shown = inline < 0 or 0 <= display < inline  # the nearer opener is \[
        start = display if shown else inline
        end = text.find("\\]" if shown else "\\)", start + 2)
        if end < 0:
            if shown:
                display = -1
            else:
                inline = -1
            continue
        out.append((start, end + 2, text[start + 2 : end], shown))
        if 0 <= inline < end + 2:
            inline = text.find("\\(", end + 2)
        if 0 <= display < end + 2:
            display = text.find("\\[", end + 2)
    return out


@lru_cache(maxsize=1)
def _converter():
    """The converter, and the error it raises (imported when first needed)."""
    from math_core import LatexError, LatexToMathML

    return LatexToMathML(fancy_error=False), LatexError


@lru_cache(maxsize=4096)  # the same notation lines recur on every sheet
def mathml(latex: str, display: bool = False) -> str:
    """One snippet as a ``<math>`` element (``display="block"`` for display math)."""
    converter, error = _converter()
    try:
        return converter.convert_with_local_state(latex, displaystyle=display)
    except error:
        tag = "pre" if display else "code"
        return f'<{tag} class="tex-error" title="LaTeX">{html.escape(latex)}</{tag}>'


def to_html(text: str) -> str:
    """Text with LaTeX math as HTML: each line a block (``<p>``, or a centred display
    line), each blank-line-separated paragraph a ``<div class="para">``; ``- `` lines a
    list, ``|`` lines a (Markdown pipe) table."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n".join('<div class="para">' + _blocks(p.split("\n")) + "</div>" for p in paragraphs)


_RULE = re.compile(r"\|(\s*:?-+:?\s*\|)+")  # a pipe table's | --- | row


def _blocks(lines: list[str]) -> str:
    out, k = [], 0
    while k < len(lines):
        line = lines[k].strip()
        if line.startswith("|") and line.endswith("|"):
            run = []
            while k < len(lines) and lines[k].strip().startswith("|"):
                run.append(lines[k].strip())
                k += 1
            out.append(_table(run))
        elif line.startswith("- "):
            run = []
            while k < len(lines) and lines[k].strip().startswith("- "):
                run.append(lines[k].strip()[2:])
                k += 1
            out.append("<ul>" + "".join(f"<li>{_spans(x)}</li>" for x in run) + "</ul>")
        else:
            out.append(_line(lines[k]))
            k += 1
    return "".join(out)


def _table(lines: list[str]) -> str:
    rows = [x[1:-1].split("|") for x in lines if not _RULE.fullmatch(x)]
    head = "".join(f"<th>{_spans(c.strip())}</th>" for c in rows[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{_spans(c.strip())}</td>" for c in r) + "</tr>" for r in rows[1:]
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def inline_html(text: str, displaystyle: bool = False) -> str:
    """One line of text with inline math, no block around it; ``displaystyle`` draws
    its fractions full size (a part's "Find ∂L/∂W⁽²⁾")."""
    return _spans(text, r"\displaystyle " if displaystyle else "")


@lru_cache(maxsize=4096)  # prose and fixed formulas recur on every sheet
def _line(line: str, bold: bool = False) -> str:
    stripped = line.strip()
    if not stripped:
        return ""
    if stripped[:2] == "\\[" and stripped.find("\\]", 2) == len(stripped) - 2:
        # a line of display math, its one closer at the end (most lines of a solution)
        return f'<div class="display">{mathml(stripped[2:-2].strip(), True)}</div>'
    found = _find(stripped)
    if found:
        start, end, inner, display = found[0]
        if display and start == 0 and end == len(stripped):
            return f'<div class="display">{mathml(inner.strip(), True)}</div>'
    return f"<p>{_spans(stripped, bold=bold, found=found)}</p>"


def card_html(text: str) -> str:
    """A concept card's side (``cards/README.md``): a blank line starts a paragraph,
    lines starting with ``- `` make a list, ``**bold**`` is bold, the rest is text
    (escaped), math as MathML."""
    out = []
    for p in re.split(r"\n\s*\n", text.strip()):
        lines = p.strip("\n").split("\n")
        if lines[0].startswith("- ") and all(x.startswith(("- ", "  ")) for x in lines):
            items: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:])
                else:  # indented under an item: it goes on
                    items[-1] += " " + line.strip()
            out.append(
                "<ul>" + "".join(f"<li>{_spans(i, bold=True)}</li>" for i in items) + "</ul>"
            )
        elif p.strip():
            out.append('<div class="para">' + "".join(_line(x, True) for x in lines) + "</div>")
    return "\n".join(out)


def _spans(text: str, style: str = "", bold: bool = False, found=None) -> str:
    """``text`` as HTML, its math as MathML (``found``: its :func:`_find`, if known)."""
    out = []
    pos = 0
    for start, end, inner, display in _find(text) if found is None else found:
        out.append(_text(text[pos:start], bold))
        if display:
            out.append(mathml(inner.strip(), True))
        else:
            out.append(mathml(style + inner.strip(), False))
        pos = end
    out.append(_text(text[pos:], bold))
    return "".join(out)


def _text(text: str, bold: bool) -> str:
    escaped = html.escape(text, quote=False)
    return _BOLD.sub(r"<b>\1</b>", escaped) if bold else escaped


def to_markdown(text: str) -> str:
    r"""``\(x\)`` as ``$x$`` and ``\[x\]`` as ``$$x$$`` (Pandoc, GitHub, Jupyter …);
    each line its own paragraph, so the problem's line breaks survive."""

    out = []
    pos = 0
    for start, end, inner, display in _find(text):
        fence = "$$" if display else "$"
        out += [text[pos:start], fence, inner.strip(), fence]
        pos = end
    out.append(text[pos:])
    return "\n\n".join(line for line in "".join(out).split("\n") if line.strip())

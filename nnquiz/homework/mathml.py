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
from functools import lru_cache

MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)


@lru_cache(maxsize=1)
def _converter():
    from math_core import LatexToMathML

    return LatexToMathML(fancy_error=False)


@lru_cache(maxsize=4096)  # the same notation lines recur on every sheet
def mathml(latex: str, display: bool = False) -> str:
    """One snippet as a ``<math>`` element (``display="block"`` for display math)."""
    from math_core import LatexError

    try:
        return _converter().convert_with_local_state(latex, displaystyle=display)
    except LatexError:
        tag = "pre" if display else "code"
        return f'<{tag} class="tex-error" title="LaTeX">{html.escape(latex)}</{tag}>'


def to_html(text: str) -> str:
    """Text with LaTeX math as HTML: each line a block (``<p>``, or a centred display
    line), each blank-line-separated paragraph a ``<div class="para">``."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n".join(
        '<div class="para">' + "".join(_line(line) for line in p.split("\n")) + "</div>"
        for p in paragraphs
    )


def inline_html(text: str, displaystyle: bool = False) -> str:
    """One line of text with inline math, no block around it; ``displaystyle`` draws
    its fractions full size (a part's "Find ∂L/∂W⁽²⁾")."""
    return _spans(text, r"\displaystyle " if displaystyle else "")


def _line(line: str) -> str:
    stripped = line.strip()
    if not stripped:
        return ""
    m = MATH.fullmatch(stripped)
    if m is not None and m.group(2) is not None:
        return f'<div class="display">{mathml(m.group(2).strip(), True)}</div>'
    return f"<p>{_spans(stripped)}</p>"


def _spans(text: str, style: str = "") -> str:
    out = []
    pos = 0
    for m in MATH.finditer(text):
        out.append(html.escape(text[pos : m.start()], quote=False))
        inline, display = m.group(1), m.group(2)
        if inline is not None:
            out.append(mathml(style + inline.strip(), False))
        else:
            out.append(mathml(display.strip(), True))
        pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def to_markdown(text: str) -> str:
    r"""``\(x\)`` as ``$x$`` and ``\[x\]`` as ``$$x$$`` (Pandoc, GitHub, Jupyter …);
    each line its own paragraph, so the problem's line breaks survive."""

    def swap(m: re.Match) -> str:
        if m.group(1) is not None:
            return f"${m.group(1).strip()}$"
        return f"$${m.group(2).strip()}$$"

    return "\n\n".join(line for line in MATH.sub(swap, text).split("\n") if line.strip())

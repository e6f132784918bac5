r"""Display math that wraps on a phone: a formula cut into pieces the browser can break between.

MathJax 3, which Anki ships, never breaks a formula over lines: a display wider than
the screen is cut off (a phone hides the scroll bar, so nothing says there is more).
Where a formula may break is no mystery, though: TeX breaks inline math after a
relation or a binary operator, and a worked solution's chain ``a = b = c ≈ d`` reads
well with each ``= …`` on a line of its own. So each display formula is cut, at its top
level (outside braces, ``\left … \right`` and environments; a relation also outside
plain brackets and parentheses), into

- *equations*, where ``\quad`` or ``\qquad`` joins two of them (``W = …,\quad b = …``);
- *links* of a chain, before each relation (``=``, ``\approx``, ``\le``, …);
- *terms* of a link, before each ``+``, ``-`` or ``\cdot`` written between spaces (as
  nnquiz writes a binary operator; ``-0.5`` is a number), also inside plain brackets,
  and between two matrices multiplied,

and each piece becomes its own formula, ``\(\displaystyle …\)`` in an inline block:

.. code-block:: html

    <div class="display"><span class="eq"><span class="t">\(\displaystyle z\)</span>
    <span class="t">\(\displaystyle {}= W h\)</span><span class="t">\(\displaystyle {}+ b\)</span>
    </span><span class="eq"><span class="t">\(\displaystyle {}\approx 0.5\)</span></span></div>

(no white space between the spans). The browser keeps a link on one line when it fits
and breaks between links first (a link is an inline block), then between terms; the
style sheet indents continued lines. A long chain (``long`` below) is marked ``chain``,
and on a phone each of its links starts a line: one relation per line, the result on a
line of its own. ``{}`` before a leading relation or operator keeps TeX's spacing.
Nothing is measured here: the browser does the fitting.
"""

from __future__ import annotations

import re

# What matters at the top level: groups that open and close, and the places to cut.
_DELIM = r"\s*+(?:\\[{}|]|\\[lr]?[vV]ert(?![A-Za-z])|[.()\[\]|])"
_REL = (
    r"=|&lt;|&gt;|<|>|\\approx|\\leq?|\\geq?|\\neq?|\\to|\\rightarrow|\\leftarrow|\\Rightarrow"
    r"|\\equiv|\\mapsto"
)
_SCAN = re.compile(
    r"(?P<juxt>(?<=\\end\{bmatrix\})(?=\\begin\{bmatrix\}))"
    rf"|(?P<open>\\begin\{{[A-Za-z]*\*?\}}|\\left{_DELIM}|(?<!\\)\{{)"
    rf"|(?P<close>\\end\{{[A-Za-z]*\*?\}}|\\right{_DELIM}|(?<!\\)\}})"
    r"|(?P<paren>(?<!\\)[(\[])|(?P<unparen>(?<!\\)[)\]])"
    r"|(?P<quad>,?\\q?quad(?![A-Za-z]))"
    rf"|(?P<rel>(?:{_REL})(?![A-Za-z]))"
    r"|(?P<bin>(?<= )(?:[+-]|\\cdot)(?= ))"
)  # linear: no pattern starts with or repeats what another part repeats
LONG = 70  # a chain of two relations or more whose TeX is longer breaks at each one on a phone
INLINE_LONG = 40  # inline math longer than this may break between its links and terms


def cuts(tex: str) -> list[tuple[int, int, str]]:
    """The top-level places to cut ``tex``: ``(start, end, kind)`` with kind ``quad`` (a
    ``\\quad`` between equations: the span is dropped), ``rel`` or ``bin`` (the piece after
    the cut starts with the operator). Empty when the groups do not balance."""
    depth = parens = 0  # groups no cut may enter; plain brackets, which only a relation respects
    found: list[tuple[int, int, str]] = []
    for m in _SCAN.finditer(tex):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth < 0:
                return []
        elif kind == "paren":
            parens += 1
        elif kind == "unparen":
            parens = max(parens - 1, 0)
        elif depth == 0 and kind == "juxt":
            found.append((m.start(), m.end(), "bin"))
        elif depth == 0 and (parens == 0 or kind == "bin" and parens == 1):
            found.append((m.start(), m.end(), kind))
    return found if depth == 0 else []


def unfenced(tex: str) -> str:
    """``tex`` with each top-level ``\\left … \\right`` pair that holds a spaced ``+`` or
    ``-`` at its own level made ``\\bigl … \\bigr`` (``\\Bigl`` around a fraction), so
    a line may break inside it: ``-\\frac{1}{3}\\left[\\ln(0.45) + \\ln(0.5)\\right]``
    (MathJax cannot split a ``\\left`` from its ``\\right``). Same length, same places."""
    if r"\left" not in tex:
        return tex
    depth, opened, split, pairs = 0, -1, False, []
    for m in _SCAN.finditer(tex):
        kind = m.lastgroup
        if kind == "open":
            if depth == 0 and m.group().startswith(r"\left"):
                opened, split = m.start(), False
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0 and opened >= 0 and split and m.group().startswith(r"\right"):
                pairs.append((opened, m.start()))
            if depth <= 0:
                opened = -1
        elif kind == "bin" and depth == 1 and opened >= 0:
            split = True
    for start, end in pairs:
        size = "B" if r"\frac" in tex[start:end] else "b"
        tex = f"{tex[:start]}\\{size}igl{tex[start + 5 : end]}\\{size}igr {tex[end + 6 :]}"
    return tex


def pieces(tex: str) -> list[list[list[str]]]:
    """``tex`` cut into equations, each a list of links, each a list of terms (TeX).

    An equation's first link holds its left side and first relation (``a = b``); every
    further link starts with its relation, and every term but an equation's first with
    its relation or operator."""
    tex = unfenced(tex)
    equations: list[list[list[str]]] = [[[]]]
    pos = 0
    related = False  # whether the current equation's first link has its relation yet
    for start, end, kind in cuts(tex):
        piece = tex[pos:start].strip()
        if kind == "quad":
            if tex[start] == ",":
                piece += ","
            _add(equations[-1], piece)
            equations.append([[]])
            pos, related = end, False
            continue
        _add(equations[-1], piece)
        if kind == "rel":
            if related and equations[-1][-1]:
                equations[-1].append([])  # a new link of the chain
            related = True
        pos = start
    _add(equations[-1], tex[pos:].strip())
    return [[link for link in eq if link] for eq in equations if any(eq)]


def _add(links: list[list[str]], piece: str) -> None:
    if piece:
        links[-1].append(piece)


def _links(eqs: list[list[list[str]]], style: str) -> str:
    out = []
    for k, eq in enumerate(eqs):
        first = True
        for link in eq:
            terms = []
            for term in link:
                lead = "" if first else "{}"  # keeps a leading relation or operator spaced
                terms.append(rf'<span class="t">\({style}{lead}{term}\)</span>')
                first = False
            cls = "eq q" if k and link is eq[0] else "eq"  # q: after a \quad
            out.append(f'<span class="{cls}">' + "".join(terms) + "</span>")
    return "".join(out)


def display_html(tex: str) -> str:
    """One display formula (escaped TeX, without ``\\[ \\]``) as wrapping HTML."""
    eqs = pieces(tex)
    relations = sum(len(eq) - 1 for eq in eqs)
    cls = "display chain" if relations >= 2 and len(tex) > LONG else "display"
    return f'<div class="{cls}">' + _links(eqs, r"\displaystyle ") + "</div>"


def inline_html(tex: str) -> str:
    """One inline formula (escaped TeX, without ``\\( \\)``): as it is when it is short,
    else in pieces a line may break between (``<span class="flow">``)."""
    if len(tex) <= INLINE_LONG:
        return rf"\({tex}\)"
    eqs = pieces(tex)
    if len(eqs) == 1 and len(eqs[0]) == 1 and len(eqs[0][0]) == 1:
        return rf"\({tex}\)"
    return '<span class="flow">' + _links(eqs, "") + "</span>"

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
from functools import lru_cache

# The places a formula may be cut; whether one is at the top level is counted after.
_CANDIDATE = re.compile(
    r"(?:=|&lt;|&gt;|\\(?:approx|leq?|geq?|neq?|to|rightarrow|leftarrow|Rightarrow|equiv"
    r"|mapsto)(?![A-Za-z]))"  # a relation
    r"|,?\\q?quad(?![A-Za-z])"  # \quad between two equations
    r"| (?:[+-]|\\cdot) "  # a binary operator, written between spaces
    r"|\\end\{bmatrix\}(?=\\begin\{bmatrix\})"  # two matrices multiplied
)
_MATRIX_END = r"\end{bmatrix}"
LONG = 70  # a chain of two relations or more whose TeX is longer breaks at each one on a phone
INLINE_LONG = 40  # inline math longer than this may break between its links and terms


# What opens (+1) or closes (-1) a group no cut may enter, and a plain bracket.
_GROUPS = (
    ("{", 1), ("}", -1), (r"\{", -1), (r"\}", 1), (r"\left", 1), (r"\leftarrow", -1),
    (r"\right", -1), (r"\rightarrow", 1), (r"\begin", 1), (r"\end", -1),
)  # fmt: skip
_BRACKETS = (
    ("(", 1), ("[", 1), (")", -1), ("]", -1),
    (r"\left(", -1), (r"\left[", -1), (r"\right)", 1), (r"\right]", 1),
)  # fmt: skip


class _Depth:
    """How deep each place of a formula is, in groups no cut may enter (braces,
    environments, ``\\left … \\right``) and in plain brackets: counted in C between one
    place asked and the next (places are asked in order)."""

    def __init__(self, tex: str):
        self.tex = tex
        self.groups = [(t, w) for t, w in _GROUPS if t in tex]
        self.brackets = [(t, w) for t, w in _BRACKETS if t in tex]
        self.at, self.depth, self.bracket = 0, 0, 0

    def __call__(self, p: int) -> tuple[int, int]:
        c, a = self.tex.count, self.at
        if p < a:  # asked out of order: count from the start
            self.at = a = self.depth = self.bracket = 0
        self.depth += sum(w * c(t, a, p) for t, w in self.groups)
        self.bracket += sum(w * c(t, a, p) for t, w in self.brackets)
        self.at = p
        return self.depth, self.bracket


@lru_cache(maxsize=4096)  # a step's lines are cut again to fold and to draw them
def cuts(tex: str) -> tuple[tuple[int, int, str], ...]:
    """The top-level places to cut ``tex``: ``(start, end, kind)`` with kind ``quad`` (a
    ``\\quad`` between equations: the span is dropped), ``rel`` or ``bin`` (the piece after
    the cut starts with the operator). Empty when the groups do not balance."""
    found = list(_CANDIDATE.finditer(tex))
    if not found or _Depth(tex)(len(tex))[0] != 0:
        return ()
    depth_at = _Depth(tex)
    out: list[tuple[int, int, str]] = []
    for m in found:
        t = m.group()
        matrices = t.startswith(_MATRIX_END)
        depth, brackets = depth_at(m.end() if matrices else m.start())
        if depth:
            continue
        if t[0] == " ":  # a binary operator may break inside one pair of brackets
            if brackets <= 1:
                out.append((m.start() + 1, m.end() - 1, "bin"))
        elif matrices:
            out.append((m.end(), m.end(), "bin"))
        elif brackets <= 0:
            out.append((m.start(), m.end(), "quad" if t.endswith("quad") else "rel"))
    return tuple(out)


def unfenced(tex: str) -> str:
    """``tex`` with each top-level ``\\left … \\right`` pair that holds a spaced ``+`` or
    ``-`` at its own level made ``\\bigl … \\bigr`` (``\\Bigl`` around a fraction), so
    a line may break inside it: ``-\\frac{1}{3}\\left[\\ln(0.45) + \\ln(0.5)\\right]``
    (MathJax cannot split a ``\\left`` from its ``\\right``). Same length, same places."""
    if r"\left" not in tex or (" + " not in tex and " - " not in tex):
        return tex
    depth = _Depth(tex)
    if depth(len(tex))[0] != 0:
        return tex
    pairs = set()
    for m in _CANDIDATE.finditer(tex):
        if m.group()[0] != " " or depth(m.start())[0] != 1:
            continue
        start = tex.rfind(r"\left", 0, m.start())
        while start >= 0 and (tex.startswith(r"\leftarrow", start) or depth(start)[0]):
            start = tex.rfind(r"\left", 0, start)
        end = tex.find(r"\right", m.end())
        while end >= 0 and (tex.startswith(r"\rightarrow", end) or depth(end)[0] != 1):
            end = tex.find(r"\right", end + 1)
        if start >= 0 and end > 0 and depth(start)[0] == 0:
            pairs.add((start, end))
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

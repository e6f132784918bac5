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
- *terms* of a link, before each ``+`` or ``-`` written between spaces (as nnquiz
  writes a binary operator; ``-0.5`` is a number), also inside plain brackets, and
  between two matrices multiplied; before a spaced ``\cdot`` only in a link without
  such a ``+`` or ``-`` (a product of many factors): a product in a sum stays whole, so
  a line never starts with ``\cdot`` and leaves ``+ 0.3`` looking like a term,

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

import bisect
import re
from functools import lru_cache

# A formula as tokens, in one pass of C (linear: an environment's body is read at most
# 4,000 characters from its \begin): the places that matter (a relation, a spaced
# binary operator, a \quad, a bracket, \left, \right) one token each, and everything
# between them one run: plain characters, macros, whole environments, whole brace groups
# (4 deep at most; a deeper one falls apart into single braces, and the formula is then
# left whole). Cuts are between tokens, so never inside a group.
_SPECIAL = (
    r"(?:left|right|approx|leq?|geq?|neq?|to|rightarrow|leftarrow|Rightarrow|equiv|mapsto"
    r"|cdot|q?quad|begin|end)(?![A-Za-z])"
)
_TOKEN = re.compile(
    r"(?:[^{}\\ =&,()\[\]<>]++"
    r"|\\begin\{[A-Za-z]++\*?\}(?:(?!\\end\{).){0,4000}+\\end\{[A-Za-z]++\*?\}"
    r"|\{(?:[^{}]|\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*+\})*+\})*+\})*+\}"
    rf"|\\(?!{_SPECIAL})[A-Za-z]++|\\[^A-Za-z]|&(?![lg]t;)|,(?!\\q?quad(?![A-Za-z]))"
    r"| (?!(?:[+-]|\\cdot) ))++"
    r"| (?:[+-]|\\cdot) |,?\\q?quad(?![A-Za-z])|\\[A-Za-z]++|&[lg]t;|.",
    re.S,
)
_KIND = {
    **dict.fromkeys(
        r"= < > &lt; &gt; \approx \le \leq \ge \geq \ne \neq \to \rightarrow \leftarrow"
        r" \Rightarrow \equiv \mapsto".split(),
        "rel",
    ),
    **dict.fromkeys([" + ", " - "], "bin"),
    r" \cdot ": "dot",
    **dict.fromkeys([r"\quad", r"\qquad", r",\quad", r",\qquad"], "quad"),
    **dict.fromkeys(["(", "["], "open"),
    **dict.fromkeys([")", "]"], "close"),
    r"\left": "left",
    r"\right": "right",
    **dict.fromkeys(["{", "}", r"\begin", r"\end"], "bad"),
}
LONG = 70  # a chain of two relations or more whose TeX is longer breaks at each one on a phone
INLINE_LONG = 40  # inline math longer than this may break between its links and terms
LEFT_SIDE = 16  # inline math: a left side this short stays on the line of its relation


@lru_cache(maxsize=4096)  # a step's lines are cut again to fold and to draw them
def cuts(tex: str) -> tuple[tuple[int, int, str], ...]:
    """The top-level places to cut ``tex``: ``(start, end, kind)`` with kind ``quad`` (a
    ``\\quad`` between equations: the span is dropped), ``rel`` or ``bin`` (the piece after
    the cut starts with the operator). Empty when the groups do not balance."""
    return _products_whole_in_sums(_cuts(tex), len(tex))


PRODUCT = 60  # a product in a sum whose TeX is no longer than this is never cut


def _products_whole_in_sums(
    found: list[tuple[int, int, str]], size: int
) -> tuple[tuple[int, int, str], ...]:
    """``found`` (the cuts of a formula ``size`` long) with each ``\\cdot`` (kind
    ``dot``) made a ``bin``, but dropped where it is in a short term of a sum (its link,
    the cuts between two relations or quads, has a ``+`` or ``-``): ``+ 0.3 \\cdot 0.75``
    stays whole, ``- 0.5 \\cdot`` a wide matrix does not."""
    if not any(k == "dot" for _, _, k in found):
        return tuple(found)
    out: list[tuple[int, int, str]] = []
    link: list[tuple[int, int, str]] = []
    begin = 0  # where the current link starts
    for cut in [*found, (size, size, "rel")]:
        if cut[2] not in ("rel", "quad"):
            link.append(cut)
            continue
        terms = [c for c in link if c[2] == "bin" and c[0] < c[1]]  # c[0] == c[1]: A B
        edges = [begin, *(c[0] for c in terms), cut[0]]
        for a, b, k in link:
            if k != "dot":
                out.append((a, b, k))
            elif not terms or _term_length(edges, a) > PRODUCT:
                out.append((a, b, "bin"))
        link, begin = [], cut[0]
        if cut[0] < size:
            out.append(cut)
    return tuple(out)


def _term_length(edges: list[int], at: int) -> int:
    """The length of the term (between two of the sorted ``edges``) holding ``at``."""
    k = bisect.bisect(edges, at)
    return edges[min(k, len(edges) - 1)] - edges[k - 1]


def _cuts(tex: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    pos = fences = brackets = 0
    delimiter = False  # the token after \left or \right is its delimiter, not a bracket
    for t in _TOKEN.findall(tex):
        start, pos = pos, pos + len(t)
        kind = _KIND.get(t)
        if kind is None:
            delimiter = False
            if _PRODUCT in t and not fences and not brackets:
                out += _products(t, start)
        elif delimiter:
            delimiter = False
        elif kind == "open":
            brackets += 1
        elif kind == "close":
            brackets = max(brackets - 1, 0)
        elif kind == "left" or kind == "right":
            fences += 1 if kind == "left" else -1
            delimiter = True
        elif kind == "bad":
            return []
        elif fences:
            continue
        elif kind == "bin" or kind == "dot":
            if brackets <= 1:  # a binary operator may break inside one pair of brackets
                out.append((start + 1, pos - 1, kind))
        elif not brackets:
            out.append((start, pos, kind))
    if fences:
        return []
    return out


_PRODUCT = r"\end{bmatrix}\begin{bmatrix}"  # two matrices multiplied


def _products(run: str, at: int) -> list[tuple[int, int, str]]:
    """The places between two matrices multiplied, in a run of ``tex`` at ``at`` (not
    inside one of its brace groups)."""
    found = []
    k = run.find(_PRODUCT)
    while k >= 0:
        cut = k + len(r"\end{bmatrix}")
        if run.count("{", 0, cut) == run.count("}", 0, cut):
            found.append((at + cut, at + cut, "bin"))
        k = run.find(_PRODUCT, cut)
    return found


def unfenced(tex: str) -> str:
    """``tex`` with each top-level ``\\left … \\right`` pair that holds a spaced ``+`` or
    ``-`` at its own level made ``\\bigl … \\bigr`` (``\\Bigl`` around a fraction), so
    a line may break inside it: ``-\\frac{1}{3}\\left[\\ln(0.45) + \\ln(0.5)\\right]``
    (MathJax cannot split a ``\\left`` from its ``\\right``). Same length, same places."""
    if r"\left" not in tex or (" + " not in tex and " - " not in tex):
        return tex
    pairs, pos, fences, opened, split = [], 0, 0, -1, False
    for t in _TOKEN.findall(tex):
        start, pos = pos, pos + len(t)
        if t == r"\left":
            if fences == 0:
                opened, split = start, False
            fences += 1
        elif t == r"\right":
            fences -= 1
            if fences == 0 and split:
                pairs.append((opened, start))
        elif fences == 1 and t in (" + ", " - "):
            split = True
    if fences:
        return tex
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


SHORT = 38  # TeX this short draws at most 20 em wide (a phone's line): left whole
_STYLE = r"\displaystyle "  # a display's pieces are inline formulas drawn display-size


def display_html(tex: str) -> str:
    """One display formula (escaped TeX, without ``\\[ \\]``) as wrapping HTML."""
    if len(tex) <= SHORT:
        return f'<div class="display">{_links([[[tex]]], _STYLE)}</div>'
    eqs = pieces(tex)
    relations = sum(len(eq) - 1 for eq in eqs)
    cls = "display chain" if relations >= 2 and len(tex) > LONG else "display"
    return f'<div class="{cls}">' + _links(eqs, _STYLE) + "</div>"


def inline_html(tex: str, before: str = "", after: str = "") -> str:
    """One inline formula (escaped TeX, without ``\\( \\)``): as it is when it is short,
    else in pieces a line may break between (``<span class="flow">``). ``before`` (an
    opening bracket) and ``after`` (punctuation) are text kept on its first and last line."""
    eqs = pieces(tex) if len(tex) > INLINE_LONG else [[[tex]]]
    if len(eqs) == 1 and len(eqs[0]) == 1 and len(eqs[0][0]) == 1:
        whole = rf"{before}\({tex}\){after}"
        return f'<span class="nw">{whole}</span>' if before or after else whole
    link = eqs[0][0]
    if len(link) > 1 and len(link[0]) <= LEFT_SIDE:  # "b" then "= [-1]" reads badly
        link[:2] = [f"{link[0]} {link[1]}"]
    html = _links(eqs, "")
    first, last = '<span class="t">', "</span></span>"  # the first term opens, the last closes
    html = html.replace(first, first + before, 1) if before else html
    html = html[: -len(last)] + after + last if after else html
    return '<span class="flow">' + html + "</span>"

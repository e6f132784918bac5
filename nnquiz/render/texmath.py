r"""Text with MathJax math: split it into pieces, and check the math before Anki sees it.

Math is written ``\( … \)`` (inline) or ``\[ … \]`` (display), the only delimiters Anki's
MathJax reads. :func:`segments` splits a string into text and math pieces;
:func:`problems` lists what is wrong with it (unbalanced delimiters or braces, ``$``
math, Anki's ``[latex]`` images, environments that do not match, macros MathJax's
``base`` and ``ams`` packages do not define). The deck tests typeset every formula with
MathJax itself; this check is the quick one that runs when cards are loaded.
"""

from __future__ import annotations

import re
from typing import NamedTuple

OPEN = {r"\(": "inline", r"\[": "display"}
CLOSE = {r"\)": "inline", r"\]": "display"}
# Every pattern is linear in the text (card files are the user's): possessive runs, and
# a run that stops at the next backslash, so no two tries read the same characters.
_SPLIT = re.compile(r"(\\[()\[\]])")  # a delimiter (unless its backslash is escaped)
_MACRO = re.compile(r"\\([A-Za-z]++|.)", re.S)
_ENV = re.compile(r"\\(begin|end)\s*+\{([^{}\\]*+)\}")
_NAMED_MACRO = re.compile(r"\\[A-Za-z]++")
_ESCAPE_OR_BRACE = re.compile(r"\\.|[{}]", re.S)
_LEFT = re.compile(r"\\left\b")
_RIGHT = re.compile(r"\\right\b")


class Segment(NamedTuple):
    """A piece of a string: ``kind`` is ``text``, ``inline`` or ``display``; ``body``
    is the text, or the TeX between the delimiters. (A named tuple: deck export makes
    hundreds of thousands.)"""

    kind: str
    body: str


_new = tuple.__new__  # builds a Segment without the named tuple's slower __new__


class MathError(ValueError):
    """A string whose math MathJax would not typeset."""


def segments(s: str) -> list[Segment]:
    r"""``s`` split into text and math; MathError for a stray or unclosed delimiter.

    A backslash escapes the next character, so ``\\(`` is an escaped backslash and a
    parenthesis, never the start of math.
    """
    pieces = _SPLIT.split(s)  # text, delimiter, text, delimiter, …, text
    out: list[Segment] = []
    kind = None  # the kind of math being read, or None in text
    buf = pieces[0]
    for i in range(1, len(pieces), 2):
        tok, after = pieces[i], pieces[i + 1]
        if buf.endswith("\\") and (len(buf) - len(buf.rstrip("\\"))) % 2:
            buf += tok + after  # the delimiter's backslash is escaped: plain characters
            continue
        if kind is None:
            if tok in CLOSE:
                raise MathError(f"{tok} without an opening {_opener(CLOSE[tok])}")
            if buf:
                out.append(_new(Segment, ("text", buf)))
            kind = OPEN[tok]
        elif tok in OPEN:
            raise MathError(f"{tok} inside math that {_opener(kind)} opened")
        elif CLOSE[tok] != kind:
            raise MathError(f"{_opener(kind)} closed by {tok}")
        else:
            out.append(_new(Segment, (kind, buf)))
            kind = None
        buf = after
    if kind is not None:
        raise MathError(f"{_opener(kind)} is never closed")
    if buf:
        out.append(Segment("text", buf))
    return out


def _opener(kind: str) -> str:
    return r"\(" if kind == "inline" else r"\["


def problems(s: str) -> list[str]:
    """What is wrong with the math of ``s`` (empty when nothing is)."""
    try:
        parts = segments(s)
    except MathError as e:
        return [str(e)]
    found: list[str] = []
    for seg in parts:
        if seg.kind == "text":
            found += _text_problems(seg.body)
        else:
            found += [f"{_show(seg)}: {p}" for p in tex_problems(seg.body)]
    return found


def _show(seg: Segment) -> str:
    body = seg.body if len(seg.body) <= 40 else seg.body[:37] + "..."
    return _opener(seg.kind) + body + (r"\)" if seg.kind == "inline" else r"\]")


def _text_problems(text: str) -> list[str]:
    found = []
    if "[latex]" in text or "[$]" in text or "[$$]" in text:
        found.append("Anki's [latex] images are not used: write math as \\( \\) or \\[ \\]")
    if "$" in text:
        found.append("'$' in text: Anki's MathJax reads only \\( \\) and \\[ \\], not $...$")
    m = _NAMED_MACRO.search(text)
    if m:
        found.append(f"{m.group()} outside math: put it inside \\( \\)")
    return found


def tex_problems(tex: str) -> list[str]:
    """What is wrong with one formula (the TeX between its delimiters)."""
    if not tex.strip():
        return ["empty formula"]
    found = []
    depth = 0
    for m in _ESCAPE_OR_BRACE.finditer(tex):
        t = m.group()
        depth += (t == "{") - (t == "}")
        if depth < 0:
            found.append("'}' without '{'")
            break
    if depth > 0:
        found.append("'{' never closed")
    lefts, rights = len(_LEFT.findall(tex)), len(_RIGHT.findall(tex))
    if lefts != rights:
        found.append(f"{lefts} \\left but {rights} \\right")
    found += _env_problems(tex)
    unknown = sorted({m.group(1) for m in _MACRO.finditer(tex)} - KNOWN_MACROS)
    found += [f"unknown macro \\{name}" for name in unknown if name.isalpha()]
    return found


def _env_problems(tex: str) -> list[str]:
    stack: list[str] = []
    for kind, name in _ENV.findall(tex):
        if kind == "begin":
            if name not in KNOWN_ENVIRONMENTS:
                return [f"unknown environment {name!r}"]
            stack.append(name)
        elif not stack or stack.pop() != name:
            return [f"\\end{{{name}}} does not match its \\begin"]
    return [f"\\begin{{{stack[-1]}}} never ended"] if stack else []


KNOWN_ENVIRONMENTS = frozenset(
    "matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix cases aligned alignedat "
    "gathered split array subarray".split()
)

# Macros of MathJax's ``base`` and ``ams`` TeX packages that cards and problems use or are
# likely to; anything else is refused here (and MathJax itself checks in the tests).
KNOWN_MACROS = frozenset(
    """
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu
    nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma
    Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
    frac dfrac tfrac sqrt sum prod int lim limsup liminf max min arg sup inf det dim ker Pr
    log ln lg exp sin cos tan sec csc cot sinh cosh tanh arcsin arccos arctan gcd deg hom
    operatorname mathrm mathbf mathit mathsf mathtt mathcal mathbb mathfrak text textbf
    textit textrm textsf texttt mbox hat bar tilde vec dot ddot check breve acute grave
    overline underline widehat widetilde overbrace underbrace overset underset stackrel
    cdot cdots ldots dots vdots ddots times div pm mp le leq ge geq ne neq lt gt approx sim
    simeq cong equiv propto ll gg in notin ni subset subseteq supset supseteq cup cap
    setminus emptyset varnothing infty partial nabla to rightarrow leftarrow
    leftrightarrow Rightarrow Leftarrow Leftrightarrow longrightarrow longleftarrow
    Longrightarrow iff implies impliedby mapsto gets uparrow downarrow Uparrow Downarrow
    forall exists nexists neg lnot land lor wedge vee odot otimes oplus circ bullet star
    ast top bot perp parallel mid nmid left right middle big Big bigg Bigg bigl bigr Bigl
    Bigr biggl biggr quad qquad displaystyle textstyle scriptstyle limits nolimits mathop
    binom tbinom dbinom choose lVert rVert lvert rvert Vert vert langle rangle lfloor
    rfloor lceil rceil ell hbar imath jmath prime backslash begin end phantom hphantom
    vphantom hspace boxed tag notag nonumber substack bmod pmod mod colon ldotp cdotp
    lbrace rbrace lbrack rbrack leqslant geqslant square checkmark triangle
    """.split()
)

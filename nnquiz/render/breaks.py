"""Where a line of prose may break when it is word-wrapped for a terminal.

nnquiz's prose carries its math inline and unmarked ("Use L = −(1/n) Σᵢ [yᵢ ln pᵢ +
(1 − yᵢ) ln(1 − pᵢ)]."), and its messages carry key hints ("q quits · ? helps"). A
space is kept (does not break) when it lies:

- inside brackets whose group holds math or numbers, or is short (``[1 2; 3 4]``,
  ``(2, 1)``, ``[0.0466, 0.9362, 0.01715]``);
- beside an operator or relation standing alone (``L = −(1/n)``, ``a + b``);
- between two pieces of math (``−(1/n) Σᵢ``);
- after a key named by one character, or Enter, before the word that says what it
  does (``? helps``, ``q quits``, ``Enter goes``).

A run kept together that is wider than the line is opened again at its weakest spaces
first (between pieces of math, then before a relation, before a sum, before another
operator, after an operator, inside brackets from the outermost in), as a formula is split in
:func:`.fit.fit_block`; a key hint is never opened.
"""

from __future__ import annotations

RELATIONS = frozenset("=≈≤≥<>≠→⇒↦∈")
SUMS = frozenset("+−-±")
OPERATORS = RELATIONS | SUMS | frozenset("×÷/")  # '·' alone is a separator in prose
_MATH = frozenset("=≈≤≥<>≠→+−±×÷/·^_∑Σ∂∇√∞ᵀ²³¹()[]{}⎡⎢⎣⎤⎥⎦")
_OPEN, _CLOSE = "([{", ")]}"
_KEYS = frozenset({"Enter", "Ctrl-C", "Ctrl-D"})
KEY = 20  # the strength of a key hint: never opened
_INSIDE = 10  # the strength of a space inside a bracketed group, plus its depth


def mathy(token: str) -> bool:
    """Whether ``token`` holds math: an operator, a bracket, a Greek letter, a
    subscript or superscript, a combining mark or a mathematical symbol."""
    for c in token:
        o = ord(c)
        if (
            c in _MATH
            or 0x0370 <= o <= 0x03FF  # Greek
            or 0x0300 <= o <= 0x036F  # combining marks (ŷ written y + ̂)
            or 0x2070 <= o <= 0x209F  # superscripts and subscripts
            or 0x1D00 <= o <= 0x1DBF  # phonetic letters: ᵢ ᵀ
            or 0x2200 <= o <= 0x22FF  # mathematical operators
            or o == 0x2C7C  # ⱼ
        ):
            return True
    return False


def kept_spaces(line: str, room: int, short: int) -> list[int]:
    """The positions of the spaces in ``line`` that must not break, for lines of
    ``room`` columns; a bracketed group of words is kept whole when at most ``short``
    long."""
    strength = strengths(line, short)
    kept: list[int] = []

    def settle(lo: int, hi: int) -> None:
        inner = [i for i in range(lo, hi) if i in strength]
        if not inner:
            return
        if hi - lo <= room:
            kept.extend(inner)
            return
        weakest = min(strength[i] for i in inner)
        if weakest >= KEY:
            kept.extend(inner)
            return
        cuts = [i for i in inner if strength[i] == weakest]
        for a, b in zip([lo] + [c + 1 for c in cuts], cuts + [hi]):
            settle(a, b)

    start = 0
    for i, c in enumerate(line):
        if c == " " and i not in strength:
            settle(start, i)
            start = i + 1
    settle(start, len(line))
    return sorted(kept)


def strengths(line: str, short: int) -> dict[int, int]:
    """For each space that should not break, how strongly (see the module's order)."""
    inside = _bracketed(line, short)
    out: dict[int, int] = {}
    for i, c in enumerate(line):
        if c != " " or i == 0 or i == len(line) - 1 or line[i + 1] == " " or line[i - 1] == " ":
            continue
        left = line[line.rfind(" ", 0, i) + 1 : i]
        end = line.find(" ", i + 1)
        right = line[i + 1 : end if end >= 0 else len(line)]
        s = 0
        if _key(left) and right.isalpha() and right.islower():
            s = KEY
        elif i in inside:
            s = _INSIDE + inside[i]
        elif _alone(left, OPERATORS):  # a line never ends with an operator
            s = 5
        elif _alone(right, RELATIONS):
            s = 2
        elif _alone(right, SUMS):
            s = 3
        elif _alone(right, OPERATORS):
            s = 4
        elif mathy(left.rstrip(",.;:")) and mathy(right):
            s = 1
        if s:
            out[i] = s
    return out


def _key(token: str) -> bool:
    """A key named in a hint: one character (``q``, ``?``, ``1``; not the words a, A,
    I), or Enter, Ctrl-C, Ctrl-D."""
    if len(token) == 1:
        return (token.isalnum() or token == "?") and token not in "aAI"
    return token in _KEYS


def _alone(token: str, ops: frozenset[str]) -> bool:
    """An operator standing alone: ``=``, ``−``, ``≈``."""
    return bool(token) and all(c in ops for c in token)


def _numbers(text: str) -> bool:
    """Numbers only: '0.0466, 0.9362, 0.01715', '1 2; 3 4', '1.5e-3'."""
    return any(c.isdigit() for c in text) and all(c.isdigit() or c in ".,;:-e " for c in text)


def _unbracketed(text: str) -> str:
    return "".join(c for c in text if c not in _OPEN and c not in _CLOSE)


def _bracketed(line: str, short: int) -> dict[int, int]:
    """The spaces inside bracketed groups that hold math or are at most ``short``
    long, each with the depth of its innermost such group (1 outermost)."""
    stack: list[tuple[int, list[int]]] = []  # (where the group opens, its spaces)
    out: dict[int, int] = {}
    for i, c in enumerate(line):
        if c in _OPEN:
            stack.append((i, []))
        elif c in _CLOSE and stack:
            start, spaces = stack.pop()
            group = line[start : i + 1]
            inner = _unbracketed(group)
            if len(group) <= short or mathy(inner) or _numbers(inner):
                depth = 1 + sum(1 for s, _ in stack)
                for k in spaces:
                    out.setdefault(k, depth)
        elif c == " " and stack:
            stack[-1][1].append(i)
    return out

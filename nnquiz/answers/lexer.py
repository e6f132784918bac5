"""Split a typed answer into tokens, each remembering where it stands in the text.

The tokenizer works on the text as the student sees it (``visible`` first removes the
zero-width characters, and maps positions back), so every position it reports is a
position in what the student sees. Look-alike characters are folded into one spelling:
the Unicode minus ``−`` and every dash (``‐ ‑ ‒ – — ﹘ ﹣ －``) become ``-``, also in a
number's exponent (``6.166e–4`` is 6.166×10⁻⁴, as with ``-``: phones and word processors
turn the hyphen typed into a dash); ``×`` ``·`` become ``*``, ``÷`` becomes ``/``, ``**``
becomes ``^``, and the bracket pieces nnquiz draws matrices with (``⎡ ⎢ ⎣`` and ``⎤ ⎥
⎦``) become ``[`` and ``]``. Superscripts (``10⁻³``, ``e²``) are one ``sup`` token
holding the integer power.

Spaces other than a plain space or tab (a no-break, narrow, thin or hair space, …)
separate like a space, except between the digits of a number (``1 000`` with a narrow
no-break space, as digit groups are printed): there they are refused with a hint, never
read as two entries. Every quantifier in the token pattern is possessive and the
alternatives start with disjoint characters, so tokenizing is linear in the length.
"""

from __future__ import annotations

import re

from .unreadable import describe

OPS = frozenset("+-*/^(),;[]%√≈")  # operators after folding; each is its own token kind

# Dash-like characters read as a minus sign, wherever they stand (also in an exponent)
DASHES = (
    "\u2010"  # ‐ hyphen
    "\u2011"  # ‑ non-breaking hyphen
    "\u2012"  # ‒ figure dash
    "\u2013"  # – en dash
    "\u2014"  # — em dash
    "\u2212"  # − minus sign
    "\ufe58"  # ﹘ small em dash
    "\ufe63"  # ﹣ small hyphen-minus
    "\uff0d"  # － fullwidth hyphen-minus
)
# Invisible characters with no width: removed before reading (``visible``), so a pasted
# ``-0.000\u200b6166`` is the number the student sees, never two entries
ZERO_WIDTH = (
    "\u00ad"  # soft hyphen
    "\u180e"  # Mongolian vowel separator
    "\u200b"  # zero-width space
    "\u200c"  # zero-width non-joiner
    "\u200d"  # zero-width joiner
    "\u2060"  # word joiner
    "\ufeff"  # zero-width no-break space (byte-order mark)
)
# Whitespace that separates entries; only a plain space and a tab may stand inside a row
# of digits (``_inside_number``)
_SPACES = "\t\f\v \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_PLAIN_SPACE = frozenset(" \t")

_FOLD = {
    "**": "^",
    **dict.fromkeys(DASHES, "-"),
    "×": "*",
    "·": "*",
    "⋅": "*",
    "∗": "*",
    "÷": "/",
    "∕": "/",
    "⎡": "[",
    "⎢": "[",
    "⎣": "[",
    "⎤": "]",
    "⎥": "]",
    "⎦": "]",
}
_SUP_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP = str.maketrans(_SUP_DIGITS + "⁺⁻", "0123456789+-")
_MINUS = str.maketrans(dict.fromkeys(DASHES, "-"))
_DROP = str.maketrans(dict.fromkeys(ZERO_WIDTH))

# One alternative per kind, the commonest first; the last catches any other character,
# so the matches tile the text and each token's position is the sum of those before it.
_TOKEN = re.compile(
    rf"""
     (\*\*|[-+*/^(),;\[\]%√≈{DASHES}×·⋅∗÷∕⎡⎢⎣⎤⎥⎦])
    |((?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE][-+{DASHES}]?[0-9]++)?)
    |([A-Za-z][A-Za-z0-9]*+|[πσ])
    |([{_SPACES}]++)
    |(\r\n|[\n\r\u0085\u2028\u2029])
    |([⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]++)
    |(.)
    """,
    re.VERBOSE | re.DOTALL,
)


# A token is a plain tuple (kind, text, pos, space, raw), for speed: ``kind`` is "num",
# "name", "sup", "nl", "end", or the folded operator itself ("+", "(", "[", …); ``text``
# is the folded text (ASCII number, lower-case name, integer power); ``pos`` is where it
# starts; ``space`` whether whitespace comes before it; ``raw`` the token as typed.
Token = tuple[str, str, int, bool, str]
KIND, TEXT, POS, SPACE, RAW = range(5)


class LexError(Exception):
    """A character that has no place in an answer, at ``pos``; ``what`` and ``hint``
    say more when the character is one that could be misread (a space inside a number)."""

    def __init__(self, char: str, pos: int, what: str = "", hint: str = ""):
        super().__init__(char)
        self.char = char
        self.pos = pos
        self.what = what
        self.hint = hint


def visible(text: str) -> tuple[str, list[int] | None]:
    """``text`` without its zero-width characters, and where each character left (and the
    end) stood in ``text``; None when nothing was removed (the positions are the same)."""
    if text.isascii():
        return text, None
    kept = text.translate(_DROP)
    if len(kept) == len(text):
        return text, None
    where = [i for i, c in enumerate(text) if c not in ZERO_WIDTH]
    where.append(len(text))
    return kept, where


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token at ``len(text)``.

    Whitespace makes no token: it sets ``space`` on the token after it. Inside round
    parentheses a line break is only whitespace; elsewhere it is an ``nl`` token (it
    separates the rows of a matrix). A space other than a plain one between the digits
    of a number is a LexError, never a separator.
    """
    tokens: list[Token] = []
    append = tokens.append
    space = False
    parens = 0
    pos = 0
    for op, num, name, ws, nl, sup, bad in _TOKEN.findall(text):
        if op:
            kind = _FOLD.get(op, op)
            if kind == "(":
                parens += 1
            elif kind == ")" and parens:
                parens -= 1
            append((kind, kind, pos, space, op))
            pos += len(op)
        elif num:
            append(("num", num if num.isascii() else num.translate(_MINUS), pos, space, num))
            pos += len(num)
        elif name:
            append(("name", name.lower(), pos, space, name))
            pos += len(name)
        elif ws or (nl and parens):
            if ws and ws.strip(" \t") and tokens:
                _inside_number(text, tokens[-1], pos, ws)
            pos += len(ws or nl)
            space = True
            continue
        elif nl:
            append(("nl", nl, pos, space, nl))
            pos += len(nl)
        elif sup:
            append(("sup", sup.translate(_SUP), pos, space, sup))
            pos += len(sup)
        else:
            raise LexError(bad, pos)
        space = False
    append(("end", "", len(text), space, ""))
    return tokens


_DIGITS = frozenset("0123456789.")


def _inside_number(text: str, before: Token, pos: int, ws: str) -> None:
    """Refuse the space run ``ws`` at ``pos`` when it stands between the digits of a
    number (``1\u202f000``, ``0.000\u2009616``): a digit group, or a separator that
    does not look like one; a plain space or tab is a separator (``1 2``)."""
    end = pos + len(ws)
    if before[0] != "num" or before[2] + len(before[4]) != pos or end >= len(text):
        return
    if text[end] not in _DIGITS:
        return
    odd = next(c for c in ws if c not in _PLAIN_SPACE)
    after = end
    while after < len(text) and text[after] in _DIGITS:
        after += 1
    joined = before[4] + text[end:after]
    one = joined.count(".") <= 1 and joined[-1] != "." and _DIGITS.issuperset(joined)
    import unicodedata  # only here: most answers never need it

    what = f"a {unicodedata.name(odd, 'space').lower()} ({describe(odd)}) between digits"
    fix = f"write {joined} without it" if one else "write the number without it"
    hint = f"{fix}, or separate entries with ',' or a plain space"
    raise LexError(odd, pos + ws.index(odd), what, hint)

"""Split a typed answer into tokens, each remembering where it stands in the text.

The tokenizer works on the text exactly as typed, so every position it reports is a
position in what the student sees. Look-alike characters are folded into one spelling:
the Unicode minus ``−`` and dashes become ``-``, ``×`` ``·`` become ``*``, ``÷`` becomes
``/``, ``**`` becomes ``^``, and the bracket pieces nnquiz draws matrices with
(``⎡ ⎢ ⎣`` and ``⎤ ⎥ ⎦``) become ``[`` and ``]``. Superscripts (``10⁻³``, ``e²``) are
one ``sup`` token holding the integer power.
"""

from __future__ import annotations

import re

OPS = frozenset("+-*/^(),;[]%√≈")  # operators after folding; each is its own token kind

_FOLD = {
    "**": "^",
    "\u2212": "-",  # − minus sign
    "\u2013": "-",  # – en dash
    "\u2010": "-",  # ‐ hyphen
    "\u2012": "-",  # ‒ figure dash
    "\ufe63": "-",  # ﹣ small hyphen-minus
    "\uff0d": "-",  # － fullwidth hyphen-minus
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
_MINUS = str.maketrans({"\u2212": "-"})

# One alternative per kind, the commonest first; the last catches any other character,
# so the matches tile the text and each token's position is the sum of those before it.
_TOKEN = re.compile(
    r"""
     (\*\*|[-+*/^(),;\[\]%√≈\u2212\u2013\u2010\u2012\ufe63\uff0d×·⋅∗÷∕⎡⎢⎣⎤⎥⎦])
    |((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+\u2212]?[0-9]+)?)
    |([A-Za-z][A-Za-z0-9]*|[πσ])
    |([ \t\f\v\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+)
    |(\r\n|[\n\r\u0085\u2028\u2029])
    |([⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)
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
    """A character that has no place in an answer, at ``pos``."""

    def __init__(self, char: str, pos: int):
        super().__init__(char)
        self.char = char
        self.pos = pos


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token at ``len(text)``.

    Whitespace makes no token: it sets ``space`` on the token after it. Inside round
    parentheses a line break is only whitespace; elsewhere it is an ``nl`` token (it
    separates the rows of a matrix).
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
            append(("num", num.translate(_MINUS) if "\u2212" in num else num, pos, space, num))
            pos += len(num)
        elif name:
            append(("name", name.lower(), pos, space, name))
            pos += len(name)
        elif ws or (nl and parens):
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

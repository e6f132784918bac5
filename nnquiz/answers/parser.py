"""A recursive-descent parser that reads and evaluates an answer in one pass.

Grammar (after the lexer's folding; ``row`` marks where whitespace separates entries)::

    answer  := '≈'? rows END
    rows    := row ((';' | NEWLINE) row)*         rows of a matrix
    row     := item ((',' | space) item)* ','?
    item    := expr                                a number, or a bracketed vector/matrix
    expr    := term (('+' | '-') term)*
    term    := unary (('*' | '/') unary | implicit)*
    implicit:= power, right after a number, ')' or constant with no space: 2pi, 3(1+e)
    unary   := ('+' | '-')* power
    power   := postfix ('^' unary-postfix)*        right-associative: 2^3^2 = 2^9
    postfix := primary (SUP | '%')*                e², 10⁻³, 25%
    primary := NUM | CONST | FUNC '(' expr ')' | '√' primary
             | '(' expr ')' | '(' list (';' list)* ';'? ')' | '[' rows ']'
    list    := expr (',' expr)* ','?               (0.1, 0.2) a vector, (0.1; 0.2) a column

In a row (the top level, or directly inside ``[ ]``) whitespace separates entries, as
in MATLAB: ``1 -2`` is two entries, ``1 - 2`` and ``1-2`` are one. Inside ``( )`` it is
only space. Nothing is ever evaluated by Python: numbers go through ``float``, names
and powers through ``whitelist`` (exponents beyond its MAX_EXPONENT are refused before
they are computed), and every intermediate result must be finite, and not so small
that it would read as 0 (``1e-999999``, ``1e-200*1e-200``: refused, as ``1e999999``).
A ``%`` that ends a divisor is refused as ambiguous: ``1/4%`` could be (1/4)% or 1/(4%).
"""

from __future__ import annotations

import math
from typing import NoReturn

from .lexer import LexError, Token, tokenize
from .structure import ShapeError, Value, assemble
from .unreadable import Unreadable, clip, describe, where
from .whitelist import CONSTANTS, FUNCTIONS, NAMES, MathError, call, power

MAX_DEPTH = 24  # nested parentheses, brackets and function calls
_SIGNS = frozenset("+-")


def nonzero(number: str) -> bool:
    """Whether a number's digits (before any exponent) are not all zero."""
    digits = number.partition("e")[0].partition("E")[0]
    return any(c in "123456789" for c in digits)


def parse(text: str) -> Value:
    """The value ``text`` stands for; raises Unreadable saying what is wrong and where."""
    try:
        tokens = tokenize(text)
    except LexError as e:
        if e.what:
            raise Unreadable(f"{e.what} {where(text, e.pos)}: {e.hint}", e.pos) from None
        raise Unreadable.at(text, f"unexpected character {describe(e.char)}", e.pos) from None
    return _Parser(text, tokens).answer()


class _Parser:
    """Tokens are tuples (kind, text, pos, space, raw); see lexer.Token."""

    __slots__ = ("text", "toks", "i", "depth")

    def __init__(self, text: str, toks: list[Token]):
        self.text = text
        self.toks = toks
        self.i = 0
        self.depth = 0

    def fail(self, what: str, pos: int) -> NoReturn:
        raise Unreadable.at(self.text, what, pos)

    @staticmethod
    def found(tok: Token) -> str:
        if tok[0] == "end":
            return "the end of the answer"
        if tok[0] == "nl":
            return "a line break"
        return f"'{clip(tok[4])}'"

    # ------------------------------------------------------------ structure

    def answer(self) -> Value:
        if self.toks[0][0] == "≈":
            self.i = 1  # a value copied with its "≈"
        rows = self.rows()
        tok = self.toks[self.i]
        if tok[0] != "end":
            self.fail(f"unmatched '{clip(tok[4])}'", tok[2])
        if not rows:
            self.fail("no value in the answer", tok[2])
        return self.assemble(rows, 0, top=True)

    def rows(self) -> list[list[Value]]:
        """Rows of entries up to the next ')', ']' or the end (not consumed)."""
        rows: list[list[Value]] = [[]]
        after_comma = False
        toks = self.toks
        while True:
            tok = toks[self.i]
            kind = tok[0]
            if kind == "end" or kind == "]" or kind == ")":
                break
            if kind == "nl" or kind == ";":
                self.i += 1
                if rows[-1] and not (kind == "nl" and after_comma):
                    rows.append([])  # a line break after a comma continues the row
                    after_comma = False
                continue
            if kind == ",":
                if not rows[-1] or after_comma:
                    self.fail("missing entry before ','", tok[2])
                after_comma = True
                self.i += 1
                continue
            if rows[-1] and not after_comma and not tok[3]:
                self.fail(
                    f"{self.found(tok)} runs into the entry before it; use ',' or a space",
                    tok[2],
                )
            rows[-1].append(self.expr(row=True))
            after_comma = False
        if not rows[-1]:
            rows.pop()
        return rows

    def assemble(self, rows: list[list[Value]], pos: int, top: bool) -> Value:
        try:
            return assemble(rows, top)
        except ShapeError as e:
            self.fail(str(e), pos)

    # ------------------------------------------------------------ arithmetic

    def expr(self, row: bool = False) -> Value:
        v = self.term()
        toks = self.toks
        while True:
            tok = toks[self.i]
            if tok[0] != "+" and tok[0] != "-":
                return v
            if row and tok[3] and not toks[self.i + 1][3]:
                return v  # "1 -2": the sign starts the next entry
            self.i += 1
            w = self.term()
            a, b = self.num(v, tok), self.num(w, tok)
            v = self.finite(a + b if tok[0] == "+" else a - b, tok)

    def term(self) -> Value:
        toks = self.toks
        first = toks[self.i]
        v = self.unary()
        divisor: Token | None = None  # the first token of the last divisor
        while True:
            tok = toks[self.i]
            kind = tok[0]
            if kind == "*" or kind == "/":
                self.i += 1
                start = toks[self.i]
                w = self.unary()
                a, b = self.num(v, tok), self.num(w, tok)
                if kind == "*":
                    v = self.finite(a * b, tok)
                elif b == 0:
                    self.fail("division by zero", tok[2])
                else:
                    if toks[self.i - 1][0] == "%":
                        self.percent(first, tok, start, toks[self.i - 1])
                    v = self.finite(a / b, tok)
                if v == 0 and a != 0 and b != 0:
                    self.fail("the result is too small", tok[2])
                divisor = start if kind == "/" else None
            elif not tok[3] and self.implicit(toks[self.i - 1], tok):
                if divisor is not None:
                    div = self.text[divisor[2] : tok[2]].strip()
                    div = clip(div)
                    both = div + tok[4]
                    self.fail(
                        f"ambiguous '/{both}': put the product in parentheses, /({both}…), "
                        f"or write /{div}*{tok[4]}…",
                        tok[2],
                    )
                w = self.power()
                a, b = self.num(v, tok), self.num(w, tok)
                v = self.finite(a * b, tok)
                if v == 0 and a != 0 and b != 0:
                    self.fail("the result is too small", tok[2])
            else:
                return v

    def percent(self, first: Token, slash: Token, divisor: Token, pct: Token) -> NoReturn:
        """``1/4%``: (1/4)% or 1/(4%)? Refused rather than guessed."""
        text = self.text
        num = clip(text[first[2] : slash[2]].strip())
        div = clip(text[divisor[2] : pct[2]].strip())
        self.fail(f"ambiguous '{num}/{div}%': write ({num}/{div})% or {num}/({div}%)", pct[2])

    @staticmethod
    def implicit(prev: Token, tok: Token) -> bool:
        """``2pi``, ``2(1+e)``, ``(1+e)(2)``, ``e(2)``: a product written without ``*``."""
        if tok[0] != "name" and tok[0] != "(" and tok[0] != "√":
            return False
        return prev[0] == "num" or prev[0] == ")" or (prev[0] == "name" and prev[1] in CONSTANTS)

    def signs(self) -> bool:
        """Skip a run of unary '+' and '-'; True when they make a minus."""
        negative = False
        toks = self.toks
        while toks[self.i][0] == "-" or toks[self.i][0] == "+":
            negative ^= toks[self.i][0] == "-"
            self.i += 1
        return negative

    def unary(self) -> Value:
        if self.toks[self.i][0] not in _SIGNS:
            return self.power()
        negative = self.signs()
        tok = self.toks[self.i]
        v = self.power()
        return -self.num(v, tok) if negative else v

    def power(self) -> Value:
        base = self.postfix()
        toks = self.toks
        if toks[self.i][0] != "^":
            return base
        chain: list[tuple[Token, Value, bool]] = []  # (the '^' before it, operand, negated)
        while toks[self.i][0] == "^":
            op = toks[self.i]
            self.i += 1
            negative = self.signs()
            chain.append((op, self.postfix(), negative))
        op, x, negative = chain[-1]
        v = -self.num(x, op) if negative else self.num(x, op)
        for k in range(len(chain) - 1, 0, -1):  # right to left: 2^3^2 = 2^(3^2)
            _, x, negative = chain[k - 1]
            v = self.pow(self.num(x, chain[k][0]), v, chain[k][0])
            v = -v if negative else v
        return self.pow(self.num(base, chain[0][0]), v, chain[0][0])

    def postfix(self) -> Value:
        v = self.primary()
        toks = self.toks
        while True:
            tok = toks[self.i]
            if tok[0] == "sup" and not tok[3]:
                self.i += 1
                v = self.pow(self.num(v, tok), float(tok[1]), tok)
            elif tok[0] == "%" and not tok[3]:
                self.i += 1
                v = self.num(v, tok) / 100.0
            else:
                return v

    def primary(self) -> Value:
        tok = self.toks[self.i]
        self.i += 1
        kind = tok[0]
        if kind == "num":
            v = float(tok[1])
            if v == math.inf:
                self.fail(f"number {clip(tok[4])} is too large", tok[2])
            if v == 0 and nonzero(tok[1]):
                self.fail(f"number {clip(tok[4])} is too small", tok[2])
            return v
        if kind == "name":
            return self.named(tok)
        if kind == "(" or kind == "[" or kind == "√":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self.fail(f"nested too deeply (more than {MAX_DEPTH} levels)", tok[2])
            v = self.group(tok)
            self.depth -= 1
            return v
        self.i -= 1
        if kind == "end":
            self.fail("expected a value", tok[2])
        self.fail(f"expected a value, found {self.found(tok)}", tok[2])

    def group(self, tok: Token) -> Value:
        if tok[0] == "√":
            return self.call("sqrt", self.num(self.primary(), tok), tok)
        if tok[0] == "[":
            rows = self.rows()
            self.close("]", tok)
            if not rows:
                self.fail("empty brackets", tok[2])
            return self.assemble(rows, tok[2], top=False)
        v = self.expr()
        toks = self.toks
        if toks[self.i][0] != "," and toks[self.i][0] != ";":
            self.close(")", tok)
            return v
        # (0.1, 0.2): a vector in parentheses; (0.1; 0.2) a column, as [0.1; 0.2]
        rows: list[list[Value]] = [[self.num(v, tok)]]
        while toks[self.i][0] == "," or toks[self.i][0] == ";":
            if toks[self.i][0] == ";":
                rows.append([])
            self.i += 1
            if toks[self.i][0] == ")":
                break
            rows[-1].append(self.num(self.expr(), tok))
        self.close(")", tok)
        if len(rows) == 1:
            return rows[0]  # type: ignore[return-value]
        if not rows[-1]:
            rows.pop()  # (1; 2;)
        return self.assemble(rows, tok[2], top=False)

    def close(self, closer: str, opener: Token) -> None:
        tok = self.toks[self.i]
        if tok[0] == closer:
            self.i += 1
            return
        if tok[0] == "end":
            self.fail(f"'{opener[4]}' is never closed", opener[2])
        self.fail(f"expected '{closer}', found {self.found(tok)}", tok[2])

    def named(self, tok: Token) -> float:
        name = tok[1]
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name not in FUNCTIONS:
            hint = "; write * for times" if name[0] == "x" else ""
            self.fail(f"unknown name '{clip(tok[4])}' (known: {NAMES}){hint}", tok[2])
        nxt = self.toks[self.i]
        if nxt[0] != "(":
            self.fail(f"{name} needs parentheses: {name}(…)", nxt[2])
        self.i += 1
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"nested too deeply (more than {MAX_DEPTH} levels)", nxt[2])
        arg = self.num(self.expr(), tok)
        self.close(")", nxt)
        self.depth -= 1
        return self.call(name, arg, tok)

    # ------------------------------------------------------------ checked operations

    def call(self, name: str, x: float, tok: Token) -> float:
        try:
            return call(name, x)
        except MathError as e:
            self.fail(str(e), tok[2])

    def pow(self, a: float, b: float, tok: Token) -> float:
        try:
            return power(a, b)
        except MathError as e:
            self.fail(str(e), tok[2])

    def finite(self, v: float, tok: Token) -> float:
        if -math.inf < v < math.inf:
            return v
        self.fail("the result is too large", tok[2])

    def num(self, v: Value, tok: Token) -> float:
        if type(v) is float:
            return v
        self.fail("a vector or matrix cannot be part of a calculation", tok[2])

"""Redo the arithmetic a worked solution shows, from the numbers it shows (issue 16).

Independent of nnquiz: a line of a text solution is cut at its ``=`` and ``≈`` signs;
every piece written only with numbers, operators and the functions the solutions use is
parsed with Python's ``ast`` (never evaluated by Python) and computed here with mpmath at
40 significant digits, so the check's own arithmetic loses nothing (``ln(1 + e^(−40))``).
Two neighbouring numeric pieces must agree:

- ``a = b``: exactly (to 1e-9 relative), as ``=`` claims;
- ``a ≈ c`` with c a number as written (``0.002503``, ``1.234×10⁻³``): a, computed from
  the shown inputs, rounds to c at c's last shown digit, within half a unit in that
  digit plus ``slack`` units (the effect of inputs that are themselves rounded).

Lines drawing matrices (``⎡ ⎤``) are left out: their entries are worked again on lines
of their own. Annotations after a comparison (``≤ 0``, ``> 0``) are cut off.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import mpmath

mpmath.mp.dps = 40

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_POW10 = re.compile(r"(?<=[0-9])×10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_SQUARE = re.compile(r"([²³])")
_CUT = re.compile(r"\s(?:≤|≥|<|>|≠)\s")
_SPLIT = re.compile(r"\s(=|≈)\s")
_NUMBER = re.compile(r"[-−]?(?:\d+\.?\d*|\.\d+)(?:×10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?")
DRAWING = frozenset("⎡⎢⎣⎤⎥⎦")


def _sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


FUNCTIONS = {
    "ln": mpmath.log,
    "log": mpmath.log,
    "exp": mpmath.exp,
    "sig": _sigmoid,
    "tanh": mpmath.tanh,
    "relu": lambda x: max(mpmath.mpf(0), x),
    "max": max,
    "min": min,
    "sqrt": mpmath.sqrt,
    "abs": abs,
    "sign": lambda x: (x > 0) - (x < 0),
}
CONSTANTS = {"e": mpmath.e}


def python_form(text: str) -> str:
    """The piece in Python's expression syntax (only the spelling changes)."""
    s = text.strip().rstrip(".;:,")
    # 1.336×10⁴ is one number (1.336e4): as a product it would bind wrongly in a/b×10⁴
    s = _POW10.sub(lambda m: f"e{m.group(1).translate(SUPERSCRIPT)}", s)
    s = _SQUARE.sub(lambda m: "**" + m.group(1).translate(SUPERSCRIPT), s)
    for a, b in (
        ("−", "-"), ("·", "*"), ("×", "*"), ("^", "**"), ("σ", "sig"), ("ReLU", "relu"),
        ("√", "sqrt"), ("[", "("), ("]", ")"), ("÷", "/"),
    ):  # fmt: skip
        s = s.replace(a, b)
    return s


class NotNumeric(Exception):
    """A piece that names something (z₁, W⁽¹⁾, L): not arithmetic on numbers."""


def evaluate(node: ast.AST) -> float:
    match node:
        case ast.Expression(body=body):
            return evaluate(body)
        case ast.Constant(value=v) if isinstance(v, int | float) and not isinstance(v, bool):
            return mpmath.mpf(repr(v))  # the decimal as written
        case ast.Name(id=name) if name in CONSTANTS:
            return CONSTANTS[name]
        case ast.UnaryOp(op=ast.USub(), operand=x):
            return -evaluate(x)
        case ast.UnaryOp(op=ast.UAdd(), operand=x):
            return evaluate(x)
        case ast.BinOp(left=a, op=op, right=b):
            x, y = evaluate(a), evaluate(b)
            match op:
                case ast.Add():
                    return x + y
                case ast.Sub():
                    return x - y
                case ast.Mult():
                    return x * y
                case ast.Div():
                    return x / y
                case ast.Pow():
                    return x**y
        case ast.Call(func=ast.Name(id=name), args=args, keywords=[]) if name in FUNCTIONS:
            return mpmath.mpf(FUNCTIONS[name](*(evaluate(a) for a in args)))
    raise NotNumeric(ast.dump(node)[:60])


UNDEFINED = mpmath.mpf("nan")  # arithmetic on numbers with no finite real value (ln 0)


def value_of(piece: str):
    """The number a piece of a line computes; UNDEFINED when it is arithmetic on numbers
    without a finite real value (``ln(1 − 1)``); None when it is not plain arithmetic."""
    if any(c.isalpha() and c not in "e" for c in _strip_functions(piece)):
        return None
    try:
        tree = ast.parse(python_form(piece), mode="eval")
    except SyntaxError:
        return None
    try:
        v = evaluate(tree)
    except (NotNumeric, TypeError):
        return None
    except (ValueError, ZeroDivisionError, OverflowError):
        return UNDEFINED
    return v if mpmath.isfinite(v) and mpmath.im(v) == 0 else UNDEFINED


def _strip_functions(piece: str) -> str:
    s = piece
    for name in ("ReLU", "ln", "log", "exp", "tanh", "max", "min", "sqrt", "abs", "sign", "σ"):
        s = s.replace(name, "")
    return s


def unit(written: str):
    """The value of one unit in the last digit of a number as written, or None when the
    piece is not a single number."""
    s = written.strip().rstrip(".;:,")
    if not _NUMBER.fullmatch(s):
        return None
    mant, _, power = s.partition("×10")
    exponent = int(power.translate(SUPERSCRIPT)) if power else 0
    decimals = len(mant.partition(".")[2])
    return mpmath.mpf(10) ** (exponent - decimals)


def spread(piece: str):
    """How far the value of ``piece`` may move when each number written in it moves by
    one unit in its last digit: one unit for a single number (``0.9831``), the sum of
    each number's effect for an expression of rounded numbers (``(1/2)·(1.609 + 0.3567)``,
    ``7.389 + 2.718 + 20.09``)."""
    found = list(_NUMBER.finditer(piece))
    if len(found) == 1 and unit(piece) is not None:
        return unit(piece)  # type: ignore[return-value]
    base = value_of(piece)
    total = mpmath.mpf(0)
    for m in found:
        u = unit(m.group())
        if u is None or ("." not in m.group() and len(m.group().lstrip("−-")) < 3):
            continue  # a small whole number in an expression (1/2, 1 −, 2·) is exact
        moved = piece[: m.start()] + _shifted(m.group(), u) + piece[m.end() :]
        v = value_of(moved)
        if v is not None and base is not None:
            total += abs(v - base)
    return total


def _shifted(written: str, u: float) -> str:
    mant, sep, power = written.partition("×10")
    x = float(mant.replace("−", "-"))
    scale = 10.0 ** int(power.translate(SUPERSCRIPT)) if power else 1.0
    step = float(u) / scale
    return repr(x + step if x >= 0 else x - step).replace("-", "−") + sep + power


@dataclass(frozen=True)
class Finding:
    line: str
    left: str
    sign: str
    right: str
    got: float
    shown: float

    def __str__(self) -> str:
        head = f"{self.left} {self.sign} {self.right}: the left side is {float(self.got):.10g}"
        return f"{head}\n  in: {self.line}"


def check_line(line: str, slack: float) -> list[Finding]:
    """What is wrong with the arithmetic of one line (empty when all of it holds)."""
    if DRAWING & set(line):
        return []
    cut = _CUT.split(line, maxsplit=1)[0]
    bits = _SPLIT.split(cut)
    pieces, signs = bits[0::2], bits[1::2]
    values = [value_of(p) for p in pieces]
    found = []
    for k, sign in enumerate(signs):
        a, b = values[k], values[k + 1]
        if a is None or b is None:
            continue
        left, right = pieces[k].strip(), pieces[k + 1].strip()
        if mpmath.isnan(a) or mpmath.isnan(b):
            found.append(Finding(line.strip(), left, sign, right, a, b))
            continue
        if sign == "=":
            ok = abs(a - b) <= mpmath.mpf("1e-30") * max(1, abs(b))  # "=": exactly
        else:
            ok = abs(a - b) <= (0.5 + slack) * spread(right) * (1 + 1e-9)
        if not ok:
            found.append(Finding(line.strip(), left, sign, right, a, b))
    return found


def check_text(text: str, slack: float = 0.0) -> list[Finding]:
    return [f for line in text.splitlines() for f in check_line(line, slack)]


def checked(text: str) -> int:
    """How many neighbouring pairs of numeric pieces the text's lines hold (what
    :func:`check_text` redoes): a test that finds nothing must have looked."""
    count = 0
    for line in text.splitlines():
        if DRAWING & set(line):
            continue
        bits = _SPLIT.split(_CUT.split(line, maxsplit=1)[0])
        values = [value_of(p) for p in bits[0::2]]
        count += sum(a is not None and b is not None for a, b in zip(values, values[1:]))
    return count

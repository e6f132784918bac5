"""Every regular expression over untrusted text is linear (issue 20).

The patterns of nnquiz/answers, nnquiz/cli, nnquiz/practice, nnquiz/export and
nnquiz/quiz (which reads Canvas's and Moodle's response exports) (and of the card
reader and TeX tools they use, nnquiz/concepts.py, nnquiz/render/texmath.py and
nnquiz/render/unitex.py)
are found by importing every module and collecting its compiled patterns (a second test makes sure
no pattern hides inside a function). Each is fed its worst case, long runs (50,000
characters) of the characters it repeats, each followed by a character that makes the
match fail at the end, and must finish well under a second. A pattern with
nested or adjacent unbounded quantifiers over the same characters (``(a+)+``, ``a*a*``,
``\\{[^}]*\\}`` tried from every ``\\{``) takes seconds to minutes here.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import time
from pathlib import Path

import pytest

import nnquiz

PACKAGES = ("answers", "cli", "practice", "export", "quiz")
MODULES = (
    "nnquiz.concepts",
    "nnquiz.render.texmath",
    "nnquiz.render.unitex",
)  # cards: users' files
EXEMPT: set[str] = set()  # none: the a=…; b=… splitter is nnquiz.answers.labels, tested here
# patterns only ever used whole (fullmatch: one start); the others are searched from
# every position (finditer, findall, sub, split), the harder case
WHOLE = {
    "nnquiz.answers.fastpath._SCALAR",
    "nnquiz.answers.fastpath._VECTOR",
    "nnquiz.answers.fastpath._NESTED",
    "nnquiz.answers.fastpath._ROWS",
    "nnquiz.answers.grading._PLAIN",
    "nnquiz.concepts.ID",
    "nnquiz.export.html._RULE",
    "nnquiz.export.notes._ANSWER_LINE",
    "nnquiz.export.steps._ENTRY",
    "nnquiz.export.steps._NUMBER",
    "nnquiz.render.unitex._DECIMAL",
    "nnquiz.render.unitex._FACTOR",
    "nnquiz.render.unitex._TERM",
    "nnquiz.quiz.responses.CANVAS_QUESTION",  # match: a header's start
    "nnquiz.quiz.responses.MOODLE_SLOT",
    "nnquiz.quiz.responses.MOODLE_TAG",  # match: a question text's start
}
SIZE = 50_000  # characters: a quadratic pattern makes about 10⁹ steps, seconds at best
LIMIT = 0.25  # seconds: "well under a second"; linear ones take a few milliseconds

# Runs of what the patterns repeat: digits, spaces, separators, numbers, brackets, the
# TeX of cards (backslashes, \begin{, braces), markup (**), quotes, control characters,
# and the Unicode a pasted answer brings.
UNITS = (
    "1", "0", " ", "\t", "\n", "\n ", " \n", "1 ", "1,", "1, ", ",1", "1.", ".1", "1.1.",
    "1e", "1e-", "1e1", "e", "a", "ab", "a1", "1/", "1/1", "-1", "1 -", "-", "+",
    "[", "[1", "[1 ", "[1,", "[1]", "[1 2]; ", "[[1]", "]", ";", ";1", "1;", "(", "(1", ")",
    "1 000 ", " 000", "000 ", "0,1", "1,1,", "0,1 ", "1 0", "12 345 ",
    "*", "**", "*a", "** ", "**a", "a**", "'", "'a", "a'", "' '",
    "\\", "\\\\", "\\b", "\\a", "\\begin{", "\\begin{a", "\\begin ", "\\end{a}", "\\left",
    "\\left(", "\\(", "\\[", "\\)", "{", "}", "{a", "a}",
    "\x1b", "\x00", "\x85", "\u2009", "\u200b", "1\u202f", "\u2013", "1e\u2013", "²", "⁻²",
    "−", "√", "e^", "1%", "≈", "⎡", "σ",
)  # fmt: skip
TAILS = ("!", "0", "}")  # a failure at the end, after the run


def _modules():
    for name in MODULES:
        yield importlib.import_module(name)
    for package in PACKAGES:
        pkg = importlib.import_module(f"nnquiz.{package}")
        yield pkg
        for info in pkgutil.walk_packages(pkg.__path__, f"nnquiz.{package}."):
            yield importlib.import_module(info.name)


def _patterns() -> dict[str, re.Pattern]:
    found: dict[str, re.Pattern] = {}
    seen: set[int] = set()
    for module in _modules():
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and id(value) not in seen:
                seen.add(id(value))
                found[f"{module.__name__}.{name}"] = value
    return found


PATTERNS = _patterns()


def _worst(pattern: re.Pattern, whole: bool, text: str) -> float:
    start = time.process_time()
    if whole:
        pattern.fullmatch(text)
        pattern.match(text)
    else:
        pattern.subn("", text)  # every match from every start, in C
    return time.process_time() - start


def test_the_patterns_are_found():
    assert len(PATTERNS) >= 20
    assert "nnquiz.answers.lexer._TOKEN" in PATTERNS
    assert "nnquiz.render.texmath._ENV" in PATTERNS
    assert "nnquiz.practice.screen._BOLD" in PATTERNS
    assert WHOLE <= set(PATTERNS)


def slowest(pattern: re.Pattern, whole: bool) -> tuple[float, str]:
    """The longest time ``pattern`` took over the runs of UNITS, and which run."""
    worst = (0.0, "")
    for unit in UNITS:
        run = unit * (SIZE // len(unit))
        for tail in TAILS:
            text = run + tail
            took = _worst(pattern, whole, text)
            if took >= LIMIT:  # a busy machine's pause: the best of three counts
                took = min(took, _worst(pattern, whole, text), _worst(pattern, whole, text))
            worst = max(worst, (took, f"{unit!r} * {len(run) // len(unit)} + {tail!r}"))
    return worst


@pytest.mark.parametrize("name", sorted(set(PATTERNS) - EXEMPT))
def test_each_pattern_is_linear_on_its_worst_case(name):
    took, run = slowest(PATTERNS[name], name in WHOLE)
    assert took < LIMIT, (name, run, took)


def test_the_check_catches_a_quadratic_pattern():
    """texmath's old environment pattern, tried from every '{' of a long run."""
    assert _worst(re.compile(r"\{[^}]*\}"), False, "{" * SIZE + "!") > LIMIT


def _inline_patterns(path: Path) -> list[str]:
    """``re.search(…)`` and the like called with a pattern written in place, and
    ``re.compile`` inside a function: patterns this test could not find."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n.value) for n in tree.body if isinstance(n, ast.Assign)}
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and not (node.func.attr == "compile" and id(node) in top)
            and node.func.attr not in ("escape", "Pattern", "Match")
        ):
            out.append(f"{path.name}:{node.lineno}: re.{node.func.attr}")
    return out


def test_no_pattern_is_written_inside_a_function():
    root = Path(nnquiz.__file__).parent
    files = [f for p in PACKAGES for f in sorted((root / p).rglob("*.py"))]
    files += [root / (m.removeprefix("nnquiz.").replace(".", "/") + ".py") for m in MODULES]
    assert [hit for f in files for hit in _inline_patterns(f)] == []


def test_card_text_is_linear_in_unclosed_math():
    """A card side of unclosed ``\\(`` (an earlier pattern, ``\\((.*?)\\)``, tried each
    opener to the end of the text: 100,000 of them took minutes)."""
    from nnquiz.render.unitex import card_text

    for side in ("\\(" * 100_000, "\\[" * 100_000 + "x", "\\(a\\)" + "\\(" * 100_000 + "\\]"):
        start = time.process_time()
        card_text(side)
        assert time.process_time() - start < 1.0
    assert card_text("a \\(x^2\\) b \\( c") == "a x² b \\( c"

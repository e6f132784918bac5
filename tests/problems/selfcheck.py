"""The shared self-test every problem family runs (see test_families.py).

For each generated problem: answers are finite, the worked solution ends stating each
answer, the JSON form round-trips, ``show(id)`` reproduces it, rebuilding from its
``given`` and ``asks`` (the ``solve`` path) gives the same answers, rounding what the
solution shows stays within tolerance, every mistake misses by more than the tolerance,
and signs are typeset cleanly.
"""

from __future__ import annotations

import json
import math
import re

from nnquiz.problems import registry
from nnquiz.problems.model import Problem, all_within, flatten, is_finite, is_yes_no, yes_no_word

NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?(?:×10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?")
SUP = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
BAD_SIGNS = [
    re.compile(r"\+ *[−-]\s*\d"),  # 2 + -0.3
    re.compile(r"[−-] *[−-]\s*\d"),  # 2 - -0.3, --1.56
    re.compile(r"(?<![\w.])[−-]0(?![.\d])"),  # -0
    re.compile(r"e\^\{?\(?[−-]{2}"),  # e^{--1.56}
]


def numbers_in(text: str) -> list[float]:
    out = []
    for m in NUMBER.findall(text):
        m = m.replace("−", "-")
        if "×10" in m:
            mant, exp = m.split("×10")
            out.append(float(mant) * 10 ** int(exp.translate(SUP)))
        else:
            out.append(float(m))
    return out


def written_numbers(text: str) -> list[tuple[str, float, float]]:
    """(as written, value, one unit in its last digit) of each number in ``text``."""
    out = []
    for m in NUMBER.findall(text):
        mant, _, power = m.replace("−", "-").partition("×10")
        exponent = int(power.translate(SUP)) if power else 0
        unit = 10.0 ** (exponent - len(mant.partition(".")[2]))
        out.append((m, float(mant) * 10.0**exponent, unit))
    return out


def states_answers(problem: Problem) -> None:
    """The last step shows every entry of every answer rounded to its shown digits (half
    a unit in the last digit shown), and no earlier step shows the same value rounded
    otherwise to the same digits (a step's 0.6477 beside the Answers line's 0.6478)."""
    last = problem.steps[-1].text
    shown = written_numbers(last)
    before = written_numbers("\n".join(s.text for s in problem.steps[:-1]))
    for part in problem.parts:
        if is_yes_no(part):  # said in words
            line = next(x for x in last.split("\n") if x.strip().startswith(f"({part.label})"))
            assert line.endswith(": " + yes_no_word(part.answer)), (problem.id, line)
            continue
        for v in flatten(part.answer):
            near = [(w, s, u) for w, s, u in shown if abs(s - v) <= 0.5 * u * (1 + 1e-9) + 1e-12]
            assert near, (
                f"{problem.id} part {part.label}: {v} is not stated in the last step:\n{last}"
            )
            finest = min(u for _, _, u in near)
            for w, s, u in [n for n in near if n[2] == finest]:  # the answer as written
                for w2, s2, u2 in before:
                    # two roundings of one value to the same digits that differ: the
                    # step rounded another number (a raw float, the answer 12 digits)
                    if u2 == u and s2 != s and abs(s2 - v) <= 0.5 * u * (1 + 1e-9) + 1e-12:
                        raise AssertionError(
                            f"{problem.id} part {part.label}: a step shows {w2}, the Answers "
                            f"line {w} (the answer is {v})"
                        )


def clean_signs(problem: Problem) -> None:
    texts = [
        problem.question_text,
        problem.question_latex,
        problem.solution_text,
        problem.solution_latex,
    ] + [p.prompt for p in problem.parts]
    for text in texts:
        for bad in BAD_SIGNS:
            m = bad.search(text)
            assert m is None, f"{problem.id}: badly typeset sign {m.group()!r} in:\n{text}"


def check(problem: Problem, reproduce: bool = True) -> None:
    for part in problem.parts:
        assert is_finite(part.answer), f"{problem.id} part {part.label} is not finite"
        # an answer is never −0 (a product with a factor 0 made one; JSON showed -0.0)
        assert all(math.copysign(1, v) > 0 for v in flatten(part.answer) if v == 0), (
            f"{problem.id} part {part.label}: answer holds −0"
        )
    states_answers(problem)
    clean_signs(problem)
    data = problem.to_dict()
    again = Problem.from_dict(json.loads(json.dumps(data)))
    assert again.to_dict() == json.loads(json.dumps(data))
    # the JSON carries the steps as the solution's paragraphs: none may hold a blank line
    assert again.steps == problem.steps, f"{problem.id}: a step holds a blank line"
    family = registry.get(problem.family)
    built = family.build(problem.given, [p.asks for p in problem.parts])
    assert [p.answer for p in built.parts] == [p.answer for p in problem.parts]
    assert registry.reason_to_redraw(built) is None
    for m in problem.mistakes:
        for label, wrong in m.answers.items():
            part = problem.part(label)
            assert not all_within(wrong, part.answer, part.tol), (problem.id, m.id, label)
    if reproduce:
        assert registry.show(problem.id).to_dict() == data

"""The class summary an instructor reads before the next lecture: the mean of each
question, the commonest mistakes with their share of the class, and every problem
found in the files."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from decimal import Decimal

from ..errors import printable
from .grading import ClassResult, QuestionResult, round_points, shown_points

GENERAL = {
    "sign": "Flipped a sign",
    "decimal_slip": "Off by a power of 10 (a decimal slip)",
    "transposed": "Transposed the matrix",
    "rounding": "Close, but outside the tolerance (rounded too early?)",
}
TOP = 3  # mistakes listed per question


def summary_text(result: ClassResult) -> str:
    lines = _totals(result) + [""] + _table(result) + [""] + _mistakes(result)
    problems = _problems(result)
    if problems:
        lines += [""] + problems
    return "\n".join(lines) + "\n"


def _totals(result: ClassResult) -> list[str]:
    a = result.assignment
    n = len(result.students)
    with_rows = sum(1 for s in result.students if s.rows)
    totals = [s.total for s in result.students]
    top = round_points(a.max_points)
    mean = sum(totals, Decimal(0)) / n
    return [
        f"{a.title}: {n} students graded, {with_rows} with answers, {n - with_rows} without",
        f"Total: mean {shown_points(round_points(float(mean)))} of {shown_points(top)} "
        f"({_pct(float(mean) / float(top))}), median "
        f"{shown_points(round_points(float(statistics.median(totals))))}, "
        f"lowest {shown_points(min(totals))}, highest {shown_points(max(totals))}",
    ]


KINDS = ("right", "partly", "wrong", "none", "unreadable")  # in the table's order


def _table(result: ClassResult) -> list[str]:
    head = ("question", "points", "mean", "right", "partly", "wrong", "no answer", "unreadable")
    rows = [head]
    for k, q in enumerate(result.assignment.questions):
        qs = [s.questions[k] for s in result.students]
        mean = sum((r.points for r in qs), Decimal(0)) / len(qs)
        kinds = Counter(kind(r) for r in qs)
        rows.append(
            (
                f"Q{q.number}",
                f"{q.points:g}",
                f"{shown_points(round_points(float(mean)))} ({_pct(float(mean) / q.points)})",
                *(str(kinds[name]) for name in KINDS),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]


def kind(r: QuestionResult) -> str:
    """The one column a student's question is counted in, the first that applies: right
    (every part right), partly (some points, not all), unreadable (no points, and an
    answer that could not be read), wrong (no points, an answer read), none (no answer
    to any part). The columns add up to the class."""
    if r.full:
        return "right"
    if r.points > 0:
        return "partly"
    if any(not p.readable for p in r.parts):
        return "unreadable"
    if any(p.read_as is not None for p in r.parts):
        return "wrong"
    return "none"


def _mistakes(result: ClassResult) -> list[str]:
    n = len(result.students)
    lines = [f"Most common mistakes (share of the class of {n}):"]
    for k, q in enumerate(result.assignment.questions):
        counts: Counter[str] = Counter()
        messages: dict[str, str] = {}
        for s in result.students:
            r = s.questions[k]
            named = {p.mistake for p in r.parts if p.mistake}
            counts.update(named)
            for m in r.problem.mistakes:
                messages.setdefault(m.id, m.message)
        if not counts:
            lines.append(f"  Q{q.number}: no common mistake named")
        for mid, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]:
            text = GENERAL.get(mid) or short(messages.get(mid, mid))
            lines.append(f"  Q{q.number}: {_pct(c / n)} ({c} of {n}): {text} [{mid}]")
    return lines


def short(message: str) -> str:
    """A mistake's message cut to its first clause: "You left out the ReLU derivative"."""
    head = re.split(r"(?<=[a-z0-9)])(?::|\.|;)\s", message, maxsplit=1)[0]
    return head.rstrip(".")


def _problems(result: ClassResult) -> list[str]:
    notes = list(result.notes)
    issues = [str(i) for i in result.issues]
    more = [str(m) for m in result.more]
    if not notes and not issues:
        return ["No problems found in the files."]
    total = len(issues) + sum(m.count for m in result.more)
    lines = [f"Problems found in {result.source} ({total:,}):"] if issues else []
    lines += [f"  {printable(line)}" for line in issues + more]
    lines += [f"  note: {printable(line)}" for line in notes]
    return lines


def _pct(x: float) -> str:
    return f"{round(x * 100)}%"

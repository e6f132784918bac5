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
from .sheets import count

GENERAL = {
    "sign": "Flipped a sign",
    "decimal_slip": "Off by a power of 10 (a decimal slip)",
    "transposed": "Transposed the matrix",
    "rounding": "Close, but outside the tolerance (rounded too early?)",
}
TOP = 3  # mistakes listed per question


def summary_text(result: ClassResult) -> str:
    lines = _totals(result) + _nothing(result) + [""] + _table(result)
    lines += [""] + _parts(result) + _credit(result) + [""] + _mistakes(result)
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
        f"{a.title}: {count(n, 'student')} graded, "
        f"{with_rows} with answers, {n - with_rows} without",
        f"Total: mean {shown_points(round_points(float(mean)))} of {shown_points(top)} "
        f"({_pct(float(mean) / float(top))}), median "
        f"{shown_points(round_points(float(statistics.median(totals))))}, "
        f"lowest {shown_points(min(totals))}, highest {shown_points(max(totals))}",
    ]


NAMED = 30  # students who submitted nothing, named


def _nothing(result: ClassResult) -> list[str]:
    """The students with no rows in the submissions, by name and id."""
    none = [s.student for s in result.students if not s.rows]
    if not none:
        return []
    named = ", ".join(
        printable(f"{st.name} ({st.id})" if st.name else st.id, 120) for st in none[:NAMED]
    )
    more = f" and {len(none) - NAMED} more" if len(none) > NAMED else ""
    return [f"Submitted nothing ({len(none)}): {named}{more}"]


def _parts(result: ClassResult) -> list[str]:
    """Each part of each question: its mean share of the part's credit and how many got
    it right, partly, wrong, carried forward, left it out, or wrote it unreadably."""
    head = ("part", "mean", "right", "partly", "carried", "wrong", "no answer", "unreadable")
    rows = [head]
    for k, q in enumerate(result.assignment.questions):
        by_label: dict[str, list] = {}
        for s in result.students:
            for g in s.questions[k].parts:
                by_label.setdefault(g.label, []).append(g)
        several = len(by_label) > 1
        for label, grades in by_label.items():
            kinds = Counter(part_kind(g) for g in grades)
            mean = sum(g.score for g in grades) / len(grades)
            rows.append(
                (f"Q{q.number}{label if several else ''}", _pct(mean))
                + tuple(str(kinds[name]) for name in PART_KINDS)
            )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["By part (share of each part's credit):"]
    return lines + ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]


PART_KINDS = ("right", "partly", "carried", "wrong", "none", "unreadable")


def part_kind(g) -> str:
    """The one column a part is counted in (as :func:`kind` does for a question)."""
    if g.correct:
        return "right"
    if g.carried:
        return "carried"
    if g.score > 0:
        return "partly"
    if not g.readable:
        return "unreadable"
    return "wrong" if g.read_as is not None else "none"


def _credit(result: ClassResult) -> list[str]:
    """Credit carried forward, late penalties and overrides, each counted apart."""
    out = []
    carried = [(s, q) for s in result.students for q in s.questions if q.carried]
    if carried:
        parts = sum(1 for _, q in carried for g in q.parts if g.carried)
        points = sum(q.carried for _, q in carried)
        out.append(
            f"Credit carried forward: {count(parts, 'part')} of "
            f"{count(len({s.student.id for s, _ in carried}), 'student')}, "
            f"{shown_points(round_points(points))} points in all "
            f"(ecf = {result.assignment.ecf:g})"
        )
    late = [s for s in result.students if s.late_points]
    if late:
        taken = sum((s.late_points for s in late), Decimal(0))
        out.append(
            f"Late penalties: {count(len(late), 'student')}, {shown_points(taken)} points "
            "taken in all"
        )
    fixed = [o for s in result.students for q in s.questions for o in q.overrides]
    if fixed:
        out.append(f"Overrides applied: {len(fixed)} (see the gradebook's notes column)")
    return out


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
            # every mistake the student's feedback names, not only each part's first
            named = {m for p in r.parts for m in p.mistakes}
            counts.update(named)
            for mid, message in r.asked.mistakes:
                messages.setdefault(mid, message)
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
    if not issues:
        lines.append("No problems found in the files.")
    lines += [f"  {printable(line)}" for line in issues + more]
    lines += [f"  note: {printable(line)}" for line in notes]
    return lines


def _pct(x: float) -> str:
    return f"{round(x * 100)}%"

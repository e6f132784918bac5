"""A student's feedback, as Markdown and as HTML: the score, which submission was
graded, late penalties and overrides, every answer that lost points and why (credit
carried forward named), and the worked solution of each such question.

The page is built once as blocks: Markdown that nnquiz writes (every name, id and typed
answer in it made inert by :func:`.sheets.md_text` or a code span), and the problem's
own text with its LaTeX math. The Markdown file writes the math as ``$…$``; the HTML
file renders the Markdown with markdown-it (raw HTML off, so nothing in it can become
a tag) and the math as MathML, in the sheets' look, with no script.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import PurePath

from ..answers import PartGrade
from ..problems.model import Problem
from .assignment import Assignment
from .grading import Given, QuestionResult, Skip, StudentResult, round_points, shown_points
from .lms import shown_delay, shown_time
from .markup import plain_html
from .sheets import code, md_code, md_text, points
from .views import View, view

MAX_ECHO = 200  # characters of a typed answer repeated back

Full = Callable[[str, int], View]  # (student id, question) -> the problem as shown
# ("md", Markdown) or ("both", Markdown, HTML): the problem's own text, rendered both ways
# (its math as $…$ and as MathML) where the problem was made
Block = tuple[str, ...]


def feedback_markdown(assignment: Assignment, s: StudentResult, full: Full | None = None) -> str:
    """The feedback page as Markdown (math as ``$…$``)."""
    return markdown_page(feedback_blocks(assignment, s, full))


def feedback_html(assignment: Assignment, s: StudentResult, full: Full | None = None) -> str:
    """The feedback page's body as HTML (math as MathML), for the sheets' page template."""
    return html_body(feedback_blocks(assignment, s, full))


def feedback_page(
    shared: tuple[Assignment, Sequence[StudentResult]],
    task: tuple[int, tuple[Problem, ...] | None],
) -> tuple[str, str]:
    """One student's page as (Markdown, HTML body), made where it is asked for (a
    worker process, for a class). ``shared``: the assignment and every student's result;
    ``task``: the student's index and, when grading read the problems from the key, the
    whole problems the page explains, in order (:func:`explained`); otherwise each is
    made again here with its text."""
    assignment, students = shared
    k, whole = task
    s = students[k]
    shown = None
    if whole is not None:
        problems = iter(whole)
        shown = lambda student_id, question: view(next(problems), with_json=False)  # noqa: E731
    blocks = feedback_blocks(assignment, s, shown)
    return markdown_page(blocks), html_body(blocks)


def markdown_page(blocks: list[Block]) -> str:
    return "\n\n".join(block[1] for block in blocks if block[1]) + "\n"


def html_body(blocks: list[Block]) -> str:
    """The blocks as HTML: runs of Markdown rendered at once, the problem's text as made."""
    out = ['<section class="sheet feedback">']
    run: list[str] = []
    for block in [*blocks, ("end",)]:
        if block[0] == "md":
            run.append(block[1])
            continue
        if run:
            out.append(_run_html(run))
            run = []
        if block[0] == "both":
            out.append(block[2])
    out.append("</section>")
    return "\n".join(out)


def _run_html(run: list[str]) -> str:
    """A run of Markdown blocks, written plainly (:mod:`.markup`) or by markdown-it."""
    text = "\n\n".join(run)
    html = plain_html(text)
    return _markdown().render(text) if html is None else html


@lru_cache(maxsize=1)
def _markdown():
    """markdown-it with only the rules the page's own Markdown uses: headings, tables,
    lists, paragraphs, emphasis, code spans, escapes and entities (``&lt;``). The rest
    (links, images, code blocks, quotes, rules, raw HTML) are off: the page never writes
    them, and text that looks like them stays text (and parsing costs a third less)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.disable(["code", "fence", "blockquote", "hr", "reference", "html_block", "lheading"])
    return md.disable(["link", "image", "autolink", "html_inline"])


def feedback_blocks(assignment: Assignment, s: StudentResult, full: Full | None) -> list[Block]:
    """The page, block by block; ``full`` gives a problem with its worked solution when
    the graded problems were read without (``nnquiz grade --key``)."""
    name = md_text(s.student.name or s.student.id)
    top = round_points(assignment.max_points)
    blocks: list[Block] = [
        ("md", f"# {md_text(assignment.title)}: feedback for {name} ({md_text(s.student.id)})"),
        ("md", f"**Score: {shown_points(s.total)} of {shown_points(top)} points.**"),
    ]
    blocks += _submissions(assignment, s)
    blocks.append(("md", _table(s)))
    if explained(s):
        blocks.append(("md", "Each question marked ← is explained below."))
    if s.rows == 0:
        blocks.append(("md", "No answers from you were found in the submissions."))
    elsewhere = [k for k in s.skipped if k.question is None]
    if elsewhere:
        lines = ["Rows of yours that were skipped, so nothing in them was graded:", ""]
        blocks.append(("md", "\n".join(lines + [f"- {_skip(k)}" for k in elsewhere])))
    lost = explained(s)
    if not lost and not s.late_points:
        blocks.append(("md", "Every answer is right. Well done!"))
    for q in lost:
        shown = full(s.student.id, q.question.number) if full else _view(q.asked.id)
        skipped = [k for k in s.skipped if k.question == q.question.number]
        blocks += _question(q, shown, skipped)
    return blocks


def _view(problem_id: str) -> View:
    """The problem as shown, made now with its text (grading made it without)."""
    from ..problems import registry

    return view(registry.show(problem_id), with_json=False)


def explained(s: StudentResult) -> list[QuestionResult]:
    """The questions a student's feedback explains: those that lost points or were
    overridden."""
    return [q for q in s.questions if not q.full or q.overrides]


def _submissions(assignment: Assignment, s: StudentResult) -> list[Block]:
    """Which submission was graded, in words; the deadline and what lateness cost."""
    out: list[Block] = []
    if len(s.times) == 1:
        out.append(("md", f"Graded: your submission of {shown_time(s.times[0])}."))
    elif len(s.times) > 1:
        listed = "; ".join(shown_time(t) for t in s.times)
        out.append(
            (
                "md",
                f"You submitted {len(s.times)} times ({listed}). For each part, your latest "
                "answer that was not blank counts; a blank never replaced an answer.",
            )
        )
    deadline = assignment.deadline
    if deadline is not None and any(q.late for q in s.questions):
        cost = (
            f"which cost {_points(s.late_points)} (see the table)"
            if s.late_points
            else "but they earned no points, so the penalty took none"
        )
        out.append(
            (
                "md",
                f"Due {shown_time(deadline.due)}; late work: {deadline.policy.describe()}. "
                f"Answers of yours came after the deadline, {cost}.",
            )
        )
    return out


def _table(s: StudentResult) -> str:
    rows = ["| question | points | notes |", "| --- | --- | --- |"]
    for q in s.questions:
        mark = "" if q.full and not q.overrides else " ←"
        got = f"{shown_points(q.points)} of {points(q.question.points)}{mark}"
        rows.append(f"| {q.question.number} | {got} | {_notes(q)} |")
    return "\n".join(rows)


def _notes(q: QuestionResult) -> str:
    notes = []
    if q.late:
        worst = shown_delay(max(q.late.values()))
        cost = f"−{_points(q.late_points)}" if q.late_points else "nothing lost"
        notes.append(f"answered {worst} late ({cost})")
    if any(g.carried for g in q.parts):
        notes.append("credit carried forward")
    for o in q.overrides:
        which = f"{q.question.number}{o.label}" if o.label else "set"
        notes.append(f"{which} by your instructor: {md_text(_echo(o.reason))}")
    return "; ".join(notes).replace("|", "\\|")


def _skip(k: Skip) -> str:
    """ "The row on line 12 (of long.csv) was skipped: …" (only what the row holds)."""
    of = f" of {md_text(_echo(PurePath(k.source).name))}" if k.source else ""
    return f"The row on line {k.line}{of} was skipped: {md_literal(_echo(k.why))}."


def _question(q: QuestionResult, v: View, skipped: list[Skip]) -> list[Block]:
    number = q.question.number
    several = len(v.parts) > 1
    out: list[Block] = [
        ("md", f"## Question {number}: {shown_points(q.points)} of {points(q.question.points)}"),
        ("md", f"*{md_text(v.title)}*"),
        ("both", v.statement_md, f'<div class="statement">{v.statement_html}</div>'),
    ]
    for o in q.overrides:
        what = f"part {o.label}" if o.label else "this question"
        out.append(
            (
                "md",
                f"Your instructor gave {what} {_points(o.points)}: {md_text(_echo(o.reason))}",
            )
        )
    if skipped:
        out.append(("md", "\n".join(f"- {_skip(k)}" for k in skipped)))
    for part, g in zip(v.parts, q.parts):
        if g.correct:
            continue
        given = q.given.get(part.label)
        out.append(("md", f"### {code(number, part.label, several)}: {_verdict(g)}"))
        asked = f'<p class="asked">Asked: {part.prompt_html}</p>'
        out.append(("both", f"Asked: {part.prompt_md}", asked))
        lines = _explain(g, given, skipped)
        lines.append(f"- Right answer: {part.answer}")
        out.append(("md", "\n".join(lines)))
    out += [("md", "### Worked solution"), ("both", v.solution_md, v.solution_html)]
    return out


def _explain(g: PartGrade, given: Given | None, skipped: list[Skip]) -> list[str]:
    if given is None and skipped:
        at = ", ".join(str(k.line) for k in skipped)
        rows = f"the row on line {at} was" if len(skipped) == 1 else f"the rows on lines {at} were"
        return [f"- No answer was graded (0 points): {rows} skipped (see above)."]
    if given is None:
        return ["- You gave no answer (0 points)."]
    typed = given.text
    if not typed.strip():
        return [f"- The row on line {given.line} has no answer (0 points)."]
    out = [f"- You wrote: {md_code(_echo(typed))}"]
    if not g.readable:
        reason = md_literal(_echo(g.feedback[0], None)) if g.feedback else ""
        out.append(f"- This answer could not be read, so it earned 0 points: {reason}")
        return out
    out.append(f"- Read as: {md_code(_echo(g.read_as or '', None))}")
    out += [f"- {md_text(_echo(line, None))}" for line in g.feedback]
    return out


_EMPHASIS = str.maketrans({c: "\\" + c for c in "*_`~"})


def md_literal(text: str) -> str:
    """Text that quotes what a student typed (the reader's "after '**x** '"), shown as
    typed: :func:`.sheets.md_text`, and emphasis and code marks escaped too."""
    return md_text(text).translate(_EMPHASIS)


def _points(x) -> str:
    """``1 point``, ``1.5 points``, ``0 points`` (a Decimal, as grading rounds them)."""
    return f"{shown_points(x)} point" + ("" if x == 1 else "s")


def _verdict(g: PartGrade) -> str:
    if not g.readable:
        return "could not be read"
    if g.read_as is None:
        return "no answer"
    if g.carried:
        return f"follows from your earlier answer ({round(g.score * 100)}% of the part)"
    if g.score > 0:
        return f"partly right ({round(g.score * 100)}% of the part)"
    return "incorrect"


def _echo(text: str, limit: int | None = MAX_ECHO) -> str:
    """A typed answer made safe to repeat: control characters shown as '�', cut short."""
    clean = "".join(
        "�" if unicodedata.category(c) in ("Cc", "Cf") and c not in " " else c
        for c in text.replace("\r\n", " ").replace("\n", " ")
    )
    return clean if limit is None or len(clean) <= limit else clean[:limit] + "…"

"""One student's sheet and key, as HTML (MathML) and Markdown, from the templates."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import lru_cache

from ..errors import UserError
from .assignment import Assignment, Question
from .roster import Student
from .templates import Templates
from .views import View


def points(x: float) -> str:
    """'1 point', '2.5 points', '10 points'."""
    n = f"{x:g}"
    return f"{n} point" if x == 1 else f"{n} points"


def count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def code(question: int, label: str, several: bool) -> str:
    """What a student writes in the question column: ``2`` or ``2b``."""
    return f"{question}{label}" if several else str(question)


def md_code(text: str) -> str:
    """``text`` as a Markdown code span, whatever backticks it holds."""
    run = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (run + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_MD_ESCAPES = {c: "\\" + c for c in "\\[]"}
_MD_ESCAPES.update({"<": "&lt;", ">": "&gt;", "&": "&amp;"})
_MD_TABLE = str.maketrans(_MD_ESCAPES)


def md_text(text: str) -> str:
    """``text`` (a name, an id, what a student typed) made inert in Markdown: HTML as the
    HTML files do (``<script>`` is ``&lt;script&gt;``), and no link or image made of it
    (``[…](…)``, ``<…>``). Emphasis marks are left: they only change how text looks,
    and the raw file stays readable (``s_001``)."""
    # translate looks up (and misses) every other character: most text has none
    return text.translate(_MD_TABLE) if _MD_SPECIAL.search(text) else text


_MD_SPECIAL = re.compile(r"[\\\[\]<>&]")


ID_MARK = "NNQUIZSTUDENTIDMARK"  # where the student's id goes in the rendered submit text
CODE_MARK = "NNQUIZEXAMPLECODEMARK"  # and the example's question code


def markdown_html(text: str, css_class: str) -> str:
    """The instructor's Markdown (``instructions``, ``submit``) as HTML: bold, code,
    links, lists, line breaks; raw HTML is shown as text, never run, and a link may not
    be ``javascript:`` (markdown-it refuses such addresses). An image from elsewhere
    (``![map](https://…)``) becomes a link to it: the sheets load nothing from the
    internet (an image held in the page, ``data:image/…``, is shown)."""
    if not text.strip():
        return ""
    return f'<div class="{css_class}">{_markdown().render(text)}</div>'


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")
    md.add_render_rule("image", _image)
    return md


def _image(renderer, tokens, idx, options, env) -> str:
    """markdown-it's image, or a link to it when it is not held in the page."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    if str(src).lower().startswith("data:image/"):
        return renderer.image(tokens, idx, options, env)
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    return f'<a href="{html.escape(str(src))}">{html.escape(alt or str(src))}</a>'


def part_points(question: Question, view: View) -> list[str]:
    """Each part's points ('2 points'), its share of the question's by weight."""
    weights = [p.weight for p in view.parts]
    total = sum(weights) or len(weights)
    return [points(round(question.points * w / total, 2)) for w in weights]


def default_submit(student_id: str, example: str = "2b") -> str:
    """How to submit, when the assignment does not say (Markdown); ``student_id`` as a
    CSV cell (:func:`csv_cell`), ``example`` a question code of the assignment."""
    return (
        "**How to submit.** Hand in every answer with your student id and the question "
        "number (and part letter), as your instructor asks: as rows of a CSV file with "
        "the columns `student_id,question,answer` (one row per answer, such as "
        f"{md_code(f'{student_id},{example},0.25')}), or in the course's form, one field "
        "per question or part."
    )


def csv_cell(text: str) -> str:
    """``text`` as a CSV cell: quoted (quotes doubled) when it holds a comma, a quote,
    a line break or spaces around it, as the example row of a student must be."""
    if any(c in text for c in ',"\r\n') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def example_code(questions: Sequence[Question], views: Sequence[View]) -> str:
    """A question code of this assignment for the how-to-submit example: ``2b`` when
    question 2 has a part b, else the first question's with several parts, else the
    last question's number (``1`` for a one-question assignment)."""
    several = [(q, v) for q, v in zip(questions, views) if len(v.parts) > 1]
    for q, v in sorted(several, key=lambda qv: qv[0].number != 2):
        return f"{q.number}{v.parts[1].label}"
    return str(questions[-1].number) if questions else "1"


TEMPLATES = tuple(
    f"{name}.{ext}"
    for name in ("sheet", "question", "part", "key", "key-question")
    for ext in ("html", "md")
) + ("page.html",)


def figure_file(stem: str, question: int, name: str, where: str) -> str:
    """The file a Markdown sheet's figure is written to, beside the sheet:
    ``s1-q2-network.svg`` (a solution's figure: ``key-s1-q2-backward.svg``, so that the
    files handed out with a sheet are those that begin with its student's name)."""
    return ("key-" if where == "solution" else "") + f"{stem}-q{question}-{name}.svg"


def figures_md(v: View, where: str, stem: str, question: int) -> str:
    """Markdown images of the figures of the question or the solution (none without a
    file stem)."""
    if not stem:
        return ""
    return "".join(
        f"\n\n![{md_text(alt)}]({figure_file(stem, question, name, w)})"
        for name, w, _, alt in v.figures
        if w == where
    )


class Sheets:
    """Fills the templates for one assignment."""

    def __init__(self, templates: Templates, assignment: Assignment):
        self.t = templates
        self.a = assignment
        self.head = {
            "title": assignment.title,
            "question_count": count(len(assignment.questions), "question"),
            "max_points": points(assignment.max_points),
        }
        self.instructions_html = markdown_html(assignment.instructions, "instructions")
        # rendered once: only the student's id (in the default text) differs per sheet
        self._submit_html = markdown_html(self._submit(Student(ID_MARK, 0), CODE_MARK), "submit")

    def _head_html(
        self, student: Student, anchor: str, views: Sequence[View] = ()
    ) -> dict[str, str]:
        example = html.escape(example_code(self.a.questions, views))
        submit = self._submit_html.replace(ID_MARK, html.escape(csv_cell(student.id)))
        return {
            **{k: html.escape(v) for k, v in self.head.items()},
            "student_id": html.escape(student.id),
            "student_name": html.escape(student.name or student.id),
            "anchor": html.escape(anchor),
            "instructions": self.instructions_html,
            "submit": submit.replace(CODE_MARK, example),
        }

    def _head_md(self, student: Student, views: Sequence[View] = ()) -> dict[str, str]:
        return {
            **{k: md_text(v) for k, v in self.head.items()},
            "student_id": md_text(student.id),
            "student_name": md_text(student.name or student.id),
            "anchor": "",
            "instructions": self.a.instructions,
            "submit": self._submit(student, example_code(self.a.questions, views)),
        }

    def _submit(self, student: Student, example: str) -> str:
        """How to submit (Markdown), the due date first when there is one; the default's
        example row is the student's id and ``example``, a question code."""
        if self.a.submit:
            text = "**How to submit.** " + self.a.submit
        else:
            text = default_submit(csv_cell(student.id), example)
        deadline = self.a.deadline
        if deadline is None:
            return text
        from .lms import shown_time

        due = f"**Due {shown_time(deadline.due)}** (late work: {deadline.policy.describe()})."
        return due + "\n\n" + text

    def sheet_html(self, student: Student, anchor: str, views: Sequence[View]) -> str:
        questions = "\n".join(self._question_html(q, v) for q, v in zip(self.a.questions, views))
        head = self._head_html(student, anchor, views)
        return self.t.fill("sheet.html", **head, questions=questions)

    def sheet_md(self, student: Student, views: Sequence[View], stem: str = "") -> str:
        questions = "\n".join(
            self._question_md(q, v, stem=stem) for q, v in zip(self.a.questions, views)
        )
        return self.t.fill("sheet.md", **self._head_md(student, views), questions=questions)

    def _question_html(self, q: Question, v: View, key: bool = False, **more: str) -> str:
        several = len(v.parts) > 1
        worth = part_points(q, v)
        parts = "\n".join(
            self.t.fill(
                "part.html",
                code=code(q.number, p.label, several),
                label=p.label,
                prompt=p.prompt_html,
                points=f'<span class="points">({worth[k]})</span>' if several else "",
            )
            for k, p in enumerate(v.parts)
        )
        return self.t.fill(
            "key-question.html" if key else "question.html",
            number=q.number,
            points=points(q.points),
            problem_title=html.escape(v.title),
            statement=v.statement_html,
            parts=parts,
            **more,
        )

    def _question_md(
        self, q: Question, v: View, key: bool = False, stem: str = "", **more: str
    ) -> str:
        several = len(v.parts) > 1
        if key:  # the key lists the answers below: no empty "Answer 2a:" line to fill in
            parts = "\n".join(
                f"**{code(q.number, p.label, several)}.** {p.prompt_md}\n" for p in v.parts
            )
        else:
            worth = part_points(q, v)
            parts = "\n".join(
                self.t.fill(
                    "part.md",
                    code=code(q.number, p.label, several),
                    label=p.label,
                    prompt=p.prompt_md,
                    points=f"({worth[k]})" if several else "",
                )
                for k, p in enumerate(v.parts)
            )
        return self.t.fill(
            "key-question.md" if key else "question.md",
            number=q.number,
            points=points(q.points),
            problem_title=md_text(v.title),
            statement=v.statement_md + figures_md(v, "question", stem, q.number),
            parts=parts,
            **more,
        )

    def key_html(self, student: Student, anchor: str, sheet: str, views: Sequence[View]) -> str:
        questions = []
        for q, v in zip(self.a.questions, views):
            several = len(v.parts) > 1
            answers = "\n".join(
                f"<li><strong>{code(q.number, p.label, several)}.</strong> "
                f"{html.escape(p.answer)}</li>"
                for p in v.parts
            )
            questions.append(
                self._question_html(
                    q,
                    v,
                    key=True,
                    problem_id=html.escape(v.id),
                    answers=answers,
                    solution=v.solution_html,
                    anchor=html.escape(anchor),
                )
            )
        head = self._head_html(student, anchor, views)
        return self.t.fill(
            "key.html", **head, sheet_file=html.escape(sheet), questions="\n".join(questions)
        )

    def key_md(self, student: Student, sheet: str, views: Sequence[View], stem: str = "") -> str:
        questions = []
        for q, v in zip(self.a.questions, views):
            several = len(v.parts) > 1
            answers = "\n".join(
                f"- **{code(q.number, p.label, several)}.** {p.answer}" for p in v.parts
            )
            questions.append(
                self._question_md(
                    q,
                    v,
                    key=True,
                    stem=stem,
                    problem_id=v.id,
                    answers=answers,
                    solution=v.solution_md + figures_md(v, "solution", stem, q.number),
                    anchor="",
                )
            )
        return self.t.fill(
            "key.md",
            **self._head_md(student, views),
            sheet_file=sheet,
            questions="\n".join(questions),
        )

    def load(self) -> None:
        """Every template a sheet or key fills, read and checked now."""
        self.t.load(*TEMPLATES)
        self.t.text("sheet.css")

    def page(self, title: str, body: str) -> str:
        return self.t.fill(
            "page.html", title=html.escape(title), css=self.t.text("sheet.css"), body=body
        )

    def page_around(self, title: str) -> tuple[str, str]:
        """The page (``page.html``) before and after its body, to write a body between;
        UserError when the template does not hold ``${body}`` once."""
        parts = self.page(title, _BODY).split(_BODY)
        if len(parts) != 2:
            raise UserError(
                f"template page.html: ${{body}} (where the sheets go) must be in it once, "
                f"not {len(parts) - 1} times"
            )
        return parts[0], parts[1]


_BODY = "<\x00body\x00>"  # not in an escaped title (no <), nor in any template one writes

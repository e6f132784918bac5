"""What each template is given: the page's state and the engine's item turned into
plain values (text, MathML as Markup, the terminal's words). The templates escape every
string that is not Markup."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..practice import words
from ..practice.clock import day_start, duration
from ..practice.engine import SKIP
from ..practice.outcomes import Stop, Wait
from ..practice.summary import due_line, outlook
from . import views
from .page import Feedback, Line, Page


def practice(page: Page) -> tuple[str, dict[str, Any]]:
    """(the template, its values) for the practice page now."""
    e = page.engine
    base: dict[str, Any] = {"notices": page.take_notices(), "title": "Practice"}
    if page.screen.solution is not None:
        base["asked"] = _solution(page.screen.solution)
    if page.start.capped:
        return "message.html", {**base, "lines": [
            (words.capped_line(page.start, e.options.max_reviews), "note")]}  # fmt: skip
    fb = page.screen.feedback
    if fb is not None:
        return "feedback.html", {**base, **progress(page), **feedback(fb, page.cram)}
    nxt = page.item()
    if nxt is None and page.screen.ended is None:
        now = e.clock.now()
        lines = [("Nothing to practise now.", "note"),
                 (due_line(outlook(e.store.cards(), now, e.zone), now, e.zone), "")]  # fmt: skip
        return "message.html", {**base, "lines": lines}
    if nxt is None or isinstance(nxt, Stop):
        return "summary.html", {**base, **ended(page)}
    if isinstance(nxt, Wait):
        now = e.clock.now()
        seconds = max(1, round((nxt.until - now).total_seconds()))
        return "wait.html", {**base, **progress(page), "line": words.wait_line(nxt, now),
                             "refresh": seconds, "can_undo": e.can_undo()}  # fmt: skip
    if (early := page.early_note(nxt)) is not None:
        base["notices"] = [*base["notices"], early]
    ctx = {**base, **progress(page), "item": page.current()}
    if nxt.item.kind == "concept":
        card = views.card_view(nxt.item.key, nxt.item.concept)
        return "card.html", {**ctx, "card": card, "ratings": page.intervals(),
                             "ask": words.RATE_QUESTION, "can_undo": e.can_undo()}  # fmt: skip
    view = views.problem_view(page.data)
    s = page.screen
    return "problem.html", {**ctx, "problem": view, "typed": s.typed, "retry": s.retry,
                            "read": read_back(page), "can_undo": e.can_undo(),
                            "several": len(view.parts) > 1}  # fmt: skip


def read_back(page: Page) -> dict[str, str]:
    """A form shown again (a part must be typed again): the "read as" line of each other
    part typed, as it said while that part was typed."""
    s, out = page.screen, {}
    for label, text in s.typed.items():
        if label not in s.retry and text.strip():
            seen = page.read(label, text)
            if seen["read_as"] is not None and seen["why"] is None:
                out[label] = f"read as {seen['read_as']}"
    return out


def progress(page: Page) -> dict[str, Any]:
    """The progress line: due and new items left, reviews done this session and today."""
    p = page.engine.progress()
    left = (f"{p.due} started, {p.new} not started" if page.cram
            else f"{p.due} due, {p.new} new")  # fmt: skip
    today = f" · {p.today} today" if not page.cram else ""
    return {"progress": f"{left} · {p.done} done{today}"}


def feedback(fb: Feedback, cram: bool) -> dict[str, Any]:
    """A review's verdict: each part as typed, its verdict and named mistake, what
    follows (when it comes back), the worked solution (open after a miss or when
    asked for)."""
    out = fb.outcome
    data = fb.data or {}
    view = views.problem_view(data)
    graded = {p.label: p for p in (out.grade.parts if out.grade is not None else ())}
    parts = []
    for part in view.parts:
        label = part.label
        typed = out.texts.get(label)
        g = graded.get(label)
        said, style = words.verdict(g) if g is not None else ("not graded", "dim")
        if typed == SKIP:
            said, style, typed = "skipped", "bad", None
        elif typed is None:
            said, style = "not answered", "dim"
        parts.append({
            "label": label, "prompt": part.prompt, "typed": typed, "verdict": said,
            "style": style,
            "read_as": g.read_as if g is not None and g.read_as else None,
            "feedback": g.feedback if g is not None else (),
        })  # fmt: skip
    lines: list[Line] = []
    if out.skipped:
        lines.append((words.skip_line(cram), "bad"))
    elif out.grade is not None and (total := words.parts_line(out.grade)) is not None:
        lines.append(total)
    lines += words.after_lines(out, cram)
    return {
        "problem": view,
        "parts": parts,
        "several": len(parts) > 1,
        "lines": lines,
        "correct": out.correct,
        "open": fb.open,
        "solution": views.solution_html(data) if fb.open else Markup(""),
        "solution_figures": views.figures(data, "solution") if fb.open else (),
    }


def _solution(data: dict) -> dict[str, Any]:
    return {
        "id": data["id"],
        "html": views.solution_html(data),
        "figures": views.figures(data, "solution"),
    }


def ended(page: Page) -> dict[str, Any]:
    stop = page.screen.ended
    e = page.engine
    lines: list[Line] = []
    said = words.stop_line(stop, e.options.max_reviews) if stop is not None else None
    if said:
        lines.append((said, "note"))
    lines += page.summary()
    return {"lines": lines, "can_undo": e.can_undo(), "title": "Session over"}


def stats(page: Page) -> dict[str, Any]:
    """The stats page: ``nnquiz stats``' figures, a heatmap of the reviews per day and
    the accuracy per family."""
    from ..practice import stats as S
    from ..practice.prepared import builtin_families
    from . import charts

    e = page.engine
    now, zone = e.clock.now(), e.zone
    reviews = e.store.reviews()
    data = S.compute(e.store.cards(), reviews, now, zone, builtin_families(), e.store.flags())
    text = S.text_lines(data, now, zone)  # the figures, then flags and the table
    head = text[: next(i for i, x in enumerate(text) if not x or x.startswith("Flagged"))]
    rows = [(name, v["correct"], v["reviews"]) for name, v, _ in S.table_rows(data)]
    today = day_start(now, zone).astimezone(zone).date()
    table = [
        {"name": Markup("_<wbr>").join(name.split("_")),  # breaks after _ on a phone
         "reviews": v["reviews"], "correct": v["correct"],
         "accuracy": f"{round(100 * v['accuracy'])}%" if v["accuracy"] is not None else "–",
         "due": due.split()}
        for name, v, due in S.table_rows(data)
    ]  # fmt: skip
    return {
        "title": "Stats",
        "lines": head,
        "heatmap": Markup(charts.heatmap(S.daily(reviews, zone), today)),
        "bars": Markup(charts.bars([r for r in rows if r[2]] or rows[:0])),
        "any_reviews": any(r[2] for r in rows),
        "table": table,
        "flags": [S.flag_line(f) for f in data["flags"][-S.FLAGS_SHOWN :]],
        "flag_count": len(data["flags"]),
        "time": duration(data["time"]),
    }

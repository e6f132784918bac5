"""Render a :class:`~nnquiz.problems.model.Problem` in one of the output formats."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # text() and header() read only a few fields: they import no NumPy
    from ..problems.model import Problem

FORMATS = ("text", "json", "latex")


def header(p: Problem) -> str:
    return f"[{p.id}] {p.title} ({p.difficulty})"


def text(p: Problem, solution: bool = False) -> str:
    """The problem for a terminal: Unicode math, aligned matrices; each figure as the line
    that describes it."""
    lines = [header(p), "", p.question_text, *figure_lines(p, "question"), ""]
    lines += [f"({part.label}) {part.prompt}" for part in p.parts]
    if solution:
        lines += ["", "Solution", "--------", p.solution_text, *figure_lines(p, "solution")]
    return "\n".join(lines)


def figure_lines(p, where: str) -> list[str]:
    """``[Figure NAME: …]`` for each figure of ``p`` (a Problem, or anything with
    ``figures`` of name, where and alt) shown with the question or the solution."""
    return [f"[Figure {f.name}: {f.alt}]" for f in getattr(p, "figures", ()) if f.where == where]


def latex(p: Problem, solution: bool = False) -> str:
    """Markdown with MathJax math (\\( \\) inline, \\[ \\] display)."""
    lines = [f"**{header(p)}**", "", p.question_latex, ""]
    lines += [f"({part.label}) {part.prompt_latex or part.prompt}" for part in p.parts]
    if solution:
        lines += ["", "**Solution.**", "", p.solution_latex]
    return "\n".join(lines)


# one encoder for every problem (json.dumps with options builds a new one each call)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def as_json(p: Problem, solution: bool = True) -> str:
    """One line of JSON (schema 1); the solution is always included."""
    if not p.figures:
        return _ENCODE(p.to_dict())
    # The figures last, as to_dict puts them, each written straight into the line: an
    # SVG holds no quote, backslash or control character (nnquiz.figures.svg escapes
    # them), so its JSON string is itself in quotes, and scanning it is left out. The
    # line is joined once: each SVG (kilobytes) is copied once, not once per `+`.
    head = _ENCODE(p.to_dict(figures=False))
    pieces = [head[:-1], ',"figures":[']
    for f in p.figures:
        pieces += _figure(f)
        pieces.append(",")
    pieces[-1] = "]}"
    return "".join(pieces)


_JSON_SPECIAL = re.compile(r'["\\\x00-\x1f]')  # what a JSON string escapes


def _figure(f) -> list[str]:
    """A figure's JSON object, in pieces."""
    if not f.plain and _JSON_SPECIAL.search(f.svg):  # read from a file: the long way
        return [_ENCODE(f.to_dict())]
    name, where, alt = _quoted(f.name), _quoted(f.where), _quoted(f.alt)
    return ['{"name":', name, ',"where":', where, ',"svg":"', f.svg, '","alt":', alt, "}"]


@lru_cache(maxsize=1024)  # names, places and most descriptions come back
def _quoted(s: str) -> str:
    return _ENCODE(s)


def render(p: Problem, fmt: str, solution: bool = False) -> str:
    if fmt == "json":
        return as_json(p)
    if fmt == "latex":
        return latex(p, solution)
    return text(p, solution)


def render_utf8(p: Problem, fmt: str, solution: bool = False, errors: str = "strict") -> bytes:
    """``render`` encoded as UTF-8: what a worker process sends back for a UTF-8 stdout.

    Bytes cross from a worker to the main process without being decoded there, and are
    written out without being encoded again; the main process, busy writing while the
    workers make problems, is then less of a bottleneck.
    """
    return render(p, fmt, solution).encode("utf-8", errors)

"""PrairieLearn: one question folder per question of the assignment.

Each folder holds ``info.json`` (a uuid that stays the same on every export of the
assignment, so PrairieLearn keeps the question's history), ``question.html`` and
``server.py``. ``server.py`` carries the N variants as data and its ``generate(data)``
picks one by PrairieLearn's variant seed: it sets ``data["params"]`` (the statement,
the parts, the worked solution, and ``id``, the nnquiz problem id) and
``data["correct_answers"]``. It imports nothing, so nnquiz need not be installed on
the PrairieLearn server.

A part that is a number is a ``pl-number-input``; a vector (a column) or matrix part is
a ``pl-matrix-component-input``, one box per entry in the answer's shape, with partial
credit per entry as nnquiz grades it. Both compare with ``comparison="relabs"`` and the
part's tolerance (``rtol``, ``atol``): |v − a| ≤ atol + rtol·|a|, nnquiz's rule. The
worked solution is in ``pl-answer-panel``; math is MathJax's ``\\( \\)``; figures
are SVG files in ``clientFilesQuestion/``, shown by ``pl-figure``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid

from ..homework.assignment import Assignment
from . import html
from .variants import QuizQuestion, Variant, grid, number, part_weights

FIGURES = "clientFilesQuestion"  # pl-figure's default folder for a question's files

QUESTION_HTML = """\
<pl-question-panel>
  {{{params.statement}}}
  {{#params.figures_question}}
  <pl-figure file-name="{{file}}" directory="clientFilesQuestion" alt="{{alt}}"></pl-figure>
  {{/params.figures_question}}
</pl-question-panel>

{{#params.parts}}
<div class="mb-3">
  <pl-question-panel>
    <p>{{{prompt}}}</p>
  </pl-question-panel>
  {{#number}}
  <pl-number-input answers-name="{{name}}" comparison="relabs" rtol="{{rtol}}"
    atol="{{atol}}" weight="{{weight}}" aria-label="Answer to part {{label}}">
  </pl-number-input>
  {{/number}}
  {{#grid}}
  <pl-matrix-component-input answers-name="{{name}}" comparison="relabs" rtol="{{rtol}}"
    atol="{{atol}}" weight="{{weight}}" allow-partial-credit="true"
    aria-label="Answer to part {{label}} ({{shape}})">
  </pl-matrix-component-input>
  {{/grid}}
</div>
{{/params.parts}}

<pl-submission-panel>
  {{#feedback.mistakes}}<p class="nnquiz-mistake">{{feedback.mistakes}}</p>{{/feedback.mistakes}}
</pl-submission-panel>

<pl-answer-panel>
  {{#params.figures_solution}}
  <pl-figure file-name="{{file}}" directory="clientFilesQuestion" alt="{{alt}}"></pl-figure>
  {{/params.figures_solution}}
  {{{params.solution}}}
</pl-answer-panel>
"""

SERVER_HEAD = '''\
"""{title}: {count} variants made by nnquiz (`nnquiz quiz`), carried here as data.

generate() picks one by PrairieLearn's variant seed. data["params"]["id"] is the
variant's nnquiz problem id: `nnquiz show ID --solution` reproduces it. Nothing here
needs nnquiz, NumPy or any other package. Regenerate this file with nnquiz rather
than editing it.
"""

'''

SERVER_TAIL = '''

def generate(data):
    """Set params and correct answers from the variant the seed picks."""
    variant = VARIANTS[int(data["variant_seed"]) % len(VARIANTS)]
    data["params"].update(variant["params"])
    data["correct_answers"].update(variant["correct_answers"])


def grade(data):
    """After the elements have graded each part: when a wrong answer is what one of the
    variant's declared mistakes gives (within the part's tolerance), name the mistake,
    as nnquiz does, in data["feedback"]["mistakes"]."""
    said = []
    for part in data["params"]["parts"]:
        name = part["name"]
        score = data["partial_scores"].get(name, {}).get("score")
        got = _values(data["submitted_answers"].get(name))
        if score is None or score >= 1 or got is None:
            continue
        rtol, atol = float(part["rtol"]), float(part["atol"])
        for mistake in data["params"]["mistakes"]:
            wrong = _values(mistake["answers"].get(name))
            if wrong is not None and len(wrong) == len(got) and all(
                abs(v - w) <= atol + rtol * abs(w) for v, w in zip(got, wrong)
            ):
                said.append("(" + part["label"] + ") " + mistake["message"])
                break
    if said:
        data["feedback"]["mistakes"] = " ".join(said)


def _values(answer):
    """A number, a list of rows, or pl.to_json's array form, as a flat list of floats
    (None for anything else)."""
    if isinstance(answer, dict):
        answer = answer.get("_value")
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        return [float(answer)]
    if isinstance(answer, list):
        flat = []
        for row in answer:
            row_values = _values(row)
            if row_values is None:
                return None
            flat += row_values
        return flat
    return None
'''


def folder_name(qq: QuizQuestion) -> str:
    """``q01-backprop-medium``: a name PrairieLearn takes as a question id."""
    q = qq.question
    return f"q{q.number:02d}-{q.family.replace('_', '-')}-{q.difficulty}"


def question_uuid(plan: Assignment, qq: QuizQuestion) -> str:
    """A uuid from the secret, the question number, family and difficulty: the same on
    every export of this question, and saying nothing of the secret."""
    q = qq.question
    message = f"prairielearn\0{q.number}\0{q.family}\0{q.difficulty}".encode()
    digest = hmac.new(plan.secret.encode("utf-8"), message, hashlib.sha256).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def info_json(plan: Assignment, qq: QuizQuestion) -> str:
    first = qq.variants[0].problem
    info = {
        "uuid": question_uuid(plan, qq),
        "title": f"{plan.title}: {qq.label}",
        "topic": first.topic or qq.question.family,
        "tags": ["nnquiz", qq.question.family, qq.question.difficulty],
        "type": "v3",
    }
    return json.dumps(info, indent=2, ensure_ascii=False) + "\n"


def variant_data(v: Variant) -> dict:
    """What generate() sets for variant ``v``: params and correct answers."""
    p = v.problem
    several = len(p.parts) > 1
    weights = part_weights(p)
    parts, correct = [], {}
    for part, w in zip(p.parts, weights):
        shape = grid(part)
        entry = {
            "label": part.label,
            "name": part.label,
            "prompt": html.prompt(part, "mathjax", several),
            "rtol": number(part.tol.rel),
            "atol": number(part.tol.abs),
            "weight": w,
            "number": shape is None,
            "grid": shape is not None,
        }
        if shape is None:
            correct[part.label] = part.answer
        else:
            rows, cols = shape
            entry["shape"] = f"{rows} × {cols}"
            correct[part.label] = (
                part.answer if isinstance(part.answer[0], list) else [[a] for a in part.answer]
            )
        parts.append(entry)
    params = {
        "id": p.id,
        "question": v.question,
        "variant": v.index,
        "statement": html.statement(v, "mathjax")
        + f'\n<p class="nnquiz-note"><i>{html.tolerance_words(p)}</i></p>',
        "parts": parts,
        "solution": html.solution_html(p, "mathjax"),
        "mistakes": _mistakes(p),
        "figures_question": _figures(p, "question"),
        "figures_solution": _figures(p, "solution"),
    }
    return {"params": params, "correct_answers": correct}


def _mistakes(p) -> list[dict]:
    """The variant's declared mistakes: their message and what they give for each part
    (a vector as a column, as the correct answers are)."""
    out = []
    for m in p.mistakes:
        answers = {}
        for part in p.parts:
            if part.label in m.answers:
                a = m.answers[part.label]
                vector = isinstance(a, list) and not (a and isinstance(a[0], list))
                answers[part.label] = [[x] for x in a] if vector else a
        out.append({"id": m.id, "message": m.message, "answers": answers})
    return out


def _figures(p, where: str) -> list[dict[str, str]]:
    """The figures of ``where``, as pl-figure shows them: a file and its words."""
    return [{"file": html.figure_file(p, f), "alt": f.alt} for f in html.figures(p, where)]


def server_py(plan: Assignment, qq: QuizQuestion) -> str:
    """The server.py: the variants as a Python literal, then generate()."""
    data = [variant_data(v) for v in qq.variants]
    head = SERVER_HEAD.format(title=f"{plan.title}: {qq.label}", count=len(data))
    return head + "VARIANTS = " + repr(data) + "\n" + SERVER_TAIL


def question_files(plan: Assignment, qq: QuizQuestion) -> dict[str, str]:
    """The files of one question folder, by path in it: info.json, question.html,
    server.py, and every variant's figures in clientFilesQuestion/."""
    files = {
        "info.json": info_json(plan, qq),
        "question.html": QUESTION_HTML,
        "server.py": server_py(plan, qq),
    }
    for v in qq.variants:
        for where in ("question", "solution"):
            for f in html.figures(v.problem, where):
                files[f"{FIGURES}/{html.figure_file(v.problem, f)}"] = html.figure_svg(f)
    return files

"""PrairieLearn: each question folder's server.py runs alone (no nnquiz, no packages)
and its generate(data), given PrairieLearn's documented data dict, sets the params and
correct answers of the variant the seed picks; question.html uses only documented
elements and attributes, with the part's tolerance."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nnquiz.problems import registry
from nnquiz.quiz.output import write_prairielearn
from nnquiz.quiz.variants import part_weights

from .conftest import VARIANTS

# the attributes PrairieLearn documents for each element nnquiz writes
# (docs/elements/*.md of PrairieLearn, read 2026-08)
DOCUMENTED = {
    "pl-question-panel": set(),
    "pl-answer-panel": set(),
    "pl-submission-panel": set(),
    "pl-figure": {"alt", "directory", "display", "file-name", "type", "width"},
    "pl-number-input": {
        "allow-blank", "allow-complex", "allow-fractions", "answers-name", "aria-label",
        "atol", "blank-value", "comparison", "correct-answer", "custom-format", "digits",
        "display", "initial-value", "label", "placeholder", "rtol", "show-correct-answer",
        "show-help-text", "show-placeholder", "show-score", "size", "suffix", "weight",
    },
    "pl-matrix-component-input": {
        "allow-blank", "allow-feedback", "allow-fractions", "allow-partial-credit",
        "answers-name", "aria-label", "atol", "blank-value", "columns", "comparison",
        "digits", "label", "rows", "rtol", "suffix", "weight",
    },
}  # fmt: skip


def pl_data(seed: int) -> dict:
    """The data dict PrairieLearn passes to generate() (docs/question/server.md)."""
    return {
        "params": {},
        "correct_answers": {},
        "submitted_answers": {},
        "format_errors": {},
        "partial_scores": {},
        "score": 0,
        "feedback": {},
        "variant_seed": seed,
        "options": {},
    }


@pytest.fixture(scope="module")
def course(plan, questions, tmp_path_factory):
    out = tmp_path_factory.mktemp("pl") / "questions" / "hw9"
    write_prairielearn(plan, questions, out)
    return out


def _generate(folder: Path, seed: int) -> dict:
    """server.py's generate(data), run by a Python that has no nnquiz on its path."""
    code = (
        "import json, runpy, sys\n"
        "ns = runpy.run_path(sys.argv[1])\n"
        "data = json.loads(sys.argv[2])\n"
        "ns['generate'](data)\n"
        "print(json.dumps(data))\n"
    )
    run = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            "-c",
            code,
            str(folder / "server.py"),
            json.dumps(pl_data(seed)),
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        check=True,
    )
    return json.loads(run.stdout)


def test_every_question_folder_has_info_question_and_server(course, questions):
    folders = sorted(p for p in course.iterdir() if p.is_dir())
    assert len(folders) == len(questions)
    for folder, qq in zip(folders, questions):
        info = json.loads((folder / "info.json").read_text())
        assert uuid.UUID(info["uuid"]).version == 4
        assert info["type"] == "v3" and info["title"].startswith("HW 9")
        drawn = any(v.problem.figures for v in qq.variants)  # their SVG files beside
        want = {"info.json", "question.html", "server.py"} | (
            {"clientFilesQuestion"} if drawn else set()
        )
        assert {p.name for p in folder.iterdir()} == want


def test_uuids_are_stable_and_depend_on_the_secret(plan, questions, tmp_path):
    from dataclasses import replace

    from nnquiz.quiz.prairielearn import question_uuid

    first = [question_uuid(plan, qq) for qq in questions]
    assert first == [question_uuid(plan, qq) for qq in questions]
    assert len(set(first)) == len(first)
    other = replace(plan, secret="another secret")
    assert not set(first) & {question_uuid(other, qq) for qq in questions}


@pytest.mark.parametrize("seed", [0, 1, 7, 123456789, 2**31 - 1])
def test_generate_sets_the_variant_the_seed_picks(course, questions, seed):
    for folder, qq in zip(sorted(p for p in course.iterdir() if p.is_dir()), questions):
        data = _generate(folder, seed)
        variant = qq.variants[seed % VARIANTS]
        params = data["params"]
        assert params["id"] == variant.problem.id
        problem = registry.show(params["id"])  # as `nnquiz show ID` gives it
        assert len(params["parts"]) == len(problem.parts)
        for entry, part, w in zip(params["parts"], problem.parts, part_weights(problem)):
            correct = data["correct_answers"][entry["name"]]
            if entry["number"]:
                assert correct == part.answer
            elif isinstance(part.answer[0], list):
                assert correct == part.answer
            else:  # a vector is a column
                assert correct == [[a] for a in part.answer]
            assert float(entry["rtol"]) == part.tol.rel
            assert float(entry["atol"]) == part.tol.abs
            assert entry["weight"] == w
        assert problem.id in params["solution"]


def test_question_html_uses_only_documented_elements_and_attributes(course, questions):
    import chevron

    folder = sorted(p for p in course.iterdir() if p.is_dir())[2]  # backprop: matrix too
    template = (folder / "question.html").read_text()
    data = _generate(folder, 5)
    rendered = chevron.render(template, data)
    found = _elements(rendered)
    kinds = {name for name, _ in found}
    assert {"pl-number-input", "pl-matrix-component-input", "pl-answer-panel"} <= kinds
    for name, attrs in found:
        assert name in DOCUMENTED, name
        assert set(attrs) <= DOCUMENTED[name], (name, set(attrs) - DOCUMENTED[name])
        if name in ("pl-number-input", "pl-matrix-component-input"):
            assert attrs["comparison"] == "relabs"
            float(attrs["rtol"]), float(attrs["atol"]), int(attrs["weight"])
    assert "{{" not in rendered  # every mustache tag was filled


def test_pl_relabs_grading_accepts_the_tolerance_and_no_more(course, questions):
    """PrairieLearn's relabs test is |v - a| <= atol + rtol*|a| (numpy.allclose with the
    true answer second): nnquiz's own rule, so the same values pass."""
    folder = sorted(p for p in course.iterdir() if p.is_dir())[0]
    data = _generate(folder, 3)
    (entry,) = data["params"]["parts"]
    a = data["correct_answers"][entry["name"]]
    rtol, atol = float(entry["rtol"]), float(entry["atol"])

    def accepts(v: float) -> bool:
        return abs(v - a) <= atol + rtol * abs(a)

    t = atol + rtol * abs(a)
    assert accepts(a) and accepts(a + 0.999 * t) and accepts(a - 0.999 * t)
    assert not accepts(a + 1.001 * t) and not accepts(a - 1.001 * t)


def _elements(html: str) -> list[tuple[str, dict[str, str]]]:
    found: list[tuple[str, dict[str, str]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag.startswith("pl-"):
                found.append((tag, {k: v or "" for k, v in attrs}))

    Collect().feed(html)
    return found


def test_grade_names_the_declared_mistake_a_wrong_answer_makes(course, questions):
    """grade(data), after the elements scored a part wrong, says which mistake it was."""
    folder = sorted(p for p in course.iterdir() if p.is_dir())[2]  # backprop
    code = (
        "import json, runpy, sys\n"
        "ns = runpy.run_path(sys.argv[1])\n"
        "data = json.loads(sys.argv[2])\n"
        "ns['generate'](data)\n"
        "m = data['params']['mistakes'][0]\n"
        "for part in data['params']['parts']:\n"
        "    data['submitted_answers'][part['name']] = m['answers'].get(part['name'])\n"
        "    data['partial_scores'][part['name']] = {'score': 0, 'weight': 1}\n"
        "ns['grade'](data)\n"
        "print(json.dumps([m['message'], data['feedback']]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(folder / "server.py"), json.dumps(pl_data(4))],
        capture_output=True,
        text=True,
        check=True,
    )
    message, feedback = json.loads(run.stdout)
    assert message in feedback["mistakes"]
    # a right answer, or one no mistake gives, is told nothing
    data = _generate(folder, 4)
    assert data["feedback"] == {}

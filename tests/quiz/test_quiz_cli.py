"""`nnquiz quiz` in a real subprocess: each platform end to end, a second export over
the first, and bad input in one line with exit status 2, nothing written."""

from __future__ import annotations

import json
import zipfile

import pytest

from ..conftest import run_cli


@pytest.mark.parametrize(
    "to,name", [("canvas", "hw9.zip"), ("moodle", "hw9.xml"), ("prairielearn", "hw9")]
)
def test_each_platform_is_written_and_can_be_written_again(assignment_file, tmp_path, to, name):
    out = tmp_path / name
    args = ["quiz", str(assignment_file), "--to", to, "--variants", "2", "--out", str(out)]
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    assert "6 questions x 2 variants" in first.stdout and not first.stderr
    assert out.exists()
    again = run_cli(*args)  # an earlier nnquiz export is replaced
    assert again.returncode == 0, again.stderr


def test_the_same_assignment_gives_the_same_variants(assignment_file, tmp_path):
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    for out in (a, b):
        run = run_cli(
            "quiz", str(assignment_file), "--to", "moodle", "--variants", "2", "--out", str(out)
        )
        assert run.returncode == 0, run.stderr
    assert a.read_bytes() == b.read_bytes()


def test_an_exported_id_shows_the_same_answers(assignment_file, tmp_path):
    out = tmp_path / "pl"
    run = run_cli(
        "quiz", str(assignment_file), "--to", "prairielearn", "--variants", "1", "--out", str(out)
    )
    assert run.returncode == 0, run.stderr
    server = (out / "q01-bce-medium" / "server.py").read_text()
    pid = server.split("'id': '", 1)[1].split("'", 1)[0]
    shown = json.loads(run_cli("show", pid, "--format", "json").stdout)
    assert f"'a': {shown['parts'][0]['answer']!r}" in server


def _refused(run, *words: str) -> None:
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnquiz: error:"), run.stderr
    assert "Traceback" not in run.stderr
    for w in words:
        assert w in lines[0]


def test_bad_input_is_one_line_and_exit_2(assignment_file, tmp_path):
    base = ["quiz", str(assignment_file)]
    _refused(
        run_cli(*base, "--to", "blackboard", "--out", str(tmp_path / "x")), "--to", "blackboard"
    )
    _refused(
        run_cli(*base, "--to", "moodle", "--variants", "0", "--out", str(tmp_path / "x")),
        "--variants",
    )
    mine = tmp_path / "mine.xml"
    mine.write_text("<quiz><!-- a teacher's own questions --></quiz>")
    _refused(run_cli(*base, "--to", "moodle", "--out", str(mine)), "not an earlier nnquiz")
    assert mine.read_text() == "<quiz><!-- a teacher's own questions --></quiz>"
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("imsmanifest.xml", "<manifest/>")
    _refused(run_cli(*base, "--to", "canvas", "--out", str(other)), "not an earlier nnquiz")
    course = tmp_path / "course"
    (course / "q1").mkdir(parents=True)
    _refused(run_cli(*base, "--to", "prairielearn", "--out", str(course)), "not an earlier nnquiz")
    assert [p.name for p in course.iterdir()] == ["q1"]
    _refused(run_cli(*base, "--to", "moodle", "--out", str(assignment_file)), "overwrite")
    _refused(
        run_cli(
            "quiz",
            str(tmp_path / "missing.toml"),
            "--to",
            "moodle",
            "--out",
            str(tmp_path / "y.xml"),
        )
    )
    assert not (tmp_path / "y.xml").exists() and not (tmp_path / "x").exists()


def test_a_question_a_platform_cannot_hold_is_refused_by_name(tmp_path, monkeypatch):
    """Nothing in nnquiz today is finer than 4 significant digits; a tolerance that is
    would be refused for Canvas, naming the question, and nothing written."""
    from nnquiz.errors import UserError
    from nnquiz.homework.assignment import parse_assignment
    from nnquiz.problems.model import Tol
    from nnquiz.quiz import build, variants

    plan = parse_assignment('secret = "s"\n[[questions]]\nfamily = "bce"\n')
    real = variants.make_quiz

    def finer(plan, count):
        qs = real(plan, count)
        from dataclasses import replace

        v = qs[0].variants[0]
        part = replace(v.problem.parts[0], tol=Tol(1e-7, 0.0))
        problem = replace(v.problem, parts=(part,))
        return [replace(qs[0], variants=(replace(v, problem=problem),))]

    monkeypatch.setattr(build, "make_quiz", finer)
    out = tmp_path / "x.zip"
    with pytest.raises(
        UserError, match=r"question 1 \(bce, medium\): part a .* canvas cannot hold"
    ):
        build.build(plan, "canvas", 1, out, [])
    assert not out.exists()
    build.build(plan, "moodle", 1, tmp_path / "x.xml", [])  # Moodle holds it

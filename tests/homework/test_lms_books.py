"""The gradebooks ``grade --gradebook canvas|moodle`` writes, as Canvas's and Moodle's
own importers read them (their code: Canvas's GradebookImporter, Moodle's
gradeimport_csv_load_data): the values students are matched by arrive exactly as the
roster has them, and no row can give its grade to another student.

Moodle's importer reads a row's user from the column the instructor maps, and keeps
the user of the row above when that cell is blank (``$this->studentid`` is set once,
before the rows); a value it cannot find stops the whole import. Canvas matches by
``ID``, then the SIS ids, then the name."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..conftest import run_cli

ASSIGNMENT = """title = "HW 9"
secret = "books"

[[questions]]
family = "neuron"
difficulty = "easy"
points = 2
"""


def grade(tmp_path: Path, roster: str, kind: str, assignment: str = ASSIGNMENT):
    (tmp_path / "hw.toml").write_text(assignment)
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    (tmp_path / "subs.csv").write_text("student_id,question,answer\n")
    r = run_cli(
        "grade", str(tmp_path / "hw.toml"), str(tmp_path / "subs.csv"),
        "--roster", str(tmp_path / "roster.csv"), "--out", str(tmp_path / "g.csv"),
        "--gradebook", kind,
    )  # fmt: skip
    book = tmp_path / f"g.{kind}.csv"
    rows = list(csv.reader(io.StringIO(book.read_text("utf-8")))) if book.exists() else []
    return r, rows


def test_moodle_from_a_plain_roster_carries_its_ids_and_emails(tmp_path):
    """A roster of student_id, name, email: the file has the ids and the emails (it had
    an empty "Email address" column, which stops Moodle's import at its first row)."""
    roster = "student_id,name,email\ns001,Ada,ada@uni.edu\ns002,Zoë,zoe@uni.edu\n"
    r, rows = grade(tmp_path, roster, "moodle")
    assert r.returncode == 0, r.stderr
    assert rows == [
        ["student_id", "Email address", "HW 9"],
        ["s001", "ada@uni.edu", "0"],
        ["s002", "zoe@uni.edu", "0"],
    ]


def test_moodle_leaves_out_a_column_some_student_has_no_value_in(tmp_path):
    """Mapped by "Email address", a row without one would give its grade to the student
    above it: the column is left out, and the summary says why."""
    roster = "First name,Last name,ID number,Email address\n"
    roster += "Ada,Lovelace,s001,ada@uni.edu\nAlan,Turing,s002,\n"
    r, rows = grade(tmp_path, roster, "moodle")
    assert r.returncode == 0, r.stderr
    assert rows[0] == ["First name", "Last name", "ID number", "HW 9"]
    assert rows[2] == ["Alan", "Turing", "s002", "0"]
    assert "the column 'Email address' is left out: 1 student ('s002') has none" in r.stdout
    assert "the grade of the row above it" in (tmp_path / "g.summary.txt").read_text()


def test_ids_reach_the_lms_as_they_came_and_names_are_made_inert(tmp_path):
    """A login or email starting with + is what the LMS must find: no apostrophe (Moodle
    stops the import at a value it cannot find); a name starting with = gets one."""
    roster = "Student,ID,SIS User ID,SIS Login ID,Section\n"
    roster += '"=Lovelace, Ada",101,s001,+ada@uni.edu,"Sec 1, Lab"\n'
    r, rows = grade(tmp_path, roster, "canvas")
    assert r.returncode == 0, r.stderr
    assert rows[2] == ["'=Lovelace, Ada", "101", "s001", "+ada@uni.edu", "Sec 1, Lab", "0"]
    assert "is written as it is" in r.stdout
    moodle = "First name,Last name,ID number,Email address\n=Ada,Lovelace,s001,+ada@uni.edu\n"
    r, rows = grade(tmp_path, moodle, "moodle")
    assert r.returncode == 0, r.stderr
    assert rows[1] == ["'=Ada", "Lovelace", "s001", "+ada@uni.edu", "0"]


def test_moodle_says_when_a_grade_could_be_above_what_it_imports(tmp_path):
    """Moodle refuses the whole import at a grade above 100 (its gradepointmax) unless
    the site allows unlimited grades: a 150-point assignment says so."""
    roster = "student_id,email\ns001,ada@uni.edu\n"
    r, rows = grade(tmp_path, roster, "moodle", ASSIGNMENT.replace("points = 2", "points = 150"))
    assert r.returncode == 0, r.stderr
    assert "worth more than 100 points" in r.stdout and rows[1] == ["s001", "ada@uni.edu", "0"]
    r, _ = grade(tmp_path, roster, "moodle")
    assert "worth more than" not in r.stdout


def test_canvas_says_when_its_assignment_is_worth_other_points(tmp_path):
    """The roster's Points Possible row says what the assignment is worth in Canvas;
    Canvas takes the totals as points, so 2 of 2 would read 2 of 100 there."""
    roster = "Student,ID,SIS User ID,SIS Login ID,Section,HW 9 (55),Current Points\n"
    roster += "    Points Possible,,,,,{},(read only)\n" + '"Lovelace, Ada",101,s001,ada@u,S1,,\n'
    r, rows = grade(tmp_path, roster.format("100.00"), "canvas")
    assert r.returncode == 0, r.stderr
    assert rows[0][-1] == "HW 9 (55)" and rows[1][-1] == "2"
    assert "'HW 9 (55)' is worth 100.00 points in Canvas" in r.stdout
    r, _ = grade(tmp_path, roster.format("2.00"), "canvas")
    assert r.returncode == 0 and "is worth" not in r.stdout

"""A TA's audit of class grading (audit17): each test is a defect a TA met, run through
the real CLI on real files, the expected grade worked out here from the key."""

import csv

import numpy as np

from ..conftest import run_cli
from .conftest import homework, key_lines, write

FGSM = """title = "HW 6: attacks"
secret = "audit17-fgsm"
ecf = 0.5

[[questions]]
family = "fgsm"
difficulty = "easy"
points = 4
"""


def test_a_right_entry_beside_an_entry_carried_forward_keeps_its_credit(tmp_path):
    """∂L/∂x with one sign wrong (half right), and x_adv worked from it: one entry right,
    the other following from the wrong sign. At ecf = 0.5 x_adv earns 1/2 + 0.5 · 1/2;
    it earned 1/2, as if the carried entry were garbage, and the part was not counted as
    carried forward."""
    a, r = write(tmp_path, FGSM, "student_id,name\ns001,Ada Lovelace\n")
    assert homework(tmp_path, tmp_path / "hw").returncode == 0
    (line,) = key_lines(tmp_path / "hw")
    p = line["problem"]
    dx = np.asarray(p["parts"][0]["answer"], dtype=float)
    assert dx.size == 2 and np.all(dx != 0)
    dx[0] = -dx[0]
    x_adv = np.asarray(p["given"]["x"]) + p["given"]["epsilon"] * np.sign(dx)
    subs = tmp_path / "subs.csv"
    subs.write_text(
        "student_id,question,answer\n"
        f's001,1a,"[{dx[0]:.6g}, {dx[1]:.6g}]"\n'
        f's001,1b,"[{x_adv[0]:.6g}, {x_adv[1]:.6g}]"\n',
        encoding="utf-8",
    )
    out = tmp_path / "grades.csv"
    res = run_cli(
        "grade", str(a), "--roster", str(r), str(subs), "--out", str(out),
        "--feedback", str(tmp_path / "fb"),
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    (row,) = csv.DictReader(out.read_text("utf-8").splitlines())
    assert row["q1"] == "2.5"  # (1/2 + (1/2 + 0.5/2)) / 2 · 4
    page = (tmp_path / "fb" / "s001.md").read_text("utf-8")
    assert "(b) follows correctly from your (a) (its entries that are not right)" in page
    # the points carried forward are the carried entry's: 0.5 · 1/2 of part b's 2 points
    # (the summary said 1.5, counting the entry that is simply right as carried too)
    assert "Credit carried forward: 1 part of 1 student, 0.5 points in all" in res.stdout
    assert res.stdout.startswith("HW 6: attacks: 1 student graded, 1 with answers, 0 without")


def test_with_several_files_the_summary_names_the_file_of_each_line(tmp_path):
    """Three submission files: an answer that cannot be read, and an id matched only
    nearly, were listed as 'line 2' without the file (every file has a line 2), so the
    TA could not find the row; a row that cannot be read was listed with its file."""
    a, r = write(tmp_path, roster="student_id,name\n0042,Ada Lovelace\ns002,Alan Turing\n")
    (tmp_path / "first.csv").write_text("student_id,question,answer\ns002,1,0.5\n", "utf-8")
    (tmp_path / "second.csv").write_text("student_id,question,answer\ns002,3,1/4\n", "utf-8")
    (tmp_path / "third.csv").write_text(
        "student_id,question,answer\ns002,2a,ln((\n42,1,0.25\n", encoding="utf-8"
    )
    res = run_cli(
        "grade", str(a), "--roster", str(r), "first.csv", "second.csv", "third.csv",
        "--out", "grades.csv", cwd=tmp_path,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "  third.csv: line 2: student 's002', question 2a: cannot read the answer" in res.stdout
    assert "'42' as '0042' (third.csv: line 3)" in res.stdout


def test_with_several_files_a_students_skipped_row_names_its_file(tmp_path):
    """A student's feedback said 'The row on line 2 was skipped' with three files
    graded, each with a line 2; it names the file now (its name, not the TA's path),
    and with one file it says no more than the line."""
    a, r = write(tmp_path, roster="student_id,name\ns001,Ada Lovelace\ns002,Alan Turing\n")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "first.csv").write_text("student_id,question,answer\ns002,1,0.5\n")
    (tmp_path / "in" / "late.csv").write_text("student_id,question,answer\ns002,9,0.25\n")
    res = run_cli(
        "grade", str(a), "--roster", str(r), "in/first.csv", "in/late.csv",
        "--out", "grades.csv", "--feedback", "fb", cwd=tmp_path,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    page = (tmp_path / "fb" / "s002.md").read_text("utf-8")
    assert "The row on line 2 of late.csv was skipped: there is no question 9" in page
    res = run_cli(
        "grade", str(a), "--roster", str(r), "in/late.csv",
        "--out", "grades.csv", "--feedback", "fb1", cwd=tmp_path,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    page = (tmp_path / "fb1" / "s002.md").read_text("utf-8")
    assert "The row on line 2 was skipped: there is no question 9" in page

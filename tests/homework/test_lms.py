"""Issue 17: a course's files as they come. A Canvas gradebook export as the roster, a
Moodle one, Google Forms submissions (several files, resubmissions with blanks and
timestamps), ids that almost match, a deadline with late penalties, overrides, the
gradebooks Canvas and Moodle import, HTML feedback, error carried forward in grading,
and the class summary's additions. Every expected number is worked out here from the
key, by hand rules, not by the code under test."""

from __future__ import annotations

import csv
import io
import json
import math
from decimal import Decimal
from pathlib import Path

import pytest

from ..conftest import run_cli
from .conftest import homework, write

ASSIGNMENT = """title = "HW 4: backpropagation"
secret = "lms-secret"
instructions = "Due **Friday**, 5 pm. See [the notes](https://example.com/notes).\\n<b>no</b>"
due = 2026-03-20T17:00:00
late_penalty = "10% per day"
{ecf}
[[questions]]
family = "neuron"
difficulty = "easy"
points = 4

[[questions]]
family = "cross_entropy"
difficulty = "medium"
points = 6
"""

CANVAS = (
    "Student,ID,SIS User ID,SIS Login ID,Section,HW 4: backpropagation (1234),Current Points\n"
    "    Points Possible,,,,,10.00,(read only)\n"
    '"Lovelace, Ada",101,s001,ada@uni.edu,Sec 1,,\n'
    '"Turing, Alan",102,s002,alan@uni.edu,Sec 1,,\n'
    '"Hopper, Grace",103,00123,grace@uni.edu,Sec 2,,\n'
    '"Knuth, Donald",104,20260013,don@uni.edu,Sec 2,,\n'
    '"Student, Test",105,,test@uni.edu,Sec 1,,\n'
)
MOODLE = (
    "First name,Last name,ID number,Institution,Department,Email address,"
    "Assignment: HW 4 (Real),Last downloaded from this course\n"
    "Ada,Lovelace,s001,Uni,CS,ada@uni.edu,-,1700000000\n"
    "Alan,Turing,s002,Uni,CS,alan@uni.edu,-,1700000000\n"
)


def text(v) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(text(x) for x in v) + "]"
    return repr(float(v))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    folder = tmp_path_factory.mktemp("course")
    (folder / "hw.toml").write_text(ASSIGNMENT.format(ecf=""))
    (folder / "canvas.csv").write_text(CANVAS)
    r = run_cli(
        "homework", str(folder / "hw.toml"), "--roster", str(folder / "canvas.csv"),
        "--out", str(folder / "out"),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    rows = [json.loads(x) for x in (folder / "out" / "key.jsonl").read_text().splitlines()]
    key = {(row["student_id"], row["question"]): row["problem"] for row in rows}
    return folder, key, r.stdout


def grade(folder: Path, *subs: str, more=(), roster="canvas.csv", hw="hw.toml"):
    paths = []
    for k, body in enumerate(subs):
        path = folder / f"subs{k}.csv"
        path.write_text(body, encoding="utf-8")
        paths.append(str(path))
    out = folder / "grades.csv"
    return run_cli(
        "grade", str(folder / hw), *paths, "--roster", str(folder / roster),
        "--out", str(out), *more,
    )  # fmt: skip


def gradebook(folder: Path) -> dict[str, dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO((folder / "grades.csv").read_text())))
    return {row["student_id"]: row for row in rows}


def answers(key, sid: str) -> dict[str, object]:
    """{code: right answer} for a student: 1a, 1b, 2a, 2b."""
    out = {}
    for q in (1, 2):
        for p in key[(sid, q)]["parts"]:
            out[f"{q}{p['label']}"] = p["answer"]
    return out


FORM_HEAD = "Timestamp,Email address,Student ID,Q1a,Q1b,Question 2 (a),Q2b: the loss\n"


def form_row(when: str, email: str, sid: str, a: dict) -> str:
    cells = [when, email, sid] + [
        f'"{text(a[c])}"' if c in a and a[c] is not None else "" for c in ("1a", "1b", "2a", "2b")
    ]
    return ",".join(cells) + "\n"


# ---------------------------------------------------------------- rosters


def test_a_canvas_gradebook_export_is_a_roster_as_it_comes(course):
    folder, key, stdout = course
    assert "student ids from the column 'SIS User ID'" in stdout
    assert "line 2: Canvas's Points Possible row skipped" in stdout
    assert "line 7: Canvas's test student skipped" in stdout
    assert {sid for sid, _ in key} == {"s001", "s002", "00123", "20260013"}
    sheet = (folder / "out" / "s001.md").read_text()
    assert "**Ada Lovelace** · Student id: s001" in sheet  # "Last, First" read as a name


def test_the_id_column_is_the_one_named(course, tmp_path):
    folder, _, _ = course
    r = run_cli(
        "homework", str(folder / "hw.toml"), "--roster", str(folder / "canvas.csv"),
        "--out", str(tmp_path / "o"), "--id-column", "ID",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "o" / "101.md").is_file()
    r = run_cli(
        "homework", str(folder / "hw.toml"), "--roster", str(folder / "canvas.csv"),
        "--out", str(tmp_path / "p"), "--id-column", "Matriculation",
    )  # fmt: skip
    assert r.returncode == 2 and "--id-column 'Matriculation': the header has no such" in r.stderr


def test_a_moodle_export_is_a_roster_too(course, tmp_path):
    folder, _, _ = course
    (tmp_path / "moodle.csv").write_text(MOODLE)
    r = run_cli(
        "homework", str(folder / "hw.toml"), "--roster", str(tmp_path / "moodle.csv"),
        "--out", str(tmp_path / "o"),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "student ids from the column 'ID number'" in r.stdout
    assert "**Alan Turing** · Student id: s002" in (tmp_path / "o" / "s002.md").read_text()


# ---------------------------------------------------------------- forms and resubmissions


def test_a_google_forms_export_with_resubmissions(course):
    """Ada submits everything (right) on time, then resubmits only 1b (wrong) a day late:
    1b's late wrong answer counts, her other answers stand (the blanks replace nothing).
    Alan's older wrong answer sits in a later file than his newer right one: the
    timestamp wins. Grace writes her id as 123 (roster 00123) and Donald as Excel's
    20260013.0: both matched and reported."""
    folder, key, _ = course
    ada, alan = answers(key, "s001"), answers(key, "s002")
    grace, don = answers(key, "00123"), answers(key, "20260013")
    first = FORM_HEAD + form_row("3/19/2026 10:00:00", "ada@uni.edu", "s001", ada)
    first += form_row("3/21/2026 18:00:00", "ada@uni.edu", "s001", {"1b": 7.5})
    first += form_row("3/20/2026 09:00:00", "alan@uni.edu", "", alan)
    first += form_row("3/19/2026 12:00:00", "", "123", grace)
    first += form_row("3/19/2026 12:30:00", "", "20260013.0", don)
    older = FORM_HEAD + form_row("3/18/2026 09:00:00", "", "s002", {"1a": -9.5, "2b": 9.5})
    r = grade(folder, first, older, more=("--feedback", str(folder / "fb")))
    assert r.returncode == 0, r.stderr
    book = gradebook(folder)
    # Ada: 1a right (2 of 4), 1b wrong and late; question 2 right (6)
    assert book["s001"]["q1"] == "2" and book["s001"]["q2"] == "6"
    assert book["s002"]["total"] == "10" and book["00123"]["total"] == "10"
    assert book["20260013"]["total"] == "10"
    assert "2 ids matched as a number written with other zeros" in r.stdout
    assert "'123' as '00123'" in r.stdout and "'20260013.0' as '20260013'" in r.stdout
    assert "1 id matched as an email address on the roster" in r.stdout
    page = (folder / "fb" / "s001.md").read_text()
    assert "You submitted 2 times (Thu 19 Mar 2026, 10:00; Sat 21 Mar 2026, 18:00)" in page
    assert "a blank never replaced an answer" in page
    assert "| 1 | 2 of 4 points ← | answered 1 day 1 hour late (nothing lost) |" in page
    assert "Each question marked ← is explained below." in page  # what the arrow says
    assert "line " not in page.split("## Question")[0]  # no "the row on line 1123"


def test_a_late_right_answer_loses_its_share(course):
    """Alan answers question 2 right 1 day 1 hour late (2 started days: −20% of its 6
    points) and question 1 on time."""
    folder, key, _ = course
    alan = answers(key, "s002")
    q1 = {c: alan[c] for c in ("1a", "1b")}
    q2 = {c: alan[c] for c in ("2a", "2b")}
    body = FORM_HEAD + form_row("2026-03-20 16:59:59", "", "s002", q1)
    body += form_row("2026-03-21 18:00:00", "", "s002", q2)
    r = grade(folder, body, more=("--feedback", str(folder / "fb2")))
    assert r.returncode == 0, r.stderr
    row = gradebook(folder)["s002"]
    expected = Decimal(6) * (1 - Decimal("0.1") * math.ceil(25 / 24))
    assert Decimal(row["q2"]) == expected == Decimal("4.8")
    assert row["q1"] == "4" and row["late"] == "1.2" and row["total"] == "8.8"
    assert "Late penalties: 1 student, 1.2 points taken in all" in r.stdout
    page = (folder / "fb2" / "s002.md").read_text()
    assert "answered 1 day 1 hour late (−1.2 points)" in page


def test_long_rows_with_a_timestamp_column_take_the_latest(course):
    folder, key, _ = course
    ada = answers(key, "s001")
    body = "student_id,question,answer,submitted_at\n"
    body += f"s001,1a,{text(ada['1a'])},2026-03-19T10:00:00\n"
    body += "s001,1a,99,2026-03-18T10:00:00\n"  # older: does not count
    body += "s001,1a,,2026-03-19T11:00:00\n"  # blank: replaces nothing
    r = grade(folder, body)
    assert r.returncode == 0, r.stderr
    assert gradebook(folder)["s001"]["q1"] == "2"
    assert "answered question 1a again" not in r.stdout  # a resubmission, not a duplicate


def test_an_id_that_fits_two_students_is_listed_with_did_you_mean(course, tmp_path):
    folder, _, _ = course
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name\n0042,A\n042,B\nAda,C\n")
    (tmp_path / "hw.toml").write_text((folder / "hw.toml").read_text())
    r = grade(tmp_path, "student_id,question,answer\n42,1a,1\nada,1a,1\n", roster="roster.csv")
    assert r.returncode == 0, r.stderr
    assert "student '42' is not on the roster (did you mean '0042' or '042'?)" in r.stdout
    assert "student 'ada' is not on the roster (did you mean 'Ada'?)" in r.stdout


# ---------------------------------------------------------------- carried forward, overrides


def test_error_carried_forward_in_grade(course, tmp_path):
    """Ada's softmax (2a) is wrong, her loss (2b) is −ln of her own p_y: full credit for
    2b by default; with ecf = 0.5, half of 2b's 3 points."""
    folder, key, _ = course
    problem = key[("s001", 2)]
    y = problem["given"]["y"]
    p = [x * 0.9 for x in problem["parts"][0]["answer"]]
    p[y] = problem["parts"][0]["answer"][y] * 0.8
    loss = -math.log(p[y])
    body = f'student_id,question,answer\ns001,2a,"{text(p)}"\ns001,2b,{loss!r}\n'
    r = grade(folder, body, more=("--feedback", str(folder / "fb3")))
    assert r.returncode == 0, r.stderr
    assert gradebook(folder)["s001"]["q2"] == "3"
    assert "Credit carried forward: 1 part of 1 student, 3 points in all (ecf = 1)" in r.stdout
    page = (folder / "fb3" / "s001.md").read_text()
    assert "(b) follows correctly from your (a): error carried forward, full credit." in page
    (tmp_path / "hw.toml").write_text(ASSIGNMENT.format(ecf="ecf = 0.5"))
    (tmp_path / "canvas.csv").write_text(CANVAS)
    r = grade(tmp_path, body)
    assert r.returncode == 0, r.stderr
    assert gradebook(tmp_path)["s001"]["q2"] == "1.5"


def test_overrides_survive_a_rerun_and_are_shown(course):
    folder, key, _ = course
    (folder / "over.csv").write_text(
        "student_id,question,points,reason\n"
        "s001,2,5.5,regraded by hand\n"
        's002,1b,1,"accepted h = 0.97, a rounded value"\n'
    )
    body = "student_id,question,answer\ns001,1a,0\n"
    for _ in range(2):  # the same on every run
        r = grade(
            folder,
            body,
            more=("--overrides", str(folder / "over.csv"), "--feedback", str(folder / "fb4")),
        )
        assert r.returncode == 0, r.stderr
        book = gradebook(folder)
        assert book["s001"]["q2"] == "5.5" and book["s002"]["q1"] == "1"
        assert book["s001"]["notes"] == "q2 = 5.5: regraded by hand"
        assert book["s002"]["notes"] == "q1b = 1: accepted h = 0.97, a rounded value"
    page = (folder / "fb4" / "s002.md").read_text()
    assert "Your instructor gave part b 1 point: accepted h = 0.97, a rounded value" in page


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ("s999,1,1,x", "student 's999' is not on the roster"),
        ("123,1,1,x", "student '123' is not on the roster (did you mean '00123'?)"),
        ("s001,7,1,x", "'7' is not a question of the assignment (1-2)"),
        ("s001,1,5,x", "5 points for question 1, which is worth 4"),
        ("s001,1c,1,x", "has no part c"),
        ("s001,1,1,", "give a reason"),
        ("s001,1,lots,x", "points 'lots' is not a number"),
    ],
)
def test_a_wrong_override_is_refused_in_one_line(course, row, said):
    folder, _, _ = course
    (folder / "bad.csv").write_text("student_id,question,points,reason\n" + row + "\n")
    r = grade(folder, "student_id,question,answer\n", more=("--overrides", str(folder / "bad.csv")))
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1 and said in r.stderr, r.stderr


# ---------------------------------------------------------------- what LMSs import


def test_the_canvas_gradebook_canvas_imports(course):
    folder, key, _ = course
    r = grade(folder, "student_id,question,answer\n", more=("--gradebook", "canvas"))
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO((folder / "grades.canvas.csv").read_text())))
    assert rows[0] == [*"Student,ID,SIS User ID,SIS Login ID,Section".split(","),
                       "HW 4: backpropagation (1234)"]  # fmt: skip
    assert rows[1] == ["    Points Possible", "", "", "", "", "10"]
    assert rows[2] == ["Lovelace, Ada", "101", "s001", "ada@uni.edu", "Sec 1", "0"]
    assert len(rows) == 2 + 4  # the test student is not graded


def test_the_moodle_gradebook_moodle_imports(course, tmp_path):
    folder, _, _ = course
    (tmp_path / "hw.toml").write_text((folder / "hw.toml").read_text())
    (tmp_path / "moodle.csv").write_text(MOODLE)
    r = grade(tmp_path, "student_id,question,answer\n", roster="moodle.csv",
              more=("--gradebook", "moodle"))  # fmt: skip
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO((tmp_path / "grades.moodle.csv").read_text())))
    assert rows[0] == [
        "First name",
        "Last name",
        "ID number",
        "Email address",
        "HW 4: backpropagation",
    ]
    assert rows[1] == ["Ada", "Lovelace", "s001", "ada@uni.edu", "0"]


def test_a_canvas_gradebook_needs_canvas_ids(tmp_path):
    (tmp_path / "hw.toml").write_text(ASSIGNMENT.format(ecf=""))
    (tmp_path / "roster.csv").write_text("student_id,name\ns1,A\n")
    r = grade(tmp_path, "student_id,question,answer\n", roster="roster.csv",
              more=("--gradebook", "canvas"))  # fmt: skip
    assert r.returncode == 2 and "the roster has no ID, SIS User ID or SIS Login ID" in r.stderr
    assert not (tmp_path / "grades.csv").exists()


# ---------------------------------------------------------------- feedback and summary


def test_html_feedback_has_the_sheets_look_math_and_no_script(course):
    folder, key, _ = course
    r = grade(
        folder, "student_id,question,answer\ns001,1a,0\n", more=("--feedback", str(folder / "fb5"))
    )
    assert r.returncode == 0, r.stderr
    page = (folder / "fb5" / "s001.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<math" in page and "<mfrac" in page
    assert "<script" not in page.lower() and (folder / "fb5" / "texgyretermes-math.otf").is_file()
    assert "<table>" in page and "Score: 0 of 10 points." in page


def test_feedback_quotes_what_a_student_typed_as_typed(course):
    """The reader's reason quotes the answer ("after '**bold** '"): it was rendered as
    Markdown, so the student read "after 'bold '" in bold, not what they typed."""
    folder, _, _ = course
    body = "student_id,question,answer\ns001,1a,**bold** <b>x</b>\n"
    r = grade(folder, body, more=("--feedback", str(folder / "fb6")))
    assert r.returncode == 0, r.stderr
    page = (folder / "fb6" / "s001.html").read_text()
    assert "after '**bold** '" in page and "<strong>" not in page.split("<h2")[1]
    md = (folder / "fb6" / "s001.md").read_text()
    assert r"after '\*\*bold\*\* '" in md


def test_the_summary_names_who_submitted_nothing_and_goes_by_part(course):
    folder, key, _ = course
    ada = answers(key, "s001")
    body = "student_id,question,answer\n" + "".join(
        f's001,{c},"{text(v)}"\n' for c, v in ada.items()
    )
    r = grade(folder, body)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Submitted nothing (3): Alan Turing (s002), Grace Hopper (00123), Donald Knuth" in out
    assert "By part (share of each part's credit):" in out
    assert "Q1a   25%   1      0       0        0      3" in out


# ---------------------------------------------------------------- the sheets


def test_sheets_show_points_markdown_instructions_due_date_and_how_to_submit(course):
    folder, _, _ = course
    page = (folder / "out" / "s001.html").read_text()
    assert "<strong>Friday</strong>" in page and '<a href="https://example.com/notes">' in page
    assert "&lt;b&gt;no&lt;/b&gt;" in page  # raw HTML in the instructions is shown, not run
    assert page.count('<span class="points">(2 points)</span>') == 2  # 1a and 1b of 4
    assert page.count('<span class="points">(3 points)</span>') == 2  # 2a and 2b of 6
    assert "Due Fri 20 Mar 2026, 17:00" in page and "10% per day late" in page
    assert "<code>s001,2b,0.25</code>" in page  # the default says how to submit
    md = (folder / "out" / "s001.md").read_text()
    assert "**1a.** (2 points)" in md and "`s001,2b,0.25`" in md


def test_a_custom_submit_text(course, tmp_path):
    folder, _, _ = course
    (tmp_path / "hw.toml").write_text(
        ASSIGNMENT.format(ecf='submit = "Fill in the **Google Form** by Friday."')
    )
    r = run_cli(
        "homework", str(tmp_path / "hw.toml"), "--roster", str(folder / "canvas.csv"),
        "--out", str(tmp_path / "o"),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "o" / "s001.html").read_text()
    assert "<strong>Google Form</strong>" in page and "s001,2b,0.25" not in page


def test_a_smaller_roster_removes_the_old_students_sheets_and_nothing_else(course, tmp_path):
    folder, _, _ = course
    out = tmp_path / "o"
    hw, roster = str(folder / "hw.toml"), tmp_path / "r.csv"
    roster.write_text("student_id\ns1\ns2\ns3\n")
    assert run_cli("homework", hw, "--roster", str(roster), "--out", str(out)).returncode == 0
    (out / "notes.md").write_text("mine")
    roster.write_text("student_id\ns1\n")
    r = run_cli("homework", hw, "--roster", str(roster), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "removed 4 files of students no longer on the roster" in r.stdout
    assert "s2.html, s2.md, s3.html, s3.md" in r.stdout
    assert "removed 2 figure files an earlier run wrote and this one does not" in r.stdout
    assert sorted(p.name for p in out.glob("s*.*")) == [
        "s1-q1-network.svg",  # the neuron of question 1, beside the Markdown sheet
        "s1.html",
        "s1.md",
        "sheets.csv",
    ]
    assert (out / "notes.md").read_text() == "mine"


def test_timestamps_with_and_without_an_offset_are_compared(course):
    """Canvas writes UTC (Z), a form local time: taken to the due date's offset, never a
    comparison that fails. 16:30Z is 16:30 local here (the due date has no offset)."""
    folder, key, _ = course
    ada = answers(key, "s001")
    first = "student_id,question,answer,timestamp\n"
    first += f"s001,1a,{text(ada['1a'])},2026-03-20T16:30:00Z\n"
    second = "student_id,question,answer,timestamp\n"
    second += "s001,1a,99,2026-03-20 16:00:00\n"  # earlier: the answer above counts
    r = grade(folder, first, second)
    assert r.returncode == 0, r.stderr
    assert gradebook(folder)["s001"]["q1"] == "2"
    assert gradebook(folder)["s001"]["late"] == "0"


def test_an_index_listing_the_class_file_and_key_never_removes_this_runs_own(course, tmp_path):
    """A sheets.csv edited by hand (or by another tool) that lists class.html, key.html,
    key.md or key.jsonl under a student no longer on the roster: those are this run's
    own files, written a moment before; they stay (they were removed, and named as a
    student's sheets), and a user's file outside the folder is never touched."""
    folder, _, _ = course
    hw, roster, out = str(folder / "hw.toml"), tmp_path / "r.csv", tmp_path / "out"
    roster.write_text("student_id\ns1\ns2\n")
    assert run_cli("homework", hw, "--roster", str(roster), "--out", str(out)).returncode == 0
    (tmp_path / "mine.md").write_text("mine")
    with (out / "sheets.csv").open("a") as index:
        index.write("x1,class.html,key.html\nx2,key.md,key.jsonl\nx3,../mine.md,sheets.csv\n")
    roster.write_text("student_id\ns1\n")
    r = run_cli("homework", hw, "--roster", str(roster), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "removed 2 files of students no longer on the roster (listed in the earlier " in r.stdout
    assert "sheets.csv): s2.html, s2.md\n" in r.stdout
    for own in ("class.html", "key.html", "key.md", "key.jsonl", "sheets.csv", "s1.html"):
        assert (out / own).is_file(), own
    assert "s1" in (out / "class.html").read_text()
    assert (tmp_path / "mine.md").read_text() == "mine"


def test_the_default_example_row_is_one_the_student_can_copy(tmp_path):
    """The default how-to-submit example named question 2b whatever the assignment (a
    one-question sheet said `s001,2b,0.25`), and wrote an id with a comma unquoted, a
    row of four cells; in Markdown, an id's escapes showed inside the code span."""
    one = 'title = "One"\nsecret = "x"\n[[questions]]\nfamily = "softmax"\ndifficulty = "easy"\n'
    write(tmp_path, one, 'student_id,name\n"Smith, J",J\ns[1],K\n')
    r = homework(tmp_path, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    index = csv.reader(io.StringIO((tmp_path / "out" / "sheets.csv").read_text()))
    stems = {sid: md for sid, md, _ in index}
    smith = (tmp_path / "out" / stems["Smith, J"]).with_suffix(".html").read_text()
    assert "such as <code>&quot;Smith, J&quot;,1,0.25</code>" in smith
    row = next(csv.reader(['"Smith, J",1,0.25']))
    assert row == ["Smith, J", "1", "0.25"]  # what the student copies is one row of three
    md = (tmp_path / "out" / stems["s[1]"]).read_text()
    assert "such as `s[1],1,0.25`" in md


def test_an_image_in_the_instructions_is_a_link_not_a_load_from_the_internet(tmp_path):
    """The sheets load nothing from elsewhere (the templates' rule): a Markdown image
    with a web address in ``instructions`` became ``<img src="https://…">``, a request
    from every student who opens the sheet; now it is a link. One held in the page stays."""
    dot = "data:image/png;base64,iVBORw0KGgo="
    assignment = (
        'title = "Img"\nsecret = "x"\n'
        f'instructions = "See ![the map](https://example.com/map.png) and ![dot]({dot})."\n'
        '[[questions]]\nfamily = "softmax"\ndifficulty = "easy"\n'
    )
    write(tmp_path, assignment, "student_id\ns1\n")
    r = homework(tmp_path, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    for name in ("s1.html", "class.html"):
        page = (tmp_path / "out" / name).read_text()
        assert "https://example.com/map.png" in page, name
        assert (
            '<img src="https:' not in page
            and '<a href="https://example.com/map.png">the map</a>' in page
        )
        assert f'<img src="{dot}" alt="dot" />' in page, name

"""A TA's review of issue 17's reading and grading side: what a course's real files
hold (Google Forms' own timestamps, Canvas's UTC, dotted dates), and credit carried
forward that cannot be gamed. Every command runs as a real subprocess."""

from __future__ import annotations

from decimal import Decimal

from ..conftest import run_cli
from . import test_lms
from .test_lms import FORM_HEAD, answers, form_row, grade, gradebook, text

course = test_lms.course  # the same course (a module fixture)

# ---------------------------------------------------------------- timestamps


def test_google_forms_own_timestamps_make_an_answer_late(course):
    """Google Forms' "Download responses (.csv)" writes ``2026/03/21 6:30:00 PM GMT+1``:
    17:30 UTC the next day, 1 day 30 minutes after the due date (read as UTC, with a
    note saying so): 2 started days, −20 % of question 2's 6 points. Unread, it was
    never late."""
    folder, key, _ = course
    alan = answers(key, "s002")
    q2 = {c: alan[c] for c in ("2a", "2b")}
    body = FORM_HEAD + form_row("2026/03/21 6:30:00 PM GMT+1", "", "s002", q2)
    r = grade(folder, body)
    assert r.returncode == 0, r.stderr
    assert "cannot read the timestamp" not in r.stdout
    assert Decimal(gradebook(folder)["s002"]["q2"]) == Decimal("4.8")
    assert "has no offset, so it was read as UTC" in r.stdout
    assert "write due = 2026-03-20T17:00:00+01:00" in r.stdout


def test_canvas_utc_and_dotted_day_first_dates(course):
    """Canvas writes ``2026-03-20 17:30:00 UTC`` (30 minutes late: −10 %); a German
    spreadsheet ``12.3.2026 10:00:00``, 12 March (on time), never 3 December; Google
    Forms in Spanish ``p. m.``."""
    folder, key, _ = course
    ada, alan = answers(key, "s001"), answers(key, "s002")
    body = FORM_HEAD + form_row("2026-03-20 17:30:00 UTC", "", "s001", ada)
    body += form_row("12.3.2026 10:00:00", "", "s002", alan)
    grace = answers(key, "00123")  # Google Forms in Spanish: 17:30 UTC, 30 minutes late
    body += form_row("2026/03/20 6:30:00 p. m. GMT+1", "", "00123", grace)
    r = grade(folder, body)
    assert r.returncode == 0, r.stderr
    assert "cannot read the timestamp" not in r.stdout
    assert "month/day" not in r.stdout
    book = gradebook(folder)
    assert (book["s001"]["total"], book["s001"]["late"]) == ("9", "1")
    assert (book["s002"]["total"], book["s002"]["late"]) == ("10", "0")
    assert (book["00123"]["total"], book["00123"]["late"]) == ("9", "1")


# ---------------------------------------------------------------- carried forward


# (problem id, an impossible earlier answer and the later one worked from it, a
# possible wrong earlier answer and the later one worked from it), by hand:
GAMES = [
    # y = 2: "probabilities" 0.5, −0.5, 2 give a loss of −ln 2 < 0; 0.2, 0.3, 0.5 give ln 2
    ("cross_entropy:1", "a=[0.5, -0.5, 2]; b=-0.693147", "a=[0.2, 0.3, 0.5]; b=0.693147"),
    # x = [−1, −0.5], ε = 0.1: a gradient of zeros is no attack (x_adv = x)
    ("fgsm:1", "a=[0, 0]; b=[-1, -0.5]", "a=[-1, 1]; b=[-1.1, -0.4]"),
    # patience 2: training cannot stop at epoch 2; stopped at 3, the best is epoch 3
    ("early_stopping:v2:1", "a=2; b=2", "a=3; b=3"),
    # sizes 6, 10, 10, 4 (224 parameters, 100 weights in layer 2): −5 weights is no count
    ("count_params:1", "a=-5; b=119", "a=110; b=234"),
    # ReLU at z = −2.5, upstream −1.5: a slope of 5 is no ReLU′; 1 is one
    ("activation_derivative:v2:1", "a=5; b=-7.5", "a=1; b=-1.5"),
    # w = −0.5, 0.5, 1.5 (Πw = −0.375), 3 layers: Πσ′ is at most 1/64, never 5
    ("vanishing:1", "a=5; b=-1.875", "a=0.001; b=-0.000375"),
    # σ's h2 is never 1.3 or −0.2; output = −1.5 h₁ − h₂ + 1
    ("forward:v3:1", "a=[0, 0]; b=[1.3, -0.2]; c=-0.75", "a=[0, 0]; b=[0.3, 0.2]; c=0.35"),
    # zeros, what is typed when unsure: ∂L/∂W⁽²⁾ = 0 makes every later gradient 0 (it
    # earned 2 of 3 parts), Πσ′ = 0 makes ∂L/∂x 0; a count of 0 errors is an answer
    ("backprop:4748215488360781580", "a=[[0, 0]]; b=0; c=[0, 0]", None),
    ("vanishing:1", "a=0; b=0", None),
    ("activation_derivative:v2:1", "a=0.5; b=-0.75", "a=1; b=-1.5"),
    ("separable:v3:7796742357878414034", "a=0.5; b=yes", "a=0; b=yes"),
]


def test_nothing_is_carried_from_an_impossible_earlier_answer():
    """A later part worked correctly from an earlier answer no student could get (a
    negative probability, a negative count, a sigmoid's h of 1.3, an epoch training
    cannot stop at, a zero gradient for an attack) earns nothing: typing nonsense in
    (a) and working (b) from it is no error carried forward. The same later part
    worked from a possible wrong answer is carried (so the check can fail)."""
    for problem, impossible, possible in GAMES:
        r = run_cli("check", problem, "--answer", impossible)
        assert r.returncode == 1, (problem, r.stdout, r.stderr)
        assert "follows" not in r.stdout, (problem, r.stdout)
        if possible is not None:
            r = run_cli("check", problem, "--answer", possible)
            assert "follows correctly from your" in r.stdout, (problem, r.stdout)


# ---------------------------------------------------------------- near ids


def test_a_match_by_email_names_the_email_not_the_id_beside_it(course):
    """A form row with the id typed as '0123' and Grace's email is matched by the email,
    and the note says so with the email (it said "'0123' as '00123'" under "matched as
    an email address")."""
    folder, key, _ = course
    grace = answers(key, "00123")
    body = FORM_HEAD + form_row("2026-03-20 10:00:00", "grace@uni.edu", "0123", grace)
    r = grade(folder, body)
    assert r.returncode == 0, r.stderr
    assert gradebook(folder)["00123"]["total"] == "10"
    assert "1 id matched as an email address on the roster: 'grace@uni.edu' as '00123'" in (
        r.stdout
    )


# ---------------------------------------------------------------- rosters


def test_an_empty_default_id_column_names_the_columns_to_use_instead(tmp_path):
    """Moodle's ID number is often empty (and Canvas's SIS User ID for a student added
    by hand): the error names the columns that row does fill, for --id-column."""
    (tmp_path / "hw.toml").write_text(
        'title = "t"\nsecret = "s"\n[[questions]]\nfamily = "neuron"\n'
    )
    (tmp_path / "moodle.csv").write_text(
        "First name,Last name,ID number,Institution,Department,Email address\n"
        "Ada,Lovelace,,Uni,CS,ada@uni.edu\n"
    )
    r = run_cli(
        "homework", str(tmp_path / "hw.toml"), "--roster", str(tmp_path / "moodle.csv"),
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert r.returncode == 2
    assert "no student id (the ID number column is empty); to use another column" in r.stderr
    assert "name it with --id-column (this row has 'Email address')" in r.stderr
    r = run_cli(
        "homework", str(tmp_path / "hw.toml"), "--roster", str(tmp_path / "moodle.csv"),
        "--out", str(tmp_path / "out"), "--id-column", "Email address",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr


# ---------------------------------------------------------------- resubmissions


def test_an_answer_resubmitted_unchanged_after_the_deadline_stays_on_time(course):
    """A Google Form is resubmitted whole: Alan answered everything on time, then
    resubmitted the form a day late with the same answers and 2b changed. Only 2b is
    late (−20 % of its 3 points); the rest was there on time and stays on time. An
    answer changed and then changed back late is late (the on-time one was replaced)."""
    folder, key, _ = course
    alan = answers(key, "s002")
    body = FORM_HEAD + form_row("2026/03/20 10:00:00 AM GMT", "", "s002", alan)
    body += form_row("2026/03/21 9:00:00 AM GMT", "", "s002", {**alan, "1b": 99})
    body += form_row("2026/03/21 5:00:00 PM GMT", "", "s002", {**alan, "2b": 1})
    r = grade(folder, body, more=("--feedback", str(folder / "fb_resub")))
    assert r.returncode == 0, r.stderr
    row = gradebook(folder)["s002"]
    # 1b: 99 on the 21st, then right again that day: late by 1 day (−10 % of 2 points);
    # 2b: wrong (1) and late: 0; the rest right and on time
    assert (row["q1"], row["q2"], row["late"]) == ("3.8", "3", "0.2"), row
    page = (folder / "fb_resub" / "s002.md").read_text()
    assert "You submitted 3 times" in page


def test_a_form_column_titled_after_its_question_is_read_and_one_that_is_not_is_named(course):
    """Google Forms names a column after its question's title: ``Q1b Find h``,
    ``2 (a) - the softmax`` are read; a column read as nothing (``Part 2b``) was dropped
    without a word, its answers lost: it is named in a note."""
    folder, key, _ = course
    ada = answers(key, "s001")
    head = "Timestamp,Email address,Student ID,Q1a,Q1b Find h,2 (a) - the softmax,Part 2b,Score\n"
    cells = [f'"{text(ada[c])}"' for c in ("1a", "1b", "2a", "2b")]
    body = head + ",".join(["2026-03-20 10:00:00", "", "s001", *cells, "7"]) + "\n"
    r = grade(folder, body)
    assert r.returncode == 0, r.stderr
    assert (gradebook(folder)["s001"]["q1"], gradebook(folder)["s001"]["q2"]) == ("4", "3")
    assert "columns not read (no question number at their start" in r.stdout
    assert "'Part 2b'" in r.stdout and "'Score'" not in r.stdout


def test_a_row_whose_id_and_email_are_two_students_is_graded_as_neither(course):
    """Ada types Alan's id (a slip of a digit that hits a classmate) in the form, which
    collected her own email: her later row replaced Alan's answers, and the summary
    said "No problems found". It is skipped and named; Alan keeps his answers. An id
    that fits no one beside her email is hers (matched by the email, as before)."""
    folder, key, _ = course
    ada, alan = answers(key, "s001"), answers(key, "s002")
    body = FORM_HEAD + form_row("2026-03-20 10:00:00", "alan@uni.edu", "s002", alan)
    body += form_row("2026-03-20 11:00:00", "ada@uni.edu", "s002", ada)
    body += form_row("2026-03-20 12:00:00", "ada@uni.edu", "s001.0", ada)  # fits no one
    r = grade(folder, body)
    assert r.returncode == 0, r.stderr
    book = gradebook(folder)
    assert (book["s002"]["total"], book["s001"]["total"]) == ("10", "10")
    assert "1 id matched as an email address on the roster: 'ada@uni.edu' as 's001'" in r.stdout
    assert (
        "line 3: the id 's002' and the email 'ada@uni.edu' are two students' ('s002' and "
        "'s001'): row skipped, graded as neither"
    ) in r.stdout


def test_an_id_that_nearly_fits_a_classmate_beside_ones_own_email_is_graded_as_neither(course):
    """The same slip with an id that fits a classmate only nearly (Ada types 123 for
    Grace's 00123), or with a classmate's email typed as the id: the row was graded as
    Ada's by her email, with no word, while an exact id in that place is graded as
    neither. Both are now skipped and named, as the exact id is."""
    folder, key, _ = course
    ada, grace = answers(key, "s001"), answers(key, "00123")
    body = FORM_HEAD + form_row("2026-03-20 10:00:00", "grace@uni.edu", "00123", grace)
    body += form_row("2026-03-20 11:00:00", "ada@uni.edu", "123", ada)
    body += form_row("2026-03-20 12:00:00", "ada@uni.edu", "alan@uni.edu", ada)
    r = grade(folder, body)
    assert r.returncode == 0, r.stderr
    book = gradebook(folder)
    assert (book["00123"]["total"], book["s001"]["total"]) == ("10", "0")
    assert (
        "line 3: the id '123' and the email 'ada@uni.edu' are two students' ('00123' and "
        "'s001'): row skipped, graded as neither"
    ) in r.stdout
    assert (
        "line 4: the id 'alan@uni.edu' and the email 'ada@uni.edu' are two students' "
        "('s002' and 's001'): row skipped, graded as neither"
    ) in r.stdout


def test_a_form_whose_id_column_has_another_title(course, tmp_path):
    """ "Student number" is read as the id column of a form; a title nnquiz does not know
    ("Your student ID") is refused in words about a form, not "the first row must name
    the columns: student_id,question,answer"."""
    folder, key, _ = course
    ada = answers(key, "s001")
    cells = ",".join(f'"{text(ada[c])}"' for c in ("1a", "1b"))
    r = grade(folder, f"Timestamp,Student number,Q1a,Q1b\n2026-03-20 10:00:00,s001,{cells}\n")
    assert r.returncode == 0, r.stderr
    assert gradebook(folder)["s001"]["q1"] == "4"
    r = grade(folder, f"Timestamp,Your student ID,Q1a,Q1b\n2026-03-20 10:00:00,s001,{cells}\n")
    assert r.returncode == 2
    assert "one row per submission, with a column per question (Q1a, Q1b), but no column" in (
        r.stderr
    )
    assert "title the id column 'Student ID'" in r.stderr


def test_a_timestamp_that_cannot_be_read_in_long_rows_is_listed(course):
    """A long file's timestamp in a zone nnquiz cannot read (EST) was taken silently as
    no timestamp ("No problems found"), so a late answer counted as on time."""
    folder, key, _ = course
    ada = answers(key, "s001")
    body = "student_id,question,answer,timestamp\n"
    body += f"s001,1a,{ada['1a']!r},2026/03/21 9:15:02 PM EST\n"
    r = grade(folder, body)
    assert r.returncode == 0, r.stderr
    assert "line 2: cannot read the timestamp '2026/03/21 9:15:02 PM EST': its answers" in (
        r.stdout
    )
    assert "month/day" not in r.stdout  # no date was read: none was ambiguous

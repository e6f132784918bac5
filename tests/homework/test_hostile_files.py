"""`nnquiz homework` and `nnquiz grade` against files that are wrong in ways that once
lost or leaked data: a quote left open, formula ids, outputs that are inputs, targets
that cannot be written, a corrupt key, ids saved in another Unicode form, rows that
could not be placed. Every refusal is one line, exit 2, with nothing changed."""

import json
import resource
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from ..conftest import ROOT, run_cli
from .conftest import ASSIGNMENT, homework, key_lines, write


def grade(folder: Path, subs: Path, *more: str, roster: Path | None = None):
    roster = roster or folder / "roster.csv"
    return run_cli("grade", str(folder / "hw.toml"), str(subs), "--roster", str(roster), *more)


def one_line_refusal(r) -> str:
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    return r.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too: a temporary left behind shows)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def answers(folder: Path) -> dict[tuple[str, str], str]:
    """{(student, code): the right answer as typed} from the class's key."""
    out = {}
    for row in key_lines(folder / "out"):
        parts = row["problem"]["parts"]
        for p in parts:
            code = f"{row['question']}{p['label']}" if len(parts) > 1 else str(row["question"])
            out[(row["student_id"], code)] = json.dumps(p["answer"])
    return out


# 1. a quote left open swallows the rows after it


def test_a_quote_left_open_that_swallows_rows_is_refused(made, tmp_path):
    subs = tmp_path / "subs.csv"
    subs.write_text(
        "student_id,question,answer\n"
        's001,1,"[0.6652, 0.09003, 0.2447]\n'
        "s002,1,0.777777\n"
        "s003,2a,0.888888\n"
        "s999,1,0.999999\n",
        "utf-8",
    )
    (tmp_path / "grades.csv").write_text("the old gradebook\n")
    before = snapshot(tmp_path)
    r = grade(made, subs, "--out", str(tmp_path / "grades.csv"), "--feedback", str(tmp_path / "fb"))
    err = one_line_refusal(r)
    assert "subs.csv: line 2: a quote" in err and "never closed" in err
    assert "swallowed lines 3-5" in err
    assert not any(x in err for x in ("0.777777", "0.888888", "0.999999"))  # nothing echoed
    assert snapshot(tmp_path) == before  # gradebook and feedback untouched


def test_a_quote_closed_by_the_next_rows_quote_is_refused_too(made, tmp_path):
    subs = tmp_path / "subs.csv"
    subs.write_text(
        'student_id,question,answer\ns001,1,"[0.1, 0.2\ns002,2a,"[[1, 2]]"\ns003,1,0.5\n'
    )
    err = one_line_refusal(grade(made, subs, "--out", str(tmp_path / "g.csv")))
    assert "line 2: a quote" in err and "swallowed line 3, which looks like a row" in err
    assert not (tmp_path / "g.csv").exists()


def test_an_answer_typed_over_several_lines_is_still_read(made, tmp_path):
    right = answers(made)
    vector = json.loads(right[("s002", "1")])
    typed = "\n".join(f"{x:.6g}" for x in vector)  # a column vector, one entry a line
    subs = tmp_path / "subs.csv"
    subs.write_text(f'student_id,question,answer\ns002,1,"{typed}"\ns003,1,0.5\n')
    r = grade(made, subs, "--out", str(tmp_path / "g.csv"))
    assert r.returncode == 0, r.stderr
    rows = (tmp_path / "g.csv").read_text().splitlines()
    assert rows[2].startswith("s002,6,")


def test_a_quote_left_open_in_a_form_export_with_a_timestamp_first_is_refused(made, tmp_path):
    # the id is not the first column: the guard reads the columns the header names
    subs = tmp_path / "subs.csv"
    subs.write_text(
        "timestamp,student_id,question,answer\n"
        '2026-03-01 10:00:00,s001,1,"[0.6652, 0.09003, 0.2447]\n'
        "2026-03-01 10:01:00,s002,1,0.777777\n"
        "2026-03-01 10:02:00,s003,2a,0.888888\n",
        "utf-8",
    )
    err = one_line_refusal(grade(made, subs, "--out", str(tmp_path / "g.csv")))
    assert "subs.csv: line 2: a quote" in err and "swallowed lines 3-4" in err
    assert not (tmp_path / "g.csv").exists()


def numbered_class(folder: Path) -> None:
    write(folder, ASSIGNMENT, "student_id\n1\n2\n3\n")


def test_a_matrix_typed_one_row_a_line_is_read_with_numbers_for_ids(tmp_path):
    # "1, 2" has roster id 1 and question 2 in the first two cells, but no answer cell
    numbered_class(tmp_path)
    subs = tmp_path / "subs.csv"
    subs.write_text('student_id,question,answer\n1,1,"3, 4\n1, 2"\n2,1,0.5\n')
    r = grade(tmp_path, subs, "--out", str(tmp_path / "g.csv"), "--feedback", str(tmp_path / "fb"))
    assert r.returncode == 0, r.stderr
    assert "No problems found in the files." in r.stdout
    assert "Read as: `[[3, 4], [1, 2]]`" in (tmp_path / "fb" / "1.md").read_text("utf-8")


def test_with_numbers_for_ids_a_quote_left_open_is_still_refused(tmp_path):
    numbered_class(tmp_path)
    subs = tmp_path / "subs.csv"
    subs.write_text('student_id,question,answer\n1,1,"[0.1, 0.2\n2,1,0.5\n3,2a,0.7\n')
    err = one_line_refusal(grade(tmp_path, subs, "--out", str(tmp_path / "g.csv")))
    assert "line 2: a quote" in err and "swallowed lines 3-4" in err


def test_a_line_with_a_question_the_assignment_has_not_is_no_row(made, tmp_path):
    # "see, 12, above" has the shape id,question,answer, but there is no question 12
    subs = tmp_path / "subs.csv"
    subs.write_text('student_id,question,answer\ns001,1,"0.5\nsee, 12, above"\ns002,1,0.5\n')
    r = grade(made, subs, "--out", str(tmp_path / "g.csv"))
    assert r.returncode == 0, r.stderr


def test_a_roster_with_a_quote_left_open_is_refused(tmp_path):
    roster = 'student_id,name\ns001,"Ada\ns002,Alan\ns003,Grace\n'
    write(tmp_path, ASSIGNMENT, roster)
    err = one_line_refusal(homework(tmp_path, tmp_path / "out"))
    assert "roster.csv: line 2: a quote" in err and "lines 3-4" in err
    assert not (tmp_path / "out").exists()


# 2. ids a spreadsheet would run as formulas


@pytest.mark.parametrize("sid", ["=2+3", "@SUM(A1)", "+cmd", "-2+3", "=HYPERLINK(x)"])
def test_a_formula_id_is_refused_when_the_roster_is_read(tmp_path, sid):
    write(tmp_path, ASSIGNMENT, f'student_id,name\ns001,Ada\n"{sid}",Eve\n')
    err = one_line_refusal(homework(tmp_path, tmp_path / "out"))
    assert f"roster.csv: line 3: student id {sid!r} starts with {sid[0]!r}" in err
    assert "formula" in err
    assert not (tmp_path / "out").exists()


def test_numbers_are_ids_and_no_file_name_in_an_index_starts_like_a_formula(tmp_path):
    ids = ["-12", "+44", "_@x", "a@b"]
    write(tmp_path, ASSIGNMENT, "student_id\n" + "".join(f"{i}\n" for i in ids))
    r = homework(tmp_path, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    rows = (tmp_path / "out" / "sheets.csv").read_text().splitlines()[1:]
    assert [row.split(",")[0] for row in rows] == ids
    for row in rows:
        for name in row.split(",")[1:]:
            assert not name.startswith(("=", "@", "+", "-")), name
            assert (tmp_path / "out" / name).is_file()


# 3. an output that is one of the inputs


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--out", "{subs}"], "--out {subs}: is the same file as SUBMISSIONS"),
        (["--out", "{roster}"], "--out {roster}: is the same file as --roster"),
        (["--out", "{hw}"], "--out {hw}: is the same file as ASSIGNMENT"),
        (
            ["--out", "{tmp}/g.csv", "--summary", "{key}", "--key", "{key}"],
            "--summary {key}: is the same file as --key",
        ),
        (["--out", "{tmp}/g.csv", "--summary", "{tmp}/g.csv"], "is the same file as --out"),
        (["--out", "{tmp}/g.csv", "--feedback", "{out}"], "this folder holds the homework"),
        (["--out", "{tmp}/g.csv", "--feedback", "{class}"], "this folder holds"),
        (
            ["--out", "{tmp}/fb/index.csv", "--feedback", "{tmp}/fb"],
            "is the same file as the feedback index",
        ),
    ],
)
def test_an_output_that_is_an_input_is_refused(made, tmp_path, args, said):
    folder = tmp_path / "class"
    shutil.copytree(made, folder)
    subs = folder / "subs.csv"
    subs.write_text("student_id,question,answer\ns001,1,0.5\n")
    (tmp_path / "fb").mkdir()
    names = {
        "subs": str(subs),
        "roster": str(folder / "roster.csv"),
        "hw": str(folder / "hw.toml"),
        "key": str(folder / "out" / "key.jsonl"),
        "out": str(folder / "out"),
        "class": str(folder),
        "tmp": str(tmp_path),
    }
    before = snapshot(tmp_path)
    r = grade(folder, subs, *(a.format(**names) for a in args))
    err = one_line_refusal(r)
    assert said.format(**names) in err
    assert snapshot(tmp_path) == before


def test_homework_refuses_to_write_over_its_inputs(tmp_path):
    write(tmp_path, ASSIGNMENT, "student_id\ns001\n")
    out = tmp_path / "out"
    out.mkdir()
    roster = out / "sheets.csv"  # the index homework writes
    roster.write_text("student_id\ns001\n")
    r = run_cli("homework", str(tmp_path / "hw.toml"), "--roster", str(roster), "--out", str(out))
    assert "is the same file as --roster" in one_line_refusal(r)
    assert roster.read_text() == "student_id\ns001\n" and [p.name for p in out.iterdir()] == [
        "sheets.csv"
    ]
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "part.md").write_text("${code} ${prompt}\n")
    r = homework(tmp_path, mine, "--templates", str(mine))
    assert "is the --templates folder" in one_line_refusal(r)
    assert [p.name for p in mine.iterdir()] == ["part.md"]


# 4. a target that cannot be written: all or nothing


def test_homework_with_a_folder_in_place_of_a_sheet_changes_nothing(made, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(made / "out", out)
    (out / "s002.md").unlink()
    (out / "s002.md").mkdir()
    (out / "key.jsonl").write_text("an older key\n")
    before = snapshot(out)
    err = one_line_refusal(homework(made, out))
    assert f"cannot write {out / 's002.md'}: it is a folder" in err
    assert snapshot(out) == before  # the old key is kept, no temporary is left


def test_homework_with_a_folder_in_place_of_the_key_changes_nothing(made, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "key.jsonl").mkdir()
    err = one_line_refusal(homework(made, out))
    assert "key.jsonl: it is a folder" in err
    assert [p.name for p in out.iterdir()] == ["key.jsonl"]


def test_grade_with_a_folder_in_place_of_a_feedback_file_changes_nothing(made, tmp_path):
    subs = tmp_path / "subs.csv"
    subs.write_text("student_id,question,answer\ns001,1,0.5\n")
    (tmp_path / "g.csv").write_text("the old gradebook\n")
    (tmp_path / "fb" / "s003.md").mkdir(parents=True)  # in a folder of an earlier run
    (tmp_path / "fb" / "index.csv").write_text("student_id,markdown\ns003,s003.md\n")
    before = snapshot(tmp_path)
    r = grade(made, subs, "--out", str(tmp_path / "g.csv"), "--feedback", str(tmp_path / "fb"))
    assert "s003.md: it is a folder" in one_line_refusal(r)
    assert snapshot(tmp_path) == before


def run_limited(args: list[str], max_bytes: int) -> subprocess.CompletedProcess:
    """The CLI with files limited to ``max_bytes`` (a write past it fails, as on a full
    disk: Python ignores SIGXFSZ, so the write raises OSError)."""

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    # -B: no bytecode cache is written under the limit (it would be cut short, for good)
    env = {
        "PYTHONPATH": str(ROOT),
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-B", "-m", "nnquiz", *args],
        preexec_fn=limit,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_a_full_disk_while_writing_homework_changes_nothing(made, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(made / "out", out)
    (out / "key.jsonl").write_text("an older key\n")
    before = snapshot(out)
    args = ["homework", str(made / "hw.toml"), "--roster", str(made / "roster.csv")]
    r = run_limited([*args, "--out", str(out)], 20_000)
    err = one_line_refusal(r)
    assert err.startswith("nnquiz: error: cannot write ") and "File too large" in err
    assert snapshot(out) == before


def test_a_full_disk_while_grading_changes_nothing(made, tmp_path):
    subs = tmp_path / "subs.csv"
    subs.write_text("student_id,question,answer\ns001,1,0.5\n")
    (tmp_path / "g.csv").write_text("the old gradebook\n")
    before = snapshot(tmp_path)
    args = ["grade", str(made / "hw.toml"), str(subs), "--roster", str(made / "roster.csv")]
    r = run_limited(
        [*args, "--out", str(tmp_path / "g.csv"), "--feedback", str(tmp_path / "fb")], 3000
    )
    assert "File too large" in one_line_refusal(r)
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "fb").exists()  # the folder it made is gone again


# 5. a corrupt key


def _set(path: list, value):
    def change(rows):
        target = rows[0]
        for k in path[:-1]:
            target = target[k]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_set(["problem"], "x"), "line 1: student 's001', question 1: 'problem' is not a problem"),
        (
            _set(["problem", "parts", 0, "answer"], "0.5"),
            "line 1: student 's001', question 1: part 'a': its answer is not a finite number",
        ),
        (_set(["problem", "parts"], "x"), "line 1: student 's001', question 1: the problem has no"),
        (_set(["problem", "parts", 0, "tol"], "x"), "part 'a': its 'tol' is not"),
        (_set(["problem", "parts", 0, "tol", "rel"], -1), "its tolerance 'rel' is not a number"),
        (_set(["problem", "parts", 0, "tol", "abs"], float("inf")), "its tolerance 'abs'"),
        (_set(["problem", "parts", 0, "answer"], [[1, 2], [3]]), "rows differ in length"),
        (_set(["problem", "parts", 0, "answer"], [1, float("nan")]), "not a finite number"),
        (_set(["problem", "parts", 0], "x"), "part 1 is not an object"),
        (_set(["problem", "mistakes"], "x"), "the problem's 'mistakes' is not a list"),
        (_set(["problem", "solution"], "x"), "the problem's 'solution' is not a text"),
        (_set(["question"], "1"), "line 1: the question is not a whole number"),
        (lambda rows: rows.insert(4, rows[0]), "line 5: student 's001', question 1 again (also"),
        (lambda rows: rows.__setitem__(0, [1, 2]), "line 1: not a key line of nnquiz homework"),
    ],
)
def test_a_corrupt_key_is_refused_in_plain_words(made, tmp_path, change, said):
    rows = key_lines(made / "out")
    change(rows)
    key = tmp_path / "key.jsonl"
    key.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    subs = tmp_path / "subs.csv"
    subs.write_text("student_id,question,answer\ns001,1,0.5\n")
    r = grade(made, subs, "--out", str(tmp_path / "g.csv"), "--key", str(key))
    err = one_line_refusal(r)
    assert err.startswith(f"nnquiz: error: {key}: line ") and said in err
    for internal in ("argument after **", "Unknown format code", "problem: 'parts'", "Error"):
        assert internal not in err
    assert not (tmp_path / "g.csv").exists()


# 6. ids compared after Unicode normalisation


def test_ids_match_whatever_unicode_form_and_spaces_they_were_saved_in(tmp_path):
    zoe, john = "Zoë Ørsted", "John Smith"
    write(tmp_path, ASSIGNMENT, f"student_id\n{zoe}\n{john}\nab\nAB\ncd\n")
    assert homework(tmp_path, tmp_path / "out").returncode == 0
    right = answers(tmp_path)
    subs = tmp_path / "subs.csv"
    subs.write_text(
        "student_id,question,answer\n"
        f'{unicodedata.normalize("NFD", zoe)},1,"{right[(zoe, "1")]}"\n'
        f'John\u00a0Smith,1,"{right[(john, "1")]}"\n'
        f'\u2003John Smith\u00a0,3a,"{right[(john, "3a")]}"\n'
        "Ab,1,0.5\n"
        "CD,1,0.5\n",
        "utf-8",
    )
    r = grade(tmp_path, subs, "--out", str(tmp_path / "g.csv"))
    assert r.returncode == 0, r.stderr
    grades = {
        row.split(",")[0]: row.split(",")
        for row in (tmp_path / "g.csv").read_text("utf-8").splitlines()
    }
    assert grades[zoe][1] == "6" and grades[john][1] == "6"  # matched, graded right
    assert zoe in grades and unicodedata.normalize("NFD", zoe) not in grades  # roster's form
    assert "line 5: student 'Ab' is not on the roster; row skipped" in r.stdout  # two alike
    assert "line 6: student 'CD' is not on the roster (did you mean 'cd'?)" in r.stdout
    assert "Zo" not in r.stdout.split("Problems found")[-1]


def test_ids_that_differ_only_in_unicode_form_are_one_id_on_a_roster(tmp_path):
    nfd = unicodedata.normalize("NFD", "Zoë")
    write(tmp_path, ASSIGNMENT, f"student_id\nZoë\n{nfd}\n")
    err = one_line_refusal(homework(tmp_path, tmp_path / "out"))
    assert "roster.csv: line 3: duplicate student id" in err and "also on line 2" in err


# 7. feedback for rows that were skipped


def test_feedback_says_which_of_the_students_rows_were_skipped_and_why(made, tmp_path):
    subs = tmp_path / "subs.csv"
    subs.write_text(
        "student_id,question,answer\n"
        "s001,2,0.0649\n"  # question 2 has parts: which one?
        "s001,2z,0.5\n"  # no part z
        "s001,9,0.5\n"  # no question 9
        "s002,2a,SECRET-OF-S002\n"
    )
    r = grade(made, subs, "--out", str(tmp_path / "g.csv"), "--feedback", str(tmp_path / "fb"))
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "fb" / "s001.md").read_text("utf-8")
    q2 = page.split("## Question 2")[1].split("## Question 3")[0]
    assert "The row on line 2 was skipped: question 2 has parts 2a, 2b, 2c" in q2
    assert "The row on line 3 was skipped: question 2 has no part z" in q2
    assert "the rows on lines 2, 3 were skipped (see above)" in q2
    assert "You gave no answer" not in q2
    top = page.split("## Question 1")[0]
    assert "The row on line 4 was skipped: there is no question 9 (the assignment has 3)" in top
    assert "SECRET-OF-S002" not in page and "s002" not in page
    assert "You gave no answer (0 points)." in page.split("## Question 3")[1]  # really none


# 9. the sheet gives every answer's shape


def test_sheets_give_the_shape_of_every_vector_and_matrix_answer(made):
    rows = key_lines(made / "out")
    sheet = (made / "out" / "s001.md").read_text("utf-8")
    shapes = 0
    for row in rows:
        if row["student_id"] != "s001":
            continue
        for p in row["problem"]["parts"]:
            a = p["answer"]
            if isinstance(a, list) and isinstance(a[0], list):
                r, c = len(a), len(a[0])
                rs, cs = ("row" if r == 1 else "rows"), ("column" if c == 1 else "columns")
                # the size is math in the prompt's LaTeX: $1 \times 2$ in Markdown
                assert f"(a ${r} \\times {c}$ matrix: {r} {rs}, {c} {cs})" in sheet
                shapes += 1
            elif isinstance(a, list):
                assert f"(a vector of {len(a)} entries)" in sheet
                shapes += 1
    assert shapes >= 2 and "matrix:" in sheet
    assert "(a vector of 3 entries) (a vector" not in sheet  # said once


# 10. messages


def test_a_folder_given_as_submissions_is_named_once(made, tmp_path):
    r = grade(made, tmp_path, "--out", str(tmp_path / "g.csv"))
    err = one_line_refusal(r)
    assert "is a folder, not a submissions file" in err and "file file" not in err


def test_an_output_in_a_file_that_is_not_a_folder_says_so(made, tmp_path):
    (tmp_path / "afile").write_text("x")
    subs = tmp_path / "subs.csv"
    subs.write_text("student_id,question,answer\ns001,1,0.5\n")
    err = one_line_refusal(grade(made, subs, "--out", str(tmp_path / "afile" / "g.csv")))
    assert f"{tmp_path / 'afile'} is a file, not a folder" in err and "does not exist" not in err
    more = ["--out", str(tmp_path / "g.csv"), "--feedback", str(tmp_path / "afile" / "fb")]
    err = one_line_refusal(grade(made, subs, *more))
    assert f"{tmp_path / 'afile'} is a file, not a folder" in err


def test_one_sheet_is_one_sheet(tmp_path):
    write(
        tmp_path,
        'title = "HW"\nsecret = "s"\n[[questions]]\nfamily = "softmax"\n',
        "student_id\ns1\n",
    )
    r = homework(tmp_path, tmp_path / "out")
    assert r.returncode == 0 and "Wrote 1 sheet (1 problem) to" in r.stdout


def test_grade_help_says_per_student_and_the_real_summary_name():
    r = run_cli("grade", "--help")
    text = " ".join(r.stdout.split())
    assert "one feedback file per student, as Markdown and HTML" in text
    assert "grades.csv gives grades.summary.txt" in text and "OUT.summary.txt" not in text


def test_a_case_clash_is_named_as_such(tmp_path):
    write(tmp_path, ASSIGNMENT, "student_id\ns001\nS001\n../x\n")
    r = homework(tmp_path, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert "note: student id 's001' differs from 'S001' only in case" in r.stdout
    assert "note: student id '../x' is not a safe file name" in r.stdout
    assert "'s001' is not a safe file name" not in r.stdout


def test_the_markdown_key_has_no_empty_answer_lines(made):
    key = (made / "out" / "key.md").read_text("utf-8")
    assert not [line for line in key.splitlines() if line.startswith("Answer ")]
    assert "**1.** Find" in key and "**Answers.**" in key


def test_a_short_row_for_no_question_is_reported_once(made, tmp_path):
    subs = tmp_path / "subs.csv"
    subs.write_text("student_id,question,answer\ns001,9\ns001,2b\n")
    r = grade(made, subs, "--out", str(tmp_path / "g.csv"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("line 2:") == 1 and "there is no question 9" in r.stdout
    assert "line 3: student 's001', question 2b: short row with no answer" in r.stdout


# 11. the feedback folder's index


def test_the_feedback_folder_has_an_index_of_ids_and_files(tmp_path):
    ids = ["s001", "S001", "../x", "ok"]
    write(tmp_path, ASSIGNMENT, "student_id\n" + "".join(f'"{i}"\n' for i in ids))
    subs = tmp_path / "subs.csv"
    subs.write_text("student_id,question,answer\nok,1,0.5\n")
    r = grade(tmp_path, subs, "--out", str(tmp_path / "g.csv"), "--feedback", str(tmp_path / "fb"))
    assert r.returncode == 0, r.stderr
    lines = (tmp_path / "fb" / "index.csv").read_text("utf-8").splitlines()
    assert lines[0] == "student_id,markdown,html"
    rows = [line.split(",") for line in lines[1:]]
    index = {sid: md for sid, md, _ in rows}
    assert list(index) == ids and index["ok"] == "ok.md"
    assert all(page == md.replace(".md", ".html") for _, md, page in rows)
    for sid, name in index.items():
        page = (tmp_path / "fb" / name).read_text("utf-8")
        assert f"({sid})" in page.splitlines()[0]  # each file is that student's
    assert sorted(p.name for p in (tmp_path / "fb").iterdir()) == sorted(
        [*(f for row in rows for f in row[1:]), "index.csv", "texgyretermes-math.otf"]
    )

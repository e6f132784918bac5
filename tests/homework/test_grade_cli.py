"""`nnquiz grade`, run for real on a synthetic class with known right and wrong answers,
hostile strings and messy rows, graded to exact totals."""

import csv
import io
import json
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from nnquiz.homework.names import safe_names

from ..conftest import run_cli
from .conftest import ASSIGNMENT, homework, key_lines, write

STUDENTS = ["ada", "alan", "grace", "edsger", "barbara", "donald"]
ROSTER = "student_id,name\n" + "".join(f"{s},{s.title()}\n" for s in STUDENTS)
POINTS = {1: 6, 2: 9, 3: 5}
HOSTILE = [
    "__import__('os').system('touch PWNED')",
    '=HYPERLINK("http://evil.example","click")',
    "'; DROP TABLE grades;--",
    "<script>alert(1)</script>",
    "\x1b[2J\x1b[31mred\x1b[0m",
    "9^9^9^9",
    "1e999",
    "nan",
    "0.5\x00; rm -rf /",
    "1+" * 2500 + "1",
    "{{7*7}} ${7*7} %s%n",
    "😀",
]


def text(answer) -> str:
    """An answer typed as a student would: 6 significant digits."""
    if isinstance(answer, list):
        return "[" + ", ".join(text(a) for a in answer) + "]"
    return f"{answer:.6g}"


def scaled(answer, factor):
    if isinstance(answer, list):
        return [scaled(a, factor) for a in answer]
    return answer * factor


def flat(a) -> list[float]:
    return [x for b in a for x in flat(b)] if isinstance(a, list) else [a]


def fraction_right(value, part) -> Fraction:
    """The documented rule, computed here: an entry is right when |v − a| ≤ abs + rel·|a|."""
    tol = part["tol"]
    pairs = list(zip(flat(value), flat(part["answer"])))
    right = sum(abs(v - a) <= tol["abs"] + tol["rel"] * abs(a) for v, a in pairs)
    return Fraction(right, len(pairs))


def points_for(problem, question, scores: dict[str, Fraction]) -> Decimal:
    weights = {p["label"]: Fraction(p["weight"]) for p in problem["parts"]}
    share = sum(weights[k] * scores.get(k, 0) for k in weights) / sum(weights.values())
    exact = Fraction(POINTS[question]) * share
    return Decimal(exact.numerator) / Decimal(exact.denominator)


def cents(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def shown(x: Decimal) -> str:
    s = f"{x:f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


class Submissions:
    """The submissions file, built row by row with each row's line number."""

    def __init__(self):
        self.lines = ["\ufeff Student_ID , Question ,ANSWER "]
        self.at: dict[str, int] = {}

    def row(self, sid: str, question: str, answer: str, name: str | None = None) -> None:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow([sid, question, answer])
        self.raw(buf.getvalue().removesuffix("\r\n"), name)

    def raw(self, line: str, name: str | None = None) -> None:
        if name:
            self.at[name] = len("\n".join(self.lines).split("\n")) + 1
        self.lines.append(line)

    def write(self, path: Path) -> None:
        path.write_bytes("\r\n".join(self.lines).encode("utf-8") + b"\r\n")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grading")
    write(folder, ASSIGNMENT, ROSTER)
    r = homework(folder, folder / "out")
    assert r.returncode == 0, r.stderr
    rows = key_lines(folder / "out")
    key = {(row["student_id"], row["question"]): row["problem"] for row in rows}
    subs, expected = build(key)
    subs.write(folder / "submissions.csv")
    (folder / "grades.csv").write_text("an older gradebook\n")
    r = run_cli(
        "grade",  # in the order of docs/homework.md
        str(folder / "hw.toml"),
        "--roster",
        str(folder / "roster.csv"),
        str(folder / "submissions.csv"),
        "--out",
        str(folder / "grades.csv"),
        "--feedback",
        str(folder / "feedback"),
        cwd=folder,
    )
    return folder, key, subs, expected, r


def right_rows(subs, sid, q, problem, skip=()):
    parts = problem["parts"]
    for p in parts:
        if p["label"] not in skip:
            code = f"{q}{p['label']}" if len(parts) > 1 else str(q)
            subs.row(sid, code, text(p["answer"]))


def build(key):
    """The class's answers and, beside them, the points each one must earn."""
    s = Submissions()
    exp: dict[str, dict[int, Decimal]] = {sid: {} for sid in STUDENTS}
    full = {q: Decimal(POINTS[q]) for q in POINTS}

    # ada: all right, in every accepted form (unquoted commas, MATLAB matrix, a=…; b=…)
    p1, p2, p3 = (key[("ada", q)] for q in (1, 2, 3))
    s.raw("ada,1," + ",".join(f"{x:.6g}" for x in p1["parts"][0]["answer"]))
    s.raw("")
    for part in p2["parts"]:
        a = part["answer"]
        typed = (
            "[" + "; ".join(" ".join(f"{x:.6g}" for x in r) for r in a) + "]"
            if (isinstance(a, list) and isinstance(a[0], list))
            else text(a)
        )
        s.row("ada", f" q2{part['label'].upper()} ", f"  {typed}  ")
    s.row("ada", "3", "; ".join(f"{p['label']}={text(p['answer'])}" for p in p3["parts"]))
    exp["ada"] = dict(full)

    # alan: one entry of three right; a part missing, one unreadable; a named mistake
    p1, p2, p3 = (key[("alan", q)] for q in (1, 2, 3))
    a = p1["parts"][0]["answer"]
    s.row("alan", "1", text([a[0], a[1] * 3, a[2] * 3]))
    exp["alan"][1] = points_for(p1, 1, {"a": Fraction(1, 3)})
    labels = [p["label"] for p in p2["parts"]]
    s.row("alan", f"2{labels[0]}", text(p2["parts"][0]["answer"]))
    s.row("alan", f"2{labels[2]}", "ln((", "alan unreadable")
    exp["alan"][2] = points_for(p2, 2, {labels[0]: Fraction(1)})
    mistake = p3["mistakes"][0]
    ((label, wrong),) = list(mistake["answers"].items())[:1]
    scores = {}
    for part in p3["parts"]:
        if part["label"] == label:
            s.row("alan", f"3{label}", text(wrong))
            scores[label] = fraction_right(wrong, part)
        else:
            s.row("alan", f"3{part['label']}", text(part["answer"]))
            scores[part["label"]] = Fraction(1)
    exp["alan"][3] = points_for(p3, 3, scores)
    assert scores[label] < 1  # the mistake must cost something

    # grace: hostile strings everywhere, all worth nothing
    codes = ["1"] + [f"2{p['label']}" for p in key[("grace", 2)]["parts"]]
    codes += [f"3{p['label']}" for p in key[("grace", 3)]["parts"]]
    for k, code in enumerate(codes):
        s.row("grace", code, HOSTILE[k % len(HOSTILE)])
    for k in range(len(codes), len(HOSTILE)):
        s.row("grace", "1", HOSTILE[k])
    exp["grace"] = {1: Decimal(0), 2: Decimal(0), 3: Decimal(0)}

    # edsger: right then wrong (the last counts); a bare "2" for a question of parts;
    # a short row; everything else right
    p1, p2, p3 = (key[("edsger", q)] for q in (1, 2, 3))
    s.row("edsger", "1", text(p1["parts"][0]["answer"]), "edsger first")
    s.row("edsger", "2", "0.5", "edsger bare")
    s.raw("edsger,2b", "edsger short")
    s.row("edsger", "1", text(scaled(p1["parts"][0]["answer"], -1)), "edsger again")
    right_rows(s, "edsger", 2, p2, skip=("b",))
    right_rows(s, "edsger", 3, p3)
    exp["edsger"] = {1: Decimal(0), 2: points_for(p2, 2, {"a": 1, "c": 1}), 3: full[3]}

    # donald: expressions, a vector one entry per line, stray spaces; Q2 and Q3 right
    p1 = key[("donald", 1)]
    z = p1["given"]["logits"]
    total = "+".join(f"e^({v})" for v in z)
    s.row("donald", " 1 ", "\n".join(f"e^({v})/({total})" for v in z))
    right_rows(s, "donald", 2, key[("donald", 2)])
    right_rows(s, "donald", 3, key[("donald", 3)])
    exp["donald"] = dict(full)

    # rows that belong nowhere
    s.row("nobody", "1", "0.5", "stranger")
    s.row("Ada", "1", "0.5", "case")
    s.row("ada", "7", "0.5", "no question 7")
    s.row("ada", "2d", "0.5", "no part d")
    s.row("ada", "two", "0.5", "not a number")
    s.row("", "1", "0.5", "no id")
    s.raw("")
    s.raw("   ")
    exp["barbara"] = {1: Decimal(0), 2: Decimal(0), 3: Decimal(0)}
    return s, exp


def test_grading_exits_0_and_writes_the_gradebook(graded):
    folder, _, _, _, r = graded
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert not (folder / "PWNED").exists() and not Path("PWNED").exists()
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temp file left


def test_the_gradebook_has_the_exact_expected_points(graded):
    folder, _, _, expected, _ = graded
    lines = (folder / "grades.csv").read_text("utf-8").splitlines()
    assert lines[0] == "student_id,q1,q2,q3,total,max"
    want = []
    for sid in STUDENTS:
        q = [cents(expected[sid][k]) for k in (1, 2, 3)]
        want.append(",".join([sid, *(shown(x) for x in q), shown(sum(q)), "20"]))
    assert lines[1:] == want
    assert lines[1] == "ada,6,9,5,20,20" and lines[5] == "barbara,0,0,0,0,20"
    assert lines[3] == "grace,0,0,0,0,20"


def test_the_problems_found_are_listed_with_their_lines(graded):
    _, _, subs, _, r = graded
    at = subs.at
    out = r.stdout
    assert (
        f"line {at['edsger again']}: student 'edsger' answered question 1 again (also on "
        f"line {at['edsger first']}); the later answer counts" in out
    )
    assert f"line {at['edsger bare']}: student 'edsger': question 2 has parts 2a, 2b, 2c" in out
    assert (
        f"line {at['edsger short']}: student 'edsger', question 2b: short row with no answer" in out
    )
    assert f"line {at['stranger']}: student 'nobody' is not on the roster; row skipped" in out
    assert f"line {at['case']}: student 'Ada' is not on the roster (did you mean 'ada'?)" in out
    assert (
        f"line {at['no question 7']}: student 'ada': there is no question 7 (the "
        "assignment has 3); row skipped" in out
    )
    assert f"line {at['no part d']}: student 'ada': question 2 has no part d" in out
    assert f"line {at['not a number']}: student 'ada': 'two' is not a question number" in out
    assert f"line {at['no id']}: no student id; row skipped" in out
    assert (
        f"line {at['alan unreadable']}: student 'alan', question 2c: cannot read the answer" in out
    )
    assert "\x1b" not in out and "\x00" not in out  # hostile text never reaches the terminal


def test_the_summary_is_printed_and_saved(graded):
    folder, key, _, expected, r = graded
    saved = (folder / "grades.summary.txt").read_text("utf-8")
    assert r.stdout.startswith(saved)
    assert r.stdout.endswith(
        "and 6 feedback pages (Markdown and HTML, with index.csv) in "
        + str(folder / "feedback")
        + ".\n"
    )
    n = len(STUDENTS)
    head = f"HW 4: backpropagation: {n} students graded, 5 with answers, 1 without"
    assert saved.startswith(head)
    mean_q1 = sum(cents(expected[s][1]) for s in STUDENTS) / n
    row = next(line for line in saved.splitlines() if line.startswith("Q1 "))
    assert f"{shown(cents(mean_q1))} ({round(float(mean_q1) / 6 * 100)}%)" in row
    mistake = key[("alan", 3)]["mistakes"][0]
    share = f"{round(100 / n)}% (1 of {n})"
    assert any(
        line.startswith(f"  Q3: {share}: ") and line.endswith(f"[{mistake['id']}]")
        for line in saved.splitlines()
    )
    assert f"  Q1: {share}: Flipped a sign [sign]" in saved  # edsger's last answer


def test_each_questions_summary_columns_add_up_to_the_class(graded):
    # alan's Q2 has a right part and an unreadable one: partly right, counted once
    folder, _, _, _, _ = graded
    saved = (folder / "grades.summary.txt").read_text("utf-8").splitlines()
    head = next(line for line in saved if line.startswith("question"))
    assert head.split()[3:] == ["right", "partly", "wrong", "no", "answer", "unreadable"]
    rows = [line.split() for line in saved if line.startswith("Q") and " of " not in line]
    assert len(rows) == 3
    for row in rows:
        assert sum(int(c) for c in row[-5:]) == len(STUDENTS), row


def feedback(folder, sid) -> str:
    return (folder / "feedback" / f"{sid}.md").read_text("utf-8")


def test_feedback_explains_every_answer_that_lost_points(graded):
    folder, key, _, _, _ = graded
    names = {p.name for p in (folder / "feedback").iterdir()}
    pages = {f"{s}{ext}" for s in STUDENTS for ext in (".md", ".html")}
    assert names == pages | {"index.csv", "texgyretermes-math.otf"}
    assert "Every answer is right" in feedback(folder, "ada")
    assert "No answers from you were found" in feedback(folder, "barbara")
    alan = feedback(folder, "alan")
    assert "1 of 3 entries right" in alan
    assert "You gave no answer (0 points)." in alan
    assert "This answer could not be read, so it earned 0 points" in alan
    assert key[("alan", 3)]["mistakes"][0]["message"] in alan
    assert alan.count("### Worked solution") == 3
    assert "$$" in alan  # the solution's math, as Markdown math


def test_hostile_answers_are_repeated_safely(graded):
    folder, _, _, _, _ = graded
    grace = feedback(folder, "grace")
    assert "\x1b" not in grace and "\x00" not in grace
    assert "`<script>alert(1)</script>`" in grace  # in a code span, never as HTML
    assert "could not be read" in grace


def test_reading_the_key_grades_the_same(graded, tmp_path):
    folder, _, _, _, _ = graded
    r = run_cli(
        "grade",
        str(folder / "hw.toml"),
        str(folder / "submissions.csv"),
        "--roster",
        str(folder / "roster.csv"),
        "--out",
        str(tmp_path / "g.csv"),
        "--feedback",
        str(tmp_path / "fb"),
        "--key",
        str(folder / "out" / "key.jsonl"),
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "g.csv").read_text() == (folder / "grades.csv").read_text()
    for p in (folder / "feedback").iterdir():
        assert (tmp_path / "fb" / p.name).read_bytes() == p.read_bytes()


def test_a_key_from_another_secret_is_refused(graded, tmp_path):
    folder, _, _, _, _ = graded
    other = tmp_path / "other.toml"
    other.write_text(ASSIGNMENT.replace("course-secret-2026", "another"), encoding="utf-8")
    r = run_cli(
        "grade",
        str(other),
        str(folder / "submissions.csv"),
        "--roster",
        str(folder / "roster.csv"),
        "--out",
        str(tmp_path / "g.csv"),
        "--key",
        str(folder / "out" / "key.jsonl"),
    )
    assert r.returncode == 2 and "key.jsonl: line 1: student 'ada', question 1 is" in r.stderr
    assert not (tmp_path / "g.csv").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read the submissions file"),
        ("", "the submissions file is empty"),
        ("student,question,answer\nada,1,2\n", "no student_id column"),
    ],
)
def test_an_unusable_file_exits_2_and_keeps_the_old_gradebook(graded, tmp_path, content, message):
    folder, _, _, _, _ = graded
    subs = tmp_path / "subs.csv"
    if content is not None:
        subs.write_text(content)
    book = tmp_path / "grades.csv"
    book.write_text("the old gradebook\n")
    r = run_cli(
        "grade",
        str(folder / "hw.toml"),
        str(subs),
        "--roster",
        str(folder / "roster.csv"),
        "--out",
        str(book),
    )
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
    assert book.read_text() == "the old gradebook\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["grades.csv"] + (["subs.csv"] if content is not None else [])
    )


def test_an_empty_submissions_file_grades_everyone_zero(graded, tmp_path):
    folder, _, _, _, _ = graded
    (tmp_path / "subs.csv").write_text("student_id,question,answer\n")
    r = run_cli(
        "grade",
        str(folder / "hw.toml"),
        str(tmp_path / "subs.csv"),
        "--roster",
        str(folder / "roster.csv"),
        "--out",
        str(tmp_path / "g.csv"),
    )
    assert r.returncode == 0, r.stderr
    rows = (tmp_path / "g.csv").read_text().splitlines()[1:]
    assert rows == [f"{s},0,0,0,0,20" for s in STUDENTS]
    assert "0 with answers" in r.stdout


def test_points_are_rounded_half_up_to_cents():
    assert cents(Decimal(6) / 3) == Decimal("2.00")
    from nnquiz.homework.grading import round_points

    assert round_points(9 * 2 / 3) == Decimal("6.00")
    assert round_points(10 / 3) == Decimal("3.33") and round_points(0.125) == Decimal("0.13")
    assert math.isclose(float(round_points(20 / 3)), 6.67)


def test_feedback_for_a_hostile_student_id_stays_in_its_folder(tmp_path):
    odd = "..\\y"
    write(tmp_path, ASSIGNMENT, f'student_id\n"../../x"\n"{odd}"\n')
    (tmp_path / "subs.csv").write_text('student_id,question,answer\n"../../x",1,0.5\n')
    r = run_cli(
        "grade", str(tmp_path / "hw.toml"), "--roster", str(tmp_path / "roster.csv"),
        str(tmp_path / "subs.csv"), "--out", str(tmp_path / "g.csv"),
        "--feedback", str(tmp_path / "fb"), "--summary", str(tmp_path / "summary.txt"),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    files = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    odd_name = safe_names([odd]).stems[odd]
    assert odd_name.startswith("y-")
    assert files == {
        "hw.toml", "roster.csv", "subs.csv", "g.csv", "summary.txt",
        "fb/x-9cdf6a50.md", f"fb/{odd_name}.md", "fb/index.csv",
        "fb/x-9cdf6a50.html", f"fb/{odd_name}.html", "fb/texgyretermes-math.otf",
    }  # fmt: skip
    assert (tmp_path / "g.csv").read_text().splitlines()[1].startswith("../../x,")


def test_a_key_from_before_a_family_version_grades_what_the_students_were_given(tmp_path):
    # dropout moved to version 2 (ids dropout:v2:…, v3 now), and some seeds draw other numbers.
    # A key written before holds ids without the version and the numbers the students saw:
    # it is used as it is, not refused and not regenerated.
    folder = tmp_path / "class"
    write(folder, 'title = "HW"\nsecret = "s"\n[[questions]]\nfamily = "dropout"\npoints = 2\n')
    assert homework(folder, folder / "out").returncode == 0
    key = folder / "out" / "key.jsonl"
    rows = [json.loads(line) for line in key.read_text("utf-8").splitlines()]
    assert all(r["problem"]["id"].startswith("dropout:v3:") for r in rows)
    for r in rows:  # as nnquiz 0.1.0 wrote it: no version, other numbers
        r["problem"]["id"] = r["problem"]["id"].replace(":v3:", ":")
        for part in r["problem"]["parts"]:
            part["answer"] = 123.0
    key.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    subs = folder / "subs.csv"
    subs.write_text(
        "student_id,question,answer\ns001,1a,123\ns001,1b,123\ns002,1a,1\ns002,1b,1\n", "utf-8"
    )
    out = tmp_path / "g.csv"
    args = ["grade", str(folder / "hw.toml"), str(subs), "--roster", str(folder / "roster.csv")]
    r = run_cli(*args, "--out", str(out), "--key", str(key))
    assert r.returncode == 0, r.stderr
    grades = {row.split(",")[0]: row.split(",") for row in out.read_text().splitlines()[1:]}
    assert grades["s001"][1] == "2" and grades["s002"][1] == "0"  # the key's answers count

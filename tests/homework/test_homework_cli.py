"""`nnquiz homework`, run for real: sheets, class file, key; validation; safe names."""

import hashlib
import hmac
import json
import re
from html.parser import HTMLParser

from ..conftest import run_cli
from .conftest import ASSIGNMENT, ROSTER, homework, key_lines, write

IDS = ["s001", "s002", "s003"]


def test_help():
    r = run_cli("homework", "--help")
    assert r.returncode == 0 and "--roster" in r.stdout and "--out" in r.stdout


def test_every_file_is_written(made):
    out = made / "out"
    names = {p.name for p in out.iterdir()}
    for sid in IDS:
        assert {f"{sid}.md", f"{sid}.html"} <= names
    assert {"class.html", "key.jsonl", "key.md", "key.html", "sheets.csv"} <= names
    assert "texgyretermes-math.otf" in names
    assert not [n for n in names if n.startswith(".")]  # no temporary file left behind


def test_key_jsonl_is_one_line_per_student_and_question(made):
    rows = key_lines(made / "out")
    assert [(r["student_id"], r["question"]) for r in rows] == [
        (s, q) for s in IDS for q in (1, 2, 3)
    ]
    for r in rows:
        assert set(r) == {"student_id", "question", "problem"}
        assert r["problem"]["schema"] == 1
    families = [r["problem"]["family"] for r in rows[:3]]
    assert families == ["softmax", "backprop", "cross_entropy"]


def hmac_seed(student: str, question: int) -> int:
    digest = hmac.new(
        b"course-secret-2026", f"{student}\0{question}".encode(), hashlib.sha256
    ).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def test_ids_come_from_the_keyed_hash_and_work_with_show(made):
    rows = key_lines(made / "out")
    expected = {1: "softmax:easy:{}", 2: "backprop:{}", 3: "cross_entropy:{}"}
    for r in rows:
        seed = hmac_seed(r["student_id"], r["question"])
        assert r["problem"]["id"] == expected[r["question"]].format(seed)
    for r in rows[::4]:  # nnquiz show gives back the very same problem
        shown = run_cli("show", r["problem"]["id"], "--format", "json")
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout) == r["problem"]


def test_different_students_get_different_numbers(made):
    rows = key_lines(made / "out")
    for q in (1, 2, 3):
        givens = [json.dumps(r["problem"]["given"]) for r in rows if r["question"] == q]
        assert len(set(givens)) == len(IDS)


def test_the_same_files_give_the_same_homework(made, tmp_path):
    write(tmp_path)
    r = homework(tmp_path, tmp_path / "again")
    assert r.returncode == 0, r.stderr
    for p in (made / "out").iterdir():
        assert (tmp_path / "again" / p.name).read_bytes() == p.read_bytes(), p.name


def test_sheets_hold_neither_ids_nor_answers(made):
    rows = key_lines(made / "out")
    for r in rows:
        sid, problem = r["student_id"], r["problem"]
        for suffix in (".md", ".html"):
            sheet = (made / "out" / f"{sid}{suffix}").read_text("utf-8")
            assert str(problem["seed"]) not in sheet  # the id would reveal the solution
            assert "Worked solution" not in sheet


class Text(HTMLParser):
    """The text of a page outside <math> (where LaTeX left unconverted would show)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.text: list[str] = []
        self.maths = 0

    def handle_starttag(self, tag, attrs):
        if tag == "math":
            self.depth += 1
            self.maths += 1

    def handle_endtag(self, tag):
        if tag == "math":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0:
            self.text.append(data)


def test_html_sheets_carry_their_math_as_mathml(made):
    page = (made / "out" / "s001.html").read_text("utf-8")
    parser = Text()
    parser.feed(page)
    text = "".join(parser.text)
    assert parser.maths >= 5 and parser.depth == 0
    assert not re.search(r"\\\(|\\\[|\\frac|\\begin", text)
    assert 'class="tex-error"' not in page and "<script" not in page
    assert 'url("texgyretermes-math.otf")' in page  # the font beside it
    assert "Question 3" in text and "Ada Lovelace" in text


def test_the_class_file_has_every_student_one_per_page(made):
    page = (made / "out" / "class.html").read_text("utf-8")
    assert page.count('<section class="sheet"') == 3
    assert "break-after: page" in page
    for name in ("Ada Lovelace", "Alan Turing", "Grace Hopper"):
        assert name in page


def test_the_key_has_answers_and_worked_solutions(made):
    rows = key_lines(made / "out")
    md = (made / "out" / "key.md").read_text("utf-8")
    html = (made / "out" / "key.html").read_text("utf-8")
    for r in rows:
        assert r["problem"]["id"] in md and r["problem"]["id"] in html
    assert md.count("**Worked solution.**") == len(rows)
    assert html.count("Worked solution") == len(rows)


def test_markdown_sheets_use_dollar_math(made):
    md = (made / "out" / "s002.md").read_text("utf-8")
    assert "$$" in md and "\\(" not in md and "\\[" not in md
    assert "**2a.**" in md and "Answer 2a:" in md  # multi-part codes students write
    assert "**1.**" in md and "Answer 1:" in md  # a one-part question is just its number


def test_a_hostile_student_id_never_writes_outside_the_folder(tmp_path):
    evil = ["../../x", "../evil", "/etc/cron.d/x", "a/../../b", "..", "con", "ok"]
    rows = "student_id,name\n" + "".join(f'"{sid}",N\n' for sid in evil)
    write(tmp_path / "in", roster=rows)
    out = tmp_path / "in" / "deep" / "out"
    r = homework(tmp_path / "in", out)
    assert r.returncode == 0, r.stderr
    everything = {p for p in tmp_path.rglob("*") if p.is_file()}
    outside = {p for p in everything if out not in p.parents} - {
        tmp_path / "in" / "hw.toml",
        tmp_path / "in" / "roster.csv",
    }
    assert outside == set()
    index = (out / "sheets.csv").read_text("utf-8").splitlines()[1:]
    assert [line.split(",")[0].strip('"') for line in index] == evil
    assert (out / "ok.md").exists()
    assert [row["student_id"] for row in key_lines(out)][::3] == evil


def test_html_in_names_is_escaped(tmp_path):
    write(tmp_path, roster='student_id,name\ns1,"<b>Bob & ""Al""</b>"\n')
    r = homework(tmp_path, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "out" / "s1.html").read_text("utf-8")
    assert "<b>Bob" not in page and "&lt;b&gt;Bob &amp;" in page


def refused(tmp_path, assignment=ASSIGNMENT, roster=ROSTER):
    write(tmp_path, assignment, roster)
    r = homework(tmp_path, tmp_path / "out")
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()  # validated before anything was written
    return r.stderr


def test_an_unknown_family_is_refused_before_writing(tmp_path):
    err = refused(tmp_path, ASSIGNMENT.replace('"cross_entropy"', '"crossentropy"'))
    assert "hw.toml: line 16: question 3: unknown family 'crossentropy'" in err


def test_a_missing_secret_is_refused_before_writing(tmp_path):
    err = refused(tmp_path, ASSIGNMENT.replace('secret = "course-secret-2026"', ""))
    assert "missing 'secret'" in err


def test_a_duplicate_student_is_refused_before_writing(tmp_path):
    err = refused(tmp_path, roster=ROSTER + "s002,Someone Else\n")
    assert "roster.csv: line 5: duplicate student id 's002' (also on line 3)" in err


def test_an_empty_roster_is_refused_before_writing(tmp_path):
    assert "the roster is empty" in refused(tmp_path, roster="student_id,name\n")


def test_templates_of_your_own(made, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "question.md").write_text("## Q${number} [${points}]\n\n${statement}\n\n${parts}\n")
    r = homework(made, tmp_path / "out", "--templates", str(mine))
    assert r.returncode == 0, r.stderr
    md = (tmp_path / "out" / "s001.md").read_text("utf-8")
    assert "## Q2 [9 points]" in md
    assert "Question 2" in (tmp_path / "out" / "s001.html").read_text("utf-8")  # the rest: ours


def test_a_page_template_without_its_body_once_is_refused_in_one_line(made, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    for page, times in (("<html><body></body></html>\n", 0), ("${body}<hr>${body}\n", 2)):
        (mine / "page.html").write_text(page)
        r = homework(made, tmp_path / "out", "--templates", str(mine))
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        said = "template page.html: ${body} (where the sheets go) must be in it once"
        assert f"{said}, not {times} times" in r.stderr
        assert not (tmp_path / "out").exists()


def test_a_template_with_an_unknown_placeholder(made, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "part.md").write_text("${label} ${nope}\n")
    r = homework(made, tmp_path / "out", "--templates", str(mine))
    assert r.returncode == 2 and "template part.md: unknown placeholder ${nope}" in r.stderr

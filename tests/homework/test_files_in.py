"""Assignment and roster validation: a clear message naming the line; CSV quirks."""

import pytest

from nnquiz.errors import UserError
from nnquiz.homework.assignment import load_assignment, parse_assignment
from nnquiz.homework.roster import read_roster
from nnquiz.homework.submissions import read_submissions

GOOD = """title = "HW 4"
secret = "s3cret"

[[questions]]
family = "backprop"
difficulty = "medium"
points = 10

[[questions]]
family = "softmax"
"""


def error(text: str) -> str:
    with pytest.raises(UserError) as e:
        parse_assignment(text, "hw.toml")
    return str(e.value)


def test_a_good_assignment():
    a = parse_assignment(GOOD)
    assert a.title == "HW 4" and a.secret == "s3cret"
    assert [(q.number, q.family, q.difficulty, q.points) for q in a.questions] == [
        (1, "backprop", "medium", 10.0),
        (2, "softmax", "medium", 1.0),
    ]
    assert a.max_points == 11


def test_an_unknown_family_names_its_line():
    msg = error(GOOD.replace('family = "softmax"', 'family = "softmx"'))
    assert msg.startswith("hw.toml: line 10: question 2: unknown family 'softmx'")
    assert "softmax" in msg  # the known families are listed


def test_a_missing_secret_is_refused():
    msg = error(GOOD.replace('secret = "s3cret"\n', ""))
    assert msg.startswith("hw.toml: missing 'secret'")


@pytest.mark.parametrize("value", ['""', '"   "'])
def test_an_empty_secret_names_its_line(value):
    msg = error(GOOD.replace('"s3cret"', value))
    assert msg.startswith("hw.toml: line 2: 'secret' is empty")


def test_a_secret_that_is_not_a_string():
    assert "line 2: 'secret' must be a string" in error(GOOD.replace('"s3cret"', "42"))


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('difficulty = "medium"', 'difficulty = "mediun"', "line 6: question 1: difficulty"),
        ("points = 10", "points = -1", "line 7: question 1: points must be a number above 0"),
        ("points = 10", "points = true", "line 7: question 1: points"),
        ("points = 10", "pionts = 10", "line 7: question 1: unknown key 'pionts'"),
        ('title = "HW 4"', 'tilte = "HW 4"', "line 1: unknown key 'tilte'"),
        ('family = "backprop"', 'family = ""', "line 4: question 1 has no family"),
    ],
)
def test_mistakes_name_their_line(old, new, where):
    assert where in error(GOOD.replace(old, new))


def test_no_questions():
    assert "no questions" in error('secret = "x"\n')


def test_bad_toml_says_where():
    assert "line 2" in error('secret = "x"\ntitle = \n')


def test_a_bom_is_fine(tmp_path):
    path = tmp_path / "hw.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_assignment(path).title == "HW 4"


def roster(tmp_path, text: str | bytes):
    path = tmp_path / "roster.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def roster_error(tmp_path, text) -> str:
    with pytest.raises(UserError) as e:
        read_roster(roster(tmp_path, text))
    return str(e.value)


def test_a_messy_roster_is_read(tmp_path):
    text = "\ufeff Student_ID ; Name \r\n\r\n s1 ; Ada \r\ns2;Alan\r\n\r\n"
    students = read_roster(roster(tmp_path, text))
    assert [(s.id, s.name, s.line) for s in students] == [("s1", "Ada", 3), ("s2", "Alan", 4)]


def test_a_duplicate_student_names_both_lines(tmp_path):
    msg = roster_error(tmp_path, "student_id,name\ns1,A\ns2,B\ns1,C\n")
    assert msg.endswith("line 4: duplicate student id 's1' (also on line 2)")


def test_an_empty_roster(tmp_path):
    assert "the roster is empty" in roster_error(tmp_path, "student_id,name\n\n\n")
    assert "is empty" in roster_error(tmp_path, "")


def test_a_roster_without_the_column(tmp_path):
    msg = roster_error(tmp_path, "number,name\ns1,A\n")
    assert "line 1: the header has no student_id column (it has number, name)" in msg


def test_a_roster_with_only_an_id_column_takes_it(tmp_path):
    students = read_roster(roster(tmp_path, "ID,name\ns1,A\n"))
    assert [(s.id, s.name) for s in students] == [("s1", "A")]
    assert "student ids from the column 'ID'" in students.notes[-1]


def test_a_row_without_an_id_names_its_line(tmp_path):
    assert "line 3: no student id" in roster_error(tmp_path, "student_id,name\ns1,A\n,B\n")


def test_an_id_with_a_control_character(tmp_path):
    assert "line 2: student id" in roster_error(tmp_path, 'student_id\n"a\x1b[31mb"\n')


def test_a_windows_1252_roster_is_read_with_a_note(tmp_path):
    students = read_roster(roster(tmp_path, "student_id,name\ns1,Zo\xeb\n".encode("cp1252")))
    assert students[0].name == "Zoë"


def test_submissions_without_the_columns_are_unusable(tmp_path):
    path = tmp_path / "subs.csv"
    path.write_text("student,q,a\ns1,1,2\n")
    with pytest.raises(UserError, match="no student_id, question or answer column"):
        read_submissions(path)


def test_a_missing_file(tmp_path):
    with pytest.raises(UserError, match="cannot read the submissions file"):
        read_submissions(tmp_path / "nope.csv")

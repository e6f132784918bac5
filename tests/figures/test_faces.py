"""Where figures show: ``nnquiz show`` (text, JSON, ``--figure NAME -o FILE.svg``),
``nnquiz solve``, the homework sheets and key, the concept cards and practice. The Anki
deck is tested through the real ``anki`` import in tests/export/test_anki_import.py."""

from __future__ import annotations

import json

import pytest

from nnquiz.concepts import CardError, parse_file
from nnquiz.figures.svg import standalone
from nnquiz.problems import registry
from tests.conftest import run_cli

from ..homework.conftest import homework, key_lines, write
from ..practice.driver import practice_env

ID = "backprop:3"


def test_show_json_carries_the_figures():
    r = run_cli("show", ID, "--format", "json")
    figures = json.loads(r.stdout)["figures"]
    p = registry.show(ID)
    assert figures == [f.to_dict() for f in p.figures]
    assert [(f["name"], f["where"]) for f in figures] == [
        ("network", "question"),
        ("backward", "solution"),
    ]


def test_the_terminal_shows_each_figures_description():
    p = registry.show(ID)
    (net,), (back,) = p.figures_at("question"), p.figures_at("solution")
    question = run_cli("show", ID).stdout
    assert f"[Figure network: {net.alt}]" in question and back.alt not in question
    assert question.index("[Figure network") < question.index("(a) ")  # before the parts
    solved = run_cli("show", ID, "--solution").stdout
    assert f"[Figure backward: {back.alt}]" in solved


def test_show_figure_writes_the_svg(tmp_path):
    out = tmp_path / "net.svg"
    r = run_cli("show", ID, "--figure", "network", "-o", str(out))
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""
    (net,) = registry.show(ID).figures_at("question")
    # a file of its own: black on a white ground (a page's night colours do not reach it)
    assert out.read_text("utf-8") == standalone(net.svg) + "\n"
    assert "<rect width='100%' height='100%' fill='#fff'/>" in out.read_text("utf-8")
    r = run_cli("show", ID, "--figure", "backward")  # no -o: on standard output
    (back,) = registry.show(ID).figures_at("solution")
    assert r.stdout == standalone(back.svg) + "\n"


@pytest.mark.parametrize(
    "args,message",
    [
        (["--figure", "nope"], "has no figure 'nope' (its figures: network, backward)"),
        (["-o", "x.svg"], "-o writes a figure: give --figure NAME too"),
        (["--figure", "network", "-o", "missing/x.svg"], "the folder missing does not exist"),
        (["--figure", "network", "-o", "."], "is a folder"),
        (["--figure", "network", "-o", "a.txt/x.svg"], "does not exist"),
    ],
)
def test_show_figure_errors_are_one_line(tmp_path, args, message):
    (tmp_path / "a.txt").write_text("a file, not a folder")
    r = run_cli("show", ID, *args, cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # nothing written


def test_a_problem_without_figures_says_so():
    r = run_cli("show", "softmax:3", "--figure", "network")
    assert r.returncode == 2 and "it has no figures" in r.stderr


def test_solve_draws_a_users_network(tmp_path):
    f = tmp_path / "p.json"
    given = {
        "layers": [
            {"W": [[1, -2], [0.5, 3]], "b": [0, 1], "activation": "relu"},
            {"W": [[1, -1]], "b": [0.5], "activation": "sigmoid"},
        ],
        "x": [1, 2],
        "y": 1,
        "loss": "bce",
    }
    f.write_text(json.dumps({"family": "backprop", "given": given}))
    d = json.loads(run_cli("solve", str(f), "--format", "json").stdout)
    assert [x["name"] for x in d["figures"]] == ["network", "backward"]
    assert "−2" in d["figures"][0]["svg"]  # the weight as the statement writes it


SHEET = """title = "Figures"
secret = "figures"

[[questions]]
family = "backprop"

[[questions]]
family = "separable"
difficulty = "hard"

[[questions]]
family = "softmax"
"""


def test_homework_sheets_and_key_show_the_figures(tmp_path):
    write(tmp_path, SHEET, "student_id\ns1\n")
    r = homework(tmp_path, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out"
    problems = [line["problem"] for line in key_lines(out)]
    sheet, key = (out / "s1.html").read_text("utf-8"), (out / "key.html").read_text("utf-8")
    md, key_md = (out / "s1.md").read_text("utf-8"), (out / "key.md").read_text("utf-8")
    for number, p in enumerate(problems, start=1):
        for f in p.get("figures", []):
            file = f"s1-q{number}-{f['name']}.svg"
            if f["where"] == "solution":
                file = "key-" + file
                assert f["svg"] not in sheet and f["svg"] in key and f"]({file})" not in md
            else:
                assert f["svg"] in sheet and f["svg"] in key and f"]({file})" in md
            assert f"]({file})" in key_md
            assert (out / file).read_text("utf-8") == standalone(f["svg"]) + "\n"
    svgs = sorted(p.name for p in out.glob("*.svg"))
    assert svgs == [
        "key-s1-q1-backward.svg",
        "key-s1-q2-separation.svg",
        "s1-q1-network.svg",
        "s1-q2-points.svg",
    ]


def test_homework_again_removes_only_the_figure_files_it_no_longer_writes(tmp_path):
    write(tmp_path, SHEET, "student_id\ns1\ns2\n")
    out = tmp_path / "out"
    assert homework(tmp_path, out).returncode == 0
    assert len(list(out.glob("s2-q*.svg"))) == 2
    mine = ["s2-notes.svg", "s1-q1-network.png", "key-s3-q1-network.svg"]
    for name in mine:
        (out / name).write_text("the teacher's own")
    write(tmp_path, SHEET.replace('family = "backprop"', 'family = "softmax"'), "student_id\ns1\n")
    r = homework(tmp_path, out)
    assert r.returncode == 0, r.stderr
    gone = "key-s1-q1-backward.svg, key-s2-q1-backward.svg, key-s2-q2-separation.svg, "
    gone += "s1-q1-network.svg, s2-q1-network.svg, s2-q2-points.svg"
    assert f"removed 6 figure files an earlier run wrote and this one does not: {gone}" in r.stdout
    assert sorted(p.name for p in out.glob("*.svg")) == sorted(
        ["key-s1-q2-separation.svg", "s1-q2-points.svg", "s2-notes.svg", "key-s3-q1-network.svg"]
    )
    assert all((out / name).read_text() == "the teacher's own" for name in mine)


def test_a_figure_files_owner_is_read_back_from_its_name():
    from nnquiz.homework.build import figure_owner
    from nnquiz.homework.sheets import figure_file

    for stem in ("s1", "s-q1", "weird-q3-x", "key-s2"):
        assert figure_owner(figure_file(stem, 12, "rate", "question")) == stem
        assert figure_owner(figure_file(stem, 2, "thinned", "solution")) == "key-" + stem
    for other in ("s2-notes.svg", "s1-q1-network.png", "s1-q-network.svg", "-q1-a.svg"):
        assert figure_owner(other) == ""
    assert figure_owner("-q" * 50_000 + "1-a.svg") == "-q" * 49_999  # linear, no pattern


def test_a_card_may_name_a_figure_of_the_gallery():
    ok = """topic = "T"
[[cards]]
id = "c"
section = "S"
front = "F"
back = "B"
figure = "sigmoid"
"""
    (card,) = parse_file("x.toml", ok)
    assert card.figure == "sigmoid" and card.drawing().name == "sigmoid"
    with pytest.raises(CardError, match="unknown figure 'sigmoids'"):
        parse_file("x.toml", ok.replace('"sigmoid"', '"sigmoids"'))
    with pytest.raises(CardError, match="figure must be a string"):
        parse_file("x.toml", ok.replace('"sigmoid"', "3"))


def test_at_least_eight_built_in_cards_have_figures():
    from nnquiz import resources
    from nnquiz.concepts import load_cards

    with_figures = [c for c in load_cards(resources.cards()) if c.figure]
    assert len(with_figures) >= 8
    assert {c.figure for c in with_figures} >= {"sigmoid", "tanh", "relu", "step", "xor"}


def test_practice_prints_the_description_of_a_problems_figure(tmp_path):
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "nnquiz", "practice", "--family", "backprop", "--new", "1"],
        input="q\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=practice_env(tmp_path, "2026-01-05T09:00:00"),
        timeout=120,
    )
    assert "[Figure network: The network, left to right:" in r.stdout, r.stdout + r.stderr


def test_the_starter_problems_carry_their_figures():
    """Practice's first problems are made ahead as JSON: they keep their figures."""
    from nnquiz.practice import starters

    lines = starters.path("backprop", "easy").read_text("utf-8").splitlines()
    assert all(json.loads(line)["figures"] for line in lines)


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_on_a_card_front_the_points_figure_stands_in_for_the_table(difficulty):
    """Issue 13's phone front: separable's figure writes every point at its coordinates,
    so the card's front shows it instead of the table (saying so); the problem's own
    statement (JSON, text, sheets) keeps the table, and the worked solution lists every
    point with its label."""
    from nnquiz.export.notes import STOOD_IN, question_html
    from nnquiz.problems.scenes import coords
    from tests.figures import reading as r

    p = registry.generate("separable", 3, difficulty)
    (fig,) = p.figures_at("question")
    texts = [t.text for t in r.parse(fig.svg).iter("{http://www.w3.org/2000/svg}text")]
    for point in p.given["points"]:
        assert coords(point) in texts
    assert fig.stands_for and fig.stands_for in p.question_latex
    assert "| point | label |" in p.question_latex
    front = question_html(p)
    assert "nnq-table" not in front and STOOD_IN in front
    solution = "\n".join(s.text for s in p.steps)
    for point in p.given["points"]:
        assert f"x = {coords(point)}, y = " in solution


def test_figures_left_undrawn_change_nothing_else():
    """``generate --format latex`` shows no figure, so it draws none
    (``registry.generate(..., figures=False)``): the problem is otherwise the same."""
    drawn = registry.generate("backprop", 4, "medium")
    bare = registry.generate("backprop", 4, "medium", figures=False)
    assert drawn.figures and bare.figures == ()
    assert bare.to_dict() == drawn.to_dict(figures=False)
    r = run_cli("generate", "backprop", "--seed", "4", "--format", "latex")
    assert r.returncode == 0 and "<svg" not in r.stdout and "backprop" in r.stdout

"""``nnquiz check``, run for real: exit 0 correct, 1 incorrect, 2 unreadable."""

import json

import pytest

from .conftest import run_cli


def problem(pid: str) -> dict:
    return json.loads(run_cli("show", pid, "--format", "json").stdout)


def test_help():
    r = run_cli("check", "--help")
    assert r.returncode == 0 and "Usage:" in r.stdout and "--part" in r.stdout


def test_a_right_answer_exits_0_and_echoes_the_reading():
    p = problem("softmax:easy:3")
    ys = p["parts"][0]["answer"]
    text = ", ".join(f"{y:.4g}" for y in ys)
    r = run_cli("check", "softmax:easy:3", "--answer", text)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "Correct (score 1)"
    assert r.stdout.splitlines()[1] == "  read as [" + text + "]"
    assert "Worked solution" not in r.stdout


def test_an_expression_is_accepted():
    z = problem("softmax:easy:3")["given"]["logits"]  # [2, -2, -1]
    total = "+".join(f"e^({v})" for v in z)
    text = ", ".join(f"e^({v})/({total})" for v in z)
    r = run_cli("check", "softmax:easy:3", "--answer", text)
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_wrong_answer_exits_1_with_the_mistake_and_the_worked_solution():
    p = problem("backprop:7")
    mistake = p["mistakes"][0]
    label, wrong = next(iter(mistake["answers"].items()))
    text = json.dumps(wrong)
    r = run_cli("check", "backprop:7", "--part", label, "--answer", text)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"Part {label}: incorrect (score 0")
    assert lines[1].startswith("  read as ")
    assert f"  {mistake['message']}" in lines
    assert "Worked solution" in r.stdout and p["solution"]["text"] in r.stdout


def test_a_negative_answer_may_follow_the_option():
    r = run_cli("check", "cross_entropy:easy:1", "--answer", "-0.4076")
    assert r.returncode == 1
    assert "read as -0.4076" in r.stdout and "minus" in r.stdout


def test_an_unreadable_answer_exits_2_with_one_line_saying_where():
    r = run_cli("check", "cross_entropy:easy:1", "--answer", "ln(0.5")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines() == [
        "nnquiz: error: cannot read the answer: '(' is never closed at character 3, after 'ln'"
    ]


def test_several_parts_at_once():
    p = problem("backprop:7")
    answers = "; ".join(f"{q['label']}={json.dumps(q['answer'])}" for q in p["parts"])
    r = run_cli("check", "backprop:7", "--answer", answers)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[-1] == "Score: 1 (3 of 3 parts right)"
    first = p["parts"][0]
    r = run_cli("check", "backprop:7", "--answer", f"a = {json.dumps(first['answer'])}")
    assert r.returncode == 1
    assert "Part b: not answered (score 0)" in r.stdout
    assert "Score: 0.33 (1 of 3 parts right)" in r.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["backprop:7", "--answer", "0.5"], "has 3 parts (a, b, c): choose one with --part"),
        (
            ["backprop:7", "--answer", "0.5", "--part", "z"],
            "has no part 'z'; its parts are a, b, c",
        ),
        (
            ["backprop:7", "--answer", "a=1; b=2", "--part", "a"],
            "--part a, but the answer names part b",
        ),
        (["backprop:7", "--answer", "a=1; a=2"], "part a is answered twice"),
        (["nope:1", "--answer", "1"], "unknown family 'nope'"),
        (["backprop:7"], "Missing option '--answer'"),
    ],
)
def test_usage_errors_exit_2(args, message):
    r = run_cli("check", *args)
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and message in r.stderr

"""``nnquiz check``, run for real: exit 0 correct, 1 incorrect, 2 unreadable."""

import json

import pytest

from nnquiz.problems import registry
from nnquiz.problems.model import flatten

from .answers.selftest import decimal
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
    assert f" {mistake['message']} " in unwrapped(r.stdout)
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


def unwrapped(out: str) -> str:
    """The feedback before the worked solution, its wrapped lines joined again."""
    return " ".join(line.strip() for line in out.split("Worked solution")[0].splitlines()) + " "


def feedback_lines(out: str) -> list[str]:
    return out.split("Worked solution")[0].splitlines()


@pytest.mark.parametrize(
    "pid, text, message",
    [
        ("bce:7", "0,349", "0,349: a decimal comma? Write 0.349"),
        ("softmax:easy:3", "0,936 0,0171 0,0466", "0,936 (and 2 more like it): a decimal comma?"),
        ("softmax:easy:3", "[0,936, 0,0171, 0,0466]", "a decimal comma? Write 0.936"),
    ],
)
def test_a_decimal_comma_is_unreadable_not_wrong(pid, text, message):
    r = run_cli("check", pid, "--answer", text)
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnquiz: error: cannot read the answer: ")
    assert message in lines[0] and "(',' separates entries)" in lines[0]


def test_commas_between_entries_still_read():
    ys = problem("softmax:easy:3")["parts"][0]["answer"]
    r = run_cli("check", "softmax:easy:3", "--answer", ",".join(f"{y:.4g}" for y in ys))
    assert r.returncode == 0, r.stdout + r.stderr


def all_zero_mistakes() -> list[tuple[str, str, str, str]]:
    """(problem id, part, zeros typed, message) for backprop problems with a mistake
    whose answer is all zeros (no_bias, when leaving out the bias switches a ReLU off)."""
    found = []
    for seed in range(60):
        p = registry.generate("backprop", seed, "medium")
        for m in p.mistakes:
            for label, wrong in m.answers.items():
                if not any(flatten(wrong)) and any(flatten(p.part(label).answer)):
                    zeros = " ".join("0" for _ in flatten(wrong))
                    found.append((p.id, label, zeros, m.message))
    assert any(zeros == "0" for _, _, zeros, _ in found), found
    return [f for f in found if f[2] == "0"][:1] + [f for f in found if f[2] != "0"][:1]


def test_a_zero_names_a_mistake_whose_answer_is_zero():
    # one rule for every family (issue 16): a declared slip that gives 0 is named when 0
    # is typed (relu_zero could never be named); a 0 names no other mistake
    for pid, label, zeros, message in all_zero_mistakes():
        r = run_cli("check", pid, "--part", label, "--answer", zeros)
        assert r.returncode == 1, r.stderr
        assert "read as " in r.stdout and "Expected" not in r.stdout  # graded: right shape
        assert message in unwrapped(r.stdout), (pid, label)


def test_no_rounding_hint_for_an_answer_far_off():
    a = problem("bce:7")["parts"][0]["answer"]
    for text in [f"{a * 1.05:.4g}", f"{a * 0.93:.4g}"]:
        r = run_cli("check", "bce:7", "--answer", text)
        assert r.returncode == 1 and "round" not in r.stdout.split("Worked solution")[0], text
    r = run_cli("check", "bce:7", "--answer", "exp(-1)")
    assert abs(a - 0.349) < 0.001 and "round" not in r.stdout.split("Worked solution")[0]


def test_a_tight_part_rounded_to_3_digits_says_it_needs_4():
    p = registry.generate("sgd", 1, "easy")  # new weights, graded to 0.1%
    parts = [q for q in p.parts if q.tol.rel < 0.01]
    assert parts
    answers = "; ".join(
        f"{q.label}=[{' '.join(decimal(x, 3) for x in flatten(q.answer))}]" for q in p.parts
    )
    r = run_cli("check", p.id, "--answer", answers)
    assert r.returncode == 1, r.stderr
    text = unwrapped(r.stdout)
    assert "This part needs 4 significant digits: " in text
    assert "round too early" not in text
    b = p.part("b").answer
    assert f"This part needs 4 significant digits: {decimal(b, 4)}, not {decimal(b, 3)}." in text


def test_feedback_is_wrapped_to_80_columns():
    p = registry.generate("sgd", 1, "easy")
    b = p.part("b").answer
    r = run_cli("check", p.id, "--part", "b", "--answer", f"{b * 1.0021:.4f}")
    assert r.returncode == 1, r.stderr
    assert "did you round too early?" in unwrapped(r.stdout)  # the long line, wrapped
    lines = feedback_lines(r.stdout)
    assert max(len(line) for line in lines) <= 80, lines
    assert all(line.startswith("  ") for line in lines[1:] if line)


def test_a_column_in_parentheses_is_read():
    ys = problem("softmax:easy:3")["parts"][0]["answer"]
    text = "(" + "; ".join(f"{y:.4g}" for y in ys) + ")"
    r = run_cli("check", "softmax:easy:3", "--answer", text)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize(
    "text, message",
    [
        ("1e-999999", "number 1e-999999 is too small"),
        ("10^-1000", "10^-1000 is too small"),
        ("1e999999", "number 1e999999 is too large"),
        ("1/4%", "ambiguous '1/4%': write (1/4)% or 1/(4%)"),
    ],
)
def test_too_small_and_ambiguous_percent_are_unreadable(text, message):
    r = run_cli("check", "bce:7", "--answer", text)
    assert r.returncode == 2 and r.stdout == "" and message in r.stderr


@pytest.mark.parametrize(
    ("pid", "right", "wrong"),
    [("separable:v3:easy:1", "yes", "no"), ("separable:v3:hard:3", "No", "1")],
)
def test_a_yes_or_no_part_takes_the_word_or_1_and_0(pid, right, wrong):
    """separable asks yes or no: the word (any case) reads as 1 or 0, and 1/0 still do."""
    assert run_cli("check", pid, "--part", "b", "--answer", right).returncode == 0
    r = run_cli("check", pid, "--part", "b", "--answer", wrong)
    assert r.returncode == 1 and "incorrect" in r.stdout

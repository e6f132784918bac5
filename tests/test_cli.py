"""The command line, run for real in subprocesses."""

import json

import pytest

from .conftest import run_cli

COMMANDS = ["families", "generate", "show", "solve", "check", "practice", "stats"]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_works_for_every_command(command):
    args = ["--help"] if command is None else [command, "--help"]
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr
    assert "Usage:" in r.stdout


def test_help_does_not_import_numpy():
    import subprocess
    import sys

    code = "import sys, nnquiz.cli; print('numpy' in sys.modules, 'sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip() == "False False"


def test_families_json_lists_the_six_core_families():
    r = run_cli("families", "--format", "json")
    rows = json.loads(r.stdout)
    ids = [row["id"] for row in rows]
    for core in ["forward", "backprop", "softmax", "cross_entropy", "bce", "fgsm"]:
        assert core in ids
    assert all({"id", "topic", "title"} <= row.keys() for row in rows)


def test_generate_json_lines_with_consecutive_seeds():
    r = run_cli("generate", "backprop", "--seed", "7", "--count", "3", "--format", "json")
    assert r.returncode == 0, r.stderr
    problems = [json.loads(line) for line in r.stdout.splitlines()]
    assert [p["id"] for p in problems] == ["backprop:7", "backprop:8", "backprop:9"]
    p = problems[0]
    assert p["schema"] == 1 and p["family"] == "backprop" and p["seed"] == 7
    assert p["difficulty"] == "medium"
    assert {"text", "latex"} <= p["question"].keys() and {"text", "latex"} <= p["solution"].keys()
    for part in p["parts"]:
        assert {"label", "asks", "prompt", "answer", "tol"} <= part.keys()
        assert {"rel", "abs"} == part["tol"].keys()


def test_show_prints_the_same_object_as_generate():
    gen = run_cli("generate", "fgsm", "--seed", "3", "--difficulty", "hard", "--format", "json")
    show = run_cli("show", "fgsm:hard:3", "--format", "json")
    assert json.loads(gen.stdout) == json.loads(show.stdout)


def test_text_and_latex_formats():
    text = run_cli("show", "softmax:easy:3", "--solution")
    assert text.returncode == 0
    assert "[softmax:easy:3]" in text.stdout and "Solution" in text.stdout and "ŷ" in text.stdout
    latex = run_cli("show", "softmax:easy:3", "--solution", "--format", "latex")
    assert r"\frac{e^{2}}" in latex.stdout and r"\[" in latex.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["generate", "nope"], "unknown family 'nope'; known families: perceptron, separable"),
        (["generate", "softmax", "--seed", "x"], "'x' is not a valid integer"),
        (["generate", "softmax", "--seed", "-1"], "--seed must be between 0"),
        (["generate", "softmax", "--count", "0"], "--count must be between 1"),
        (["show", "softmax:extreme:1"], "not a difficulty"),
        (["show", "softmax"], "bad problem id"),
        (["show", "nope:1"], "unknown family"),
        (["solve", "/nonexistent/file.toml"], "cannot read"),
    ],
)
def test_bad_input_gets_one_clear_line_and_exit_2(args, message):
    r = run_cli(*args)
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert message in lines[0]
    assert "Traceback" not in r.stderr


def test_output_to_a_closed_pipe_is_not_an_error():
    import subprocess
    import sys

    cmd = f"{sys.executable} -m nnquiz generate bce --count 2000 --format json | head -1"
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    assert r.stdout.count("\n") == 1
    assert "Traceback" not in r.stderr


def test_every_listed_command_loads_under_its_name():
    import click

    from nnquiz.cli import COMMANDS, cli

    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command) and command.name == name

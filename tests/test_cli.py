"""The command line, run for real in subprocesses."""

import json

import pytest

from .conftest import run_cli

COMMANDS = ["families", "generate", "show", "solve", "check", "practice", "stats", "serve"]


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


# ---------------------------------------------------------------- --family, --difficulty


def test_every_family_and_difficulty_option_is_the_shared_one():
    """One rule for every command: repeat the option or separate values with commas."""
    import click

    from nnquiz.cli import COMMANDS, cli, options

    ctx = click.Context(cli)
    found = []
    for name in COMMANDS:
        for param in cli.get_command(ctx, name).params:
            if {"--family", "--difficulty"} & set(param.opts):
                found.append((name, param.opts[0]))
                assert param.multiple, (name, param.opts)
                assert param.callback.__module__ == options.__name__, (name, param.opts)
    assert ("practice", "--family") in found and ("export", "--family") in found
    assert ("export", "--difficulty") in found and ("generate", "--difficulty") in found


def test_split_values_repeats_and_commas_alike():
    from nnquiz.cli.options import split_values
    from nnquiz.errors import UserError

    assert split_values(("softmax,bce", " fgsm ", "bce,"), "--family") == ("softmax", "bce", "fgsm")
    assert split_values((), "--family") == ()
    for empty in ("", ",", " , "):
        with pytest.raises(UserError, match="names nothing"):
            split_values((empty,), "--family")


def test_generate_takes_several_difficulties_either_way():
    ids = []
    for args in (["--difficulty", "easy,hard"], ["--difficulty", "easy", "--difficulty", "hard"]):
        r = run_cli("generate", "softmax", "--seed", "4", "--count", "2", "--format", "json", *args)
        assert r.returncode == 0, r.stderr
        ids.append([json.loads(line)["id"] for line in r.stdout.splitlines()])
    assert (
        ids[0] == ids[1] == ["softmax:easy:4", "softmax:easy:5", "softmax:hard:4", "softmax:hard:5"]
    )
    r = run_cli("generate", "softmax", "--seed", "4", "--format", "json")
    assert json.loads(r.stdout)["id"] == "softmax:4"  # medium, as before


def test_practice_takes_families_with_commas(tmp_path):
    env = {"NNQUIZ_HOME": str(tmp_path)}
    r = run_cli("practice", "--family", "softmax,bce", "--new", "2", input="q\n", env=env)
    assert r.returncode == 0, r.stderr
    assert "[softmax:" in r.stdout or "[bce:" in r.stdout


@pytest.mark.parametrize("command", [["practice"], ["export", "-o", "{tmp}/d.apkg"]])
@pytest.mark.parametrize(
    "values, message",
    [
        (["softmax,nope"], "unknown family 'nope'; known families: perceptron"),
        (["softmax", "--family", ","], "--family ',' names nothing"),
    ],
)
def test_family_values_are_refused_alike_before_anything_is_written(
    tmp_path, command, values, message
):
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    r = run_cli(*args, "--family", *values, env={"NNQUIZ_HOME": str(tmp_path)}, input="")
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnquiz: error: "), r.stderr
    assert message in lines[0]
    assert list(tmp_path.iterdir()) == []  # no database, no deck


@pytest.mark.parametrize("command", [["generate", "softmax"], ["export", "-o", "{tmp}/d.apkg"]])
def test_difficulty_values_are_refused_alike(tmp_path, command):
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    r = run_cli(*args, "--difficulty", "easy,extreme")
    assert r.returncode == 2 and r.stdout == ""
    assert (
        r.stderr == "nnquiz: error: unknown difficulty 'extreme'; choose from easy, medium, hard\n"
    )

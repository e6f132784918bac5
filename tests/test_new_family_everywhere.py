"""A new family reaches every interface with no extra work.

The test writes a family module that nnquiz has never seen, adds it the way a developer
does (one module in ``nnquiz/problems/families``, its name in ``BUILTIN_MODULES``) and runs the real
command line: ``families``, ``generate``, ``show`` and ``solve`` all know it at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from .conftest import ROOT

TOY = '''
"""Family ``toy_double``: twice a number (a stand-in for a newly written family)."""

from .. import draws, plain
from ..family import Family
from ..model import step
from ..notation import M, num

QUANTITIES = {"double": plain.Quantity(M("2x", "2x"), "twice x")}


def validate(given):
    plain.no_extra(given, ("x",))
    return {"x": plain.number(given, "x")}


def draw(rng, difficulty):
    return {"x": draws.grid(rng, 1, 9, 0.5)}, ["double"]


def build(given, asks):
    x = given["x"]
    return plain.finish(
        title="Double a number",
        quantities=QUANTITIES,
        parsed=plain.parse_asks(asks, QUANTITIES, {}),
        exact={"double": 2 * x},
        rounded=None,
        mistakes=lambda: [
            ("half", "Doubling multiplies by 2.", {"double": x / 2}),
            ("square", "Doubling is not squaring.", {"double": x * x}),
        ],
        question=lambda: [plain.say("Take {x}.", x=plain.assign("x", x))],
        steps=lambda: [step("Multiply by 2:", M(f"2·{num(x).text}", f"2 \\\\cdot {x}"))],
    )


FAMILY = Family(
    id="toy_double",
    topic="Toy topic",
    title="Doubling",
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: ["double"],
    given_doc='{"x": number}',
    asks_doc="double",
)
'''

DRIVER = """
import sys
from nnquiz.problems import families, registry

families.__path__.append(sys.argv[1])  # the new module sits beside the others
# its name added to BUILTIN_MODULES, as docs/families.md says (read by the registry and,
# without importing the families, by practice and stats)
families.BUILTIN_MODULES = families.BUILTIN_MODULES + ("toy_double",)
registry.BUILTIN_MODULES = families.BUILTIN_MODULES
from nnquiz.cli import main

main(sys.argv[2:])
"""


def toy_runner(tmp_path, toy: str):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "toy_double.py").write_text(textwrap.dedent(toy))
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}

    def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(driver), str(plugins), *args],
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**env, "NNQUIZ_HOME": str(tmp_path / "home")},
            cwd=tmp_path,
            timeout=120,
        )

    return run


@pytest.fixture
def nnquiz_with_toy(tmp_path):
    return toy_runner(tmp_path, TOY)


def test_an_ask_name_may_hold_digits(tmp_path):
    """A quantity named ``v2`` (a digit in the ask name) is generated, shown and checked."""
    run = toy_runner(tmp_path, TOY.replace('"double"', '"v2"'))
    gen = run("generate", "toy_double", "--seed", "3", "--format", "json")
    assert gen.returncode == 0, gen.stderr
    problem = json.loads(gen.stdout)
    assert problem["parts"][0]["asks"] == "v2"
    right = str(problem["parts"][0]["answer"])
    checked = run("check", "toy_double:3", "--answer", right)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_new_family_appears_in_every_interface(nnquiz_with_toy, tmp_path):
    run = nnquiz_with_toy
    listed = json.loads(run("families", "--format", "json").stdout)
    assert listed[-1] == {
        "id": "toy_double",
        "topic": "Toy topic",
        "title": "Doubling",
        "given": '{"x": number}',
        "asks": "double",
    }
    assert "Toy topic\n  toy_double" in run("families").stdout

    gen = run("generate", "toy_double", "--seed", "4", "--count", "2", "--format", "json")
    assert gen.returncode == 0, gen.stderr
    problems = [json.loads(line) for line in gen.stdout.splitlines()]
    assert [p["id"] for p in problems] == ["toy_double:4", "toy_double:5"]
    first = problems[0]
    assert first["parts"][0]["answer"] == 2 * first["given"]["x"]
    assert {m["id"] for m in first["mistakes"]} == {"half", "square"}

    shown = run("show", "toy_double:4", "--format", "json")
    assert json.loads(shown.stdout) == first
    text = run("show", "toy_double:hard:4", "--solution")
    assert text.returncode == 0 and "[toy_double:hard:4]" in text.stdout
    assert "Answers" in text.stdout
    latex = run("generate", "toy_double", "--seed", "4", "--format", "latex", "--solution")
    assert r"\(x = " in latex.stdout

    mine = tmp_path / "mine.toml"
    mine.write_text('family = "toy_double"\n[given]\nx = 2.25\n')
    solved = run("solve", str(mine), "--format", "json")
    assert solved.returncode == 0, solved.stderr
    assert json.loads(solved.stdout)["parts"][0]["answer"] == 4.5

    practice = run("practice", "--family", "toy_double", "--new", "1", input="7\nq\n")
    assert practice.returncode == 0, practice.stderr
    assert "[toy_double:easy:" in practice.stdout and "Session: 1 reviewed" in practice.stdout
    stats = json.loads(run("stats", "--format", "json").stdout)
    assert stats["families"]["toy_double"]["reviews"] == 1

    mine.write_text('family = "toy_double"\n[given]\ny = 2\n')
    bad = run("solve", str(mine))
    assert bad.returncode == 2 and "given: unknown key 'y'" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_without_the_new_module_nothing_changes(nnquiz_with_toy):
    """Control: the real nnquiz does not know the toy family, so the test above can fail."""
    from .conftest import run_cli

    r = run_cli("generate", "toy_double")
    assert r.returncode == 2 and "unknown family 'toy_double'" in r.stderr

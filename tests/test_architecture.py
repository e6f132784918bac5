"""The layers of docs/architecture.md: every import in nnquiz/ runs downward, and every
folder the page names exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "nnquiz"

# the layer of each part of nnquiz: a part may import parts of a lower layer (and itself)
LAYER = {
    "errors": 0,
    "resources": 0,
    "__init__": 0,  # nnquiz/__init__.py: the version, nothing else
    "nn": 1,
    "figures": 1,
    "problems": 2,
    "answers": 3,
    "render": 3,
    "datafiles": 4,  # reads files: above the pure core, below what reads cards and homework
    "concepts": 5,
    "export": 6,
    "homework": 6,
    "practice": 6,
    # an edge built on homework's assignment and seeds (the same file, the same secret)
    "quiz": 7,
    "serve": 8,  # the web page: a face beside the terminal's, over the practice engine
    "cli": 9,  # imports serve when nnquiz serve runs
    "__main__": 10,
}


def part_of(module: str) -> str:
    """``nnquiz.problems.families.bce`` → ``problems``."""
    return module.split(".")[1] if module.count(".") else "__init__"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Every nnquiz module ``path`` imports (at the top or inside a function)."""
    here = module_name(path).split(".")
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("nnquiz")}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module and node.module.startswith("nnquiz"):
                    found.add(node.module)
                continue
            base = here if is_package else here[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
            found.add(target)
            if not node.module:  # from . import x: x is a module
                found |= {f"{target}.{a.name}" for a in node.names}
    return found


def test_every_part_has_a_layer():
    parts = {p.stem for p in PACKAGE.glob("*.py")} | {
        d.name for d in PACKAGE.iterdir() if d.is_dir() and any(d.glob("*.py"))
    }
    missing = sorted(parts - set(LAYER))
    assert not missing, (
        f"add {missing} to LAYER in tests/test_architecture.py (docs/architecture.md)"
    )


def test_imports_run_downward():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        mine = part_of(source)
        for target in imports(path):
            theirs = part_of(target)
            if mine not in LAYER or theirs not in LAYER:
                continue  # test_every_part_has_a_layer names it
            if theirs != mine and LAYER[theirs] >= LAYER[mine]:
                wrong.append(f"{source} imports {target}")
    assert not wrong, "imports that run sideways or upward:\n" + "\n".join(wrong)


def test_the_core_never_imports_the_families_but_through_the_registry():
    """Shared machinery does not depend on a family: families depend on it."""
    wrong = []
    for path in sorted((PACKAGE / "problems").rglob("*.py")):
        if "families" in path.parts:
            continue
        for target in imports(path):
            if target.startswith("nnquiz.problems.families."):
                wrong.append(f"{module_name(path)} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_a_family_does_not_import_another_family():
    wrong = []
    for path in sorted((PACKAGE / "problems" / "families").glob("*.py")):
        for target in imports(path):
            if target.startswith("nnquiz.problems.families.") and target != module_name(path):
                wrong.append(f"{module_name(path)} imports {target}")
    assert not wrong, "a rule two families share belongs in a shared module:\n" + "\n".join(wrong)


def test_every_folder_and_file_the_architecture_page_names_exists():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:nnquiz|cards|templates|tests|benchmarks)/[\w/.]*)`", page))
    assert len(named) > 10
    missing = sorted(n for n in named if not (ROOT / n).exists())
    assert not missing, f"docs/architecture.md names what is not there: {missing}"
    for part in LAYER:
        if part not in ("__main__", "__init__"):
            assert f"nnquiz/{part}" in page, f"docs/architecture.md does not place {part}"


def test_no_module_is_over_400_lines():
    long = [
        f"{p.relative_to(ROOT)}: {n}"
        for p in sorted(PACKAGE.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420
    ]
    assert not long, f"split these modules (at most about 400 lines): {long}"


def test_every_package_is_in_the_wheel():
    """pyproject.toml lists the packages by hand: a new folder of modules must be there."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(d.relative_to(ROOT).parts)
        for d in [PACKAGE, *PACKAGE.rglob("*")]
        if d.is_dir() and any(d.glob("*.py"))
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"

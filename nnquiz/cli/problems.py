"""``families``, ``generate``, ``show`` and ``solve``."""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import sys
from pathlib import Path

import click

from ..errors import UserError
from .options import difficulty_option

FORMAT = click.Choice(["text", "json", "latex"])
FILE_KEYS = ("family", "given", "asks")  # what a problem file for solve may hold
MAX_COUNT = 10_000_000


def _registry():
    from ..problems import registry

    return registry


def _family(registry, name: str):
    try:
        return registry.get(name)
    except registry.UnknownFamily as e:
        raise UserError(str(e)) from None


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def families(fmt: str) -> None:
    """List the problem families, in the order of the course notes."""
    registry = _registry()
    fams = registry.families()
    if fmt == "json":
        rows = [
            {
                "id": f.id,
                "topic": f.topic,
                "title": f.title,
                "given": f.given_doc,
                "asks": f.asks_doc,
            }
            for f in fams
        ]
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    topic = None
    width = max(len(f.id) for f in fams)
    for f in fams:
        if f.topic != topic:
            click.echo(("" if topic is None else "\n") + f.topic)
            topic = f.topic
        click.echo(f"  {f.id:<{width}}  {f.title}")


def _write(lines, out=None, newline="\n") -> None:
    """Print each line as it comes (to ``out``, default sys.stdout; bytes lines and
    newline for a byte stream). A reader that goes away (``| head``) is not an error: the
    output ends quietly with exit status 0."""
    out = sys.stdout if out is None else out
    try:
        for line in lines:
            out.write(line)
            out.write(newline)
        out.flush()
    except BrokenPipeError:
        # What is still buffered goes nowhere, so that the flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())


def _utf8_stdout() -> tuple[io.BufferedIOBase, str] | None:
    """sys.stdout's byte stream and error handler when text written to sys.stdout reaches
    it as plain UTF-8, else None.

    ``generate`` then has its workers send their problems already encoded and writes the
    bytes as they are: the main process neither decodes nor encodes 14 kB per problem.
    Not for a terminal (line-buffered text shows each problem at once) nor where the text
    layer translates newlines (os.linesep is not \\n).
    """
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is None or os.linesep != "\n" or getattr(out, "line_buffering", True):
        return None
    try:
        if codecs.lookup(out.encoding).name != "utf-8":
            return None
    except (LookupError, TypeError):
        return None
    return buffer, out.errors or "strict"


@click.command()
@click.argument("family")
@click.option("--seed", type=int, default=None, help="First seed (default: a random one).")
@click.option(
    "--count", type=int, default=1, show_default=True, help="Problems for seeds N, N+1, …"
)
@difficulty_option("Difficulty D: easy, medium, hard (COUNT problems of each).", "Default: medium.")
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@click.option(
    "--solution/--no-solution", default=False, help="Show worked solutions (text, latex)."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes for large counts (default: one per CPU core; 1: none).",
)
def generate(
    family: str,
    seed: int | None,
    count: int,
    difficulties: tuple[str, ...],
    fmt: str,
    solution: bool,
    jobs: int | None,
) -> None:
    """Print COUNT problems of FAMILY (JSON Lines with --format json); with several
    difficulties, COUNT of each, one difficulty after the other."""
    registry = _registry()
    fam = _family(registry, family)
    if seed is None:
        import secrets

        seed = secrets.randbelow(1_000_000)
    if not 0 <= seed <= registry.MAX_SEED:
        raise UserError(f"--seed must be between 0 and {registry.MAX_SEED}, not {seed}")
    if not 1 <= count <= MAX_COUNT:
        raise UserError(f"--count must be between 1 and {MAX_COUNT}, not {count}")
    if seed + count - 1 > registry.MAX_SEED:
        raise UserError("--seed plus --count runs past the largest seed")
    from contextlib import closing
    from functools import partial

    from ..problems.batch import generate_many
    from ..render import formats

    sep = "" if fmt == "json" else "\n" + "=" * 78 + "\n"
    specs = ((fam.id, s, d) for d in difficulties or ("medium",) for s in range(seed, seed + count))
    raw = _utf8_stdout()
    if raw is None:
        out, newline = sys.stdout, "\n"
        transform = partial(formats.render, fmt=fmt, solution=solution)
    else:
        sys.stdout.flush()  # what the text layer holds goes first
        (out, errors), newline, sep = raw, b"\n", sep.encode("utf-8")
        transform = partial(formats.render_utf8, fmt=fmt, solution=solution, errors=errors)
    shown = generate_many(specs, jobs, transform, figures=fmt != "latex")  # LaTeX shows none
    if sep:
        shown_apart = (sep + text if i else text for i, text in enumerate(shown))
    else:
        shown_apart = shown
    with closing(shown):  # stops the workers however writing ends (| head closes the pipe)
        _write(shown_apart, out, newline)


@click.command()
@click.argument("problem_id", metavar="ID")
@click.option("--solution", is_flag=True, help="Include the worked solution.")
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
@click.option(
    "--figure",
    "figure",
    metavar="NAME",
    default=None,
    help="Print (or with -o write) the problem's figure NAME as SVG (names: the "
    "[Figure NAME: …] lines of the text).",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE.svg",
    default=None,
    help="With --figure: the file to write the SVG to.",
)
def show(problem_id: str, solution: bool, fmt: str, figure: str | None, output: str | None) -> None:
    """Show problem ID (for example backprop:7 or backprop:hard:7) exactly as generated."""
    if output is not None and figure is None:
        raise UserError("-o writes a figure: give --figure NAME too")
    problem = load(problem_id)
    if figure is not None:
        write_figure(problem, figure, output)
        return
    from ..render import render

    click.echo(render(problem, fmt, solution))


def write_figure(problem, name: str, output: str | None) -> None:
    """The figure ``name`` of ``problem`` as an SVG file (whole or not at all), or on
    standard output; UserError for an unknown name or a file that cannot be written."""
    found = [f for f in problem.figures if f.name == name]
    if not found:
        names = ", ".join(f.name for f in problem.figures)
        has = f"its figures: {names}" if names else "it has no figures"
        raise UserError(f"{problem.id} has no figure {name!r} ({has})")
    from ..figures.svg import standalone

    svg = standalone(found[0].svg) + "\n"  # a file of its own: black on white
    if output is None or output == "-":
        click.echo(svg, nl=False)
        return
    write_text(Path(output), svg, "-o")


def write_text(path: Path, text: str, option: str) -> None:
    """``text`` written to ``path`` through a temporary file beside it, renamed into place:
    the file is whole or unchanged. UserError (one line) when it cannot be written."""
    import tempfile

    if path.name in ("", ".", "..") or path.is_dir():
        raise UserError(f"{option} {path}: is a folder; give a file name")
    folder = path.parent
    if not folder.is_dir():
        raise UserError(f"{option} {path}: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise UserError(f"{option} {path}: cannot write there ({e.strerror or e})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise UserError(f"{option} {path}: cannot write it ({e.strerror or e})") from None


def load(problem_id: str):
    """The problem an id names; UserError for a bad id."""
    registry = _registry()
    try:
        return registry.show(problem_id)
    except registry.UnknownFamily as e:
        raise UserError(str(e)) from None
    except registry.BadId as e:
        raise UserError(str(e)) from None


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
def solve(file: Path, fmt: str) -> None:
    """Work a problem you wrote yourself (JSON or TOML: family, given, optional asks)."""
    data = read_problem_file(file)
    registry = _registry()
    from ..problems.family import GivenError
    from ..problems.given import unknown_key
    from ..render import render

    for key in data:
        if key not in FILE_KEYS:
            raise UserError(f"{file}: {unknown_key(str(key), FILE_KEYS)}")
    family = data.get("family")
    if not isinstance(family, str):
        raise UserError(f"{file}: missing 'family' (one of {', '.join(registry.ids())})")
    _family(registry, family)
    asks = data.get("asks")
    if isinstance(asks, str):
        asks = [asks]
    if asks is not None and (
        not isinstance(asks, list) or not all(isinstance(a, str) for a in asks)
    ):
        raise UserError(f"{file}: 'asks' must be a string or a list of strings")
    try:
        problem = registry.solve(family, data.get("given"), asks)
    except GivenError as e:
        raise UserError(f"{file}: {e}") from None
    click.echo(render(problem, fmt, solution=True))


def read_problem_file(path: Path) -> dict:
    """A JSON or TOML file as a table; UserError with the reason otherwise (the file's
    size, encoding, depth and numbers checked by :mod:`nnquiz.datafiles`)."""
    from ..datafiles import parse_json, parse_toml, read_text

    text = read_text(path, "problem file", MAX_PROBLEM_BYTES)
    if path.suffix.lower() == ".toml" or not text.lstrip().startswith(("{", "[")):
        data = parse_toml(text, str(path))
    else:
        data = parse_json(text, str(path))
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a table with family, given and asks")
    return data


MAX_PROBLEM_BYTES = 1_000_000
COMMANDS = (families, generate, show, solve)

"""``nnquiz export``: write an Anki deck of concept cards and numeric problems."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from ..errors import UserError
from .options import DIFFICULTIES, difficulty_option, family_option

PROGRESS_FROM = 200  # problems: a smaller export is done before a bar would be drawn


def check_output(path: Path) -> Path:
    """``path`` if a deck can be written there; UserError naming the reason otherwise."""
    if path.suffix.lower() != ".apkg":
        raise UserError(f"{path}: the deck file must end in .apkg (Anki opens .apkg files)")
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name such as {path / 'nnquiz.apkg'}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UserError(f"cannot write {path}: folder {parent} does not exist")
    try:  # the real test, which also holds for root and read-only file systems
        fd, probe = tempfile.mkstemp(prefix=".nnquiz-", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise UserError(f"cannot write {path}: {e.strerror or e}") from None
    if path.exists() and not os.access(path, os.W_OK):
        raise UserError(f"cannot write {path}: the file is read-only")
    return path


def _cards(folder: Path | None, wanted: bool):
    if not wanted:
        return []
    from .. import resources
    from ..concepts import CardError, load_cards, load_clozes

    try:
        where = folder if folder is not None else resources.cards()
        return [*load_cards(where), *load_clozes(where)]
    except CardError as e:
        raise UserError(str(e)) from None
    except OSError as e:
        where = folder if folder is not None else "the built-in cards"
        raise UserError(f"cannot read cards from {where}: {e.strerror or e}") from None


@click.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("nnquiz.apkg"),
    show_default=True,
    help="The deck file to write (replaced if it exists).",
)
@click.option(
    "--variants",
    type=int,
    default=5,
    show_default=True,
    help="Numeric problems per family and difficulty (0: concept cards only).",
)
@family_option("Only family F.", "Default: every family.")
@difficulty_option("Only difficulty D: easy, medium, hard.", "Default: all three.")
@click.option("--seed", type=int, default=1, show_default=True, help="First seed of the variants.")
@click.option(
    "--concepts/--no-concepts",
    default=True,
    show_default=True,
    help="Include the concept cards and cloze notes written from the course notes.",
)
@click.option(
    "--cards",
    "cards_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Read concept cards from this folder of TOML files instead of the built-in ones.",
)
def export(
    output: Path,
    variants: int,
    families: tuple[str, ...],
    difficulties: tuple[str, ...],
    seed: int,
    concepts: bool,
    cards_dir: Path | None,
) -> None:
    """Write an Anki deck (.apkg): concept cards and verified numeric problems.

    Import it with Anki's File > Import. Exporting again with the same options updates
    the notes already in your collection (your review history stays).
    """
    from ..export.deck import MAX_VARIANTS, ExportOptions, plan
    from ..problems import registry

    if not 0 <= variants <= MAX_VARIANTS:
        raise UserError(f"--variants must be between 0 and {MAX_VARIANTS}, not {variants}")
    top = registry.MAX_SEED - max(variants, 1) + 1
    if not 0 <= seed <= top:
        raise UserError(f"--seed must be between 0 and {top}, not {seed}")
    if variants == 0 and not concepts:
        raise UserError("nothing to export: --variants 0 with --no-concepts")
    chosen = tuple(d for d in DIFFICULTIES if d in difficulties) if difficulties else DIFFICULTIES
    options = ExportOptions(variants, families, chosen, seed, concepts)
    path = check_output(output)
    cards = _cards(cards_dir, concepts)
    specs = plan(options)
    summary = _run(path, cards, specs)
    _report(summary)


def _run(path: Path, cards, specs):
    from ..export.deck import export as write_deck

    total = len(cards) + len(specs)
    try:
        if len(specs) < PROGRESS_FROM or not sys.stderr.isatty():
            return write_deck(path, cards, specs)
        with click.progressbar(length=total, label="Exporting", file=sys.stderr) as bar:
            return write_deck(path, cards, specs, progress=lambda n: bar.update(n - bar.pos))
    except OSError as e:
        raise UserError(f"cannot write {path}: {e.strerror or e}") from None


def _report(summary) -> None:
    click.echo(
        f"Wrote {summary.path}: {summary.notes} notes "
        f"({summary.concepts} concept cards, {summary.clozes} cloze notes, "
        f"{summary.problems} problems)"
    )
    width = max((len(d) for d in summary.decks), default=0)
    for deck, count in summary.decks.items():
        click.echo(f"  {deck:<{width}}  {count:>5}")
    click.echo("Import it in Anki (File > Import). Exporting again with the same options")
    click.echo("updates these notes and keeps your review history.")
    for (fam, difficulty), (got, asked) in summary.short.items():
        click.echo(
            f"nnquiz: note: only {got} distinct {fam} ({difficulty}) problems were found, "
            f"not {asked}: its values come from a small grid",
            err=True,
        )


COMMANDS = (export,)

"""``practice`` (spaced repetition in the terminal) and ``stats``.

Start-up matters here (the first problem should appear about as fast as NumPy
imports), so this module imports nothing heavy at the top and the session imports only
the family it shows first; fsrs loads in the background while the student reads.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import click

from ..errors import UserError
from .options import family_option

DB_NAME = "practice.db"
DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The practice database (default: NNQUIZ_HOME/practice.db, or the user data folder).",
)


def database_path(db: Path | None, create: bool = True) -> Path:
    """--db, else $NNQUIZ_HOME/practice.db, else the platform's user data folder, which
    is created when ``create`` (practice; stats creates nothing)."""
    if db is not None:
        if not db.parent.exists():
            raise UserError(f"--db {db}: the folder {db.parent} does not exist")
        return db
    home = os.environ.get("NNQUIZ_HOME")
    if home:
        folder = Path(home).expanduser()
    else:
        import platformdirs

        folder = platformdirs.user_data_path("nnquiz", appauthor=False)
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise UserError(f"cannot create the folder {folder}: {e.strerror}") from None
    return folder / DB_NAME


def _clock():
    from ..practice.clock import clock_from_env

    try:
        return clock_from_env(os.environ.get("NNQUIZ_NOW"))
    except ValueError as e:
        raise UserError(str(e)) from None


def session_options(command):
    """The options of a practice session (``practice`` and ``serve``): --db, --family,
    --new, --limit, --max-reviews, --cram."""
    for option in reversed(
        (
            DB_OPTION,
            family_option("Only family F.", "Default: every family, and the concept cards."),
            click.option(
                "--new",
                type=click.IntRange(min=0),
                metavar="N",
                help="At most N new cards this session (default: what is left of 10 a day).",
            ),
            click.option(
                "--limit", type=click.IntRange(min=1), metavar="N", help="Stop after N reviews."
            ),
            click.option(
                "--max-reviews",
                type=click.IntRange(min=1),
                default=200,
                show_default=True,
                metavar="N",
                help="At most N reviews a day, over every session of the day (as Anki's "
                "daily cap).",
            ),
            click.option(
                "--cram",
                is_flag=True,
                help="Practise ahead of the schedule; nothing is rescheduled.",
            ),
        )
    ):
        command = option(command)
    return command


@click.command()
@session_options
def practice(
    db: Path | None,
    families: tuple[str, ...],
    new: int | None,
    limit: int | None,
    max_reviews: int,
    cram: bool,
) -> None:
    """Spaced-repetition practice: a fresh problem for every skill that is due.

    Type each answer and press Enter; skip gives up on a problem (a miss, with its worked
    solution), q quits, u undoes the last review (at part (b) or later: goes back a
    part), s shows the last worked solution, f flags the problem on screen (f NOTE adds
    a note), ? helps. Ctrl-C and Ctrl-D quit too; every review is saved at once.
    """
    from ..practice.outcomes import Options
    from ..practice.screen import Screen
    from ..practice.session import Session
    from ..practice.store import Store

    clock = _clock()
    path = database_path(db)
    store = session = None
    try:
        try:
            store = Store.open(path)
            options = Options(families, new, limit, cram, max_reviews)
            session = Session(store, clock, Screen.for_terminal(), options)
            session.run()
        except KeyboardInterrupt:  # Ctrl-C before the first problem: still a clean end
            click.echo("")
        held = signal.signal(signal.SIGINT, signal.SIG_IGN)  # the summary is short
        try:
            if session is not None:
                session.summary()
            else:
                click.echo("Session: nothing reviewed.")
        finally:
            signal.signal(signal.SIGINT, held)
    finally:
        if session is not None:
            session.close()
        if store is not None:
            store.close()


@click.command()
@DB_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--flags",
    "flags_only",
    is_flag=True,
    help="Export the flagged problems (f in practice): CSV, or a JSON list with --format json.",
)
def stats(db: Path | None, fmt: str, flags_only: bool) -> None:
    """Practice history and what is due: reviews, accuracy per family, due today and
    tomorrow, the streak and retention, cram answers apart, and flagged problems.

    Reads the database without writing anything (a read-only file works). Without a
    database it says so (exit 2); --format json then still prints the all-zero figures
    for the default place (a new student), but not for a --db file that is not there.
    """
    from ..practice import stats as S
    from ..practice.clock import local_zone
    from ..practice.schema import Empty
    from ..practice.store import Store

    now = _clock().now()
    path = database_path(db, create=False)
    cards, reviews, flags = [], [], []
    exists = path.exists()
    if exists:
        try:
            with Store.open_readonly(path) as store:
                cards, reviews, flags = store.cards(), store.reviews(), store.flags()
        except Empty:
            pass
    elif fmt != "json" or db is not None:
        from ..practice.schema import missing

        raise UserError(missing(path))
    from ..practice.prepared import builtin_families

    if flags_only:
        click.echo(_flags(flags, fmt), nl=False)
        return
    zone = local_zone(now)
    data = S.compute(cards, reviews, now, zone, builtin_families(), flags)
    if fmt == "json":
        out = {**data, "database": str(path), "database_exists": exists}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    elif sys.stdout.isatty():
        from ..practice import statsview

        statsview.show(data, now=now, zone=zone)
    else:
        click.echo("\n".join(S.text_lines(data, now, zone)))


def _flags(flags: list, fmt: str) -> str:
    """The flags for a teacher: CSV (``time,card,problem,note``, the keys of the JSON
    list and of ``nnquiz stats --format json``'s flags; a note a spreadsheet
    would run as a formula starts with ') or a JSON list (``nnquiz stats --flags``)."""
    import csv
    import io

    from ..homework.roster import FORMULA
    from ..practice.stats import flag_dict

    rows = [flag_dict(f) for f in flags]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["time", "card", "problem", "note"])
    for f in rows:
        note = "'" + f["note"] if f["note"].startswith(FORMULA) else f["note"]
        out.writerow([f["time"], f["card"], f["problem"] or "", note])
    return buf.getvalue()


COMMANDS = (practice, stats)

"""``serve``: practice in a local web page, on the practice engine of ``practice``.

The web library (Starlette, uvicorn, Jinja2) is imported only when the command runs,
so ``nnquiz --help`` does not pay for it.
"""

from __future__ import annotations

from pathlib import Path

import click

from .practice import _clock, database_path, session_options


@click.command()
@session_options
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    metavar="N",
    help="The port to listen on; 0 takes a free one.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="H",
    help="The address to listen on. Only this computer can reach 127.0.0.1; another "
    "address (0.0.0.0: every one) lets others on the network in, with the token.",
)
@click.option("--no-browser", is_flag=True, help="Do not open the page in a browser.")
def serve(
    db: Path | None,
    families: tuple[str, ...],
    new: int | None,
    limit: int | None,
    max_reviews: int,
    cram: bool,
    port: int,
    host: str,
    no_browser: bool,
) -> None:
    """Practice in a local web page: the same schedule, database and grading as
    nnquiz practice, with typeset math and figures.

    Prints the address to open first (http://127.0.0.1:PORT/?token=…; the token keeps
    other pages and programs out) and opens it in the browser. Type each answer and
    press Enter; the page shows how it is read as you type. Keys (outside an answer
    box): k skips, s shows the last worked solution, u undoes, f flags. Ctrl-C stops
    the server; every review is saved as it is answered.
    """
    from ..practice.outcomes import Options
    from ..serve.server import serve as run

    options = Options(families, new, limit, cram, max_reviews)
    run(database_path(db), _clock(), options, host=host, port=port, browser=not no_browser)


COMMANDS = (serve,)

"""The ``nnquiz`` command line. Thin: parse options, call the library, print.

Start-up imports only click; every command imports what it needs when it runs, so
``nnquiz --help`` stays as fast as click itself.
"""

from __future__ import annotations

import sys

import click

from ..errors import UserError, printable

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# name -> (module under nnquiz.cli, attribute, short help). A command's module is
# imported only when that command runs (or its own --help is asked for).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "families": ("problems", "families", "List the problem families, in the order of the notes."),
    "generate": (
        "problems",
        "generate",
        "Print problems of a family (JSON Lines with --format json).",
    ),
    "show": ("problems", "show", "Show a problem by its id, exactly as generated."),
    "solve": ("problems", "solve", "Work a problem you wrote yourself (JSON or TOML)."),
    "check": ("check", "check", "Grade an answer: exit 0 correct, 1 incorrect, 2 unreadable."),
    "export": ("export", "export", "Write an Anki deck of concept cards and verified problems."),
    "practice": ("practice", "practice", "Spaced-repetition practice with fresh numbers."),
    "stats": ("practice", "stats", "Practice history, accuracy and what is due."),
    "serve": ("serve", "serve", "Practice in a local web page (typeset math, figures)."),
    "homework": ("homework", "homework", "Per-student problem sheets and the answer key."),
    "grade": ("homework", "grade", "Grade a class's answers: GRADES.csv, feedback, summary."),
    "quiz": ("quiz", "quiz", "The assignment as a Canvas, Moodle or PrairieLearn quiz."),
}


class LazyGroup(click.Group):
    """A group whose commands load on first use, so start-up costs only click."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        from importlib import import_module

        module, attr, _ = COMMANDS[name]
        return getattr(import_module(f"{__name__}.{module}"), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, short) for name, (_, _, short) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings=CONTEXT)
@click.version_option(package_name="nnquiz", message="nnquiz %(version)s")
def cli() -> None:
    """Learn the math of training neural networks: verified problems with worked solutions."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: every error becomes one line on stderr and a non-zero exit status."""
    try:
        code = cli.main(args=argv, prog_name="nnquiz", standalone_mode=False)
    except UserError as e:
        click.echo(f"nnquiz: error: {printable(str(e))}", err=True)
        sys.exit(e.exit_code)
    except click.exceptions.Abort:
        click.echo("nnquiz: aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        click.echo(f"nnquiz: error: {printable(e.format_message())}", err=True)
        sys.exit(e.exit_code)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (| head): not an error
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)

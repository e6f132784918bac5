"""The ``nnquiz`` command line. Thin: parse options, call the library, print.

Start-up imports only click; every command imports what it needs when it runs, so
``nnquiz --help`` stays as fast as click itself.
"""

from __future__ import annotations

import sys

import click

from ..errors import UserError
from . import check as _check
from . import export as _export
from . import homework as _homework
from . import practice as _practice
from . import problems as _problems

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="nnquiz", message="nnquiz %(version)s")
def cli() -> None:
    """Learn the math of training neural networks: verified problems with worked solutions."""


for command in (*_problems.COMMANDS, *_export.COMMANDS):
    cli.add_command(command)
cli.add_command(_check.check)
for command in _practice.COMMANDS:
    cli.add_command(command)
cli.add_command(_homework.homework)
cli.add_command(_homework.grade)


def main(argv: list[str] | None = None) -> None:
    """Entry point: every error becomes one line on stderr and a non-zero exit status."""
    try:
        code = cli.main(args=argv, prog_name="nnquiz", standalone_mode=False)
    except UserError as e:
        click.echo(f"nnquiz: error: {e}", err=True)
        sys.exit(e.exit_code)
    except click.exceptions.Abort:
        click.echo("nnquiz: aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        click.echo(f"nnquiz: error: {e.format_message()}", err=True)
        sys.exit(e.exit_code)
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (| head): not an error
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)

"""The one error type the command line turns into a clear message and exit status 2."""


class UserError(Exception):
    """Bad input from the user: printed as one line, exit status 2, no traceback."""

    exit_code = 2

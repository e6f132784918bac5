"""Reading the data files a user hands nnquiz (TOML, JSON, JSON Lines), as hostile input.

Every command that reads such a file (``solve``, an assignment, ``grade --key``,
``export --cards``) reads it here, so each refusal is one line naming the file and,
where there is one, the line or the field, never a traceback:

- size: a file larger than its command allows is refused before it is read;
- encoding: UTF-8 (a byte-order mark is fine); UTF-16, with or without a byte-order
  mark, and bytes that are not UTF-8 are named, with the line of the first bad byte;
- depth: nesting deeper than the parser can follow (``[[[[…`` 5,000 deep, 3,000 inline
  tables in one another) is refused, and so is data nested deeper than
  :data:`MAX_DEPTH` (checked by a walk that does not recurse);
- numbers: a whole number is a 64-bit integer, as TOML requires (a 400-digit one is
  refused naming its field); one too long for Python to read at all (over 4,300
  digits) is refused naming its line.
"""

from __future__ import annotations

import codecs
import json
import re
import tomllib
from pathlib import Path
from typing import Any

from .errors import UserError

MAX_DEPTH = 32  # a problem's given or a key line needs 6; a TOML file far fewer
INT_MAX = 2**63 - 1  # TOML's whole numbers are 64-bit; JSON read here keeps to them too
_DIGITS = re.compile(r"[0-9_]+")


def read_text(path: Path, what: str, max_bytes: int) -> str:
    """The text of ``path`` (``what`` it is, for messages: "assignment"); UserError
    when it is missing, a folder, larger than ``max_bytes``, or not UTF-8 text."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UserError(
                f"{path}: too large for {_a(what)} ({size:,} bytes; at most {max_bytes:,})"
            )
        raw = path.read_bytes()
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not {_a(what)}") from None
    except OSError as e:
        raise UserError(f"cannot read the {what} {path}: {e.strerror or e}") from None
    return decode(raw, path, what)


def decode(raw: bytes, path: Path | str, what: str) -> str:
    """``raw`` as UTF-8 text (a byte-order mark dropped); UserError naming UTF-16 (with or
    without its mark), a binary file, or the line of the first byte that is not UTF-8."""
    problem = encoding_problem(raw[:4096])
    if problem is not None:
        raise UserError(f"{path}: {problem}; save the {what} as UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise UserError(
            f"{path}: line {line}: not UTF-8 text (byte 0x{raw[e.start]:02X}); save the "
            f"{what} as UTF-8"
        ) from None


def encoding_problem(head: bytes, nuls: int = 0) -> str | None:
    """What is wrong with a file whose first bytes are ``head``, for text that must be
    UTF-8: "it is UTF-16 text …", "it is not a text file" (more than ``nuls`` NUL
    bytes), or None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "it is UTF-16 text (it starts with a UTF-16 byte-order mark)"
    if b"\0" not in head:
        return None
    even, odd = head[0::2].count(b"\0"), head[1::2].count(b"\0")
    half = len(head) // 2
    if half >= 2 and max(even, odd) >= 0.4 * half and min(even, odd) <= 0.05 * half:
        order = "big-endian" if even > odd else "little-endian"
        return f"it looks like UTF-16 text ({order}) without a byte-order mark"
    if even + odd <= nuls:
        return None
    return "it is not a text file (it holds NUL bytes)"


def parse_toml(text: str, name: str, check: bool = True) -> dict[str, Any]:
    """A TOML document as a table, checked by :func:`check_data` (``check=False``: the
    caller checks every value it reads, and calls it after)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"{name}: not valid TOML: {e}") from None
    except RecursionError:
        raise UserError(f"{name}: nested too deeply to read (at most {MAX_DEPTH} levels)") from None
    except ValueError:  # a whole number over 4,300 digits
        raise UserError(f"{name}: {long_number(text)}") from None
    if check:
        check_data(data, name)
    return data


def parse_json(text: str, name: str) -> Any:
    """A JSON document, checked by :func:`check_data`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise UserError(
            f"{name}: not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}"
        ) from None
    except RecursionError:
        raise UserError(f"{name}: nested too deeply to read (at most {MAX_DEPTH} levels)") from None
    except ValueError:
        raise UserError(f"{name}: {long_number(text)}") from None
    check_data(data, name)
    return data


def long_number(text: str) -> str:
    """ "line 3: a number of 5,000 digits, too long to read" (the longest run of digits)."""
    longest = max(_DIGITS.finditer(text), key=lambda m: m.end() - m.start(), default=None)
    if longest is None:
        return "a number too long to read"
    line = text.count("\n", 0, longest.start()) + 1
    digits = longest.end() - longest.start()
    return f"line {line}: a number of {digits:,} digits, too long to read"


def check_data(data: Any, name: str) -> None:
    """UserError when ``data`` nests deeper than :data:`MAX_DEPTH` or holds a whole number
    outside the 64-bit range; the message names the field (``questions[0].points``).
    The walk keeps its own stack, so no depth can exhaust Python's."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if type(value) is int and not -INT_MAX - 1 <= value <= INT_MAX:
            raise UserError(
                f"{name}: {where or 'the value'}: the whole number {_short_int(value)} is too "
                "large (whole numbers are 64-bit: at most 9,223,372,036,854,775,807 in size)"
            )
        if isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise UserError(
                    f"{name}: {where or 'the value'}: nested too deeply (at most "
                    f"{MAX_DEPTH} levels)"
                )
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, inner in items:
                if isinstance(inner, dict | list | int):
                    stack.append((inner, _field(where, key), depth + 1))


def _field(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    bare = key.replace("_", "").replace("-", "").isalnum() and key.isascii()
    shown = key if bare else json.dumps(key, ensure_ascii=True)
    return f"{where}.{shown}" if where else shown


def _short_int(value: int) -> str:
    digits = len(str(abs(value)))
    return f"{'-' if value < 0 else ''}{str(abs(value))[:6]}… ({digits:,} digits)"


def load_toml(path: Path, what: str, max_bytes: int) -> dict[str, Any]:
    """:func:`read_text` then :func:`parse_toml`."""
    return parse_toml(read_text(path, what, max_bytes), str(path))


def _a(what: str) -> str:
    article = "an" if what[:1] in "aeiou" else "a"
    noun = what if what.endswith(("file", "folder")) else f"{what} file"
    return f"{article} {noun}"

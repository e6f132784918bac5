"""The sheet templates: ``templates/homework/`` in the wheel, or a folder of your own.

A template is filled with :class:`string.Template` (``${name}``); a folder passed with
``--templates`` needs only the files it changes, the rest come from nnquiz's own.
"""

from __future__ import annotations

import string
from functools import lru_cache
from importlib.abc import Traversable
from pathlib import Path

from ..errors import UserError
from ..resources import templates as _builtin

FONT = "texgyretermes-math.otf"
MAX_BYTES = 5_000_000  # a template; the math font is 0.5 MB


class Templates:
    def __init__(self, folder: Path | None = None):
        self.folder = folder
        if folder is not None and not folder.is_dir():
            raise UserError(f"--templates {folder}: not a folder")
        self._cache: dict[str, list[str]] = {}
        self._texts: dict[str, str] = {}

    def source(self, name: str) -> Traversable:
        """The file ``name``: from the user's folder when it has it, else nnquiz's. A file
        of the folder that is a symbolic link to something outside it is refused (it
        would copy any file of the machine into every sheet)."""
        if self.folder is not None:
            mine = self.folder / name
            if mine.is_file():
                if not _inside(mine, self.folder):
                    raise UserError(
                        f"--templates {self.folder}: {name} is a symbolic link to "
                        f"{_target(mine)}, outside the folder; copy the file in instead"
                    )
                return mine
            if mine.is_symlink():
                raise UserError(f"--templates {self.folder}: {name} is a broken symbolic link")
        return _builtin_folder() / name

    def text(self, name: str) -> str:
        """The template ``name`` (read once); one of the user's folder is refused when it
        holds code (:func:`.nocode.check_template`)."""
        text = self._texts.get(name)
        if text is not None:
            return text
        source = self.source(name)
        try:
            data = source.read_bytes()
        except OSError as e:
            raise UserError(f"cannot read the template {name}: {e.strerror or e}") from None
        if len(data) > MAX_BYTES:
            raise UserError(f"template {name}: too large ({len(data):,} bytes)")
        from ..datafiles import decode

        text = decode(data, source, "template")
        if isinstance(source, Path):
            from .nocode import check_template

            check_template(name, text)
        self._texts[name] = text
        return text

    def load(self, *names: str) -> None:
        """Read and compile the templates ``names`` now (their errors raised here), so
        that worker processes inherit them ready."""
        for name in names:
            if name not in self._cache:
                self._cache[name] = _compile(name, self.text(name))

    def fill(self, name: str, **values: object) -> str:
        """The template with its placeholders filled (``string.Template`` rules)."""
        pieces = self._cache.get(name)
        if pieces is None:
            pieces = self._cache[name] = _compile(name, self.text(name))
        try:
            return "".join([p if k % 2 == 0 else str(values[p]) for k, p in enumerate(pieces)])
        except KeyError as e:
            known = ", ".join(sorted(values))
            raise UserError(
                f"template {name}: unknown placeholder ${{{e.args[0]}}}; known: {known}"
            ) from None

    def font(self) -> bytes:
        try:
            return self.source(FONT).read_bytes()
        except OSError as e:
            raise UserError(f"cannot read the math font {FONT}: {e.strerror or e}") from None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _target(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return "a loop of links"


def _compile(name: str, text: str) -> list[str]:
    """Literal text and placeholder names, alternating (a sheet fills thousands)."""
    pattern = string.Template.pattern
    pieces = [""]
    pos = 0
    for m in pattern.finditer(text):
        pieces[-1] += text[pos : m.start()]
        pos = m.end()
        if m.group("escaped") is not None:
            pieces[-1] += "$"
        elif m.group("invalid") is not None:
            line = text.count("\n", 0, m.start()) + 1
            raise UserError(f"template {name}: line {line}: a lone $ (write $$ for a literal $)")
        else:
            pieces += [m.group("named") or m.group("braced"), ""]
    pieces[-1] += text[pos:]
    return pieces


@lru_cache(maxsize=1)
def _builtin_folder() -> Traversable:
    return _builtin() / "homework"

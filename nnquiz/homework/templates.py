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


class Templates:
    def __init__(self, folder: Path | None = None):
        self.folder = folder
        if folder is not None and not folder.is_dir():
            raise UserError(f"--templates {folder}: not a folder")
        self._cache: dict[str, string.Template] = {}

    def source(self, name: str) -> Traversable:
        """The file ``name``: from the user's folder when it has it, else nnquiz's."""
        if self.folder is not None and (self.folder / name).is_file():
            return self.folder / name
        return _builtin_folder() / name

    def text(self, name: str) -> str:
        try:
            return self.source(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise UserError(f"cannot read the template {name}: {e}") from None

    def fill(self, name: str, **values: object) -> str:
        template = self._cache.get(name)
        if template is None:
            template = self._cache[name] = string.Template(self.text(name))
        try:
            return template.substitute(values)
        except KeyError as e:
            known = ", ".join(sorted(values))
            raise UserError(
                f"template {name}: unknown placeholder ${{{e.args[0]}}}; known: {known}"
            ) from None
        except ValueError as e:
            raise UserError(f"template {name}: {e} (write $$ for a literal $)") from None

    def font(self) -> bytes:
        return self.source(FONT).read_bytes()


@lru_cache(maxsize=1)
def _builtin_folder() -> Traversable:
    return _builtin() / "homework"

"""Where the data that ships inside the wheel lives (cards/ and templates/).

In an installed wheel the folders are the packages ``nnquiz.cards`` and
``nnquiz.templates``. An editable install of a source checkout cannot map them,
so there they are read from the checkout's top level.

The folder is found with ``importlib.util.find_spec``, which is cheap; only a package
that is not a folder on disk (a zip import) goes through ``importlib.resources``, whose
import costs more than ``nnquiz practice`` may spend before its first problem.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable


def _folder(name: str) -> Traversable:
    try:
        spec = importlib.util.find_spec(f"nnquiz.{name}")
    except ModuleNotFoundError:
        spec = None
    if spec is None:
        return Path(__file__).resolve().parent.parent / name
    for location in spec.submodule_search_locations or ():
        if Path(location).is_dir():
            return Path(location)
    from importlib import resources

    return resources.files(f"nnquiz.{name}")


def cards() -> Traversable:
    """The folder of concept cards (one TOML file a topic)."""
    return _folder("cards")


def templates() -> Traversable:
    """The folder of Anki note types and homework sheet templates."""
    return _folder("templates")

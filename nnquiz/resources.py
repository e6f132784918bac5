"""Where the data that ships inside the wheel lives (cards/ and templates/).

In an installed wheel the folders are the packages ``nnquiz.cards`` and
``nnquiz.templates``. An editable install of a source checkout cannot map them,
so there they are read from the checkout's top level.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def _folder(name: str) -> Traversable:
    try:
        return resources.files(f"nnquiz.{name}")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / name


def cards() -> Traversable:
    """The folder of concept cards (one TOML file a topic)."""
    return _folder("cards")


def templates() -> Traversable:
    """The folder of Anki note types and homework sheet templates."""
    return _folder("templates")

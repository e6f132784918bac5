"""Anki decks: concept cards from the course notes and verified numeric problems.

``nnquiz.export`` is an edge of nnquiz (it imports genanki and writes files); the core
packages never import it. Its names load on first use. The concept cards themselves
are read by :mod:`nnquiz.concepts`, which practice uses too.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "ExportOptions": "deck",
    "Summary": "deck",
    "export": "deck",
    "generate_problems": "deck",
    "note_stream": "deck",
    "plan": "deck",
}

__all__ = sorted([*_WHERE, "Card", "CardError", "load_cards"])


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    if name in ("Card", "CardError", "load_cards"):  # kept for callers of nnquiz.export
        return getattr(importlib.import_module("nnquiz.concepts"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

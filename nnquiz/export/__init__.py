"""Anki decks: concept cards from the course notes and verified numeric problems.

``nnquiz.export`` is an edge of nnquiz (it imports genanki and writes files); the core
packages never import it. Its names load on first use, so that ``nnquiz practice`` can
read the concept cards (``nnquiz.export.concepts``) without importing the deck builder.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "Card": "concepts",
    "CardError": "concepts",
    "load_cards": "concepts",
    "ExportOptions": "deck",
    "Summary": "deck",
    "export": "deck",
    "generate_problems": "deck",
    "note_stream": "deck",
    "plan": "deck",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

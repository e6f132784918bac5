"""Anki decks: concept cards from the course notes and verified numeric problems.

``nnquiz.export`` is an edge of nnquiz (it imports genanki and writes files); the core
packages never import it.
"""

from .concepts import Card, CardError, load_cards
from .deck import ExportOptions, Summary, export, generate_problems, note_stream, plan

__all__ = [
    "Card",
    "CardError",
    "ExportOptions",
    "Summary",
    "export",
    "generate_problems",
    "load_cards",
    "note_stream",
    "plan",
]

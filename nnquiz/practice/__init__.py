"""Spaced-repetition practice in the terminal (``nnquiz practice``, ``nnquiz stats``).

An edge of nnquiz: it reads the clock and the terminal and writes an SQLite database.
Scheduling is FSRS (the ``fsrs`` package); a card is a *skill*, a problem family at one
difficulty, and every review draws a fresh problem, so a student learns the method
rather than an answer. Concept cards from ``cards/`` are scheduled alongside.

Modules: ``clock`` (time, passed in), ``store`` and ``schema`` (SQLite), ``scheduling``
(FSRS and the automatic rating), ``plan`` (what a session shows, in which order),
``course`` (the skills and concept cards), ``session`` (the loop), ``screen`` (plain or
styled output), ``stats``.
"""

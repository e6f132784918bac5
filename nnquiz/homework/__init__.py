"""Homework: every student's own problems, and grading a whole class.

The edges of nnquiz that read and write files for ``nnquiz homework`` and
``nnquiz grade``: the assignment and roster (``assignment``, ``roster``, ``table``),
seeds (``seeds``), safe file names (``names``), sheets and key (``views``, ``mathml``,
``templates``, ``sheets``, ``build``), and grading (``submissions``, ``grading``,
``keyfile``, ``feedback``, ``summary``, ``report``). Every file is written whole or not
at all (``files``).
"""

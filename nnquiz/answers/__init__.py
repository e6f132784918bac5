"""Read what people type, grade it with tolerance, and name the mistake.

Pure: no I/O, no global state, nothing typed is ever passed to ``eval``, ``exec`` or
sympy. ``read`` turns text into a number, vector or matrix (or raises ``Unreadable``
saying where); ``grade_part`` and ``grade`` grade typed answers against a problem.
"""

from .grading import Grade, PartGrade, answer_shape, fits, grade, grade_part, grade_reading
from .parser import MAX_DEPTH
from .reading import MAX_LENGTH, Reading, describe_shape, read, show
from .unreadable import Unreadable
from .whitelist import MAX_EXPONENT

GENERAL_MISTAKES = ("sign", "decimal_slip", "transposed", "rounding")

__all__ = [
    "GENERAL_MISTAKES",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "Grade",
    "PartGrade",
    "Reading",
    "Unreadable",
    "answer_shape",
    "describe_shape",
    "fits",
    "grade",
    "grade_part",
    "grade_reading",
    "read",
    "show",
]

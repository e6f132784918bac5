"""Math written twice: Unicode text for the terminal and LaTeX for MathJax.

One import for every family: :mod:`.core` (the piece of math ``M``, joining pieces,
symbols), :mod:`.numbers` (numbers written exactly or to 4 significant digits, signed
sums) and :mod:`.arrays` (vectors, matrices, answers).
"""

from .arrays import (  # noqa: F401
    answer_value,
    answer_value_pieces,
    array,
    column,
    inline,
    matrix,
    rel_all,
    row,
)
from .core import (  # noqa: F401
    APPROX,
    EQ,
    GREEK,
    MINUS,
    NEG,
    PLUS,
    SUB,
    TIMES,
    M,
    cat,
    frac,
    func,
    join,
    lift,
    paren,
    sub,
    subscript,
    superscript,
    sym,
    transpose,
)
from .digits import MAX_SIG, enough, shown, unit_of  # noqa: F401
from .numbers import (  # noqa: F401
    MAX_DIGITS,
    SIG,
    all_exact,
    bit_exact,
    computed_num,
    computed_text,
    computed_value,
    dot_pieces,
    dot_terms,
    exp,
    is_exact,
    num,
    one_minus,
    plain,
    pnum,
    rel,
    round_array,
    round_sig,
    short_decimal,
    signed_pieces,
    signed_sum,
    value,
)

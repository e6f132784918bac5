"""Linear separability: every verdict carries its own proof, and the proofs are checked here.

A "no" comes with a point that is a convex combination of +1 points and also of −1
points; a "yes" comes with a line that has y(θ·x + b) > 0 at every point. Exactly one of
the two exists, so checking both proofs on random point sets checks the verdict.
"""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz.problems.geometry import BOOLEAN, certificate, separating_line

coord = st.sampled_from([x / 2 for x in range(-6, 7)])  # the 0.5 grid in [-3, 3]
point_sets = st.lists(st.tuples(coord, coord), min_size=2, max_size=7).flatmap(
    lambda pts: st.tuples(
        st.just([list(p) for p in pts]),
        st.lists(st.sampled_from([1, -1]), min_size=len(pts), max_size=len(pts)),
    )
)


def check_certificate(points, labels, cert):
    for weights, cls in ((cert.pos, 1), (cert.neg, -1)):
        assert all(labels[i] == cls for i in weights)
        assert all(w > 0 for w in weights.values()) and sum(weights.values()) == 1
        for axis in (0, 1):
            combo = sum(w * Fraction(str(points[i][axis])) for i, w in weights.items())
            assert combo == cert.point[axis]


def check_line(points, labels, line):
    theta, b = line
    for (x1, x2), y in zip(points, labels):
        score = (
            Fraction(str(theta[0])) * Fraction(str(x1))
            + Fraction(str(theta[1])) * (Fraction(str(x2)))
            + Fraction(str(b))
        )
        assert y * score > 0


@settings(max_examples=400, deadline=None)
@given(point_sets)
def test_every_verdict_is_proved(case):
    points, labels = case
    if len(set(labels)) < 2:
        return
    cert = certificate(points, labels)
    if cert is None:
        line = separating_line(points, labels)
        assert line is not None
        check_line(points, labels, line)
    else:
        check_certificate(points, labels, cert)
        assert separating_line(points, labels) is None


def test_truth_tables_on_the_unit_square():
    square = [[0, 0], [0, 1], [1, 0], [1, 1]]
    for name, table in BOOLEAN.items():
        labels = [1 if v else -1 for v in table]
        separable = certificate(square, labels) is None
        assert separable == (name not in ("XOR", "XNOR")), name


def test_xor_meets_at_the_middle_of_both_diagonals():
    cert = certificate([[0, 0], [1, 1], [1, 0], [0, 1]], [-1, -1, 1, 1])
    assert cert.point == (Fraction(1, 2), Fraction(1, 2))

"""``MLP.forward`` skips ``exact_zeros`` only where it would change nothing."""

import numpy as np

from nnquiz.nn.mlp import clear_of_dust, exact_zeros

SPECIAL = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-300, 1e300]


def test_clear_of_dust_never_hides_what_exact_zeros_would_zero():
    rng = np.random.default_rng(0)
    for trial in range(20000):
        n_out, n_in = rng.integers(1, 4, size=2)
        W = rng.integers(-20, 21, size=(n_out, n_in)) / 10
        h = rng.integers(-20, 21, size=n_in) / 10
        b = rng.integers(-20, 21, size=n_out) / 10
        if trial % 5 == 0:  # a NaN, an infinity, a huge or tiny value somewhere
            target = (W.reshape(-1), h, b)[trial % 3]
            target[rng.integers(0, target.size)] = SPECIAL[rng.integers(0, len(SPECIAL))]
        with np.errstate(all="ignore"):
            z = W @ h + b
            exact = exact_zeros(z, np.abs(W) @ np.abs(h) + np.abs(b))
            if clear_of_dust(z, W, h, b):
                np.testing.assert_array_equal(exact, z)


def test_decimal_dust_is_not_clear():
    W, h, b = np.array([[0.1, 0.2]]), np.array([1.0, 1.0]), np.array([-0.3])
    z = W @ h + b
    assert z[0] != 0 and not clear_of_dust(z, W, h, b)

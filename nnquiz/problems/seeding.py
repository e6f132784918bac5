"""``numpy.random.default_rng(seed)``: the same generator, made for half the instructions.

NumPy seeds PCG64 through ``SeedSequence``: the seed's words are hashed into a pool of
four 32-bit words (in C), then ``generate_state`` hashes the pool into the four 64-bit
words PCG64 starts from, one NumPy scalar at a time (about 39,000 instructions, more than
half of ``default_rng``'s 71,000). Each of those eight hashes takes one pool word and two
hash constants that do not depend on the seed, so they are done here in one NumPy
operation over all eight, and PCG64 is given the very words: the same state, the same
stream (tests/problems/test_seeding.py compares the state over many seeds).
"""

from __future__ import annotations

import sys

import numpy as np
from numpy.random.bit_generator import ISeedSequence

_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED  # SeedSequence's generate_state hash


def _hash_constants(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The constant each of n hashes starts from and the one it multiplies by."""
    out = [_INIT_B]
    for _ in range(n):
        out.append(out[-1] * _MULT_B & 0xFFFFFFFF)
    return np.array(out[:-1], dtype=np.uint32), np.array(out[1:], dtype=np.uint32)


_XOR, _MUL = _hash_constants(8)  # four 64-bit words: eight 32-bit ones
_CYCLE = np.array([0, 1, 2, 3, 0, 1, 2, 3])
_SHIFT = np.uint32(16)
_LITTLE = sys.byteorder == "little"


class _Words(ISeedSequence):
    """Hands PCG64 the four 64-bit words of ``SeedSequence(seed).generate_state(4, np.uint64)``."""

    def __init__(self, words: np.ndarray):
        self.words = words

    def generate_state(self, n_words: int, dtype=np.uint32) -> np.ndarray:
        return self.words


def state_words(seed: int) -> np.ndarray:
    """``SeedSequence(seed).generate_state(4, np.uint64)``, in one pass over its 8 hashes."""
    pool = np.random.SeedSequence(seed).pool  # 4 uint32 words, cycled over the 8 hashes
    v = pool[_CYCLE]
    v ^= _XOR
    v *= _MUL  # uint32: wraps as C's does
    v ^= v >> _SHIFT
    # read in pairs, low word first, as generate_state reads them on every machine
    return v.view(np.uint64) if _LITTLE else v.astype("<u4").view("<u8").astype(np.uint64)


def default_rng(seed: int) -> np.random.Generator:
    """``numpy.random.default_rng(seed)`` for an int seed ≥ 0 (anything else goes to NumPy)."""
    if type(seed) is not int or seed < 0:
        return np.random.default_rng(seed)
    return np.random.Generator(np.random.PCG64(_Words(state_words(seed))))

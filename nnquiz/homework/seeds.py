"""Each student's seed for each question: a keyed hash, so no student can derive another's.

``seed = HMAC-SHA256(key = the assignment's secret, message = student id, NUL byte,
question number)``, both as UTF-8 (the number in decimal); the seed is the digest's
first 63 bits (its first 8 bytes read big-endian, shifted right by one): a number from
0 to 2**63 − 1, the range of problem seeds. The same secret, id and number give the
same seed on every machine; without the secret, one student's seed says nothing about
another's. Student ids hold no NUL (the roster refuses control characters), so the
message is unambiguous.

An online quiz (``nnquiz quiz``) draws variant *k* of question *q* the same way, with
the message ``quiz``, NUL, *k*, NUL, *q* (both in decimal): it holds two NUL bytes and
a student's message one, so no quiz variant is ever a student's homework problem.
"""

from __future__ import annotations

import hashlib
import hmac

SEED_BITS = 63


def seed(secret: str, student_id: str, question: int) -> int:
    """The seed of question ``question`` (1-based) for ``student_id``."""
    if not secret:
        raise ValueError("the secret must not be empty")
    message = student_id.encode("utf-8") + b"\0" + str(question).encode("ascii")
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") >> (64 - SEED_BITS)


def variant_seed(secret: str, question: int, variant: int) -> int:
    """The seed of variant ``variant`` (1-based) of question ``question`` of a quiz."""
    return seed(secret, f"quiz\0{variant}", question)

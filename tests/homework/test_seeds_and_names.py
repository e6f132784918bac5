"""Seeds: a keyed hash, reproducible, unguessable without the secret. File names: safe."""

import hashlib
import hmac
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnquiz.homework.names import safe_names
from nnquiz.homework.seeds import seed, variant_seed
from nnquiz.problems.registry import MAX_SEED


def by_the_readme(secret: str, student: str, question: int) -> int:
    """The seed exactly as the README states it, computed here independently."""
    key = secret.encode("utf-8")
    message = student.encode("utf-8") + b"\x00" + str(question).encode("ascii")
    digest = hmac.digest(key, message, "sha256")
    return int(digest[:8].hex(), 16) // 2


def test_the_seed_is_the_documented_hmac():
    for sid, q in [("s001", 1), ("Zoë Ångström", 12), ("a" * 200, 7)]:
        assert seed("course-secret-2026", sid, q) == by_the_readme("course-secret-2026", sid, q)


def test_the_seed_never_changes_between_versions():
    # a golden value: every machine and every later nnquiz must give this same number
    digest = hmac.new(b"course-secret-2026", b"s001\x001", hashlib.sha256).hexdigest()
    assert seed("course-secret-2026", "s001", 1) == int(digest[:16], 16) >> 1


@given(st.text(min_size=1), st.text(min_size=1, max_size=40), st.integers(1, 200))
def test_seeds_are_problem_seeds(secret, student, question):
    s = seed(secret, student, question)
    assert 0 <= s <= MAX_SEED


def test_the_secret_student_and_question_all_change_the_seed():
    base = seed("k", "s1", 1)
    assert len({base, seed("k2", "s1", 1), seed("k", "s2", 1), seed("k", "s1", 2)}) == 4
    # no ambiguity between the id and the number: ("s1", 12) is not ("s11", 2)
    assert seed("k", "s1", 12) != seed("k", "s11", 2)


def test_a_quiz_variant_seed_is_the_documented_hmac():
    digest = hmac.new(b"course-secret-2026", b"quiz\x003\x002", hashlib.sha256).hexdigest()
    assert variant_seed("course-secret-2026", 2, 3) == int(digest[:16], 16) >> 1
    # two NUL bytes: never a student's message, whose id holds none
    assert variant_seed("k", 1, 1) not in {seed("k", sid, 1) for sid in ("quiz", "1", "s1")}
    assert len({variant_seed("k", q, v) for q in (1, 2, 3) for v in (1, 2, 3)}) == 9


def test_an_empty_secret_is_refused():
    with pytest.raises(ValueError):
        seed("", "s1", 1)


SAFE = re.compile(r"[A-Za-z0-9_@+][A-Za-z0-9._@+-]*")


def test_plain_ids_are_their_own_file_names():
    ids = ["s001", "alice@uni.edu", "A-12_b", "x.y"]
    assert safe_names(ids) == ({i: i for i in ids}, {})


@pytest.mark.parametrize(
    "sid",
    [
        "../../x",
        "..",
        ".",
        "/etc/passwd",
        "a/b",
        "a\\b",
        "C:evil",
        "con",
        "NUL.txt",
        ".hidden",
        "-rf",
        "key",
        "class",
        "x.",
        " ",
        "∂L/∂w",
        "a" * 300,
        "名前",
    ],
)
def test_unsafe_ids_get_a_safe_hashed_name(sid):
    name = safe_names([sid]).stems[sid]
    assert SAFE.fullmatch(name) and name != sid
    assert ".." not in name and "/" not in name and "\\" not in name
    assert re.search(r"-[0-9a-f]{8}$", name)


def test_ids_that_differ_only_in_case_get_different_names():
    names = safe_names(["Bob", "bob", "BOB"]).stems
    assert len({n.casefold() for n in names.values()}) == 3


@given(st.lists(st.text(min_size=1, max_size=30), unique=True, max_size=20))
def test_names_are_always_safe_and_unique(ids):
    names = safe_names(ids).stems
    assert set(names) == set(ids)
    assert all(SAFE.fullmatch(n) and not n.endswith(".") for n in names.values())
    assert len({n.casefold() for n in names.values()}) == len(ids)

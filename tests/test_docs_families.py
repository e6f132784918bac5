"""docs/families.md documents every family: its given keys, asks names and mistakes."""

import re

import pytest

from nnquiz.problems import registry
from nnquiz.problems.model import DIFFICULTIES

from .conftest import ROOT

DOC = (ROOT / "docs" / "families.md").read_text(encoding="utf-8")


def section(family_id: str) -> str:
    m = re.search(rf"^### `{family_id}`.*?(?=^##)", DOC + "\n##", re.S | re.M)
    assert m, f"docs/families.md has no section for {family_id}"
    return m.group(0)


def asks_names(doc: str) -> list[str]:
    """``"h, dh/dz (and entries [i])"`` → ``["h", "dh/dz"]``."""
    return [a.strip() for a in re.sub(r"\([^)]*\)", "", doc).split(", ") if a.strip()]


def given_keys(doc: str) -> list[str]:
    if doc.startswith("network"):
        return [k.strip() for k in doc[doc.index("(") + 1 : doc.index(")")].split(",")]
    return re.findall(r'"(\w+)":', doc)


@pytest.mark.parametrize("family_id", registry.ids())
def test_family_is_documented(family_id):
    fam = registry.get(family_id)
    text = section(family_id)
    for name in asks_names(fam.asks_doc):
        assert f"`{name}`" in text, (family_id, name)
    for key in given_keys(fam.given_doc):
        assert f"`{key}`" in text, (family_id, key)
    seen = set()
    for d in DIFFICULTIES:
        for seed in range(15):
            seen |= {m.id for m in registry.generate(family_id, seed, d).mistakes}
    for mid in seen:
        assert f"`{mid}`" in text, (family_id, mid)


def test_the_readme_links_the_reference():
    """The README links the reference; the families themselves are listed there (and by
    ``nnquiz families``), so a new family needs no README change."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/families.md)" in readme

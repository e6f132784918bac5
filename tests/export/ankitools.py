"""Helpers for the deck tests: a real Anki collection, and the math of rendered cards."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from nnquiz.render.texmath import segments


def import_apkg(col, path: Path):
    """Import ``path`` into ``col`` with Anki's default options; returns the import log."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


class _TextNodes(HTMLParser):
    """The text nodes of an HTML fragment, entities decoded (what MathJax reads)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.nodes.append(data)


def text_nodes(html: str) -> list[str]:
    parser = _TextNodes()
    parser.feed(html)
    parser.close()
    return parser.nodes


def formulas(html: str) -> list[tuple[str, bool]]:
    """Every formula MathJax would find in ``html``: ``(tex, display)``.

    MathJax looks for delimiters inside single text nodes, so each node is split on its
    own; a delimiter left open in a node (math broken by a tag) raises MathError.
    """
    out = []
    for node in text_nodes(html):
        for seg in segments(node):
            if seg.kind != "text":
                out.append((seg.body, seg.kind == "display"))
    return out


def flat_tex(tex: str) -> str:
    r"""TeX without spaces, ``{}`` and ``\displaystyle``: what the pieces of a formula cut by
    ``nnquiz.export.mathflow`` add up to, comparable with the formula as written."""
    flat = re.sub(r"\\displaystyle(?![A-Za-z])", "", tex)
    flat = re.sub(r"\\[bB]igl", r"\\left", re.sub(r"\\[bB]igr", r"\\right", flat))  # unfenced
    flat = re.sub(r"\s+", "", flat)
    while "{}" in flat:
        flat = flat.replace("{}", "")
    return flat


def flat_math(html: str) -> str:
    """Every formula of ``html`` joined, as :func:`flat_tex` gives it."""
    return flat_tex("".join(tex for tex, _ in formulas(html)))


FIELD_REF = re.compile(r"\{\{([#/^]?)([A-Za-z][A-Za-z0-9 ]*)\}\}")


def template_fields(template: str) -> set[str]:
    """Field names a template shows (``{{Name}}``), without FrontSide and sections."""
    return {name for sigil, name in FIELD_REF.findall(template) if not sigil} - {"FrontSide"}

"""Printed pages: the student's name, id and page number on every page a sheet prints.

CSS paged media (``@page`` margin boxes, laid out by every current Chromium, and by
Firefox and Safari as they gain them): each student's pages are a named page whose
margins carry their name and id. A sheet printed alone (``s001.html``) numbers its pages
"page k of n"; in the class file, which prints every sheet one after another, each page
carries the student's own page number ("page 2 of this sheet") at the top and the
file's "page k of n" at the bottom: no browser can count a student's pages ahead
without a script (CSS ``target-counter`` is not laid out by Chromium), and the sheets
have none. ``tests/homework/test_printed.py`` prints both to PDF in Chromium and reads
every page's text.
"""

from __future__ import annotations

BOX = "font: 9pt/1.2 sans-serif; color: #444;"


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: quotes, backslashes, line breaks and anything
    that could end the ``<style>`` element escaped (``<`` as ``\\3c``)."""
    out = []
    for c in text:
        if c in '"\\<>&' or ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\{ord(c):x} ")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def page_rules(index: int, name: str, student_id: str, alone: bool, what: str = "") -> str:
    """The ``<style>`` that gives student number ``index``'s pages their margins (use
    it with :func:`page_open`); ``alone``: the file holds only this student."""
    page = f"p{index}"
    who = css_string(f"{what}{name} · {student_id}" if name != student_id else what + name)
    if alone:
        corners = f'@top-right {{ content: "page " counter(page) " of " counter(pages); {BOX} }}'
    else:
        corners = (
            f'@top-right {{ content: "page " counter({page}) " of this sheet"; {BOX} }}'
            f'@bottom-right {{ content: "file page " counter(page) " of " counter(pages); '
            f"{BOX} }}"
        )
    return (
        f"<style>@page {page} {{ counter-increment: {page}; "
        f"@top-left {{ content: {who}; {BOX} }} {corners} }}</style>"
    )


def page_open(index: int) -> str:
    return f'<div class="printed" style="page: p{index}">'


PAGE_CLOSE = "</div>"

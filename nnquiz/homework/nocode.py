"""Keeping code out of the sheets: a ``--templates`` file may hold text, markup and style,
never anything that runs or loads from elsewhere.

The sheets promise no script and nothing fetched from the network, so a template from
the instructor's own folder is read as HTML (by :mod:`html.parser`, which decodes
entities as a browser does: ``jav&#x61;script:`` is caught too) and refused, naming the
file and line, when it holds:

- an element that runs code or embeds another page (``script``, ``iframe``, ``object``,
  ``embed``, ``frame``, ``frameset``, ``applet``, ``base``, ``meta http-equiv``);
- an event handler attribute (``onload=``, ``onerror=``, any ``on…``);
- a ``javascript:``, ``vbscript:`` or ``data:`` address (a ``data:`` image is fine) in any
  attribute, or in CSS ``url(…)``; a CSS ``url(…)`` that leaves the folder (``http:``,
  ``//host``), ``@import`` or ``expression(``.

This is a check against what was pasted in by accident or by a colleague's copy, not a
sandbox: the folder is still the instructor's own (see docs/homework.md).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import UserError

RUNS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base"}
_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.I)
_IMAGE = re.compile(r"^data:image/(?:png|gif|jpe?g|webp);", re.I)
_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]{0,2000})", re.I)  # bounded: linear
_CSS_BAD = re.compile(r"@import|expression\s{0,20}\(|behavior\s{0,20}:", re.I)


def check_template(name: str, text: str) -> None:
    """UserError naming ``name`` and the line when ``text`` holds code (see above)."""
    if name.endswith(".css"):
        end = text.find("</")  # it goes inside <style>: no way out of it
        if end >= 0:
            _refuse(name, 1 + text.count("\n", 0, end), "'</' (the style sheet goes in <style>)")
        _check_css(name, text, 1)
        return
    finder = _Finder(name)
    finder.feed(text)
    finder.close()


def _check_css(name: str, css: str, first_line: int) -> None:
    bad = _CSS_BAD.search(css)
    if bad is not None:
        _refuse(name, first_line + css.count("\n", 0, bad.start()), f"CSS {bad.group(0)!r}")
    for m in _URL.finditer(css):
        if _remote(m.group(2)):
            line = first_line + css.count("\n", 0, m.start())
            _refuse(name, line, f"CSS url({m.group(2)[:40]!r}), which is not a file beside it")


def _runs(url: str) -> bool:
    """Whether an address runs code (``javascript:``) or is a page of its own (``data:``
    that is not an image)."""
    plain = "".join(c for c in url if c > " ").lower()  # browsers drop such characters
    return bool(_SCHEME.match(plain)) and not _IMAGE.match(plain)


def _remote(url: str) -> bool:
    """Whether an address runs code or loads from elsewhere (not a file beside the page
    or an image held in it)."""
    plain = "".join(c for c in url if c > " ").lower()
    return _runs(plain) or plain.startswith("//") or "://" in plain[:12]


# attributes whose address the browser loads by itself (an <a href> only when clicked)
LOADS = {"src", "srcset", "poster", "background", "data", "action", "formaction", "ping"}


def _refuse(name: str, line: int, what: str) -> None:
    raise UserError(
        f"template {name}: line {line}: {what}; sheets carry no script and load nothing "
        "from elsewhere (see docs/homework.md, 'Your own templates')"
    )


class _Finder(HTMLParser):
    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in RUNS:
            _refuse(self.name, line, f"an element <{tag}>")
        names = {k.lower() for k, _ in attrs}
        if tag == "meta" and "http-equiv" in names:
            _refuse(self.name, line, "an element <meta http-equiv>")
        for key, value in attrs:
            key, value = key.lower(), value or ""
            if key.startswith("on"):
                _refuse(self.name, line, f"an event handler attribute {key}=")
            loads = key in LOADS or (tag == "link" and key == "href")
            if _runs(value) or (loads and _remote(value)):
                _refuse(self.name, line, f"{key}={value[:40]!r}, an address that runs or loads")
            if key == "attributename" and value.lower().startswith(("on", "href", "xlink")):
                _refuse(self.name, line, f"an animation of {value[:20]!r}")
            if key == "style":
                _check_css(self.name, value, line)
        self.in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            _check_css(self.name, data, self.getpos()[0])

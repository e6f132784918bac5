"""The HTML of the Markdown blocks a feedback page is made of, without parsing them
where they are plain: the same HTML markdown-it gives, at a fraction of the cost.

A class's feedback pages are thousands of small blocks nnquiz writes itself (a heading,
the score, the table of questions, a list of what was typed and what was right), and
parsing each with markdown-it (pure Python, character by character) costs more than
making the page. :func:`plain_html` writes the HTML of the forms those blocks take
directly: ATX headings, one-line paragraphs (whole in ``**…**`` or ``*…*`` or not), tight
``- `` lists and simple tables, whose text holds only code spans, backslash escapes and
the entities ``md_text`` writes. Anything else (emphasis inside a line, a name that
looks like a list, a raw ``<``, an unknown entity) gives None, and the block goes to
markdown-it as before. tests/homework/test_markup.py checks, on hostile text, that every
block this writes is exactly what markdown-it makes of it.
"""

from __future__ import annotations

import re

# Characters that make text more than text, outside a code span: emphasis, raw HTML
# (off, but refused here rather than reasoned about), entities other than md_text's,
# line structure. A lone ``_`` between letters or digits is inert (it neither opens
# nor closes emphasis) and is allowed; ``[``, ``]`` and ``!`` are text (links and
# images are off in feedback's markdown-it).
_SPECIAL = re.compile(r"[*<>\x00-\x1f\x7f]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_AMP = re.compile(r"&(?!(?:lt|gt|amp|quot);)(?=[#A-Za-z])")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"'}
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot);")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # all but the line feed
_TICKS = re.compile(r"`+")
_HEADING = re.compile(r"(#{1,6}) (.*)")
# how a line may not start to be a paragraph (or a list item's): a heading, a list, or
# anything else a block could start with (most of those rules are off; refused alike)
_NOT_TEXT = re.compile(r"[#\-+*>|=~`<\s]|\d{1,9}[.)]")


def plain_html(text: str) -> str | None:
    """markdown-it's HTML of ``text`` (blocks parted by blank lines), or None when it
    is not made of the plain forms this module writes."""
    if _CONTROL.search(text):
        return None
    blocks = text.split("\n\n")
    out = []
    for k, block in enumerate(blocks):
        if k and block.startswith("- ") and blocks[k - 1].rsplit("\n", 1)[-1].startswith("- "):
            return None  # a list after a list: markdown-it joins them
        html = _block(block)
        if html is None:
            return None
        out.append(html)
    return "".join(out)


def _block(text: str) -> str | None:
    if not text or text != text.strip():
        return None
    first = text[0]
    if first == "#":
        return _heading(text)
    if first == "|":
        return _table(text.split("\n"))
    if text.startswith("- "):
        return _bullets(text.split("\n"))
    if "\n" in text or (first != "*" and _NOT_TEXT.match(text)):
        return None
    inline = _wrapped(text)
    return None if inline is None else f"<p>{inline}</p>\n"


def _heading(text: str) -> str | None:
    m = _HEADING.fullmatch(text)
    if m is None or text.endswith("#") or m.group(2) != m.group(2).strip():
        return None
    inline = _inline(m.group(2))
    level = len(m.group(1))
    return None if inline is None else f"<h{level}>{inline}</h{level}>\n"


def _bullets(lines: list[str]) -> str | None:
    items = []
    for line in lines:
        item = line[2:]
        if not line.startswith("- ") or not item or _NOT_TEXT.match(item) or item != item.rstrip():
            return None
        inline = _inline(item)
        if inline is None:
            return None
        items.append(f"<li>{inline}</li>\n")
    return "<ul>\n" + "".join(items) + "</ul>\n"


def _table(lines: list[str]) -> str | None:
    """A table of plain cells (no code, no escaped ``|``), every row as wide as its head."""
    if len(lines) < 3 or any("`" in line or "\\|" in line for line in lines):
        return None
    rows = [_cells(line) for line in lines]
    head, rule, body = rows[0], rows[1], rows[2:]
    if head is None or rule is None or any(c != "---" for c in rule) or len(rule) != len(head):
        return None
    out = ["<table>\n<thead>\n", _row(head, "th"), "</thead>\n<tbody>\n"]
    for row in body:
        if row is None or len(row) != len(head):
            return None
        out.append(_row(row, "td"))
    out.append("</tbody>\n</table>\n")
    return None if any(piece is None for piece in out) else "".join(out)  # type: ignore[arg-type]


def _cells(line: str) -> list[str] | None:
    if len(line) < 2 or not line.startswith("|") or not line.endswith("|"):
        return None
    return [cell.strip() for cell in line[1:-1].split("|")]


def _row(cells: list[str], tag: str) -> str | None:
    out = ["<tr>\n"]
    for cell in cells:
        inline = _inline(cell)
        if inline is None:
            return None
        out.append(f"<{tag}>{inline}</{tag}>\n")
    out.append("</tr>\n")
    return "".join(out)


def _wrapped(text: str) -> str | None:
    """A paragraph's inline HTML: the whole in ``**…**`` (strong) or ``*…*`` (em), or
    plain; emphasis anywhere else is left to markdown-it."""
    for mark, tag in (("**", "strong"), ("*", "em")):
        n = len(mark)
        if text.startswith(mark) and text.endswith(mark) and len(text) > 2 * n:
            inner = text[n:-n]
            if inner.startswith("*") or inner != inner.strip() or inner.endswith("\\"):
                return None
            html = _inline(inner)
            return None if html is None else f"<{tag}>{html}</{tag}>"
    return _inline(text)


def _inline(text: str) -> str | None:
    """Inline HTML of text made of plain runs and code spans (None for anything else)."""
    out = []
    pos = 0
    ticks = list(_TICKS.finditer(text))
    k = 0
    while k < len(ticks):
        size = len(ticks[k].group())
        close = next((j for j in range(k + 1, len(ticks)) if len(ticks[j].group()) == size), None)
        plain = _text(text[pos : ticks[k].start()], last=False)
        if close is None or plain is None:
            return None  # a lone run of backticks, or one escaped: left to markdown-it
        out += [plain, _code(text[ticks[k].end() : ticks[close].start()])]
        pos = ticks[close].end()
        k = close + 1
    plain = _text(text[pos:], last=True)
    return None if plain is None else "".join(out) + plain


def _text(text: str, last: bool) -> str | None:
    """A run outside code spans: escapes and md_text's entities read, then escaped.
    ``last``: nothing follows it (else a backtick does, which an odd run of backslashes
    before it would escape)."""
    if _SPECIAL.search(text) or _AMP.search(text):
        return None
    if "\\" in text:
        odd = (len(text) - len(text.rstrip("\\"))) % 2
        if odd and not last:
            return None
        text = _ESCAPE.sub(lambda m: "\0" if m.group(1) == "&" else m.group(1), text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: _ENTITIES[m.group()], text)
    return _escape(text.replace("\0", "&"))


def _escape(text: str) -> str:
    """What markdown-it escapes in text: ``&``, ``<``, ``>`` and ``"`` (not ``'``); its
    own function is not imported, since importing markdown-it costs 40 ms and a page
    of plain blocks needs none of it."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _code(content: str) -> str:
    """A code span's HTML: one space stripped from each side when both have one."""
    if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
        content = content[1:-1]
    return f"<code>{_escape(content)}</code>"

"""Card sides rendered as Anki renders them, in headless Chromium, and measured.

Anki's reviewer (desktop and AnkiDroid) puts a card side's HTML (``card.question()`` or
``card.answer()`` from the real ``anki`` package: the note type's CSS in a ``<style>``,
then the filled template) into an element of class ``card``, adds ``nightMode`` and
``night_mode`` to it and to the body in night mode, and typesets it with MathJax 3
(``tex-chtml-full.js`` with Anki's configuration: ``ts/mathjax/index.ts``). This module
does the same with ``tests/mathjax``'s ``mathjax-full`` in one browser session for any
number of sides, and measures each side at a given width after its fonts have loaded:

- ``wide``: elements wider than the card (sticking out of its left or right edge), with
  every ``<details>`` opened (what a student sees after one tap must fit too);
- ``scrolls``: boxes whose content is wider or taller than the box (a display that
  scrolls hides its end on a phone, whose scroll bars are invisible);
- ``errors``: MathJax errors (an error node, an undefined macro shown in red, or a
  formula left as TeX because MathJax could not find where it ends);
- ``height``: the card's height with ``<details>`` closed, and ``after_answer``: the
  height of what follows ``hr#answer`` (Anki scrolls the back to it).

Chromium is driven by selenium through Debian's chromedriver.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

MATHJAX = Path(__file__).resolve().parent.parent / "mathjax" / "node_modules" / "mathjax-full"

# Anki's MathJax configuration (ts/mathjax/index.ts), with the path to our copy.
CONFIG = """
window.MathJax = {
  tex: {
    displayMath: [["\\\\[", "\\\\]"]],
    processEscapes: false,
    processEnvironments: false,
    processRefs: false,
    packages: ["base", "action", "ams", "autoload", "configmacros", "mathtools", "mhchem",
               "newcommand", "noundefined", "require"],
  },
  loader: {
    load: ["[tex]/action", "[tex]/ams", "[tex]/autoload", "[tex]/configmacros",
           "[tex]/mathtools", "[tex]/mhchem", "[tex]/newcommand", "[tex]/noundefined",
           "[tex]/require"],
    paths: {mathjax: %(es5)s},
  },
  startup: {typeset: false},
};
"""

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
/* what the reviewer's own style sheet (reviewer.scss) does to a card; the card's body
   margin is the note type's (.card) */
body { margin: 0; overflow-wrap: break-word; }
img { max-width: 100%%; max-height: 95vh; }
li { text-align: start; }
</style>
<script>%(config)s</script>
<script src="%(script)s"></script>
</head><body><div id="qa" class="card card1"></div></body></html>
"""

# Runs in the page: show one side, typeset it, wait for fonts, measure in each mode.
MEASURE = r"""
const [html, modes, done] = arguments;
const qa = document.getElementById("qa");
const night = ["nightMode", "night_mode"];

function describe(el) {
  const math = el.closest("mjx-container");
  let tex = null;
  if (math) {
    for (const item of MathJax.startup.document.getMathItemsWithin(qa)) {
      if (item.typesetRoot === math) { tex = item.math; break; }
    }
  }
  const cls = typeof el.className === "string" && el.className ? "." + el.className : "";
  const text = (tex || el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 120);
  return el.tagName.toLowerCase() + cls.replace(/ /g, ".") + ": " + text;
}

function outermost(els) {
  return els.filter(e => !els.some(o => o !== e && o.contains(e)));
}

function measure() {
  const details = [...qa.querySelectorAll("details")];
  details.forEach(d => d.open = false);
  const card = qa.getBoundingClientRect();
  const hr = qa.querySelector("hr#answer");
  const height = card.height;
  const afterAnswer = hr ? card.bottom - hr.getBoundingClientRect().bottom : null;
  details.forEach(d => d.open = true);
  const box = qa.getBoundingClientRect();
  // MathJax's hidden copy for screen readers (clipped on purpose) is not shown
  const all = [...qa.querySelectorAll("*")].filter(
    e => e.tagName !== "STYLE" && !e.closest("mjx-assistive-mml"));
  const wide = outermost(all.filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.right > box.right + 0.5 || r.left < box.left - 0.5);
  }));
  // MathJax clips the pieces of a stretched bracket (mjx-ext) itself
  const scrolls = outermost(all.filter(e => {
    if (e.tagName.startsWith("MJX-") && e.tagName !== "MJX-CONTAINER") return false;
    const s = getComputedStyle(e);
    const x = s.overflowX !== "visible" && e.scrollWidth > e.clientWidth + 1;
    const y = s.overflowY !== "visible" && e.scrollHeight > e.clientHeight + 1;
    return x || y;
  }));
  const page = document.documentElement.scrollWidth > window.innerWidth;
  details.forEach(d => d.open = false);
  return {
    height: Math.round(height),
    after_answer: afterAnswer === null ? null : Math.round(afterAnswer),
    wide: wide.map(describe).concat(page ? ["the page scrolls sideways"] : []),
    scrolls: scrolls.map(describe),
  };
}

function mathErrors() {
  const found = [];
  for (const item of MathJax.startup.document.getMathItemsWithin(qa)) {
    let bad = null;
    item.root.walkTree(node => {
      if (node.isKind("merror")) bad = bad || "error";
      if (node.isKind("mtext") && node.attributes.get("mathcolor") === "red") {
        bad = bad || "undefined";
      }
    });
    if (bad) found.push(bad + ": " + item.math);
  }
  // a formula MathJax did not find (an unbalanced brace hides its closing delimiter)
  const walker = document.createTreeWalker(qa, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.nodeValue;
    const inside = walker.currentNode.parentElement.closest("mjx-container, style, script");
    if (!inside && /\\[()\[\]]/.test(text)) found.push("left as TeX: " + text.trim().slice(0, 120));
  }
  return found;
}

(async () => {
  try {
    await MathJax.startup.promise;
    MathJax.typesetClear([qa]);
    qa.innerHTML = html;
    await MathJax.typesetPromise([qa]);
    await document.fonts.ready;
    const errors = mathErrors();
    const out = {};
    for (const mode of modes) {
      for (const el of [document.body, qa]) {
        night.forEach(c => el.classList.toggle(c, mode === "night"));
      }
      out[mode] = measure();
    }
    done({errors, modes: out});
  } catch (e) {
    done({failure: String(e && e.stack || e)});
  }
})();
"""

MODES = ("light", "night")
PHONE, DESKTOP = 390, 800


@dataclass(frozen=True)
class Side:
    """One rendered card side: which card, which side, at what width, in what mode."""

    name: str  # the note's Id (a problem id or a concept card id)
    side: str  # "front" or "back"
    width: int
    mode: str
    height: int
    after_answer: int | None
    wide: tuple[str, ...]
    scrolls: tuple[str, ...]
    errors: tuple[str, ...]


def chromedriver() -> str | None:
    return shutil.which("chromedriver")


def browser_missing() -> str | None:
    """Why cards cannot be rendered here, or None."""
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        return "chromium is not installed (apt-get install chromium)"
    if chromedriver() is None:
        return "chromedriver is not installed (apt-get install chromium-driver)"
    if not (MATHJAX / "es5" / "tex-chtml-full.js").exists():
        return "MathJax is not installed: run npm ci --prefix tests/mathjax"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


class CardView:
    """One headless Chromium with Anki's reviewer page; :meth:`render` measures sides."""

    def __init__(self):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self._dir = Path(tempfile.mkdtemp(prefix="nnquiz-cards-"))
        opts = webdriver.ChromeOptions()
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        opts.binary_location = chromium
        for flag in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            f"--user-data-dir={self._dir / 'profile'}",
        ):
            opts.add_argument(flag)
        self.driver = webdriver.Chrome(options=opts, service=Service(chromedriver()))
        self.driver.set_script_timeout(120)
        page = self._dir / "reviewer.html"
        es5 = MATHJAX / "es5"
        page.write_text(
            PAGE
            % {
                "config": CONFIG % {"es5": json.dumps(es5.as_uri())},
                "script": (es5 / "tex-chtml-full.js").as_uri(),
            },
            encoding="utf-8",
        )
        self.driver.get(page.as_uri())
        self.width = 0

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> CardView:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def resize(self, width: int, height: int = 844) -> None:
        """The viewport a phone (390) or a desktop window (800) gives the card."""
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        self.width = width

    def render(self, name: str, side: str, html: str, modes=MODES) -> list[Side]:
        """Show ``html`` (a side as ``card.question()``/``answer()`` gives it), measured in
        each of ``modes`` at the current width."""
        got = self.driver.execute_async_script(MEASURE, html, list(modes))
        if "failure" in got:
            raise RuntimeError(f"{name} {side}: {got['failure']}")
        return [
            Side(
                name,
                side,
                self.width,
                mode,
                m["height"],
                m["after_answer"],
                tuple(m["wide"]),
                tuple(m["scrolls"]),
                tuple(got["errors"]),
            )
            for mode, m in got["modes"].items()
        ]

    def screenshot(self, path: Path) -> None:
        """The whole card as a PNG (the viewport grown to the card's height)."""
        h = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.resize(self.width, max(int(h), 100))
        self.driver.save_screenshot(str(path))
        self.resize(self.width)


def deck_sides(apkg: Path, workdir: Path) -> Iterator[tuple[str, str, str, str]]:
    """``(id, kind, side, html)`` of every card of ``apkg``, imported into a new Anki
    collection: ``kind`` is ``concept`` or ``problem`` (with its difficulty:
    ``problem:easy``), ``side`` ``front`` or ``back``."""
    from anki.collection import Collection

    from .ankitools import import_apkg

    col = Collection(str(workdir / f"view-{os.getpid()}-{len(list(workdir.iterdir()))}.anki2"))
    try:
        import_apkg(col, apkg)
        for cid in sorted(col.find_cards("")):
            card = col.get_card(cid)
            note = card.note()
            kind = f"problem:{note['Difficulty']}" if "Difficulty" in note else "concept"
            if note.note_type()["type"] == 1:
                kind = "cloze"
            name = note["Id"] if "Id" in note else str(note.id)
            if kind == "cloze":
                name = f"{name}:c{card.ord + 1}"
            yield name, kind, "front", card.question()
            yield name, kind, "back", card.answer()
    finally:
        col.close()


@dataclass(frozen=True)
class Limits:
    """What a side may not do (heights at 390 px only)."""

    back: int = 800  # what follows hr#answer on a problem back
    front: int = 800  # an easy or medium problem front


def faults(s: Side, kind: str, limits: Limits = Limits(), heights: bool = True) -> list[str]:
    """What is wrong with one measured side, in words (empty when it is fine); with
    ``heights`` False, only what is cut off, scrolls or fails to typeset."""
    where = f"{s.name} {s.side} at {s.width}px {s.mode}"
    out = [f"{where}: wider than the card: {w}" for w in s.wide]
    out += [f"{where}: scrolls: {w}" for w in s.scrolls]
    out += [f"{where}: MathJax {e}" for e in s.errors]
    if heights and s.width == PHONE and kind.startswith("problem"):
        if s.side == "back" and s.after_answer is not None and s.after_answer > limits.back:
            out.append(f"{where}: {s.after_answer}px after hr#answer (limit {limits.back})")
        easy = kind in ("problem:easy", "problem:medium")
        if s.side == "front" and easy and s.height > limits.front:
            out.append(f"{where}: front {s.height}px tall (limit {limits.front})")
    return out


def render_all(
    sides: Iterable[tuple[str, str, str, str]], widths=(PHONE, DESKTOP), modes=MODES
) -> list[tuple[str, Side]]:
    """Every side at every width and mode, in one browser: ``(kind, measured side)``."""
    sides = list(sides)
    out: list[tuple[str, Side]] = []
    with CardView() as view:
        for width in widths:
            view.resize(width)
            for name, kind, side, html in sides:
                out += [(kind, m) for m in view.render(name, side, html, modes)]
    return out

"""The practice page in a real browser: headless Chromium driven through Debian's
chromedriver (selenium), against ``nnquiz serve`` run as a subprocess on a temporary
database. A concept card revealed and rated with keys, a problem answered right after
a ``<script>`` that shows as text, a card rated Again, a problem answered wrong (its
worked solution open, in MathML), undo, a flag; the problems' figures where they go;
then ``nnquiz stats`` has exactly those reviews, and the page asked nothing of any other
server.

Set NNQUIZ_SHOTS=DIR to keep screenshots of each step at 390 and 1,200 pixels, light
and dark. CI installs Chromium and chromedriver; there (CI=true) a missing one fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from nnquiz.problems import registry

from ..conftest import run_cli
from ..practice import student
from .server import NOW, start

TEX = re.compile(r"\\(frac|begin|partial|sigma|mathcal|operatorname)|\\\(|\\\[")


def tools() -> tuple[str, str]:
    found = shutil.which("chromium"), shutil.which("chromedriver")
    if all(found):
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("chromium or chromedriver is missing (CI installs them in .ci/run)")
    pytest.skip("chromium and chromedriver are needed (apt-get install chromium-driver)")


@pytest.fixture
def browser(tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = tools()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1200,900",
                 f"--user-data-dir={tmp_path / 'profile'}"):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


class Page:
    """The browser on the practice page: waits, keys and what is shown."""

    def __init__(self, driver, shots: Path | None):
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        self.d, self.By, self.shots = driver, By, shots
        self.wait = WebDriverWait(driver, 30)

    def css(self, selector: str):
        return self.d.find_elements(self.By.CSS_SELECTOR, selector)

    def one(self, selector: str):
        return self.wait.until(lambda d: (self.css(selector) or [None])[0])

    def heading(self) -> str:
        return self.one("main h1").text

    def item_id(self) -> str:
        return self.one("main h1 .id").text.strip("[]")

    def keys(self, *keys: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.d).send_keys(*keys).perform()

    def after(self, act, old_heading: str | None = None) -> None:
        """Do ``act`` (which posts a form) and wait for the next page."""
        body = self.one("body")
        act()
        self.wait.until(lambda d: _stale(body))
        self.one("main")

    def text(self) -> str:
        return self.one("body").text

    def shot(self, name: str) -> None:
        if self.shots is None:
            return
        for width in (390, 1200):
            for scheme in ("light", "dark"):
                self.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {
                    "features": [{"name": "prefers-color-scheme", "value": scheme}]})  # fmt: skip
                metrics = {"width": width, "height": 900, "deviceScaleFactor": 1,
                           "mobile": width < 500}  # fmt: skip
                self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
                high = self.d.execute_script("return document.documentElement.scrollHeight")
                metrics["height"] = min(int(high), 4000)
                self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
                self.d.save_screenshot(str(self.shots / f"{name}-{width}-{scheme}.png"))
        self.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        self.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def _stale(element) -> bool:
    """True once ``element``'s page is gone. During the navigation chromedriver may say
    so as an inspector error ("Node with given id does not belong to the document")
    instead of a stale reference: that is the same news."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as e:
        if "does not belong to the document" in (e.msg or ""):
            return True
        raise
    return False


def answer(page: Page, right: bool) -> str:
    """Type every part's answer (right, or far off) and press Enter; the problem's id."""
    from selenium.webdriver.common.keys import Keys

    pid = page.item_id()
    problem = registry.show(pid)
    _figures(page, problem, "question")
    boxes = page.css("input.answer")
    assert len(boxes) == len(problem.parts)
    for box, part in zip(boxes, problem.parts):
        box.send_keys((student.right if right else student.wrong)(part.answer))
    label = problem.parts[-1].label
    page.wait.until(lambda d: page.one(f"#r-{label}").text.startswith("read as "))
    page.after(lambda: boxes[-1].send_keys(Keys.ENTER))
    return pid


def rate_card(page: Page, key: str) -> str:
    assert "Concept card" in page.heading()
    card = page.item_id()
    assert not page.one("#reveal").get_attribute("open")
    page.keys(" ")  # Space shows the answer
    page.wait.until(lambda d: page.one("#reveal").get_attribute("open") is not None)
    buttons = [b.text.split() for b in page.css("button.rate")]
    assert [b[1] for b in buttons] == ["again", "hard", "good", "easy"]
    assert all(len(b) == 3 for b in buttons)  # each with its interval: 1m, 6m, 10m, 6d
    page.shot("card-back")
    page.after(lambda: page.keys(key))
    return card


def test_practice_in_the_browser_is_practice(tmp_path, browser):
    shots = Path(os.environ["NNQUIZ_SHOTS"]) if os.environ.get("NNQUIZ_SHOTS") else None
    db = tmp_path / "p.db"
    served = start(db, "--new", "4")
    try:
        _session(Page(browser, shots), served, browser)
    finally:
        code = served.stop()
    assert code == 0 and served.err == ""
    assert served.rest[-2].startswith("Session: 3 reviewed, 2 correct")
    stats = json.loads(run_cli("stats", "--db", str(db), "--format", "json",
                               env={"NNQUIZ_NOW": NOW}).stdout)  # fmt: skip
    assert (stats["reviews"], stats["correct"]) == (3, 2)
    assert (stats["concepts"]["reviews"], stats["concepts"]["correct"]) == (2, 1)
    assert [f["note"] for f in stats["flags"]] == ["the sign in (a)?"]


def _session(page: Page, served, driver) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.keys import Keys

    driver.get(served.url)
    assert driver.current_url == served.base + "/"  # the token is now a cookie
    page.shot("card-front")
    rate_card(page, "3")

    page.shot("problem")
    box = page.one("input.answer")
    label = box.get_attribute("data-part")
    box.send_keys("<script>alert(1)</script>")
    page.wait.until(lambda d: page.one(f"#r-{label}").text.startswith("Cannot read that"))
    page.after(lambda: page.one("#answers button.primary").click())  # again, at no cost
    assert "<script>alert(1)</script>" in page.one("input.answer").get_attribute("value")
    with pytest.raises(NoAlertPresentException):
        _ = driver.switch_to.alert.text  # no script ran
    for b in page.css("input.answer"):
        b.clear()
    first = answer(page, right=True)
    assert all(v.text.startswith("✓ correct") for v in page.css(".verdict .mark"))
    assert f"[{first}]" in page.heading()
    _math_only(page)
    page.shot("right")
    page.after(lambda: page.keys(Keys.ENTER))  # Next

    rate_card(page, "1")
    wrong = answer(page, right=False)
    assert page.css("details.solution[open]") and "Again · back in 1 min" in page.text()
    _figures(page, registry.show(wrong), "solution")
    _math_only(page)
    page.shot("wrong")

    page.after(lambda: page.keys("u"))  # undo: its solution was seen, so new numbers
    assert "Undone: the review of" in page.text() and "comes back with new numbers" in page.text()
    assert page.item_id() != wrong and page.css("input.answer")
    page.keys(Keys.ESCAPE, "f")
    note = page.one("#note")
    page.wait.until(lambda d: note.is_displayed())
    page.after(lambda: note.send_keys("the sign in (a)?", Keys.ENTER))
    assert "Flagged " in page.text()
    page.shot("flagged")

    driver.get(served.base + "/stats")
    assert page.css("svg.heatmap rect.h4") and page.css("svg.bars rect.bar")
    page.shot("stats")
    _only_the_server(driver, served.base)


def _figures(page: Page, problem, where: str) -> None:
    """The problem's figures of the question (under its statement) or of the solution
    (in the worked solution) are on the page, each an inline SVG described by its alt."""
    drawn = [f for f in problem.to_dict().get("figures", ()) if f["where"] == where]
    box = "article > figure.figure" if where == "question" else "details.solution figure"
    shown = page.css(f"{box} .svg")
    assert [e.get_attribute("aria-label") for e in shown] == [f["alt"] for f in drawn]
    assert all(e.find_elements(page.By.TAG_NAME, "svg") for e in shown)
    for scheme in ("light", "dark"):  # a label's halo is the panel behind it, not white
        page.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": scheme}]})  # fmt: skip
        for e in shown:
            halo, ground = page.d.execute_script(HALO, e)
            assert halo is None or halo == ground, (scheme, halo, ground)
    page.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


# the stroke of a figure's first haloed label, and the background the figure sits on
HALO = """
const t = arguments[0].querySelector("[style*='nnq-bg'] text, text[style*='nnq-bg']");
let e = arguments[0], bg = "rgba(0, 0, 0, 0)";
while (e && (bg = getComputedStyle(e).backgroundColor) === "rgba(0, 0, 0, 0)") e = e.parentElement;
return [t ? getComputedStyle(t).stroke : null, bg];
"""


def _math_only(page: Page) -> None:
    """The math is MathML, laid out by the browser; no TeX is left on the page."""
    assert page.css("main math")
    assert not TEX.search(page.text()), TEX.search(page.text())


def _only_the_server(driver, base: str) -> None:
    """Every request of the network (http, https, ws) went to the server; the page's
    own requests (those of a document of the server) are the server's or data:."""
    network, pages = set(), set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if re.match(r"(https?|wss?|ftp):", url):
                network.add(url)
            if message["params"].get("documentURL", "").startswith(base):
                pages.add(url)
    assert network and all(u.startswith(base + "/") for u in network), network
    assert pages and all(u.startswith((base + "/", "data:")) for u in pages), pages
    assert any(u.endswith("/static/math.otf") for u in pages)  # the math font, our own


def test_enter_goes_on_from_anywhere_and_the_wait_page_can_undo(tmp_path, browser):
    """Enter outside a control presses the page's main button (show the answer, good,
    next), as Enter does in the terminal, and Space on a card's back is good; the wait
    page has undo (and the other tools); the page asks for no favicon (no 404 in its
    console)."""
    from selenium.webdriver.common.keys import Keys

    served = start(tmp_path / "p.db", "--new", "1")
    page = Page(browser, None)
    try:
        browser.get(served.url)
        assert "Concept card" in page.heading()
        page.one("main h1").click()  # the focus leaves the button
        page.keys(Keys.ENTER)
        page.wait.until(lambda d: page.one("#reveal").get_attribute("open") is not None)
        page.one("main h1").click()
        page.after(lambda: page.keys(" "))  # Space on the back: good, as in Anki
        assert "Good · " in page.text()
    finally:
        served.stop()
    served = start(tmp_path / "q.db", "--new", "1", "--family", "neuron")
    try:
        browser.get(served.url)
        page.after(lambda: page.keys(Keys.ESCAPE, "k"))  # skip: a miss, back in 1 min
        page.one("details.solution summary").click()  # folded; the focus is on it
        page.one("main h1").click()
        page.after(lambda: page.keys(Keys.ENTER))  # Next, though Next lost the focus
        assert "Only cards in their learning steps are left" in page.text()
        assert page.one("#waiting").get_attribute("data-refresh")
        page.after(lambda: page.keys("u"))
        assert "Undone: the review of neuron" in page.text() and page.css("input.answer")
        asked = [u for u in _requests(browser) if u.endswith("/favicon.ico")]
        assert not asked, asked
    finally:
        served.stop()


def _requests(driver) -> list[str]:
    out = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            out.append(message["params"]["request"]["url"])
    return out

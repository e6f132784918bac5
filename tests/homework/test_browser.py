"""A sheet opened in a real browser (headless Chromium, no network): the MathML is laid
out as math, the math font beside the sheet loads, and the class file prints one
student per page.

CI installs Debian's ``chromium``; there (CI=true) a missing browser fails the test
rather than skipping it.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import run_cli
from .conftest import homework, write

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
]

# Measures the page after its fonts are ready and writes what it found into the page.
PROBE = r"""<script>
function probe() {
  const box = e => e.getBoundingClientRect();
  const maths = [...document.querySelectorAll("math")];
  const fracs = [...document.querySelectorAll("mfrac")];
  const sups = [...document.querySelectorAll("msup")];
  const rows = [...document.querySelectorAll("mtable")].filter(t => t.children.length > 1);
  const found = {
    math: maths.length,
    display: [...new Set(maths.map(m => getComputedStyle(m).display))].sort(),
    fracs: fracs.length,
    stacked: fracs.filter(f => box(f.children[0]).bottom <= box(f.children[1]).top + 1
                          && box(f.children[0]).height > 0).length,
    sups: sups.length,
    raised: sups.filter(s => box(s.children[1]).bottom < box(s.children[0]).bottom - 1).length,
    tables: rows.length,
    tablesStacked: rows.filter(t => box(t.children[1]).top >= box(t.children[0]).bottom - 1)
                       .length,
    brackets: rows.filter(t => {
      const open = t.previousElementSibling;
      return open && open.textContent === "[" && box(open).height >= box(t).height - 2;
    }).length,
    font: [...document.fonts].filter(f => f.family.replace(/"/g, "") === "nnquiz math")
                             .map(f => f.status),
    latexLeft: /\\(frac|begin|partial)|\\\(|\\\[/.test(document.body.innerText),
  };
  document.getElementById("nnquiz-probe").textContent = JSON.stringify(found);
}
document.fonts.ready.then(probe);
</script><pre id="nnquiz-probe"></pre>"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed (CI installs it in .ci/run)")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def browse(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )


SMALL = """title = "Quiz"
secret = "browser"

[[questions]]
family = "softmax"
difficulty = "easy"
"""


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    assignment = SMALL + '\n[[questions]]\nfamily = "backprop"\n\n[[questions]]\nfamily = "sgd"\n'
    write(folder, assignment, "student_id,name\ns1,Ada\n")
    r = homework(folder, folder / "out")
    assert r.returncode == 0, r.stderr
    return folder / "out"


def test_the_math_is_laid_out_as_math(sheets, tmp_path):
    page = sheets / "s1.html"
    probe = sheets / "probe.html"  # beside the sheet, so the font's relative URL works
    probe.write_text(page.read_text("utf-8").replace("</body>", PROBE + "</body>"), "utf-8")
    r = browse(probe, tmp_path / "profile", "--virtual-time-budget=10000", "--dump-dom")
    m = re.search(r'<pre id="nnquiz-probe">(.*?)</pre>', r.stdout)
    assert m and m.group(1), r.stderr[-2000:]
    found = json.loads(m.group(1).replace("&quot;", '"'))
    assert found["math"] >= 10
    assert found["display"] == ["block math", "math"]  # the browser treats them as math
    assert found["fracs"] >= 3 and found["stacked"] == found["fracs"]
    assert found["sups"] >= 5 and found["raised"] == found["sups"]
    assert found["tables"] >= 3 and found["tablesStacked"] == found["tables"]
    assert found["brackets"] >= 3  # matrix brackets stretch (the math font is used)
    assert found["font"] == ["loaded"]  # the font file beside the sheet
    assert found["latexLeft"] is False


def pages(pdf: Path) -> int:
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", data))


def test_the_class_file_prints_one_student_per_page(tmp_path):
    roster = "student_id,name\n" + "".join(f"s{k},Student {k}\n" for k in range(3))
    write(tmp_path, SMALL, roster)
    r = homework(tmp_path, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    for name, expected in (("class.html", 3), ("s1.html", 1)):
        pdf = tmp_path / f"{name}.pdf"
        r = browse(
            tmp_path / "out" / name,
            tmp_path / f"profile-{name}",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            "--virtual-time-budget=10000",
        )
        assert pdf.exists(), r.stderr[-2000:]
        assert pages(pdf) == expected, name


# Opens each page in a 390 px frame (headless Chromium's window is at least 500 px wide)
# and reports whether the page scrolls sideways, and any display equation whose start is
# cut off on the left.
NARROW = r"""<script>
function probe() {
  const root = document.documentElement;
  const cut = [...document.querySelectorAll(".display")].filter(d => {
    const left = Math.min(...[...d.querySelectorAll("*")].map(e => e.getBoundingClientRect().left));
    return left < d.getBoundingClientRect().left - 0.5;
  }).length;
  const page = location.pathname.split("/").pop();
  parent.postMessage(JSON.stringify([page, root.scrollWidth, root.clientWidth, cut]), "*");
}
document.fonts.ready.then(() => setTimeout(probe, 50));
</script>"""


def narrow(folder: Path, names: list[str], profile: Path, *flags: str) -> list[list]:
    for name in names:
        text = (folder / name).read_text("utf-8")
        (folder / f"narrow-{name}").write_text(text.replace("</body>", NARROW + "</body>"))
    frames = "".join(
        f'<iframe src="narrow-{n}" style="width:390px;height:300px;border:0"></iframe>'
        for n in names
    )
    listen = '<pre id="out"></pre><script>addEventListener("message", e => '
    listen += 'document.getElementById("out").textContent += e.data + "\\n")</script>'
    (folder / "narrow.html").write_text(f"<!DOCTYPE html><body>{frames}{listen}</body>")
    r = browse(folder / "narrow.html", profile, *flags, "--virtual-time-budget=20000", "--dump-dom")
    m = re.search(r'<pre id="out">(.*?)</pre>', r.stdout, re.S)
    assert m, r.stderr[-2000:]
    return [json.loads(line.replace("&quot;", '"')) for line in m.group(1).splitlines()]


def test_feedback_pages_never_scroll_sideways_on_a_phone(tmp_path):
    """Worked solutions with wide matrices and an answer typed without a space, at 390 px,
    light and dark: the page fits its width; a wide equation scrolls on its own, from
    its left end."""
    assignment = SMALL + '\n[[questions]]\nfamily = "backprop"\n\n[[questions]]\nfamily = "sgd"\n'
    write(tmp_path, assignment, "student_id,name\ns1,Ada\ns2,Alan\n")
    assert homework(tmp_path, tmp_path / "out").returncode == 0
    rows = ["student_id,question,answer", "s1,1," + "9" * 150, "s2,1,[1, 2]"]
    rows += [f"s{k},{q}{p},[1, 2]" for k in (1, 2) for q in (2, 3) for p in "abc"]
    (tmp_path / "subs.csv").write_text("\n".join(rows) + "\n")
    r = run_cli(
        "grade",
        *(str(tmp_path / f) for f in ("hw.toml", "subs.csv")),
        *("--roster", str(tmp_path / "roster.csv"), "--out", str(tmp_path / "g.csv")),
        *("--feedback", str(tmp_path / "fb")),
    )
    assert r.returncode == 0, r.stderr
    names = ["s1.html", "s2.html"]
    for scheme in ("light", "dark"):
        flags = ("--force-dark-mode",) if scheme == "dark" else ()
        found = narrow(tmp_path / "fb", names, tmp_path / f"profile-{scheme}", *flags)
        assert sorted(f[0] for f in found) == [f"narrow-{n}" for n in names], found
        for page, scroll, width, cut in found:
            assert scroll <= width and cut == 0, (scheme, page, scroll, width, cut)


def test_sheets_and_key_never_scroll_sideways_on_a_phone(tmp_path):
    """At 390 px, the key's problem ids (``activation_derivative:v2:hard:…``, wider
    than a phone in monospace) and a student id that is a long email (in the header and
    in the sheet's how-to-submit example) break rather than widen the page."""
    sid = "maximilian.alexander.longname@students.university.example.edu"
    assignment = 'title = "Quiz"\nsecret = "narrow"\n\n[[questions]]\n'
    assignment += 'family = "activation_derivative"\ndifficulty = "hard"\n'
    write(tmp_path, assignment, f"student_id,name\n{sid},Max\ns2,Bo\n")
    assert homework(tmp_path, tmp_path / "out").returncode == 0
    names = ["key.html", "class.html", f"{sid}.html"]
    found = narrow(tmp_path / "out", names, tmp_path / "profile")
    assert sorted(f[0] for f in found) == sorted(f"narrow-{n}" for n in names), found
    for page, scroll, width, cut in found:
        assert scroll <= width and cut == 0, (page, scroll, width, cut)

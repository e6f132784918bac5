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

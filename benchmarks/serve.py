"""``nnquiz serve``: ready to answer, a page, a verdict, "read as".

1. **Ready**: from starting ``nnquiz serve --no-browser`` to its first page served
   (the address read from its first line, opened with the token, the redirect
   followed, the page with its first problem received), side by side with
   ``python -c "import numpy"`` (alternating runs; medians and their ratio). Target: 2 s.
2. On one running server, over one kept-alive connection on 127.0.0.1 (a round trip
   there costs a fraction of a millisecond, so these are the server's times):

   - **a page**: ``GET /`` with a problem on screen (statement, parts and MathML
     rendered each time). Target: 100 ms.
   - **a verdict**: the answer posted (``POST /answer``, graded, scheduled, saved in
     its own fsync'd transaction) and the page with the verdict (``GET /``, with the
     worked solution on a miss): what a browser does after Enter. Every other answer
     is wrong. Target: 100 ms.
   - **read as**: ``GET /read`` for an answer being typed. Target: 30 ms. The first
     of a session comes after a second of reading, as a person's does (the rest of
     nnquiz loads in the background meanwhile).
   - the next problem (``POST /next`` and ``GET /``) and the stats page, for scale.

    python benchmarks/serve.py [--runs N] [--answers N]
"""

from __future__ import annotations

import argparse
import http.client
import re
import selectors
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from _common import ROOT, compile_bytecode, env, load

sys.path.insert(0, str(ROOT))

NOW = "2026-03-02T09:00:00+00:00"
FAMILIES = ("perceptron", "neuron", "forward", "backprop", "softmax", "bce", "fgsm")
ITEM = re.compile(r'name="item" value="([^"]+)"')


def start(db: Path, *args: str) -> tuple[subprocess.Popen, str, float]:
    """(the server, its address, when it was started)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnquiz", "serve", "--no-browser", "--db", str(db), *args],
        env={**env(), "NNQUIZ_NOW": NOW, "TZ": "UTC"},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    if not sel.select(timeout=60):
        proc.kill()
        sys.exit("nnquiz serve printed nothing in 60 s")
    return proc, proc.stdout.readline().strip(), t0


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(2)
    proc.wait(timeout=30)
    proc.stdout.close()


class Client:
    """One kept-alive connection with the token's cookie, as the page's browser has."""

    def __init__(self, url: str):
        u = urlsplit(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        self.host = u.netloc
        status, headers, _ = self.send("GET", f"/?{u.query}")
        assert status == 303, status
        self.cookie = headers["set-cookie"].split(";")[0]

    def send(self, method: str, path: str, form: dict | None = None):
        headers = {"Host": self.host, "Origin": f"http://{self.host}"}
        if getattr(self, "cookie", None):
            headers["Cookie"] = self.cookie
        body = urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        reply = self.conn.getresponse()
        return reply.status, dict(reply.getheaders()), reply.read().decode("utf-8")

    def timed(self, method: str, path: str, form: dict | None = None):
        t0 = time.perf_counter()
        status, headers, body = self.send(method, path, form)
        return (time.perf_counter() - t0) * 1000, status, body


def ready(runs: int) -> None:
    compile_bytecode()
    serve_ms, numpy_ms = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import numpy"], check=True)
            numpy_ms.append((time.perf_counter() - t0) * 1000)
            db = Path(tmp) / f"r{i}.db"  # a new student: the first problem is a starter
            proc, url, t0 = start(db, *(a for f in FAMILIES[:2] for a in ("--family", f)))
            client = Client(url)
            status, _, page = client.send("GET", "/")
            serve_ms.append((time.perf_counter() - t0) * 1000)
            assert status == 200 and "<math" in page, status
            client.conn.close()
            stop(proc)
    m_np, m_s = statistics.median(numpy_ms), statistics.median(serve_ms)
    print(f"Ready to answer, median of {runs} interleaved runs ({load()}):")
    print(f'  python -c "import numpy"                {m_np:7.1f} ms')
    print(f"  nnquiz serve, start to first page       {m_s:7.1f} ms   ratio {m_s / m_np:.2f}"
          f"   max {max(serve_ms):.1f} ms   (target: 2000 ms)")  # fmt: skip


def answers(n: int) -> None:
    from nnquiz.problems import registry
    from tests.practice import student  # noqa: I001 (the tests' student types the answers)

    with tempfile.TemporaryDirectory() as tmp:
        args = [a for f in FAMILIES for a in ("--family", f)] + ["--new", str(3 * n)]
        proc, url, _ = start(Path(tmp) / "p.db", *args, "--max-reviews", "9999")
        client = Client(url)
        pages, verdicts, posts, reads, nexts, first = [], [], [], [], [], []
        for k in range(n):
            ms, status, page = client.timed("GET", "/")
            item = ITEM.search(page).group(1)
            while item.startswith("card:") or status != 200:  # only problems here
                sys.exit(f"expected a problem, got {item} ({status})")
            for _ in range(3):
                pages.append(client.timed("GET", "/")[0])
            problem = registry.show(item)
            write = student.right if k % 2 else student.wrong
            typed = {f"a-{p.label}": write(p.answer) for p in problem.parts}
            label = problem.parts[0].label
            text = typed[f"a-{label}"]
            if k == 0:  # the student reads the first problem: the rest of nnquiz loads
                time.sleep(1)
                first.append(client.timed("GET", f"/read?part={label}&text=1")[0])
            for cut in range(1, len(text) + 1, max(1, len(text) // 6)):
                reads.append(client.timed("GET", f"/read?part={label}&text={quote(text[:cut])}")[0])
            post, status, _ = client.timed("POST", "/answer", {"item": item, **typed})
            assert status == 303, status
            shown, status, page = client.timed("GET", "/")
            assert status == 200 and "verdict" in page, page[:300]
            posts.append(post)
            verdicts.append(post + shown)
            ms_next, _, _ = client.timed("POST", "/next", {})
            nexts.append(ms_next)  # the GET of the next problem is timed as a page above
        stats = [client.timed("GET", "/stats")[0] for _ in range(5)]
        client.conn.close()
        stop(proc)
    print(f"\nOn the server, {n} problems of {len(FAMILIES)} families ({load()}):")
    for name, xs, target in (
        ("a problem page (GET /)", pages, 100),
        ("a verdict (POST /answer + GET /)", verdicts, 100),
        ("  of which the answer (POST /answer)", posts, None),
        ('"read as" (GET /read)', reads, 30),
        ("  the session's first (after 1 s)", first, None),
        ("next (POST /next)", nexts, None),
        ("the stats page (GET /stats)", stats, None),
    ):
        goal = f"   (target: {target} ms)" if target else ""
        print(f"  {name:<38} median {statistics.median(xs):6.1f} ms   max {max(xs):6.1f} ms{goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--answers", type=int, default=20)
    a = parser.parse_args()
    ready(a.runs)
    answers(a.answers)


if __name__ == "__main__":
    main()

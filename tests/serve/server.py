"""``nnquiz serve`` as a real subprocess, for the tests: started on a temporary database
with the clock fixed (NNQUIZ_NOW), its address read from the first line it prints, and
stopped with Ctrl-C (SIGINT), as a student stops it."""

from __future__ import annotations

import http.client
import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..conftest import ROOT

NOW = "2026-03-02T12:00:00+00:00"


@dataclass
class Served:
    """A running server: its process, the address it printed (with the token), and
    what it printed after that line (and on stderr) once it has stopped."""

    proc: subprocess.Popen
    url: str
    rest: list[str] = field(default_factory=list)
    err: str = ""

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``"""
        u = urlsplit(self.url)
        return f"{u.scheme}://{u.netloc}"

    @property
    def port(self) -> int:
        return urlsplit(self.url).port

    @property
    def token(self) -> str:
        return urlsplit(self.url).query.removeprefix("token=")

    def request(self, method: str, path: str, headers: dict | None = None, body: str = ""):
        """(status, headers, body) of one request sent as it is, Host and all."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            if body:
                conn.putheader("Content-Length", str(len(body.encode())))
            conn.endheaders(body.encode() if body else None)
            reply = conn.getresponse()
            return reply.status, dict(reply.getheaders()), reply.read().decode("utf-8")
        finally:
            conn.close()

    def stop(self, timeout: float = 30) -> int:
        """Ctrl-C; the exit status (the rest of stdout in ``rest``)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=timeout)
        # read through the text stream: communicate() would miss what it has buffered
        self.rest = self.proc.stdout.read().splitlines()
        self.err = self.proc.stderr.read()
        self.proc.stdout.close()
        self.proc.stderr.close()
        return code


def env(home: Path | None = None, **more: str) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    out = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": path, "NNQUIZ_NOW": NOW}
    out.pop("DISPLAY", None)  # no browser is opened from a test
    return {**out, **more}


def start(db: Path, *args: str, timeout: float = 60, **environ: str) -> Served:
    """Start ``nnquiz serve --no-browser --db DB ARGS`` and wait for its address."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "nnquiz", "serve", "--no-browser", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env(**environ),
        cwd=ROOT,
    )
    line = first_line(proc, timeout)
    if not line.startswith("http://"):
        proc.kill()
        _, err = proc.communicate()
        proc.stdout.close()
        proc.stderr.close()
        raise AssertionError(f"nnquiz serve printed {line!r} first; stderr: {err}")
    return Served(proc, line)


def first_line(proc: subprocess.Popen, timeout: float) -> str:
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sel.select(timeout=0.2):
            return proc.stdout.readline().strip()
        if proc.poll() is not None:
            return ""
    proc.kill()
    raise AssertionError("nnquiz serve printed no address in time")

"""``generate`` with worker processes: same output, clean Ctrl-C and closed pipes."""

import os
import signal
import subprocess
import sys
import time

from nnquiz.problems.batch import SERIAL_BELOW

from .conftest import ROOT, run_cli

COUNT = str(SERIAL_BELOW + 25)


def test_workers_print_exactly_what_one_process_prints():
    for fmt in ("json", "text"):
        args = ["generate", "backprop", "--seed", "40", "--count", COUNT, "--format", fmt]
        many = run_cli(*args, "--solution", "--jobs", "2")
        one = run_cli(*args, "--solution", "--jobs", "1")
        assert many.returncode == 0 and one.returncode == 0, many.stderr + one.stderr
        assert many.stdout == one.stdout
    assert len(many.stdout.split("=" * 78)) == int(COUNT)


def test_jobs_must_not_be_negative():
    r = run_cli("generate", "bce", "--jobs", "-1")
    assert r.returncode == 2 and "--jobs" in r.stderr


def start(*args: str, env: dict | None = None) -> subprocess.Popen:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-m", "nnquiz", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": path, **(env or {})},
        start_new_session=True,  # its own process group, as a shell job has
    )


def gone(group: int, within: float = 10) -> bool:
    """True when no process of the group is left (the workers stopped too)."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_closed_pipe_ends_generation_quietly():
    args = ["generate", "backprop", "--count", "100000", "--format", "json", "--jobs", "2"]
    with start(*args) as p:
        first = p.stdout.readline()
        p.stdout.close()  # like `| head -1`
        assert p.wait(timeout=60) == 0
        assert p.stderr.read() == b""
    assert first.startswith(b'{"schema":1')
    assert gone(p.pid)


def test_ctrl_c_stops_every_process_without_a_traceback():
    args = ["generate", "backprop", "--count", "100000", "--format", "json", "--jobs", "2"]
    with start(*args) as p:
        p.stdout.readline()  # the workers are running
        os.killpg(p.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C
        _, err = p.communicate(timeout=60)
    assert p.returncode == 130
    assert "nnquiz: aborted" in err.decode() and "Traceback" not in err.decode()
    assert gone(p.pid)


def test_a_stdout_that_is_not_utf8_gets_the_same_text():
    """UTF-8 output is written as bytes the workers encoded; any other encoding as text."""
    args = ["generate", "backprop", "--seed", "3", "--count", COUNT, "--solution", "--jobs", "2"]
    out = {}
    for encoding in ("utf-8", "latin-1:replace"):
        with start(*args, env={"PYTHONIOENCODING": encoding}) as p:
            out[encoding], err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    text = out["utf-8"].decode("utf-8")
    assert "⎡" in text
    assert out["latin-1:replace"] == text.encode("latin-1", "replace")

"""``nnquiz serve`` as a student runs it, over real HTTP: the address first, the token,
Host and Origin checks (DNS rebinding), POST only for changes, a port in use, Ctrl-C
that saves and lets the port go, and a fast ``nnquiz --help``."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys

import pytest

from ..conftest import ROOT, run_cli
from .server import NOW, start


@pytest.fixture
def served(tmp_path):
    s = start(tmp_path / "p.db", "--family", "softmax", "--new", "2")
    yield s
    s.stop()


def cookie(s) -> dict[str, str]:
    """The headers of a request from the page itself: its Host, and the token's cookie
    (set by the address printed, which then sends the browser on without it)."""
    status, headers, _ = s.request("GET", f"/?token={s.token}", {"Host": f"127.0.0.1:{s.port}"})
    assert status == 303 and headers["location"] == "/"
    set_cookie = headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie
    return {"Host": f"127.0.0.1:{s.port}", "Cookie": set_cookie.split(";")[0]}


def test_the_first_line_is_the_address_with_a_token(served):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{20,}", served.url)
    own = cookie(served)
    status, headers, body = served.request("GET", "/", own)
    assert status == 200 and "[softmax:" in body
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"


def test_no_token_a_wrong_token_a_foreign_host_or_origin_get_403(served):
    own = cookie(served)
    host = own["Host"]
    refused = [
        ("GET", "/", {"Host": host}),  # no token
        ("GET", "/?token=wrong", {"Host": host}),
        ("GET", "/", {"Host": host, "Cookie": f"nnquiz_token_{served.port}=wrong"}),
        ("GET", "/static/serve.css", {"Host": host}),
        ("GET", "/read?part=a&text=1", {"Host": host}),
        # DNS rebinding: another site's name pointed at 127.0.0.1, with the token even
        ("GET", f"/?token={served.token}", {"Host": f"evil.example:{served.port}"}),
        ("GET", "/", {**own, "Host": f"evil.example:{served.port}"}),
        ("GET", "/", {**own, "Host": "127.0.0.1:1"}),
        ("GET", "/", {**own, "Origin": "http://evil.example"}),
        ("GET", "/", {**own, "Origin": "null"}),
        ("GET", "/", {**own, "Sec-Fetch-Site": "cross-site"}),
        ("POST", "/undo", {**own, "Origin": f"http://evil.example:{served.port}"}),
    ]
    for method, path, headers in refused:
        status, _, body = served.request(method, path, headers)
        assert status == 403, (method, path, headers)
        assert "open the address that nnquiz serve printed" in body
    assert served.request("GET", "/", {**own, "Origin": f"http://{host}"})[0] == 200
    localhost = {**own, "Host": f"localhost:{served.port}"}
    assert served.request("GET", "/stats", localhost)[0] == 200


def test_changes_are_post_only(served):
    own = cookie(served)
    for path in ("/answer", "/skip", "/rate", "/next", "/undo", "/solution", "/flag", "/end"):
        assert served.request("GET", path, own)[0] == 405, path
    status, headers, _ = served.request("POST", "/end", {**own, "Origin": f"http://{own['Host']}"})
    assert status == 303 and headers["location"] == "/"


def test_an_answer_is_escaped_and_read_on_the_server(served):
    own = cookie(served)
    _, _, page = served.request("GET", "/", own)
    item = re.search(r'name="item" value="([^"]+)"', page).group(1)
    status, _, said = served.request("GET", "/read?part=a&text=%5B0.5%2C+1%2F4%2C+0%5D", own)
    assert status == 200 and json.loads(said) == {"read_as": "[0.5, 0.25, 0]", "why": None}
    bad = "<script>alert(1)</script>"
    form = f"item={item}&a-a=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
    post = {**own, "Content-Type": "application/x-www-form-urlencoded"}
    assert served.request("POST", "/answer", post, form)[0] == 303
    _, _, page = served.request("GET", "/", own)
    assert bad not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Cannot read that" in page  # asked again, at no cost


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        r = run_cli("serve", "--no-browser", "--port", str(port), "--db", str(tmp_path / "p.db"))
    assert r.returncode == 2 and r.stdout == ""
    assert (
        r.stderr
        == f"nnquiz: error: port {port} is in use on 127.0.0.1 (--port 0 takes a free one)\n"
    )
    assert not (tmp_path / "p.db").exists()  # nothing made


def test_ctrl_c_saves_every_review_prints_the_summary_and_frees_the_port(tmp_path):
    """And the terminal practises on the same database while the page is open."""
    db = tmp_path / "p.db"
    s = start(db, "--family", "softmax", "--new", "1")
    own = cookie(s)
    _, _, page = s.request("GET", "/", own)
    item = re.search(r'name="item" value="([^"]+)"', page).group(1)
    post = {**own, "Content-Type": "application/x-www-form-urlencoded"}
    # the terminal at the same time, on the same database: a bce problem skipped there
    terminal = run_cli("practice", "--db", str(db), "--family", "bce", "--new", "1",
                       input="skip\nq\n", env={"NNQUIZ_NOW": NOW})  # fmt: skip
    assert terminal.returncode == 0 and "Session: 1 reviewed" in terminal.stdout
    assert s.request("POST", "/skip", post, f"item={item}")[0] == 303
    assert s.stop() == 0
    assert s.rest[0].startswith("nnquiz serve · 0 due, 1 new")
    assert s.rest[-2].startswith("Session: 1 reviewed, 0 correct (0%)")
    assert s.err == ""
    with socket.socket() as again:  # the port is free again at once
        again.bind(("127.0.0.1", s.port))
    stats = run_cli("stats", "--db", str(db), "--format", "json", env={"NNQUIZ_NOW": NOW})
    data = json.loads(stats.stdout)
    assert (data["reviews"], data["correct"]) == (2, 0)  # the page's review and the terminal's
    assert data["families"]["softmax"]["reviews"] == data["families"]["bce"]["reviews"] == 1


def test_help_stays_fast_the_web_library_loads_only_for_serve():
    code = (
        "import sys; from nnquiz.cli import cli\n"
        "try: cli.main(['--help'], standalone_mode=False)\nexcept SystemExit: pass\n"
        "print([m for m in ('starlette', 'uvicorn', 'jinja2', 'nnquiz.serve') if m in sys.modules])"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "serve" in r.stdout and r.stdout.strip().endswith("[]"), r.stderr


def test_bad_options_are_one_line_and_exit_2(tmp_path):
    db = str(tmp_path / "p.db")
    cases = [
        (["--family", "nope"], "unknown family"),
        (["--db", str(tmp_path / "no" / "p.db")], "does not exist"),
        (["--port", "70000"], "70000"),
        (["--host", "no such host.invalid"], "--host no such host.invalid:"),
    ]
    for args, said in cases:
        r = run_cli("serve", "--no-browser", "--db", db, *args)
        assert r.returncode == 2 and said in r.stderr, (args, r.stderr)
        assert r.stdout == "" and len(r.stderr.splitlines()) == 1 and "Traceback" not in r.stderr
    assert not (tmp_path / "p.db").exists()
    (tmp_path / "junk.db").write_text("not a database")
    r = run_cli("serve", "--no-browser", "--db", str(tmp_path / "junk.db"))
    assert r.returncode == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1, r.stderr


def test_every_address_says_the_network_address_that_other_devices_open(tmp_path):
    from nnquiz.serve.server import network_address

    lan = network_address()
    if lan is None:
        pytest.skip("this computer has no network address (no default route)")
    s = start(tmp_path / "p.db", "--family", "softmax", "--new", "1", "--host", "0.0.0.0")
    try:
        line = s.proc.stdout.readline().strip()
        said = re.fullmatch(r"From another device on your network: (http://\S+) \(.+\)", line)
        assert said and said[1] == f"http://{lan}:{s.port}/?token={s.token}", line
        there = {"Host": f"{lan}:{s.port}"}
        status, headers, _ = s.request("GET", f"/?token={s.token}", there)
        assert status == 303  # that address is the server's own Host
        status, _, body = s.request(
            "GET", "/", {**there, "Cookie": headers["set-cookie"].split(";")[0]}
        )
        assert status == 200 and "[softmax:" in body
        assert s.request("GET", "/", {"Host": f"{lan}:{s.port}"})[0] == 403  # no token
    finally:
        s.stop()

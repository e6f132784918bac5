"""Running the page: the socket, the token, uvicorn, the browser, and a clean stop.

- The socket is bound here, before anything is printed: a port in use is one line and
  exit 2 (``--port 0``, the default, takes a free one); the first line on stdout is
  then the address to open, with this run's token (with ``--host 0.0.0.0``, the next
  line is the address other devices of the network open).
- uvicorn serves the application on that socket, on the main thread; Ctrl-C (or
  SIGTERM) stops it gracefully: the requests under way finish, the port is released,
  the session's summary is printed. Every review was saved when it was answered (each
  in its own transaction), so nothing is lost.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import secrets
import signal
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from ..errors import UserError
from ..practice import words
from ..practice.clock import Clock
from ..practice.engine import Engine
from ..practice.outcomes import Options
from ..practice.store import Store
from .guard import WILDCARDS, Guard, allowed_hosts
from .page import Line, Page

DEFAULT_HOST = "127.0.0.1"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: a free port); UserError when the
    port is taken or the address cannot be used."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)  # fmt: skip
    except socket.gaierror as e:
        raise UserError(f"--host {host}: {e.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        if os.name != "nt":  # a port left in TIME_WAIT by the last run is free again
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise UserError(
                f"port {port} is in use on {host} (--port 0 takes a free one)"
            ) from None
        raise UserError(f"cannot listen on {host} port {port}: {e.strerror or e}") from None
    return sock


def address(host: str, port: int) -> str:
    """How the page's address names the server: 127.0.0.1 when it listens on every
    address, [::1] for an IPv6 address."""
    if host in WILDCARDS:
        host = DEFAULT_HOST
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def network_address() -> str | None:
    """This computer's IPv4 address on its network (the one its default route leaves
    by), or None without one. Nothing is sent: connecting a UDP socket only picks the
    route."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            found = probe.getsockname()[0]
    except OSError:
        return None
    return None if ipaddress.ip_address(found).is_loopback else found


def serve(
    path: Path,
    clock: Clock,
    options: Options,
    host: str = DEFAULT_HOST,
    port: int = 0,
    browser: bool = True,
    say: Callable[[str], None] | None = None,
) -> None:
    """Serve the practice page on the database at ``path`` until Ctrl-C; print the
    address first, the summary last. The port is taken before the database is opened
    (a port in use changes nothing)."""
    say = say or _print
    sock = bind(host, port)
    try:
        store = Store.open(path)
    except BaseException:
        sock.close()
        raise
    try:
        _serve(sock, store, clock, options, host, browser, say)
    finally:
        store.close()


def _serve(sock, store: Store, clock: Clock, options: Options, host: str, browser: bool,
           say: Callable[[str], None]) -> None:  # fmt: skip
    import uvicorn

    from .app import build

    port = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    page: Page | None = None
    held = signal.signal(signal.SIGTERM, _interrupt)
    try:
        page = Page(lambda: Engine(store, clock, options), lambda lines: _tell(lines, say))
        names = [socket.gethostname(), socket.getfqdn()] if host in WILDCARDS else []
        guard = Guard(build(page), token, allowed_hosts(host, port, names), port,
                      any_address=host in WILDCARDS)  # fmt: skip
        url = f"{address(host, port)}?token={token}"
        say(url)
        if host in WILDCARDS and (lan := network_address()) is not None:
            say(f"From another device on your network: {address(lan, port)}?token={token} "
                "(plain HTTP: whoever has this address can practise as you)")  # fmt: skip
        say(f"nnquiz serve · {_start(page)} · Ctrl-C stops it")
        if browser:
            _open(url)
        # h11 and asyncio: nothing else is probed for (or imported) at start-up
        config = uvicorn.Config(guard, http="h11", ws="none", loop="asyncio",
                                lifespan="off", log_level="warning", access_log=False,
                                timeout_graceful_shutdown=3, server_header=False)  # fmt: skip
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn stops, then passes Ctrl-C on
        pass
    finally:
        signal.signal(signal.SIGTERM, held)
        sock.close()
        ignored = signal.signal(signal.SIGINT, signal.SIG_IGN)  # the summary is short
        try:
            if page is not None:
                page.close()
        finally:
            signal.signal(signal.SIGINT, ignored)


def _start(page: Page) -> str:
    if page.start.capped:
        return f"the daily cap of {page.engine.options.max_reviews} reviews is met"
    return words.start_line(page.start)


def _print(line: str) -> None:
    print(line, flush=True)


def _tell(lines: list[Line], say: Callable[[str], None]) -> None:
    for text, _ in lines:
        say(text)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _open(url: str) -> None:
    """Open the page in the default browser, unless there is no screen to show it on
    (a Linux console or an ssh session: a text browser would take over the terminal)."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return
    import webbrowser

    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

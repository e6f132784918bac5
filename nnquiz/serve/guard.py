"""Who may talk to the server: the per-run token, the Host and the Origin.

An ASGI middleware in front of every route. A request passes when

- its ``Host`` is one of the server's own names (``127.0.0.1:PORT``, ``localhost:PORT``;
  with ``--host``, that name too, and any address literal when the server listens on
  every address): a page of another site whose name was made to point at 127.0.0.1
  (DNS rebinding) sends its own name, and is refused;
- its ``Origin``, when it has one, is the server itself (``null`` and other sites are
  refused; so is ``Sec-Fetch-Site: cross-site``);
- it carries the token: ``?token=…`` in the address (then it is set as a cookie and the
  browser is sent to the same address without it) or the cookie.

Anything else gets 403 and a line saying what to open. The token is compared in
constant time. Every response gets headers that keep the page to itself: a Content
Security Policy allowing nothing but the server (no inline script, no frame, no other
origin), no referrer to other sites, no sniffing, no caching.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable, Iterable
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK = ("127.0.0.1", "localhost")
WILDCARDS = ("0.0.0.0", "::", "")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make Origin "null"
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
REFUSED = (
    "403 Forbidden: open the address that nnquiz serve printed (it carries this run's token).\n"
)


def allowed_hosts(host: str, port: int, names: Iterable[str] = ()) -> frozenset[str]:
    """The ``Host`` headers the server answers to (lower case, with the port)."""
    hosts = set(LOOPBACK) if _loopback(host) or host in WILDCARDS else set()
    if host not in WILDCARDS:
        hosts.add(f"[{host}]" if ":" in host else host)
    hosts |= set(names)
    return frozenset(f"{h.lower()}:{port}" for h in hosts)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _address_literal(host: str) -> bool:
    """``192.168.1.4`` or ``[fe80::1]`` (with no port): no DNS name, so no rebinding."""
    try:
        ipaddress.ip_address(host[1:-1] if host.startswith("[") else host)
    except ValueError:
        return False
    return True


class Guard:
    """The middleware: ``token`` is this run's; ``hosts`` from :func:`allowed_hosts`;
    ``any_address``: the server listens on every address (``--host 0.0.0.0``), so an
    address literal with the right port is its own too."""

    def __init__(self, app: App, token: str, hosts: frozenset[str], port: int,
                 any_address: bool = False):  # fmt: skip
        self.app, self.token, self.hosts, self.port = app, token, hosts, port
        self.any_address = any_address
        self.cookie = f"nnquiz_token_{port}"  # cookies ignore ports: one name per server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        if not self._own(headers):
            await _refuse(send)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if self._is_token(query.get("token")):
            if scope["method"] in ("GET", "HEAD"):
                await self._enter(scope, query, send)
                return
        elif not self._is_token(_cookie(headers, self.cookie)):
            await _refuse(send)
            return
        await self.app(scope, receive, _with_headers(send))

    def _own(self, headers: dict[str, str]) -> bool:
        if not self._ours(headers.get("host", "").lower()):
            return False
        origin = headers.get("origin")
        if origin is not None:
            scheme, _, host = origin.lower().partition("://")
            if scheme != "http" or not self._ours(host):
                return False
        return headers.get("sec-fetch-site", "same-origin") != "cross-site"

    def _ours(self, host: str) -> bool:
        """``host`` (with its port) names this server."""
        if host in self.hosts:
            return True
        name, _, port = host.rpartition(":")
        return self.any_address and port == str(self.port) and _address_literal(name)

    def _is_token(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    async def _enter(self, scope: Scope, query: dict[str, str], send: Send) -> None:
        """The address with the token: keep it as a cookie, and go to the same address
        without it (so it stays out of the history and the address bar)."""
        rest = urlencode({k: v for k, v in query.items() if k != "token"})
        where = scope.get("path", "/") + (f"?{rest}" if rest else "")
        cookie = f"{self.cookie}={self.token}; Path=/; HttpOnly; SameSite=Strict"
        await _with_headers(send)(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", where.encode("latin-1", "replace")),
                    (b"set-cookie", cookie.encode()),
                    (b"cache-control", b"no-store"),
                    (b"content-length", b"0"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})


def _headers(scope: Scope) -> dict[str, str]:
    """The request's headers (the first of each name), as text."""
    out: dict[str, str] = {}
    for name, value in scope.get("headers", ()):
        out.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
    return out


def _cookie(headers: dict[str, str], name: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header is no token
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


def _with_headers(send: Send) -> Send:
    async def sending(message: dict) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", ()), *HEADERS]}
        await send(message)

    return sending


async def _refuse(send: Send) -> None:
    body = REFUSED.encode()
    await _with_headers(send)(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

"""The web application (Starlette): routes, forms, templates, assets.

- ``GET /`` shows what the page's session shows now (a problem, a concept card, a
  review's feedback, a wait, the summary); ``GET /stats`` the stats page; ``GET /read``
  how an answer typed so far would be read (JSON, for the "read as" line);
  ``GET /static/NAME`` the page's CSS, script and math font, from the wheel.
- Everything that changes something is a ``POST`` of a plain HTML form, answered with
  a redirect to ``/`` (so reloading the page sends nothing twice).

Every route is an ``async`` function that calls the engine directly: the engine, its
SQLite connection and the templates are used from the event loop's thread only, one
request at a time. The token, Host and Origin checks are :mod:`.guard`'s, in front of
all of it.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from urllib.parse import parse_qsl

from jinja2 import Environment, FunctionLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import UserError
from ..resources import templates as template_folder
from . import context
from .page import Page

MAX_FORM = 64_000  # bytes of a posted form: a few answers and a note
MAX_READ = 2_000  # characters of an answer read while typing (the reader's own limit)
FONT = "texgyretermes-math.otf"
ASSETS = {  # name -> (file under templates/, media type)
    "serve.css": ("serve/serve.css", "text/css; charset=utf-8"),
    "serve.js": ("serve/serve.js", "text/javascript; charset=utf-8"),
    "math.otf": (f"homework/{FONT}", "font/otf"),
}
NO_STORE = {"cache-control": "no-store"}


def environment() -> Environment:
    """The page templates (``templates/serve/``), every value escaped unless Markup."""
    folder = template_folder() / "serve"

    def load(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    env = Environment(
        loader=FunctionLoader(load),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for name in ("base.html", "problem.html", "feedback.html", "card.html",
                 "wait.html", "summary.html", "message.html", "stats.html"):  # fmt: skip
        env.get_template(name)  # compiled now, so the first page is as fast as the rest
    return env


def build(page: Page) -> Starlette:
    env = environment()
    assets = {name: (template_folder().joinpath(*path.split("/")).read_bytes(), kind)
              for name, (path, kind) in ASSETS.items()}  # fmt: skip

    def render(name: str, values: dict, after: Callable[[], None] | None = None) -> Response:
        body = env.get_template(name).render(**values)
        task = BackgroundTask(_later(after)) if after is not None else None
        return Response(body, media_type="text/html; charset=utf-8", headers=NO_STORE,
                        background=task)  # fmt: skip

    async def home(request: Request) -> Response:
        name, values = context.practice(page)
        if name == "feedback.html":
            return render(name, values, page.idle)  # its next problem, made while read
        if name in ("problem.html", "card.html"):
            return render(name, values, page.shown)
        return render(name, values)

    async def stats(request: Request) -> Response:
        return render("stats.html", context.stats(page))

    async def read(request: Request) -> Response:
        part = request.query_params.get("part", "")
        text = request.query_params.get("text", "")[:MAX_READ]
        return JSONResponse(page.read(part, text), headers=NO_STORE)

    async def static(request: Request) -> Response:
        found = assets.get(request.path_params["name"])
        if found is None:
            return PlainTextResponse("not found", status_code=404)
        return Response(found[0], media_type=found[1], headers={"cache-control": "max-age=300"})

    def action(do: Callable[[Page, dict[str, str]], None]):
        async def post(request: Request) -> Response:
            form = await _form(request)
            if form is None:
                return PlainTextResponse("413 the form is too large", status_code=413)
            try:
                do(page, form)
            except UserError as e:  # the database: busy, full, read-only (one line)
                page.screen.notices.append((str(e), "warn"))
            return RedirectResponse("/", 303)

        return guarded(post)

    routes = [
        Route("/", guarded(home), methods=["GET"]),
        Route("/stats", guarded(stats), methods=["GET"]),
        Route("/read", guarded(read), methods=["GET"]),
        Route("/static/{name}", static, methods=["GET"]),
        Route("/answer", action(Page.answer), methods=["POST"]),
        Route("/skip", action(Page.skip), methods=["POST"]),
        Route("/rate", action(Page.rate), methods=["POST"]),
        Route("/next", action(lambda p, f: p.go_on()), methods=["POST"]),
        Route("/undo", action(lambda p, f: p.undo()), methods=["POST"]),
        Route("/solution", action(lambda p, f: p.solution()), methods=["POST"]),
        Route("/flag", action(lambda p, f: p.flag(f.get("note", ""))), methods=["POST"]),
        Route("/end", action(lambda p, f: p.end()), methods=["POST"]),
        Route("/again", action(lambda p, f: p.again()), methods=["POST"]),
    ]
    return Starlette(routes=routes)


def guarded(handler):
    """``handler``, with Ctrl-C during a commit passed on to uvicorn (the store holds
    Ctrl-C until its transaction ends, then raises it here: the review is saved, and the
    server stops as it would have) and a database error as one line."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except KeyboardInterrupt:
            signal.raise_signal(signal.SIGINT)
            return PlainTextResponse("nnquiz serve is stopping.\n", status_code=503)
        except UserError as e:
            return PlainTextResponse(f"nnquiz: error: {e}\n", status_code=500)

    return run


def _later(job: Callable[[], None]):
    """A background task run on the event loop's thread (the engine's), after the
    response is sent; a failure there only loses a head start."""

    async def run() -> None:
        try:
            job()
        except KeyboardInterrupt:
            signal.raise_signal(signal.SIGINT)
        except Exception:
            pass

    return run


async def _form(request: Request) -> dict[str, str] | None:
    """A posted form (``application/x-www-form-urlencoded``, UTF-8), or None when it is
    larger than MAX_FORM."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            return None
    try:
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True,
                          max_num_fields=100)  # fmt: skip
    except ValueError:  # more fields than any form of the page has
        return None
    return dict(pairs)

"""The page's state over the engine, without a browser or a server: each form is one
engine call; a form for an item no longer on screen does nothing; ``skip`` typed in a
box gives up as in the terminal; the session's summary is told once; and the guard's
rules for hosts when the server listens beyond 127.0.0.1."""

from __future__ import annotations

import asyncio

from nnquiz.concepts import Card
from nnquiz.practice.clock import ManualClock
from nnquiz.practice.engine import Engine
from nnquiz.practice.outcomes import Next, Options
from nnquiz.practice.store import Store
from nnquiz.serve import context
from nnquiz.serve.guard import Guard, allowed_hosts
from nnquiz.serve.page import Page

from ..practice.test_engine import typed
from ..practice.test_session import DAY0


def page(tmp_path, cards=(), **options):
    store = Store.open(tmp_path / "p.db")
    told: list[list] = []

    def make():
        return Engine(store, ManualClock(DAY0), Options(**options), concepts=lambda: list(cards))

    return Page(make, told.append), told


def form(p: Page, texts: dict[str, str]) -> dict[str, str]:
    return {"item": p.current(), **{f"a-{k}": v for k, v in texts.items()}}


def test_a_right_answer_then_a_stale_form_then_skip_typed_in_a_box(tmp_path):
    p, told = page(tmp_path, families=("softmax",), new=2)
    nxt = p.item()
    assert isinstance(nxt, Next) and p.current() == nxt.shown.id
    right = form(p, typed(nxt, True))
    p.answer(right)
    fb = p.screen.feedback
    assert fb is not None and fb.outcome.correct and not fb.open
    p.answer(right)  # sent twice: nothing more
    assert p.take_notices() == [("That problem is no longer on screen: nothing done.", "note")]
    assert len(p.engine.history) == 1
    p.solution()  # s after a hit: the worked solution opens under the verdict
    assert p.screen.feedback.open
    name, values = context.practice(p)
    assert name == "feedback.html" and "<math" in values["solution"]
    p.go_on()
    p.item()
    labels = p.labels()
    p.answer(form(p, {labels[0]: " SKIP "}))
    out = p.screen.feedback.outcome
    assert out.skipped and not out.correct and p.screen.feedback.open
    p.end()
    p.end()  # told once
    assert len(told) == 1 and told[0][0][0].startswith("Session: 2 reviewed, 1 correct")
    p.close()
    assert len(told) == 1
    p.engine.store.close()


def test_a_retry_keeps_what_was_typed_and_says_why_per_part(tmp_path):
    p, _ = page(tmp_path, families=("softmax",), new=1)
    p.item()
    label = p.labels()[0]
    p.answer(form(p, {label: "0.5"}))  # a number for a vector: asked again at no cost
    assert p.screen.feedback is None and p.screen.typed == {label: "0.5"}
    assert p.screen.retry[label].startswith("Expected a vector of")
    p.answer(form(p, {label: "  "}))
    assert p.screen.retry[label].startswith("No answer typed")
    unread = p.read(label, "[1, 1/2")
    assert unread["read_as"] is None and unread["why"].startswith("Cannot read that:")
    assert p.read(label, "[1, 1/2]")["read_as"] == "[1, 0.5]"
    assert p.read("zz", "1") == {"read_as": None, "why": None}  # no such part
    assert not p.engine.history
    p.close()
    p.engine.store.close()


def test_a_card_rated_then_undone_from_the_summary_comes_back(tmp_path):
    cards = [Card("c", "Topic", "Section", "front", "back")]
    p, told = page(tmp_path, cards, new=1)
    nxt = p.item()
    assert nxt.item.key == "card:c"
    assert [b[0] for b in p.intervals()] == [1, 2, 3, 4]
    p.rate({"item": "card:other", "rating": "3"})  # not the card on screen
    assert not p.engine.history
    p.rate({"item": "card:c", "rating": "9"})
    assert p.take_notices()[-1] == ("Rate it 1, 2, 3 or 4.", "warn")
    p.rate({"item": "card:c", "rating": "4"})
    assert p.take_notices()[0][0].startswith("Easy · next review in")
    p.end()
    name, values = context.practice(p)
    assert name == "summary.html" and values["can_undo"]
    p.undo()
    assert p.screen.ended is None and p.item().item.key == "card:c"
    p.again()  # a new session: the card, undone, is new again
    assert p.start.new == 1 and not p.engine.history
    p.close()
    p.engine.store.close()


def run(guard: Guard, headers: dict[str, str], path: str = "/") -> int:
    sent: list[dict] = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}  # fmt: skip
    guard.app = app
    asyncio.run(guard(scope, receive, send))
    return sent[0]["status"]


def test_hosts_with_host_and_every_address():
    assert allowed_hosts("127.0.0.1", 8) == {"127.0.0.1:8", "localhost:8"}
    assert allowed_hosts("::1", 8) == {"[::1]:8", "127.0.0.1:8", "localhost:8"}
    assert allowed_hosts("192.168.1.4", 8) == {"192.168.1.4:8"}
    wide = Guard(None, "t", allowed_hosts("0.0.0.0", 8, ["mybox"]), 8, any_address=True)
    cookie = {"Cookie": "nnquiz_token_8=t"}
    for host in ("127.0.0.1:8", "mybox:8", "192.168.1.4:8", "[fe80::1]:8"):
        assert run(wide, {**cookie, "Host": host}) == 200, host
    for host in ("evil.example:8", "192.168.1.4:9", "mybox.evil.example:8", ""):
        assert run(wide, {**cookie, "Host": host}) == 403, host
    assert run(wide, {"Host": "192.168.1.4:8"}) == 403  # the token, even so
    narrow = Guard(None, "t", allowed_hosts("127.0.0.1", 8), 8)
    assert run(narrow, {**cookie, "Host": "192.168.1.4:8"}) == 403
    assert run(narrow, {"Cookie": "nnquiz_token_8=t; other=1", "Host": "localhost:8"}) == 200
    assert run(narrow, {"Cookie": "nnquiz_token_9=t", "Host": "localhost:8"}) == 403


def test_a_miss_with_nothing_else_left_waits_and_the_page_refreshes_when_due(tmp_path):
    p, told = page(tmp_path, families=("softmax",), new=1)
    nxt = p.item()
    p.answer(form(p, typed(nxt, False)))
    name, values = context.practice(p)
    assert name == "feedback.html" and values["open"] and not values["correct"]
    assert "<math" in values["solution"] and values["lines"][-1] == ("Again · back in 1 min", "dim")
    p.go_on()
    name, values = context.practice(p)
    assert name == "wait.html" and 55 <= values["refresh"] <= 60
    assert values["line"].startswith("Only cards in their learning steps are left")
    p.end()
    name, values = context.practice(p)
    assert name == "summary.html" and values["lines"][0][0].startswith("Session: 1 reviewed")
    p.close()
    p.engine.store.close()
    assert len(told) == 1


def test_a_card_shown_before_it_is_due_says_so_once(tmp_path):
    """Learn-ahead on the page, as in the terminal: a card shown early because nothing
    else is left says so above it, also as a new session starts, unless the review just
    before said that it comes back now."""
    p, _ = page(tmp_path, families=("softmax",), new=2)
    first = p.item()
    p.answer(form(p, typed(first, True)))
    p.go_on()
    second = p.item()
    assert second.item.key != first.item.key
    assert all("learn-ahead" not in t for t, _ in context.practice(p)[1]["notices"])
    p.answer(form(p, typed(second, True)))
    p.go_on()
    name, values = context.practice(p)  # the first, due in 10 min: nothing else is left
    assert name == "problem.html" and p.engine.current.item.key == first.item.key
    early = f"Nothing else is left, so {first.item.key}, due in 10 min, is shown now"
    assert [t for t, _ in values["notices"] if "learn-ahead" in t][0].startswith(early)
    p.close()
    p.engine.store.close()
    p, _ = page(tmp_path, families=("softmax",), new=0)  # a new session: nothing new,
    name, values = context.practice(p)  # the two learning cards, neither due yet
    assert name == "problem.html" and any("learn-ahead" in t for t, _ in values["notices"])
    p.close()
    p.engine.store.close()
    (tmp_path / "one").mkdir()
    q, _ = page(tmp_path / "one", families=("softmax",), new=1)
    only = q.item()
    q.answer(form(q, typed(only, True)))
    said = " ".join(t for t, _ in context.practice(q)[1]["lines"])
    assert "it comes back now" in said
    q.go_on()
    name, values = context.practice(q)  # said just before: not said again
    assert name == "problem.html" and not any("learn-ahead" in t for t, _ in values["notices"])
    q.close()
    q.engine.store.close()


def test_nothing_to_practise_and_the_daily_cap_say_so(tmp_path):
    p, _ = page(tmp_path, families=("softmax",), new=0)
    name, values = context.practice(p)
    assert name == "message.html" and values["lines"][0] == ("Nothing to practise now.", "note")
    p.close()
    p.engine.store.close()
    p, _ = page(tmp_path, families=("softmax", "bce"), new=2, max_reviews=1)
    p.answer(form(p, typed(p.item(), True)))
    p.go_on()
    name, values = context.practice(p)  # the cap is met: the session is over
    assert name == "summary.html" and "the daily cap (--max-reviews 1)" in values["lines"][0][0]
    p.close()
    p.engine.store.close()
    p, _ = page(tmp_path, families=("softmax",), max_reviews=1)
    name, values = context.practice(p)  # a new session, the cap met before it began
    assert name == "message.html" and values["lines"][0][0].startswith("You have done 1 reviews")
    p.close()
    p.engine.store.close()


def test_ctrl_c_during_a_commit_reaches_the_server_and_a_database_error_is_one_line():
    import signal

    from nnquiz.errors import UserError
    from nnquiz.serve.app import guarded

    async def interrupted(request):
        raise KeyboardInterrupt  # what the store raises after its transaction

    async def busy(request):
        raise UserError("the practice database p.db is busy")

    caught: list[int] = []
    held = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        stopping = asyncio.run(guarded(interrupted)(None))
    finally:
        signal.signal(signal.SIGINT, held)
    assert caught == [signal.SIGINT] and stopping.status_code == 503
    error = asyncio.run(guarded(busy)(None))
    assert (
        error.status_code == 500
        and error.body == b"nnquiz: error: the practice database p.db is busy\n"
    )


def test_figures_show_with_the_question_and_with_the_worked_solution(tmp_path):
    from nnquiz.serve.app import environment

    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4"/></svg>'
    p, _ = page(tmp_path, families=("softmax",), new=1)
    nxt = p.item()
    assert nxt.shown.data is p.data  # shown from its JSON: the page reads that JSON
    p.data["figures"] = [
        {"name": "net", "where": "question", "svg": svg, "alt": "a network <of 2>"},
        {"name": "grad", "where": "solution", "svg": svg.replace("rect", "circle"), "alt": "b"},
    ]
    env = environment()
    name, values = context.practice(p)
    shown = env.get_template(name).render(**values)
    assert shown.count("<svg") == 1 and "<rect" in shown and "<circle" not in shown
    assert 'aria-label="a network &lt;of 2&gt;"' in shown
    p.answer(form(p, typed(nxt, False)))  # a miss: the worked solution, its figure under it
    name, values = context.practice(p)
    shown = env.get_template(name).render(**values)
    solution = shown[shown.index('class="solution"') :]
    assert "<circle" in solution and "<rect" not in solution
    p.close()
    p.engine.store.close()


def test_the_wait_page_keeps_the_progress_line_and_undo_solution_flag_end(tmp_path):
    from nnquiz.serve.app import environment

    p, _ = page(tmp_path, families=("softmax",), new=1)
    p.skip({"item": p.item() and p.current()})
    p.go_on()
    name, values = context.practice(p)
    assert name == "wait.html" and values["progress"].startswith("1 due, 0 new · 1 done")
    shown = environment().get_template(name).render(**values)
    for action in ("/solution", "/undo", "/flag", "/end"):
        assert f'action="{action}"' in shown
    assert 'data-key="u" disabled' not in shown and 'data-key="u">' in shown
    assert '<noscript><meta http-equiv="refresh"' in shown and 'data-refresh="60"' in shown
    p.undo()  # from the wait page, as the terminal's u
    assert p.take_notices()[-1][0].startswith("Undone: the review of softmax")
    assert context.practice(p)[0] == "problem.html" and not p.engine.history
    p.close()
    p.engine.store.close()


def test_a_form_shown_again_says_how_the_other_parts_are_read(tmp_path):
    from nnquiz.serve.app import environment

    p, _ = page(tmp_path, families=("perceptron",), new=1)
    nxt = p.item()
    texts = {k: "1/2" for k in p.labels()}  # a number where (b) asks for a vector
    p.answer(form(p, texts))
    retry = p.screen.retry
    assert list(retry) == ["b"] and retry["b"].startswith("Expected a vector of 2")
    name, values = context.practice(p)
    assert values["read"] == {"a": "read as 0.5", "c": "read as 0.5"}
    shown = environment().get_template(name).render(**values)
    assert 'id="r-a" aria-live="polite">read as 0.5</span>' in shown
    assert 'id="r-c" aria-live="polite">read as 0.5</span>' in shown
    assert shown.count("read as") == 2 and nxt.shown.id in shown
    p.close()
    p.engine.store.close()


def test_the_stats_table_breaks_a_family_name_only_after_an_underscore(tmp_path):
    from nnquiz.serve.app import environment

    p, _ = page(tmp_path, families=("softmax",), new=1)
    values = context.stats(p)
    names = [str(row["name"]) for row in values["table"]]
    assert "activation_<wbr>derivative" in names and "softmax" in names
    shown = environment().get_template("stats.html").render(**values)
    assert '<th scope="row">activation_<wbr>derivative</th>' in shown
    p.close()
    p.engine.store.close()

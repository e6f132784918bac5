"""``nnquiz practice`` on a real terminal (tmux): what the student sees at a given
width, and after the window is resized mid-problem."""

from __future__ import annotations

import pytest

from .tmux import Pane

NOW = "2026-04-01T10:00:00+00:00"
PAGED = "sh -c 'echo [paged]; cat'"  # a pager that says it was used


@pytest.fixture
def pane(tmp_path):
    panes: list[Pane] = []

    def start(*args, **kw) -> Pane:
        p = Pane(tmp_path, args, **kw)
        panes.append(p)
        return p

    yield start
    for p in panes:
        p.close()


def after(text: str, mark: str) -> list[str]:
    return text.split(mark, 1)[1].split("\n")


@pytest.mark.parametrize("height", [35, 14])  # 14 rows: the solution goes to the pager
def test_feedback_and_solution_fit_a_window_resized_while_the_problem_was_on_screen(pane, height):
    p = pane("practice", "--family", "bce", "--new", "1", width=100, height=height, now=NOW,
             PAGER=PAGED)  # fmt: skip
    p.wait_for(r"answer ›$")
    p.resize(60)
    p.type("skip")
    text = p.wait_for(r"Enter goes on ›$")
    shown = after(text, "answer › skip")
    assert ("[paged]" in text) == (height == 14)
    assert "For each example only one term survives" in text
    assert max(len(line) for line in shown) <= 60, "\n".join(shown)

"""``nnquiz stats`` on a terminal: the same figures as the plain text, drawn with rich."""

from __future__ import annotations

from typing import TextIO


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{round(100 * x)}%"


def _colour(x: float | None) -> str:
    if x is None:
        return "dim"
    return "green" if x >= 0.9 else "yellow" if x >= 0.7 else "red"


def show(data: dict, out: TextIO | None = None, now=None, zone=None) -> None:
    """Headline figures, then a table of reviews, accuracy and due cards per family
    (``now`` and ``zone`` as for :func:`.stats.text_lines`)."""
    from rich.console import Console
    from rich.table import Table

    from .stats import text_lines

    console = Console(file=out, width=min(80, Console(file=out).width), highlight=False)
    lines = text_lines(data, now, zone)
    for line in lines[: lines.index("")]:
        head, _, rest = line.partition(": ")
        console.print(f"[bold]{head}:[/bold] {rest}")
    table = Table(show_edge=False, header_style="bold cyan", pad_edge=False)
    for name, justify in (("family", "left"), ("reviews", "right"), ("correct", "right"),
                          ("accuracy", "right"), ("due", "right")):  # fmt: skip
        table.add_column(name, justify=justify)
    rows = list(data["families"].items()) + [("concept cards", data["concepts"])]
    for name, v in rows:
        style = "dim" if not v["reviews"] else None
        acc = f"[{_colour(v['accuracy'])}]{_pct(v['accuracy'])}[/]"
        due = f"[bold]{v['due']}[/bold]" if v["due"] else "0"
        table.add_row(name, str(v["reviews"]), str(v["correct"]), acc, due, style=style)
    console.print()
    console.print(table)

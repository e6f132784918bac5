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
    """Headline figures, then a table of reviews, accuracy and due cards per family (and
    per difficulty: easy, medium, hard); ``now`` and ``zone`` as for
    :func:`.stats.text_lines`."""
    from rich.console import Console
    from rich.markup import escape
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from .stats import table_rows, text_lines

    console = Console(file=out, width=min(80, Console(file=out).width), highlight=False)
    lines = text_lines(data, now, zone)
    for line in lines[: lines.index("")]:
        if line.startswith(" "):  # a flag under "Flagged:", the student's note wrapped in
            console.print(Padding(Text(line.strip(), style="dim"), (0, 0, 0, 4)))
            continue
        head, _, rest = line.partition(": ")
        console.print(f"[bold]{escape(head)}:[/bold] {escape(rest)}")
    table = Table(show_edge=False, header_style="bold cyan", pad_edge=False)
    for name, justify in (("family", "left"), ("reviews", "right"), ("correct", "right"),
                          ("accuracy", "right"), ("due", "right"), ("e m h", "left")):  # fmt: skip
        table.add_column(name, justify=justify)
    for name, v, due in table_rows(data):
        style = "dim" if not v["reviews"] else None
        acc = f"[{_colour(v['accuracy'])}]{_pct(v['accuracy'])}[/]"
        total, _, levels = due.strip().partition("  ")
        total = f"[bold]{total}[/bold]" if v["due"] else "0"
        table.add_row(name, str(v["reviews"]), str(v["correct"]), acc, total, levels, style=style)
    console.print()
    console.print(table)

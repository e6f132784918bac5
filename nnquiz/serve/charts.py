"""The stats page's two small charts, as inline SVG text (no script, no library): the
reviews of each practice day as a heatmap (weeks × days, as GitHub draws a year), and
the accuracy of each family as bars. Colours come from the page's CSS (classes), so
they follow the light and dark schemes; every number is also in a ``<title>`` (shown
on hover and read by screen readers) and in the table beside the chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from html import escape

CELL, GAP = 11, 2  # heatmap square and the space between squares (SVG units)
LEFT, TOP = 28, 16  # room for the weekday and month labels (12 px: 11 px at 390 px)
WEEKS = 26
DAYS = ("Mon", "", "Wed", "", "Fri", "", "")
BAR_ROW, LABEL_W, BAR_W = 20, 150, 130


def level(n: int, most: int) -> int:
    """0 for no reviews, else 1–4 by the share of the busiest day (which is 4)."""
    if n <= 0 or most <= 0:
        return 0
    return min(4, -(-4 * n // most))


def heatmap(days: Mapping[date, int], today: date, weeks: int = WEEKS) -> str:
    """The last ``weeks`` weeks up to ``today``: one column a week (Monday at the top),
    one square a day, darker for more reviews."""
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    most = max((n for d, n in days.items() if start <= d <= today), default=0)
    cells, months = [], []
    for k in range((today - start).days + 1):
        d = start + timedelta(days=k)
        col, row = divmod(k, 7)
        x, y = LEFT + col * (CELL + GAP), TOP + row * (CELL + GAP)
        n = days.get(d, 0)
        said = f"{d.isoformat()}: {n} review{'s' if n != 1 else ''}"
        cells.append(
            f'<rect class="h{level(n, most)}" x="{x}" y="{y}" width="{CELL}" '
            f'height="{CELL}" rx="2"><title>{said}</title></rect>'
        )
        if d.day == 1 or k == 0:
            months.append((col, d))
    labels = [
        f'<text x="{LEFT + col * (CELL + GAP)}" y="{TOP - 4}">{d.strftime("%b")}</text>'
        for col, d in _month_labels(months)
    ] + [
        f'<text x="0" y="{TOP + r * (CELL + GAP) + CELL - 2}">{name}</text>'
        for r, name in enumerate(DAYS)
        if name
    ]
    width = LEFT + weeks * (CELL + GAP) + 12  # room for a month named in the last week
    height = TOP + 7 * (CELL + GAP)
    total = sum(n for d, n in days.items() if start <= d <= today)
    title = f"Reviews per day, the last {weeks} weeks: {total} in all"
    return _svg("heatmap", width, height, title, [*labels, *cells])


def _month_labels(starts: list[tuple[int, date]]) -> list[tuple[int, date]]:
    """Each month named over the week of its 1st (so this month is named as soon as it
    begins); the first week's month too, unless the next name is too close to it."""
    firsts = [(col, d) for col, d in starts if d.day == 1]
    first = starts[0]
    if first[1].day != 1 and (not firsts or firsts[0][0] - first[0] >= 3):
        firsts.insert(0, first)
    return firsts


def bars(rows: Sequence[tuple[str, int, int]]) -> str:
    """Accuracy per family: one bar a row, ``(name, correct, reviews)``; a row with no
    reviews shows a dash."""
    parts = []
    for i, (name, right, n) in enumerate(rows):
        y = i * BAR_ROW
        share = right / n if n else 0.0
        said = f"{round(100 * share)}% of {n}" if n else "–"
        parts.append(f'<text class="name" x="0" y="{y + 14}">{escape(name)}</text>')
        parts.append(
            f'<rect class="track" x="{LABEL_W}" y="{y + 4}" width="{BAR_W}" height="12" rx="2"/>'
        )
        if n:
            parts.append(
                f'<rect class="bar" x="{LABEL_W}" y="{y + 4}" width="{round(BAR_W * share, 1)}" '
                f'height="12" rx="2"><title>{escape(name)}: {right} of {n} right</title></rect>'
            )
        parts.append(f'<text class="value" x="{LABEL_W + BAR_W + 6}" y="{y + 14}">{said}</text>')
    width = LABEL_W + BAR_W + 70
    return _svg("bars", width, max(1, len(rows)) * BAR_ROW, "Accuracy per family", parts)


def _svg(kind: str, width: int, height: int, title: str, parts: list[str]) -> str:
    return (
        f'<svg class="chart {kind}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )

"""A problem and a concept card as the page shows them: MathML made on the server, text
escaped, the shape of each answer and how to type it, figures kept to what nnquiz
draws; and the stats page's charts."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from nnquiz.concepts import Card
from nnquiz.problems import registry
from nnquiz.render.mathml import card_html
from nnquiz.serve import charts, views

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<circle cx="5" cy="5" r="4" fill="currentColor"/></svg>'
)


@pytest.mark.parametrize("family", registry.ids())
def test_every_family_shows_as_mathml_with_no_tex_left(family):
    for difficulty in ("easy", "medium", "hard"):
        data = registry.generate(family, 3, difficulty).to_dict()
        v = views.problem_view(data)
        shown = v.statement + "".join(p.prompt for p in v.parts) + views.solution_html(data)
        assert "<math" in shown and "tex-error" not in shown
        assert "\\(" not in shown and "\\[" not in shown and "\\frac" not in shown
        assert [p.label for p in v.parts] == [p["label"] for p in data["parts"]]


def test_each_part_states_its_shape_and_how_to_type_it():
    assert views.example(()) == "e.g. 0.25 or 1/4"
    assert views.example((3,)) == "[a, b, c]"
    assert views.example((8,)) == "[x1, x2, …, x8]"
    assert views.example((2, 2)) == "[a b; c d]"
    assert views.example((4, 5)).startswith("4 rows of 5")
    data = registry.generate("softmax", 1, "easy").to_dict()
    part = views.problem_view(data).parts[0]
    n = len(data["parts"][0]["answer"])
    assert part.shape == f"a vector of {n} entries"


def test_text_is_escaped_and_only_mathml_is_markup():
    data = registry.generate("softmax", 1, "easy").to_dict()
    data["title"] = "<b>bold</b>"
    data["question"]["latex"] = "a <script>alert(1)</script> & \\(x < 1\\)"
    v = views.problem_view(data)
    assert "<script>" not in v.statement and "&lt;script&gt;" in v.statement
    assert "<mo>&lt;</mo>" in v.statement
    assert v.title == "<b>bold</b>"  # plain text: the template escapes it


def test_figures_inline_and_anything_else_stands_as_its_description():
    def fig(svg, where="question"):
        return {"name": "n", "where": where, "svg": svg, "alt": "a circle"}

    data = {"figures": [fig('<?xml version="1.0"?>\n' + SVG), fig(SVG, "solution")]}
    (q,) = views.figures(data, "question")
    assert q.svg.startswith("<svg") and q.alt == "a circle"
    assert len(views.figures(data, "solution")) == 1
    assert views.figures({}, "question") == ()
    hostile = [
        SVG.replace("<circle", "<script>alert(1)</script><circle"),
        SVG.replace("<circle", '<circle onload="alert(1)"'),
        SVG.replace("<circle", '<image href="http://example.com/x.png"/><circle'),
        SVG.replace("<circle", "<foreignObject><p>x</p></foreignObject><circle"),
        "<p>not an svg</p>",
    ]
    for svg in hostile:
        (f,) = views.figures({"figures": [fig(svg)]}, "question")
        assert f.svg == "" and f.alt == "a circle", svg
    (local,) = views.figures({"figures": [fig(SVG.replace("<circle", '<use href="#c"/><circle'))]},
                             "question")  # fmt: skip
    assert local.svg  # a link inside the figure is its own


def test_a_card_s_markup_lists_bold_and_math():
    html = card_html("- one **two**\n  three\n- \\(x < 1\\)\n\nText & <b>\n\\[\\sigma(z)\\]")
    assert "<ul><li>one <b>two</b> three</li><li><math>" in html
    assert "Text &amp; &lt;b&gt;" in html and '<math display="block">' in html
    card = Card("c", "Topic", "Section", "front \\(a\\)", "back", "the notes lost a sign")
    v = views.card_view("card:c", card)
    assert v.where == "Topic · Section" and "<math>" in v.front and "lost a sign" in v.erratum


def test_a_card_s_figure_goes_with_its_back():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Drawn:
        name: str
        where: str
        svg: str
        alt: str

    @dataclass(frozen=True)
    class Pictured:  # a card with ``figure = NAME``, drawn by ``drawing()``
        id: str
        section: str
        front: str
        back: str
        figure: str = "sigmoid"

        def drawing(self):
            return Drawn(self.figure, "back", SVG, "the sigmoid and its derivative")

    v = views.card_view("card:p", Pictured("p", "S", "front", "back"))
    assert [(f.name, f.alt) for f in v.figures] == [("sigmoid", "the sigmoid and its derivative")]
    assert v.figures[0].svg.startswith("<svg")
    plain = Card("c", "Topic", "Section", "front", "back")
    assert views.card_view("card:c", plain).figures == ()


def test_the_heatmap_has_a_square_a_day_and_the_busiest_day_darkest():
    today = date(2026, 3, 4)  # a Wednesday
    days = {today: 6, today - timedelta(days=1): 1, today - timedelta(days=400): 9}
    svg = charts.heatmap(days, today)
    assert svg.count("<rect") == 25 * 7 + 3  # 25 whole weeks and this week to Wednesday
    assert "2026-03-04: 6 reviews" in svg and "2026-03-03: 1 review<" in svg
    assert svg.count('class="h4"') == 1 and svg.count('class="h1"') == 1
    assert "7 in all" in svg  # the day 400 days ago is not in it
    assert [charts.level(n, 8) for n in (0, 1, 2, 3, 4, 6, 8)] == [0, 1, 1, 2, 2, 3, 4]


def test_each_month_is_named_over_the_week_of_its_1st_this_one_too():
    today = date(2026, 12, 6)  # a Sunday: this week began on Monday 30 November
    svg = charts.heatmap({today: 3}, today)
    named = dict(re.findall(rf'<text x="(\d+)" y="{charts.TOP - 4}">(\w+)</text>', svg))
    col = {n: (int(x) - charts.LEFT) // (charts.CELL + charts.GAP) for x, n in named.items()}
    assert col == {"Jun": 0, "Jul": 3, "Aug": 7, "Sep": 12, "Oct": 16, "Nov": 20, "Dec": 25}

    # the first week named only when the next name leaves room for it
    def names(weeks: int) -> list[str]:
        svg = charts.heatmap({}, date(2026, 7, 20), weeks=weeks)
        return re.findall(rf'y="{charts.TOP - 4}">(\w+)<', svg)

    assert names(6) == ["Jul"]  # June's name would touch July's, two weeks on
    assert names(7) == ["Jun", "Jul"]
    assert names(3) == ["Jul"]  # 29 June's week holds 1 July


def test_accuracy_bars_escape_their_names():
    svg = charts.bars([("a<b", 3, 4), ("none", 0, 0)])
    assert "a&lt;b" in svg and "75% of 4" in svg and "–" in svg
    assert svg.count('class="bar"') == 1

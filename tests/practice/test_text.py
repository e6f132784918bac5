"""Terminal text: fitting problems to 80 columns without breaking the math, and LaTeX
from concept cards as Unicode."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz.problems import registry
from nnquiz.render.fit import fit, wrap
from nnquiz.render.formats import text
from nnquiz.render.unitex import card_text, tex


def squeeze(s: str) -> str:
    return "".join(s.split())


@pytest.mark.parametrize("family", registry.ids())
@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_every_problem_and_solution_fits_80_columns_and_keeps_every_character(family, difficulty):
    for seed in range(6):
        p = registry.generate(family, seed, difficulty)
        original = text(p, solution=True)
        fitted = fit(original, 80)
        assert max(len(line) for line in fitted.split("\n")) <= 80, p.id
        assert sorted(squeeze(fitted)) == sorted(squeeze(original))  # nothing lost


def test_a_matrix_drawing_is_split_between_matrices_never_inside_one():
    p = registry.generate("sgd", 0, "hard")
    fitted = fit(text(p, solution=True), 80).split("\n")
    for line in fitted:
        if "⎡" in line:  # a matrix top: every row of it keeps its brackets on one line
            assert line.count("⎡") == line.count("⎤")
    start = next(i for i, s in enumerate(fitted) if "W⁽²⁾ (new) =" in s)
    block = fitted[start - 1 : start + 5]
    assert block[3].strip().startswith("⎡")  # the result moved below, still a matrix


def test_prose_wraps_at_spaces_and_short_text_is_unchanged():
    assert fit("short line\n    x = 1", 80) == "short line\n    x = 1"
    long = "word " * 30
    lines = fit(long.strip(), 40).split("\n")
    assert all(len(line) <= 40 for line in lines) and " ".join(lines) == long.strip()
    assert fit("• " + "item " * 20, 30).split("\n")[1].startswith("  ")


@settings(max_examples=200)
@given(st.text(alphabet=" ab=+−·⎡⎢⎤⎣⎦[]()\n0123456789", max_size=300), st.integers(20, 100))
def test_fitting_never_loses_characters(s, width):
    assert sorted(squeeze(fit(s, width))) == sorted(squeeze(s))


@settings(max_examples=200)
@given(st.text(alphabet=" ab=+−·[]()\n0123456789", max_size=300), st.integers(20, 100))
def test_fitting_one_line_formulas_keeps_their_order(s, width):
    assert squeeze(fit(s, width)) == squeeze(s)


@pytest.mark.parametrize(
    "latex, shown",
    [
        (r"w^{(2)}_{31}", "w⁽²⁾₃₁"),
        (r"w^{(a)}_{bc}", "w⁽ᵃ⁾_bc"),
        (r"\hat{y}_c", "ŷ_c"),
        (r"\sigma(z) = \frac{1}{1+e^{-z}}", "σ(z) = 1/(1+e⁻ᶻ)"),
        (r"\frac{\partial \mathcal{L}}{\partial z}", "∂ℒ/∂z"),
        (r"-\frac{1}{n} \sum_{i=1}^{n}", "−(1/n) Σᵢ₌₁ⁿ"),
        (r"x \in \mathbb{R}^d", "x ∈ ℝᵈ"),
        (r"m \times d", "m × d"),
        (r"{W^{(k)}}^\top \delta", "W⁽ᵏ⁾ᵀ δ"),
        (r"\operatorname{ReLU}(z) = \max(0, z)", "ReLU(z) = max(0, z)"),
        (r"x_{\text{adv}} = x + \epsilon \operatorname{sign}(\nabla_x \mathcal{L})",
         "x_adv = x + ε sign(∇ₓ ℒ)"),
        (r"\ln p + \ln(1 - p)", "ln p + ln(1 − p)"),
        (r"\left[ a \right]", "[ a ]"),
        (r"\begin{cases} 1 & z > 0 \\ 0 & \text{otherwise} \end{cases}",
         "{ 1 if z > 0; 0 otherwise }"),
        (r"e^{z_j}", "e^(zⱼ)"),
    ],
)  # fmt: skip
def test_tex_as_unicode(latex, shown):
    assert tex(latex) == shown


def test_a_card_side_has_inline_math_in_place_and_display_math_on_its_own_line():
    side = "The loss \\(L\\) is\n\\[L = -\\ln p\\]\n- first\n- **second**"
    assert card_text(side) == "The loss L is\n\n    L = −ln p\n\n• first\n• **second**"


@settings(max_examples=300)
@given(st.text(alphabet="\\{}^_&ab1 ()[]fracsqrtleftbegin", max_size=80))
def test_tex_never_fails(s):
    assert isinstance(tex(s), str)
    assert isinstance(card_text("\\(" + s + "\\)"), str)


def test_every_shipped_concept_card_renders_without_leftover_latex():
    from nnquiz.practice.concepts import load

    for card in load():
        for side in (card.front, card.back, card.erratum):
            shown = card_text(side)
            assert "\\" not in shown and "$" not in shown, (card.id, shown)
            assert not any(w in shown for w in ("frac", "mathcal", "operatorname")), card.id


# ---------------------------------------------------------------- never inside a formula


def prose_lines(p) -> list[str]:
    """The prose a student reads of problem ``p`` (statement, prompts, the solution's
    prose lines, the declared mistakes' messages): lines that are word-wrapped."""
    lines = [*p.question_text.split("\n"), *(part.prompt for part in p.parts)]
    lines += [x for x in p.solution_text.split("\n") if x[:1] != " "]
    lines += [m.message for m in p.mistakes]
    return [x for x in lines if x.strip()]


def math_groups(line: str) -> list[str]:
    """The innermost bracketed groups of ``line`` that hold math: '(1 − yᵢ)'."""
    from nnquiz.render.breaks import mathy

    out, opened = [], []
    for i, c in enumerate(line):
        if c in "([":
            opened.append(i)
        elif c in ")]" and opened:
            group = line[opened.pop() : i + 1]
            if " " in group and mathy(group.strip("()[]")):
                out.append(group)
    return out


@pytest.mark.parametrize("width", [40, 60, 100])
def test_prose_never_breaks_inside_a_formula_an_operator_or_a_key_hint(width):
    """At any width, a short bracketed formula ('(1 − yᵢ)') stays on one line, no line
    ends with an operator standing alone ('L =' then the rest below), and nothing is
    lost; lines fit unless one word is wider."""
    for family in registry.ids():
        for difficulty in ("easy", "medium", "hard"):
            p = registry.generate(family, 1, difficulty)
            for line in prose_lines(p):
                out = wrap(line, width, "", "  ")
                assert " ".join(" ".join(x.split()) for x in out) == " ".join(line.split())
                for group in math_groups(line):
                    if len(group) <= width - 2:
                        assert any(group in x for x in out), (p.id, group, out)
                for x in out:
                    assert x.split()[-1] not in ("=", "≈", "+", "−", "×", "/"), (p.id, out)
                    assert len(x) <= width or " " not in x.strip(), (p.id, out)


def test_the_bce_statement_and_the_key_hints_at_60_columns():
    p = registry.generate("bce", 100002, "easy")
    out = fit(p.question_text, 60).split("\n")
    assert "L = −(1/n) Σᵢ [yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ)]." in out
    head = "nnquiz practice · 0 due, 3 new · q quits · u undoes · ? helps"
    for width in range(30, 62):
        lines = wrap(head, width, "", "  ")
        for hint in ("q quits", "u undoes", "? helps"):
            assert any(hint in x for x in lines), (width, lines)
    read = wrap("✓ correct, read as [0.046612622578, 0.936239551877, 0.0171478255455]", 60)
    assert read[1] == "[0.046612622578, 0.936239551877, 0.0171478255455]"  # a vector whole
    wide = "Use z = " + " + ".join(f"w{k}·x{k}" for k in range(12)) + " to find it."
    lines = wrap(wide, 40, "", "  ")  # wider than the line: opened before a sum
    assert all(len(x) <= 40 for x in lines) and lines[1].lstrip().startswith("+"), lines

"""Figures of points in the plane: ``separable``'s points with the candidate line and
the answer (a separating line, or the point P that proves there is none), and
``perceptron``'s training point with the boundary before and after the update; and
``vanishing``'s chain of layers (drawn by :mod:`nnquiz.figures.chain`)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ..figures import Figure, chain, plane
from .notation import num, superscript, sym
from .pictures import figure, text


def coords(p) -> str:
    """A point as the problem writes it: ``(−0.5, 1)``."""
    return _coords(tuple(map(float, p)))


@lru_cache(maxsize=4096)  # points on a grid: they come back
def _coords(p: tuple[float, ...]) -> str:
    return "(" + ", ".join(map(text, p)) + ")"


def separable(given: dict[str, Any], cert, line, table: str = "") -> list[Figure]:
    """The points, each with its coordinates (and the candidate line): the question's
    figure shows all of ``table``, the statement's LaTeX table of the points, and may
    stand in for it; in the solution the points that line misclassifies boxed, and a
    separating line or, when there is none, the point P on a segment between +1 points
    and on one between −1 points."""
    pts = tuple([(float(a), float(b)) for a, b in given["points"]])
    labels = tuple(given["labels"])
    tags = tuple(map(_coords, pts))  # each point's coordinates
    shown = "; ".join(
        f"{shape} at " + ", ".join([tag for tag, y in zip(tags, labels) if y == v])
        for v, shape in ((1, "○ (label +1)"), (-1, "× (label −1)"))
    )
    alt = f"The {len(pts)} points in the plane: {shown}"
    candidate, wrong = (), ()
    if "theta" in given:
        theta, b = tuple(given["theta"]), given["b"]
        candidate = (plane.Line(theta, b, "candidate θ·x + b = 0", "6 4"),)
        wrong = _misclassified(pts, labels, theta, b)
        alt += "; the candidate line θ·x + b = 0, dashed"
    question = plane.Scene(pts, labels, candidate, tags=tags)
    if cert is None:
        extra = {"lines": candidate + (plane.Line(tuple(line[0]), line[1], "a separating line"),)}
        theta = ", ".join(map(text, line[0]))
        end = f"A separating line (solid): θ = [{theta}], b = {text(line[1])}."
    else:
        point = tuple(float(c) for c in cert.point)
        segments = _hull(cert.pos, pts) + _hull(cert.neg, pts)
        extra = {"lines": candidate, "segments": segments, "spots": ((*point, "P"),)}
        extra["note"] = "No line separates them: P lies between ○ points and between × points."
        end = (
            f"No line separates them: P = {coords(cert.point)} lies on the dotted segments "
            "between ○ points and between × points."
        )
    boxed = ", ".join([tags[k] for k in wrong])
    misfit = f" The candidate misclassifies {boxed} (boxed)." if wrong else ""
    solution = plane.Scene(pts, labels, flagged=wrong, **extra)
    asked = plane.draw(question)  # complete: every point's coordinates written on it
    return [
        figure("points", "question", asked, alt + ".", table if asked.complete else ""),
        figure("separation", "solution", plane.draw(solution), alt + "." + misfit + " " + end),
    ]


def _misclassified(pts, labels, theta, b) -> tuple[int, ...]:
    """The indices of the points the line θ·x + b = 0 gets wrong, y(θ·x + b) ≤ 0 (to 1e-9,
    as ``separable.count_errors`` counts them): worked in floats, and by NumPy, as that
    count is, when a score is near 0 for its size, where the two might round apart."""
    t0, t1, c = float(theta[0]), float(theta[1]), float(b)
    wrong = []
    for k, ((p, q), y) in enumerate(zip(pts, labels)):
        u, v = p * t0, q * t1
        m, size = u + v + c, abs(u) + abs(v) + abs(c)
        if m == 0 and size < 1e6:  # on the line, by NumPy's reckoning too (to 1e-9)
            wrong.append(k)
            continue
        if abs(m) < 1e-6 * (1 + size):  # near 0: rounding may decide
            m = np.asarray(labels) * (np.asarray(pts) @ np.asarray(theta, dtype=float) + c)
            return tuple(int(k) for k in np.flatnonzero(np.round(m, 9) <= 0))
        if y * m < 0:
            wrong.append(k)
    return tuple(wrong)


def _hull(weights: dict, pts) -> tuple:
    """The sides of the polygon of the points a certificate averages (dotted)."""
    used = [pts[i] for i in sorted(weights)]
    if len(used) < 2:
        return ()
    pairs = list(zip(used, used[1:])) + ([(used[-1], used[0])] if len(used) > 2 else [])
    return tuple(pairs)


def perceptron(given: dict[str, Any], wrong: bool, new) -> list[Figure]:
    """The point and θ's boundary (with θ, which points to the +1 side); in the solution
    the boundary before and after the update. Drawn for points in the plane only."""
    x, y = tuple(given["x"]), int(given["y"])
    theta, b = tuple(map(float, given["theta"])), float(given["b"])
    theta2, b2 = tuple(map(float, new[0])), float(new[1])
    shape = "○ (label +1)" if y == 1 else "× (label −1)"
    where = f"The training point x = ({', '.join(map(text, x))}), drawn as {shape}"

    def boundary(t, c, name, dash):
        return (plane.Line(t, c, name, dash),) if any(t) else ()

    def arrow(t, label):
        return (plane.Arrow((0.0, 0.0), t, label),) if any(t) else ()

    before = boundary(theta, b, "boundary θ·x + b = 0", "6 4")
    zero = "θ = 0: no boundary yet (every point scores b)."
    question = plane.Scene(
        (x,), (y,), before, arrows=arrow(theta, "θ"), note="" if any(theta) else zero
    )
    alt = where + (
        ", the boundary θ·x + b = 0 (dashed) and θ as an arrow from the origin, pointing to "
        "the side the perceptron calls +1."
        if any(theta)
        else "; θ = 0, so there is no boundary yet."
    )
    after = boundary(theta2, b2, "after the update", "") if wrong else ()
    old = boundary(theta, b, "before", "6 4")
    update = plane.Scene(
        (x,),
        (y,),
        old + after,
        flagged=(0,) if wrong else (),
        arrows=arrow(theta, "θ") + (arrow(theta2, "θ (new)") if wrong else ()),
        note="" if wrong else "Classified correctly: no update.",
    )
    then = (
        "; it is misclassified (boxed), so the update moves the boundary from the dashed "
        "line to the solid one, and θ to θ (new)."
        if wrong
        else "; it is classified correctly, so θ and b stay as they are."
    )
    return [
        figure("points", "question", plane.draw(question), alt),
        figure("update", "solution", plane.draw(update), where + then),
    ]


SHOWN = 6  # a longer chain is drawn with its first and last layers and ⋮ between


def vanishing(given: dict[str, Any], v: dict[str, Any], L: int) -> list[Figure]:
    """``vanishing``'s chain of ``L`` sigmoid units with its factors (question), and with
    σ′ and the gradient at each node, a bar as long as the gradient (solution); without
    a chain's numbers (``given`` holds only the depth), its bounds."""
    if "w" not in given:
        return list(_bounds(L))
    return _chains(given, v, L)


@lru_cache(maxsize=64)  # a chain without numbers depends on its depth alone
def _bounds(L: int) -> tuple[Figure, ...]:
    return tuple(_chains({}, {}, L))


def _chains(given: dict[str, Any], v: dict[str, Any], L: int) -> list[Figure]:
    rows, nodes, unit_at, solved_at, link_at, top_at = _chain_words(L)
    if "w" in given:
        w, z, u = given["w"], given["z"], float(given["upstream"])
        d = list(map(float, v["d"]))
        grads = [u]  # ∂L/∂h from the top down: ∂L/∂h⁽ᴸ⁺¹⁾ = u, then × σ′ × w per layer
        for k in range(L - 1, -1, -1):
            grads.append(grads[-1] * d[k] * float(w[k]))
        grads = grads[::-1]  # [k]: ∂L/∂h at node k (0: the input x)
        shown = set(rows)  # a long chain's middle is left out: its texts are not written
        unit = [a + text(z[k - 1]) if k in shown else "" for k, a in enumerate(unit_at)]
        solved = [a + text(d[k - 1]) if k in shown else "" for k, a in enumerate(solved_at)]
        link = [a + text(w[k]) if k in shown else "" for k, a in enumerate(link_at)]
        top = top_at + text(u)
    else:
        grads = [0.25 ** (L - k) for k in range(L + 1)]
        unit = ["× σ′(z) ≤ 0.25"] * (L + 1)
        solved = unit
        link = ["× w = 1"] * L
        top = ""
    values = [_chain_grad(k, L, grads, "w" in given) for k in rows]
    size = max(abs(g) for g in grads) or 1.0
    bars = [abs(grads[k]) / size if 0 <= k <= L else 0.0 for k in rows]

    def notes(texts):
        hidden = f"({L - 4} more layers)"
        return tuple(hidden if k == -1 else "" if k in (0, L + 1) else texts[k] for k in rows)

    links = tuple(
        "" if k == -1 or nxt == -1 else top if k == L else link[k] for k, nxt in zip(rows, rows[1:])
    )
    question = chain.Chain(nodes, notes(unit), links, heads=("forward ↓", ""))
    answer = chain.Chain(
        nodes, notes(solved), links, tuple(values), tuple(bars), ("", "gradient ∂L/∂h")
    )
    words = f"A chain of {L} sigmoid unit{'s' * (L != 1)} from the input x down to the loss L"
    return [
        figure(
            "chain",
            "question",
            chain.draw(question),
            words + ": each link multiplies a gradient by its weight w, each unit by σ′(z).",
        ),
        figure(
            "gradients",
            "solution",
            chain.draw(answer),
            words + ": beside each node the gradient ∂L/∂h that reaches it, with a bar as "
            f"long as its size; it goes from {values[-2]} at the top unit to {values[0]} at x.",
        ),
    ]


@lru_cache(maxsize=64)
def _chain_words(L: int):
    """What a chain of ``L`` units writes whatever its numbers: the rows drawn (node k: 0
    the input, 1…L the units, L + 1 the loss; -1 for ⋮), their names, and what comes
    before each number: beside unit k (question, solution), beside link k, at the top."""
    rows = list(range(L + 2))
    if L > SHOWN:
        rows = rows[:3] + [-1] + rows[-3:]
    nodes = tuple(_chain_node(k, L) for k in rows)
    sym_d = [f"σ′({sym('z', k + 1).text})" for k in range(L + 1)]  # [k]: unit k's
    unit = tuple(f"× {sym_d[k]}, z{superscript(f'({k + 1})')} = " for k in range(L + 1))
    solved = tuple(f"{sym_d[k]} ≈ " for k in range(L + 1))
    link = tuple(f"× w{superscript(f'({k + 1})')} = " for k in range(L))
    return rows, nodes, unit, solved, link, f"∂L/∂h{superscript(f'({L + 1})')} = "


def _chain_node(k: int, L: int) -> str:
    if k == -1:
        return chain.ELLIPSIS
    return "x" if k == 0 else "L" if k == L + 1 else sym("h", k + 1).text


def _chain_grad(k: int, L: int, grads: list[float], known: bool) -> str:
    """The gradient at node k (an upper bound when the chain has no numbers)."""
    if k == -1:
        return ""
    if k == L + 1:
        return ""
    g = num(grads[k]).text  # a product of the chain's numbers: seldom written twice
    return g if known or k == L else "≤ " + g

"""Figures of points in the plane: ``separable``'s points with the candidate line and
the answer (a separating line, or the point P that proves there is none), and
``perceptron``'s training point with the boundary before and after the update."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..figures import Figure, plane
from .pictures import figure, text


def coords(p) -> str:
    """A point as the problem writes it: ``(−0.5, 1)``."""
    return "(" + ", ".join(text(float(c)) for c in p) + ")"


def separable(given: dict[str, Any], cert, line) -> list[Figure]:
    """The points (and the candidate line); in the solution the points that line
    misclassifies boxed, and a separating line or, when there is none, the point P on a
    segment between +1 points and on one between −1 points."""
    pts = tuple((float(a), float(b)) for a, b in given["points"])
    labels = tuple(given["labels"])
    shown = "; ".join(
        f"{shape} at " + ", ".join(coords(p) for p, y in zip(given["points"], labels) if y == v)
        for v, shape in ((1, "○ (label +1)"), (-1, "× (label −1)"))
    )
    alt = f"The {len(pts)} points in the plane: {shown}"
    candidate, wrong = (), ()
    if "theta" in given:
        theta, b = tuple(given["theta"]), given["b"]
        candidate = (plane.Line(theta, b, "candidate θ·x + b = 0", "6 4"),)
        m = np.asarray(labels) * (np.asarray(pts) @ np.asarray(theta, dtype=float) + float(b))
        wrong = tuple(int(k) for k in np.flatnonzero(np.round(m, 9) <= 0))
        alt += "; the candidate line θ·x + b = 0, dashed"
    question = plane.Scene(pts, labels, candidate)
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
    boxed = ", ".join(coords(given["points"][k]) for k in wrong)
    misfit = f" The candidate misclassifies {boxed} (boxed)." if wrong else ""
    solution = plane.Scene(pts, labels, flagged=wrong, **extra)
    return [
        figure("points", "question", plane.draw(question), alt + "."),
        figure("separation", "solution", plane.draw(solution), alt + "." + misfit + " " + end),
    ]


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
    theta, b = tuple(float(v) for v in given["theta"]), float(given["b"])
    theta2, b2 = tuple(float(v) for v in new[0]), float(new[1])
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

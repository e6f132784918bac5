"""Canvas: a QTI 1.2 zip (Classic Quizzes; New Quizzes imports it too).

One question group per question ("pick 1 of N", the question's points each), whose
items are the variants: a student draws one variant and answers all of its parts.

Canvas has no question type with several numeric boxes, so a variant becomes:

- a **numerical question** when it asks for one number: the answer is a range,
  [answer − t, answer + t] with t the part's tolerance, widened outward to 4 decimal
  places, which is all Canvas keeps of a numerical answer (so a value more than 0.0001
  outside the tolerance is refused, and every value within it accepted);
- a **fill in multiple blanks** question otherwise (and for a number whose tolerance is
  finer than 0.0001): one blank per number, laid out as the part's vector or matrix.
  Canvas compares a blank's text, not its value, so the question asks for 3 or 4
  significant digits and each blank accepts every number of 3 significant digits
  within the tolerance and the ``MAX_TEXTS`` nearest of 4 (so a 4-digit value far out
  in a wide tolerance may be refused by Canvas); ``nnquiz grade`` reads the quiz's
  "student analysis" export to grade every number with the tolerance itself.

Math is MathML; the worked solution is each item's general feedback; every item's title
carries the variant's problem id.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from xml.etree import ElementTree as ET

from ..homework.assignment import Assignment
from . import html
from .variants import Entry, QuizQuestion, Variant, entries, half_width

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CC_NS = "http://canvas.instructure.com/xsd/cccv1p0"
MANIFEST_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
PLACES = Decimal("0.0001")  # Canvas keeps 4 decimal places of a numerical answer
MAX_TEXTS = 24  # numbers a blank accepts at most (the nearest to the answer)
ZIP_COMMENT = b"nnquiz quiz export (Canvas QTI 1.2)"
NUMERIC_NOTE = "Canvas accepts any number within the tolerance."
TEXT_NOTE = (
    "Type each number rounded to 3 or 4 significant digits, with a leading zero: "
    "0.1234, 12.34, -0.00568, 3.142e-7 (whole numbers as they are)."
)


def canvas_range(value: float, tol) -> tuple[Decimal, Decimal] | None:
    """The range Canvas accepts: the tolerance's, widened outward to 4 decimals; None
    when 4 decimals cannot hold it (a tolerance below 0.0001 on a value with more
    decimals)."""
    t = half_width(value, tol)
    lo = Decimal(repr(value - t)).quantize(PLACES, rounding=ROUND_FLOOR)
    hi = Decimal(repr(value + t)).quantize(PLACES, rounding=ROUND_CEILING)
    if t >= 1e-4 or (lo == hi == Decimal(repr(value))):
        return lo, hi
    return None


def texts(value: float, tol) -> list[str]:
    """Every number of 3 significant digits within the tolerance of ``value`` and the
    MAX_TEXTS nearest of 4, nearest first, written as a student would (``0.12`` and
    ``0.1200``)."""
    t = half_width(value, tol)
    target = Decimal(repr(value))
    if t == 0 or value == int(value) and t < 0.5:
        return [_plain(target.normalize())]
    lo, hi = Decimal(repr(value - t)), Decimal(repr(value + t))
    three: dict[Decimal, None] = {}
    four: dict[Decimal, None] = {}
    for found, digits in ((three, 3), (four, 4)):
        for edge in (lo, hi, target):
            if edge != 0:
                _grid(found, lo, hi, edge.adjusted(), digits)
    if lo <= 0 <= hi:
        three[Decimal(0)] = None
    near = sorted(four, key=lambda v: abs(v - target))[:MAX_TEXTS]
    chosen = sorted({*three, *near}, key=lambda v: abs(v - target))
    return list(dict.fromkeys(s for v in chosen for s in _forms(v)))


def _grid(found: dict, lo: Decimal, hi: Decimal, e: int, digits: int) -> None:
    """Add to ``found`` the numbers of ``digits`` significant digits with leading power
    of ten ``e`` in [lo, hi]."""
    step = Decimal(1).scaleb(e - digits + 1)
    k = (lo / step).to_integral_value(ROUND_CEILING)
    while k * step <= hi:
        v = k * step
        if v == 0 or v.adjusted() == e:
            found[v.normalize()] = None
        k += 1


def _forms(v: Decimal) -> list[str]:
    """``0.12`` and ``0.1200`` (4 significant digits); below 0.001 also ``1.2e-7``."""
    if v == 0:
        return ["0"]
    e = v.adjusted()
    four = v.quantize(Decimal(1).scaleb(e - 3))
    out = [_plain(v), _plain(four)]
    if abs(v) < Decimal("0.001"):
        out.append(f"{_plain(v.scaleb(-e))}e{e}")
    return out


def _plain(d: Decimal) -> str:
    return format(d, "f")


def ident(*parts: object) -> str:
    """A stable identifier from ``parts`` (Canvas matches re-imported items by it)."""
    text = "\0".join(map(str, parts))
    return "nnq_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def is_numeric(variant: Variant) -> bool:
    """Whether the variant is one Canvas numerical question (one number that 4 decimal
    places can hold)."""
    found = [e for p in variant.problem.parts for e in entries(p)]
    return len(found) == 1 and canvas_range(found[0].value, found[0].tol) is not None


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    e = ET.SubElement(parent, tag, attrib)
    if text is not None:
        e.text = text
    return e


def _metadata(item: ET.Element, fields: dict[str, str]) -> None:
    md = _el(_el(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields.items():
        f = _el(md, "qtimetadatafield")
        _el(f, "fieldlabel", label)
        _el(f, "fieldentry", entry)


def _mattext(parent: ET.Element, text: str, kind: str = "text/html") -> None:
    _el(_el(parent, "material"), "mattext", text, texttype=kind)


def _outcomes(item: ET.Element) -> ET.Element:
    rp = _el(item, "resprocessing")
    _el(
        _el(rp, "outcomes"),
        "decvar",
        maxvalue="100",
        minvalue="0",
        varname="SCORE",
        vartype="Decimal",
    )
    return rp


def _feedback(item: ET.Element, rp: ET.Element, solution: str) -> None:
    cond = _el(rp, "respcondition", **{"continue": "Yes"})
    _el(_el(cond, "conditionvar"), "other")
    _el(cond, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    fb = _el(item, "itemfeedback", ident="general_fb")
    _mattext(_el(fb, "flow_mat"), solution)


def numeric_item(v: Variant, points: float) -> ET.Element:
    """A numerical question: one number, its tolerance as a range."""
    e = entries(v.problem.parts[0])[0]
    lo, hi = canvas_range(e.value, e.tol)  # type: ignore[misc]
    item = ET.Element("item", ident=ident(v.problem.id, v.question), title=title(v))
    _metadata(item, _fields("numerical_question", points, ident(v.problem.id, "answer")))
    pres = _el(item, "presentation")
    _mattext(pres, html.question_html(v, "mathml", lambda _e: "", NUMERIC_NOTE))
    fib = _el(_el(pres, "response_str", ident="response1", rcardinality="Single"), "render_fib")
    fib.set("fibtype", "Decimal")
    _el(fib, "response_label", ident="answer1")
    rp = _outcomes(item)
    _feedback(item, rp, html.solution_html(v.problem, "mathml"))
    cond = _el(rp, "respcondition", **{"continue": "No"})
    var = _el(cond, "conditionvar")
    _el(var, "vargte", _plain(lo), respident="response1")
    _el(var, "varlte", _plain(hi), respident="response1")
    _el(cond, "setvar", "100", action="Set", varname="SCORE")
    return item


def blanks_item(v: Variant, points: float) -> ET.Element:
    """A fill in multiple blanks question: one blank per number."""
    found = [e for p in v.problem.parts for e in entries(p)]
    item = ET.Element("item", ident=ident(v.problem.id, v.question), title=title(v))
    answers: list[tuple[Entry, list[tuple[str, str]]]] = []
    for e in found:
        ids = [(f"{e.name}_{k}", s) for k, s in enumerate(texts(e.value, e.tol), 1)]
        answers.append((e, ids))
    all_ids = ",".join(i for _, ids in answers for i, _s in ids)
    _metadata(item, _fields("fill_in_multiple_blanks_question", points, all_ids))
    pres = _el(item, "presentation")
    _mattext(pres, html.question_html(v, "mathml", lambda e: f"[{e.name}]", TEXT_NOTE))
    for e, ids in answers:
        lid = _el(pres, "response_lid", ident=f"response_{e.name}")
        _mattext(lid, e.name, "text/plain")
        choice = _el(lid, "render_choice")
        for i, s in ids:
            _mattext(_el(choice, "response_label", ident=i), s, "text/plain")
    rp = _outcomes(item)
    _feedback(item, rp, html.solution_html(v.problem, "mathml"))
    share = f"{100 / len(found):.2f}"
    for e, ids in answers:
        cond = _el(rp, "respcondition")
        any_of = _el(_el(cond, "conditionvar"), "or")
        for i, _s in ids:
            _el(any_of, "varequal", i, respident=f"response_{e.name}")
        _el(cond, "setvar", share, action="Add", varname="SCORE")
    return item


def _fields(kind: str, points: float, answer_ids: str) -> dict[str, str]:
    return {
        "question_type": kind,
        "points_possible": f"{points:g}",
        "original_answer_ids": answer_ids,
        "assessment_question_identifierref": ident(answer_ids, kind),
    }


def title(v: Variant) -> str:
    """``Q2 v7 backprop:hard:123``: the item's name in Canvas (teachers see it, students
    do not), with the problem id."""
    return f"Q{v.question} v{v.index} {v.problem.id}"


def assessment(plan: Assignment, questions: list[QuizQuestion], quiz_id: str) -> bytes:
    """The questestinterop document: one section (question group) per question."""
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    test = _el(root, "assessment", ident=quiz_id, title=plan.title)
    top = _el(test, "section", ident="root_section")
    for qq in questions:
        points = qq.question.points
        group = _el(top, "section", ident=ident(quiz_id, qq.question.number), title=qq.label)
        sel = _el(_el(group, "selection_ordering"), "selection")
        _el(sel, "selection_number", "1")
        _el(_el(sel, "selection_extension"), "points_per_item", f"{points:g}")
        for v in qq.variants:
            group.append(numeric_item(v, points) if is_numeric(v) else blanks_item(v, points))
    return _xml(root)


def assessment_meta(plan: Assignment, quiz_id: str) -> bytes:
    """Canvas's quiz settings: unpublished, one attempt, answers shown after it."""
    root = ET.Element("quiz", identifier=quiz_id, xmlns=CC_NS)
    _el(root, "title", plan.title)
    _el(root, "description", html.block(plan.instructions, "mathml") if plan.instructions else "")
    for tag, text in [
        ("shuffle_answers", "false"),
        ("scoring_policy", "keep_highest"),
        ("quiz_type", "assignment"),
        ("points_possible", f"{plan.max_points:g}"),
        ("show_correct_answers", "true"),
        ("allowed_attempts", "1"),
        ("one_question_at_a_time", "false"),
        ("available", "false"),
    ]:
        _el(root, tag, text)
    return _xml(root)


def manifest(quiz_id: str) -> bytes:
    root = ET.Element("manifest", identifier=f"{quiz_id}_manifest", xmlns=MANIFEST_NS)
    meta = _el(root, "metadata")
    _el(meta, "schema", "IMS Content")
    _el(meta, "schemaversion", "1.1.3")
    _el(root, "organizations")
    res = _el(root, "resources")
    r = _el(res, "resource", identifier=quiz_id, type="imsqti_xmlv1p2")
    _el(r, "file", href=f"{quiz_id}/{quiz_id}.xml")
    _el(r, "dependency", identifierref=f"{quiz_id}_meta")
    m = _el(
        res,
        "resource",
        identifier=f"{quiz_id}_meta",
        type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
        href=f"{quiz_id}/assessment_meta.xml",
    )
    _el(m, "file", href=f"{quiz_id}/assessment_meta.xml")
    return _xml(root)


def _xml(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def canvas_zip(plan: Assignment, questions: list[QuizQuestion], quiz_id: str) -> bytes:
    """The whole package, as bytes (written by the caller all at once)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.comment = ZIP_COMMENT
        z.writestr("imsmanifest.xml", manifest(quiz_id))
        z.writestr(f"{quiz_id}/assessment_meta.xml", assessment_meta(plan, quiz_id))
        z.writestr(f"{quiz_id}/{quiz_id}.xml", assessment(plan, questions, quiz_id))
    return buf.getvalue()


def is_text_held(value: float, tol) -> bool:
    """Whether a blank can hold the number: the number rounded to 4 significant digits
    is within its tolerance."""
    found = texts(value, tol)
    return bool(found) and abs(float(found[0]) - value) <= half_width(value, tol) * (1 + 1e-12)

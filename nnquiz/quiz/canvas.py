"""Canvas: a QTI 1.2 zip for Classic Quizzes (New Quizzes can import it too).

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

Math is MathML; figures are SVG files in the package (``figures/``), linked from the
item as text2qti links images; the worked solution is each item's general feedback;
every item's title carries the variant's problem id.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

from ..homework.assignment import Assignment
from . import html
from .ranges import canvas_range, plain, texts
from .variants import QuizQuestion, Variant, entries

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CC_NS = "http://canvas.instructure.com/xsd/cccv1p0"
MANIFEST_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
ZIP_COMMENT = b"nnquiz quiz export (Canvas QTI 1.2)"
FIGURES = "figures"  # the package's folder of figures (SVG files)
TEXT_NOTE = (
    "Type each number rounded to 3 or 4 significant digits, with a leading zero "
    "(0.1234, 12.34, -0.00568, 3.142e-7; whole numbers as they are): Canvas compares "
    "the digits."
)


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


# Items are written as text (a quiz holds tens of thousands of accepted answers, which
# ElementTree would build and serialise several times more slowly); every value goes
# through escape() or quoteattr().


def _metadata(fields: dict[str, str]) -> str:
    rows = "".join(
        f"<qtimetadatafield><fieldlabel>{label}</fieldlabel>"
        f"<fieldentry>{escape(entry)}</fieldentry></qtimetadatafield>"
        for label, entry in fields.items()
    )
    return f"<itemmetadata><qtimetadata>{rows}</qtimetadata></itemmetadata>"


def _mattext(text: str, kind: str = "text/html") -> str:
    return f'<material><mattext texttype="{kind}">{escape(text)}</mattext></material>'


OUTCOMES = (
    '<outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/>'
    "</outcomes>"
    '<respcondition continue="Yes"><conditionvar><other/></conditionvar>'
    '<displayfeedback feedbacktype="Response" linkrefid="general_fb"/></respcondition>'
)


def figure_src(problem):
    """Where an item's figure is: a file of the package, which Canvas imports into the
    course's files and links (as text2qti links images)."""
    return lambda f: f"%24IMS-CC-FILEBASE%24/{FIGURES}/{html.figure_file(problem, f)}"


def figure_files(questions: list[QuizQuestion]) -> dict[str, str]:
    """Every figure of every variant: {path in the package: SVG text}."""
    return {
        f"{FIGURES}/{html.figure_file(v.problem, f)}": html.figure_svg(f)
        for qq in questions
        for v in qq.variants
        for where in ("question", "solution")
        for f in html.figures(v.problem, where)
    }


def _item(v: Variant, fields: dict[str, str], presentation: str, conditions: str) -> str:
    solution = _mattext(html.solution_html(v.problem, "mathml", figure_src(v.problem)))
    return (
        f"<item ident={quoteattr(ident(v.problem.id, v.question))} title={quoteattr(title(v))}>"
        f"{_metadata(fields)}<presentation>{presentation}</presentation>"
        f"<resprocessing>{OUTCOMES}{conditions}</resprocessing>"
        f'<itemfeedback ident="general_fb"><flow_mat>{solution}</flow_mat></itemfeedback>'
        "</item>"
    )


def numeric_item(v: Variant, points: float) -> str:
    """A numerical question: one number, its tolerance as a range."""
    e = entries(v.problem.parts[0])[0]
    lo, hi = canvas_range(e.value, e.tol)  # type: ignore[misc]
    fields = _fields("numerical_question", points, ident(v.problem.id, "answer"))
    presentation = (
        _mattext(html.question_html(v, "mathml", lambda _e: "", src=figure_src(v.problem)))
        + '<response_str ident="response1" rcardinality="Single">'
        '<render_fib fibtype="Decimal"><response_label ident="answer1"/></render_fib>'
        "</response_str>"
    )
    condition = (
        '<respcondition continue="No"><conditionvar>'
        f'<vargte respident="response1">{plain(lo)}</vargte>'
        f'<varlte respident="response1">{plain(hi)}</varlte>'
        '</conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition>'
    )
    return _item(v, fields, presentation, condition)


def blanks_item(v: Variant, points: float) -> str:
    """A fill in multiple blanks question: one blank per number."""
    found = [e for p in v.problem.parts for e in entries(p)]
    accepted = [
        [(f"{e.name}_{k}", s) for k, s in enumerate(texts(e.value, e.tol), 1)] for e in found
    ]
    all_ids = ",".join(i for ids in accepted for i, _s in ids)
    fields = _fields("fill_in_multiple_blanks_question", points, all_ids)
    out = [
        _mattext(
            html.question_html(
                v, "mathml", lambda e: f"[{e.name}]", TEXT_NOTE, figure_src(v.problem)
            )
        )
    ]
    conditions = []
    share = f"{100 / len(found):.2f}"
    for e, ids in zip(found, accepted):
        labels = "".join(
            f'<response_label ident="{i}">{_mattext(s, "text/plain")}</response_label>'
            for i, s in ids
        )
        out.append(
            f'<response_lid ident="response_{e.name}">{_mattext(e.name, "text/plain")}'
            f"<render_choice>{labels}</render_choice></response_lid>"
        )
        any_of = "".join(f'<varequal respident="response_{e.name}">{i}</varequal>' for i, _s in ids)
        conditions.append(
            f"<respcondition><conditionvar><or>{any_of}</or></conditionvar>"
            f'<setvar action="Add" varname="SCORE">{share}</setvar></respcondition>'
        )
    return _item(v, fields, "".join(out), "".join(conditions))


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
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<questestinterop xmlns="{QTI_NS}">'
        f"<assessment ident={quoteattr(quiz_id)} title={quoteattr(plan.title)}>"
        '<section ident="root_section">'
    ]
    for qq in questions:
        points = qq.question.points
        out.append(
            f"<section ident={quoteattr(ident(quiz_id, qq.question.number))} "
            f"title={quoteattr(qq.label)}><selection_ordering><selection>"
            "<selection_number>1</selection_number><selection_extension>"
            f"<points_per_item>{points:g}</points_per_item></selection_extension>"
            "</selection></selection_ordering>"
        )
        for v in qq.variants:
            out.append(numeric_item(v, points) if is_numeric(v) else blanks_item(v, points))
        out.append("</section>")
    out.append("</section></assessment></questestinterop>\n")
    return "".join(out).encode("utf-8")


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


def manifest(quiz_id: str, files: list[str] = ()) -> bytes:
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
    for k, path in enumerate(files, 1):
        f = _el(res, "resource", identifier=f"{quiz_id}_figure_{k}", type="webcontent", href=path)
        _el(f, "file", href=path)
    return _xml(root)


def _xml(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def canvas_zip(plan: Assignment, questions: list[QuizQuestion], quiz_id: str) -> bytes:
    """The whole package, as bytes (written by the caller all at once)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.comment = ZIP_COMMENT
        figures = figure_files(questions)
        z.writestr("imsmanifest.xml", manifest(quiz_id, list(figures)))
        z.writestr(f"{quiz_id}/assessment_meta.xml", assessment_meta(plan, quiz_id))
        z.writestr(f"{quiz_id}/{quiz_id}.xml", assessment(plan, questions, quiz_id))
        for path, svg in figures.items():
            z.writestr(path, svg)
    return buf.getvalue()

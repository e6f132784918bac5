"""Canvas: the zip's manifest and items parse, every item's answers are the variant's
(as `nnquiz show` gives them) with the tolerance, and text2qti, a well-kept writer of
Canvas QTI, writes a numerical answer's range exactly as nnquiz does."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest

from nnquiz.problems import registry
from nnquiz.quiz.build import quiz_id
from nnquiz.quiz.canvas import ZIP_COMMENT, canvas_zip, is_numeric
from nnquiz.quiz.ranges import canvas_range, texts
from nnquiz.quiz.variants import entries, half_width

from .conftest import VARIANTS

NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
MF = {"m": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}


@pytest.fixture(scope="module")
def package(plan, questions):
    data = canvas_zip(plan, questions, quiz_id(plan))
    return zipfile.ZipFile(io.BytesIO(data))


def _assessment(package) -> ET.Element:
    manifest = ET.fromstring(package.read("imsmanifest.xml"))
    hrefs = [f.get("href") for f in manifest.iterfind(".//m:file", MF)]
    assert all(h in package.namelist() for h in hrefs)  # every file the manifest names
    meta = next(h for h in hrefs if h.endswith("assessment_meta.xml"))
    assert ET.fromstring(package.read(meta)).tag.endswith("quiz")
    qti = next(h for h in hrefs if h != meta)
    return ET.fromstring(package.read(qti))


def _meta(item: ET.Element, label: str) -> str:
    for f in item.iterfind(".//q:qtimetadatafield", NS):
        if f.findtext("q:fieldlabel", namespaces=NS) == label:
            return f.findtext("q:fieldentry", namespaces=NS)
    raise KeyError(label)


def test_the_package_is_marked_and_its_manifest_and_files_parse(package, plan):
    assert package.comment == ZIP_COMMENT
    root = _assessment(package)
    assert root.tag == f"{{{NS['q']}}}questestinterop"
    assert root.find("q:assessment", NS).get("title") == plan.title


def test_one_group_per_question_picks_one_of_its_variants(package, questions):
    groups = _assessment(package).findall("q:assessment/q:section/q:section", NS)
    assert len(groups) == len(questions)
    for group, qq in zip(groups, questions):
        assert group.findtext(".//q:selection_number", namespaces=NS) == "1"
        points = group.findtext(".//q:points_per_item", namespaces=NS)
        assert float(points) == qq.question.points
        items = group.findall("q:item", NS)
        assert len(items) == VARIANTS
        for item, v in zip(items, qq.variants):
            assert item.get("title").endswith(v.problem.id)  # traceable by its id
            assert float(_meta(item, "points_possible")) == qq.question.points


def _items(package):
    for item in _assessment(package).iterfind(".//q:item", NS):
        problem = registry.show(item.get("title").split()[-1])  # as `nnquiz show ID`
        yield item, problem


def test_numerical_items_hold_the_answer_and_its_tolerance(package):
    seen = 0
    for item, problem in _items(package):
        if _meta(item, "question_type") != "numerical_question":
            continue
        seen += 1
        (e,) = entries(problem.parts[0])
        t = half_width(e.value, e.tol)
        lo = float(item.findtext(".//q:vargte", namespaces=NS))
        hi = float(item.findtext(".//q:varlte", namespaces=NS))
        for inside in (e.value, e.value - 0.999 * t, e.value + 0.999 * t):
            assert lo <= inside <= hi
        # 4 decimal places widen the range by less than 0.0001 on each side
        for outside in (e.value - t - 1.01e-4, e.value + t + 1.01e-4):
            assert not lo <= outside <= hi
    assert seen >= 3


def test_blank_items_accept_the_answer_and_roundings_within_tolerance_only(package):
    seen = 0
    for item, problem in _items(package):
        if _meta(item, "question_type") != "fill_in_multiple_blanks_question":
            continue
        seen += 1
        html = item.findtext(".//q:presentation/q:material/q:mattext", namespaces=NS)
        lids = {lid.get("ident"): lid for lid in item.iterfind(".//q:response_lid", NS)}
        found = [e for p in problem.parts for e in entries(p)]
        assert len(lids) == len(found)  # every number has its blank: none dropped
        for e in found:
            assert f"[{e.name}]" in html
            lid = lids[f"response_{e.name}"]
            accepted = [t.text for t in lid.iterfind(".//q:mattext", NS)][1:]
            t = half_width(e.value, e.tol)
            assert all(abs(float(s) - e.value) <= t * (1 + 1e-9) for s in accepted)
            assert _sig(e.value, 4) in accepted  # the answer as the solution shows it
            if abs(float(_sig(e.value, 3)) - e.value) <= t:
                assert _sig(e.value, 3) in accepted
            for sign in (1, -1):  # the 4-digit text of a value just outside
                unit = 10.0 ** (Decimal(repr(e.value or 1.0)).adjusted() - 3)
                outside = _sig(e.value + sign * (t + 2 * unit), 4)
                if abs(float(outside) - e.value) > t:
                    assert outside not in accepted
            # every accepted text is an answer the resprocessing scores
            ids = {v.text for v in _conditions(item, lid.get("ident"))}
            assert ids == {r.get("ident") for r in lid.iterfind(".//q:response_label", NS)}
    assert seen >= 3


def _conditions(item: ET.Element, respident: str) -> list[ET.Element]:
    return [
        v
        for v in item.iterfind(".//q:respcondition//q:varequal", NS)
        if v.get("respident") == respident
    ]


def _sig(x: float, digits: int) -> str:
    """x to ``digits`` significant digits, without trailing zeros (as texts() has it)."""
    if x == int(x) and abs(x) >= 10 ** (digits - 1):
        return str(int(x))
    d = Decimal(repr(x))
    if d == 0:
        return "0"
    q = d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1))
    return format(q.normalize(), "f") if q.normalize() != 0 else "0"


def test_every_variant_shows_its_tag_and_the_worked_solution_as_feedback(package):
    for item, problem in _items(package):
        html = item.findtext(".//q:presentation/q:material/q:mattext", namespaces=NS)
        assert re.search(r"Question \d+, variant \d+", html)
        assert "<math" in html  # MathML: Canvas shows it without MathJax
        feedback = item.findtext(".//q:itemfeedback/q:flow_mat/q:material/q:mattext", namespaces=NS)
        assert problem.id in feedback and "<math" in feedback


def test_text2qti_writes_the_same_numerical_range(package):
    """text2qti (PyPI), a well-kept writer of Canvas QTI, given the range nnquiz
    wrote, writes the same response element and the same bounds."""
    from text2qti.config import Config
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    for item, _problem in _items(package):
        if _meta(item, "question_type") != "numerical_question":
            continue
        lo = item.findtext(".//q:vargte", namespaces=NS)
        hi = item.findtext(".//q:varlte", namespaces=NS)
        quiz = Quiz(f"Quiz title: t\n\n1.  Q?\n=   [{lo}, {hi}]\n", config=Config())
        theirs = zipfile.ZipFile(io.BytesIO(QTI(quiz).zip_bytes()))
        name = next(
            n for n in theirs.namelist() if n.endswith(".xml") and "/" in n and "meta" not in n
        )
        their_item = ET.fromstring(theirs.read(name)).find(".//q:item", NS)
        assert _meta(their_item, "question_type") == "numerical_question"
        assert their_item.findtext(".//q:vargte", namespaces=NS) == lo
        assert their_item.findtext(".//q:varlte", namespaces=NS) == hi
        fib = item.find(".//q:response_str/q:render_fib", NS)
        their_fib = their_item.find(".//q:response_str/q:render_fib", NS)
        assert fib.get("fibtype") == their_fib.get("fibtype") == "Decimal"


def test_ranges_and_texts_for_every_kind_of_tolerance():
    from nnquiz.problems.model import STEP_TOL, TOL, Tol

    # t = 0.0001 + 0.007311: [0.723689, 0.738511], widened outward to 4 decimals
    assert canvas_range(0.7311, TOL) == (Decimal("0.7236"), Decimal("0.7386"))
    assert canvas_range(3.0, Tol(0.0, 0.0)) == (Decimal("3.0000"), Decimal("3.0000"))
    assert canvas_range(3.2e-7, Tol(0.01, 1e-9)) is None  # 4 decimals cannot hold it
    tiny = texts(3.2e-7, Tol(0.01, 1e-9))
    assert "3.2e-7" in tiny and "0.00000032" in tiny and "3.3e-7" not in tiny
    assert texts(35.0, Tol(0.0, 1e-9)) == ["35"]
    step = texts(2.19642, STEP_TOL)  # 0.1 %: 3 digits (2.20) are too far
    assert "2.196" in step and "2.2" not in step and "2.20" not in step


def test_single_number_variants_are_numerical_and_others_blanks(questions):
    kinds = {qq.question.family: {is_numeric(v) for v in qq.variants} for qq in questions}
    assert kinds["bce"] == {True} and kinds["softmax"] == {False}
    assert kinds["backprop"] == {False} and kinds["count_params"] == {False}


def test_qti2latex_reads_the_groups_items_and_blanks(package, questions):
    """qti2latex (PyPI), a reader of Canvas QTI, finds each group's pick and points,
    each item's question type and stem, and for a blank item every accepted text as a
    choice that the resprocessing marks correct."""
    import qti2latex as q2l

    root = _assessment(package)
    section = q2l.child_anyns(q2l.child_anyns(root, "assessment"), "section")
    groups = [g for g in section if q2l.extract_tag(g) == "section"]
    assert len(groups) == len(questions)
    for group, qq in zip(groups, questions):
        pick, points, items = q2l.get_group(group)
        assert pick == 1 and points == qq.question.points and len(items) == VARIANTS
        for item in items:
            kind = q2l.guess_type(q2l.get_qti_metadata(item), item)
            assert kind in ("numerical_question", "fill_in_multiple_blanks_question")
            assert "Question" in q2l.get_item_stem(item)
            if kind == "fill_in_multiple_blanks_question":
                choices = q2l.get_choices(item)
                correct = q2l.get_correct_idents(item)
                answers = [c for c in choices if c[0] != ""]
                assert answers and {i for i, _ in answers} == correct

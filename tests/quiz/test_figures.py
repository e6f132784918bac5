"""Figures (a problem's ``figures``: SVG text, ``where`` question or solution, ``alt``)
go with every export: Canvas as files in the package linked from the item, Moodle as
files embedded in the text that shows them, PrairieLearn as files in
clientFilesQuestion/ shown by pl-figure; each file black on a white ground (an image
keeps none of the page's colours). The first tests give the variants small figures of
their own (every variant two, with known words); the last ones export the real figures
the problems draw (backprop, sgd, count_params and lr_schedule have some)."""

from __future__ import annotations

import base64
import copy
import io
import json
import re
import zipfile
from dataclasses import replace
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import pytest

from nnquiz.figures.svg import standalone
from nnquiz.quiz.build import quiz_id
from nnquiz.quiz.canvas import canvas_zip
from nnquiz.quiz.moodle import moodle_xml
from nnquiz.quiz.output import write_prairielearn

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text y="15">{}</text></svg>'


def with_figures(problem):
    """A copy of ``problem`` with one figure for the question and one for the solution."""
    drawn = copy.copy(problem)
    figures = (
        SimpleNamespace(name="network", where="question", svg=SVG.format(problem.id), alt="A net"),
        SimpleNamespace(name="steps", where="solution", svg=SVG.format("sol"), alt="The steps"),
    )
    object.__setattr__(drawn, "figures", figures)
    return drawn


@pytest.fixture(scope="module")
def drawn(questions):
    return [
        replace(
            qq, variants=tuple(replace(v, problem=with_figures(v.problem)) for v in qq.variants)
        )
        for qq in questions[:3]
    ]


def test_canvas_packs_every_figure_and_links_it(plan, drawn):
    z = zipfile.ZipFile(io.BytesIO(canvas_zip(plan, drawn, quiz_id(plan))))
    manifest = z.read("imsmanifest.xml").decode()
    qti = next(
        z.read(n).decode()
        for n in z.namelist()
        if n.endswith(".xml") and "/" in n and "meta" not in n
    )
    for qq in drawn:
        for v in qq.variants:
            stem = re.sub(r"[^\w-]", "-", v.problem.id)
            for name in ("network", "steps"):
                path = f"figures/{stem}-{name}.svg"
                assert path in z.namelist() and f'href="{path}"' in manifest
                assert f"%24IMS-CC-FILEBASE%24/{path}" in qti
            assert z.read(f"figures/{stem}-network.svg").decode() == standalone(
                SVG.format(v.problem.id)
            )
    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    for item in ET.fromstring(qti).findall(".//q:item", ns):
        # the question's figure in its text, the solution's in its feedback
        text = item.findtext("q:presentation/q:material/q:mattext", namespaces=ns)
        feedback = item.findtext(".//q:itemfeedback//q:mattext", namespaces=ns)
        assert 'alt="A net"' in text and "-network.svg" in text
        assert 'alt="The steps"' in feedback and "-steps.svg" in feedback


def test_moodle_embeds_each_figure_in_the_text_that_shows_it(plan, drawn):
    root = ET.fromstring(moodle_xml(plan, drawn))
    clozes = root.findall("question[@type='cloze']")
    assert len(clozes) == sum(len(qq.variants) for qq in drawn)
    for q in clozes:
        pid = q.findtext("name/text").split()[-1]
        for where, name, svg in (
            ("questiontext", "network", SVG.format(pid)),
            ("generalfeedback", "steps", SVG.format("sol")),
        ):
            files = q.findall(f"{where}/file")
            assert len(files) == 1 and files[0].get("encoding") == "base64"
            assert base64.b64decode(files[0].text).decode() == standalone(svg)
            assert f"@@PLUGINFILE@@/{files[0].get('name')}" in q.findtext(f"{where}/text")
            assert name in files[0].get("name")


def test_prairielearn_shows_figures_with_pl_figure(plan, drawn, tmp_path):
    import chevron

    from .test_prairielearn import DOCUMENTED, _elements, _generate

    out = tmp_path / "hw"
    write_prairielearn(plan, drawn, out)
    marker = json.loads((out / "nnquiz-quiz.json").read_text())
    for folder in sorted(p for p in out.iterdir() if p.is_dir()):
        data = _generate(folder, 11)
        html = chevron.render((folder / "question.html").read_text(), data)
        figures = [attrs for name, attrs in _elements(html) if name == "pl-figure"]
        assert len(figures) == 2
        for attrs in figures:
            assert set(attrs) <= DOCUMENTED["pl-figure"]
            assert (folder / "clientFilesQuestion" / attrs["file-name"]).is_file()
        assert {a["alt"] for a in figures} == {"A net", "The steps"}
        listed = marker["files"][folder.name]
        assert sum(f.startswith("clientFilesQuestion/") for f in listed) == 6  # 3 variants x 2


def test_a_second_export_removes_only_the_stale_files_it_wrote(plan, drawn, questions, tmp_path):
    out = tmp_path / "hw"
    write_prairielearn(plan, drawn, out)
    mine = out / "q01-bce-medium" / "notes.txt"
    mine.write_text("the teacher's own file")
    write_prairielearn(plan, questions[:2], out)  # no figures now, one question fewer
    assert not list(out.glob("*/clientFilesQuestion/*.svg"))
    assert mine.read_text() == "the teacher's own file"
    assert not (out / "q03-backprop-medium").exists()
    assert sorted(p.name for p in out.iterdir()) == [
        "nnquiz-quiz.json",
        "q01-bce-medium",
        "q02-softmax-easy",
    ]


# ---------------------------------------------------------------- the problems' own figures


def real_figures(questions) -> dict[str, tuple]:
    """{file name in an export: (problem, figure)} of every figure the variants draw."""
    from nnquiz.quiz.html import figure_file

    out = {
        figure_file(v.problem, f): (v.problem, f)
        for qq in questions
        for v in qq.variants
        for f in v.problem.figures
    }
    families = {p.family for p, _ in out.values()}
    assert families == {"backprop", "sgd", "count_params", "lr_schedule"}, families
    return out


def is_file_of(data: bytes, figure) -> None:
    """``data`` is the figure's SVG as a file: well-formed, black on white, the drawing
    itself (every element of the figure, in order)."""
    root = ET.fromstring(data)
    assert data.decode() == standalone(figure.svg)
    assert root.get("color") == "#000"
    ground = root.find("{http://www.w3.org/2000/svg}rect")
    assert ground is not None and ground.get("fill") == "#fff"
    assert root.findtext("{http://www.w3.org/2000/svg}title") == figure.alt
    inline = ET.fromstring(figure.svg)
    assert [e.tag for e in inline.iter()] == [e.tag for e in root.iter() if e is not ground]


def test_canvas_packs_the_problems_figures(plan, questions):
    import html as htmllib

    z = zipfile.ZipFile(io.BytesIO(canvas_zip(plan, questions, quiz_id(plan))))
    figures = real_figures(questions)
    packed = {n.removeprefix("figures/") for n in z.namelist() if n.startswith("figures/")}
    assert packed == set(figures)
    texts = "".join(
        e.text or ""
        for n in z.namelist()
        if n.endswith(".xml") and "/" in n
        for e in ET.fromstring(z.read(n)).iter()
        if e.tag.endswith("mattext")
    )
    for name, (_, f) in figures.items():
        is_file_of(z.read(f"figures/{name}"), f)
        link = f'src="%24IMS-CC-FILEBASE%24/figures/{name}" alt="{htmllib.escape(f.alt)}"'
        assert link in texts


def test_moodle_embeds_the_problems_figures(plan, questions):
    root = ET.fromstring(moodle_xml(plan, questions))
    figures = real_figures(questions)
    seen = set()
    for q in root.findall("question[@type='cloze']"):
        for where, text in (("question", "questiontext"), ("solution", "generalfeedback")):
            for e in q.findall(f"{text}/file"):
                problem, f = figures[e.get("name")]
                assert f.where == where and problem.id in q.findtext("name/text")
                is_file_of(base64.b64decode(e.text), f)
                assert f"@@PLUGINFILE@@/{e.get('name')}" in q.findtext(f"{text}/text")
                seen.add(e.get("name"))
    assert seen == set(figures)


def test_prairielearn_shows_the_problems_figures(plan, questions, tmp_path):
    import chevron

    from .conftest import VARIANTS
    from .test_prairielearn import _elements, _generate

    out = tmp_path / "course"
    write_prairielearn(plan, questions, out)
    figures = real_figures(questions)
    files = {p.name: p for p in out.glob("*/clientFilesQuestion/*.svg")}
    assert set(files) == set(figures)
    for name, path in files.items():
        is_file_of(path.read_bytes(), figures[name][1])
    for folder, qq in zip(sorted(p for p in out.iterdir() if p.is_dir()), questions):
        for seed in range(VARIANTS):
            problem = qq.variants[seed % VARIANTS].problem
            html = chevron.render((folder / "question.html").read_text(), _generate(folder, seed))
            shown = [a for tag, a in _elements(html) if tag == "pl-figure"]
            assert [a["alt"] for a in shown] == [f.alt for f in problem.figures]
            for attrs in shown:
                assert figures[attrs["file-name"]][0].id == problem.id
                assert (folder / "clientFilesQuestion" / attrs["file-name"]).is_file()

"""The class summary counts every mistake a student's feedback names: when two declared
mistakes give the very same answer, the feedback names both (``PartGrade.also``), and
so does the count. Which students made which mistake is worked out here from the key
(the mistakes' own answers against what was submitted), not by the code under test."""

from __future__ import annotations

import json
import re

from ..conftest import run_cli

# perceptron: "subtract" (w − η·y·x) and "no_label" (w + η·x, the label left out) give
# the same new weights whenever the misclassified point's label is −1
ASSIGNMENT = """title = "Perceptron"
secret = "summary-also"

[[questions]]
family = "perceptron"
points = 4
"""
STUDENTS = [f"s{k:02d}" for k in range(16)]


def test_the_summary_counts_every_mistake_the_feedback_names(tmp_path):
    (tmp_path / "hw.toml").write_text(ASSIGNMENT, encoding="utf-8")
    roster = "student_id\n" + "\n".join(STUDENTS) + "\n"
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    a, r = str(tmp_path / "hw.toml"), str(tmp_path / "roster.csv")
    made = run_cli("homework", a, "--roster", r, "--out", str(tmp_path / "hw"))
    assert made.returncode == 0, made.stderr
    key = (tmp_path / "hw" / "key.jsonl").read_text("utf-8").splitlines()
    rows, named = ["student_id,question,answer"], {"subtract": 0, "no_label": 0}
    for line in key:
        entry = json.loads(line)
        problem = entry["problem"]
        mistakes = {m["id"]: m["answers"] for m in problem["mistakes"]}
        wrong = mistakes["subtract"]  # every student makes this one, in every part it changes
        for part in problem["parts"]:
            answer = wrong.get(part["label"], part["answer"])
            rows.append(f'{entry["student_id"]},1{part["label"]},"{json.dumps(answer)}"')
        for mid in named:  # a mistake is named when its answer is the one submitted
            theirs = mistakes.get(mid, {})
            if any(theirs.get(label) == wrong[label] for label in wrong):
                named[mid] += 1
    assert named["subtract"] == len(STUDENTS)
    assert 0 < named["no_label"] < len(STUDENTS)  # both kinds of student are in the class
    (tmp_path / "subs.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = str(tmp_path / "grades.csv")
    graded = run_cli("grade", a, str(tmp_path / "subs.csv"), "--roster", r, "--out", out)
    assert graded.returncode == 0, graded.stderr
    lines = re.findall(r"\((\d+) of 16\): [^\n]*\[(\w+)\]", graded.stdout)
    counted = {mid: int(n) for n, mid in lines}
    assert counted["subtract"] == named["subtract"]
    assert counted["no_label"] == named["no_label"]

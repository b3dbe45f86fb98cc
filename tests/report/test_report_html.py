"""The HTML report without a browser: self-contained, escaped, every team and student."""

from __future__ import annotations

import re
from pathlib import Path

from matcher import Problem, Project, Rules, Student
from matcher.explain import explain_all
from matcher.rematch import Move
from matcher.report.html import render_report, write_report


def _problem() -> Problem:
    students = [Student(id="S1", name="<script>alert('x')</script>", discipline="a&b",
                        institution='"quoted"', preferences=("P1", "P2")),
                Student(id="S2", name="Zoé", discipline="c", preferences=("P2",)),
                Student(id="S3", name="Ann", discipline="d", preferences=("P1",))]
    return Problem(students=students,
                   projects=[Project(id="P1", title="<b>bold</b>", max_size=2),
                             Project(id="P2", title="Two", max_size=2)],
                   rules=Rules(keep_apart=[["S2", "S3"]]), previous={"S1": "P2"})


def test_report_is_escaped_and_complete(tmp_path: Path) -> None:
    p = _problem()
    a = {"S1": "P1", "S2": "P2", "S3": "P1"}
    ex = explain_all(p, a, time_limit=5, workers=1)
    page = render_report(p, a, explanations=ex, status="OPTIMAL",
                         moves=[Move(student="S1", before="P2", after="P1", reason="<i>why</i>")])
    assert "<script" not in page and "<b>bold" not in page and "<i>why" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "a&amp;b" in page and "&quot;quoted&quot;" in page and "Zoé" in page
    assert re.findall(r'data-team="([^"]+)"', page) == ["P1", "P2"]
    assert page.count('class="student"') == 3
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page and "<link" not in page
    assert "keep_apart" in page and "moves" in page
    write_report(tmp_path / "r.html", p, a)
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

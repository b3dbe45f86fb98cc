"""The HTML report printed by headless Chromium: a cover page, then one page per team.

Chromium prints a tagged PDF: each ``<h3>`` (a team's heading, and nothing else in the report
is one) is a structure element whose marked content names the page it is drawn on (``/Pg``).
The test reads the page tree and those references with the standard library only. Skipped
when Chromium is absent, except under CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from chromium_support import CHROMIUM, chromium_mark

from matcher import Problem, Project, Student
from matcher.report.html import write_report

pytestmark = chromium_mark()

_OBJECT = re.compile(rb"(?s)(\d+) 0 obj\s*(.*?)endobj")


def print_to_pdf(html: Path, tmp_path: Path) -> bytes:
    """Print ``html`` to PDF with headless Chromium (A4 from the report's ``@page``)."""
    pdf = tmp_path / "report.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-extensions", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}",
                    html.as_uri()], check=True, capture_output=True, timeout=120)
    return pdf.read_bytes()


def pages_of_headings(pdf: bytes, tag: bytes) -> tuple[int, list[int]]:
    """The number of pages, and the page (1-based) of each structure element ``tag``."""
    objects = {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(pdf)}
    tree = next(body for body in objects.values() if re.search(rb"/Type\s*/Pages\b", body))
    kids = [int(k) for k in re.findall(rb"(\d+) 0 R",
                                       re.search(rb"/Kids\s*\[(.*?)\]", tree, re.S).group(1))]
    assert int(re.search(rb"/Count\s+(\d+)", tree).group(1)) == len(kids)

    def page(number: int) -> int | None:
        body = objects[number]
        found = re.search(rb"/Pg\s+(\d+) 0 R", body)
        if found:
            return kids.index(int(found.group(1))) + 1
        kid = re.search(rb"/K\s*\[?\s*(?:\d+\s+)?(\d+) 0 R", body)
        return page(int(kid.group(1))) if kid else None

    heads = [n for n, body in objects.items()
             if re.search(rb"/Type\s*/StructElem\b", body)
             and re.search(rb"/S\s*/" + tag + rb"\b", body)]
    return len(kids), [page(n) for n in sorted(heads)]


def cohort(teams: int, size: int) -> tuple[Problem, dict[str, str]]:
    """``teams`` teams of ``size`` students each, with an assignment."""
    projects = [Project(id=f"P{t}", title=f"Idée {t}", min_size=size, max_size=size)
                for t in range(teams)]
    students, assignment = [], {}
    for t in range(teams):
        for k in range(size):
            sid = f"S{t}{k:02d}"
            students.append(Student(id=sid, name=f"Prénom{k} Nom{t}", discipline=f"d{k % 5}",
                                    institution=f"i{k % 3}", preferences=(f"P{t}",)))
            assignment[sid] = f"P{t}"
    return Problem(students=students, projects=projects), assignment


@pytest.mark.slow
@pytest.mark.parametrize(("teams", "size"), [(2, 3), (3, 2), (5, 8)])
def test_printing_gives_one_page_per_team(tmp_path: Path, teams: int, size: int) -> None:
    problem, assignment = cohort(teams, size)
    html = tmp_path / "report.html"
    write_report(html, problem, assignment, status="OPTIMAL")
    pdf = print_to_pdf(html, tmp_path)
    pages, team_pages = pages_of_headings(pdf, b"H3")
    _, sections = pages_of_headings(pdf, b"H2")  # ranks, diversity; students, rules
    # the cover with the figures, then each team alone on one page, in order, then the
    # students (one page or more) and the rules
    assert pages_of_headings(pdf, b"H1")[1] == [1]
    assert sections[:2] == [1, 1]
    assert team_pages == list(range(2, teams + 2))
    assert sections[2] == teams + 2  # the last team fitted on its page too
    assert pages >= teams + 2 and pages == sections[-1]

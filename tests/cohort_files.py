"""A small cohort written as CSV files, shared by the sweep and Pareto command tests."""

from __future__ import annotations

from pathlib import Path

STUDENTS = """id,name,discipline,institution,gender,preferences
S1,Ada,bio,UT,F,P1;P2;P3
S2,Ben,info,UT,M,P1;P3;P2
S3,Cy,math,INSA,M,P2;P1;P3
S4,Di,bio,INSA,F,P2;P3;P1
S5,Ed,info,UT,M,P3;P1;P2
S6,Flo,math,UT,F,P1;P2;P3
S7,Gus,bio,INSA,M,P3;P2;P1
S8,Hal,info,INSA,F,P1;P2;P3
"""
PROJECTS = """id,title,min_size,max_size
P1,Solar,2,3
P2,Water,2,3
P3,Soil,2,3
"""


def write_cohort(directory: Path) -> tuple[str, str]:
    """Write ``students.csv`` and ``projects.csv`` in ``directory``; their paths."""
    students, projects = directory / "students.csv", directory / "projects.csv"
    students.write_text(STUDENTS, encoding="utf-8")
    projects.write_text(PROJECTS, encoding="utf-8")
    return str(students), str(projects)

"""Build a :class:`~matcher.problem.Problem` from ``generate_cohort``'s frames (tests only)."""

from __future__ import annotations

import pandas as pd

from matcher.problem import Problem, Project, Student


def _ids(text: object) -> tuple[str, ...]:
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ()
    return tuple(x for x in str(text).split(";") if x)


def problem_from_frames(students: pd.DataFrame, projects: pd.DataFrame) -> Problem:
    """The default-objective problem of a generated cohort."""
    return Problem(
        students=[Student(id=str(r.id), discipline=str(r.discipline),
                          institution=str(r.institution), preferences=_ids(r.preferences))
                  for r in students.itertuples()],
        projects=[Project(id=str(r.id), min_size=int(r.min_size), max_size=int(r.max_size),
                          proposers=_ids(r.proposer), optional=str(r.optional) == "yes")
                  for r in projects.itertuples()])

"""docs/research.md is a notebook run as a test: every example of the research API runs."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RESEARCH = ROOT / "docs" / "research.md"


@pytest.mark.slow
def test_research_notebook_runs(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(str(RESEARCH), module_relative=False,
                                       optionflags=doctest.ELLIPSIS)
    assert tried >= 15
    assert failures == 0


def test_the_research_api_is_exported() -> None:
    import matcher
    from matcher.pareto import pareto_front
    from matcher.sweep import sweep

    assert matcher.sweep is sweep and matcher.pareto_front is pareto_front
    assert {"sweep", "pareto_front"} <= set(matcher.__all__)


def test_rows_carry_the_package_version() -> None:
    import matcher
    from matcher import Problem, Project, Student

    p = Problem(students=[Student(id="a")], projects=[Project(id="P", max_size=1)])
    df = matcher.sweep(p, {"preference": [1]}, jobs=1)
    assert df.loc[0, "matcher_version"] == matcher.__version__

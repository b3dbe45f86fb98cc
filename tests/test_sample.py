"""Tests of :mod:`matcher.sample`: the synthetic cohort is always a valid, feasible instance."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.sample import (
    PROJECT_COLUMNS,
    STUDENT_COLUMNS,
    generate_cohort,
    reachable_totals,
    write_cohort,
)

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cohort_arguments(draw: st.DrawFn, min_students: int = 2, max_students: int = 80) -> dict:
    """Keyword arguments of :func:`generate_cohort` for a small cohort with default sizes."""
    return {
        "n_students": draw(st.integers(min_students, max_students)),
        "n_projects": draw(st.integers(1, 20)),
        "seed": draw(st.integers(0, 2**32 - 1)),
        "n_disciplines": draw(st.none() | st.integers(1, 45)),
        "n_institutions": draw(st.none() | st.integers(1, 25)),
        "n_choices": draw(st.integers(0, 7)),
        "optional_share": draw(st.floats(0.0, 1.0)),
        "proposer_share": draw(st.floats(0.0, 1.0)),
    }


def _split(cell: str) -> list[str]:
    return cell.split(";") if cell else []


def assert_valid(students: pd.DataFrame, projects: pd.DataFrame, n: int, p: int) -> None:
    """Every property the canonical format and the engine rely on."""
    assert list(students.columns) == list(STUDENT_COLUMNS)
    assert list(projects.columns) == list(PROJECT_COLUMNS)
    assert len(students) == n and len(projects) == p
    assert students["id"].is_unique and projects["id"].is_unique
    assert all(s.startswith("S") and s[1:].isdigit() for s in students["id"])
    assert all(x.startswith("P") and x[1:].isdigit() for x in projects["id"])
    assert set(students["gender"]) <= {"F", "M", "X"}
    assert students["year"].between(1, 5).all()
    assert set(projects["optional"]) <= {"yes", "no"}
    assert (projects["min_size"] >= 1).all()
    assert (projects["min_size"] <= projects["max_size"]).all()

    project_ids = set(projects["id"])
    ranking = {}
    for sid, cell in zip(students["id"], students["preferences"], strict=True):
        prefs = _split(cell)
        assert set(prefs) <= project_ids, prefs
        assert len(prefs) == len(set(prefs)), prefs
        ranking[sid] = prefs

    proposers: list[str] = []
    for pid, cell, size in zip(
        projects["id"], projects["proposer"], projects["max_size"], strict=True
    ):
        ids = _split(cell)
        assert len(ids) <= min(2, size)
        for sid in ids:
            assert sid in ranking
            assert ranking[sid][:1] == [pid], (sid, pid, ranking[sid])
        proposers.extend(ids)
    assert len(proposers) == len(set(proposers)), "a student proposes two ideas"

    mandatory = projects["optional"] == "no"
    assert projects.loc[mandatory, "min_size"].sum() <= n <= projects["max_size"].sum()
    totals = reachable_totals(
        projects["min_size"].tolist(),
        projects["max_size"].tolist(),
        (projects["optional"] == "yes").tolist(),
    )
    assert any(a <= n <= b for a, b in totals), totals


@pytest.mark.slow
@FAST
@given(cohort_arguments())
def test_generated_cohort_is_valid(kwargs: dict) -> None:
    students, projects = generate_cohort(**kwargs)
    assert_valid(students, projects, kwargs["n_students"], kwargs["n_projects"])


@FAST
@given(cohort_arguments(), st.integers(1, 6), st.integers(0, 6))
def test_explicit_team_size_is_used_or_refused(kwargs: dict, low: int, extra: int) -> None:
    team_size = (low, low + extra)
    try:
        students, projects = generate_cohort(**kwargs, team_size=team_size)
    except ValueError as error:
        assert "no team sizes fit" in str(error)
        return
    assert_valid(students, projects, kwargs["n_students"], kwargs["n_projects"])
    assert set(projects["min_size"]) == {low} and set(projects["max_size"]) == {low + extra}


@settings(max_examples=15, deadline=None)
@given(cohort_arguments(max_students=40))
def test_same_seed_same_cohort(kwargs: dict) -> None:
    first = generate_cohort(**kwargs)
    second = generate_cohort(**kwargs)
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])


def test_different_seeds_differ() -> None:
    a, _ = generate_cohort(40, 10, seed=1)
    b, _ = generate_cohort(40, 10, seed=2)
    assert not a.equals(b)


@settings(max_examples=10, deadline=None)
@given(
    st.integers(200, 600),
    st.integers(2, 30),
    st.integers(0, 2**32 - 1),
    st.none() | st.integers(3, 40),
)
def test_disciplines_are_skewed(n: int, p: int, seed: int, n_disciplines: int | None) -> None:
    students, _ = generate_cohort(n, p, seed=seed, n_disciplines=n_disciplines)
    counts = students["discipline"].value_counts()
    assert counts.max() > counts.median()


@settings(max_examples=10, deadline=None)
@given(st.integers(20, 200), st.integers(1, 20), st.integers(0, 2**32 - 1))
def test_every_discipline_and_institution_occurs(n: int, p: int, seed: int) -> None:
    students, _ = generate_cohort(n, p, seed=seed, n_disciplines=13, n_institutions=8)
    assert students["discipline"].nunique() == 13
    assert students["institution"].nunique() == 8


def test_popularity_is_skewed() -> None:
    students, _ = generate_cohort(1000, 50, seed=3)
    firsts = students["preferences"].map(lambda c: c.split(";")[0] if c else None).dropna()
    counts = firsts.value_counts().reindex([f"P{j:02d}" for j in range(1, 51)], fill_value=0)
    assert counts.max() > 3 * counts.median()


def test_default_scales_with_cohort() -> None:
    small, _ = generate_cohort(40, 10, seed=0)
    large, _ = generate_cohort(1000, 100, seed=0)
    assert small["discipline"].nunique() == 13
    assert small["institution"].nunique() == 8
    assert large["discipline"].nunique() == 30


def test_generic_names_beyond_the_lists() -> None:
    students, _ = generate_cohort(300, 10, seed=0, n_disciplines=45, n_institutions=25)
    assert students["discipline"].nunique() == 45
    assert "discipline 45" in set(students["discipline"])
    assert students["institution"].nunique() == 25


def test_zero_padded_ids() -> None:
    students, projects = generate_cohort(1200, 150, seed=0)
    assert students["id"].iloc[0] == "S0001" and students["id"].iloc[-1] == "S1200"
    assert projects["id"].iloc[0] == "P001" and projects["id"].iloc[-1] == "P150"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_students": 0, "n_projects": 3},
        {"n_students": 10, "n_projects": 0},
        {"n_students": 10, "n_projects": 3, "n_choices": -1},
        {"n_students": 10, "n_projects": 3, "optional_share": 1.5},
        {"n_students": 10, "n_projects": 3, "team_size": (4, 3)},
        {"n_students": 1, "n_projects": 1},  # no team of 2 or more
        {"n_students": 10, "n_projects": 3, "optional_share": 0.0, "team_size": (4, 5)},
        {"n_students": 30, "n_projects": 3, "team_size": (2, 5)},  # 15 places for 30
    ],
)
def test_bad_arguments_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        generate_cohort(**kwargs)


@pytest.mark.parametrize(
    ("mins", "maxs", "optional", "expected"),
    [
        ([2, 2], [3, 3], [False, False], [(4, 6)]),
        ([3], [4], [True], [(0, 0), (3, 4)]),
        ([2, 5], [3, 6], [False, True], [(2, 3), (7, 9)]),
    ],
)
def test_reachable_totals(mins: list, maxs: list, optional: list, expected: list) -> None:
    assert reachable_totals(mins, maxs, optional) == expected


def test_write_cohort_round_trip(tmp_path: Path) -> None:
    students, projects = generate_cohort(50, 12, seed=5)
    students_path, projects_path = write_cohort(students, projects, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "projects.csv",
        "students.csv",
    ]
    for path in (students_path, projects_path):
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    back_s = pd.read_csv(students_path, dtype=str, keep_default_na=False)
    back_p = pd.read_csv(projects_path, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(back_s, students.astype(str), check_dtype=False)
    pd.testing.assert_frame_equal(back_p, projects.astype(str), check_dtype=False)


def test_write_cohort_refuses_missing_columns(tmp_path: Path) -> None:
    students, projects = generate_cohort(10, 3, seed=0)
    with pytest.raises(ValueError, match="preferences"):
        write_cohort(students.drop(columns="preferences"), projects, tmp_path)
    assert list(tmp_path.iterdir()) == []


def _accented(text: str) -> bool:
    return any(unicodedata.decomposition(ch) for ch in text if not ch.isascii())


def test_shipped_sample() -> None:
    students = pd.read_csv(SAMPLES / "students.csv", dtype=str, keep_default_na=False)
    projects = pd.read_csv(SAMPLES / "projects.csv", keep_default_na=False)
    projects = projects.astype({c: str for c in PROJECT_COLUMNS if "size" not in c})
    students["year"] = students["year"].astype(np.int64)
    assert_valid(students, projects, 40, 10)
    assert students["discipline"].nunique() == 13
    assert students["institution"].nunique() == 8
    assert (projects["optional"] == "yes").sum() >= 1
    assert any(_accented(name) for name in students["name"])
    lengths = students["preferences"].map(lambda c: len(_split(c)))
    assert (lengths == 0).sum() >= 1 and (lengths == 5).sum() > len(students) / 2
    assert (SAMPLES / "README.md").is_file()

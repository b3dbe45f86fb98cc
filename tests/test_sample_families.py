"""Tests of the cohort families of :mod:`matcher.sample`: each option has the effect it says,
every family reads back and solves."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import check, read_problem
from matcher.sample import FAMILIES, family_options, generate_cohort, write_cohort
from matcher.solve import solve

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _split(cell: str) -> list[str]:
    return cell.split(";") if cell else []


def _proposers(projects: pd.DataFrame) -> list[tuple[str, str]]:
    """(student, own idea) for every proposer."""
    return [(sid, pid) for pid, cell in zip(projects["id"], projects["proposer"], strict=True)
            for sid in _split(cell)]


def _rankings(students: pd.DataFrame) -> dict[str, list[str]]:
    return {sid: _split(c) for sid, c in zip(students["id"], students["preferences"],
                                              strict=True)}


def test_more_choices_make_longer_rankings() -> None:
    students, _ = generate_cohort(200, 30, seed=3, n_choices=7)
    lengths = students["preferences"].map(lambda c: len(_split(c)))
    assert lengths.max() == 7
    assert (lengths == 7).mean() > 0.6  # the rest are short or empty rankings
    default, _ = generate_cohort(200, 30, seed=3)
    assert default["preferences"].map(lambda c: len(_split(c))).max() == 5


@FAST
@given(st.integers(20, 120), st.integers(3, 25), st.integers(0, 2**32 - 1),
       st.floats(0.0, 1.0), st.integers(1, 7))
def test_selfless_proposers_never_rank_their_idea(n: int, p: int, seed: int, share: float,
                                                  k: int) -> None:
    students, projects = generate_cohort(n, p, seed=seed, selfless_share=share, n_choices=k)
    ranking = _rankings(students)
    proposers = _proposers(projects)
    absent = [sid for sid, pid in proposers if pid not in ranking[sid]]
    assert len(absent) == round(share * len(proposers))
    for sid, pid in proposers:  # the others rank it first, as in the default cohort
        assert sid in absent or ranking[sid][0] == pid
    for prefs in ranking.values():
        assert len(prefs) == len(set(prefs)) <= k


def test_selfless_share_does_not_reshuffle_the_rest() -> None:
    a_students, a_projects = generate_cohort(80, 12, seed=9)
    b_students, b_projects = generate_cohort(80, 12, seed=9, selfless_share=0.5)
    pd.testing.assert_frame_equal(a_projects, b_projects)
    cols = ["id", "name", "discipline", "institution", "gender", "year"]
    pd.testing.assert_frame_equal(a_students[cols], b_students[cols])
    assert (a_students["preferences"] != b_students["preferences"]).any()


def test_team_size_range_is_every_idea_s() -> None:
    _, projects = generate_cohort(300, 36, seed=1, team_size=(9, 11))
    assert set(projects["min_size"]) == {9} and set(projects["max_size"]) == {11}


def _top_share(exponent: float) -> float:
    """Share of the first choices that go to the single most wanted idea."""
    students, _ = generate_cohort(600, 40, seed=2, popularity_exponent=exponent,
                                  proposer_share=0.0)
    firsts = students["preferences"].map(lambda c: c.split(";")[0] if c else None).dropna()
    return float(firsts.value_counts(normalize=True).iloc[0])


def test_skew_concentrates_the_wishes() -> None:
    flat, default, skewed = _top_share(0.0), _top_share(0.7), _top_share(2.0)
    assert flat < default < skewed
    assert flat < 0.08  # 40 ideas equally popular, up to the affinity boost
    assert skewed > 0.3


def test_optional_share_is_the_share_of_ideas_that_may_close() -> None:
    _, projects = generate_cohort(1000, 100, seed=1, optional_share=0.1)
    assert (projects["optional"] == "yes").sum() == 10


@pytest.mark.parametrize("bad", [{"selfless_share": 1.5}, {"selfless_share": -0.1},
                                 {"popularity_exponent": -1.0},
                                 {"popularity_exponent": float("nan")}])
def test_bad_family_arguments_are_refused(bad: dict) -> None:
    with pytest.raises(ValueError):
        generate_cohort(20, 4, **bad)


def test_unknown_family_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown cohort family 'huge'"):
        family_options("huge")


def test_family_options_are_a_copy() -> None:
    family_options("mixed")["n_choices"] = 99
    assert FAMILIES["mixed"]["n_choices"] == 7


def test_mixed_combines_every_other_family() -> None:
    combined: dict[str, object] = {}
    for name, options in FAMILIES.items():
        if name != "mixed":
            combined.update(options)
    assert FAMILIES["mixed"] == combined


@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_family_reads_back_and_solves(family: str, tmp_path: Path) -> None:
    students, projects = generate_cohort(40, 4, seed=5, **family_options(family))  # type: ignore[arg-type]
    paths = write_cohort(students, projects, tmp_path)
    problem = read_problem(*paths)
    assert len(problem.students) == 40 and len(problem.projects) == 4
    result = solve(problem, time_limit=10, workers=1, seed=0)
    assert result.status.value in {"OPTIMAL", "FEASIBLE"}
    assert check(problem, result.assignment) == []


def test_same_seed_same_family_cohort() -> None:
    first = generate_cohort(60, 8, seed=4, **family_options("mixed"))  # type: ignore[arg-type]
    second = generate_cohort(60, 8, seed=4, **family_options("mixed"))  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])

"""Tests of the cohort families of :mod:`matcher.sample`: each option has the effect it says,
every family reads back and solves."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import check, read_problem
from matcher.sample import (
    FAMILIES,
    FAMILY_COHORTS,
    HELD_OUT_FAMILIES,
    family_options,
    generate_cohort,
    write_cohort,
)
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
        if name != "mixed" and name not in HELD_OUT_FAMILIES:
            combined.update(options)
    assert FAMILIES["mixed"] == combined


@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_family_reads_back_and_solves(family: str, tmp_path: Path) -> None:
    p = 10 if "team_size" in FAMILIES[family] and FAMILIES[family]["team_size"] == (3, 5) else 4
    students, projects = generate_cohort(40, p, seed=5, **family_options(family))  # type: ignore[arg-type]
    paths = write_cohort(students, projects, tmp_path)
    problem = read_problem(*paths)
    assert len(problem.students) == 40 and len(problem.projects) == p
    result = solve(problem, time_limit=10, workers=1, seed=0)
    assert result.status.value in {"OPTIMAL", "FEASIBLE"}
    assert check(problem, result.assignment) == []


def test_same_seed_same_family_cohort() -> None:
    first = generate_cohort(60, 8, seed=4, **family_options("mixed"))  # type: ignore[arg-type]
    second = generate_cohort(60, 8, seed=4, **family_options("mixed"))  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])


# Held-out families (issue 18): each promises a property of the generated data.

def _cohort(family: str, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    n, p = FAMILY_COHORTS.get(family, (300, 36))
    return generate_cohort(n, p, seed=seed, **family_options(family))  # type: ignore[arg-type]


def _cold_minimum(students: pd.DataFrame, projects: pd.DataFrame) -> int:
    """Students that the mandatory ideas nobody ranks need at their minimum sizes."""
    ranked = {pid for prefs in _rankings(students).values() for pid in prefs}
    mandatory = projects[projects["optional"] == "no"]
    return int(mandatory.loc[~mandatory["id"].isin(ranked), "min_size"].sum())


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("family", ["cold-mandatory", "held-out"])
def test_cold_mandatory_ideas_need_a_tenth_of_the_students(family: str, seed: int) -> None:
    students, projects = _cohort(family, seed)
    assert _cold_minimum(students, projects) >= math.ceil(0.1 * len(students))
    cold = set(projects["id"]) - {pid for p in _rankings(students).values() for pid in p}
    for pid, cell in zip(projects["id"], projects["proposer"], strict=True):
        assert pid not in cold or cell == ""  # nobody proposes a cold idea
    default_students, default_projects = generate_cohort(300, 36, seed=seed)
    assert _cold_minimum(default_students, default_projects) == 0


def test_cold_share_too_large_is_refused() -> None:
    with pytest.raises(ValueError, match="cold_share"):
        generate_cohort(300, 36, seed=0, cold_share=0.9)


@pytest.mark.parametrize("family", ["dominant-discipline", "held-out"])
def test_one_discipline_holds_a_fifth(family: str) -> None:
    students, _ = _cohort(family)
    counts = students["discipline"].value_counts()
    assert counts.iloc[0] == round(0.2 * len(students))
    rest = counts.iloc[1:]
    assert rest.min() >= 1 and rest.max() <= 3 * rest.mean()  # the others even


def _home_share(students: pd.DataFrame) -> float:
    """Share of the students at their discipline's most common institution."""
    modal = students.groupby("discipline")["institution"].agg(lambda s: s.value_counts().index[0])
    return float((students["institution"] == students["discipline"].map(modal)).mean())


@pytest.mark.parametrize("family", ["institution-affinity", "held-out"])
def test_institutions_follow_disciplines(family: str) -> None:
    students, _ = _cohort(family)
    assert _home_share(students) >= 0.75
    assert _home_share(generate_cohort(300, 36, seed=1)[0]) < 0.5


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("family", ["wandering-proposers", "held-out"])
def test_wandering_proposers_rank_other_ideas_first(family: str, seed: int) -> None:
    students, projects = _cohort(family, seed)
    ranking = _rankings(students)
    proposers = _proposers(projects)
    wandering = [sid for sid, pid in proposers if ranking[sid] and ranking[sid][0] != pid]
    assert len(wandering) == round(0.5 * len(proposers))
    for sid, pid in proposers:
        assert pid in ranking[sid]  # none is selfless: each ranks their idea somewhere
        assert len(ranking[sid]) == len(set(ranking[sid])) <= 5


@pytest.mark.parametrize("family", ["decimals", "held-out"])
def test_numeric_attributes_have_decimals(family: str) -> None:
    students, _ = _cohort(family)
    grade, hours = students["grade"], students["hours"]
    assert grade.between(0, 20).all() and hours.between(2, 10).all()
    assert (grade != grade.round(0)).mean() > 0.8 and (grade == grade.round(2)).all()
    assert (hours != hours.round(0)).mean() > 0.8 and (hours == hours.round(1)).all()
    assert "grade" not in generate_cohort(40, 4, seed=1)[0].columns


def test_small_teams_are_3_to_5_for_200_students_in_60_ideas() -> None:
    students, projects = _cohort("small-teams")
    assert (len(students), len(projects)) == (200, 60)
    assert set(projects["min_size"]) == {3} and set(projects["max_size"]) == {5}


def test_held_out_combines_every_held_out_family() -> None:
    combined: dict[str, object] = {}
    for name in HELD_OUT_FAMILIES[:-1]:
        combined.update(FAMILIES[name])
    assert FAMILIES["held-out"] == combined


def test_held_out_options_do_not_reshuffle_the_default_streams() -> None:
    a_students, a_projects = generate_cohort(120, 15, seed=9)
    b_students, b_projects = generate_cohort(120, 15, seed=9, numeric=True)
    pd.testing.assert_frame_equal(a_projects, b_projects)
    pd.testing.assert_frame_equal(a_students, b_students[list(a_students.columns)])


def test_excel_fr_variant_reads_back_with_decimal_commas(tmp_path: Path) -> None:
    students, projects = generate_cohort(100, 16, seed=3, team_size=(5, 8),
                                         **family_options("decimals"))  # type: ignore[arg-type]
    paths = write_cohort(students, projects, tmp_path, excel_fr=True)
    raw = paths[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    header, first = raw.decode("utf-8-sig").splitlines()[:2]
    assert header.split(";")[-2:] == ["grade", "hours"]
    assert "," in first.split(";")[-1] or "," in first.split(";")[-2]  # a decimal comma
    problem = read_problem(*paths)
    read = [float(str(s.value("grade")).replace(",", ".")) for s in problem.students]
    assert read == pytest.approx(list(students["grade"]))
    assert [s.preferences for s in problem.students][:3] is not None
    result = solve(problem, time_limit=10, workers=1, seed=0)
    assert result.status.value in {"OPTIMAL", "FEASIBLE"}


def test_sample_command_writes_a_held_out_family(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from matcher.cli import app

    out = tmp_path / "cohort"
    run = CliRunner().invoke(app, ["sample", "--students", "200", "--projects", "60", "-o",
                                   str(out), "--family", "held-out", "--format", "excel-fr"])
    assert run.exit_code == 0, run.output
    assert (out / "students.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    bad = CliRunner().invoke(app, ["sample", "-o", str(tmp_path / "x"), "--format", "xls"])
    assert bad.exit_code != 0 and "excel-fr" in bad.output

"""The ``pairwise`` term: its two faces agree, and the solver's optimum equals brute force."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from matcher import Problem, Project, Status, Student, check, solve
from matcher.dissimilarity import Dissimilarity
from matcher.model import ModelBuilder
from matcher.registry import make_term
from matcher.rules import Rules


@st.composite
def cohorts(draw: st.DrawFn, max_students: int = 6) -> Problem:
    """A small problem with categorical and numeric attributes and a random [pairwise]."""
    n = draw(st.integers(2, max_students))
    students = [
        Student(id=f"S{i}", discipline=draw(st.sampled_from(["bio", "info", "math", ""])),
                institution=draw(st.sampled_from(["UT", "INSA"])),
                attributes={"age": draw(st.sampled_from([19, 20, 23, 27.5])),
                            "gender": draw(st.sampled_from(["F", "M", ""]))})
        for i in range(n)
    ]
    m = draw(st.integers(1, 3))
    projects = [Project(id=f"P{j}", min_size=1, max_size=draw(st.integers(1, 4)),
                        optional=True) for j in range(m)]
    attrs = draw(st.dictionaries(st.sampled_from(["discipline", "age", "gender"]),
                                 st.integers(0, 3), max_size=3))
    matrix = None
    if draw(st.booleans()):
        cells = {(i, j): draw(st.integers(-5, 9)) for i in range(n) for j in range(i + 1, n)}
        matrix = [[0 if i == j else cells[min(i, j), max(i, j)] for j in range(n)]
                  for i in range(n)]
    return Problem(students=students, projects=projects,
                   rules=Rules(allow_unassigned=True), weights={"pairwise": 1},
                   pairwise=Dissimilarity(attributes=attrs, matrix=matrix))


@st.composite
def cases(draw: st.DrawFn) -> tuple[Problem, dict[str, str | None]]:
    problem = draw(cohorts())
    room = {p.id: p.max_size for p in problem.projects}
    assignment: dict[str, str | None] = {}
    for s in problem.students:
        pid = draw(st.sampled_from([None] + [p for p, r in room.items() if r > 0]))
        if pid is not None:
            room[pid] -= 1
        assignment[s.id] = pid
    return problem, assignment


def solver_values(problem: Problem, assignment: dict[str, str | None]) -> tuple[int, int]:
    """The term's solver value on the fixed assignment, maximised then minimised."""
    out = []
    for sense in (1, -1):
        builder = ModelBuilder(problem, [])
        expr = make_term("pairwise").expression(builder)
        assert builder.fix(assignment)
        builder.model.maximize(sense * expr)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        assert solver.solve(builder.model) == cp_model.OPTIMAL
        out.append(int(solver.value(expr)))
    return out[0], out[1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_solver_value_equals_direct_value(case: tuple[Problem, dict[str, str | None]]) -> None:
    problem, assignment = case
    direct = make_term("pairwise").value(problem, assignment)
    assert solver_values(problem, assignment) == (direct, direct)


def brute_force_best(problem: Problem, weights: dict[str, int]) -> int | None:
    """The best weighted objective over every assignment that breaks no rule."""
    choices = [None, *(p.id for p in problem.projects)]
    best = None
    for combo in itertools.product(choices, repeat=len(problem.students)):
        a = dict(zip((s.id for s in problem.students), combo, strict=True))
        if check(problem, a):
            continue
        terms = {n: make_term(n).value(problem, a) for n in weights}
        value = sum(weights[n] * v for n, v in terms.items())
        best = value if best is None else max(best, value)
    return best


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(max_students=5), st.sampled_from([1, -1]))
def test_optimum_equals_brute_force(problem: Problem, sign: int) -> None:
    weights = {"pairwise": sign, "unassigned": 1000}
    result = solve(problem, weights=weights, workers=1)
    assert result.objective == brute_force_best(problem, weights)


def test_hand_computed_value() -> None:
    students = [Student(id="a", discipline="bio", attributes={"age": 20}),
                Student(id="b", discipline="info", attributes={"age": 30}),
                Student(id="c", discipline="bio", attributes={"age": 25}),
                Student(id="d", discipline="", attributes={"age": 20})]
    problem = Problem(students=students, projects=[Project(id="P", max_size=4)],
                      weights={"pairwise": 1},
                      pairwise=Dissimilarity(attributes={"discipline": 2, "age": 1}))
    # pairs: ab 2*100+100, ac 0+50, ad 0(unknown)+0, bc 200+50, bd 0+100, cd 0+50
    assert make_term("pairwise").value(problem, dict.fromkeys("abcd", "P")) == 750
    assert make_term("pairwise").value(problem, {"a": "P", "b": "P"}) == 300
    result = solve(problem, workers=1)
    assert result.terms["pairwise"] == 750


@settings(max_examples=40, deadline=None)
@given(cases())
def test_categorical_pairwise_is_a_sum_of_blau_terms(case) -> None:
    """Without a matrix or a numeric attribute, ``pairwise`` equals ``scale sum_a w_a
    blau_a`` (how its CP-SAT model is built), on any assignment."""
    from matcher.scoring.pairwise import categorical_weights

    problem, assignment = case
    weights = categorical_weights(problem)
    if weights is None:
        return
    scale = problem.pairwise.scale
    blau = sum(w * scale * make_term(f"blau.{a}").value(problem, assignment)
               for a, w in weights.items() if a in problem.attributes())
    assert make_term("pairwise").value(problem, assignment) == blau


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(max_students=5), st.integers(1, 3))
def test_optimum_with_preferences_and_sizes_equals_brute_force(problem: Problem,
                                                                 w_pref: int) -> None:
    """``pairwise`` with preferences and team-size bounds, every student placed: solve's
    optimum (proven) is brute force's."""
    prefs = [p.id for p in problem.projects]
    students = [s.model_copy(update={"preferences": tuple(prefs[i % len(prefs):]
                                                          + prefs[:i % len(prefs)])})
                for i, s in enumerate(problem.students)]
    problem = Problem(students=students, projects=problem.projects, weights={"pairwise": 1},
                      pairwise=problem.pairwise)
    weights = {"pairwise": 1, "preference": 50 * w_pref}
    best = brute_force_best(problem, weights)
    result = solve(problem, weights=weights, workers=1)
    if best is None:
        assert not result.has_solution
        return
    assert result.status is Status.OPTIMAL and result.objective == best

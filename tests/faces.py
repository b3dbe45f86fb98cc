"""Checks that the two faces of a rule or a term agree (shared by the per-plug-in tests).

A rule posted alone must forbid exactly the assignments its solver-free ``violations`` rejects;
a term's linear expression must take, on a fixed assignment, the value computed directly.
"""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import strategies as st
from ortools.sat.python import cp_model
from strategies import assignments, problems

from matcher.assignment import Assignment
from matcher.constraints.base import Constraint
from matcher.model import ModelBuilder, lsum
from matcher.problem import Problem
from matcher.registry import RULES
from matcher.scoring.base import ScoringTerm


def run(model: cp_model.CpModel) -> tuple[cp_model.CpSolver, int]:
    """Solve ``model`` on one worker; (solver, status code)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    return solver, solver.solve(model)


def rule_allows(problem: Problem, rule: Constraint, assignment: Assignment) -> bool:
    """Whether the model with ``rule`` posted alone accepts ``assignment``."""
    builder = ModelBuilder(problem, [rule])
    builder.post_all()
    if not builder.fix(assignment):  # a variable the assignment needs was pruned
        return False
    _, status = run(builder.model)
    assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE), status
    return status == cp_model.OPTIMAL


def assert_rule_faces_agree(problem: Problem, rule: Constraint,
                            assignment: Assignment) -> None:
    """Posted alone, ``rule`` accepts ``assignment`` iff ``rule.violations`` is empty."""
    violations = rule.violations(problem, assignment)
    allowed = rule_allows(problem, rule, assignment)
    assert allowed == (violations == []), (
        f"model {'accepts' if allowed else 'rejects'} {assignment} but violations are "
        f"{[str(v) for v in violations]}")


def solve_rule_alone(problem: Problem, rule: Constraint,
                     coefficients: list[int]) -> dict[str, str | None] | None:
    """A solution of the model with ``rule`` posted alone (and at most one team per student,
    as in any plain assignment), maximising a random linear
    objective over the ``x`` variables (so that varied solutions come back); ``None`` if
    infeasible."""
    builder = ModelBuilder(problem, [rule])
    builder.post_all()
    for row in builder.by_student:  # a plain assignment gives a student one team at most
        builder.model.add_at_most_one(v for _, v in row)
    xs = list(builder.x.items())
    builder.model.maximize(lsum(c * v for c, (_, v) in zip(coefficients, xs, strict=False)))
    solver, status = run(builder.model)
    if status == cp_model.INFEASIBLE:
        return None
    assert status == cp_model.OPTIMAL, status
    out: dict[str, str | None] = {s.id: None for s in problem.students}
    for (si, pi), var in xs:
        if solver.boolean_value(var):
            out[problem.students[si].id] = problem.projects[pi].id
    return out


@st.composite
def rule_cases(draw: st.DrawFn, name: str, max_students: int = 6
               ) -> tuple[Problem, Constraint, dict[str, str | None]]:
    """(problem, one instance of rule ``name`` it calls for, arbitrary assignment)."""
    cls = RULES[name]
    problem = draw(problems(max_students=max_students).filter(lambda p: cls.from_problem(p)))
    rule = draw(st.sampled_from(cls.from_problem(problem)))
    return problem, rule, draw(assignments(problem))


def term_values(problem: Problem, term: ScoringTerm, assignment: Assignment
                ) -> tuple[int, int] | None:
    """The term's solver value on ``assignment`` when maximised and when minimised (``None``
    when the model with the fixed assignment is infeasible)."""
    out = []
    for sense in (1, -1):
        builder = ModelBuilder(problem, [])
        expr = term.expression(builder)
        if isinstance(expr, int):
            out.append(expr)
            continue
        builder.model.maximize(sense * expr)
        assert builder.fix(assignment)
        solver, status = run(builder.model)
        if status == cp_model.INFEASIBLE:
            return None
        assert status == cp_model.OPTIMAL, status
        out.append(int(solver.value(expr)))
    return out[0], out[1]


def assert_term_faces_agree(problem: Problem, term: ScoringTerm,
                            assignment: Assignment) -> None:
    """On a fixed assignment within the team capacities, the expression is feasible and equals
    the direct value whether the term is maximised or minimised."""
    values = term_values(problem, term, assignment)
    assert values is not None, f"{term.name}: the model rejects {assignment}"
    direct = term.value(problem, assignment)
    assert values == (direct, direct), (
        f"{term.name} on {assignment}: solver {values} (max, min), direct {direct}")


def within_capacity(problem: Problem, assignment: Mapping[str, str | None]) -> bool:
    """No team above its ``max_size``."""
    sizes: dict[str, int] = {}
    for pid in assignment.values():
        if pid is not None:
            sizes[pid] = sizes.get(pid, 0) + 1
    return all(sizes.get(p.id, 0) <= p.max_size for p in problem.projects)


def _usable(problem: Problem, names: list[str]) -> list[str]:
    from matcher.registry import term_issues

    return [n for n in names if not term_issues(problem, {n: 1})]


@st.composite
def term_cases(draw: st.DrawFn, names: list[str], capacity: bool = False
               ) -> tuple[Problem, ScoringTerm, dict[str, str | None]]:
    """(problem, one of the terms ``names`` its attributes allow, assignment); with
    ``capacity`` the assignment keeps every team within its ``max_size``."""
    from matcher.registry import make_term

    problem = draw(problems(with_rules=False, links=True).filter(lambda p: _usable(p, names)))
    name = draw(st.sampled_from(_usable(problem, names)))
    return problem, make_term(name), draw(assignments(problem, within_capacity=capacity))


@st.composite
def weighted_problems(draw: st.DrawFn, names: list[str]) -> tuple[Problem, str, int]:
    """(problem with rules, a term of ``names`` it allows, a nonzero weight for it)."""
    problem = draw(problems().filter(lambda p: _usable(p, names)))
    name = draw(st.sampled_from(_usable(problem, names)))
    weight = draw(st.integers(-3, 5).filter(bool))
    return problem, name, weight


def assert_solve_terms_agree(problem: Problem, name: str, weight: int) -> None:
    """On a solve whose objective includes ``name``, every term's solver value equals its
    direct value on the returned assignment."""
    from matcher.registry import make_term
    from matcher.solve import solve

    result = solve(problem, weights={name: weight}, workers=1, seed=0)
    if not result.has_solution:
        return
    assert name in result._solver_terms
    assert result._solver_terms == {k: result.terms[k] for k in result._solver_terms}
    assert result.terms[name] == make_term(name).value(problem, result.assignment)


def checked_value(name: str, problem: Problem, assignment: Assignment) -> int:
    """A term's direct value, asserted equal to its solver value on the same assignment."""
    from matcher.registry import make_term

    term = make_term(name)
    direct = term.value(problem, assignment)
    assert term_values(problem, term, assignment) == (direct, direct)
    return direct


def assert_rule_alone_solution_passes(problem: Problem, rule: Constraint,
                                      coefficients: list[int]) -> None:
    """A solution of the rule posted alone (random objective) passes the rule's check."""
    solution = solve_rule_alone(problem, rule, coefficients)
    if solution is not None:
        assert rule.violations(problem, solution) == []


def rule_messages(name: str, problem: Problem, assignment: Assignment) -> list[str]:
    """Rule ``name``'s violation messages; also checks the model agrees on this assignment."""
    out = []
    for rule in RULES[name].from_problem(problem):
        assert_rule_faces_agree(problem, rule, assignment)
        out.extend(v.message for v in rule.violations(problem, assignment))
    return out

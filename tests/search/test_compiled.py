"""The compiled problem (:mod:`matcher.search.compiled`) says what each phase used to compute
on its own: the same points, forbidden pairs, pins, codes and weights; and the phases that
take it give the same model as without it."""

from __future__ import annotations

from hypothesis import given, settings
from strategies import problems

from matcher.model import ModelBuilder
from matcher.registry import effective_weights, make_constraints
from matcher.search.compiled import compile_problem, compiled_for
from matcher.search.heuristics.instance import Instance


@settings(max_examples=80, deadline=None)
@given(problems())
def test_compiled_faces_match_the_problem(problem):
    c = compile_problem(problem)
    assert c.weights == effective_weights(problem)
    assert c.n_pairs == len(problem.students) * len(problem.projects)
    for si, s in enumerate(problem.students):
        for pi, p in enumerate(problem.projects):
            assert c.points[si].get(pi, 0) == problem.points(s, p.id)
    pairs = {pair for rule in make_constraints(problem) for pair in rule.forbidden_pairs(problem)}
    assert {(si, pi) for si, ideas in enumerate(c.forbidden) for pi in ideas} == pairs
    for si, pi in enumerate(c.pinned):
        if pi >= 0:
            assert problem.rules.fixed[problem.students[si].id] == problem.projects[pi].id
    for attr in ("discipline", "institution"):
        codes, values = c.codes(attr)
        for si, s in enumerate(problem.students):
            v = s.value(attr)
            assert (codes[si] == -1) if v is None else (values[codes[si]] == v)


@settings(max_examples=40, deadline=None)
@given(problems())
def test_the_builder_takes_the_compiled_forbidden_pairs(problem):
    plain = ModelBuilder(problem, make_constraints(problem))
    c = compile_problem(problem)
    compiled = ModelBuilder(problem, make_constraints(problem), forbidden=c.forbidden,
                            points=c.points)
    assert plain.x.keys() == compiled.x.keys()
    for si in range(len(problem.students)):
        assert str(plain.points(si)) == str(compiled.points(si))


@settings(max_examples=40, deadline=None)
@given(problems())
def test_the_instance_is_the_same_with_or_without_it(problem):
    c = compile_problem(problem)
    assert Instance.from_problem(problem) == Instance.from_problem(problem, compiled=c)


def test_a_compiled_problem_of_other_weights_is_not_taken():
    from tests_search_helpers import problem_from_frames

    from matcher.sample import generate_cohort

    problem = problem_from_frames(*generate_cohort(12, 3, seed=1))
    c = compile_problem(problem)
    assert compiled_for(problem, None, c) is c
    assert compiled_for(problem, c.weights, c) is c
    other = compiled_for(problem, {"preference": 5}, c)
    assert other is not c and other.weights["preference"] == 5

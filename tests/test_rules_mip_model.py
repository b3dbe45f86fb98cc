"""The benchmarks' plain MIP with the organisers' rules is the model matcher solves: HiGHS's
optimum passes ``matcher.check`` and equals matcher's proven optimum."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher import check, objective, read_problem
from matcher.sample import generate_cohort, write_cohort
from matcher.solve import solve

highspy = pytest.importorskip("highspy")
scipy_sparse = pytest.importorskip("scipy.sparse")

RULES = {"rules": {"max_per_value": {"discipline": 2}, "min_distinct": {"institution": 3},
                   "keep_together": [["S001", "S002"]], "keep_apart": [["S003", "S004"]]}}


def _highs_optimum(problem):  # type: ignore[no-untyped-def]
    from benchmarks.mip_model import build_mip

    mip = build_mip(problem)
    a = scipy_sparse.csc_matrix((mip.vals, (mip.rows, mip.cols)),
                                shape=(mip.n_rows, mip.n_cols))
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = mip.n_cols, mip.n_rows
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = mip.cost, mip.col_lo, mip.col_hi
    lp.row_lower_, lp.row_upper_ = mip.row_lo, mip.row_hi
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = a.indptr, a.indices, a.data
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * mip.n_cols
    h.passModel(lp)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    values = np.array(h.getSolution().col_value)
    return mip.assignment(problem, values), round(h.getInfo().objective_function_value)


def test_highs_on_the_rules_model_matches_matcher(tmp_path: Path) -> None:
    paths = write_cohort(*generate_cohort(30, 5, seed=2), tmp_path)
    problem = read_problem(*paths, RULES)
    assignment, value = _highs_optimum(problem)
    assert check(problem, assignment) == []
    assert objective(problem, assignment) == value
    result = solve(problem, time_limit=30, workers=1, seed=0)
    assert result.status.value == "OPTIMAL" and result.objective == value


def test_other_rules_are_refused(tmp_path: Path) -> None:
    from benchmarks.mip_model import build_mip

    paths = write_cohort(*generate_cohort(20, 4, seed=1), tmp_path)
    problem = read_problem(*paths, {"rules": {"no_isolated": {"discipline": []}}})
    with pytest.raises(NotImplementedError, match="no_isolated"):
        build_mip(problem)

"""HiGHS plumbing shared by the LP bound, the exact MIP and the warm start's transport LP.

:class:`LinearProgram` collects columns and rows one at a time; :func:`highs_lp` turns
arrays into a ``highspy.HighsLp``; :func:`quiet_highs` is a solver that prints nothing;
:func:`run_highs` runs one, whatever else ran HiGHS in the process before.
highspy is imported only when a model is handed over.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Sequence

import numpy as np

from matcher.search.sparse import ColumnMatrix, column_matrix


class LinearProgram:
    """Columns (cost, bounds) and rows (sparse entries, bounds) of an LP or MIP, added one at a
    time: ``row_lo <= A x <= row_hi``, ``lo <= x <= hi``, objective ``cost . x + offset``."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lo: list[float] = []
        self.hi: list[float] = []
        self.rlo: list[float] = []
        self.rhi: list[float] = []
        self.offset = 0.0
        self._rows: list[int] = []
        self._cols: list[int] = []
        self._vals: list[float] = []

    @property
    def n_cols(self) -> int:
        return len(self.cost)

    @property
    def n_rows(self) -> int:
        return len(self.rlo)

    def col(self, cost: float, low: float, high: float) -> int:
        """Add a column; returns its index."""
        self.cost.append(cost)
        self.lo.append(low)
        self.hi.append(high)
        return len(self.cost) - 1

    def row(self, entries: Sequence[tuple[int, float]], low: float, high: float) -> None:
        """Add ``low <= sum(v * x[j] for j, v in entries) <= high``."""
        r = len(self.rlo)
        for j, v in entries:
            self._rows.append(r)
            self._cols.append(j)
            self._vals.append(v)
        self.rlo.append(low)
        self.rhi.append(high)

    def matrix(self) -> ColumnMatrix:
        """The constraint matrix, in compressed-column form."""
        return column_matrix(self._rows, self._cols, self._vals, (self.n_rows, self.n_cols))

    def to_highs(self, *, maximize: bool = True, integer: bool = False) -> object:
        """The ``highspy.HighsLp`` of this program (every column integer if ``integer``)."""
        return highs_lp(self.matrix(), self.cost, self.lo, self.hi, self.rlo, self.rhi,
                        maximize=maximize, integer=integer, offset=self.offset)


def highs_lp(a: ColumnMatrix, cost: Sequence[float], lo: Sequence[float], hi: Sequence[float],
             row_lo: Sequence[float], row_hi: Sequence[float], *, maximize: bool = True,
             integer: bool = False, offset: float = 0.0) -> object:
    """A ``highspy.HighsLp`` from the constraint matrix ``a`` and the bound arrays."""
    import highspy

    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = a.shape[1], a.shape[0]
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_, lp.col_upper_ = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    lp.row_lower_ = np.asarray(row_lo, dtype=float)
    lp.row_upper_ = np.asarray(row_hi, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.start
    lp.a_matrix_.index_ = a.index
    lp.a_matrix_.value_ = a.value
    lp.sense_ = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
    lp.offset_ = float(offset)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * a.shape[1]  # type: ignore
    return lp


def quiet_highs() -> object:
    """A ``highspy.Highs`` that prints nothing: its constructor enables callbacks, which logs
    the HiGHS banner to stdout unless ``output_flag`` is already off (highspy 1.16)."""
    import highspy

    class QuietHighs(highspy.Highs):  # type: ignore[misc, name-defined]
        def enableCallbacks(self) -> object:  # noqa: N802 - highspy's name
            self.setOptionValue("output_flag", False)
            return super().enableCallbacks()

    return QuietHighs()


class HighsRunError(RuntimeError):
    """HiGHS refused to run or failed: its status and information are not to be read."""


def run_highs(h: object) -> object:
    """``h.run()`` in a thread of its own, joined here; returns HiGHS's run status and raises
    :class:`HighsRunError` when it is an error.

    HiGHS keeps one task scheduler per calling thread, sized by the first run in that thread
    (``threads``, default half the cores), and a later run there asking another count fails
    with an error status and no valid information (HiGHS pull requests #818, #1886). Any
    highspy use of the caller's thread before ours (user code, another library) would make our
    one-thread solves fail so: a fresh thread starts with no scheduler, and drops its own
    (``resetThreadScheduler`` on that thread only, as highspy's own threaded solve does)
    before it ends. Callbacks run in that thread, in a copy of the caller's context (strict
    mode, the warnings being recorded)."""
    import highspy

    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["status"] = h.run()  # type: ignore[attr-defined]
        except BaseException as exc:  # re-raised in the caller's thread
            outcome["error"] = exc
        finally:
            reset = (getattr(highspy.Highs, "resetThreadScheduler", None)  # highspy >= 1.16
                     or highspy.Highs.resetGlobalScheduler)
            reset(False)

    context = contextvars.copy_context()
    thread = threading.Thread(target=context.run, args=(target,), name="matcher-highs",
                              daemon=True)
    thread.start()
    try:
        thread.join()
    except BaseException:  # (an interrupt in the caller) HiGHS ends at its limit or stop
        thread.join()
        raise
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    status = outcome["status"]
    if status == highspy.HighsStatus.kError:
        raise HighsRunError(f"HiGHS's run failed (status {status}, model status "
                            f"{h.getModelStatus()})")  # type: ignore[attr-defined]
    return status

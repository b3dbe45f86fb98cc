"""A sparse matrix in compressed-column form, the layout HiGHS reads.

:func:`column_matrix` builds it from ``(row, column, value)`` triplets the way
``scipy.sparse.csc_matrix((values, (rows, cols)))`` does: duplicate entries are summed and the
row indices of every column are sorted. A few lines of numpy, so that the core install does not
need scipy for the one matrix it used to build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["ColumnMatrix", "column_matrix"]


@dataclass(frozen=True)
class ColumnMatrix:
    """``shape = (rows, cols)``; column ``j``'s entries are ``value[start[j]:start[j + 1]]`` in
    rows ``index[start[j]:start[j + 1]]`` (increasing)."""

    shape: tuple[int, int]
    start: np.ndarray
    index: np.ndarray
    value: np.ndarray

    def __matmul__(self, x: np.ndarray) -> np.ndarray:
        """The product ``A @ x`` for a vector ``x`` of length ``shape[1]``."""
        x = np.asarray(x, dtype=float)
        if x.shape != (self.shape[1],):
            raise ValueError(f"vector of length {self.shape[1]} expected, got shape {x.shape}")
        col = np.repeat(np.arange(self.shape[1]), np.diff(self.start))
        out = np.zeros(self.shape[0])
        np.add.at(out, self.index, self.value * x[col])
        return out

    def to_dense(self) -> np.ndarray:
        """The matrix as a dense ``(rows, cols)`` array."""
        out = np.zeros(self.shape)
        col = np.repeat(np.arange(self.shape[1]), np.diff(self.start))
        np.add.at(out, (self.index, col), self.value)
        return out


def column_matrix(rows: Sequence[int] | np.ndarray, cols: Sequence[int] | np.ndarray,
                  values: Sequence[float] | np.ndarray, shape: tuple[int, int]) -> ColumnMatrix:
    """The ``shape`` matrix whose entry ``(rows[k], cols[k])`` is ``values[k]`` (duplicates
    summed), in compressed-column form with sorted row indices."""
    n_rows, n_cols = int(shape[0]), int(shape[1])
    r = np.asarray(rows, dtype=np.int64).reshape(-1)
    c = np.asarray(cols, dtype=np.int64).reshape(-1)
    v = np.asarray(values, dtype=float).reshape(-1)
    if not (r.shape == c.shape == v.shape):
        raise ValueError("rows, cols and values must have the same length")
    if r.size and (r.min() < 0 or r.max() >= n_rows or c.min() < 0 or c.max() >= n_cols):
        raise ValueError(f"an entry lies outside the {n_rows} x {n_cols} matrix")
    key = c * max(n_rows, 1) + r  # column-major position: sorts by column, then row
    unique, inverse = np.unique(key, return_inverse=True)
    summed = np.zeros(unique.size)
    np.add.at(summed, inverse.reshape(-1), v)
    col_of = unique // max(n_rows, 1)
    start = np.concatenate(([0], np.cumsum(np.bincount(col_of, minlength=n_cols))))
    return ColumnMatrix(shape=(n_rows, n_cols), start=start.astype(np.int32),
                        index=(unique % max(n_rows, 1)).astype(np.int32), value=summed)

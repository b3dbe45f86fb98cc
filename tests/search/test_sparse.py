"""The compressed-column matrix handed to HiGHS, built with numpy only."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.search.sparse import column_matrix


@st.composite
def triplets(draw):
    n_rows = draw(st.integers(0, 6))
    n_cols = draw(st.integers(0, 6))
    if n_rows == 0 or n_cols == 0:
        return [], [], [], (n_rows, n_cols)
    k = draw(st.integers(0, 20))
    rows = draw(st.lists(st.integers(0, n_rows - 1), min_size=k, max_size=k))
    cols = draw(st.lists(st.integers(0, n_cols - 1), min_size=k, max_size=k))
    vals = draw(st.lists(st.integers(-5, 5).map(float), min_size=k, max_size=k))
    return rows, cols, vals, (n_rows, n_cols)


def test_a_hand_made_matrix():
    # [[1, 0, 4],
    #  [0, 0, 5],
    #  [2, 3, 0]]   with the (0, 2) entry given as 1 + 3 (duplicates are summed)
    a = column_matrix([2, 0, 2, 1, 0, 0], [0, 0, 1, 2, 2, 2], [2, 1, 3, 5, 1, 3], (3, 3))
    assert a.shape == (3, 3)
    assert a.start.tolist() == [0, 2, 3, 5]
    assert a.index.tolist() == [0, 2, 2, 0, 1]
    assert a.value.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert (a @ np.array([1.0, 1.0, 1.0])).tolist() == [5.0, 5.0, 5.0]


def test_empty_columns_and_an_empty_matrix():
    a = column_matrix([1], [2], [7.0], (2, 4))
    assert a.start.tolist() == [0, 0, 0, 1, 1]
    empty = column_matrix([], [], [], (3, 2))
    assert empty.start.tolist() == [0, 0, 0] and empty.index.size == 0
    assert (empty @ np.ones(2)).tolist() == [0.0, 0.0, 0.0]


def test_entries_outside_the_shape_are_refused():
    with pytest.raises(ValueError, match="outside"):
        column_matrix([3], [0], [1.0], (3, 3))
    with pytest.raises(ValueError, match="same length"):
        column_matrix([0, 1], [0], [1.0], (3, 3))


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(triplets())
def test_equals_the_dense_sum_of_the_triplets(t):
    rows, cols, vals, shape = t
    a = column_matrix(rows, cols, vals, shape)
    dense = np.zeros(shape)
    for r, c, v in zip(rows, cols, vals, strict=True):
        dense[r, c] += v
    assert np.array_equal(a.to_dense(), dense)
    assert a.start[0] == 0 and a.start[-1] == a.index.size == a.value.size
    assert np.all(np.diff(a.start) >= 0)
    for j in range(shape[1]):  # row indices increase within each column
        assert np.all(np.diff(a.index[a.start[j]:a.start[j + 1]]) > 0)
    x = np.arange(1.0, shape[1] + 1.0)
    assert np.allclose(a @ x, dense @ x)


@settings(max_examples=100, deadline=None)
@given(triplets())
def test_same_arrays_as_scipy_csc_matrix(t):
    sparse = pytest.importorskip("scipy.sparse", reason="scipy (optional) compares the old path")
    rows, cols, vals, shape = t
    ours = column_matrix(rows, cols, vals, shape)
    theirs = sparse.csc_matrix((vals, (rows, cols)), shape=shape)
    theirs.sort_indices()
    assert ours.start.tolist() == theirs.indptr.tolist()
    assert ours.index.tolist() == theirs.indices.tolist()
    assert ours.value.tolist() == theirs.data.tolist()

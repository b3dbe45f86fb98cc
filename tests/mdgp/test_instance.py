"""MDGPLIB reader: shipped instances parse; malformed files fail naming file and line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher.errors import InputError
from matcher.mdgp import MDGPInstance, parse_mdgp, read_mdgp

DATA = Path(__file__).resolve().parents[1] / "data" / "mdgp"


def test_reads_shipped_ds_instance():
    inst = read_mdgp(DATA / "RanInt_n012_ds_01.txt")
    assert (inst.n, inst.m, inst.gtype, inst.name) == (12, 4, "ds", "RanInt_n012_ds_01")
    assert inst.lower.tolist() == [3, 3, 2, 3]
    assert inst.upper.tolist() == [4, 4, 5, 4]
    d = inst.distances
    assert d.dtype == np.float64 and d.shape == (12, 12)
    assert np.array_equal(d, d.T) and np.all(np.diag(d) == 0)
    assert d[0, 1] == 48 and d[1, 0] == 48 and d[0, 2] == 31


def test_reads_real_valued_instance():
    inst = read_mdgp(DATA / "RanReal_n010_ss_01.txt")
    assert inst.lower.tolist() == [5, 5] and inst.upper.tolist() == [5, 5]
    assert not np.allclose(inst.distances, np.round(inst.distances))


def test_instance_is_immutable():
    inst = read_mdgp(DATA / "RanReal_n010_ss_01.txt")
    with pytest.raises(ValueError):
        inst.distances[0, 1] = 5.0
    with pytest.raises(AttributeError):
        inst.n = 3  # type: ignore[misc]


def test_objective_and_violations():
    text = "4 2 ss 2 2 2 2 \n0 1 1\n0 2 5\n0 3 1\n1 2 1\n1 3 5\n2 3 1\n"
    inst = parse_mdgp(text)
    assert inst.objective([0, 1, 0, 1]) == 10.0
    assert inst.objective([0, 0, 1, 1]) == 2.0
    assert inst.violations([0, 1, 0, 1]) == []
    assert inst.violations([0, 0, 0, 1]) != []
    assert inst.violations([0, 1, 2, 1]) != []


GOOD_HEAD = "4 2 ss 2 2 2 2 \n"
GOOD_BODY = ["0 1 1", "0 2 5", "0 3 1", "1 2 1", "1 3 5", "2 3 1"]


def _with_line(k: int, line: str) -> str:
    body = GOOD_BODY.copy()
    body[k] = line
    return GOOD_HEAD + "\n".join(body) + "\n"


@pytest.mark.parametrize(
    ("text", "row", "words"),
    [
        ("", 1, "empty"),
        ("4 2\n", 1, "header"),
        ("four 2 ss 2 2 2 2\n", 1, "integer"),
        ("4 2 xx 2 2 2 2\n", 1, "'ss' or 'ds'"),
        ("4 2 ss 2 2 2\n", 1, "2*m"),
        ("4 2 ds 3 2 2 2\n", 1, "0 <= a <= b"),
        ("4 2 ds 1 1 1 1\n", 1, "admit no grouping"),
        (_with_line(2, "0 3"), 4, "three fields"),
        (_with_line(2, "0 3 abc"), 4, "number"),
        (_with_line(2, "0 9 1"), 4, "out of range"),
        (_with_line(2, "0 0 1"), 4, "two different"),
        (_with_line(2, "0 1 2"), 4, "given twice"),
        (_with_line(2, "0 3 nan"), 4, "finite"),
    ],
)
def test_malformed_files_name_the_line(text, row, words):
    with pytest.raises(InputError) as info:
        parse_mdgp(text, file="bad.txt")
    err = info.value
    assert err.file == "bad.txt"
    assert err.row == row
    assert words in str(err)
    assert "bad.txt" in str(err) and f"row {row}" in str(err)


def test_missing_lines_reported():
    text = GOOD_HEAD + "\n".join(GOOD_BODY[:-1]) + "\n"
    with pytest.raises(InputError, match="expected 6 distance lines") as info:
        parse_mdgp(text, file="short.txt")
    assert "(2, 3)" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="not found") as info:
        read_mdgp(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)


def test_binary_file(tmp_path):
    p = tmp_path / "bin.txt"
    p.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="ASCII"):
        read_mdgp(p)


def test_constructor_validates():
    d = np.array([[0.0, 1.0], [2.0, 0.0]])
    with pytest.raises(InputError, match="symmetric"):
        MDGPInstance(n=2, m=1, lower=[2], upper=[2], distances=d)
    with pytest.raises(InputError, match="no grouping"):
        MDGPInstance(n=2, m=1, lower=[3], upper=[3], distances=np.zeros((2, 2)))

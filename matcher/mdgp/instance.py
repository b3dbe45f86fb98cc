"""An instance of the maximally diverse grouping problem (MDGP) and its MDGPLIB reader.

The MDGP partitions ``n`` elements into ``m`` groups so as to maximise the total
dissimilarity inside groups:

.. math::

    \\max_{x} \\sum_{g=1}^{m} \\sum_{i<j} d_{ij}\\, x_{ig}\\, x_{jg}
    \\quad\\text{s.t.}\\quad \\sum_g x_{ig} = 1 \\;\\forall i,\\qquad
    a_g \\le \\sum_i x_{ig} \\le b_g \\;\\forall g,\\qquad x \\in \\{0,1\\}^{n\\times m}.

Group labels carry their own bounds ``[a_g, b_g]``, so in ``ds`` (different sizes) instances
they are not interchangeable.

The MDGPLIB text format (see ``shared/benchmarks/mdgp/FORMAT.md``): line 1 is
``n m ss|ds a_1 b_1 ... a_m b_m``; then one line ``i j d_ij`` for each pair ``0 <= i < j < n``.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np

from matcher.errors import InputError

__all__ = ["MDGPInstance", "read_mdgp", "parse_mdgp"]


@dataclass(frozen=True, eq=False)
class MDGPInstance:
    """A maximally diverse grouping problem: elements, groups with size bounds, distances.

    Parameters
    ----------
    n:
        Number of elements, labelled ``0 .. n-1``.
    m:
        Number of groups, labelled ``0 .. m-1``.
    lower, upper:
        Integer arrays of shape ``(m,)``: group ``g`` holds between ``lower[g]`` and
        ``upper[g]`` elements. Requires ``sum(lower) <= n <= sum(upper)``.
    distances:
        Symmetric float64 array of shape ``(n, n)`` with a zero diagonal: ``d[i, j]``.
    name:
        A label, usually the file stem (``RanReal_n120_ss_01``).
    gtype:
        ``"ss"`` (same size) or ``"ds"`` (different sizes), as written in the file.

    Notes
    -----
    Model: maximise ``sum_g sum_{i<j in g} d[i, j]`` subject to ``lower[g] <= |g| <= upper[g]``.
    The arrays are made read-only on construction; the instance is immutable.
    """

    n: int
    m: int
    lower: np.ndarray
    upper: np.ndarray
    distances: np.ndarray = field(repr=False)
    name: str = ""
    gtype: str = "ds"

    def __post_init__(self) -> None:
        lower = np.array(self.lower, dtype=np.int64)
        upper = np.array(self.upper, dtype=np.int64)
        d = np.array(self.distances, dtype=np.float64)
        if self.n < 1 or self.m < 1:
            raise InputError(f"n and m must be positive, got n={self.n}, m={self.m}")
        if lower.shape != (self.m,) or upper.shape != (self.m,):
            raise InputError(f"lower and upper must have shape ({self.m},)")
        if d.shape != (self.n, self.n):
            raise InputError(f"distances must have shape ({self.n}, {self.n}), got {d.shape}")
        if not np.all(np.isfinite(d)):
            raise InputError("distances must be finite")
        if not np.array_equal(d, d.T):
            raise InputError("distances must be symmetric")
        if np.any(np.diag(d) != 0):
            raise InputError("distances must have a zero diagonal")
        if np.any(lower < 0) or np.any(lower > upper):
            raise InputError("group bounds need 0 <= lower[g] <= upper[g]")
        if not lower.sum() <= self.n <= upper.sum():
            raise InputError(
                f"no grouping fits: sum of lower bounds {int(lower.sum())} <= n={self.n} "
                f"<= sum of upper bounds {int(upper.sum())} does not hold"
            )
        for arr in (lower, upper, d):
            arr.setflags(write=False)
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "upper", upper)
        object.__setattr__(self, "distances", d)

    def objective(self, groups: np.ndarray | list[int]) -> float:
        """Total within-group distance of an assignment, computed directly.

        Parameters
        ----------
        groups:
            ``groups[i]`` is the 0-based group of element ``i``.

        Returns
        -------
        float
            ``sum_g sum_{i<j, groups[i]=groups[j]=g} d[i, j]``.
        """
        return pairwise_objective(self.distances, groups)

    def violations(self, groups: np.ndarray | list[int]) -> list[str]:
        """Plain-language list of what makes ``groups`` infeasible (empty when feasible)."""
        g = np.asarray(groups)
        out: list[str] = []
        if g.shape != (self.n,):
            return [f"expected {self.n} group labels, got shape {g.shape}"]
        if np.any((g < 0) | (g >= self.m)):
            out.append(f"group labels must lie in 0..{self.m - 1}")
            return out
        sizes = np.bincount(g, minlength=self.m)
        for k in range(self.m):
            if not self.lower[k] <= sizes[k] <= self.upper[k]:
                out.append(
                    f"group {k} has {sizes[k]} elements, outside [{self.lower[k]}, {self.upper[k]}]"
                )
        return out


def pairwise_objective(distances: np.ndarray, groups: np.ndarray | list[int]) -> float:
    """Sum over groups of the distances of every pair of members.

    Parameters
    ----------
    distances:
        Symmetric ``(n, n)`` matrix with zero diagonal.
    groups:
        ``groups[i]`` is the group label of element ``i``; labels are non-negative integers.

    Returns
    -------
    float
        ``0.5 * sum_{i, j: groups[i] = groups[j]} d[i, j]``.
    """
    g = np.asarray(groups, dtype=np.int64)
    d = np.asarray(distances, dtype=np.float64)
    same = g[:, None] == g[None, :]
    return float(0.5 * d[same].sum())


def _fail(
    message: str, file: str, row: int | None, value: object = None, column: str | None = None
):
    return InputError(message, file=file, row=row, column=column, value=value)


def _int_token(token: str, what: str, file: str, row: int) -> int:
    try:
        return int(token)
    except ValueError:
        raise _fail(f"{what} must be an integer", file, row, token, what) from None


def parse_mdgp(text: str, *, file: str = "<string>", name: str | None = None) -> MDGPInstance:
    """Parse the MDGPLIB text format.

    Parameters
    ----------
    text:
        The whole file content.
    file:
        Name used in error messages.
    name:
        Instance name; defaults to the stem of ``file``.

    Returns
    -------
    MDGPInstance

    Raises
    ------
    InputError
        On any malformed line, with ``row`` the 1-based line number (the header is row 1).
    """
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise _fail("empty file: expected a header line 'n m ss|ds a_1 b_1 ... a_m b_m'", file, 1)
    head = lines[0].split()
    if len(head) < 3:
        raise _fail("header needs 'n m ss|ds' followed by m pairs of bounds", file, 1, lines[0])
    n = _int_token(head[0], "n", file, 1)
    m = _int_token(head[1], "m", file, 1)
    if n < 2:
        raise _fail("n must be at least 2", file, 1, n, "n")
    if m < 1:
        raise _fail("m must be at least 1", file, 1, m, "m")
    gtype = head[2]
    if gtype not in ("ss", "ds"):
        raise _fail("group type must be 'ss' or 'ds'", file, 1, gtype, "gtype")
    if len(head) != 3 + 2 * m:
        raise _fail(
            f"header must hold 2*m = {2 * m} bounds after 'n m {gtype}', found {len(head) - 3}",
            file,
            1,
            lines[0].strip(),
        )
    bounds = [_int_token(t, "bound", file, 1) for t in head[3:]]
    lower = np.array(bounds[0::2], dtype=np.int64)
    upper = np.array(bounds[1::2], dtype=np.int64)
    for g in range(m):
        if lower[g] < 0 or lower[g] > upper[g]:
            raise _fail(
                f"group {g} bounds must satisfy 0 <= a <= b",
                file,
                1,
                f"{lower[g]} {upper[g]}",
                "bounds",
            )
    if not lower.sum() <= n <= upper.sum():
        raise _fail(
            f"bounds admit no grouping: need sum(a)={lower.sum()} <= n={n} <= sum(b)={upper.sum()}",
            file,
            1,
            lines[0].strip(),
        )

    expected = n * (n - 1) // 2
    d = np.zeros((n, n), dtype=np.float64)
    seen = np.zeros((n, n), dtype=bool)
    count = 0
    for idx in range(1, len(lines)):
        line = lines[idx]
        row = idx + 1
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3:
            raise _fail("expected 'i j d_ij' (three fields)", file, row, line.strip())
        i = _int_token(parts[0], "i", file, row)
        j = _int_token(parts[1], "j", file, row)
        if not (0 <= i < n and 0 <= j < n):
            raise _fail(f"element index out of range 0..{n - 1}", file, row, f"{i} {j}", "i/j")
        if i == j:
            raise _fail("a distance line must join two different elements", file, row, f"{i} {j}")
        try:
            v = float(parts[2])
        except ValueError:
            raise _fail("distance must be a number", file, row, parts[2], "d_ij") from None
        if not math.isfinite(v):
            raise _fail("distance must be finite", file, row, parts[2], "d_ij")
        if seen[i, j]:
            raise _fail(f"pair ({i}, {j}) given twice", file, row, line.strip())
        seen[i, j] = seen[j, i] = True
        d[i, j] = d[j, i] = v
        count += 1
    if count != expected:
        missing = np.argwhere(np.triu(~seen, k=1))
        hint = f"first missing pair: ({missing[0][0]}, {missing[0][1]})" if len(missing) else None
        raise InputError(
            f"expected {expected} distance lines for n={n}, found {count}",
            file=file,
            row=len(lines),
            hint=hint,
        )
    if name is None:
        name = os.path.splitext(os.path.basename(file))[0]
    return MDGPInstance(n=n, m=m, lower=lower, upper=upper, distances=d, name=name, gtype=gtype)


def read_mdgp(path: str | os.PathLike[str]) -> MDGPInstance:
    """Read an MDGPLIB instance file.

    Parameters
    ----------
    path:
        Path to a file in MDGPLIB format.

    Returns
    -------
    MDGPInstance
        Named after the file stem.

    Raises
    ------
    InputError
        If the file is missing, unreadable, or malformed (``row`` is the 1-based line number).

    Examples
    --------
    >>> inst = read_mdgp("tests/data/mdgp/RanInt_n012_ds_01.txt")  # doctest: +SKIP
    >>> inst.n, inst.m, inst.lower.tolist()  # doctest: +SKIP
    (12, 4, [3, 3, 2, 3])
    """
    p = os.fspath(path)
    try:
        with open(p, encoding="ascii") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise InputError("file not found", file=p) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not an ASCII text file ({exc.reason})", file=p) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=p) from None
    return parse_mdgp(text, file=p)

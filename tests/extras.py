"""Skip markers for the tests that need an optional extra (the ``test`` extra installs them
all, so CI runs every test; a partial install skips with the pip command in the reason)."""

from __future__ import annotations

import pytest

from matcher.distribution import install_hint
from matcher.mdgp.kernels import numba_available

needs_numba = pytest.mark.skipif(
    not numba_available(),
    reason=f"numba (the mdgp extra) is not installed: {install_hint('mdgp')}")
"""For the tests that run the compiled MDGP search (``maximize_pairwise``, ``solve_mdgp``,
``matcher mdgp``)."""

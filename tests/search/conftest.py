"""Shared setup of the search tests: :mod:`tests_search_helpers` importable from the test
files of ``tests/search`` and of its sub-packages, wherever pytest is started."""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

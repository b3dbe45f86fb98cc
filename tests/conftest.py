"""Shared test setup: make the helper modules of ``tests/`` (``strategies``, ``faces``)
importable from every test file, wherever pytest is started."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

# Tests assert English texts unless they choose a language (tests/cli/test_cli_lang.py): a
# French locale on the machine running them must not change the command line's language.
os.environ["MATCHER_LANG"] = "en"

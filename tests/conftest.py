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

# Hypothesis: on a developer's machine each run draws new examples (that is how the kept
# counterexamples in the suite were found); under CI the draw is derandomized, so a landing
# check is reproducible and a red CI names an example anyone can re-run. HYPOTHESIS_PROFILE
# picks either explicitly.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
_hypothesis_settings.register_profile("dev", print_blob=True)
_hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

# Strict mode (matcher/search/consistency.py): an internal inconsistency of the search raises
# instead of becoming a warning on the result, so that the suite (and CI) catch the bug. Child
# processes (the CLI, the server) inherit it. Tests of the non-strict behaviour set it to 0.
os.environ["MATCHER_STRICT"] = "1"

"""Where the report tests find headless Chromium, and what they do without it: skipped,
except under CI (``CI`` set), where ``.ci/run`` installs Debian's package and its absence
fails the run."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             shutil.which("google-chrome")) if p), None)


def chromium_mark() -> list[pytest.MarkDecorator]:
    """The ``pytestmark`` of a module that needs Chromium (no mark when it is there)."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run must install Debian's chromium "
                        "(apt-get install -y chromium)", pytrace=False)
        return [pytest.mark.skip(reason="chromium not installed (apt-get install chromium)")]
    return []

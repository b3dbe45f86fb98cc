"""What ``import matcher`` costs a program that embeds the library: no warning, nothing printed,
and none of the command line's own dependencies (typer, rich, click) nor the server's loaded.

The command line's and the server's modules import those at their top; the library's never do.
The same checks run at the declared minimum releases in CI (``.ci/minimums``).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Top-level modules only ``matcher.cli`` (typer, rich, click) and ``matcher.serve`` may load.
FRONT_END_MODULES = ("typer", "rich", "click", "fastapi", "starlette", "uvicorn", "sse_starlette",
                     "multipart", "python_multipart")


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with every warning an error."""
    return subprocess.run([sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.mark.slow
def test_import_matcher_warns_of_nothing_and_prints_nothing():
    run = _python("import matcher")
    assert run.returncode == 0, run.stderr
    assert (run.stdout, run.stderr) == ("", "")


@pytest.mark.slow
def test_import_matcher_loads_neither_the_command_line_nor_the_server_libraries():
    run = _python(f"""
        import sys
        import matcher
        print(sorted({{m.split(".")[0] for m in sys.modules}} & set({FRONT_END_MODULES!r})))
    """)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


@pytest.mark.slow
def test_no_library_module_loads_the_command_line_libraries():
    """Every module outside ``matcher.cli``, ``matcher.serve`` and ``matcher.__main__`` (the
    numba kernel aside: the ``mdgp`` extra) imports without typer, rich or the server's."""
    package = ROOT / "matcher"
    library = sorted(".".join(("matcher", *f.relative_to(package).with_suffix("").parts))
                     .removesuffix(".__init__") for f in package.rglob("*.py"))
    front_end = ("matcher.cli", "matcher.serve", "matcher.__main__", "matcher.mdgp._kernel")
    library = [m for m in library if not m.startswith(front_end)]
    assert "matcher.search.pipeline" in library and "matcher.cli.app" not in library
    run = _python(f"""
        import importlib, sys
        for name in {library!r}:
            importlib.import_module(name)
        print(sorted({{m.split(".")[0] for m in sys.modules}} & set({FRONT_END_MODULES!r})))
    """)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


@pytest.mark.slow
def test_the_command_line_still_loads_them():
    """The checks above can fail: ``matcher.cli`` does import typer and rich (recent typer
    releases carry their own click)."""
    run = _python("""
        import sys
        import matcher.cli
        print(all(m in sys.modules for m in ("typer", "rich")))
    """)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "True"


def test_import_matcher_and_check_load_neither_or_tools_nor_pandas():
    """OR-Tools (0.3 s, and pandas through it) is loaded by the first solve, not by ``import
    matcher`` nor by the solver-free faces: a platform that only checks teams never pays it."""
    run = _python("""
        import sys
        import matcher
        from matcher import Problem, Project, Student
        problem = Problem(students=[Student(id="a", discipline="x"), Student(id="b")],
                          projects=[Project(id="P", max_size=2)])
        assert matcher.check(problem, {"a": "P"})  # b has no team
        matcher.score(problem, {"a": "P", "b": "P"})
        matcher.objective(problem, {"a": "P", "b": "P"})
        print(sorted(m for m in ("ortools", "pandas") if m in sys.modules))
        result = matcher.solve(problem, workers=1, time_limit=30)
        assert result.status.value == "OPTIMAL", result.status
        print("ortools" in sys.modules)
    """)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["[]", "True"]  # the solve did load it: the check can fail


def test_the_search_names_of_matcher_solve_still_resolve():
    run = _python("""
        import matcher
        from matcher.solve import SMALL_PORTFOLIO, ProgressCallback, default_workers, solve
        assert matcher.solve is solve and callable(solve)
        assert default_workers() >= 1 and SMALL_PORTFOLIO and ProgressCallback
    """)
    assert run.returncode == 0, run.stderr

"""What is installed: the distribution's name and metadata, and that every third-party module
the package imports is declared, in the core or in an extra that fails with the pip command."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest

import matcher
from matcher.distribution import DISTRIBUTION, EXTRAS, install_hint

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "matcher"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]

#: Modules (or folders, ending in /) that import an extra at their top, and the extra; the
#: kernel is imported only by :func:`matcher.mdgp.kernels.load_kernels`, after
#: :func:`require_numba`; the server's modules only by ``matcher serve`` past its check.
EXTRA_ONLY_MODULES = {"matcher/mdgp/_kernel.py": "mdgp", "matcher/serve/": "serve"}

#: Third-party modules the extras provide; a process without them must still import matcher.
EXTRA_MODULES = ("numba", "llvmlite", "scipy", "dask", "distributed", "matplotlib", "fastapi",
                 "starlette", "uvicorn", "sse_starlette", "multipart", "python_multipart")


def _extra_only(f: str) -> str | None:
    """The extra a module imports at its top (see :data:`EXTRA_ONLY_MODULES`), if any."""
    for where, extra in EXTRA_ONLY_MODULES.items():
        if f == where or (where.endswith("/") and f.startswith(where)):
            return extra
    return None


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _declared(requirements: list[str]) -> set[str]:
    """Distribution names of ``requirements``, with those an extra of them pulls in."""
    names = set()
    for req in requirements:
        names.add(_name(req))
        for extra in re.findall(r"\[([^\]]+)\]", req.split(";")[0]):
            try:
                requires = metadata.requires(_name(req)) or []
            except metadata.PackageNotFoundError:
                requires = []
            for sub in requires:
                if any(re.search(rf"extra\s*==\s*['\"]{e.strip()}['\"]", sub)
                       for e in extra.split(",")):
                    names.add(_name(sub))
    return names


CORE = _declared(PROJECT["dependencies"])
OPTIONAL = {extra: _declared(reqs) for extra, reqs in PROJECT["optional-dependencies"].items()}


@cache
def _installed() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def _distribution_of(module: str) -> str:
    found = _installed().get(module)
    return (found[0] if found else module).lower().replace("_", "-")


def _lines_under(nodes: list[ast.AST]) -> set[int]:
    return {sub.lineno for node in nodes for sub in ast.walk(node) if hasattr(sub, "lineno")}


def _third_party_imports() -> list[tuple[str, int, str, bool]]:
    """``(file, line, top-level module, guarded)`` of every import of a third-party module.

    ``guarded``: inside a ``try`` that catches ``ImportError``, or inside a function of a
    module that checks the same module that way, or calls ``require_numba()`` before it (the
    function is reached only past the check).
    """
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        guarded_lines = _lines_under([
            inner for node in ast.walk(tree) if isinstance(node, ast.Try)
            and any(h.type is not None and "ImportError" in ast.unparse(h.type)
                    for h in node.handlers)
            for inner in node.body])
        lazy_lines = _lines_under([node for node in ast.walk(tree)
                                   if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)])
        checked = {top for f, _, top, g in _imports_of(tree, rel, guarded_lines) if g}
        if "require_numba()" in text:
            checked.add("numba")
        for f, line, top, guarded in _imports_of(tree, rel, guarded_lines):
            out.append((f, line, top, guarded or (line in lazy_lines and top in checked)))
    return out


def _imports_of(tree: ast.AST, rel: str, guarded_lines: set[int]
                ) -> list[tuple[str, int, str, bool]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            tops = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            tops = [node.module.split(".")[0]]
        else:
            continue
        for top in tops:
            if top in sys.stdlib_module_names or top in ("matcher", "__future__"):
                continue
            out.append((rel, node.lineno, top, node.lineno in guarded_lines))
    return out


def test_the_distribution_name_is_ours_and_the_package_knows_it():
    assert PROJECT["name"] == DISTRIBUTION == "matcher-teams"
    assert PROJECT["scripts"] == {"matcher": "matcher.cli:main"}
    assert "version(DISTRIBUTION)" in (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    assert set(PROJECT["optional-dependencies"]) == set(EXTRAS)


@pytest.mark.slow
def test_every_third_party_import_is_declared():
    everything = CORE.union(*OPTIONAL.values())
    missing = [f"{f}:{line} imports {top}" for f, line, top, _ in _third_party_imports()
               if _distribution_of(top) not in everything]
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


@pytest.mark.slow
def test_an_optional_dependency_is_imported_only_behind_a_guard():
    loose = []
    for f, line, top, guarded in _third_party_imports():
        if _distribution_of(top) in CORE or guarded:
            continue
        extra = _extra_only(f)
        if extra and _distribution_of(top) in OPTIONAL[extra]:
            continue
        loose.append(f"{f}:{line} imports {top}")
    assert not loose, f"optional dependencies imported without an ImportError guard: {loose}"
    # the extra-only modules are imported by their loader alone
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name != "kernels.py":
            assert not re.search(r"\b_kernel\b", "\n".join(
                line for line in text.splitlines() if "import" in line)), path


@pytest.mark.slow
def test_every_core_dependency_is_used():
    used = {_distribution_of(top) for _, _, top, _ in _third_party_imports()}
    unused = CORE - used
    assert not unused, f"core dependencies nothing imports: {unused}"
    assert "scipy" not in CORE and "numba" not in CORE and "llvmlite" not in CORE


def test_numba_is_the_mdgp_extra_and_the_test_extra_brings_it():
    assert OPTIONAL["mdgp"] == {"numba"}
    assert "numba" in OPTIONAL["test"]


def test_license_py_typed_classifiers_and_urls():
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License")
    assert "Copyright (c) 2026 matcher contributors" in license_text
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]
    assert (PACKAGE / "py.typed").is_file()
    assert "py.typed" in PYPROJECT["tool"]["setuptools"]["package-data"]["matcher"]
    classifiers = PROJECT["classifiers"]
    assert "Typing :: Typed" in classifiers
    assert f"Programming Language :: Python :: {sys.version_info[0]}" in classifiers
    assert not any(c.startswith("License ::") for c in classifiers)  # the SPDX field says it
    assert {"Homepage", "Source", "Issues"} <= set(PROJECT["urls"])


def test_every_install_command_names_the_distribution():
    texts = {p: p.read_text(encoding="utf-8") for p in
             [ROOT / "README.md", ROOT / ".ci" / "run", *PACKAGE.rglob("*.py"),
              *(ROOT / "benchmarks").glob("*.py")]}
    wrong = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p, text in texts.items()
             for m in re.finditer(r"pip install [^\n`]*?'?matcher\[[^\]]*\]", text)]
    assert not wrong, f"pip commands that install the package under its old name: {wrong}"
    assert install_hint("mdgp") == "pip install 'matcher-teams[mdgp]'"
    with pytest.raises(ValueError, match="unknown extra"):
        install_hint("gpu")


_WITHOUT_EXTRAS = textwrap.dedent('''
    import importlib, io, pkgutil, sys
    from contextlib import redirect_stderr

    BLOCKED = {blocked!r}

    class Refuse:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, Refuse())
    for mod in list(sys.modules):
        if mod.split(".")[0] in BLOCKED:
            del sys.modules[mod]

    import matcher
    failed = []
    for info in pkgutil.walk_packages(matcher.__path__, "matcher."):
        if info.name == "matcher.mdgp._kernel" or info.name.startswith("matcher.serve."):
            continue
        try:
            importlib.import_module(info.name)
        except Exception as exc:
            failed.append(f"{{info.name}}: {{exc!r}}")
    print("FAILED", failed)
    print("LOADED", sorted({{m.split(".")[0] for m in sys.modules}} & BLOCKED))

    from matcher.cli import app
    err = io.StringIO()
    with redirect_stderr(err):
        try:
            app(["mdgp", {instance!r}, "-o", {output!r}, "-t", "1"], standalone_mode=True)
        except SystemExit as exc:
            print("EXIT", exc.code)
    print("STDERR", err.getvalue().strip())
''')


@pytest.mark.slow
def test_the_package_works_without_any_extra(tmp_path):
    """Every module imports with numba, scipy, dask and matplotlib refused; ``matcher mdgp``
    then exits 2 naming the pip command, and writes nothing."""
    instance = ROOT / "tests" / "data" / "mdgp" / "RanInt_n012_ds_01.txt"
    output = tmp_path / "groups.csv"
    script = _WITHOUT_EXTRAS.format(blocked=set(EXTRA_MODULES), instance=str(instance),
                                    output=str(output))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=ROOT, timeout=300, env=_env())
    assert run.returncode == 0, run.stderr
    lines = dict(line.split(" ", 1) for line in run.stdout.splitlines() if " " in line)
    assert lines["FAILED"] == "[]"
    assert lines["LOADED"] == "[]"
    assert lines["EXIT"] == "2"
    assert "numba" in lines["STDERR"] and "pip install 'matcher-teams[mdgp]'" in lines["STDERR"]
    assert not output.exists()


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).strip(os.pathsep)
    return env


@pytest.mark.slow
def test_the_wheel_holds_py_typed_the_license_and_the_metadata(tmp_path):
    """Build the wheel from a copy of the sources (pip, isolated build) and read it."""
    import shutil

    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(PACKAGE, src / "matcher",
                    ignore=shutil.ignore_patterns("__pycache__", "*.nbi", "*.nbc"))
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                          str(tmp_path / "dist"), str(src)],
                         capture_output=True, text=True, timeout=600)
    if run.returncode != 0 and "No matching distribution" in run.stderr:
        pytest.skip(f"no setuptools to build with (offline?): {run.stderr[-300:]}")
    assert run.returncode == 0, run.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    assert wheel.name.startswith("matcher_teams-")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = zf.read(meta_name).decode()
    assert "matcher/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "Name: matcher-teams" in meta and "License-Expression: MIT" in meta
    requires = [line for line in meta.splitlines() if line.startswith("Requires-Dist:")]
    core = [r for r in requires if "extra ==" not in r]
    assert any("rich" in r for r in core)
    assert not any(re.search(r"\b(scipy|numba)\b", r) for r in core)
    assert any("numba" in r and "extra == \"mdgp\"" in r for r in requires)
    assert "Provides-Extra: mdgp" in meta
    assert matcher.__name__ == "matcher"

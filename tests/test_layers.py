"""The layers of ``matcher`` point one way (DESIGN.md, "Layers point one way").

The import graph is read from the source (no import is run): every ``import`` and ``from ...
import`` anywhere in a module, inside functions too (a function-level import is still an
import), relative imports resolved, the bodies of ``if TYPE_CHECKING:`` left out (they never
run), plus ``importlib.import_module("matcher...")`` with a literal name. An edge goes to the
module named (``from matcher.search import pipeline`` names ``matcher.search.pipeline``), not to
its parent packages.

It fails on

- a cycle (the modules of each, and one loop through them with its lines);
- the library importing its command line (``matcher.cli``, ``matcher.__main__``) or its server
  (``matcher.serve``);
- the server importing the command line or the reverse, but for the one launcher (below);
- a module importing one of a higher layer (:data:`LAYERS`).

Every failure names the import: module and line.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The layers, lowest first. A module may import its own layer and the ones below, never one
#: above. A name ending in ``.*`` covers a package and everything in it; the longest matching
#: name places a module. A new module must be placed here (the test says which).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("basics: the problem and its parts, plain assignments, words and errors", (
        "matcher.i18n", "matcher.locales.*", "matcher.errors", "matcher.issues",
        "matcher.distribution", "matcher.words", "matcher.problem",
        "matcher.dissimilarity", "matcher.teammates", "matcher.assignment",
        "matcher.project_names", "matcher.result", "matcher.sample", "matcher.arguments",
    )),
    ("face vocabulary: the base classes and the words a plug-in declares its faces with", (
        "matcher.constraints", "matcher.constraints.base", "matcher.constraints.faces",
        "matcher.constraints.atom", "matcher.scoring", "matcher.scoring.base",
        "matcher.scoring.decomposition", "matcher.scoring.incremental", "matcher.model",
    )),
    ("plug-ins: one rule or term a file (min_term names its term through the term catalog)", (
        "matcher.constraints.*", "matcher.scoring.*",
    )),
    ("registry: the plug-ins by name, and the [rules] model built from the rules' parameters", (
        "matcher.registry", "matcher.rules",
    )),
    ("the search, and the library work that names plug-ins (checks, readers, reports)", (
        "matcher.search.*", "matcher.check", "matcher.choices", "matcher.feasibility",
        "matcher.figures",
        "matcher.sweep_bound",
        "matcher.mdgp.*", "matcher.io.*", "matcher.read", "matcher.config", "matcher.forms",
        "matcher.duplicates", "matcher.identity", "matcher.columns", "matcher.inspection",
    )),
    ("the solve facade and the library work that solves (explanations, diagnoses, reports)", (
        "matcher.solve", "matcher", "matcher.pareto", "matcher.sweep", "matcher.payoff",
        "matcher.rematch",
        "matcher.explain.*", "matcher.diagnose", "matcher.report.*", "matcher.summary",
        "matcher.request", "matcher.io.export", "matcher.io.student_rows",
    )),
    ("the command line and the server, side by side", (
        "matcher.cli.*", "matcher.__main__", "matcher.serve.*",
    )),
]

COMMAND_LINE = ("matcher.cli", "matcher.__main__")
SERVER = ("matcher.serve",)

#: The one module of the command line that may import the server: ``matcher serve`` starts
#: the server, so its command (and only it) imports :mod:`matcher.serve`. The server never
#: imports the command line.
LAUNCHER = "matcher.cli.serve"


@dataclass(frozen=True)
class Import:
    """``source`` imports ``target`` (both modules of the package) at ``line``."""

    source: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.source} line {self.line} imports {self.target}"


def package_modules(root: Path, package: str) -> dict[str, Path]:
    """Module name -> file, for every ``.py`` file of ``root/package``."""
    out = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _named(node: ast.AST, module: str, is_package: bool) -> list[tuple[str, int]]:
    """The dotted names ``node`` imports (``from a import b`` gives ``a.b`` and ``a``)."""
    if isinstance(node, ast.Import):
        return [(a.name, node.lineno) for a in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            here = module.split(".") if is_package else module.split(".")[:-1]
            here = here[:len(here) - (node.level - 1)]
            base = ".".join(here + ([node.module] if node.module else []))
        return [(f"{base}.{a.name}", node.lineno) for a in node.names] + [(base, node.lineno)]
    if (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and ((isinstance(node.func, ast.Name) and node.func.id == "import_module")
                 or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module"))):
        return [(node.args[0].value, node.lineno)]
    return []


def imports(root: Path, package: str) -> list[Import]:
    """Every import between modules of ``package`` that runs (see the module docstring)."""
    modules = package_modules(root, package)
    out: set[Import] = set()
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        pending = [ast.parse(path.read_text(encoding="utf-8"), str(path))]
        while pending:
            node = pending.pop()
            if isinstance(node, ast.If) and _is_type_checking(node.test):
                pending.extend(node.orelse)
                continue
            names = _named(node, module, is_package)
            if isinstance(node, ast.ImportFrom):
                # ``from a import b``: the module a.b if there is one, else a (b is a name in it)
                sub = [(n, line) for n, line in names[:-1] if n in modules]
                names = sub if len(sub) == len(names) - 1 else sub + names[-1:]
            for name, line in names:
                target = name
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != module:
                    out.add(Import(module, target, line))
            pending.extend(ast.iter_child_nodes(node))
    return sorted(out, key=lambda i: (i.source, i.line, i.target))


def cycles(edges: list[Import]) -> list[tuple[frozenset[str], list[Import]]]:
    """Each strongly connected group of modules (Tarjan), with one loop of imports through it."""
    graph: dict[str, list[Import]] = {}
    for e in edges:
        graph.setdefault(e.source, []).append(e)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for e in graph.get(v, []):
            if e.target not in index:
                visit(e.target)
                low[v] = min(low[v], low[e.target])
            elif e.target in stack:
                low[v] = min(low[v], index[e.target])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [(frozenset(group), _loop(graph, group)) for group in groups]


def _loop(graph: dict[str, list[Import]], group: set[str]) -> list[Import]:
    """A shortest loop from the group's first module back to it, inside the group."""
    start = min(group)
    came: dict[str, Import] = {}
    frontier = [start]
    while frontier:
        following = []
        for v in frontier:
            for e in graph.get(v, []):
                if e.target == start:
                    path = [e]
                    while path[0].source != start:
                        path.insert(0, came[path[0].source])
                    return path
                if e.target in group and e.target not in came:
                    came[e.target] = e
                    following.append(e.target)
        frontier = following
    raise AssertionError(f"no loop through {sorted(group)}")  # a group always has one


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def layer_of(module: str) -> int | None:
    """Position of ``module``'s layer in :data:`LAYERS` (the longest matching name wins)."""
    best: tuple[int, int] | None = None
    for rank, (_, names) in enumerate(LAYERS):
        for name in names:
            if name.endswith(".*"):
                hit = module == name[:-2] or module.startswith(name[:-1])
                length = len(name) - 2
            else:
                hit = module == name
                length = len(name) + 1  # an exact name beats the package around it
            if hit and (best is None or length > best[0]):
                best = (length, rank)
    return None if best is None else best[1]


EDGES = imports(ROOT, "matcher")


def test_no_import_cycle() -> None:
    found = cycles(EDGES)
    assert not found, "import cycles:\n" + "\n".join(
        f"  {len(group)} modules {sorted(group)}, e.g. " + "; ".join(map(str, loop))
        for group, loop in found)


def test_library_never_imports_its_command_line_or_server() -> None:
    bad = [e for e in EDGES
           if not _within(e.source, COMMAND_LINE + SERVER)
           and _within(e.target, COMMAND_LINE + SERVER)]
    assert not bad, "the library imports its command line or its server:\n" + "\n".join(
        f"  {e}" for e in bad)


def test_command_line_and_server_stay_apart() -> None:
    bad = [e for e in EDGES
           if ((_within(e.source, COMMAND_LINE) and _within(e.target, SERVER))
               or (_within(e.source, SERVER) and _within(e.target, COMMAND_LINE)))
           and not (e.source == LAUNCHER and _within(e.target, SERVER))]
    assert not bad, "the command line and the server import each other:\n" + "\n".join(
        f"  {e}" for e in bad)


def test_every_module_has_a_layer() -> None:
    unplaced = [m for m in package_modules(ROOT, "matcher") if layer_of(m) is None]
    assert not unplaced, f"place these modules in a layer of LAYERS: {unplaced}"


def test_layers_point_down() -> None:
    bad = []
    for e in EDGES:
        source, target = layer_of(e.source), layer_of(e.target)
        if source is not None and target is not None and target > source:
            bad.append(f"  {e}: layer '{LAYERS[source][0]}' imports layer "
                       f"'{LAYERS[target][0]}'")
    assert not bad, "imports pointing up the layers:\n" + "\n".join(bad)


def test_the_checker_finds_a_cycle_through_a_function_level_import(tmp_path: Path) -> None:
    """The checker itself, on a tiny package: ``a`` imports ``b`` at the top, ``b`` imports
    ``a`` inside a function (relatively); ``c`` imports ``a`` only for type checking."""
    pkg = tmp_path / "toy"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from toy.b import g\n")
    (pkg / "b.py").write_text("def g():\n    from . import a\n    return a\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\n"
                              "if TYPE_CHECKING:\n    from toy.a import g\n")
    edges = imports(tmp_path, "toy")
    assert [str(e) for e in edges] == ["toy.a line 1 imports toy.b", "toy.b line 2 imports toy.a"]
    [(group, loop)] = cycles(edges)
    assert group == {"toy.a", "toy.b"}
    assert [str(e) for e in loop] == ["toy.a line 1 imports toy.b", "toy.b line 2 imports toy.a"]
    (pkg / "b.py").write_text("def g():\n    return 1\n")
    assert cycles(imports(tmp_path, "toy")) == []

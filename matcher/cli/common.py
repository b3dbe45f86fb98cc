"""Helpers shared by the command modules: options, input loading, errors, exit codes, solving.

A command is a thin shell over one library call. What every command needs around that call
lives here so that adding a command or a flag stays a few lines:

* the option types (:data:`ConfigOption`, :data:`WeightOption`, ...), reused by every command;
* :func:`load_inputs`: config file + students + projects + ``--weight`` flags -> a validated
  problem, every error turned into an :class:`~matcher.errors.InputError`;
* :func:`fail` / :func:`print_input_error`: errors on stderr naming file, row, column, value
  and the fix, then the right exit code;
* :func:`check_output_path`: an output path is checked *before* any work (it is not an input,
  its directory exists), so that a bad path never costs a 60 s search;
* :func:`run_solve`: :func:`matcher.solve` in a worker thread with the live progress display
  and Ctrl-C turned into a clean stop that keeps the best teams found so far.

Exit codes (:class:`ExitCode`): 0 success; 1 no formation satisfies the rules (``solve``) or
the teams break a rule (``check``); 2 bad input or usage; 3 the time limit ended before any
formation was found; 4 the teams were written but the explanations or the report were not.
"""

from __future__ import annotations

import contextvars
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Annotated

import typer
from rich.console import Console, RenderableType
from rich.live import Live
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from matcher.config import Config, load_config
from matcher.duplicates import DUPLICATE_POLICIES
from matcher.errors import InputError, InputErrors, InputWarning
from matcher.i18n import current_language, language, tr
from matcher.io.write import refuse_overwrite_input
from matcher.problem import Problem
from matcher.read import read_problem
from matcher.registry import known_term_names, make_term, term_issues
from matcher.result import Progress, Result
from matcher.solve import default_workers, solve

#: Search time limit of the command line when neither ``--time-limit`` nor ``[solver]
#: time_limit`` is given. The library default is "no limit"; on kick-off morning a bound wait
#: is better, and the best teams found are kept.
DEFAULT_TIME_LIMIT: float = 60.0


class ExitCode(IntEnum):
    """Exit codes of every command."""

    OK = 0
    #: ``solve``: no formation satisfies the rules. ``check``: the teams break a rule.
    INFEASIBLE = 1
    #: Bad input file, bad option value, unusable output path.
    BAD_INPUT = 2
    #: The time limit (or Ctrl-C) ended the search before any formation was found, or the
    #: limit was too short to start it.
    NO_SOLUTION = 3
    #: The teams (and the summary) were written, but Ctrl-C, an error or a lack of memory
    #: stopped the explanations or the report after them.
    PARTIAL = 4


# --------------------------------------------------------------------------- options

ConfigOption = Annotated[
    str | None,
    typer.Option("--config", "-c", metavar="RULES.toml",
                 help="TOML config: [weights], [rules], [columns], [solver]. Flags override it."),
]
WeightOption = Annotated[
    list[str] | None,
    typer.Option("--weight", "-w", metavar="NAME=INT",
                 help="Weight of an objective term, e.g. discipline=10 or blau.gender=2 "
                      "(repeatable; overrides [weights]). 0 drops a term."),
]
SheetOption = Annotated[
    str | None,
    typer.Option("--sheet", metavar="NAME",
                 help="Worksheet to read in spreadsheet inputs (.xlsx, .xls, .ods; default: "
                      "the first)."),
]
DuplicatesOption = Annotated[
    str | None,
    typer.Option("--duplicates", metavar="latest|earliest|error",
                 help="A student who answered the form twice: keep the latest answer (by the "
                      "form's time column, else the last row), the earliest, or refuse them "
                      "(default: [input] duplicates, else latest). Each answer dropped is "
                      "named on stderr."),
]
TimeLimitOption = Annotated[
    float | None,
    typer.Option("--time-limit", "-t", metavar="SECONDS", min=0.001,
                 help=f"Search time limit in seconds (default: [solver] time_limit, else "
                      f"{DEFAULT_TIME_LIMIT:g}). The best teams found are kept."),
]
StudentsArg = Annotated[str, typer.Argument(help="Students file (CSV, XLSX, XLS or ODS).")]
ProjectsArg = Annotated[str, typer.Argument(help="Project ideas file (CSV, XLSX, XLS or ODS).")]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", metavar="N", min=1,
                 help="CP-SAT search workers (default: [solver] workers, else the number of "
                      "cores, at most 8)."),
]
SeedOption = Annotated[
    int | None,
    typer.Option("--seed", metavar="N",
                 help="CP-SAT random seed (default: [solver] seed, else 0). With --workers 1 "
                      "the search is deterministic."),
]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q",
                 help="Print nothing on stdout: no live progress, no table, no figures."),
]
SummaryOption = Annotated[
    str | None,
    typer.Option("--summary", metavar="SUMMARY.json",
                 help="Also write a JSON summary: status, objective, bound, gap, weights, "
                      "term values, and every team with its members and figures."),
]


# --------------------------------------------------------------------------- errors


def echo_err(message: str = "") -> None:
    """Write one line to stderr (plain text, never wrapped, never coloured)."""
    typer.echo(message, err=True)


def describe(error: InputError | InputWarning) -> str:
    """One line for one input error: ``where, value: what (fix)``.

    Like ``str(error)``, with the location named the way the user sees it: a ``row`` and a
    ``column`` in a table, a ``key`` in a TOML or JSON file (and a ``line`` for JSON syntax),
    an ``option`` for a command-line flag.
    """
    file = error.file or ""
    structured = file.lower().endswith((".toml", ".json")) or file == "<stdin>"
    parts = [file] if file else []
    if error.row is not None:
        parts.append(tr("line {row}", row=error.row) if structured
                     else tr("row {row}", row=error.row))
    if error.column:
        if error.column.startswith("--"):
            parts.append(tr("option {option}", option=error.column))
        elif structured or error.column.startswith(("rules.", "weights.", "solver.")):
            parts.append(tr("key '{key}'", key=error.column))
        else:
            parts.append(tr("column '{column}'", column=error.column))
    if error.value is not None and error.value != "":
        parts.append(tr("value {value!r}", value=error.value))
    text = f"{', '.join(parts)}: {error.message}" if parts else error.message
    return f"{text} ({error.hint})" if error.hint else text


def print_input_warning(warning: InputWarning) -> None:
    """Print an input warning on stderr, on one line (see :func:`describe`), e.g.::

        warning: reponses.csv, row 9, column 'Horodateur', value '30/11/2026 14:03:12':
        student 'zoe@etu.fr' answered 2 times (rows 3, 9): row 9, the latest answer, is kept
    """
    echo_err(f"{tr('warning')}: {describe(warning)}")


def print_input_error(error: InputError, *, prefix: str | None = None) -> None:
    """Print an input error on stderr, one line per problem found (see :func:`describe`).

    Each line names the file, the spreadsheet row, the column, the value, what is wrong and
    the fix when one is plain, e.g.::

        error: students.csv, row 5, column 'Choix 2', value 'p12': student S004 ranks
        unknown project 'p12' (did you mean 'P12'?)
    """
    prefix = tr("error") if prefix is None else prefix
    errors = error.errors if isinstance(error, InputErrors) else [error]
    if len(errors) > 1:
        echo_err(f"{prefix}: " + tr("{count} problems in the input:", count=len(errors)))
        limit = getattr(error, "limit", 25)
        for e in errors[:limit]:
            echo_err(f"  - {describe(e)}")
        if len(errors) > limit:
            echo_err("  " + tr("... and {more} more", more=len(errors) - limit))
    else:
        echo_err(f"{prefix}: {describe(errors[0])}")


def fail(error: InputError | str, code: ExitCode = ExitCode.BAD_INPUT) -> typer.Exit:
    """Print ``error`` on stderr and return the :class:`typer.Exit` to raise.

    Usage: ``raise fail(e)``; returning rather than raising keeps the ``raise`` visible in
    the command, so that readers (and linters) see that the command ends there.
    """
    if isinstance(error, InputError):
        print_input_error(error)
    else:
        echo_err(f"{tr('error')}: {error}")
    return typer.Exit(int(code))


# --------------------------------------------------------------------------- weights


def parse_weights(items: Sequence[str] | None) -> dict[str, int]:
    """Parse ``--weight NAME=INT`` flags into ``{name: weight}``.

    Names are checked against the registry of scoring terms; attribute names (the part after
    the dot) are checked later against the problem (:func:`load_inputs`).

    Raises
    ------
    InputError
        A flag that is not ``NAME=INT``, a weight that is not a whole number, or an unknown
        term name (the message lists the known ones).
    """
    out: dict[str, int] = {}
    known = ", ".join(known_term_names())
    for item in items or ():
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name or not text:
            raise InputError(tr("expected NAME=INT"), column="--weight", value=item,
                             hint=tr("e.g. --weight discipline=10; known terms: {known}",
                                     known=known))
        try:
            weight = int(text)
        except ValueError:
            raise InputError(tr("the weight of {name!r} must be a whole number", name=name),
                             column="--weight", value=item,
                             hint=tr("weights are integers, e.g. 3 or 0")) from None
        try:
            make_term(name)
        except KeyError as e:
            message = str(e.args[0])
            raise InputError(message, column="--weight", value=item,
                             hint=None if known in message
                             else tr("known terms: {known}", known=known)) from None
        out[name] = weight
    return out


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Inputs:
    """What a command read: the problem, its config and the ``--weight`` overrides."""

    problem: Problem
    config: Config
    #: ``--weight`` flags, to pass to :func:`matcher.solve` / :func:`matcher.score`.
    weights: dict[str, int]
    #: Every path read, for :func:`check_output_path`.
    paths: tuple[str, ...] = field(default_factory=tuple)

    @property
    def effective_weights(self) -> dict[str, int]:
        """The problem's weights (config) overridden by the flags."""
        from matcher.registry import effective_weights

        return effective_weights(self.problem, self.weights)


def load_inputs(
    students: str,
    projects: str,
    *,
    config: str | None = None,
    weights: Sequence[str] | None = None,
    sheet: str | None = None,
    duplicates: str | None = None,
) -> Inputs:
    """Read the config, the two input files and the ``--weight`` flags.

    Each :class:`~matcher.errors.InputWarning` of the reading (a student who answered twice)
    is printed on stderr.

    Raises
    ------
    InputError
        For anything wrong in any of them, located as precisely as possible.
    """
    cfg = load_config(config) if config else Config()
    overrides = parse_weights(weights)
    if duplicates is not None and duplicates not in DUPLICATE_POLICIES:
        raise InputError(tr("unknown duplicates policy {policy!r}; choose one of {choices}",
                            policy=duplicates, choices=", ".join(DUPLICATE_POLICIES)),
                         column="--duplicates", value=duplicates)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        try:
            problem = read_problem(students, projects, cfg, sheet=sheet, duplicates=duplicates)
        except InputError as e:
            raise _name_config(e, config) from None
    for w in caught:
        if isinstance(w.message, InputWarning):
            print_input_warning(w.message)
        else:  # not ours: let the usual machinery show it
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    for path, count, empty in (
            (students, len(problem.students),
             tr("no student in the file: it has a header row but no data rows")),
            (projects, len(problem.projects),
             tr("no project idea in the file: it has a header row but no data rows"))):
        if count == 0:
            raise InputError(empty, file=path)
    issues = term_issues(problem, overrides)
    if issues:
        raise InputErrors([InputError(i.message, column="--weight", value=i.value)
                           for i in issues])
    paths = tuple(p for p in (students, projects, config) if p)
    return Inputs(problem=problem, config=cfg, weights=overrides, paths=paths)


def _name_config(error: InputError, config: str | None) -> InputError:
    """Errors in ``[rules]`` or ``[weights]`` found while validating the problem name the
    config file they come from."""
    errors = error.errors if isinstance(error, InputErrors) else [error]
    fixed = []
    for e in errors:
        if e.file is None and (e.column or "").startswith(("rules.", "weights.")):
            e = InputError(e.message, file=config or tr("(default config)"), row=e.row,
                           column=e.column, value=e.value, hint=e.hint)
        fixed.append(e)
    return InputErrors(fixed)


def check_output_path(path: str, inputs: Iterable[str], *, what: str = "output") -> None:
    """Refuse an output path before any work: an input file, a directory, a missing directory.

    ``what`` (``"output"``, ``"summary"`` or ``"report"``) names the path in the message.

    Raises
    ------
    InputError
        Naming the path and the fix.
    """
    refuse_overwrite_input(path, inputs)
    is_dir, no_dir, read_only = _PATH_MESSAGES.get(what, _PATH_MESSAGES["output"])()
    if os.path.isdir(path):
        raise InputError(is_dir, file=path, hint=tr("give a file name, e.g. teams.csv"))
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise InputError(no_dir, file=path,
                         hint=tr("create {directory!r} first", directory=directory))
    if not os.access(directory, os.W_OK):
        raise InputError(read_only, file=path, hint=tr("choose a directory you can write in"))


#: What :func:`check_output_path` says for each kind of output: the path is a directory, its
#: directory does not exist, its directory cannot be written in.
_PATH_MESSAGES: dict[str, Callable[[], tuple[str, str, str]]] = {
    "output": lambda: (tr("the output path is a directory"),
                       tr("the output directory does not exist"),
                       tr("cannot write in the output directory")),
    "summary": lambda: (tr("the summary path is a directory"),
                        tr("the summary directory does not exist"),
                        tr("cannot write in the summary directory")),
    "report": lambda: (tr("the report path is a directory"),
                       tr("the report directory does not exist"),
                       tr("cannot write in the report directory")),
}


# --------------------------------------------------------------------------- solver settings


@dataclass(frozen=True)
class SolverOptions:
    """Search settings after merging flags over ``[solver]`` over the CLI defaults."""

    time_limit: float
    workers: int
    seed: int


def solver_options(config: Config, time_limit: float | None, workers: int | None,
                   seed: int | None) -> SolverOptions:
    """Flags win over the config's ``[solver]``, which wins over the defaults."""
    s = config.solver

    def pick(flag: object, setting: object, default: object) -> object:
        return flag if flag is not None else setting if setting is not None else default

    return SolverOptions(
        time_limit=float(pick(time_limit, s.time_limit, DEFAULT_TIME_LIMIT)),  # type: ignore[arg-type]
        workers=int(pick(workers, s.workers, default_workers())),  # type: ignore[call-overload]
        seed=int(pick(seed, s.seed, 0)),  # type: ignore[call-overload]
    )


# --------------------------------------------------------------------------- live progress


def progress_wanted(quiet: bool) -> bool:
    """Live progress only on a terminal, and never with ``--quiet``."""
    if quiet:
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


class LiveProgress:
    """The live line drawn while CP-SAT searches: elapsed against the time limit, best
    objective, proven bound, gap.

    :meth:`update` is the :func:`matcher.solve` callback (it runs in solver threads and only
    stores the latest :class:`~matcher.result.Progress`); rich redraws four times a second
    from :meth:`render`, so the clock moves even when no solution comes.
    """

    def __init__(self, console: Console, time_limit: float) -> None:
        self.console = console
        self.time_limit = time_limit
        self.latest: Progress | None = None
        self.start = time.monotonic()
        self._lock = threading.Lock()
        self._live: Live | None = None
        #: rich redraws from its own thread, which does not inherit the language
        self.language = current_language()

    def update(self, progress: Progress) -> None:
        """Record the latest progress (thread-safe)."""
        with self._lock:
            self.latest = progress

    def render(self) -> RenderableType:
        """The current lines as a rich renderable (fits 80 columns)."""
        with language(self.language):
            return self._render()

    def _render(self) -> RenderableType:
        with self._lock:
            p = self.latest
        elapsed = time.monotonic() - self.start
        best = p.objective if p and p.objective is not None else "-"
        bound = p.best_bound if p and p.best_bound is not None else "-"
        gap = f"{p.gap:.2%}" if p and p.gap is not None else "-"
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, overflow="ellipsis")
        grid.add_row(
            ProgressBar(total=self.time_limit, completed=min(elapsed, self.time_limit),
                        width=16),
            Text(tr("{elapsed} s / {limit} s  best objective {best}  bound {bound}  gap {gap}",
                    elapsed=f"{elapsed:.1f}", limit=f"{self.time_limit:g}", best=best,
                    bound=bound, gap=gap)),
        )
        grid.add_row(Text(tr("searching"), style="bold cyan"),
                     Text(tr("Ctrl-C stops and keeps the best teams found so far"),
                          style="dim"))
        return grid

    def __enter__(self) -> LiveProgress:
        self._live = Live(console=self.console, get_renderable=self.render, transient=True,
                          refresh_per_second=4)
        self._live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.__exit__(None, None, None)


@dataclass
class SolveRun:
    """What :func:`run_solve` returns: the result and whether Ctrl-C stopped the search."""

    result: Result
    interrupted_by_user: bool


def run_solve(
    problem: Problem,
    *,
    weights: Mapping[str, int] | None,
    options: SolverOptions,
    show_progress: bool,
    console: Console | None = None,
    hint: Mapping[str, str | None] | None = None,
    deadline: float | None = None,
) -> SolveRun:
    """Run :func:`matcher.solve` in a worker thread; Ctrl-C stops it cleanly.

    ``deadline`` (:func:`time.monotonic`): the search is also stopped then, as by Ctrl-C but
    silently and without ``interrupted_by_user``, should the solver run past its time limit.

    The main thread waits on the worker in short slices so that ``KeyboardInterrupt`` (Ctrl-C,
    SIGINT) reaches it; it then sets the ``stop`` event, CP-SAT ends its search and
    :func:`matcher.solve` returns the best teams found so far with ``interrupted=True``.
    A second Ctrl-C changes nothing: the search is already stopping.
    """
    stop = threading.Event()
    box: dict[str, object] = {}
    display = LiveProgress(console or Console(), options.time_limit) if show_progress else None

    done = threading.Event()

    def work() -> None:
        try:
            box["result"] = solve(problem, weights=weights, time_limit=options.time_limit,
                                  workers=options.workers, seed=options.seed,
                                  callback=display.update if display else None, stop=stop,
                                  hint=hint)
        except BaseException as e:  # handed to the main thread, re-raised there
            box["error"] = e
        finally:
            done.set()

    interrupted = False

    def on_sigint(signum: int, frame: object) -> None:
        nonlocal interrupted
        interrupted = True
        stop.set()

    # While the search runs, Ctrl-C only sets the stop event (no KeyboardInterrupt that could
    # land anywhere); off the main thread, where handlers cannot be set, catch it instead.
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, on_sigint)
    # the worker runs in a copy of this context, so its messages keep the language
    thread = threading.Thread(target=contextvars.copy_context().run, args=(work,),
                              name="matcher-solve", daemon=True)
    told = False
    try:
        with display if display is not None else nullcontext():
            thread.start()
            while not done.is_set():
                try:
                    done.wait(0.1)
                except KeyboardInterrupt:
                    interrupted = True
                    stop.set()
                if deadline is not None and time.monotonic() >= deadline:
                    stop.set()
                if interrupted and not told:
                    told = True
                    echo_err(tr("Interrupted: stopping the search and keeping the best teams "
                                "found so far..."))
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    thread.join()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return SolveRun(result=box["result"], interrupted_by_user=interrupted)  # type: ignore[arg-type]


def epilog(*lines: str) -> str:
    """A help epilog that click prints verbatim: each paragraph (lines separated by an empty
    line) starts with ``\\b``, which stops click from rewrapping it."""
    paragraphs = "\n".join(lines).split("\n\n")
    return "\n\n".join("\b\n" + para for para in paragraphs)


def make_console() -> Console:
    """The stdout console: the terminal's width, or 120 columns when piped, no colour
    guessing in plain text."""
    width = None
    if not progress_wanted(False) and "COLUMNS" not in os.environ:
        width = 120
    return Console(width=width, highlight=False)

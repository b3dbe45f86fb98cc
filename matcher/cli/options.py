"""The options every command shares, and the settings read from them.

* the option types (:data:`ConfigOption`, :data:`WeightOption`, ...), reused by every command,
  so that adding a command or a flag stays a few lines;
* :func:`parse_weights`: ``--weight NAME=INT`` flags into weights;
* :func:`solver_options`: ``--time-limit``, ``--workers``, ``--seed`` over the config's
  ``[solver]`` over the command line's defaults;
* :func:`epilog`: a help epilog that click prints verbatim.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

import typer

from matcher.config import Config
from matcher.errors import InputError
from matcher.i18n import tr
from matcher.registry import known_term_names, make_term
from matcher.solve import default_workers

#: Seconds of ``--time-limit`` when neither it nor ``[solver] time_limit`` is given: the
#: command's wall clock (reading, search, writing, explanations: the whole process), or
#: ``solve-json``'s search limit. The library default is "no limit"; on kick-off morning a
#: bound wait is better, and the best teams found are kept.
DEFAULT_TIME_LIMIT: float = 60.0


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
def _finite_seconds(value: float | None) -> float | None:
    """Refuse ``inf`` (``nan`` already fails ``min``): a time limit is a number of seconds."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(tr("expected a finite number"))
    return value


TimeLimitOption = Annotated[
    float | None,
    typer.Option("--time-limit", "-t", metavar="SECONDS", min=0.001, callback=_finite_seconds,
                 help=f"Wall clock of the whole command in seconds: reading, search, writing "
                      f"and explanations (default: [solver] time_limit, else "
                      f"{DEFAULT_TIME_LIMIT:g}). The best teams found are kept."),
]
#: ``solve-json``'s limit, given to the search alone (the request is read before it starts).
SearchTimeLimitOption = Annotated[
    float | None,
    typer.Option("--time-limit", "-t", metavar="SECONDS", min=0.001, callback=_finite_seconds,
                 help=f"Search time limit in seconds (default: the request's solver.time_limit, "
                      f"else {DEFAULT_TIME_LIMIT:g}). The best teams found are kept."),
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
ReportOption = Annotated[
    str | None,
    typer.Option("--report", metavar="REPORT.html",
                 help="Also write a self-contained HTML report: a card per team, ranks, "
                      "diversity, every student's explanation, rules and weights."),
]
PreviousOption = Annotated[
    str | None,
    typer.Option("--previous", metavar="TEAMS",
                 help="Re-match: stay close to this previous teams file (CSV or XLSX); each "
                      "student moved costs the 'moves' weight (default 30). Students who "
                      "left are ignored; late joiners move freely."),
]
LockOption = Annotated[
    str | None,
    typer.Option("--lock", metavar="TEAMS",
                 help="Fix placements from this teams file: the rows whose 'locked' column "
                      "says yes, or every row if it has no such column."),
]
ShowTeamsOption = Annotated[
    str,
    typer.Option("--show-teams", metavar="auto|full|compact|none",
                 help="Teams on the terminal: full (every member), compact (one line per "
                      "team), none; auto: full up to 30 teams, compact beyond."),
]


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


@dataclass(frozen=True)
class SolverOptions:
    """The settings of ``--time-limit``, ``--workers`` and ``--seed`` after merging the flags
    over ``[solver]`` over the command line's defaults."""

    #: Seconds: the command's wall clock (``solve-json``: the search's limit).
    time_limit: float
    workers: int
    seed: int
    #: choices first (``--choices-first/--no-choices-first`` over ``[objective]``)
    choices_first: bool = True


def solver_options(config: Config, time_limit: float | None, workers: int | None,
                   seed: int | None, choices_first: bool | None = None) -> SolverOptions:
    """Flags win over the config's ``[solver]`` and ``[objective]``, which win over the
    defaults."""
    s = config.solver

    def pick(flag: object, setting: object, default: object) -> object:
        return flag if flag is not None else setting if setting is not None else default

    return SolverOptions(
        time_limit=float(pick(time_limit, s.time_limit, DEFAULT_TIME_LIMIT)),  # type: ignore[arg-type]
        workers=int(pick(workers, s.workers, default_workers())),  # type: ignore[call-overload]
        seed=int(pick(seed, s.seed, 0)),  # type: ignore[call-overload]
        choices_first=bool(pick(choices_first, config.objective.choices_first, True)),
    )


def epilog(*lines: str) -> str:
    """A help epilog that click prints verbatim: each paragraph (lines separated by an empty
    line) starts with ``\\b``, which stops click from rewrapping it."""
    paragraphs = "\n".join(lines).split("\n\n")
    return "\n\n".join("\b\n" + para for para in paragraphs)


ChoicesFirstOption = Annotated[
    bool | None,
    typer.Option("--choices-first/--no-choices-first",
                 help="First the fewest students on an idea they did not rank (a proven "
                      "minimum), then the weighted objective under it (default: [objective] "
                      "choices_first, else on); --no-choices-first: the plain weighted sum."),
]

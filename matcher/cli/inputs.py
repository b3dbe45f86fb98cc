"""What a command reads: the config, the two input files and the ``--weight`` flags, and the
output paths checked before any work.

* :func:`load_inputs`: config file + students + projects + ``--weight`` flags -> a validated
  problem, every error turned into an :class:`~matcher.errors.InputError`;
* :func:`check_output_path`: an output path is checked *before* any work (it is not an input,
  its directory exists), so that a bad path never costs a 60 s search.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from matcher.cli.errors import print_input_notice, print_input_warning
from matcher.cli.options import parse_weights
from matcher.config import Config, load_config
from matcher.duplicates import DUPLICATE_POLICIES
from matcher.errors import InputError, InputErrors, InputNotice, InputWarning
from matcher.i18n import tr
from matcher.io.inputs import name_config, refuse_empty
from matcher.io.write import refuse_overwrite_input
from matcher.problem import Problem
from matcher.read import read_problem
from matcher.registry import effective_weights, term_issues


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
        return effective_weights(self.problem, self.weights)


def load_inputs(
    students: str,
    projects: str,
    *,
    config: str | None = None,
    weights: Sequence[str] | None = None,
    sheet: str | None = None,
    duplicates: str | None = None,
    notes: bool = True,
) -> Inputs:
    """Read the config, the two input files and the ``--weight`` flags.

    Each :class:`~matcher.errors.InputWarning` of the reading (a student who answered twice)
    is printed on stderr; each :class:`~matcher.errors.InputNotice` (the columns kept as
    attributes) too, after the inputs are known to be good, when ``notes`` (not under
    ``--quiet``).

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
            raise name_config(e, config) from None
    notices = [w.message for w in caught if isinstance(w.message, InputNotice)]
    for w in caught:
        if isinstance(w.message, InputNotice):
            continue  # said once the reading is known to be good, below
        if isinstance(w.message, InputWarning):
            print_input_warning(w.message)
        else:  # not ours: let the usual machinery show it
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    refuse_empty(problem, students, projects)
    issues = term_issues(problem, overrides)
    if issues:
        raise InputErrors([InputError(i.message, column="--weight", value=i.value)
                           for i in issues])
    for notice in notices if notes else ():
        print_input_notice(notice)
    paths = tuple(p for p in (students, projects, config) if p)
    return Inputs(problem=problem, config=cfg, weights=overrides, paths=paths)


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

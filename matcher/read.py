"""``read_problem``: from a students file and a projects file to a validated :class:`Problem`.

Every error names the file, the spreadsheet row, the column and the value, and all errors of a
file are reported together (:class:`~matcher.errors.InputErrors`).

Students: ``id`` (required), ``name``, ``discipline``, ``institution``, ``preferences``
(ranked project ids separated by ``;``) or ``choice_1..choice_k``, ``refused`` (ids separated
by ``;``); any other column becomes an attribute (numbers are read as numbers).
Projects: ``id``, ``max_size`` (required), ``title``, ``min_size`` (default 1), ``proposer``
(ids separated by ``;``), ``optional`` (yes/no, true/false, 1/0, oui/non; empty = no),
``theme``; any other column becomes an attribute.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from matcher.config import Config, load_config
from matcher.errors import InputError, InputErrors
from matcher.io.people import LINK_COLUMNS, PEOPLE_ALIASES, resolve_links
from matcher.io.table import Table, choice_columns, read_table
from matcher.problem import Problem, ProblemValidationError, Project, RecordIssue, Student

STUDENT_ALIASES: dict[str, list[str]] = {
    "id": ["student_id", "student", "identifiant", "id_etudiant", "etudiant", "numero"],
    "name": ["nom", "full_name", "nom_complet", "prenom_nom", "student_name"],
    "discipline": ["filiere", "domaine", "field", "major", "formation", "specialite"],
    "institution": ["etablissement", "school", "ecole", "universite", "university"],
    "preferences": ["choices", "choix", "voeux", "ranking", "classement", "preference"],
    "refused": ["refus", "refuses", "refusals", "exclus"],
}
PROJECT_ALIASES: dict[str, list[str]] = {
    "id": ["project_id", "project", "code", "identifiant", "projet", "idee", "idea"],
    "title": ["titre", "name", "nom", "intitule"],
    "min_size": ["min", "taille_min", "minimum", "min_team_size"],
    "max_size": ["max", "capacity", "capacite", "taille_max", "maximum", "max_team_size"],
    "proposer": ["proposers", "porteur", "porteurs", "proposed_by", "propose_par"],
    "optional": ["optionnel", "facultatif", "optionnelle"],
    "theme": ["thematique", "topic", "sujet"],
}
STUDENT_ALIASES.update(PEOPLE_ALIASES)  # wishes, avoid, email, previous_team
TRUE_WORDS = {"yes", "y", "true", "t", "1", "oui", "o", "vrai", "x"}
FALSE_WORDS = {"no", "n", "false", "f", "0", "non", "faux", ""}
_LIST_SPLIT = re.compile(r"[;,|]")
_STUDENT_FIELDS = {"id", "name", "discipline", "institution", "preferences", "refused",
                   *LINK_COLUMNS}
_PROJECT_FIELDS = {"id", "title", "min_size", "max_size", "proposer", "optional", "theme"}


def read_problem(
    students_csv: str | os.PathLike[str],
    projects_csv: str | os.PathLike[str],
    config: Config | str | os.PathLike[str] | Mapping[str, Any] | None = None,
    *,
    sheet: str | None = None,
) -> Problem:
    """Read and validate a matching problem.

    Parameters
    ----------
    students_csv, projects_csv:
        CSV (``,`` or ``;``, UTF-8 or cp1252) or XLSX files in the canonical columns.
    config:
        A :class:`~matcher.config.Config`, a path to a TOML config, or a dict of its sections;
        its ``[rules]`` and ``[weights]`` go into the problem, its ``[columns]`` map headers.
    sheet:
        The worksheet to read in XLSX files (default: the first).

    Raises
    ------
    InputError
        Naming file, row, column and value for every problem found.
    """
    cfg = _as_config(config)
    s_name, p_name = os.fspath(students_csv), os.fspath(projects_csv)
    students_t = read_table(s_name, sheet=sheet, columns=cfg.columns_for("students"),
                            aliases=STUDENT_ALIASES, required=["id"])
    projects_t = read_table(p_name, sheet=sheet, columns=cfg.columns_for("projects"),
                            aliases=PROJECT_ALIASES, required=["id", "max_size"])
    errors: list[InputError] = []
    students = _students(students_t, errors)
    projects = _projects(projects_t, errors)
    complete = len(students) == len(students_t) and len(projects) == len(projects_t)
    if errors and not complete:  # a record was skipped: later issues could not be located
        raise InputErrors(errors)
    try:
        problem = Problem(students=students, projects=projects, rules=cfg.rules,
                          weights=cfg.weights, name=os.path.basename(s_name),
                          pairwise=cfg.pairwise)
    except ValidationError as e:
        # report the cell-level errors and the record-level ones together, in one pass
        located = _locate(e, students_t, projects_t)
        bad_cells = {(x.file, x.row, x.column) for x in errors}  # no follow-up errors on them
        later = [x for x in getattr(located, "errors", [located])
                 if (x.file, x.row, x.column) not in bad_cells]
        raise InputErrors(errors + later) from None
    if errors:
        raise InputErrors(errors)
    return problem


def _as_config(config: Config | str | os.PathLike[str] | Mapping[str, Any] | None) -> Config:
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    if isinstance(config, Mapping):
        from matcher.config import config_from_dict

        return config_from_dict(config)
    return load_config(config)


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in _LIST_SPLIT.split(text) if part.strip())


def _attribute(text: str) -> str | int | float:
    t = text.strip()
    if re.fullmatch(r"[+-]?\d+", t) and not (len(t) > 1 and t.lstrip("+-").startswith("0")):
        return int(t)
    if re.fullmatch(r"[+-]?\d+[.,]\d+", t):
        return float(t.replace(",", "."))
    return t


def _students(t: Table, errors: list[InputError]) -> list[Student]:
    choices = choice_columns(t)
    if "preferences" in t.columns and choices:
        errors.append(InputError(
            "both a 'preferences' column and choice_N columns: keep one", file=t.path,
            column=t.original_headers.get("preferences")))
    out = []
    links = resolve_links(t, errors)  # wishes and avoid: names, e-mails or ids -> ids
    for i, rec in enumerate(t.records):
        if choices:
            prefs = tuple(rec[c].strip() for c in choices if rec.get(c, "").strip())
        else:
            prefs = _split(rec.get("preferences", ""))
        attrs = {c: _attribute(rec[c]) for c in t.columns
                 if c not in _STUDENT_FIELDS and c not in choices and rec.get(c, "") != ""}
        if not rec.get("id"):
            errors.append(t.error(i, "id", "the student id is empty"))
            continue
        out.append(Student(
            id=rec["id"], name=rec.get("name", ""), discipline=rec.get("discipline", ""),
            institution=rec.get("institution", ""), preferences=prefs,
            refused=_split(rec.get("refused", "")), attributes=attrs, **links[i]))
    return out


def _int(t: Table, i: int, column: str, errors: list[InputError], default: int | None) -> int:
    text = t.records[i].get(column, "")
    if text == "" and default is not None:
        return default
    m = re.fullmatch(r"([+-]?\d+)(?:[.,]0+)?", text)
    if not m:
        errors.append(t.error(i, column, f"{column} must be a whole number"))
        return 0
    return int(m.group(1))


def _projects(t: Table, errors: list[InputError]) -> list[Project]:
    out = []
    for i, rec in enumerate(t.records):
        if not rec.get("id"):
            errors.append(t.error(i, "id", "the project id is empty"))
            continue
        word = rec.get("optional", "").strip().casefold()
        if word in TRUE_WORDS:
            optional = True
        elif word in FALSE_WORDS:
            optional = False
        else:
            errors.append(t.error(i, "optional", "optional must be yes or no",
                                  hint="accepted: yes/no, true/false, 1/0, oui/non"))
            optional = False
        attrs = {c: _attribute(rec[c]) for c in t.columns
                 if c not in _PROJECT_FIELDS and rec.get(c, "") != ""}
        out.append(Project(
            id=rec["id"], title=rec.get("title", ""),
            min_size=_int(t, i, "min_size", errors, default=1),
            max_size=_int(t, i, "max_size", errors, default=None),
            proposers=_split(rec.get("proposer", "")), optional=optional,
            theme=rec.get("theme", ""), attributes=attrs))
    return out


_ALSO_RECORD = re.compile(r"\(also record (\d+)\)")
_FIELD_COLUMN = {"proposer": "proposer", "preferences": "preferences", "refused": "refused"}


def _locate(e: ValidationError, students: Table, projects: Table) -> InputError:
    """Turn a Problem validation error into InputErrors naming file, row and column."""
    issues: list[RecordIssue] = []
    for err in e.errors():
        ctx_error = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_error, ProblemValidationError):
            issues.extend(ctx_error.issues)
        else:  # a plain field error (should not happen: records were built above)
            return InputError(f"{'.'.join(map(str, err['loc']))}: {err['msg']}")
    out: list[InputError] = []
    for issue in issues:
        table = {"students": students, "projects": projects}.get(issue.collection)
        if table is not None:  # "(also record 3)" -> "(also row 4)": the row a spreadsheet shows
            issue = replace(issue, message=_ALSO_RECORD.sub(
                lambda m, t=table: f"(also row {t.rows[int(m.group(1)) - 1]})", issue.message))
        if table is None or issue.index is None:
            out.append(InputError(issue.message, column=f"{issue.collection}.{issue.field}",
                                  value=issue.value, hint=issue.hint))
            continue
        column = _FIELD_COLUMN.get(issue.field, issue.field)
        if table is students and column == "preferences" and column not in table.columns:
            column = next((c for c in choice_columns(table)
                           if table.records[issue.index].get(c) == issue.value),
                          column)
        err = table.error(issue.index, column if column in table.columns else None,
                          issue.message, hint=issue.hint)
        if column not in table.columns:
            err = InputError(issue.message, file=table.path, row=table.rows[issue.index],
                             value=issue.value, hint=issue.hint)
        elif issue.value is not None and column in ("preferences", "proposer", "refused"):
            err = InputError(issue.message, file=table.path, row=table.rows[issue.index],
                             column=table.original_headers.get(column, column),
                             value=issue.value, hint=issue.hint)
        out.append(err)
    return InputErrors(out)

"""``read_problem``: from a students file and a projects file to a validated :class:`Problem`.

Every error names the file, the spreadsheet row, the column and the value, and all errors of a
file are reported together (:class:`~matcher.errors.InputErrors`).

Students: ``id`` (required; without an ``id`` column the e-mail column is the identity, see
:mod:`matcher.identity`: ids and e-mails are compared case-folded, trimmed and NFC), ``name``
(or ``Nom`` + ``Prénom``, composed: :mod:`matcher.columns`), ``discipline``, ``institution``,
``preferences`` (ranked projects separated by ``;``) or ``choice_1..choice_k`` or a ranking grid
(see :mod:`matcher.forms`), ``refused`` (projects separated by ``;``); a project is named by its id
or by its title (:mod:`matcher.project_names`); any other column becomes an attribute (numbers
are read as numbers). A student who answered twice keeps one answer
(:mod:`matcher.duplicates`).
Projects: ``id``, ``max_size`` (required), ``title``, ``min_size`` (default 1), ``proposer``
(students by id, e-mail or full name, separated by ``;``), ``optional`` (yes/no, true/false,
1/0, oui/non; empty = no),
``theme``; any other column becomes an attribute. French and English synonyms of every column
are read (:mod:`matcher.columns`); a column that looks like a missing known one is an error;
the columns kept as attributes are listed once per file in an
:class:`~matcher.errors.InputNotice` (but those the config's rules name).
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from matcher.columns import (
    PROJECT_SYNONYMS,
    STUDENT_SYNONYMS,
    attributes_notice,
    compose_names,
    lookalike_errors,
)
from matcher.config import Config, load_config
from matcher.duplicates import DUPLICATE_POLICIES, keep_one_answer
from matcher.errors import InputError, InputErrors, InputWarning, pydantic_message
from matcher.forms import FormLayout, cells_of, recognise, split_names
from matcher.i18n import tr
from matcher.identity import EMAIL_IDENTITY_HEADERS, with_identity
from matcher.io.contacts import FIRST_NAME_COLUMNS, LAST_NAME_COLUMNS, USERNAME_COLUMNS
from matcher.io.limits import ReadLimits
from matcher.io.people import (
    LINK_COLUMNS,
    PEOPLE_ALIASES,
    PLACEHOLDERS,
    find_people,
    fold_name,
    resolve_links,
)
from matcher.io.table import (
    Source,
    Table,
    normalize_header,
    read_table,
    require_columns,
    source_label,
)
from matcher.problem import (
    Problem,
    ProblemValidationError,
    Project,
    RecordIssue,
    Student,
    invisible_issue,
)
from matcher.project_names import ProjectNames
from matcher.registry import effective_weights

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
STUDENT_ALIASES.update(PEOPLE_ALIASES)  # wishes, avoid, previous_team
for _aliases, _more in ((STUDENT_ALIASES, STUDENT_SYNONYMS), (PROJECT_ALIASES, PROJECT_SYNONYMS)):
    for _column, _names in _more.items():
        _aliases[_column] = [*_aliases.get(_column, []), *_names]
TRUE_WORDS = {"yes", "y", "true", "t", "1", "oui", "o", "vrai", "x"}
FALSE_WORDS = {"no", "n", "false", "f", "0", "non", "faux", ""}
_LIST_SPLIT = re.compile(r"[;,|]")
_STUDENT_FIELDS = {"id", "name", "discipline", "institution", "preferences", "refused",
                   *LINK_COLUMNS}
_PROJECT_FIELDS = {"id", "title", "min_size", "max_size", "proposer", "optional", "theme"}
#: Students' columns read by the exports (contacts) or the re-matching, not attributes to
#: announce.
_STUDENT_KNOWN = {*EMAIL_IDENTITY_HEADERS, *FIRST_NAME_COLUMNS, *LAST_NAME_COLUMNS,
                  *USERNAME_COLUMNS, "previous_team"}


def read_problem(
    students: Source,
    projects: Source,
    config: Config | str | os.PathLike[str] | Mapping[str, Any] | None = None,
    *,
    sheet: str | None = None,
    duplicates: str | None = None,
    limits: ReadLimits | None = None,
) -> Problem:
    """Read and validate a matching problem.

    Parameters
    ----------
    students, projects:
        Each a path to a CSV file (``,``, ``;`` or tab; UTF-8, cp1252...) or a spreadsheet
        (``.xlsx``, ``.xls``, ``.xlsb``, ``.ods``); the ``bytes`` of one; a binary or text file
        object; or a pandas ``DataFrame``. Errors name a path as given, a file object by its
        ``name``, anything else ``<students>`` / ``<projects>``.
    config:
        A :class:`~matcher.config.Config`, a path to a TOML config, or a dict of its sections;
        its ``[rules]`` and ``[weights]`` go into the problem, its ``[columns]`` map headers,
        its ``[input] duplicates`` is the default of ``duplicates``.
    sheet:
        The worksheet to read in spreadsheets (default: the first).
    duplicates:
        A student id on several rows (a form answered twice): ``"latest"`` keeps the latest
        answer (by the form's time column, else the last row), ``"earliest"`` the first,
        ``"error"`` refuses them. Default: the config's, else ``"latest"``. Each dropped answer
        is an :class:`~matcher.errors.InputWarning` (``warnings.warn``) naming the row kept.
    limits:
        How large each file may be (:class:`~matcher.io.limits.ReadLimits`), checked before
        it is read. Default: the config's ``[input]`` limits, else the defaults (sized for
        100,000 students).

    Raises
    ------
    InputError
        Naming file, row, column and value for every problem found.
    """
    cfg = _as_config(config)
    policy = duplicates if duplicates is not None else cfg.input.duplicates
    if policy not in DUPLICATE_POLICIES:
        raise InputError(tr("unknown duplicates policy {policy!r}; choose one of {choices}",
                            policy=policy, choices=", ".join(DUPLICATE_POLICIES)),
                         column="duplicates", value=policy)
    limits = limits or cfg.input.read_limits()
    s_name = source_label(students, default="<students>")
    p_name = source_label(projects, default="<projects>")
    students_t = read_table(students, name=s_name, sheet=sheet,
                            columns=cfg.columns_for("students"), aliases=STUDENT_ALIASES,
                            limits=limits)
    students_t, _ = with_identity(students_t)  # no id column: the e-mail is the identity
    require_columns(students_t, ["id"], columns=cfg.columns_for("students"),
                    aliases=STUDENT_ALIASES)
    projects_t = read_table(projects, name=p_name, sheet=sheet,
                            columns=cfg.columns_for("projects"), aliases=PROJECT_ALIASES,
                            required=["id", "max_size"], limits=limits)
    project_errors: list[InputError] = []
    projects_list = _projects(projects_t, project_errors)
    project_extra = [c for c in projects_t.columns if c not in _PROJECT_FIELDS]
    project_errors[:0] = lookalike_errors(projects_t, "projects", project_extra,
                                          projects_t.columns)
    errors: list[InputError] = []
    names = ProjectNames([(p.id, p.title) for p in projects_list], aliases=cfg.aliases)
    project_errors += [InputError(
        tr("the alias {alias!r} names {target!r}, which is neither a project id nor a single "
           "project's title", alias=alias, target=cfg.aliases[alias]),
        column=f"aliases.{alias}", value=cfg.aliases[alias]) for alias in names.unknown_aliases()]
    id_headers = {normalize_header(k) for k, v in cfg.columns_for("students").items() if v == "id"}
    id_mapped = normalize_header(students_t.original_headers.get("id", "")) in id_headers
    students_t, layout = recognise(students_t, names, errors, id_mapped=id_mapped)
    students_t = compose_names(students_t)  # Nom + Prénom -> name
    student_extra = [c for c in students_t.columns
                     if c not in _STUDENT_FIELDS | _STUDENT_KNOWN | set(layout.columns)
                     | layout.metadata]
    present = [*students_t.columns, *(["preferences"] if layout.preferences != "none" else [])]
    errors += lookalike_errors(students_t, "students", student_extra, present)
    students_t, dropped = keep_one_answer(students_t, layout, policy, errors)
    soft: list[InputWarning] = []  # wishes that name nobody: warned, never fatal
    students_list = _students(students_t, layout, names, errors, soft)
    for warning in soft:  # said even when an error follows: they are part of the answer
        warnings.warn(warning, stacklevel=2)
    projects_list = _proposers(projects_list, projects_t, students_t, project_errors)
    errors += project_errors  # the students file's errors first, as the arguments go
    complete = (len(students_list) == len(students_t)
                and len(projects_list) == len(projects_t))
    if errors and not complete:  # a record was skipped: later issues could not be located
        raise InputErrors(errors)
    try:
        problem = Problem(students=students_list, projects=projects_list, rules=cfg.rules,
                          weights=cfg.weights, name=os.path.basename(s_name),
                          pairwise=cfg.pairwise)
        effective_weights(problem)  # the weights are checked where they are resolved
    except (ValidationError, ProblemValidationError) as e:
        # report the cell-level errors and the record-level ones together, in one pass
        located = _locate(e, students_t, projects_t, layout)
        bad_cells = {(x.file, x.row, x.column) for x in errors}  # no follow-up errors on them
        later = [x for x in getattr(located, "errors", [located])
                 if (x.file, x.row, x.column) not in bad_cells]
        raise InputErrors(errors + later) from None
    if errors:
        raise InputErrors(errors)
    used = _named_in(cfg)  # attributes the rules name are not announced
    student_extra = [c for c in student_extra if c not in used]
    project_extra = [c for c in project_extra if c not in used]
    notices = [attributes_notice(students_t, student_extra),
               attributes_notice(projects_t, project_extra)]
    for warning in [*dropped, *(n for n in notices if n is not None)]:
        warnings.warn(warning, stacklevel=2)
    return problem


def _named_in(cfg: Config) -> set[str]:
    """Every text the config's rules, weights and pairwise terms hold (attribute names)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, Mapping):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                walk(item)
        elif hasattr(value, "model_dump"):
            walk(value.model_dump())

    walk([cfg.rules, cfg.weights, cfg.pairwise])
    return {normalize_header(text) for text in found} | found


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


def _students(t: Table, layout: FormLayout, names: ProjectNames,
              errors: list[InputError], soft: list[InputWarning]) -> list[Student]:
    """One student per record; preference and refused cells resolved to project ids."""
    skip = _STUDENT_FIELDS | set(layout.columns) | layout.metadata
    out = []
    links = resolve_links(t, errors, soft)  # wishes and avoid: names, e-mails or ids -> ids
    near: dict[str, list[tuple[int, str, str]]] = {}  # name -> (record, column, id) read near
    blank: dict[str, list[int]] = {}  # column -> records whose cell names no project
    for i, rec in enumerate(t.records):
        cells = cells_of(t, i, layout, names, errors)
        for column, name in cells:
            if fold_name(name) in PLACEHOLDERS and not names.knows(name):
                blank.setdefault(column, []).append(i)
        prefs = tuple(_resolve(t, i, column, name, names, errors, near)
                      for column, name in cells
                      if not (fold_name(name) in PLACEHOLDERS and not names.knows(name)))
        refused = tuple(_resolve(t, i, "refused", name, names, errors, near)
                        for name in split_names(rec.get("refused", ""), names))
        attrs = {c: _attribute(rec[c]) for c in t.columns
                 if c not in skip and rec.get(c, "") != ""}
        if not rec.get("id"):
            errors.append(t.error(i, "id", tr("the student id is empty")))
            continue
        if (issue := invisible_issue(str(rec["id"]))) is not None:
            errors.append(t.error(i, "id", issue))
            continue
        out.append(Student(
            id=rec["id"], name=rec.get("name", ""), discipline=rec.get("discipline", ""),
            institution=rec.get("institution", ""), preferences=prefs,
            refused=refused, attributes=attrs, **links[i]))
    for column, indices in blank.items():
        soft.append(InputWarning(
            tr("{count} answer(s) name nobody (rows {rows}{more}): read as no one",
               count=len(indices), rows=", ".join(str(t.rows[j]) for j in indices[:20]),
               more="" if len(indices) <= 20 else ", ..."),
            file=t.path, row=t.rows[indices[0]],
            column=t.original_headers.get(column, column),
            value=t.records[indices[0]].get(column)))
    for name, uses in near.items():  # one warning per name, not one per answer
        i, column, pid = uses[0]
        rows = ", ".join(str(t.rows[j]) for j, _, _ in uses[:20])
        soft.append(InputWarning(
            tr("{name!r} is read as project {id} ({title!r}), {count} time(s) (rows {rows})",
               name=name, id=pid, title=names.title_of(pid), count=len(uses), rows=rows),
            file=t.path, row=t.rows[i], column=t.original_headers.get(column, column),
            value=name, hint=tr("give the title as written in the projects file, or add it "
                                "to the config: [aliases] {name!r} = {id!r}", name=name,
                                id=pid)))
    return out


def _resolve(t: Table, i: int, column: str, name: str, names: ProjectNames,
             errors: list[InputError],
             near: dict[str, list[tuple[int, str, str]]] | None = None) -> str:
    """The id of the project ``name`` (an id or a title) names; an error if none or several.

    An unresolved name is kept as written, so that the problem's own checks can still run
    on the rest of the record (their error on this cell is not repeated).
    """
    found = names.lookup(name)
    if found.id is not None:
        if found.near == "near" and near is not None:
            near.setdefault(name, []).append((i, column, found.id))
        return found.id
    if found.candidates:
        message = tr("{name!r} is the title of several projects", name=name)
    elif column == "refused":
        message = tr("refuses unknown project {name!r}", name=name)
    else:
        message = tr("ranks unknown project {name!r}", name=name)
    sid = t.records[i].get("id", "")
    errors.append(InputError(
        tr("student {id!r} {what}", id=sid, what=message) if sid else message,
        file=t.path, row=t.rows[i], column=t.original_headers.get(column, column),
        value=name, hint=names.hint(name)))
    return name


def _int(t: Table, i: int, column: str, errors: list[InputError], default: int | None) -> int:
    text = t.records[i].get(column, "")
    if text == "" and default is not None:
        return default
    m = re.fullmatch(r"([+-]?\d+)(?:[.,]0+)?", text)
    if not m:
        errors.append(t.error(i, column, tr("{column} must be a whole number", column=column)))
        return 0
    return int(m.group(1))


def _projects(t: Table, errors: list[InputError]) -> list[Project]:
    out = []
    for i, rec in enumerate(t.records):
        if not rec.get("id"):
            errors.append(t.error(i, "id", tr("the project id is empty")))
            continue
        if (issue := invisible_issue(str(rec["id"]))) is not None:
            errors.append(t.error(i, "id", issue))
            continue
        word = rec.get("optional", "").strip().casefold()
        if word in TRUE_WORDS:
            optional = True
        elif word in FALSE_WORDS:
            optional = False
        else:
            errors.append(t.error(i, "optional", tr("optional must be yes or no"),
                                  hint=tr("accepted: yes/no, true/false, 1/0, oui/non")))
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


def _proposers(projects: list[Project], t: Table, students: Table,
               errors: list[InputError]) -> list[Project]:
    """Each project's proposers as student ids: a proposer is named by id, e-mail or full
    name (any case, accents or word order); one found nowhere, or in several students, is an
    error naming the cell, and is left out."""
    if not any(p.proposers for p in projects):
        return projects
    find = find_people(students)
    rows: dict[str, int] = {}
    for i, rec in enumerate(t.records):
        rows.setdefault(rec.get("id", ""), i)
    out = []
    for p in projects:
        ids: list[str] = []
        for text in p.proposers:
            found = list(dict.fromkeys(find(text)))
            if len(found) == 1:
                ids.append(found[0])
                continue
            message = (tr("several students bear this name: {students}",
                          students=", ".join(found)) if found else
                       tr("proposer {student!r} of project {project} is not a student",
                          student=text, project=p.id))
            errors.append(InputError(
                message, file=t.path, row=t.rows[rows[p.id]],
                column=t.original_headers.get("proposer", "proposer"), value=text,
                hint=tr("name a proposer by the student's id, e-mail or full name, as in the "
                        "students file")))
        out.append(p.model_copy(update={"proposers": tuple(ids)}) if ids != list(p.proposers)
                   else p)
    return out


def _also_record() -> re.Pattern[str]:
    """``(also record 3)`` in the current language, its number captured."""
    template = re.escape(tr("(also record {record})"))
    return re.compile(template.replace(re.escape("{record}"), r"(\d+)", 1))


_FIELD_COLUMN = {"proposer": "proposer", "preferences": "preferences", "refused": "refused"}


def _locate(e: ValidationError | ProblemValidationError, students: Table, projects: Table,
            layout: FormLayout) -> InputError:
    """Turn a Problem validation error into InputErrors naming file, row and column."""
    issues: list[RecordIssue] = list(getattr(e, "issues", []))
    for err in e.errors() if isinstance(e, ValidationError) else ():
        ctx_error = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_error, ProblemValidationError):
            issues.extend(ctx_error.issues)
        else:  # a plain field error (should not happen: records were built above)
            return InputError(f"{'.'.join(map(str, err['loc']))}: {pydantic_message(err)}")
    out: list[InputError] = []
    also_record = _also_record()
    for issue in issues:
        table = {"students": students, "projects": projects}.get(issue.collection)
        if table is not None:  # "(also record 3)" -> "(also row 4)": the row a spreadsheet shows
            issue = replace(issue, message=also_record.sub(
                lambda m, t=table: tr("(also row {row})", row=t.rows[int(m.group(1)) - 1]),
                issue.message))
        if table is None or issue.index is None:
            out.append(InputError(issue.message, column=f"{issue.collection}.{issue.field}",
                                  value=issue.value, hint=issue.hint))
            continue
        column = _FIELD_COLUMN.get(issue.field, issue.field)
        if table is students and column == "preferences" and column not in table.columns:
            column = next((c for c in layout.columns
                           if table.records[issue.index].get(c) == issue.value),
                          layout.columns[0] if layout.columns else column)
        err = table.error(issue.index, column if column in table.columns else None,
                          issue.message, hint=issue.hint)
        if column not in table.columns:
            err = InputError(issue.message, file=table.path, row=table.rows[issue.index],
                             value=issue.value, hint=issue.hint)
        elif issue.value is not None and (column in ("preferences", "proposer", "refused")
                                          or column in layout.columns):
            err = InputError(issue.message, file=table.path, row=table.rows[issue.index],
                             column=table.original_headers.get(column, column),
                             value=issue.value, hint=issue.hint)
        out.append(err)
    return InputErrors(out)

"""Export a formation to the files other tools import: Moodle, Canvas, a mail merge, Excel.

Each format is one function building an :class:`ExportTable` from the problem and a plain
assignment (no solver), registered by name in :data:`EXPORTS`; :func:`export` checks the
options and every student's contact details, builds the table and writes it atomically,
formulas neutralised (:func:`~matcher.io.write_csv`), never over an input.

Formats
-------
``moodle``
    Moodle's **Upload users** file (Site administration > Users > Accounts > Upload users;
    https://docs.moodle.org/en/Upload_users, code in ``admin/tool/uploaduser``): columns
    ``username,firstname,lastname,email,course1,group1``. Each student is enrolled in the
    course whose short name is ``course1`` and added to the group named ``group1``, which
    Moodle creates in that course if it does not exist. ``username`` is required on every row
    and ``firstname``, ``lastname``, ``email`` to create an account, so all four are written;
    Moodle's usernames hold only ``a-z 0-9 _ - . @``, so the login is lower-cased and any
    other character is an error. Accounts are matched on ``username``; enrolment goes
    through the course's manual enrolment method, which must be enabled, and Moodle does it
    for created and updated users alike. Moodle's course **Import groups** file
    (https://docs.moodle.org/en/Import_groups: ``groupname``, ``description``...) creates
    empty groups only, which is why the Upload users file is used. UTF-8, ``,``, no BOM (the
    upload form's defaults).
``canvas``
    Canvas's **group category** import (People > a group set > Import;
    https://canvas.instructure.com/doc/api/file.group_category_csv.html): columns
    ``name,canvas_user_id,user_id,login_id,group_name``, one row per student; the user is
    identified by ``login_id`` (``--identifier email`` or ``username``) or by ``user_id``, the
    SIS ID (``--identifier id``); ``canvas_user_id`` stays empty and ``name`` is ignored by
    the import (it is shown to people). Groups missing from the set are created. UTF-8,
    RFC 4180, as the page requires.
``mailmerge``
    One row per student, in cohort order: ``email,name,student_id,placed,project_id,
    project_title,team_size,teammates,teammate_emails`` (teammates' names and e-mails joined
    with ``"; "``). A student without a team has ``placed`` = ``no`` and empty team cells; a
    student without an e-mail address gets an empty cell and a warning (not an error: the
    rest of the cohort can still be written to). UTF-8 with BOM, ``,``.
``excel``
    The teams file (the same columns as ``solve -o teams.csv``) for a French Excel: UTF-8
    with BOM (accents), ``;`` separator (Excel's list separator where the decimal mark is a
    comma), CRLF line ends.

Moodle and Canvas files leave out students without a team (a warning names them). Group
names are ``"<id> - <title>"`` (``<id>`` alone without a title), at most 100 characters;
Moodle reads a purely numeric group name as a group id, so one is written ``"Team <id>"``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from matcher.assignment import Assignment, teams
from matcher.errors import InputError, InputErrors
from matcher.i18n import tr
from matcher.io.contacts import IDENTIFIERS, Found, Issue, find_email, find_login, find_names
from matcher.io.write import refuse_overwrite_input, write_csv
from matcher.problem import Problem, Project, Student

__all__ = [
    "EXPORTS",
    "ExportFormat",
    "ExportOptions",
    "ExportTable",
    "StudentRows",
    "build_export",
    "check_export",
    "export",
    "group_name",
    "option_errors",
]

#: Longest group name written (Moodle allows 254 characters, Canvas 255).
GROUP_NAME_LIMIT: int = 100
#: Moodle's username characters when ``extendedusernamechars`` is off (its default).
_MOODLE_USERNAME = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-.@")


@dataclass(frozen=True)
class StudentRows:
    """Where each student was read, so that errors name the file, row and column.

    Attributes
    ----------
    file:
        The students file.
    rows:
        Spreadsheet row of ``problem.students[i]``.
    headers:
        Canonical column name -> the header as written in the file.
    """

    file: str
    rows: Sequence[int]
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportOptions:
    """Options of the formats; each format reads the ones it needs.

    Attributes
    ----------
    course:
        Moodle: the course's short name (``course1``). Required by ``moodle``.
    identifier:
        Moodle and Canvas: what identifies a student on the platform: ``"email"`` (default),
        ``"id"`` or ``"username"`` (a ``username`` column), see
        :func:`matcher.io.contacts.find_login`.
    """

    course: str | None = None
    identifier: str = "email"


@dataclass(frozen=True)
class ExportTable:
    """What a format writes: columns, rows, how, and the warnings for the user."""

    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...] = ()
    delimiter: str = ","
    bom: bool = False
    #: Students' issues that are warnings in this format, as ``(student index, Issue)``;
    #: :func:`build_export` turns them into located lines of :attr:`warnings`.
    notices: tuple[tuple[int, Issue], ...] = ()

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the table as CSV to ``path``, atomically, formulas neutralised."""
        write_csv(path, self.rows, self.columns, bom=self.bom, delimiter=self.delimiter)


#: A format's builder: ``(problem, assignment, options) -> (table, issues)`` where each issue
#: is ``(student index, Issue)``.
Builder = Callable[[Problem, Assignment, ExportOptions],
                   tuple[ExportTable, list[tuple[int, Issue]]]]


@dataclass(frozen=True)
class ExportFormat:
    """A registered export format."""

    name: str
    #: One line for ``--help``.
    description: str
    build: Builder
    #: Options it reads (for the command line to say which apply).
    options: tuple[str, ...] = ()


# --------------------------------------------------------------------------- helpers


def group_name(project: Project) -> str:
    """The group name of a project's team on a platform: ``"P01 - Jardin partagé"``.

    Examples
    --------
    >>> from matcher.problem import Project
    >>> group_name(Project(id="P01", title="Jardin", max_size=3))
    'P01 - Jardin'
    >>> group_name(Project(id="12", max_size=3))
    'Team 12'
    """
    name = project.id
    if project.title.strip() and project.title.strip() != project.id:
        name = f"{project.id} - {' '.join(project.title.split())}"
    if name.isdigit():
        name = f"Team {name}"  # Moodle reads a numeric group as a group id
    if len(name) > GROUP_NAME_LIMIT:
        name = name[:GROUP_NAME_LIMIT - 1].rstrip() + "…"
    return name


def _members_by_team(problem: Problem, assignment: Assignment
                     ) -> tuple[list[tuple[Project, list[Student]]], list[Student]]:
    """Open teams in projects-file order (members in cohort order), and the unplaced."""
    by_team = teams(problem, assignment)
    placed = [(p, by_team[p.id]) for p in problem.projects if by_team[p.id]]
    seated = {s.id for _, members in placed for s in members}
    return placed, [s for s in problem.students if s.id not in seated]


def _left_out(unplaced: list[Student]) -> list[str]:
    if not unplaced:
        return []
    return [tr("{count} student(s) without a team left out of the file: {ids}",
               count=len(unplaced), ids=", ".join(s.id for s in unplaced))]


def option_errors(fmt: str, **options: Any) -> list[InputError]:
    """Everything wrong with a format name and its options, without reading any student.

    Parameters
    ----------
    fmt:
        The format's name.
    **options:
        Fields of :class:`ExportOptions`.

    Returns
    -------
    list[InputError]
        An unknown format (``--to``), an unknown identifier (``--identifier``), a missing
        course (``--course``) when the format needs one; empty when all is well.
    """
    spec = EXPORTS.get(fmt)
    errors = []
    if spec is None:
        errors.append(InputError(tr("unknown export format"), column="--to", value=fmt,
                                 hint=tr("known formats: {choices}", choices=", ".join(EXPORTS))))
    opts = ExportOptions(**options)
    if (spec is None or "identifier" in spec.options) and opts.identifier not in IDENTIFIERS:
        errors.append(InputError(tr("unknown identifier"), column="--identifier",
                                 value=opts.identifier,
                                 hint=tr("known identifiers: {choices}",
                                         choices=", ".join(IDENTIFIERS))))
    if spec is not None and "course" in spec.options and not (opts.course or "").strip():
        errors.append(InputError(tr("the {format} export needs the course's short name",
                                    format=fmt), column="--course",
                                 hint=tr("e.g. --course MATH101, as in the course settings")))
    return errors


# --------------------------------------------------------------------------- formats


def moodle(problem: Problem, assignment: Assignment, options: ExportOptions
           ) -> tuple[ExportTable, list[tuple[int, Issue]]]:
    """Moodle's Upload users file: ``username,firstname,lastname,email,course1,group1``.

    Every student needs a login (``options.identifier``, lower-cased, within Moodle's
    username characters), an e-mail address and a first and last name
    (:func:`matcher.io.contacts.find_names`); whatever is missing is an issue.
    """
    issues: list[tuple[int, Issue]] = []
    found: dict[str, dict[str, str]] = {}
    for i, s in enumerate(problem.students):
        login = find_login(s, options.identifier)
        if isinstance(login, Found):
            username = login.value.strip().lower()
            bad = sorted(set(username) - _MOODLE_USERNAME)
            if bad:
                login = Issue(login.field, tr(
                    "Moodle usernames hold only a-z, 0-9, _, -, . and @; the username of "
                    "student {student} has {chars}", student=s.id, chars=" ".join(bad)),
                    login.value, tr("choose another --identifier, or add a 'username' column"))
        email = find_email(s)
        names = find_names(s)
        problems = [x for x in (login, email, names) if isinstance(x, Issue)]
        if options.identifier == "email" and isinstance(email, Issue):
            problems.remove(email)  # the login is the e-mail: reported once
        issues += [(i, x) for x in problems]
        if not problems:
            assert isinstance(email, Found) and isinstance(names, tuple)
            found[s.id] = {"username": username, "firstname": names[0],
                           "lastname": names[1], "email": email.value}
    placed, unplaced = _members_by_team(problem, assignment)
    course = (options.course or "").strip()
    rows = tuple({**found[s.id], "course1": course, "group1": group_name(p)}
                 for p, members in placed for s in members if s.id in found)
    columns = ("username", "firstname", "lastname", "email", "course1", "group1")
    return ExportTable(columns, rows, tuple(_left_out(unplaced))), issues


def canvas(problem: Problem, assignment: Assignment, options: ExportOptions
           ) -> tuple[ExportTable, list[tuple[int, Issue]]]:
    """Canvas's group category import: ``name,canvas_user_id,user_id,login_id,group_name``.

    ``--identifier id`` fills ``user_id`` (the SIS ID); ``email`` and ``username`` fill
    ``login_id``.
    """
    column = "user_id" if options.identifier == "id" else "login_id"
    issues: list[tuple[int, Issue]] = []
    logins: dict[str, str] = {}
    for i, s in enumerate(problem.students):
        login = find_login(s, options.identifier)
        if isinstance(login, Issue):
            issues.append((i, login))
        else:
            logins[s.id] = login.value
    placed, unplaced = _members_by_team(problem, assignment)
    rows = tuple({"name": s.name or s.id, "canvas_user_id": "",
                  "user_id": logins[s.id] if column == "user_id" else "",
                  "login_id": logins[s.id] if column == "login_id" else "",
                  "group_name": group_name(p)}
                 for p, members in placed for s in members if s.id in logins)
    columns = ("name", "canvas_user_id", "user_id", "login_id", "group_name")
    return ExportTable(columns, rows, tuple(_left_out(unplaced))), issues


def mailmerge(problem: Problem, assignment: Assignment, options: ExportOptions
              ) -> tuple[ExportTable, list[tuple[int, Issue]]]:
    """One row per student: their e-mail, name, team, and teammates' names and e-mails.

    A student without an e-mail address is not an error here: the cell stays empty and a
    warning names them.
    """
    emails: dict[str, str] = {}
    warnings: list[str] = []
    notices: list[tuple[int, Issue]] = []
    for i, s in enumerate(problem.students):
        email = find_email(s)
        if isinstance(email, Found):
            emails[s.id] = email.value
        else:
            notices.append((i, email))
    by_team = teams(problem, assignment)
    titles = {p.id: p.title for p in problem.projects}
    rows = []
    unplaced = 0
    for s in problem.students:
        pid = assignment.get(s.id)
        members = by_team.get(pid, []) if pid is not None else []
        mates = [m for m in members if m.id != s.id]
        if not members:
            unplaced += 1
        rows.append({
            "email": emails.get(s.id, ""), "name": s.name, "student_id": s.id,
            "placed": "yes" if members else "no",
            "project_id": pid if members else "", "project_title": titles.get(pid, "")
            if members else "", "team_size": len(members),
            "teammates": "; ".join(m.name or m.id for m in mates),
            "teammate_emails": "; ".join(emails[m.id] for m in mates if m.id in emails),
        })
    if unplaced:
        warnings.append(tr("{count} student(s) without a team: their rows say placed = no",
                           count=unplaced))
    columns = ("email", "name", "student_id", "placed", "project_id", "project_title",
               "team_size", "teammates", "teammate_emails")
    return ExportTable(columns, tuple(rows), tuple(warnings), bom=True,
                       notices=tuple(notices)), []


def excel(problem: Problem, assignment: Assignment, options: ExportOptions
          ) -> tuple[ExportTable, list[tuple[int, Issue]]]:
    """The teams file for a French Excel: UTF-8 with BOM, ``;`` separator, CRLF."""
    from matcher.report.tables import teams_frame  # the teams file's rows, shared with solve

    frame = teams_frame(problem, assignment)
    rows = tuple(frame.to_dict("records"))
    return ExportTable(tuple(str(c) for c in frame.columns), rows, delimiter=";", bom=True), []


#: Export formats by name.
EXPORTS: dict[str, ExportFormat] = {
    f.name: f for f in (
        ExportFormat("moodle", "Moodle 'Upload users': course and group per student",
                     moodle, ("course", "identifier")),
        ExportFormat("canvas", "Canvas group set import: login and group per student",
                     canvas, ("identifier",)),
        ExportFormat("mailmerge", "per student: e-mail, team, teammates and their e-mails",
                     mailmerge),
        ExportFormat("excel", "the teams file for a French Excel (BOM, ';', CRLF)", excel),
    )
}


# --------------------------------------------------------------------------- entry points


def _locate(issues: Iterable[tuple[int, Issue]], source: StudentRows | None
            ) -> list[InputError]:
    out = []
    for i, issue in issues:
        if source is None:
            out.append(InputError(issue.message, column=issue.field, value=issue.value,
                                  hint=issue.hint))
            continue
        header = source.headers.get(issue.field, issue.field)
        out.append(InputError(issue.message, file=source.file, row=source.rows[i],
                              column=header, value=issue.value, hint=issue.hint))
    return out


def build_export(problem: Problem, assignment: Assignment, fmt: str, *,
                 source: StudentRows | None = None, **options: Any) -> ExportTable:
    """Build the table of format ``fmt`` (a key of :data:`EXPORTS`) without writing it.

    Parameters
    ----------
    problem, assignment:
        The cohort and the formation (student id -> project id or ``None``).
    fmt:
        ``"moodle"``, ``"canvas"``, ``"mailmerge"`` or ``"excel"``.
    source:
        Where the students were read, so that errors name file and row.
    **options:
        Fields of :class:`ExportOptions` (``course``, ``identifier``).

    Raises
    ------
    InputError
        An unknown format or option value, a missing required option, or students whose
        contact details the format needs and cannot find, all of them at once
        (:class:`~matcher.errors.InputErrors`), each naming the student, file, row, column
        and value.
    """
    errors = option_errors(fmt, **options)
    if errors:
        raise InputErrors(errors)
    table, issues = EXPORTS[fmt].build(problem, assignment, ExportOptions(**options))
    errors = _locate(issues, source)
    if errors:
        raise InputErrors(errors)
    if table.notices:
        located = tuple(str(e) for e in _locate(table.notices, source))
        table = replace(table, warnings=located + table.warnings, notices=())
    return table


def check_export(problem: Problem, fmt: str, *, source: StudentRows | None = None,
                 **options: Any) -> None:
    """Raise what :func:`build_export` would raise, before any formation exists.

    The contact details are checked for every student whatever their team, so this is run
    before a search and the export cannot fail after it on them.
    """
    build_export(problem, {}, fmt, source=source, **options)


def export(problem: Problem, assignment: Assignment, fmt: str,
           path: str | os.PathLike[str], *, inputs: Iterable[str | os.PathLike[str] | None] = (),
           source: StudentRows | None = None, **options: Any) -> ExportTable:
    """Build format ``fmt`` and write it to ``path``; return the table (with its warnings).

    Example::

        from matcher.io.export import export
        table = export(problem, result.assignment, "moodle", "groups.csv", course="MATH101")
        for line in table.warnings:
            print(line)

    Parameters
    ----------
    inputs:
        The files read; ``path`` may not be one of them.
    Other parameters:
        As for :func:`build_export`.

    Raises
    ------
    InputError
        As :func:`build_export`, or ``path`` is an input; nothing is written then.
    OSError
        The file cannot be written; an existing file is left as it was.
    """
    refuse_overwrite_input(path, inputs)
    table = build_export(problem, assignment, fmt, source=source, **options)
    table.write(path)
    return table

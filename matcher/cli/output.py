"""What the commands write and print: the teams file, the JSON summary, the figures, the table.

Everything here is computed from the problem and a plain assignment (student id -> project
id), never from a solver, so that ``solve`` and ``check`` show the same figures for the same
teams.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from matcher.assignment import Assignment, open_teams
from matcher.constraints.base import Violation
from matcher.i18n import tr
from matcher.io.write import atomic_write_text, write_csv, write_xlsx
from matcher.problem import Problem
from matcher.result import Result
from matcher.teammates import wish_figures

#: Columns of the teams file, in order (one row per student).
TEAM_COLUMNS: tuple[str, ...] = ("student_id", "name", "project_id", "project_title", "rank",
                                 "discipline", "institution", "points")


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figures:
    """Headline figures of a formation.

    Shares of first choice and top 3 are taken over the students who ranked at least one
    idea (a student who ranked nothing can be on neither); the means are over open teams.
    """

    students: int
    ranked: int
    placed: int
    unassigned: int
    first_choice: int
    top3: int
    teams: int
    mean_disciplines: float | None
    mean_institutions: float | None
    mean_rank: float | None
    #: wishes to be with a classmate (directed pairs), granted ones, students who wished,
    #: students with at least one wish granted (:mod:`matcher.teammates`)
    wishes_expressed: int = 0
    wishes_granted: int = 0
    students_with_wishes: int = 0
    students_with_a_wish_granted: int = 0

    @property
    def share_first_choice(self) -> float | None:
        """``first_choice / ranked``."""
        return self.first_choice / self.ranked if self.ranked else None

    @property
    def share_top3(self) -> float | None:
        """``top3 / ranked``."""
        return self.top3 / self.ranked if self.ranked else None

    def as_dict(self) -> dict[str, Any]:
        """Plain dict with the two shares included."""
        out = asdict(self)
        out["share_first_choice"] = self.share_first_choice
        out["share_top3"] = self.share_top3
        return out


def figures(problem: Problem, assignment: Assignment) -> Figures:
    """Compute the :class:`Figures` of ``assignment``."""
    ranks = []
    ranked = placed = 0
    for s in problem.students:
        pid = assignment.get(s.id)
        if pid in problem.project_index:
            placed += 1
        if s.preferences:
            ranked += 1
            r = s.rank_of(pid) if pid else None
            if r is not None:
                ranks.append(r)
    teams = open_teams(problem, assignment)
    disc = [len({m.discipline for m in ms if m.discipline}) for ms in teams.values()]
    inst = [len({m.institution for m in ms if m.institution}) for ms in teams.values()]
    wishes = wish_figures(problem, assignment)
    return Figures(
        students=len(problem.students), ranked=ranked, placed=placed,
        unassigned=len(problem.students) - placed,
        first_choice=sum(r == 1 for r in ranks), top3=sum(r <= 3 for r in ranks),
        teams=len(teams),
        mean_disciplines=sum(disc) / len(disc) if disc else None,
        mean_institutions=sum(inst) / len(inst) if inst else None,
        mean_rank=sum(ranks) / len(ranks) if ranks else None,
        wishes_expressed=wishes.expressed, wishes_granted=wishes.granted,
        students_with_wishes=wishes.wishers, students_with_a_wish_granted=wishes.satisfied,
    )


def team_summaries(problem: Problem, assignment: Assignment) -> list[dict[str, Any]]:
    """One dict per open team: the idea, its members (with the rank each gave it) and its
    figures (size, distinct disciplines and institutions, first choices, mean rank)."""
    out = []
    for pid, members in open_teams(problem, assignment).items():
        project = problem.projects[problem.project_index[pid]]
        ranks = [s.rank_of(pid) for s in members]
        known = [r for r in ranks if r is not None]
        out.append({
            "project_id": pid,
            "title": project.title,
            "size": len(members),
            "min_size": project.min_size,
            "max_size": project.max_size,
            "distinct_disciplines": len({m.discipline for m in members if m.discipline}),
            "distinct_institutions": len({m.institution for m in members if m.institution}),
            "first_choices": sum(r == 1 for r in known),
            "mean_rank": sum(known) / len(known) if known else None,
            "points": sum(problem.points(s, pid) for s in members),
            "members": [{"student_id": s.id, "name": s.name, "discipline": s.discipline,
                         "institution": s.institution, "rank": r}
                        for s, r in zip(members, ranks, strict=True)],
        })
    return out


def unassigned_ids(problem: Problem, assignment: Assignment) -> list[str]:
    """Students on no (known) project."""
    return [s.id for s in problem.students if assignment.get(s.id) not in problem.project_index]


# --------------------------------------------------------------------------- frames


def teams_frame(problem: Problem, assignment: Assignment) -> pd.DataFrame:
    """One row per student in :data:`TEAM_COLUMNS`, grouped by team in the order of the
    projects file, members in cohort order, students without a team last."""
    order = {p.id: j for j, p in enumerate(problem.projects)}
    titles = {p.id: p.title for p in problem.projects}
    rows = []
    for i, s in enumerate(problem.students):
        pid = assignment.get(s.id)
        pid = pid if pid in order else None
        rows.append(((order[pid] if pid else len(order), i), {
            "student_id": s.id, "name": s.name, "project_id": pid or "",
            "project_title": titles.get(pid, "") if pid else "",
            "rank": s.rank_of(pid) if pid else None,
            "discipline": s.discipline, "institution": s.institution,
            "points": problem.points(s, pid) if pid else 0,
        }))
    rows.sort(key=lambda item: item[0])
    frame = pd.DataFrame([r for _, r in rows], columns=list(TEAM_COLUMNS))
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


def students_frame(problem: Problem, assignment: Assignment) -> pd.DataFrame:
    """One row per student in cohort order: who they are, what they ranked, what they got,
    and their extra attributes."""
    titles = {p.id: p.title for p in problem.projects}
    attrs = sorted({a for s in problem.students for a in s.attributes})
    rows = []
    for s in problem.students:
        pid = assignment.get(s.id)
        pid = pid if pid in titles else None
        row: dict[str, Any] = {
            "student_id": s.id, "name": s.name, "discipline": s.discipline,
            "institution": s.institution, "preferences": ";".join(s.preferences),
            "project_id": pid or "", "project_title": titles.get(pid, "") if pid else "",
            "rank": s.rank_of(pid) if pid else None,
            "points": problem.points(s, pid) if pid else 0,
        }
        row.update({a: s.attributes.get(a) for a in attrs})
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


def projects_frame(problem: Problem, assignment: Assignment) -> pd.DataFrame:
    """One row per project idea, open or not, with its team's figures."""
    teams = {t["project_id"]: t for t in team_summaries(problem, assignment)}
    rows = []
    for p in problem.projects:
        t = teams.get(p.id)
        rows.append({
            "project_id": p.id, "title": p.title, "open": "yes" if t else "no",
            "optional": "yes" if p.optional else "no", "min_size": p.min_size,
            "max_size": p.max_size, "size": t["size"] if t else 0,
            "distinct_disciplines": t["distinct_disciplines"] if t else 0,
            "distinct_institutions": t["distinct_institutions"] if t else 0,
            "first_choices": t["first_choices"] if t else 0,
            "mean_rank": round(t["mean_rank"], 2) if t and t["mean_rank"] is not None
            else None,
            "members": "; ".join(m["name"] or m["student_id"] for m in t["members"]) if t
            else "",
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- summary


def result_summary(problem: Problem, result: Result) -> dict[str, Any]:
    """The ``--summary`` JSON of ``solve``: status, objective, bound, gap, time, weights,
    term values, headline figures, and every team with its members and figures."""
    return {
        "status": result.status.value,
        "objective": result.objective,
        "best_bound": result.best_bound,
        "gap": result.gap,
        "wall_time_s": round(result.wall_time_s, 3),
        "interrupted": result.interrupted,
        "time_limit_s": result.time_limit_s,
        "workers": result.workers,
        "seed": result.seed,
        "weights": dict(result.weights),
        "terms": dict(result.terms),
        "figures": figures(problem, result.assignment).as_dict(),
        "teams": team_summaries(problem, result.assignment),
        "unassigned": unassigned_ids(problem, result.assignment),
    }


def check_summary(problem: Problem, assignment: Assignment, violations: list[Violation],
                  weights: Mapping[str, int], terms: Mapping[str, int],
                  objective: int) -> dict[str, Any]:
    """The ``--summary`` JSON of ``check``: validity, every broken rule, the scores, the
    figures and the teams."""
    return {
        "status": "VALID" if not violations else "INVALID",
        "valid": not violations,
        "violations": [v.model_dump(mode="json") for v in violations],
        "objective": objective,
        "weights": dict(weights),
        "terms": dict(terms),
        "figures": figures(problem, assignment).as_dict(),
        "teams": team_summaries(problem, assignment),
        "unassigned": unassigned_ids(problem, assignment),
    }


def summary_sheet(problem: Problem, result: Result) -> pd.DataFrame:
    """The Summary worksheet: one (item, value) row per figure, weight and term."""
    f = figures(problem, result.assignment)
    rows: list[tuple[str, Any]] = [
        ("status", result.status.value), ("objective", result.objective),
        ("best_bound", result.best_bound), ("gap", result.gap),
        ("wall_time_s", round(result.wall_time_s, 3)),
        ("interrupted", "yes" if result.interrupted else "no"),
        ("students", f.students), ("teams", f.teams), ("unassigned", f.unassigned),
        ("share_first_choice", f.share_first_choice), ("share_top3", f.share_top3),
        ("mean_rank", f.mean_rank), ("mean_distinct_disciplines", f.mean_disciplines),
        ("mean_distinct_institutions", f.mean_institutions),
    ]
    if f.wishes_expressed:
        rows += [("wishes_granted", f.wishes_granted), ("wishes_expressed", f.wishes_expressed),
                 ("students_with_a_wish_granted", f.students_with_a_wish_granted),
                 ("students_with_wishes", f.students_with_wishes)]
    rows += [(f"weight.{k}", v) for k, v in result.weights.items()]
    rows += [(f"term.{k}", v) for k, v in result.terms.items()]
    return pd.DataFrame(rows, columns=["item", "value"])


# --------------------------------------------------------------------------- writing


def is_xlsx(path: str) -> bool:
    """Whether ``path`` asks for a workbook (``.xlsx``)."""
    return os.path.splitext(path)[1].lower() == ".xlsx"


def write_teams(path: str, problem: Problem, result: Result) -> None:
    """Write the teams atomically: CSV (UTF-8 with BOM, one row per student), or with ``.xlsx`` a
    workbook with sheets Teams (the same rows), Students, Summary and Projects."""
    teams = teams_frame(problem, result.assignment)
    if is_xlsx(path):
        write_xlsx(path, {
            "Teams": teams,
            "Students": students_frame(problem, result.assignment),
            "Summary": summary_sheet(problem, result),
            "Projects": projects_frame(problem, result.assignment),
        })
    else:
        write_csv(path, teams, bom=True)  # Excel reads accents right on a double click


def write_json(path: str, data: Any) -> None:
    """Write ``data`` as UTF-8 JSON (see :func:`readable_json`), atomically."""
    atomic_write_text(path, readable_json(data))


def readable_json(data: Any) -> str:
    """JSON with one top-level key per line and one element per line in top-level lists (one
    team, one low placement per line), each written by the C encoder: readable, and ten times
    faster than ``indent=2`` (pure Python) on 10,000 students."""
    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    if not isinstance(data, dict):
        return compact(data) + "\n"
    lines = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {compact(v)}" for v in value)
            lines.append(f"  {compact(str(key))}: [\n{items}\n  ]")
        else:
            lines.append(f"  {compact(str(key))}: {compact(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


# --------------------------------------------------------------------------- printing


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


#: ``--show-teams auto`` prints the full table (members by name) up to this many teams, and
#: one compact line per team beyond.
FULL_TABLE_MAX: int = 30

#: At most this many students are named in a list printed on the terminal (low placements,
#: students without a team); the rest are counted.
PRINT_MAX: int = 20

#: The values of ``--show-teams``.
SHOW_TEAMS: tuple[str, ...] = ("auto", "full", "compact", "none")


def print_teams(console: Console, problem: Problem, assignment: Assignment,
                mode: str = "auto") -> None:
    """The teams on the terminal. ``mode``: ``full`` (a table with every member and the rank
    they gave the idea, the disciplines and institutions), ``compact`` (one line per team:
    size, ranks obtained, mean rank, distinct disciplines and institutions, no names),
    ``none``, or ``auto``: full up to :data:`FULL_TABLE_MAX` teams, compact beyond."""
    if mode == "none":
        return
    teams = team_summaries(problem, assignment)
    if mode == "compact" or (mode == "auto" and len(teams) > FULL_TABLE_MAX):
        _print_compact(console, teams)
    else:
        _print_full(console, teams)
    missing = unassigned_ids(problem, assignment)
    if missing:
        console.print(tr("Without a team ({count}): {ids}", count=len(missing),
                         ids=_elided(missing)), highlight=False, markup=False)


def _elided(ids: list[str]) -> str:
    shown = ", ".join(ids[:PRINT_MAX])
    if len(ids) <= PRINT_MAX:
        return shown
    return shown + tr(" and {count} more", count=len(ids) - PRINT_MAX)


def _print_full(console: Console, teams: list[dict[str, Any]]) -> None:
    table = Table(title=tr("Teams"), show_lines=True)
    table.add_column(tr("Project"), no_wrap=True)
    table.add_column(tr("Size"), justify="right")
    table.add_column(tr("Members (rank)"))
    table.add_column(tr("Disciplines"))
    table.add_column(tr("Institutions"))
    for t in teams:
        members = ", ".join(
            f"{m['name'] or m['student_id']} ({m['rank'] if m['rank'] is not None else '-'})"
            for m in t["members"])
        disciplines = sorted({m["discipline"] for m in t["members"] if m["discipline"]})
        institutions = sorted({m["institution"] for m in t["members"] if m["institution"]})
        table.add_row(t["project_id"], str(t["size"]), members,
                      f"{len(disciplines)}: " + ", ".join(disciplines),
                      f"{len(institutions)}: " + ", ".join(institutions))
    console.print(table)


def _print_compact(console: Console, teams: list[dict[str, Any]]) -> None:
    """One line per team, nothing that grows with the team: readable at hundreds of teams.
    Plain fixed-width text printed at once (a rich table of 1,000 rows takes seconds)."""
    def cut(text: str, width: int) -> str:
        return text if len(text) <= width else text[:width - 1] + "…"

    pid_w = min(12, max([len(tr("Project"))] + [len(t["project_id"]) for t in teams]))
    head = (f"{cut(tr('Project'), pid_w):<{pid_w}}  {tr('Title'):<28}  {tr('Size'):>4}  "
            f"{tr('Ranks 1/2/3/4+/-'):>16}  {tr('Mean rank'):>9}  {tr('Disc.'):>5}  "
            f"{tr('Inst.'):>5}")
    lines = [tr("Teams ({count}; --show-teams full lists the members)", count=len(teams)),
             head, "-" * len(head)]
    for t in teams:
        ranks = [m["rank"] for m in t["members"]]
        counts = [sum(r == k for r in ranks) for k in (1, 2, 3)]
        counts += [sum(r is not None and r >= 4 for r in ranks), sum(r is None for r in ranks)]
        lines.append(f"{cut(t['project_id'], pid_w):<{pid_w}}  {cut(t['title'] or '', 28):<28}"
                     f"  {t['size']:>4}  {'/'.join(map(str, counts)):>16}  "
                     f"{_num(t['mean_rank']):>9}  {t['distinct_disciplines']:>5}  "
                     f"{t['distinct_institutions']:>5}")
    console.print("\n".join(lines), highlight=False, markup=False, soft_wrap=True)


def print_low_placements(console: Console, low: list[dict[str, Any]], *,
                         where: list[str] | None = None) -> None:
    """The students placed on their 4th choice or worse, unranked or without a team, with
    their reasons: the first :data:`PRINT_MAX`, then "and N more" with where to find them all
    (``where``: the files written that list them; else how to get them)."""
    if not low:
        return
    console.print()
    console.print(tr("Placed on their 4th choice or worse, unranked or without a team "
                     "({count}):", count=len(low)), highlight=False)
    for item in low[:PRINT_MAX]:
        pid, rank = item["project_id"], item["rank"]
        where_ = (tr("on {project}, choice {rank}", project=pid, rank=rank) if pid and rank
                  else tr("on {project}, unranked", project=pid) if pid
                  else tr("without a team"))
        reason = item.get("reason")
        line = f"  {item['student_id']} {where_}" + (f": {reason}" if reason else "")
        console.print(line, highlight=False, markup=False)
    rest = len(low) - PRINT_MAX
    if rest > 0:
        if where:
            console.print(tr("  ... and {count} more: see {files}", count=rest,
                             files=tr(" and ").join(where)), highlight=False, markup=False)
        else:
            console.print(tr("  ... and {count} more: add --summary SUMMARY.json (or --report "
                             "REPORT.html) to get them all", count=rest),
                          highlight=False, markup=False)


def print_figures(console: Console, problem: Problem, assignment: Assignment,
                  result: Result | None = None) -> None:
    """The headline figures: first choice, top 3, diversity, and the search's numbers."""
    f = figures(problem, assignment)
    labels = {key: label() for key, label in _FIGURE_LABELS.items()}
    width = max(map(len, labels.values())) + 1  # every label, so the column never moves
    rows = [
        ("first_choice", tr("{share} ({count} of {ranked} students who ranked ideas)",
                            share=_pct(f.share_first_choice), count=f.first_choice,
                            ranked=f.ranked)),
        ("top3", tr("{share} ({count} of {ranked})", share=_pct(f.share_top3), count=f.top3,
                    ranked=f.ranked)),
        ("mean_rank", _num(f.mean_rank)),
        ("disciplines", tr("{mean} distinct on average ({teams} teams)",
                           mean=_num(f.mean_disciplines), teams=f.teams)),
        ("institutions", tr("{mean} distinct on average", mean=_num(f.mean_institutions))),
    ]
    if f.unassigned:
        rows.append(("unassigned", str(f.unassigned)))
    if f.wishes_expressed:
        rows.append(("wishes", tr("{granted} of {expressed} ({satisfied} of the {wishers} "
                                  "students who wished have at least one)",
                                  granted=f.wishes_granted, expressed=f.wishes_expressed,
                                  satisfied=f.students_with_a_wish_granted,
                                  wishers=f.students_with_wishes)))
    if result is not None:
        status = result.status.value
        if result.interrupted:
            status += " " + tr("(interrupted by Ctrl-C)")
        rows += [
            ("objective", str(result.objective)),
            ("bound", str(result.best_bound)),
            ("gap", _pct(result.gap)),
            ("status", tr("{status} in {seconds} s", status=status,
                          seconds=f"{result.wall_time_s:.1f}")),
        ]
    for key, text in rows:
        console.print(labels[key].ljust(width) + text, highlight=False)


#: The labels of :func:`print_figures`, in the current language when called.
_FIGURE_LABELS: dict[str, Callable[[], str]] = {
    "first_choice": lambda: tr("first choice"),
    "top3": lambda: tr("top 3"),
    "mean_rank": lambda: tr("mean rank obtained"),
    "disciplines": lambda: tr("disciplines / team"),
    "institutions": lambda: tr("institutions / team"),
    "unassigned": lambda: tr("without a team"),
    "wishes": lambda: tr("wishes granted"),
    "objective": lambda: tr("objective"),
    "bound": lambda: tr("proven bound"),
    "gap": lambda: tr("gap"),
    "status": lambda: tr("status"),
}


def print_scores(console: Console, weights: Mapping[str, int], terms: Mapping[str, int],
                 objective: int) -> None:
    """Each term's value, weight and contribution, then the objective."""
    table = Table(title=tr("Scores"))
    table.add_column(tr("Term"))
    table.add_column(tr("Value"), justify="right")
    table.add_column(tr("Weight"), justify="right")
    table.add_column(tr("Weighted"), justify="right")
    for name, value in terms.items():
        w = weights.get(name, 0)
        table.add_row(name, str(value), str(w), str(w * value))
    table.add_row(tr("objective"), "", "", str(objective))
    console.print(table)

"""What the commands print on the terminal: the teams, the headline figures, the scores.

The figures come from :mod:`matcher.summary`, computed from the problem and a plain
assignment, so that ``solve`` and ``check`` print the same figures for the same teams.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rich.console import Console
from rich.table import Table

from matcher.assignment import Assignment
from matcher.choices import choices_lines, choices_summary
from matcher.i18n import tr
from matcher.problem import Problem
from matcher.result import Result
from matcher.summary import figures, team_summaries, unassigned_ids


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
    for line in choices_lines(choices_summary(problem, assignment, result)):
        console.print(line, highlight=False)


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

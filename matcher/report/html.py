"""One self-contained HTML report of a formation: no network, no script, inline CSS and SVG.

A card per team (members, disciplines and institutions drawn as bar charts, ranks obtained,
binding rules), the cohort's distribution of ranks obtained, each team's diversity against
the best possible, every student's explanation, moves against a previous formation, and the
rules and weights used. Every piece of text goes through :func:`html.escape`.

Printed (print CSS, A4): a cover with the headline figures, the ranks and the diversity
table, then one page per team (closed ideas and students without a team follow the last
team), then the moves, the students and the rules.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from matcher.assignment import Assignment, teams
from matcher.check import check, objective, score
from matcher.explain import Explanation, team_figures
from matcher.figures import figures as formation_figures
from matcher.i18n import current_language, tr
from matcher.problem import Problem
from matcher.registry import effective_weights, make_constraints
from matcher.teammates import wish_figures

__all__ = ["render_report", "write_report"]

_PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
            "#ff9da7", "#9c755f", "#bab0ac")

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1.5rem;
background:#f6f7f9;color:#1d2330;line-height:1.4}
h1{margin:.2rem 0 1rem}h2{margin:2rem 0 .6rem;border-bottom:2px solid #d8dce3;padding-bottom:.2rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:1rem}
.card{background:#fff;border:1px solid #d8dce3;border-radius:8px;padding:.8rem 1rem}
.card h3{margin:.1rem 0 .4rem;font-size:1.05rem}.muted{color:#5d6675;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #eceef2;vertical-align:top}
.figs{display:flex;flex-wrap:wrap;gap:1rem}.fig{background:#fff;border:1px solid #d8dce3;
border-radius:8px;padding:.6rem 1rem}.fig b{font-size:1.3rem;display:block}
.bind{font-size:.85rem;color:#7a4b00;margin:.3rem 0 0 1rem;padding:0}
details{background:#fff;border:1px solid #d8dce3;border-radius:6px;margin:.3rem 0;
padding:.3rem .6rem}
summary{cursor:pointer}.warn{color:#a11}.ok{color:#185c18}
svg text{font-family:inherit;font-size:11px;fill:#1d2330}
@media print{@page{size:A4;margin:14mm}
body{background:#fff;padding:0}.grid{display:block}#teams>h2{display:none}
article.team{break-before:page;break-inside:avoid;border:none;padding:0}
article.team h3{font-size:1.4rem}#moves,#students{break-before:page}
details,.fig,tr{break-inside:avoid}summary{list-style:none}}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _bars(counts: Mapping[str, int], *, width: int = 300, label: str = "") -> str:
    """A horizontal bar chart as inline SVG, one bar per key."""
    if not counts:
        return f'<p class="muted">{_e(tr("none"))}</p>'
    items = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    top = max(v for _, v in items) or 1
    row, left, right = 16, 130, 30
    height = row * len(items) + 4
    parts = [f'<svg role="img" aria-label="{_e(label)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">']
    for i, (key, v) in enumerate(items):
        y = 2 + i * row
        w = max(2, round((width - left - right) * v / top))
        name = str(key) if len(str(key)) <= 22 else str(key)[:21] + "…"
        parts.append(f'<text x="0" y="{y + 11}">{_e(name)}</text>'
                     f'<rect x="{left}" y="{y + 2}" width="{w}" height="{row - 5}" rx="2" '
                     f'fill="{_PALETTE[i % len(_PALETTE)]}"><title>{_e(key)}: {v}</title></rect>'
                     f'<text x="{left + w + 4}" y="{y + 11}">{v}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _columns(counts: Sequence[tuple[str, int]], *, label: str, width: int = 520,
             height: int = 160) -> str:
    """A vertical bar chart (the distribution of ranks) as inline SVG."""
    top = max((v for _, v in counts), default=0) or 1
    n = max(1, len(counts))
    slot = width / n
    parts = [f'<svg role="img" aria-label="{_e(label)}" width="{width}" height="{height + 30}" '
             f'viewBox="0 0 {width} {height + 30}" xmlns="http://www.w3.org/2000/svg">']
    for i, (key, v) in enumerate(counts):
        h = round((height - 16) * v / top)
        x = i * slot + slot * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{height - h}" width="{slot * 0.7:.1f}" height="{h}" '
                     f'fill="{_PALETTE[0]}"><title>{_e(key)}: {v}</title></rect>'
                     f'<text x="{x + slot * 0.35:.1f}" y="{height - h - 3}" '
                     f'text-anchor="middle">{v}</text>'
                     f'<text x="{x + slot * 0.35:.1f}" y="{height + 14}" '
                     f'text-anchor="middle">{_e(key)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _gauge(value: int, best: int, *, width: int = 120) -> str:
    """``value`` out of ``best`` as a small inline SVG bar."""
    frac = 0 if best <= 0 else min(1.0, value / best)
    color = "#59a14f" if frac >= 1 else "#edc948" if frac >= 0.75 else "#e15759"
    return (f'<svg width="{width}" height="12" viewBox="0 0 {width} 12" '
            f'xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-label="{_e(tr("{value} of {best}", value=value, best=best))}">'
            f'<rect width="{width}" height="12" rx="3" fill="#e6e8ec"/>'
            f'<rect width="{round(width * frac)}" height="12" rx="3" fill="{color}"/></svg>')


def _rank_key(rank: int | None, assigned: bool) -> tuple[int, int]:
    """Order of the rank distribution: choice 1, 2, ..., then unranked, then no team."""
    if not assigned:
        return (2, 0)
    return (1, 0) if rank is None else (0, rank)


def _rank_label(rank: int | None, assigned: bool) -> str:
    if not assigned:
        return tr("no team")
    return tr("unranked") if rank is None else tr("choice {rank}", rank=rank)


def render_report(
    problem: Problem,
    assignment: Assignment,
    *,
    title: str | None = None,
    weights: Mapping[str, int] | None = None,
    explanations: Iterable[Explanation] = (),
    moves: Iterable[object] = (),
    status: str | None = None,
    notes: Sequence[str] = (),
) -> str:
    """The report as one HTML string (UTF-8, self-contained, no script).

    Parameters
    ----------
    problem, assignment:
        The problem and the formation to show.
    title:
        The page title (default: "Team formation", in the current language).
    weights:
        Objective weights overriding the problem's (as for :func:`matcher.solve`).
    explanations:
        :class:`~matcher.explain.Explanation` objects, shown per student (a student without
        one gets the headline only).
    moves:
        :class:`~matcher.rematch.Move` objects against a previous formation.
    status:
        The solver status to show (``OPTIMAL``...), if any.
    notes:
        Free lines shown under the headline figures.
    """
    w = effective_weights(problem, weights)
    by_team = teams(problem, assignment)
    open_ids = [pid for pid, m in by_team.items() if m]
    terms = score(problem, assignment, w)
    total = objective(problem, assignment, w)
    violations = check(problem, assignment)
    expl = {e.student: e for e in explanations}
    title = tr("Team formation") if title is None else title
    ranks: Counter[tuple[int, int]] = Counter()
    for s in problem.students:
        pid = assignment.get(s.id)
        ranks[_rank_key(s.rank_of(pid) if pid else None, pid is not None)] += 1
    order = sorted(ranks)

    def rank_name(key: tuple[int, int]) -> str:
        return _rank_label(key[1] if key[0] == 0 else None, key[0] != 2)

    out: list[str] = []
    add = out.append
    add("<!DOCTYPE html>")
    add(f'<html lang="{current_language()}"><head><meta charset="utf-8">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>")
    add(f"<h1>{_e(title)}</h1>")
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    add('<p class="muted">' + _e(tr(
        "{cohort} · {students} students · {ideas} ideas, {teams} teams · made {stamp}",
        cohort=problem.name or tr("cohort"), students=len(problem.students),
        ideas=len(problem.projects), teams=len(open_ids), stamp=stamp)) + "</p>")
    # headline figures
    headline = formation_figures(problem, assignment)  # the summary's definitions
    add('<section id="figures"><div class="figs">')
    figs = [(tr("objective"), total), (tr("teams"), len(open_ids)),
            (tr("on their first choice"),  # of the students who ranked an idea
             tr("{count} of {total}", count=headline.first_choice, total=headline.ranked))]
    if status:
        figs.insert(0, (tr("status"), status))
    wished = wish_figures(problem, assignment)
    if wished.expressed:
        figs.append((tr("wishes granted"), tr("{granted} of {expressed}",
                                              granted=wished.granted,
                                              expressed=wished.expressed)))
    figs.append((tr("rules broken"), len(violations)))
    for label, value in figs:
        add(f'<div class="fig"><b>{_e(value)}</b>{_e(label)}</div>')
    add("</div>")
    if wished.expressed:
        notes = [tr("{satisfied} of the {wishers} students who wished to work with a classmate "
                    "have at least one wish granted", satisfied=wished.satisfied,
                    wishers=wished.wishers), *notes]
    for line in notes:
        add(f'<p class="muted">{_e(line)}</p>')
    if violations:
        add('<ul class="warn">' + "".join(f"<li>{_e(v)}</li>" for v in violations) + "</ul>")
    add("</section>")
    # rank distribution
    add(f'<section id="ranks"><h2>{_e(tr("Ranks obtained"))}</h2>')
    add(_columns([(rank_name(k), ranks[k]) for k in order],
                 label=tr("distribution of ranks obtained")))
    add("</section>")
    # diversity
    add('<section id="diversity"><h2>' + _e(tr("Diversity against the best possible"))
        + "</h2><table>")
    add(_header_row(tr("team"), tr("size"), tr("disciplines"), "", tr("institutions"), ""))
    members = teams(problem, assignment)
    constraints = make_constraints(problem)
    figures = {pid: team_figures(problem, assignment, pid, members=members.get(pid, []),
                                 constraints=constraints) for pid in open_ids}
    for pid in open_ids:
        f = figures[pid]
        add(f"<tr><td>{_e(pid)}</td><td>{f.size}</td>"
            f"<td>{len(f.disciplines)} / {f.best_disciplines}</td>"
            f"<td>{_gauge(len(f.disciplines), f.best_disciplines)}</td>"
            f"<td>{len(f.institutions)} / {f.best_institutions}</td>"
            f"<td>{_gauge(len(f.institutions), f.best_institutions)}</td></tr>")
    add('</table><p class="muted">' + html.escape(tr(
        "Best possible: the team's size, or the number of disciplines (institutions) in the "
        "cohort if smaller."), quote=False) + "</p></section>")
    # team cards
    add(f'<section id="teams"><h2>{_e(tr("Teams"))}</h2><div class="grid">')
    names = {s.id: s for s in problem.students}
    for pid in open_ids:
        f = figures[pid]
        add(f'<article class="card team" id="team-{_e(pid)}" data-team="{_e(pid)}">')
        add(f"<h3>{_e(pid)} · {_e(f.title)}</h3>")
        size = tr("{size} members ({min_size} to {max_size})", size=f.size,
                  min_size=f.min_size, max_size=f.max_size)
        if f.optional:
            size += " · " + tr("optional idea")
        add(f'<p class="muted">{_e(size)}</p>')
        add("<table>" + _header_row(tr("student"), tr("discipline"), tr("rank")))
        for sid in f.members:
            s = names[sid]
            add(f"<tr><td>{_e(sid)} {_e(s.name)}</td><td>{_e(s.discipline)}</td>"
                f"<td>{_e(_rank_label(f.ranks.get(sid), True))}</td></tr>")
        add("</table>")
        add(f'<p class="muted">{_e(tr("Disciplines"))}</p>')
        add(_bars(f.disciplines, label=tr("disciplines of {project}", project=pid)))
        add(f'<p class="muted">{_e(tr("Institutions"))}</p>')
        add(_bars(f.institutions, label=tr("institutions of {project}", project=pid)))
        if f.binding:
            add('<ul class="bind">' + "".join(f"<li>{_e(b)}</li>" for b in f.binding) + "</ul>")
        add("</article>")
    add("</div>")
    closed = [pid for pid, m in by_team.items() if not m]
    if closed:
        add('<p class="muted">' + _e(tr("Closed ideas: {ids}", ids=", ".join(closed)))
            + "</p>")
    unplaced = [s.id for s in problem.students if assignment.get(s.id) is None]
    if unplaced:
        add('<p class="warn">' + _e(tr("Without a team: {ids}", ids=", ".join(unplaced)))
            + "</p>")
    add("</section>")
    # moves
    moves = list(moves)
    if moves or problem.previous:
        add('<section id="moves"><h2>' + _e(tr(
            "Moves against the previous formation ({count})", count=len(moves))) + "</h2>")
        if moves:
            add("<table>" + _header_row(tr("student"), tr("from"), tr("to"), tr("why")))
            for m in moves:
                add(f"<tr><td>{_e(m.student)}</td><td>{_e(m.before)}</td>"  # type: ignore[attr-defined]
                    f"<td>{_e(m.after or tr('no team'))}</td><td>{_e(m.reason)}</td></tr>")  # type: ignore[attr-defined]
            add("</table>")
        else:
            add(f"<p>{_e(tr('Nobody moved.'))}</p>")
        add("</section>")
    # explanations
    add(f'<section id="students"><h2>{_e(tr("Every student"))}</h2>')
    for s in problem.students:
        e = expl.get(s.id)
        pid = assignment.get(s.id)
        if e:
            head = e.headline()
        elif pid is None:
            head = tr("{student} ({name}) is on no team, no team.", student=s.id, name=s.name)
        else:
            head = tr("{student} ({name}) is on {project}, {rank}.", student=s.id, name=s.name,
                      project=pid, rank=_rank_label(s.rank_of(pid), True))
        add(f'<details class="student" id="student-{_e(s.id)}"><summary>{_e(head)}</summary>')
        prefs = ", ".join(s.preferences) or tr("none")
        add(f'<p class="muted">{_e(tr("Preferences: {ids}", ids=prefs))}</p>')
        if e:
            if e.notes or e.alternatives:
                add("<ul>" + "".join(f"<li>{_e(n)}</li>" for n in e.notes)
                    + "".join(f"<li>{_e(a.text())}</li>" for a in e.alternatives) + "</ul>")
            elif e.rank == 1:
                add(f"<p>{_e(tr('First choice.'))}</p>")
        add("</details>")
    add("</section>")
    # rules and weights
    add(f'<section id="rules"><h2>{_e(tr("Rules and weights"))}</h2><table>')
    add(_header_row(tr("weight"), tr("term"), tr("value"), tr("weighted")))
    for name, weight in w.items():
        v = terms.get(name, 0)
        add(f"<tr><td>{weight}</td><td>{_e(name)}</td><td>{v}</td><td>{weight * v}</td></tr>")
    add(f"<tr><th></th><th>{_e(tr('objective'))}</th><th></th><th>{total}</th></tr></table>")
    add("<table>" + _header_row(tr("rule"), tr("setting")))
    add(f"<tr><td>{_e(tr('team sizes'))}</td>"
        f"<td>{_e(tr('per idea, from min_size and max_size'))}</td></tr>")
    for key, value in problem.rules.model_dump().items():
        if value in (None, False, {}, []):
            continue
        add(f"<tr><td>{_e(key)}</td><td>{_e(value)}</td></tr>")
    add("</table></section>")
    add("</body></html>")
    return "\n".join(out)


def _header_row(*labels: str) -> str:
    """``<tr><th>a</th>...</tr>``, each label escaped."""
    return "<tr>" + "".join(f"<th>{_e(label)}</th>" for label in labels) + "</tr>"


def write_report(path: str | os.PathLike[str], problem: Problem, assignment: Assignment,
                 **options: object) -> None:
    """Write :func:`render_report` to ``path`` atomically (UTF-8)."""
    from matcher.io.write import atomic_write_text

    atomic_write_text(path, render_report(problem, assignment, **options))  # type: ignore[arg-type]

// The teams as cards (as in the HTML report): members, figures, broken rules in words, the
// over-full mark; drag and drop, the "move to..." menu, locks and Explain call `actions`.

import { t, language } from "./i18n.js";
import { $, h } from "./dom.js";
import { bars, padlock } from "./charts.js";
import { readSettingsQuiet } from "./settings.js";
import { NO_TEAM, isLocked, rankOf, state } from "./state.js";

/** What the cards do, set by app.js: move(sid, pid), toggleStudentLock(sid),
 *  toggleTeamLock(pid), explain(sid). */
export const actions = {};

function rankLabel(sid, pid) {
  if (!pid) return t("no team");
  const r = rankOf(sid, pid);
  return r === null ? t("unranked") : t("choice {rank}", { rank: r });
}

function members() {
  const by = new Map([...state.projects.keys()].map((pid) => [pid, []]));
  by.set(NO_TEAM, []);
  for (const sid of state.students.keys()) {
    const pid = state.assignment[sid] ?? null;
    by.get(pid && by.has(pid) ? pid : NO_TEAM).push(sid);
  }
  return by;
}

function countBy(sids, field) {
  const out = {};
  for (const sid of sids) {
    const v = state.students.get(sid)[field];
    if (v !== undefined && v !== null && v !== "") out[v] = (out[v] || 0) + 1;
  }
  return out;
}

/** The violations (as words) touching each team, and the ones touching none. */
function violationsByTeam() {
  const by = new Map();
  const loose = [];
  const c = state.check;
  if (!c) return { by, loose };
  const seen = new Set();
  for (const [pid, team] of Object.entries(c.teams || {})) {
    for (const i of team.violations || []) {
      if (!by.has(pid)) by.set(pid, []);
      by.get(pid).push(c.violations[i]);
      seen.add(i);
    }
  }
  c.violations.forEach((v, i) => {
    if (seen.has(i)) return;
    const pids = (v.projects || []).filter((p) => state.projects.has(p));
    if (!pids.length) loose.push(v);
    for (const p of pids) {
      if (!by.has(p)) by.set(p, []);
      by.get(p).push(v);
    }
  });
  return { by, loose };
}

/** The cards drawn, by project id: what they show (a signature) and the element. */
const drawn = new Map();

/** Forget the cards drawn (a new cohort). */
export function forgetCards() {
  drawn.clear();
}

/** Draw the teams and the figures (only the cards whose content changed). */
export function render() {
  if (!state.problem) return;
  const by = members();
  const { by: broken, loose } = violationsByTeam();
  const grid = $("teams");
  const focused = document.activeElement && document.activeElement.dataset
    ? document.activeElement.dataset.testid : null;
  const open = [...state.projects.keys()].filter((pid) => by.get(pid).length);
  const closed = [...state.projects.keys()].filter((pid) => !by.get(pid).length);
  // a card is drawn again only when what it shows changed: a move redraws two cards, the
  // check's answer only those whose broken rules changed
  const cards = [...open, ...closed, NO_TEAM].map((pid) => {
    const sids = by.get(pid);
    const violations = pid === NO_TEAM ? [] : broken.get(pid) || [];
    const sig = JSON.stringify([language(), sids, violations.map((v) => v.message),
      pid !== NO_TEAM && state.lockedTeams.has(pid), sids.filter((sid) => state.lockedStudents.has(sid))]);
    const known = drawn.get(pid);
    if (known && known.sig === sig) return known.el;
    const el = teamCard(pid, sids, violations);
    drawn.set(pid, { sig, el });
    return el;
  });
  if (cards.length !== grid.children.length || cards.some((el, i) => grid.children[i] !== el)) {
    grid.replaceChildren(...cards);
  }
  if (focused) {
    const el = grid.querySelector(`[data-testid="${CSS.escape(focused)}"]`);
    if (el) el.focus();
  }
  renderFigures(loose);
}

function teamCard(pid, sids, violations) {
  const project = pid ? state.projects.get(pid) : null;
  const size = sids.length;
  const over = project && size > project.max_size;
  const under = project && size > 0 && size < (project.min_size ?? 1);
  const locked = pid && state.lockedTeams.has(pid);
  const classes = ["card", "team"];
  if (!pid) classes.push("no-team");
  if (project && !size) classes.push("closed");
  if (over) classes.push("overfull");
  if (under) classes.push("underfull");
  if (violations.length) classes.push("broken");
  if (locked) classes.push("locked");
  const card = h("article", { className: classes.join(" "), "data-testid": pid ? `team-${pid}` : "unassigned",
    "data-team": pid, "aria-label": pid ? `${pid} ${project.title || ""}` : t("Without a team") });
  card.addEventListener("dragover", (ev) => {
    if (!ev.dataTransfer.types.includes("text/plain")) return;
    ev.preventDefault();
    ev.dataTransfer.dropEffect = "move";
    card.classList.add("over");
  });
  card.addEventListener("dragleave", () => card.classList.remove("over"));
  card.addEventListener("drop", (ev) => {
    ev.preventDefault();
    card.classList.remove("over");
    actions.move(ev.dataTransfer.getData("text/plain"), pid);
  });
  const head = h("div", { className: "team-head" },
    h("h3", { text: pid ? `${pid} · ${project.title || ""}` : t("Without a team") }));
  if (pid) {
    head.append(h("button", { type: "button", className: "lock" + (locked ? " on" : ""),
      "data-testid": `lock-team-${pid}`, "aria-pressed": locked ? "true" : "false",
      title: locked ? t("Unlock this team") : t("Lock this team"),
      "aria-label": locked ? t("Unlock this team") : t("Lock this team"),
      onclick: () => actions.toggleTeamLock(pid) }, padlock(locked)));
  }
  card.append(head);
  if (project) {
    let line = t("{size} members ({min_size} to {max_size})", { size, min_size: project.min_size ?? 1, max_size: project.max_size });
    if (!size) line += " · " + t("closed idea");
    else if (project.optional) line += " · " + t("optional idea");
    card.append(h("p", { className: "muted", text: line }));
    if (over) card.append(h("p", { className: "mark over-mark", text: t("over-full: {size} members, at most {max_size}", { size, max_size: project.max_size }) }));
    if (under) card.append(h("p", { className: "mark under-mark", text: t("under-full: {size} members, at least {min_size}", { size, min_size: project.min_size }) }));
  }
  card.append(h("ul", { className: "violations warn", "data-testid": pid ? `violations-${pid}` : "violations-none" },
    violations.map((v) => h("li", { text: v.message }))));
  card.append(h("ul", { className: "members" }, sids.map((sid) => studentCard(sid, pid))));
  if (size && pid) {
    card.append(h("p", { className: "muted", text: t("Disciplines") }), bars(countBy(sids, "discipline"), t("Disciplines")));
    card.append(h("p", { className: "muted", text: t("Institutions") }), bars(countBy(sids, "institution"), t("Institutions")));
  }
  return card;
}

function studentCard(sid, pid) {
  const s = state.students.get(sid);
  const locked = isLocked(sid);
  const ownLock = state.lockedStudents.has(sid);
  const li = h("li", { className: "student" + (locked ? " locked" : ""), "data-testid": `student-${sid}`,
    draggable: locked ? "false" : "true", "data-student": sid });
  li.addEventListener("dragstart", (ev) => {
    ev.dataTransfer.setData("text/plain", sid);
    ev.dataTransfer.effectAllowed = "move";
    li.classList.add("dragging");
  });
  li.addEventListener("dragend", () => li.classList.remove("dragging"));
  const label = s.name ? `${sid} ${s.name}` : sid;
  li.append(h("div", { className: "who" },
    h("span", { className: "name", text: label }),
    h("span", { className: "rank", text: rankLabel(sid, pid) })));
  const metaText = [s.discipline, s.institution].filter(Boolean).join(" · ");
  const meta = h("div", { className: "muted small meta", text: metaText, title: metaText });
  // the teams are listed when the menu is first reached (focus, pointer): 300 students times
  // 36 ideas would otherwise be 10,800 options drawn on every move
  const select = h("select", { "data-testid": `move-${sid}`, "aria-label": t("Move {student} to another team", { student: label }),
    disabled: locked, onchange: (ev) => actions.move(sid, ev.target.value) },
    h("option", { value: "__", text: t("move to…"), selected: true, disabled: true }));
  const fill = () => {
    if (select.options.length > 1) return;
    select.append(...[...state.projects.values()].filter((p) => p.id !== pid).map((p) =>
      h("option", { value: p.id, text: `${p.id} · ${p.title || ""}` })));
    if (pid) select.append(h("option", { value: "", text: t("no team") }));
  };
  select.addEventListener("focus", fill);
  select.addEventListener("pointerdown", fill);
  li.append(h("div", { className: "line" }, meta, h("div", { className: "tools" }, select,
    h("button", { type: "button", className: "lock" + (ownLock ? " on" : ""), "data-testid": `lock-student-${sid}`,
      "aria-pressed": ownLock ? "true" : "false", disabled: !pid,
      title: ownLock ? t("Unlock {student}", { student: label }) : t("Lock {student} on this team", { student: label }),
      "aria-label": ownLock ? t("Unlock {student}", { student: label }) : t("Lock {student} on this team", { student: label }),
      onclick: () => actions.toggleStudentLock(sid) }, padlock(ownLock)),
    h("button", { type: "button", "data-testid": `explain-${sid}`,
      "aria-label": t("Explain the placement of {student}", { student: label }),
      onclick: () => actions.explain(sid) }, t("Explain")))));
  return li;
}

/** The headline figures, each term (raw, weight, weighted) and the broken rules of no team. */
export function renderFigures(loose) {
  const c = state.check;
  $("objective").textContent = c ? String(c.objective) : "–";
  $("broken").textContent = c ? String(c.violations.length) : "–";
  let first = 0, top3 = 0;
  for (const sid of state.students.keys()) {
    const r = rankOf(sid, state.assignment[sid]);
    if (r === 1) first++;
    if (r !== null && r <= 3) top3++;
  }
  const total = state.students.size;
  $("first").textContent = t("{count} of {total}", { count: first, total });
  $("top3").textContent = t("{count} of {total}", { count: top3, total });
  const table = $("terms");
  table.replaceChildren();
  if (c) {
    const weights = (readSettingsQuiet() || {}).all || state.problem.weights || {};
    table.append(h("tr", {}, h("th", { text: t("term") }), h("th", { text: t("weight") }),
      h("th", { text: t("value") }), h("th", { text: t("weighted") })));
    for (const [name, v] of Object.entries(c.terms || {})) {
      const w = weights[name];
      table.append(h("tr", { "data-term": name }, h("td", { text: name }), h("td", { text: w ?? "" }),
        h("td", { text: v }), h("td", { text: w === undefined ? "" : w * v })));
    }
  }
  $("violations-all").replaceChildren(...loose.map((v) => h("li", { text: v.message })));
}

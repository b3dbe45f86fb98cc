// The organisers' page: upload a cohort, solve with live progress, adjust the teams by hand
// (every move re-checked by the server), lock, re-solve around the locks, undo, explain,
// download. Plain ES module, no framework. Every text coming from data is inserted with
// textContent (the h() helper below), never as HTML.

const TOKEN = new URLSearchParams(location.search).get("token") || "";
const TOKEN_QUERY = TOKEN ? `?token=${encodeURIComponent(TOKEN)}` : "";
const { t, setLanguage, language, translatePage, browserLanguage } = await import(
  `./i18n.js${TOKEN_QUERY}`);

const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
  "#ff9da7", "#9c755f", "#bab0ac"];
const SVG = "http://www.w3.org/2000/svg";
const NO_TEAM = "";  // the "Without a team" card's key

// ---------------------------------------------------------------------------------------
// State
const state = {
  problem: null,           // the /problems answer: id, students, projects, weights, rules
  students: new Map(),     // id -> student
  projects: new Map(),     // id -> project
  assignment: {},          // student id -> project id | null
  lockedStudents: new Set(),
  lockedTeams: new Set(),
  history: [],             // snapshots for Undo
  check: null,             // the last /check answer
  checkSeq: 0,             // answers to older checks are dropped
  job: null,               // the running job id
  events: null,            // its EventSource
  explained: null,         // the student explained in the panel
};

// ---------------------------------------------------------------------------------------
// Small helpers

/** An element with attributes and children; strings become text nodes (never HTML). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") el.textContent = String(v);
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "className") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const $ = (id) => document.getElementById(id);

function setStatus(text) {
  $("status").textContent = text;
}

/** A fetch to the API carrying the token and the language; the JSON answer, or throws an
 *  ApiError holding the server's {error: {...}} body. */
class ApiError extends Error {
  constructor(status, body) {
    const err = body && body.error ? body.error : null;
    super(err && err.message ? err.message : t("the server answered {status}", { status }));
    this.status = status;
    this.error = err;
  }
}

function apiUrl(path, params = {}) {
  const q = new URLSearchParams(params);
  q.set("lang", language());
  if (TOKEN) q.set("token", TOKEN);
  return `api/v1/${path}?${q}`;
}

async function api(path, { method = "GET", json, form, raw = false } = {}) {
  const headers = { "Accept-Language": language() };
  if (TOKEN) headers.Authorization = `Bearer ${TOKEN}`;
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) body = form;
  let resp;
  try {
    resp = await fetch(apiUrl(path), { method, headers, body });
  } catch (e) {
    throw new ApiError(0, { error: { message: t("the server did not answer: {message}", { message: e.message }) } });
  }
  if (!resp.ok) {
    let data = null;
    try { data = await resp.json(); } catch { /* not JSON */ }
    throw new ApiError(resp.status, data);
  }
  return raw ? resp : resp.json();
}

/** An error shown as words: its message, or one line per located detail (file, row,
 *  column, value, then what is wrong and the hint), as the command prints them. */
function showError(box, err) {
  box.replaceChildren();
  if (!err) return;
  const details = (err.error && err.error.details) || [];
  if (details.length !== 1) box.append(h("p", { text: err.message }));
  if (details.length) box.append(h("ul", { className: "located" }, details.map(locatedItem)));
}

function locatedItem(d) {
  const where = [];
  if (d.file) where.push(t("file {file}", { file: d.file }));
  if (d.row !== null && d.row !== undefined) where.push(t("row {row}", { row: d.row }));
  if (d.column) where.push(t("column {column}", { column: d.column }));
  if (d.value !== null && d.value !== undefined && d.value !== "") {
    where.push(t("value {value}", { value: JSON.stringify(d.value) }));
  }
  return h("li", {}, where.length ? h("b", { className: "where", text: where.join(", ") }) : null,
    where.length ? ": " : "", d.message || d.text || "",
    d.hint ? h("span", { className: "hint muted", text: ` (${d.hint})` }) : null);
}

// ---------------------------------------------------------------------------------------
// Upload

async function upload(ev) {
  ev.preventDefault();
  const form = new FormData($("upload-form"));
  if (!form.get("config") || !form.get("config").name) form.delete("config");
  showError($("upload-errors"), null);
  setStatus(t("Reading the files…"));
  try {
    const problem = await api("problems", { method: "POST", form });
    loadProblem(problem);
  } catch (e) {
    setStatus(t("The files were not read:"));
    showError($("upload-errors"), e);
  }
}

function loadProblem(problem) {
  stopEvents();
  state.job = null;  // a search still running belongs to the previous cohort
  setBusy(false);
  state.problem = problem;
  state.students = new Map(problem.students.map((s) => [s.id, s]));
  state.projects = new Map(problem.projects.map((p) => [p.id, p]));
  state.assignment = {};
  state.lockedStudents = new Set(Object.keys((problem.rules && problem.rules.fixed) || {}));
  state.lockedTeams = new Set();
  state.history = [];
  state.check = null;
  drawn.clear();
  const warnings = $("upload-warnings");
  warnings.replaceChildren(...(problem.warnings || []).map(locatedItem));
  $("cohort").textContent = t("{students} students, {ideas} ideas{name}", {
    students: problem.students.length, ideas: problem.projects.length,
    name: problem.name ? ` · ${problem.name}` : "" });
  setStatus("");
  fillSettings(problem);
  $("settings-section").hidden = false;
  $("teams-section").hidden = true;
  $("resolve").disabled = true;
  updateUndo();
}

// ---------------------------------------------------------------------------------------
// Weights and rules: the TOML config's fields

const PAIRS = ["max_per_value", "min_distinct", "min_term"];
const GROUPS = ["keep_together", "keep_apart"];

function fillSettings(problem) {
  const box = $("weights");
  box.replaceChildren();
  for (const [name, w] of Object.entries(problem.weights || {})) {
    box.append(h("label", {}, h("span", { text: name }),
      h("input", { type: "number", step: "1", "data-weight": name, value: w })));
  }
  $("more-weights").value = "";
  const r = problem.rules || {};
  $("rule-allow_unassigned").checked = !!r.allow_unassigned;
  $("rule-top_k").value = r.top_k ?? "";
  for (const k of PAIRS) {
    $(`rule-${k}`).value = Object.entries(r[k] || {}).map(([a, n]) => `${a} = ${n}`).join("; ");
  }
  $("rule-no_isolated").value = Object.entries(r.no_isolated || {})
    .map(([a, vs]) => `${a} = ${vs.join(", ")}`).join("; ");
  for (const k of GROUPS) $(`rule-${k}`).value = (r[k] || []).map((g) => g.join(" ")).join("\n");
  // the rules stay folded unless the problem sets some
  $("rules-box").open = [...PAIRS, ...GROUPS, "no_isolated"].some((k) => Object.keys(r[k] || {}).length)
    || !!r.allow_unassigned || !!r.top_k;
}

class FormError extends Error {}

function parsePairs(field, text, numeric = true) {
  const out = {};
  for (const part of text.split(/[;\n]/).map((s) => s.trim()).filter(Boolean)) {
    const m = part.match(/^([^=]+?)\s*=\s*(.+)$/);
    if (!m) {
      throw new FormError(numeric
        ? t("{field}: {text} is not of the form name = number", { field, text: part })
        : t("{field}: {text} is not of the form attribute = value, value", { field, text: part }));
    }
    if (numeric) {
      if (!/^-?\d+$/.test(m[2].trim())) {
        throw new FormError(t("{field}: {text} is not of the form name = number", { field, text: part }));
      }
      out[m[1].trim()] = parseInt(m[2], 10);
    } else {
      out[m[1].trim()] = m[2].split(",").map((s) => s.trim()).filter(Boolean);
    }
  }
  return out;
}

/** The weights and rules of the form that differ from the problem's (what a request
 *  overrides), or throws a FormError. */
function readSettings() {
  const { weights, rules } = readForm();
  const base = state.problem;
  const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const w = {}, r = {};
  for (const [k, v] of Object.entries(weights)) if (!same(v, (base.weights || {})[k])) w[k] = v;
  for (const [k, v] of Object.entries(rules)) if (!same(v, (base.rules || {})[k])) r[k] = v;
  return { weights: w, rules: Object.keys(r).length ? r : null, all: weights };
}

/** The weights and rules the form says, whole, or throws a FormError. */
function readForm() {
  const weights = {};
  for (const input of document.querySelectorAll("[data-weight]")) {
    const v = input.value.trim();
    if (!/^-?\d+$/.test(v)) {
      throw new FormError(t("weight {name}: {value} is not a whole number", { name: input.dataset.weight, value: v }));
    }
    weights[input.dataset.weight] = parseInt(v, 10);
  }
  Object.assign(weights, parsePairs(t("Weights"), $("more-weights").value));
  const rules = { ...(state.problem.rules || {}) };
  // the problem's fixed placements are locks on the page: one unlocked is no longer fixed
  rules.fixed = Object.fromEntries(Object.entries(rules.fixed || {})
    .filter(([sid]) => state.lockedStudents.has(sid)));
  rules.allow_unassigned = $("rule-allow_unassigned").checked;
  const k = $("rule-top_k").value.trim();
  rules.top_k = k ? parseInt(k, 10) : null;
  for (const name of PAIRS) rules[name] = parsePairs(name, $(`rule-${name}`).value);
  rules.no_isolated = parsePairs("no_isolated", $("rule-no_isolated").value, false);
  for (const name of GROUPS) {
    rules[name] = $(`rule-${name}`).value.split("\n")
      .map((line) => line.split(/[\s,;]+/).filter(Boolean)).filter((g) => g.length);
  }
  return { weights, rules };
}

function settingsOrShow() {
  try {
    const s = readSettings();
    showError($("settings-errors"), null);
    return s;
  } catch (e) {
    if (!(e instanceof FormError)) throw e;
    showError($("settings-errors"), e);
    return null;
  }
}

// ---------------------------------------------------------------------------------------
// Solve, progress, cancel

function locks() {
  const out = {};
  for (const [sid, pid] of Object.entries(state.assignment)) {
    if (pid && (state.lockedStudents.has(sid) || state.lockedTeams.has(pid))) out[sid] = pid;
  }
  return out;
}

async function solve(around) {
  const settings = settingsOrShow();
  if (!settings) return;
  const limit = parseFloat($("time-limit").value);
  const body = {
    problem_id: state.problem.id, weights: settings.weights, rules: settings.rules,
    solver: limit > 0 ? { time_limit: limit } : {},
  };
  if (around) {
    body.locks = locks();
    body.start = { ...state.assignment };
  }
  setBusy(true);
  $("progress").textContent = t("queued…");
  try {
    const { id } = await api("solve", { method: "POST", json: body });
    state.job = id;
    follow(id);
  } catch (e) {
    setBusy(false);
    $("progress").textContent = "";
    showError($("settings-errors"), e);
  }
}

function setBusy(busy) {
  $("solve").disabled = busy;
  $("resolve").disabled = busy || !Object.keys(state.assignment).length;
  $("cancel").disabled = !busy;
}

function stopEvents() {
  if (state.events) state.events.close();
  state.events = null;
}

/** Follow a job's events stream; fall back to polling if the stream breaks. */
function follow(id) {
  stopEvents();
  const es = new EventSource(apiUrl(`jobs/${encodeURIComponent(id)}/events`));
  state.events = es;
  es.addEventListener("progress", (ev) => showProgress(JSON.parse(ev.data)));
  es.addEventListener("status", (ev) => {
    stopEvents();
    finished(JSON.parse(ev.data));
  });
  es.onerror = () => {
    if (state.events !== es) return;
    stopEvents();
    poll(id);
  };
}

async function poll(id) {
  while (state.job === id) {
    let job;
    try {
      job = await api(`jobs/${encodeURIComponent(id)}`);
    } catch (e) {
      showError($("settings-errors"), e);
      setBusy(false);
      return;
    }
    if (["done", "failed", "cancelled"].includes(job.status)) return finished(job);
    if (job.progress) showProgress(job.progress);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function fmtGap(gap) {
  return gap === null || gap === undefined ? "–" : `${(100 * gap).toFixed(2)} %`;
}

function showProgress(p) {
  const parts = [t("searching: {elapsed} s", { elapsed: (p.elapsed_s ?? 0).toFixed(1) })];
  if (p.objective !== null && p.objective !== undefined) parts.push(t("objective {objective}", { objective: p.objective }));
  if (p.best_bound !== null && p.best_bound !== undefined) parts.push(t("bound {bound}", { bound: p.best_bound }));
  parts.push(t("gap {gap}", { gap: fmtGap(p.gap) }));
  if (p.solutions) parts.push(t("{solutions} solutions", { solutions: p.solutions }));
  $("progress").textContent = parts.join(" · ");
}

function finished(job) {
  if (state.job !== job.id) return;
  state.job = null;
  setBusy(false);
  const r = job.result;
  if (job.status === "failed") {
    $("progress").textContent = t("the search failed: {message}", {
      message: (job.error && job.error.message) || "" });
  } else if (job.status === "cancelled" && !(r && r.assignment && Object.keys(r.assignment).length)) {
    $("progress").textContent = t("cancelled before any team was found");
  } else if (r) {
    const parts = [job.status === "cancelled"
      ? t("cancelled: the best teams found so far are shown")
      : t("done: {status} in {elapsed} s", { status: r.status, elapsed: (r.wall_time_s ?? 0).toFixed(1) })];
    if (r.objective !== null && r.objective !== undefined) parts.push(t("objective {objective}", { objective: r.objective }));
    if (r.best_bound !== null && r.best_bound !== undefined) parts.push(t("bound {bound}", { bound: r.best_bound }));
    parts.push(t("gap {gap}", { gap: fmtGap(r.gap) }));
    $("progress").textContent = parts.join(" · ");
    if (r.assignment && Object.keys(r.assignment).length) {
      if (Object.keys(state.assignment).length) remember();  // the first teams: nothing before
      const a = {};
      for (const sid of state.students.keys()) a[sid] = r.assignment[sid] ?? null;
      state.assignment = a;
      $("teams-section").hidden = false;
      $("resolve").disabled = false;
      changed();
    }
  }
}

async function cancel() {
  if (!state.job) return;
  try {
    await api(`jobs/${encodeURIComponent(state.job)}`, { method: "DELETE" });
  } catch (e) {
    showError($("settings-errors"), e);
  }
}

// ---------------------------------------------------------------------------------------
// Moves, locks, undo

function snapshot() {
  return { assignment: { ...state.assignment }, lockedStudents: new Set(state.lockedStudents),
    lockedTeams: new Set(state.lockedTeams) };
}

function remember() {
  state.history.push(snapshot());
  if (state.history.length > 200) state.history.shift();
  updateUndo();
}

function updateUndo() {
  $("undo").disabled = state.history.length === 0;
}

function undo() {
  const s = state.history.pop();
  updateUndo();
  if (!s) return setStatus(t("Nothing to undo."));
  Object.assign(state, s);
  changed();
}

function isLocked(sid) {
  const pid = state.assignment[sid];
  return state.lockedStudents.has(sid) || (pid && state.lockedTeams.has(pid));
}

function move(sid, pid) {
  pid = pid || null;
  if (!state.students.has(sid) || (pid && !state.projects.has(pid))) return;
  if ((state.assignment[sid] ?? null) === pid || isLocked(sid)) return;
  remember();
  state.assignment = { ...state.assignment, [sid]: pid };
  changed();
}

function toggleStudentLock(sid) {
  remember();
  if (state.lockedStudents.has(sid)) state.lockedStudents.delete(sid);
  else state.lockedStudents.add(sid);
  render();
}

function toggleTeamLock(pid) {
  remember();
  if (state.lockedTeams.has(pid)) state.lockedTeams.delete(pid);
  else state.lockedTeams.add(pid);
  render();
}

/** The assignment changed: draw it at once, then ask the server to re-check it. */
function changed() {
  render();
  recheck();
}

async function recheck() {
  const settings = settingsOrShow();
  if (!settings) return;
  const seq = ++state.checkSeq;
  document.body.classList.add("checking");
  try {
    const answer = await api("check", { method: "POST", json: {
      problem_id: state.problem.id, assignment: state.assignment,
      weights: settings.weights, rules: settings.rules } });
    if (seq !== state.checkSeq) return;
    state.check = answer;
    showError($("settings-errors"), null);
    render();
  } catch (e) {
    if (seq === state.checkSeq) showError($("settings-errors"), e);
  } finally {
    if (seq === state.checkSeq) document.body.classList.remove("checking");
  }
}

// ---------------------------------------------------------------------------------------
// Explain

async function explain(sid) {
  const settings = settingsOrShow();
  if (!settings) return;
  state.explained = sid;
  const panel = $("explanation");
  $("explanation-panel").hidden = false;
  panel.replaceChildren(h("p", { className: "muted", text: t("Explaining {student}…", { student: sid }) }));
  try {
    const e = await api("explain", { method: "POST", json: {
      problem_id: state.problem.id, assignment: state.assignment, student: sid,
      weights: settings.weights, rules: settings.rules } });
    if (state.explained !== sid) return;
    panel.replaceChildren(...explanationNodes(e));
  } catch (err) {
    if (state.explained === sid) showError(panel, err);
  }
}

function explanationNodes(e) {
  const who = e.name ? `${e.student} (${e.name})` : e.student;
  let head = e.text ? e.text.split("\n")[0] : "";  // the server's words, in its language
  if (!head) {
    if (!e.project) head = t("{who} has no team.", { who });
    else if (e.rank === null || e.rank === undefined) head = t("{who} is on {project} (a project they did not rank).", { who, project: e.project });
    else head = t("{who} is on {project}, their choice {rank} of {count}.", { who, project: e.project, rank: e.rank, count: (e.preferences || []).length });
  }
  const out = [h("p", { className: "headline", text: head })];
  if (e.preferences && e.preferences.length) {
    out.push(h("p", { className: "muted", text: t("Preferences: {ids}", { ids: e.preferences.join(", ") }) }));
  }
  const items = [...(e.notes || []).map((n) => h("li", { text: n })),
    ...(e.alternatives || []).map((a) => h("li", {},
      h("b", { text: t("choice {rank}", { rank: a.rank }) + ` · ${a.project}` }), ": ",
      (a.reasons && a.reasons.length ? a.reasons.join("; ") : a.summary || "")))];
  if (items.length) out.push(h("ul", {}, items));
  if (e.team && e.team.binding && e.team.binding.length) {
    out.push(h("p", { className: "muted", text: t("binding rules: {rules}", { rules: e.team.binding.join("; ") }) }));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Downloads

async function download(format) {
  const settings = settingsOrShow();
  if (!settings) return;
  try {
    const course = $("export-course").value.trim();
    const resp = await api("export", { method: "POST", raw: true, json: {
      problem_id: state.problem.id, assignment: state.assignment, format,
      weights: settings.weights, rules: settings.rules, course: course || null,
      identifier: $("export-identifier").value } });
    const blob = await resp.blob();
    const cd = resp.headers.get("Content-Disposition") || "";
    const m = cd.match(/filename\*=UTF-8''([^;]+)/i) || cd.match(/filename="?([^";]+)"?/i);
    const name = m ? decodeURIComponent(m[1]) : `teams-${format}`;
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setStatus(t("Downloaded {name}", { name }));
    showError($("download-errors"), null);
  } catch (e) {
    showError($("download-errors"), e);
  }
}

// ---------------------------------------------------------------------------------------
// Drawing

function rankOf(sid, pid) {
  const s = state.students.get(sid);
  if (!pid || !s || !s.preferences) return null;
  const i = s.preferences.indexOf(pid);
  return i < 0 ? null : i + 1;
}

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

/** A horizontal bar chart as SVG, one bar per value (as in the HTML report). */
function bars(counts, label) {
  const items = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const width = 280, row = 16, left = 130, right = 26;
  const height = row * items.length + 4;
  const svg = document.createElementNS(SVG, "svg");
  for (const [k, v] of Object.entries({ role: "img", width, height, viewBox: `0 0 ${width} ${height}` })) {
    svg.setAttribute(k, v);
  }
  svg.setAttribute("aria-label", label);
  const top = Math.max(1, ...items.map(([, v]) => v));
  items.forEach(([key, v], i) => {
    const y = 2 + i * row;
    const w = Math.max(2, Math.round((width - left - right) * v / top));
    const name = key.length <= 22 ? key : key.slice(0, 21) + "…";
    const text = document.createElementNS(SVG, "text");
    text.setAttribute("x", 0); text.setAttribute("y", y + 11); text.textContent = name;
    const rect = document.createElementNS(SVG, "rect");
    for (const [k, val] of Object.entries({ x: left, y: y + 2, width: w, height: row - 5, rx: 2, fill: PALETTE[i % PALETTE.length] })) {
      rect.setAttribute(k, val);
    }
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${key}: ${v}`;
    rect.append(title);
    const count = document.createElementNS(SVG, "text");
    count.setAttribute("x", left + w + 4); count.setAttribute("y", y + 11); count.textContent = String(v);
    svg.append(text, rect, count);
  });
  return svg;
}

/** A padlock drawn in SVG (closed or open): no emoji font needed. */
function padlock(closed) {
  const svg = document.createElementNS(SVG, "svg");
  for (const [k, v] of Object.entries({ width: 14, height: 14, viewBox: "0 0 14 14", "aria-hidden": "true" })) {
    svg.setAttribute(k, v);
  }
  const body = document.createElementNS(SVG, "rect");
  for (const [k, v] of Object.entries({ x: 2, y: 6, width: 10, height: 7, rx: 1.5, fill: "currentColor" })) {
    body.setAttribute(k, v);
  }
  const arc = document.createElementNS(SVG, "path");
  arc.setAttribute("d", closed ? "M4 6V4.5a3 3 0 0 1 6 0V6" : "M4 6V4.5a3 3 0 0 1 6 0");
  for (const [k, v] of Object.entries({ fill: "none", stroke: "currentColor", "stroke-width": 1.6 })) {
    arc.setAttribute(k, v);
  }
  if (!closed) arc.setAttribute("transform", "translate(3 -1)");
  svg.append(body, arc);
  return svg;
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

function render() {
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
  updateUndo();
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
    move(ev.dataTransfer.getData("text/plain"), pid);
  });
  const head = h("div", { className: "team-head" },
    h("h3", { text: pid ? `${pid} · ${project.title || ""}` : t("Without a team") }));
  if (pid) {
    head.append(h("button", { type: "button", className: "lock" + (locked ? " on" : ""),
      "data-testid": `lock-team-${pid}`, "aria-pressed": locked ? "true" : "false",
      title: locked ? t("Unlock this team") : t("Lock this team"),
      "aria-label": locked ? t("Unlock this team") : t("Lock this team"),
      onclick: () => toggleTeamLock(pid) }, padlock(locked)));
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
    disabled: locked, onchange: (ev) => move(sid, ev.target.value) },
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
      onclick: () => toggleStudentLock(sid) }, padlock(ownLock)),
    h("button", { type: "button", "data-testid": `explain-${sid}`,
      "aria-label": t("Explain the placement of {student}", { student: label }),
      onclick: () => explain(sid) }, t("Explain")))));
  return li;
}

function renderFigures(loose) {
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

function readSettingsQuiet() {
  try { return readSettings(); } catch { return null; }
}

// ---------------------------------------------------------------------------------------
// Start

function applyLanguage(lang) {
  setLanguage(lang);
  $("lang").value = language();
  translatePage();
  render();
}

$("lang").addEventListener("change", (ev) => {
  applyLanguage(ev.target.value);
  if (state.problem && Object.keys(state.assignment).length) recheck();
});
$("upload-form").addEventListener("submit", upload);
$("solve").addEventListener("click", () => solve(false));
$("resolve").addEventListener("click", () => solve(true));
$("cancel").addEventListener("click", cancel);
$("undo").addEventListener("click", undo);
$("download-teams").addEventListener("click", () => download("teams_csv"));
$("download-export").addEventListener("click", () => download($("export-format").value));
$("download-report").addEventListener("click", () => download("report_html"));
$("close-explanation").addEventListener("click", () => {
  $("explanation-panel").hidden = true;
  state.explained = null;
});
applyLanguage(new URLSearchParams(location.search).get("lang") || browserLanguage());
document.body.dataset.ready = "true";

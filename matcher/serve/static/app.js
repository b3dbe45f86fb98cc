// The organisers' page: upload a cohort, solve with live progress, adjust the teams by hand
// (every move re-checked by the server), lock, re-solve around the locks, undo, explain,
// download. Plain ES module, no framework. Every text coming from data is inserted with
// textContent (dom.js's h()), never as HTML.

import { browserLanguage, language, setLanguage, t, translatePage } from "./i18n.js";
import { api, apiUrl } from "./api.js";
import { $, h, locatedItem, setStatus, showError } from "./dom.js";
import { explanationNodes } from "./explanation.js";
import { buildRuleForm } from "./ruleform.js";
import { fillSettings, settingsOrShow } from "./settings.js";
import { isLocked, state } from "./state.js";
import { actions, forgetCards, render } from "./teams.js";

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
  forgetCards();
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
  // a lock holds in every search; around the locks, the others stay close to where they are
  body.locks = locks();
  if (around) body.start = { ...state.assignment };
  setBusy(true);
  $("progress").textContent = t("queued…");
  try {
    const { id } = await api("solve", { method: "POST", json: body });
    state.job = id;
    follow(id);
    if (state.cancelAsked) cancel();  // Cancel was clicked before the server named the job
  } catch (e) {
    setBusy(false);
    $("progress").textContent = "";
    showError($("settings-errors"), e);
  }
}

function setBusy(busy) {
  state.cancelAsked = false;
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

/** A number with `digits` decimals, as the language writes it (0.25 / 0,25). */
function num(x, digits) {
  return Number(x).toLocaleString(language(), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function fmtGap(gap) {
  return gap === null || gap === undefined ? "–" : `${num(100 * gap, 2)} %`;
}

function showProgress(p) {
  const parts = [t("searching: {elapsed} s", { elapsed: num(p.elapsed_s ?? 0, 1) })];
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
      : t("done: {status} in {elapsed} s", { status: r.status, elapsed: num(r.wall_time_s ?? 0, 1) })];
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
  if (!state.job) {
    // a solve asked for, its job not known yet: cancelled as soon as it is
    if (!$("cancel").disabled) state.cancelAsked = true;
    return;
  }
  state.cancelAsked = false;
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
  draw();
  if (sid in ((state.problem.rules || {}).fixed || {})) recheck();  // a fixed placement: a rule
}

function toggleTeamLock(pid) {
  remember();
  if (state.lockedTeams.has(pid)) state.lockedTeams.delete(pid);
  else state.lockedTeams.add(pid);
  draw();
}

/** Draw the teams, and whether Undo can step back. */
function draw() {
  render();
  updateUndo();
}

/** The assignment changed: draw it at once, then ask the server to re-check it. */
function changed() {
  draw();
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
    draw();
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
    let name = `teams-${format}`;
    try { if (m) name = decodeURIComponent(m[1]); } catch { name = m[1]; }
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
// Start

function applyLanguage(lang) {
  setLanguage(lang);
  $("lang").value = language();
  translatePage();
  draw();
}

$("lang").addEventListener("change", (ev) => {
  applyLanguage(ev.target.value);
  if (state.problem && Object.keys(state.assignment).length) recheck();
});
$("upload-form").addEventListener("submit", upload);
// new weights or rules: the same teams scored and checked again
$("settings-form").addEventListener("change", () => {
  if (state.problem && Object.keys(state.assignment).length) recheck();
});
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
Object.assign(actions, { move, toggleStudentLock, toggleTeamLock, explain });
// the rules' fields come from the server's Rules schema: a new rule appears by itself
try {
  buildRuleForm(await api("rules/schema"));
} catch (e) {
  showError($("upload-errors"), e);
}
applyLanguage(new URLSearchParams(location.search).get("lang") || browserLanguage());
document.body.dataset.ready = "true";

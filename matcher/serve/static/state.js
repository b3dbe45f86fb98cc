// What the page holds: the cohort, the teams, the locks, the history for Undo.

/** The "Without a team" card's key. */
export const NO_TEAM = "";

/** The one state of the page. */
export const state = {
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
  cancelAsked: false,      // Cancel clicked before the server named the job
  events: null,            // its EventSource
  explained: null,         // the student explained in the panel
};

/** Whether a student is locked (on their own or with their team). */
export function isLocked(sid) {
  const pid = state.assignment[sid];
  return state.lockedStudents.has(sid) || (pid && state.lockedTeams.has(pid));
}

/** The rank a student gave a project (1 = first choice), or null. */
export function rankOf(sid, pid) {
  const s = state.students.get(sid);
  if (!pid || !s || !s.preferences) return null;
  const i = s.preferences.indexOf(pid);
  return i < 0 ? null : i + 1;
}


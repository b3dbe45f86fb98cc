// An explanation (POST /api/v1/explain, as `matcher explain --json` gives it) as elements.

import { t } from "./i18n.js";
import { h } from "./dom.js";

/** The explanation's elements: the headline, the preferences, why not each better choice,
 *  the rules binding the team. */
export function explanationNodes(e) {
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

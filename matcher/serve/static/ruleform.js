// The rules of the weights-and-rules form, built from the Rules JSON schema the server serves
// (GET api/v1/rules/schema, Rules.model_json_schema()): one field per parameter of a kind the
// page can edit, so a new rule appears on the page by itself. A parameter of another shape
// (fixed: the page's locks; new_teammates: an object) is left out of the form: the problem's
// value passes through unchanged.

import { $, h } from "./dom.js";
import { N_, t, translatePage } from "./i18n.js";

/** The page's words for the rules it knows (a new rule gets its kind's words). */
const LABELS = {
  allow_unassigned: N_("allow students without a team"),
  top_k: N_("top_k: only the first K choices"),
  min_term: N_("{name} (term = value; ...)"),
};
const PLACEHOLDERS = {
  max_per_value: "discipline = 2", min_distinct: "discipline = 3", no_isolated: "gender = F",
  min_term: "", keep_together: "S003 S017", keep_apart: "S003 S017",
};
const KIND_LABELS = {
  flag: "{name}", count: "{name}",
  pairs: N_("{name} (attribute = count; ...)"),
  lists: N_("{name} (attribute = value, value; ...)"),
  groups: N_("{name} (one group of student ids per line)"),
};
const KIND_PLACEHOLDERS = { pairs: "attribute = 1", lists: "attribute = value", groups: "S001 S002" };

/** The editable rule parameters, in the form's order: [{name, kind, nullable, minimum}]. */
export const ruleFields = [];

const isType = (s, type) => s && s.type === type;

/** How the page edits a parameter of this schema: "flag", "count", "pairs" ({name: int}),
 *  "lists" ({name: [str]}), "groups" ([[str]]), or null (not on the form). */
export function kindOf(schema) {
  const options = schema.anyOf || [schema];
  const nullable = options.some((s) => isType(s, "null"));
  const [s, ...more] = options.filter((o) => !isType(o, "null"));
  if (!s || more.length) return null;
  if (isType(s, "boolean") && !nullable) return { kind: "flag", nullable };
  if (isType(s, "integer")) return { kind: "count", nullable, minimum: s.minimum };
  const items = s.additionalProperties;
  if (isType(s, "object") && isType(items, "integer")) return { kind: "pairs", nullable };
  if (isType(s, "object") && isType(items, "array") && isType(items.items, "string")) {
    return { kind: "lists", nullable };
  }
  if (isType(s, "array") && isType(s.items, "array") && isType(s.items.items, "string")) {
    return { kind: "groups", nullable };
  }
  return null;
}

const ORDER = { flag: 0, count: 0, pairs: 1, lists: 1, groups: 2 };

/** Build the rules' fields inside #rules-box from the Rules JSON schema. */
export function buildRuleForm(schema) {
  ruleFields.length = 0;
  for (const [name, prop] of Object.entries(schema.properties || {})) {
    const k = kindOf(prop);
    if (k) ruleFields.push({ name, ...k });
  }
  ruleFields.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);  // stable: the schema's order within
  const label = (f) => h("span", { "data-i18n": LABELS[f.name] || KIND_LABELS[f.kind],
    "data-i18n-name": f.name });
  const small = h("div", { className: "fields" });
  const wide = [];
  for (const f of ruleFields) {
    const id = `rule-${f.name}`;
    if (f.kind === "flag") {
      small.append(h("label", {}, h("input", { type: "checkbox", id }), label(f)));
    } else if (f.kind === "count") {
      small.append(h("label", {}, label(f),
        h("input", { type: "number", id, min: f.minimum ?? null, step: "1" })));
    } else {
      const placeholder = PLACEHOLDERS[f.name] ?? KIND_PLACEHOLDERS[f.kind];
      const input = f.kind === "groups"
        ? h("textarea", { id, rows: "2", placeholder: placeholder || null })
        : h("input", { type: "text", id, placeholder: placeholder || null });
      wide.push(h("label", { className: "wide" }, label(f), input));
    }
  }
  const box = $("rules-box");
  box.replaceChildren(box.querySelector("summary"), small, ...wide);
  translatePage(box);
}

/** Whether the problem sets a rule (the rules stay folded unless it sets some). */
export function ruleIsSet(f, value) {
  if (f.kind === "flag" || f.kind === "count") return !!value;
  return Object.keys(value || {}).length > 0;
}

/** The form's text for a rule's value. */
export function ruleText(f, value) {
  if (f.kind === "pairs") return Object.entries(value || {}).map(([a, n]) => `${a} = ${n}`).join("; ");
  if (f.kind === "lists") {
    return Object.entries(value || {}).map(([a, vs]) => `${a} = ${vs.join(", ")}`).join("; ");
  }
  if (f.kind === "groups") return (value || []).map((g) => g.join(" ")).join("\n");
  return value ?? "";
}

// The weights and rules form: the TOML config's [weights] and [rules] fields, filled from the
// problem, read back as what a request overrides.

import { t } from "./i18n.js";
import { $, h, showError } from "./dom.js";
import { ruleFields, ruleIsSet, ruleText } from "./ruleform.js";
import { state } from "./state.js";

/** Fill the form from the problem's weights and rules. */
export function fillSettings(problem) {
  const box = $("weights");
  box.replaceChildren();
  for (const [name, w] of Object.entries(problem.weights || {})) {
    box.append(h("label", {}, h("span", { text: name }),
      h("input", { type: "number", step: "1", "data-weight": name, value: w })));
  }
  $("more-weights").value = "";
  const r = problem.rules || {};
  for (const f of ruleFields) {
    const input = $(`rule-${f.name}`);
    if (f.kind === "flag") input.checked = !!r[f.name];
    else input.value = ruleText(f, r[f.name]);
  }
  // the rules stay folded unless the problem sets some
  $("rules-box").open = ruleFields.some((f) => ruleIsSet(f, r[f.name]));
}

/** A field of the form that cannot be read, in words. */
export class FormError extends Error {}

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
export function readSettings() {
  const { weights, rules } = readForm();
  const base = state.problem;
  const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const w = {}, r = {};
  for (const [k, v] of Object.entries(weights)) if (!same(v, (base.weights || {})[k])) w[k] = v;
  for (const [k, v] of Object.entries(rules)) if (!same(v, (base.rules || {})[k])) r[k] = v;
  return { weights: w, rules: Object.keys(r).length ? r : null, all: weights };
}

/** The weights and rules the form says, whole, or throws a FormError. */
export function readForm() {
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
  for (const f of ruleFields) {
    const input = $(`rule-${f.name}`);
    if (f.kind === "flag") rules[f.name] = input.checked;
    else if (f.kind === "count") {
      const v = input.value.trim();
      if (v) rules[f.name] = parseInt(v, 10);
      else if (f.nullable) rules[f.name] = null;
    } else if (f.kind === "pairs") rules[f.name] = parsePairs(f.name, input.value);
    else if (f.kind === "lists") rules[f.name] = parsePairs(f.name, input.value, false);
    else {
      rules[f.name] = input.value.split("\n")
        .map((line) => line.split(/[\s,;]+/).filter(Boolean)).filter((g) => g.length);
    }
  }
  return { weights, rules };
}

/** readSettings(), or null with the error shown under the form. */
export function settingsOrShow() {
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

/** readSettings(), or null. */
export function readSettingsQuiet() {
  try { return readSettings(); } catch { return null; }
}

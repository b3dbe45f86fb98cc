// Building the page's elements: text always as text nodes (textContent), never as HTML.

import { t } from "./i18n.js";

/** An element with attributes and children; strings become text nodes (never HTML). */
export function h(tag, attrs = {}, ...children) {
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

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** The status line under the title. */
export function setStatus(text) {
  $("status").textContent = text;
}

/** An error shown as words: its message, or one line per located detail (file, row,
 *  column, value, then what is wrong and the hint), as the command prints them. */
export function showError(box, err) {
  box.replaceChildren();
  if (!err) return;
  const details = (err.error && err.error.details) || [];
  if (details.length !== 1) box.append(h("p", { text: err.message }));
  if (details.length) box.append(h("ul", { className: "located" }, details.map(locatedItem)));
}

/** One located error or warning as a list item. */
export function locatedItem(d) {
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

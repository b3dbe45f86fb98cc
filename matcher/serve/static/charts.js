// Small SVG figures: bar charts as in the HTML report (same palette), a padlock.

/** The HTML report's palette (matcher/report/html.py). */
export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
  "#ff9da7", "#9c755f", "#bab0ac"];
const SVG = "http://www.w3.org/2000/svg";

/** A horizontal bar chart as SVG, one bar per value (as in the HTML report). */
export function bars(counts, label) {
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
export function padlock(closed) {
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

// Calls to the server's API (/api/v1), carrying the token the page was opened with and the
// page's language.

import { language, t } from "./i18n.js";

/** The token of the page's own URL (?token=...), or "". */
export const TOKEN = new URLSearchParams(location.search).get("token") || "";

/** An answer of the API that is not a success, with the server's {error: {...}} body. */
export class ApiError extends Error {
  constructor(status, body) {
    const err = body && body.error ? body.error : null;
    super(err && err.message ? err.message : t("the server answered {status}", { status }));
    this.status = status;
    this.error = err;
  }
}

/** The URL of an API path, with the language and the token (an EventSource sets no header). */
export function apiUrl(path) {
  const q = new URLSearchParams();
  q.set("lang", language());
  if (TOKEN) q.set("token", TOKEN);
  return `api/v1/${path}?${q}`;
}

/** A call to the API carrying the token and the language: the JSON answer (the response
 *  itself with `raw`), or throws an ApiError. */
export async function api(path, { method = "GET", json, form, raw = false } = {}) {
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

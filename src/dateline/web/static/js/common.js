// Shared helpers for the dateline pages: JSON API access and safe DOM building.
//
// Everything shown comes from untrusted article text, so the DOM is only ever built with
// createElement + textContent / setAttribute, and links are only built from ids on known
// paths (or from article URLs that are plainly http(s)).

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET /api/v1/<path> with the given query parameters (empty values left out). */
export async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }
  const qs = query.toString();
  const response = await fetch(`/api/v1/${path}${qs ? `?${qs}` : ""}`, {
    headers: { Accept: "application/json" },
  });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body && typeof body.detail === "string") message = body.detail;
      else if (body && typeof body.error === "string") message = body.error;
    } catch (_ignored) {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, message);
  }
  return response.json();
}

/** Every item of a paged list endpoint (limit max 500), following offset. */
export async function apiAll(path, params = {}, pageSize = 500) {
  const items = [];
  let offset = 0;
  for (;;) {
    const page = await api(path, { ...params, limit: pageSize, offset });
    const got = Array.isArray(page.items) ? page.items : [];
    items.push(...got);
    offset += got.length;
    const total = typeof page.total === "number" ? page.total : items.length;
    if (got.length === 0 || offset >= total) break;
  }
  return items;
}

/**
 * el("a", {class: "x", text: "label", attrs: {href: "/"}, dataset: {id: "1"}}, child, ...)
 * Children may be nodes, strings (text nodes), null/undefined (skipped) or arrays of these.
 */
export function el(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  if (options.text !== undefined && options.text !== null) node.textContent = String(options.text);
  if (options.attrs) {
    for (const [key, value] of Object.entries(options.attrs)) {
      if (value !== undefined && value !== null && value !== false) node.setAttribute(key, String(value));
    }
  }
  if (options.dataset) {
    for (const [key, value] of Object.entries(options.dataset)) {
      if (value !== undefined && value !== null) node.dataset[key] = String(value);
    }
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (typeof child === "string" || typeof child === "number") node.appendChild(document.createTextNode(String(child)));
    else node.appendChild(child);
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export const incidentHref = (id) => `/incidents/${encodeURIComponent(id)}`;
export const articleHref = (id) => `/articles/${encodeURIComponent(id)}`;
export const placeHref = (key) => `/places/${encodeURIComponent(key)}`;

/** The URL if it is a plain http(s) URL, else null (never javascript:, data:, ...). */
export function safeUrl(url) {
  if (typeof url !== "string") return null;
  const trimmed = url.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (_ignored) {
    return null;
  }
}

/** The last path segment after `prefix` ("/incidents/"), decoded. */
export function pathKey(prefix) {
  const path = location.pathname;
  const rest = path.startsWith(prefix) ? path.slice(prefix.length) : path.split("/").pop();
  try {
    return decodeURIComponent(rest.replace(/\/+$/, ""));
  } catch (_ignored) {
    return rest;
  }
}

/** "2022-11-10", "2022-11-10/2022-11-11" → "2022-11-10 – 2022-11-11", null → "date unknown". */
export function formatDate(date) {
  if (!date) return "date unknown";
  const [first, last] = String(date).split("/");
  return last && last !== first ? `${first} – ${last}` : first;
}

/** The first day of an ISO date or range ("2022", "2022-11", "2022-11-10", "a/b"), or null. */
export function firstDay(date) {
  if (!date) return null;
  const first = String(date).split("/")[0];
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(first);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{4})-(\d{2})$/.exec(first);
  if (m) return `${m[1]}-${m[2]}-01`;
  m = /^(\d{4})$/.exec(first);
  if (m) return `${m[1]}-01-01`;
  return null;
}

/** An incident's day on the timeline: its date's first day, else when it was first reported. */
export function incidentDay(incident) {
  return firstDay(incident.date) || firstDay(incident.first_reported);
}

export function typeLabel(item) {
  if (!item) return "";
  return item.subtype ? `${item.type} / ${item.subtype}` : String(item.type || "");
}

// PLOVER root types, with a colour each (map markers, legend, badges).
export const TYPE_COLOURS = {
  ASSAULT: "#d62728",
  COERCE: "#ff7f0e",
  THREATEN: "#e377c2",
  MOBILIZE: "#8c564b",
  SANCTION: "#9467bd",
  PROTEST: "#bcbd22",
  REJECT: "#7f3b08",
  ACCUSE: "#b2182b",
  REQUEST: "#17becf",
  RETREAT: "#1f77b4",
  CONCEDE: "#6baed6",
  AID: "#2ca02c",
  COOPERATE: "#74c476",
  SUPPORT: "#31a354",
  CONSULT: "#636363",
  AGREE: "#006d2c",
  OTHER: "#969696",
};
export const TYPE_ORDER = Object.keys(TYPE_COLOURS);

export function typeColour(type) {
  return TYPE_COLOURS[type] || TYPE_COLOURS.OTHER;
}

export const STATUSES = ["confirmed", "reported", "claimed", "unverified", "disputed", "denied"];

export function statusBadge(status, extraClass = "") {
  const value = status || "unknown";
  return el("span", {
    class: `badge status status-${value.replace(/[^a-z-]/gi, "")} ${extraClass}`.trim(),
    text: value,
  });
}

/** Show an error in #error (textContent only). */
export function showError(error) {
  const box = document.getElementById("error");
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.status === 404) message = `Not found: ${message}`;
  if (box) {
    box.textContent = message;
    box.hidden = false;
  }
  console.warn("dateline:", message);
}

/** Tell the tests (and anyone watching) that the page's data is on screen. */
export function markReady() {
  document.body.dataset.ready = "true";
}

/** Run a page's main(): errors go to #error; the page is marked ready either way. */
export async function run(main) {
  try {
    await main();
  } catch (error) {
    showError(error);
  } finally {
    markReady();
  }
}

/** Echo the current ?q= in the header search box. */
export function fillSearchBox() {
  const q = new URLSearchParams(location.search).get("q");
  const input = document.querySelector("form#search input[name=q]");
  if (input && q !== null) input.value = q;
}

/**
 * Append `text` to `parent` with the first occurrence of `trigger` wrapped in <mark>.
 * The trigger is looked for as a whole (case-insensitively), else its longest word.
 * Returns true if a mark was made.
 */
export function appendWithMark(parent, text, trigger) {
  const source = String(text ?? "");
  const found = findTrigger(source, trigger);
  if (!found) {
    parent.appendChild(document.createTextNode(source));
    return false;
  }
  const [start, end] = found;
  if (start > 0) parent.appendChild(document.createTextNode(source.slice(0, start)));
  parent.appendChild(el("mark", { text: source.slice(start, end) }));
  if (end < source.length) parent.appendChild(document.createTextNode(source.slice(end)));
  return true;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** [start, end] (UTF-16 offsets) of `trigger` in `text`, or null. */
export function findTrigger(text, trigger) {
  if (!trigger || !text) return null;
  const candidates = [String(trigger).trim()];
  const words = String(trigger)
    .split(/[\s.…]+/u)
    .map((w) => w.replace(/\*+$/, ""))
    .filter((w) => w.length >= 3)
    .sort((a, b) => b.length - a.length);
  candidates.push(...words);
  for (const candidate of candidates) {
    if (!candidate) continue;
    const match = new RegExp(escapeRegExp(candidate), "iu").exec(text);
    if (match) return [match.index, match.index + match[0].length];
  }
  return null;
}

/** Maps Python code-point offsets to JS (UTF-16) offsets for `text`. */
export function offsetMapper(text) {
  let astral = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      astral = true;
      break;
    }
  }
  if (!astral) return (offset) => Math.max(0, Math.min(text.length, offset));
  const table = [0];
  let u16 = 0;
  for (const ch of text) {
    u16 += ch.length;
    table.push(u16);
  }
  return (offset) => table[Math.max(0, Math.min(table.length - 1, offset))];
}

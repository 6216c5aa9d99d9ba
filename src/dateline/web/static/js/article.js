// The article page: the text exactly as read, with what dateline found in it highlighted
// from the record's offsets, and the events it reports.

import {
  api, appendWithMark, el, fillSearchBox, findTrigger, formatDate, incidentHref, offsetMapper,
  pathKey, placeHref, run, safeUrl, typeLabel,
} from "./common.js";

// Nesting order when spans cover the same text: the outer kinds first.
const KIND_RANK = { quote: 0, event: 1, time: 2, quantity: 3, place: 4 };

/** Every highlight as {start, end, kind, href, title} in UTF-16 offsets of `text`. */
export function collectHighlights(text, record, incidentOfEvent) {
  const toU16 = offsetMapper(text);
  const out = [];
  const add = (start, end, kind, extra = {}) => {
    if (typeof start !== "number" || typeof end !== "number") return;
    const a = toU16(start);
    const b = toU16(end);
    if (b > a) out.push({ start: a, end: b, kind, ...extra });
  };
  for (const place of record.places || []) {
    const key = place.gazetteer_id || place.name;
    for (const span of place.spans || []) {
      add(span.start, span.end, "place", {
        href: key ? placeHref(key) : null,
        title: `${place.name}${place.kind ? ` (${place.kind})` : ""}`,
      });
    }
  }
  for (const time of record.times || []) {
    add(time.start, time.end, "time", { title: time.value ? `${time.type || "time"}: ${time.value}` : time.type });
  }
  for (const quote of record.quotes || []) {
    const p = quote.provenance || {};
    add(p.start, p.end, "quote", { title: quote.speaker ? `quote: ${quote.speaker}` : "quote" });
  }
  for (const quantity of record.quantities || []) {
    const p = quantity.provenance || {};
    const value = quantity.value !== null && quantity.value !== undefined ? `${quantity.value} ${quantity.unit || ""}`.trim() : "";
    add(p.start, p.end, "quantity", { title: [value, quantity.about].filter(Boolean).join(" · ") });
  }
  (record.events || []).forEach((event, index) => {
    const p = event.provenance || {};
    if (typeof p.start !== "number" || typeof p.end !== "number") return;
    const a = toU16(p.start);
    const b = toU16(p.end);
    const found = findTrigger(text.slice(a, b), event.trigger);
    const incidentId = incidentOfEvent ? incidentOfEvent[String(index)] : null;
    const extra = {
      href: incidentId ? incidentHref(incidentId) : null,
      title: typeLabel(event),
      eventIndex: index,
    };
    if (found) {
      if (found[1] > found[0]) out.push({ start: a + found[0], end: a + found[1], kind: "event", ...extra });
    } else if (b > a) {
      out.push({ start: a, end: b, kind: "event", ...extra }); // no trigger found: the sentence
    }
  });
  return out;
}

/**
 * Render `text` into `container` with the highlights as nested spans. Crossing spans are
 * split where they cross, so every character of the text appears exactly once, in order.
 */
export function renderHighlighted(container, text, highlights) {
  const bounds = new Set([0, text.length]);
  for (const h of highlights) {
    bounds.add(Math.max(0, Math.min(text.length, h.start)));
    bounds.add(Math.max(0, Math.min(text.length, h.end)));
  }
  const points = [...bounds].sort((x, y) => x - y);
  // outer spans first: longer, then by kind rank
  const order = (x, y) => (y.end - y.start) - (x.end - x.start) || KIND_RANK[x.kind] - KIND_RANK[y.kind] || x.start - y.start;
  const stack = []; // [{h, node}]
  const top = () => (stack.length ? stack[stack.length - 1].node : container);
  const hasLink = () => stack.some((s) => s.link);

  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (b <= a) continue;
    const active = highlights.filter((h) => h.start <= a && h.end >= b).sort(order);
    // close what is no longer active, and everything opened above it (reopened below)
    let keep = 0;
    while (keep < stack.length && keep < active.length && stack[keep].h === active[keep]) keep++;
    stack.length = keep;
    for (let k = keep; k < active.length; k++) {
      const h = active[k];
      const span = el("span", {
        class: `hl-${h.kind}`,
        attrs: { title: h.title || null },
        dataset: h.eventIndex !== undefined ? { eventIndex: h.eventIndex } : {},
      });
      top().appendChild(span);
      let node = span;
      let link = false;
      if (h.href && !hasLink()) {
        const anchor = el("a", { attrs: { href: h.href } });
        span.appendChild(anchor);
        node = anchor;
        link = true;
      }
      stack.push({ h, node, link });
    }
    top().appendChild(document.createTextNode(text.slice(a, b)));
  }
}

function eventItem(event, index, incidentOfEvent) {
  const incidentId = incidentOfEvent ? incidentOfEvent[String(index)] : null;
  const evidence = el("blockquote", { class: "evidence" });
  appendWithMark(evidence, event.evidence || "", event.trigger);
  return el("li", { class: "article-event", dataset: { eventIndex: index } },
    el("div", {},
      incidentId
        ? el("a", { class: "incident-link", text: typeLabel(event), attrs: { href: incidentHref(incidentId) } })
        : el("span", { class: "event-type", text: typeLabel(event) }),
      " ",
      el("span", { class: `badge status status-${String(event.status || "unknown").replace(/[^a-z-]/gi, "")}`, text: event.status || "unknown" }),
    ),
    el("div", { class: "event-sub", text: [event.location || "place unknown", formatDate(event.date), event.claimed_by ? `per ${event.claimed_by}` : null].filter(Boolean).join(" · ") }),
    evidence,
  );
}

async function main() {
  fillSearchBox();
  const id = pathKey("/articles/");
  const data = await api(`articles/${encodeURIComponent(id)}`);
  const article = data.article || {};
  const text = typeof data.text === "string" ? data.text : "";
  const record = data.record || {};
  const incidentOfEvent = data.incident_of_event || {};

  document.getElementById("article-title").textContent = article.title || article.id || id;
  document.title = `dateline — ${article.title || id}`;
  const meta = document.getElementById("article-meta");
  meta.appendChild(el("span", { class: "outlet", text: article.source || "unknown outlet" }));
  meta.appendChild(document.createTextNode(" · "));
  meta.appendChild(el("span", { class: "date", text: article.published || "undated" }));
  meta.appendChild(document.createTextNode(" · "));
  meta.appendChild(el("span", { class: "language", text: article.language || "?" }));
  const url = safeUrl(article.url);
  if (url) {
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(el("a", { class: "original-link", text: "original", attrs: { href: url, rel: "noopener noreferrer nofollow", target: "_blank" } }));
  }

  const highlights = collectHighlights(text, record, incidentOfEvent);
  renderHighlighted(document.getElementById("article-text"), text, highlights);

  const events = document.getElementById("article-events");
  const list = Array.isArray(record.events) ? record.events : [];
  list.forEach((event, index) => events.appendChild(eventItem(event, index, incidentOfEvent)));
  if (!list.length) events.appendChild(el("li", { class: "empty", text: "No events found in this article." }));
}

run(main);

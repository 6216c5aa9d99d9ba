// The incident page: what happened, where and when, and every source side by side.

import {
  api, appendWithMark, articleHref, clear, el, fillSearchBox, formatDate, pathKey, placeHref,
  run, safeUrl, typeColour, typeLabel,
} from "./common.js";

function fact(list, label, value) {
  if (value === null || value === undefined || value === "") return;
  list.appendChild(el("dt", { text: label }));
  list.appendChild(el("dd", {}, value));
}

function sourceBlock(report) {
  const evidence = el("blockquote", { class: "evidence" });
  appendWithMark(evidence, report.evidence || "", report.trigger);
  const url = safeUrl(report.url);
  return el("article", { class: "source", dataset: { articleId: report.article_id, language: report.language } },
    el("header", { class: "source-head" },
      el("span", { class: "outlet", text: report.source || "unknown outlet" }),
      el("span", { class: "language", text: report.language || "?" }),
      el("span", { class: "date", text: report.published || "undated" }),
    ),
    el("p", { class: "source-facts" },
      el("span", { class: `status badge status-${String(report.status || "unknown").replace(/[^a-z-]/gi, "")}`, text: report.status || "unknown" }),
      " ",
      el("span", { class: "report-type", text: typeLabel(report) }),
      report.location ? ` at ${report.location}` : "",
      report.date ? ` · ${formatDate(report.date)}` : "",
    ),
    el("p", { class: "claimed-by" },
      report.claimed_by ? `claimed by ${report.claimed_by}` : "no named claimant"),
    report.actor ? el("p", { class: "actor", text: `actor: ${report.actor}${report.actor_side ? ` (${report.actor_side})` : ""}` }) : null,
    evidence,
    el("p", { class: "source-links" },
      el("a", { class: "article-link", text: "read the article", attrs: { href: articleHref(report.article_id) } }),
      url ? " · " : null,
      url ? el("a", { class: "original-link", text: "original", attrs: { href: url, rel: "noopener noreferrer nofollow", target: "_blank" } }) : null,
    ),
  );
}

function claimText(claim) {
  const value = claim.value !== null && claim.value !== undefined
    ? `${claim.value}${claim.unit ? ` ${claim.unit}` : ""}`
    : claim.text || "";
  return value;
}

function contradictionBlock(contradiction) {
  const claims = el("ul", { class: "claims" });
  for (const claim of contradiction.claims || []) {
    claims.appendChild(el("li", { class: "claim" },
      el("span", { class: "value", text: claimText(claim) }),
      claim.text && claim.value !== null && claim.value !== undefined ? el("span", { class: "claim-text", text: ` (“${claim.text}”)` }) : null,
      " — ",
      el("span", { class: "who", text: claim.claimed_by || "unattributed" }),
      ", ",
      el("a", { class: "article-link outlet", text: claim.source || claim.article_id, attrs: { href: articleHref(claim.article_id) } }),
      claim.evidence ? el("blockquote", { class: "claim-evidence", text: claim.evidence }) : null,
    ));
  }
  return el("section", { class: "contradiction", dataset: { contradictionId: contradiction.id } },
    el("h3", {},
      el("span", { class: "kind badge", text: contradiction.kind || "contradiction" }),
      " ",
      el("span", { class: "about", text: contradiction.about || "" }),
    ),
    claims,
    contradiction.note ? el("p", { class: "note", text: contradiction.note }) : null,
  );
}

function quantityItem(q) {
  const value = q.value !== null && q.value !== undefined ? `${q.value}${q.unit ? ` ${q.unit}` : ""}` : "";
  const si = q.si_value !== null && q.si_value !== undefined && (q.si_unit !== q.unit || q.si_value !== q.value)
    ? ` (= ${q.si_value} ${q.si_unit || ""})` : "";
  return el("li", { class: "quantity" },
    el("span", { class: "quantity-text", text: q.text || value }),
    value && value !== q.text ? el("span", { class: "quantity-value", text: ` → ${value}${si}` }) : null,
    q.about ? el("span", { class: "about", text: ` · ${q.about}` }) : null,
    q.claimed_by ? el("span", { class: "who", text: ` · per ${q.claimed_by}` }) : null,
    " · ",
    el("a", { class: "article-link outlet", text: q.source || q.article_id, attrs: { href: articleHref(q.article_id) } }),
  );
}

async function main() {
  fillSearchBox();
  const id = pathKey("/incidents/");
  const incident = await api(`incidents/${encodeURIComponent(id)}`);
  const title = `${typeLabel(incident)} at ${incident.location || "an unknown place"}, ${formatDate(incident.date || incident.first_reported)}`;
  document.getElementById("incident-title").textContent = title;
  document.title = `dateline — ${title}`;
  const status = document.getElementById("incident-status");
  status.textContent = incident.status || "unknown";
  status.classList.add(`status-${String(incident.status || "unknown").replace(/[^a-z-]/gi, "")}`);
  const reports = Array.isArray(incident.reports) ? incident.reports : [];
  const languages = Array.isArray(incident.languages) ? incident.languages : [];
  document.getElementById("incident-summary").textContent =
    `${reports.length} report${reports.length === 1 ? "" : "s"} from ${(incident.outlets || []).length} outlet${(incident.outlets || []).length === 1 ? "" : "s"} in ${languages.join(", ") || "?"}`;
  const swatch = el("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
  swatch.style.backgroundColor = typeColour(incident.type);
  document.getElementById("incident-title").prepend(swatch);

  const facts = clear(document.getElementById("incident-facts"));
  fact(facts, "type", typeLabel(incident));
  fact(facts, "actor", incident.actor ? `${incident.actor}${incident.actor_side ? ` (${incident.actor_side})` : ""}` : null);
  fact(facts, "target", incident.target);
  const placeKey = incident.gazetteer_id || incident.location;
  fact(facts, "where", incident.location
    ? el("a", { class: "place-link", text: incident.location, attrs: { href: placeHref(placeKey) } })
    : null);
  fact(facts, "when", formatDate(incident.date));
  fact(facts, "first reported", incident.first_reported);
  fact(facts, "last reported", incident.last_reported);
  fact(facts, "outlets", (incident.outlets || []).join(", "));

  const sources = clear(document.getElementById("sources"));
  for (const report of reports) sources.appendChild(sourceBlock(report));

  const contradictions = Array.isArray(incident.contradictions) ? incident.contradictions : [];
  const cbox = clear(document.getElementById("contradictions"));
  if (contradictions.length) for (const c of contradictions) cbox.appendChild(contradictionBlock(c));
  else cbox.appendChild(el("p", { class: "empty", text: "The sources do not contradict each other on record." }));

  const quantities = Array.isArray(incident.quantities) ? incident.quantities : [];
  const qbox = clear(document.getElementById("quantities"));
  if (quantities.length) for (const q of quantities) qbox.appendChild(quantityItem(q));
  else qbox.appendChild(el("li", { class: "empty", text: "No figures reported." }));
}

run(main);

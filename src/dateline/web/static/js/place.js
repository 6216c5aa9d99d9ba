// The place page: who holds it (per whom), the control changes over time, the incidents.

import {
  api, articleHref, el, fillSearchBox, formatDate, incidentHref, pathKey, run, statusBadge,
  typeColour, typeLabel,
} from "./common.js";

function sourcesCell(reports) {
  const cell = el("td", { class: "control-sources" });
  const seen = new Set();
  for (const report of reports || []) {
    const key = `${report.article_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (cell.childNodes.length) cell.appendChild(document.createTextNode(", "));
    cell.appendChild(el("a", {
      class: "article-link",
      text: [report.source || report.article_id, report.language].filter(Boolean).join(" · "),
      attrs: { href: articleHref(report.article_id) },
    }));
  }
  if (!cell.childNodes.length) cell.textContent = "—";
  return cell;
}

function controlRow(change) {
  return el("tr", { class: "control-change", dataset: { date: change.date || "" } },
    el("td", { class: "date", text: formatDate(change.date) }),
    el("td", { class: "change" },
      el("span", { class: "side from", text: change.from_side || "?" }),
      " → ",
      el("span", { class: "side to", text: change.to_side || "?" }),
      change.level ? el("span", { class: "level", text: ` (${change.level})` }) : null,
    ),
    el("td", { class: "event" },
      change.incident_id
        ? el("a", { class: "incident-link", text: change.subtype || "incident", attrs: { href: incidentHref(change.incident_id) } })
        : (change.subtype || "—"),
    ),
    el("td", { class: "status" }, statusBadge(change.status)),
    sourcesCell(change.reports),
  );
}

function incidentItem(incident) {
  const swatch = el("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
  swatch.style.backgroundColor = typeColour(incident.type);
  return el("li", { class: "incident-item", dataset: { incidentId: incident.id } },
    el("div", { class: "incident-line" },
      swatch,
      el("a", { class: "incident-link", text: typeLabel(incident), attrs: { href: incidentHref(incident.id) } }),
      " ",
      statusBadge(incident.status),
    ),
    el("div", { class: "incident-sub", text: [
      formatDate(incident.date || incident.first_reported),
      incident.location,
      `${incident.n_reports} report${incident.n_reports === 1 ? "" : "s"}`,
      (incident.languages || []).join(", "),
    ].filter(Boolean).join(" · ") }),
  );
}

async function main() {
  fillSearchBox();
  const key = pathKey("/places/");
  const data = await api(`places/${encodeURIComponent(key)}`);
  const place = data.place || {};
  document.getElementById("place-name").textContent = place.name || key;
  document.title = `dateline — ${place.name || key}`;
  document.getElementById("place-meta").textContent = [
    place.admin1, place.country,
    typeof place.lat === "number" && typeof place.lon === "number" ? `${place.lat.toFixed(3)}, ${place.lon.toFixed(3)}` : null,
    place.gazetteer_id,
  ].filter(Boolean).join(" · ");

  const holder = document.getElementById("holder");
  const today = data.holder_today;
  if (today && today.side) {
    const sources = Array.isArray(today.sources) ? today.sources.map((s) => (typeof s === "string" ? s : s.source || s.article_id)).filter(Boolean) : [];
    holder.textContent = `held by ${today.side} since ${formatDate(today.since)}`
      + (sources.length ? `, per ${[...new Set(sources)].join(", ")}` : "")
      + (today.status ? ` (${today.status})` : "");
  } else {
    holder.textContent = "No change of control on record.";
  }

  const body = document.querySelector("#control-timeline tbody");
  const control = Array.isArray(data.control) ? data.control : [];
  for (const change of control) body.appendChild(controlRow(change));
  if (!control.length) {
    body.appendChild(el("tr", { class: "empty" }, el("td", { text: "no control changes", attrs: { colspan: 5 } })));
  }

  const list = document.getElementById("place-incidents");
  const incidents = Array.isArray(data.incidents) ? data.incidents : [];
  for (const incident of incidents) list.appendChild(incidentItem(incident));
  if (!incidents.length) list.appendChild(el("li", { class: "empty", text: "No incidents here." }));
}

run(main);

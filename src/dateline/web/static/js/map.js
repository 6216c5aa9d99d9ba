// The map page: incidents on a Leaflet map, a per-day timeline with a draggable range,
// filters, the incident list and the stories.
/* global L, topojson */

import {
  STATUSES, TYPE_ORDER, api, apiAll, clear, el, fillSearchBox, formatDate, incidentDay,
  incidentHref, run, showError, statusBadge, typeColour, typeLabel,
} from "./common.js";

const state = {
  all: [], // every incident (unfiltered), for the filter options
  incidents: [], // the incidents the current filters return
  range: null, // [firstDay, lastDay] selected on the timeline, or null
  story: null, // {id, title} or null
  stories: [],
  fetchSeq: 0,
};

let map = null;
let markerLayer = null;
const markers = new Map(); // incident id -> L.circleMarker

// ---------------------------------------------------------------------------------- map
async function initMap(config) {
  map = L.map("map", { worldCopyJump: true, preferCanvas: false, zoomSnap: 0.25 });
  map.setView([48.5, 33], 5);
  if (config && typeof config.tiles === "string" && config.tiles) {
    L.tileLayer(config.tiles, { maxZoom: 18, attribution: "map tiles" }).addTo(map);
  }
  map.createPane("countries");
  map.getPane("countries").classList.add("countries-pane");
  try {
    const response = await fetch("/static/vendor/world-atlas/countries-50m.json");
    if (!response.ok) throw new Error(`basemap: ${response.status}`);
    const topo = await response.json();
    const countries = topojson.feature(topo, topo.objects.countries);
    const withTiles = Boolean(config && config.tiles);
    L.geoJSON(countries, {
      pane: "countries",
      renderer: L.canvas({ pane: "countries" }),
      interactive: false,
      style: () => ({
        color: "#7a8899",
        weight: 0.7,
        fillColor: "#f4f1ea",
        fillOpacity: withTiles ? 0 : 1,
      }),
    }).addTo(map);
  } catch (error) {
    console.warn("dateline: no basemap", error);
  }
  markerLayer = L.layerGroup().addTo(map);
  map.on("zoomend", placeMarkers);
}

function radiusFor(incident) {
  const n = Math.max(1, Number(incident.n_reports) || 1);
  return Math.min(16, 5 + 3 * Math.sqrt(n - 1));
}

function tooltipFor(incident) {
  return el("div", { class: "marker-tip" },
    el("strong", { text: typeLabel(incident) }),
    el("br"),
    `${incident.location || "somewhere"} · ${formatDate(incident.date)}`,
    el("br"),
    `${incident.n_reports} report${incident.n_reports === 1 ? "" : "s"} · ${incident.status || ""}`,
  );
}

function makeMarker(incident) {
  const colour = typeColour(incident.type);
  const marker = L.circleMarker([incident.lat, incident.lon], {
    radius: radiusFor(incident),
    color: "#1b1b1b",
    weight: 1,
    fillColor: colour,
    fillOpacity: 0.85,
    className: "incident-marker",
  });
  marker.on("add", () => {
    const path = marker.getElement();
    if (path) {
      path.setAttribute("data-incident-id", incident.id);
      path.setAttribute("data-type", incident.type || "");
      path.setAttribute("aria-label", `${typeLabel(incident)} at ${incident.location || "?"}`);
    }
  });
  marker.on("click", () => {
    window.location.assign(incidentHref(incident.id));
  });
  marker.bindTooltip(tooltipFor(incident), { direction: "top" });
  return marker;
}

const hasCoordinates = (i) => typeof i.lat === "number" && typeof i.lon === "number";

/** Fan out incidents at the same spot on a small ring so each can be seen and clicked. */
function placeMarkers() {
  if (!map) return;
  const groups = new Map();
  for (const [id, marker] of markers) {
    if (!markerLayer.hasLayer(marker)) continue;
    const incident = marker.incident;
    const key = `${incident.lat.toFixed(4)},${incident.lon.toFixed(4)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(id);
  }
  for (const ids of groups.values()) {
    if (ids.length === 1) {
      const marker = markers.get(ids[0]);
      marker.setLatLng([marker.incident.lat, marker.incident.lon]);
      continue;
    }
    const first = markers.get(ids[0]).incident;
    const centre = map.latLngToLayerPoint([first.lat, first.lon]);
    const ring = Math.max(16, (ids.length * 30) / (2 * Math.PI));
    ids.forEach((id, k) => {
      const angle = (2 * Math.PI * k) / ids.length - Math.PI / 2;
      const point = L.point(centre.x + ring * Math.cos(angle), centre.y + ring * Math.sin(angle));
      markers.get(id).setLatLng(map.layerPointToLatLng(point));
    });
  }
}

// ----------------------------------------------------------------------------- filtering
function inRange(incident) {
  if (!state.range) return true;
  const day = incidentDay(incident);
  if (!day) return false;
  return day >= state.range[0] && day <= state.range[1];
}

function visibleIncidents() {
  return state.incidents.filter(inRange);
}

/** Newest first; undated last; then the most reported first. */
function byDateDesc(a, b) {
  const da = incidentDay(a) || "";
  const db = incidentDay(b) || "";
  if (da !== db) return da < db ? 1 : -1;
  return (b.n_reports || 0) - (a.n_reports || 0);
}

function filterParams() {
  const form = document.getElementById("filters");
  const data = new FormData(form);
  const params = {};
  for (const name of ["type", "side", "status", "language", "since", "until"]) {
    const value = data.get(name);
    if (value) params[name] = value;
  }
  if (state.story) params.story = state.story.id;
  return params;
}

async function refetch() {
  const seq = ++state.fetchSeq;
  document.body.dataset.loading = "true";
  try {
    const items = await apiAll("incidents", filterParams());
    if (seq !== state.fetchSeq) return; // a newer request superseded this one
    state.incidents = items.sort(byDateDesc);
    renderAll();
  } catch (error) {
    if (seq === state.fetchSeq) showError(error);
  } finally {
    if (seq === state.fetchSeq) delete document.body.dataset.loading;
  }
}

function renderAll() {
  renderMarkers();
  renderList();
  renderTimeline();
}

function renderMarkers() {
  const visible = new Set(visibleIncidents().filter(hasCoordinates).map((i) => i.id));
  // draw big circles first so the small ones stay clickable on top
  const ordered = state.incidents
    .filter((i) => visible.has(i.id))
    .sort((a, b) => (b.n_reports || 0) - (a.n_reports || 0));
  for (const [id, marker] of markers) {
    if (!visible.has(id) && markerLayer.hasLayer(marker)) markerLayer.removeLayer(marker);
  }
  for (const incident of ordered) {
    let marker = markers.get(incident.id);
    if (!marker) {
      marker = makeMarker(incident);
      marker.incident = incident;
      markers.set(incident.id, marker);
    }
    if (!markerLayer.hasLayer(marker)) markerLayer.addLayer(marker);
  }
  placeMarkers();
}

function fitToMarkers() {
  const points = state.incidents.filter(hasCoordinates).map((i) => [i.lat, i.lon]);
  if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom: 7, animate: false });
}

function incidentItem(incident) {
  const languages = Array.isArray(incident.languages) ? incident.languages : [];
  const swatch = el("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
  swatch.style.backgroundColor = typeColour(incident.type);
  const item = el("li", { class: "incident-item", dataset: { incidentId: incident.id } },
    el("div", { class: "incident-line" },
      swatch,
      el("a", { class: "incident-link", text: typeLabel(incident), attrs: { href: incidentHref(incident.id) } }),
      " ",
      statusBadge(incident.status),
    ),
    el("div", { class: "incident-sub" },
      el("span", { class: "date", text: formatDate(incident.date || incident.first_reported) }),
      " · ",
      el("span", { class: "location", text: incident.location || "place unknown" }),
      " · ",
      el("span", { class: "n-reports", text: `${incident.n_reports} report${incident.n_reports === 1 ? "" : "s"}` }),
      " · ",
      el("span", { class: "languages", text: languages.join(", ") }),
    ),
  );
  item.addEventListener("mouseenter", () => highlightMarker(incident.id, true));
  item.addEventListener("mouseleave", () => highlightMarker(incident.id, false));
  return item;
}

function highlightMarker(id, on) {
  const marker = markers.get(id);
  if (!marker || !markerLayer.hasLayer(marker)) return;
  marker.setStyle({ weight: on ? 3 : 1, color: on ? "#000" : "#1b1b1b" });
  if (on) marker.bringToFront();
}

function renderList() {
  const list = document.getElementById("incident-list");
  const visible = visibleIncidents();
  clear(list);
  for (const incident of visible) list.appendChild(incidentItem(incident));
  document.getElementById("incident-count").textContent =
    `${visible.length} incident${visible.length === 1 ? "" : "s"}`;
}

// ------------------------------------------------------------------------------ timeline
const DAY_MS = 86400000;
const dayNumber = (day) => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const dayString = (n) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const SVG_NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

const timeline = {
  domain: null, // [firstDayNumber, lastDayNumber]
  width: 0,
  height: 120,
  pad: { left: 28, right: 10, top: 8, bottom: 22 },
  drag: null,
};

function dayToX(n) {
  const [lo, hi] = timeline.domain;
  const inner = timeline.width - timeline.pad.left - timeline.pad.right;
  return timeline.pad.left + ((n - lo) / Math.max(1, hi - lo + 1)) * inner;
}

function xToDay(x) {
  const [lo, hi] = timeline.domain;
  const inner = timeline.width - timeline.pad.left - timeline.pad.right;
  const t = (x - timeline.pad.left) / inner;
  return Math.max(lo, Math.min(hi, lo + Math.floor(t * (hi - lo + 1))));
}

function renderTimeline() {
  const root = document.getElementById("timeline");
  clear(root);
  const width = Math.max(300, Math.round(root.getBoundingClientRect().width) || 800);
  timeline.width = width;
  root.setAttribute("viewBox", `0 0 ${width} ${timeline.height}`);
  root.setAttribute("width", String(width));
  root.setAttribute("height", String(timeline.height));
  const counts = new Map();
  for (const incident of state.incidents) {
    const day = incidentDay(incident);
    if (!day) continue;
    const n = dayNumber(day);
    counts.set(n, (counts.get(n) || 0) + 1);
  }
  if (counts.size === 0) {
    timeline.domain = null;
    root.appendChild(svg("text", { x: 10, y: 30, class: "axis-label" }, "no dated incidents"));
    return;
  }
  const days = [...counts.keys()];
  timeline.domain = [Math.min(...days), Math.max(...days)];
  const max = Math.max(...counts.values());
  const { top, bottom } = timeline.pad;
  const base = timeline.height - bottom;
  const barWidth = Math.max(2, dayToX(timeline.domain[0] + 1) - dayToX(timeline.domain[0]));

  root.appendChild(svg("rect", {
    class: "timeline-bg", x: timeline.pad.left, y: top,
    width: width - timeline.pad.left - timeline.pad.right, height: base - top,
  }));
  // axis: a tick per year (or per month when the span is short)
  const [lo, hi] = timeline.domain;
  const span = hi - lo;
  const startDate = new Date(lo * DAY_MS);
  const tick = new Date(Date.UTC(startDate.getUTCFullYear(), span > 500 ? 0 : startDate.getUTCMonth(), 1));
  let guard = 0;
  while (guard++ < 200) {
    const n = Math.floor(tick.getTime() / DAY_MS);
    if (n > hi) break;
    if (n >= lo) {
      const x = dayToX(n);
      root.appendChild(svg("line", { class: "tick", x1: x, x2: x, y1: top, y2: base + 4 }));
      const label = span > 500 ? String(tick.getUTCFullYear()) : tick.toISOString().slice(0, 7);
      root.appendChild(svg("text", { class: "axis-label", x: x + 2, y: base + 16 }, label));
    }
    if (span > 500) tick.setUTCFullYear(tick.getUTCFullYear() + 1);
    else tick.setUTCMonth(tick.getUTCMonth() + 1);
  }
  root.appendChild(svg("text", { class: "axis-label", x: 2, y: top + 10 }, String(max)));
  for (const [n, count] of counts) {
    const h = Math.max(2, ((base - top) * count) / max);
    const bar = svg("rect", {
      class: "bar", x: dayToX(n), y: base - h, width: barWidth, height: h,
      "data-day": dayString(n), "data-count": count,
    });
    if (state.range && (dayString(n) < state.range[0] || dayString(n) > state.range[1])) {
      bar.classList.add("outside");
    }
    bar.appendChild(svg("title", {}, `${dayString(n)}: ${count} incident${count === 1 ? "" : "s"}`));
    root.appendChild(bar);
  }
  if (state.range) {
    const a = dayToX(Math.max(lo, dayNumber(state.range[0])));
    const b = dayToX(Math.min(hi, dayNumber(state.range[1])) + 1);
    root.appendChild(svg("rect", {
      class: "selection", x: a, y: top, width: Math.max(1, b - a), height: base - top,
    }));
  }
}

function svgX(event) {
  const root = document.getElementById("timeline");
  const box = root.getBoundingClientRect();
  return ((event.clientX - box.left) / Math.max(1, box.width)) * timeline.width;
}

function initTimeline() {
  const root = document.getElementById("timeline");
  const start = (event) => {
    if (!timeline.domain || event.button !== 0) return;
    event.preventDefault();
    timeline.drag = { from: svgX(event), to: svgX(event) };
    if (event.pointerId !== undefined && root.setPointerCapture) {
      try {
        root.setPointerCapture(event.pointerId);
      } catch (_ignored) {
        // synthetic events have no capturable pointer
      }
    }
    drawDrag();
  };
  const move = (event) => {
    if (!timeline.drag) return;
    timeline.drag.to = svgX(event);
    drawDrag();
  };
  const end = (event) => {
    if (!timeline.drag) return;
    timeline.drag.to = svgX(event);
    const { from, to } = timeline.drag;
    timeline.drag = null;
    if (Math.abs(to - from) < 3) {
      renderTimeline(); // a click, not a drag: keep the current range
      return;
    }
    const a = xToDay(Math.min(from, to));
    const b = xToDay(Math.max(from, to));
    setRange([dayString(a), dayString(b)]);
  };
  root.addEventListener("pointerdown", start);
  root.addEventListener("pointermove", move);
  root.addEventListener("pointerup", end);
  root.addEventListener("pointercancel", () => {
    timeline.drag = null;
    renderTimeline();
  });
  document.getElementById("timeline-clear").addEventListener("click", () => setRange(null));
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(renderTimeline, 100);
  });
}

function drawDrag() {
  const root = document.getElementById("timeline");
  let rect = root.querySelector("rect.dragging");
  if (!rect) {
    rect = svg("rect", { class: "dragging", y: timeline.pad.top, height: timeline.height - timeline.pad.top - timeline.pad.bottom });
    root.appendChild(rect);
  }
  const { from, to } = timeline.drag;
  rect.setAttribute("x", String(Math.min(from, to)));
  rect.setAttribute("width", String(Math.max(1, Math.abs(to - from))));
}

function setRange(range) {
  state.range = range;
  document.getElementById("timeline-range").textContent = range
    ? `${range[0]} – ${range[1]}`
    : "drag across the timeline to select dates";
  document.getElementById("timeline-clear").disabled = !range;
  renderAll();
}

// ------------------------------------------------------------------------------- filters
function fillSelect(select, values, labels = {}) {
  const current = select.value;
  for (const value of values) {
    select.appendChild(el("option", { text: labels[value] || value, attrs: { value } }));
  }
  select.value = current;
}

function initFilters() {
  const form = document.getElementById("filters");
  const present = (key) => new Set(state.all.map((i) => i[key]).filter(Boolean));
  const types = present("type");
  fillSelect(form.elements.type, [
    ...TYPE_ORDER.filter((t) => types.has(t)),
    ...[...types].filter((t) => !TYPE_ORDER.includes(t)).sort(),
  ]);
  fillSelect(form.elements.side, [...present("actor_side")].sort());
  const statuses = present("status");
  fillSelect(form.elements.status, [
    ...STATUSES.filter((s) => statuses.has(s)),
    ...[...statuses].filter((s) => !STATUSES.includes(s)).sort(),
  ]);
  const languages = new Set(state.all.flatMap((i) => (Array.isArray(i.languages) ? i.languages : [])));
  fillSelect(form.elements.language, [...languages].sort());
  form.addEventListener("change", () => refetch());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    refetch();
  });
  form.addEventListener("reset", () => setTimeout(() => refetch(), 0));
}

function renderLegend() {
  const legend = document.getElementById("legend");
  clear(legend);
  const present = new Set(state.all.map((i) => i.type));
  for (const type of [...TYPE_ORDER, ...[...present].filter((t) => !TYPE_ORDER.includes(t))]) {
    if (!present.has(type)) continue;
    const swatch = el("span", { class: "swatch", attrs: { "aria-hidden": "true" } });
    swatch.style.backgroundColor = typeColour(type);
    const count = state.all.filter((i) => i.type === type).length;
    legend.appendChild(el("span", { class: "legend-item", dataset: { type } }, swatch, `${type} (${count})`));
  }
  legend.appendChild(el("span", { class: "legend-note", text: "circle size: number of reports" }));
}

// ------------------------------------------------------------------------------- stories
function renderStories() {
  const list = document.getElementById("stories");
  clear(list);
  if (!state.stories.length) {
    list.appendChild(el("li", { class: "empty", text: "no stories yet" }));
    return;
  }
  for (const story of state.stories) {
    const nArticles = Array.isArray(story.article_ids) ? story.article_ids.length : 0;
    const nIncidents = Array.isArray(story.incident_ids) ? story.incident_ids.length : 0;
    const button = el("button", {
      class: "story-button",
      attrs: { type: "button", "aria-pressed": state.story && state.story.id === story.id ? "true" : "false" },
    },
    el("span", { class: "story-title", text: story.title || story.id }),
    el("span", {
      class: "story-meta",
      text: `${nArticles} article${nArticles === 1 ? "" : "s"} · ${nIncidents} incident${nIncidents === 1 ? "" : "s"} · ${formatDate(story.first && story.last ? `${story.first}/${story.last}` : story.first)}`,
    }));
    button.addEventListener("click", () => {
      const same = state.story && state.story.id === story.id;
      setStory(same ? null : { id: story.id, title: story.title || story.id });
    });
    list.appendChild(el("li", { class: "story-item", dataset: { storyId: story.id } }, button));
  }
}

function setStory(story) {
  state.story = story;
  const box = document.getElementById("story-filter");
  box.hidden = !story;
  document.getElementById("story-filter-title").textContent = story ? story.title : "";
  for (const item of document.querySelectorAll("#stories li.story-item")) {
    const pressed = Boolean(story) && item.dataset.storyId === story.id;
    item.classList.toggle("active", pressed);
    const button = item.querySelector("button");
    if (button) button.setAttribute("aria-pressed", pressed ? "true" : "false");
  }
  refetch().then(() => {
    if (story) fitToMarkers();
  });
}

// ---------------------------------------------------------------------------------- main
async function main() {
  fillSearchBox();
  const config = await api("config").catch(() => ({ tiles: null }));
  await initMap(config);
  initTimeline();
  const [all, stories] = await Promise.all([
    apiAll("incidents"),
    api("stories").then((s) => (Array.isArray(s.items) ? s.items : [])).catch((error) => {
      showError(error);
      return [];
    }),
  ]);
  state.all = all;
  state.incidents = [...all].sort(byDateDesc);
  state.stories = stories;
  initFilters();
  renderLegend();
  renderStories();
  document.getElementById("story-filter-clear").addEventListener("click", () => setStory(null));
  renderAll();
  fitToMarkers();
  placeMarkers();
  if (location.hash === "#stories") {
    document.getElementById("stories-heading").scrollIntoView();
  }
}

run(main);

// The search page: articles matching ?q=, with the matching passages.

import { api, articleHref, el, fillSearchBox, run } from "./common.js";

const PAGE = 50;
const state = { q: "", offset: 0, total: 0 };

function snippet(segments) {
  const p = el("p", { class: "snippet" });
  for (const segment of Array.isArray(segments) ? segments : []) {
    if (!segment || typeof segment.text !== "string") continue;
    if (segment.hit) p.appendChild(el("mark", { text: segment.text }));
    else p.appendChild(document.createTextNode(segment.text));
  }
  return p;
}

function resultItem(item) {
  return el("li", { class: "search-result", dataset: { articleId: item.id, language: item.language || "" } },
    el("h2", {},
      el("a", { class: "article-link", text: item.title || item.id, attrs: { href: articleHref(item.id) } }),
    ),
    el("p", { class: "result-meta" },
      el("span", { class: "date", text: item.published || "undated" }),
      " · ",
      el("span", { class: "language", text: item.language || "?" }),
      " · ",
      el("span", { class: "outlet", text: item.source || "unknown outlet" }),
    ),
    (Array.isArray(item.snippets) ? item.snippets : []).map(snippet),
  );
}

/** The other names the search also looked for, folded away when there are many. */
function expandedNode(expanded) {
  if (!Array.isArray(expanded) || !expanded.length) return null;
  const terms = expanded
    .map((x) => (typeof x === "string" ? x : x && (x.text || x.term || x.name)))
    .filter((x) => typeof x === "string" && x && x !== state.q);
  if (!terms.length) return null;
  if (terms.length <= 6) return el("span", { text: `also searched: ${terms.join(", ")}` });
  return el("details", { class: "expanded-terms" },
    el("summary", { text: `also searched ${terms.length} other names` }),
    el("span", { text: terms.join(", ") }));
}

async function loadPage() {
  const data = await api("search", { q: state.q, limit: PAGE, offset: state.offset });
  const items = Array.isArray(data.items) ? data.items : [];
  state.total = typeof data.total === "number" ? data.total : items.length;
  const list = document.getElementById("search-results");
  for (const item of items) list.appendChild(resultItem(item));
  state.offset += items.length;
  document.getElementById("search-count").textContent =
    `${state.total} article${state.total === 1 ? "" : "s"} for “${state.q}”`;
  const expanded = document.getElementById("search-expanded");
  if (state.offset === items.length) {
    while (expanded.firstChild) expanded.removeChild(expanded.firstChild);
    const node = expandedNode(data.expanded);
    if (node) expanded.appendChild(node);
  }
  document.getElementById("search-more").hidden = !(items.length && state.offset < state.total);
}

async function main() {
  fillSearchBox();
  state.q = (new URLSearchParams(location.search).get("q") || "").trim();
  if (!state.q) {
    document.getElementById("search-count").textContent = "Type words to search the articles.";
    return;
  }
  document.title = `dateline — search: ${state.q}`;
  document.getElementById("search-more-button").addEventListener("click", () => {
    loadPage().catch((error) => console.warn(error));
  });
  await loadPage();
}

run(main);

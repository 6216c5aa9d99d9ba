"""update_links: the store's cross-article layer kept up to date incrementally (records as
dicts in a real SQLite store; no spaCy)."""

from __future__ import annotations

from typing import Any

from dateline.link.update import update_links
from dateline.model import Article
from dateline.store.sqlite import Store
from tests.link.test_reports import event, record


def _save(store: Store, article_id: str, *events: dict[str, Any], **fields: Any) -> None:
    rec = record(*events, id=article_id, **fields)
    store.save_analysis(Article(id=article_id, text=f"Text of {article_id}."), rec)


def _incidents(store: Store) -> list[list[str]]:
    return sorted(sorted(r["article_id"] for r in i["reports"])
                  for i in store.incident_records())


def test_reports_link_incrementally_and_follow_reanalysis(store: Store) -> None:
    _save(store, "fr-1", event(), source="La Gazette", language="fr")
    first = update_links(store)
    assert (first.articles_linked, first.incidents, first.multi_source) == (1, 1, 0)
    _save(store, "en-1", event(evidence="Russian troops left Kherson."), source="Wire",
          language="en", published="2022-11-12")
    second = update_links(store)
    assert second.articles_linked == 1  # only the new analysis is linked
    assert _incidents(store) == [["en-1", "fr-1"]]
    (incident,) = store.incident_records()
    assert incident["status"] == "confirmed" and incident["languages"] == ["en", "fr"]
    assert update_links(store).articles_linked == 0  # nothing new: nothing relinked
    # fr-1 analysed again, now reporting a different happening: the incident splits
    _save(store, "fr-1", event(type="ASSAULT", subtype="shelling", location="Kherson",
                               actor="Russian armed forces"))
    update_links(store)
    assert _incidents(store) == [["en-1"], ["fr-1"]]


def test_an_article_turned_duplicate_leaves_its_incidents(store: Store) -> None:
    _save(store, "a", event(), source="A")
    _save(store, "b", event(), source="B")
    update_links(store)
    assert _incidents(store) == [["a", "b"]]
    store.save_duplicate(Article(id="b", text="Text of a."), "a", "exact", 1.0)
    summary = update_links(store)
    assert _incidents(store) == [["a"]] and summary.incidents == 1


def test_rebuild_gives_the_incremental_result(store: Store) -> None:
    for i, source in enumerate(("A", "B", "C")):
        _save(store, f"art-{i}", event(), event(type="ASSAULT", subtype="shelling",
                                                location="Kherson Oblast", geo_precision=2),
              source=source)
        update_links(store)
    incremental = _incidents(store)
    update_links(store, rebuild=True)
    assert _incidents(store) == incremental == [["art-0", "art-1", "art-2"]] * 2
    assert len(list(store.derived_records("story"))) == 1
    changes = list(store.derived_records("control"))
    assert changes and all(c["from_side"] == "RU" for c in changes)

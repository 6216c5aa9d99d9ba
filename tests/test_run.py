from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dateline import analyze_paths
from dateline.run import run_analysis
from dateline.schema.validate import record_errors
from dateline.store.sqlite import Store
from tests.conftest import EN_TEXT, FR_TEXT, UK_TEXT

Write = Callable[..., Path]


def _corpus(write: Write) -> Path:
    write("c/fr.txt", FR_TEXT)
    write("c/fr.meta.json", json.dumps({"published": "2022-11-11", "source": "Gazette"}))
    write("c/en.txt", EN_TEXT)
    write("c/en_copy.txt", EN_TEXT.replace("Residents", "RESIDENTS"))  # exact duplicate
    write("c/en_edit.txt", "Updated 14:00. " + EN_TEXT.replace("the central square",
                                                                "the central square, again"))
    write("c/uk.txt", UK_TEXT)
    write("c/broken.txt", b"\xff\xfe\x00\x00garbage")
    return write("c/.keep", "").parent


def test_run_stores_analyses_duplicates_and_failures(write: Write, store: Store,
                                                     tmp_path: Path) -> None:
    corpus = _corpus(write)
    out = tmp_path / "out.jsonl"
    result = run_analysis([str(corpus)], store, jsonl=str(out))
    assert result.read == 5 and result.analysed == 3
    assert dict(result.duplicates) == {"exact": 1, "near": 1}
    assert dict(result.languages) == {"fr": 1, "en": 1, "uk": 1}
    assert [f.origin for f in result.failures] == [str(corpus / "broken.txt")]
    assert not result.ok
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in records] == ["en", "fr", "uk"]
    assert all(record_errors(r) == [] for r in records)
    assert records[1]["published"] == "2022-11-11" and records[1]["source"] == "Gazette"
    assert store.article("en_copy")["duplicate_of"] == "en"  # type: ignore[index]
    assert store.article("en_edit")["duplicate_kind"] == "near"  # type: ignore[index]
    assert store.counts() == {"articles": 5, "analysed": 3, "duplicates": 2}


def test_rerun_is_idempotent_and_changed_text_is_reanalysed(write: Write, store: Store,
                                                            tmp_path: Path) -> None:
    corpus = _corpus(write)
    run_analysis([str(corpus)], store)
    before = list(store.records())
    again = run_analysis([str(corpus)], store, jsonl=str(tmp_path / "again.jsonl"))
    assert again.analysed == 0 and again.unchanged == 5 and sum(again.duplicates.values()) == 0
    # Tallies count every record the run writes, stored or new.
    first = run_analysis([str(corpus)], store)
    assert first.found["places"] == sum(len(r["places"]) for r in before) > 0
    assert sum(first.event_types.values()) == first.found["events"]
    assert list(store.records()) == before
    # The JSON Lines of a rerun still holds every analysed input's record.
    assert len((tmp_path / "again.jsonl").read_text("utf-8").splitlines()) == 3
    write("c/uk.txt", UK_TEXT.replace("площу", "майдан"))
    changed = run_analysis([str(corpus)], store)
    assert changed.analysed == 1 and changed.unchanged == 4
    assert "майдан" in store.conn.execute(
        "SELECT text FROM articles WHERE id = 'uk'").fetchone()[0]


def test_articles_analysed_by_older_extractors_are_analysed_again(
    write: Write, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    import dateline.extract as extract

    corpus = _corpus(write)
    run_analysis([str(corpus)], store)
    upgraded = tuple(
        dataclasses.replace(e, version="upgraded") if e.name == "events" else e
        for e in extract.REGISTRY
    )
    monkeypatch.setattr(extract, "REGISTRY", upgraded)
    again = run_analysis([str(corpus)], store)
    assert again.analysed == 3 and again.unchanged == 2  # the two duplicates stay as they are
    versions = [[x["version"] for x in r["extractors"] if x["name"] == "events"]
                for r in store.records()]
    assert versions == [["upgraded"]] * 3
    assert run_analysis([str(corpus)], store).analysed == 0  # now current


def test_same_id_twice_with_different_texts_is_a_failure(write: Write, store: Store) -> None:
    a = write("one/x.txt", "First version of the story.")
    b = write("two/x.txt", "A completely different story about Bakhmut.")
    result = run_analysis([str(a), str(b)], store)
    assert result.analysed == 1
    assert "given twice in this run with different texts" in result.failures[0].reason


def test_python_api_analyze_paths_returns_analyses(write: Write) -> None:
    corpus = _corpus(write)
    result = analyze_paths([corpus])
    assert sorted(a.article.id for a in result.analyses) == ["en", "fr", "uk"]
    fr = next(a for a in result.analyses if a.article.id == "fr")
    assert fr.language == "fr" and any(p.name == "Kherson" for p in fr.places)


def test_workers_give_the_same_records_as_in_process(write: Write, tmp_path: Path) -> None:
    corpus = _corpus(write)
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        run_analysis([str(corpus)], one)
        result = run_analysis([str(corpus)], two, workers=2)
        assert result.analysed == 3
        strip = lambda r: {k: v for k, v in r.items() if k != "analyzed_at"}  # noqa: E731
        assert [strip(r) for r in one.records()] == [strip(r) for r in two.records()]


def test_bad_inputs_change_nothing_already_stored(write: Write, store: Store) -> None:
    corpus = _corpus(write)
    run_analysis([str(corpus)], store)
    before = [dict(r) for r in store.conn.execute("SELECT * FROM articles ORDER BY id")]
    records = list(store.records())
    write("bad/uk.txt", b"\xff\xfe broken bytes with the id of a stored article")
    write("bad/en.txt", b"")
    write("bad/x.jsonl", b'{"id": "fr", "text": 5}\n{broken\n')
    write("bad/feed.rss", b"<rss><channel><item><title>cut")
    write("bad/page.html", b"<<<>>>")
    result = run_analysis([str(corpus.parent / "bad")], store)
    assert result.analysed == 0 and len(result.failures) == 6
    assert [dict(r) for r in store.conn.execute("SELECT * FROM articles ORDER BY id")] == before
    assert list(store.records()) == records


def test_a_bad_sidecar_date_is_a_warning_and_the_article_is_kept(write: Write,
                                                                   store: Store) -> None:
    write("w/a.txt", EN_TEXT)
    write("w/a.meta.json", json.dumps({"published": "Nov 22, 20"}))
    result = run_analysis([str(write("w/.keep", "").parent)], store)
    assert result.analysed == 1 and result.failures == [] and result.ok
    assert [w.reason for w in result.warnings] == [
        "published ignored: not an ISO or RFC 822 date: 'Nov 22, 20'"]
    assert store.record("a")["warnings"] == [w.reason for w in result.warnings]  # type: ignore[index]

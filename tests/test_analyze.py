from __future__ import annotations

import pytest

from dateline import analyze_text
from dateline.extract import REGISTRY
from dateline.model import to_record
from dateline.nlp.language import choose_language
from dateline.nlp.pipeline import get_pipeline
from dateline.schema.validate import record_errors
from tests.conftest import EN_TEXT, FR_TEXT, UK_TEXT


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (FR_TEXT, "fr"),
        (EN_TEXT, "en"),
        (UK_TEXT, "uk"),
        ("Die ukrainische Armee hat die Stadt Lyman am Samstag zurückerobert, teilte das "
         "Verteidigungsministerium in Kiew mit.", "de"),
        ("Las fuerzas ucranianas recuperaron el sábado la ciudad de Lyman, según el "
         "ministerio de Defensa.", "es"),
    ],
)
def test_language_detected_offline(text: str, language: str) -> None:
    guess = choose_language(text, None)
    assert (guess.language, guess.source) == (language, "detected")
    assert guess.score is not None and guess.score > 0.5


def test_declared_language_wins() -> None:
    assert choose_language(EN_TEXT, "fr").language == "fr"
    assert choose_language("1234 5678", None).source == "default"


def test_pipelines_loaded_once_and_shared() -> None:
    assert get_pipeline("fr") is get_pipeline("fr")
    assert get_pipeline("fr").name == "fr_core_news_md"
    assert "ner" in get_pipeline("en").components
    assert get_pipeline("uk").name == "blank:uk"
    assert get_pipeline("uk").components == ["sentencizer", "dateline_line_breaks"]


def test_french_analysis_places_with_offsets_and_schema_valid_record() -> None:
    analysis = analyze_text(FR_TEXT, published="2022-11-11", source="Gazette")
    record = to_record(analysis)
    assert record_errors(record) == []
    assert record["language"] == "fr" and record["published"] == "2022-11-11"
    assert record["nlp"]["pipeline"] == "fr_core_news_md"
    assert "ner" in record["nlp"]["components"]
    names = {p["name"] for p in record["places"]}
    assert {"Kherson", "Ukraine", "Kyiv"} <= names
    for place in record["places"]:
        for span in place["spans"]:
            assert FR_TEXT[span["start"]:span["end"]] in place["mentions"]
            sent = record["sentences"][span["sentence"]]
            assert sent[0] <= span["start"] < span["end"] <= sent[1]
    # The registered extractors ran, in order, and the record says which.
    assert [x["name"] for x in record["extractors"]] == [x.name for x in REGISTRY] == [
        "places", "times", "quotes", "quantities", "events"]
    assert [(t["text"], t["value"]) for t in record["times"]] == [("vendredi", "2022-11-11")]
    assert record["quotes"] == record["quantities"] == []
    assert record["title"] == "Les forces russes se retirent de Kherson"


def test_language_without_pipeline_still_gets_sentences() -> None:
    record = to_record(analyze_text(UK_TEXT))
    assert record["language"] == "uk"
    assert record["nlp"] == {"pipeline": "blank:uk",
                             "components": ["sentencizer", "dateline_line_breaks"]}
    assert [UK_TEXT[s:e] for s, e in record["sentences"]] == [
        "Українські війська увійшли до Херсона",
        "Українські війська в п'ятницю увійшли до Херсона.",
        "Росія заявила, що завершила відведення військ на лівий берег Дніпра.",
        "Мешканці вийшли на площу.",
    ]
    # No NER for Ukrainian: places come from the gazetteer, inflected forms included.
    assert [(p["name"], p["kind"], p["mentions"]) for p in record["places"]] == [
        ("Kherson", "city", ["Херсона", "Херсона"]),
        ("Russia", "country", ["Росія"]),
        ("Dnieper", "river", ["Дніпра"]),  # "на лівий берег Дніпра": the river, not the city
    ]
    assert record_errors(record) == []


def test_english_entities_keep_labels_and_offsets() -> None:
    record = to_record(analyze_text(EN_TEXT, language="en"))
    assert record["entities"]
    for ent in record["entities"]:
        assert EN_TEXT[ent["start"]:ent["end"]] == ent["text"]

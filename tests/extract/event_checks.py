"""Shared helpers of the event tests: analyse a text end to end and check every event's
provenance, evidence and record before the test looks at its fields."""

from __future__ import annotations

from dateline.analyze import analyze
from dateline.model import Article, Event, to_record
from dateline.schema.validate import record_errors


def analysed_events(text: str, language: str, published: str,
                    title: str | None = None) -> list[Event]:
    analysis = analyze(Article("t", text, title=title, published=published, language=language))
    assert record_errors(to_record(analysis)) == []
    for e in analysis.events:
        assert e.evidence == text[e.provenance.start:e.provenance.end]
        assert e.provenance.method.startswith(f"lexicon:{language}:{e.type}/")
        assert e.trigger and e.trigger in e.evidence
    return analysis.events


def one(found: list[Event], type_: str) -> Event:
    """The one event of a type (fails naming what was found otherwise)."""
    matching = [e for e in found if e.type == type_]
    assert len(matching) == 1, [(e.type, e.subtype, e.trigger) for e in found]
    return matching[0]

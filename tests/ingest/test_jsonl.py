from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from dateline.ingest.errors import IngestFailure
from dateline.ingest.jsonl import read_jsonl

Write = Callable[..., Path]


def test_jsonl_good_lines_survive_bad_ones_with_line_numbers(write: Write) -> None:
    lines = [
        json.dumps({"id": "a1", "text": "Les troupes ont quitté Kherson.", "published":
                    "2022-11-11", "source": "Gazette", "language": "fr", "title": "Retrait"}),
        "{this is not json",
        json.dumps(["a", "list"]),
        "",
        json.dumps({"id": "a4", "title": "No body"}),
        json.dumps({"id": "a5", "text": "Body.", "published": "someday"}),
        json.dumps({"id": 6, "html": "<html><body><article><p>Ukrainian troops entered "
                    "Kherson on Friday, residents said, as Russian forces left the city."
                    "</p><p>Crowds gathered in the square.</p></article></body></html>"}),
    ]
    path = write("batch.jsonl", "\n".join(lines) + "\n")
    items = list(read_jsonl(path))
    articles = [i for i in items if not isinstance(i, IngestFailure)]
    failures = [str(i) for i in items if isinstance(i, IngestFailure)]
    assert [a.id for a in articles] == ["a1", "a5", "6"]
    assert articles[1].published is None
    assert articles[1].metadata["warnings"] == [
        "published ignored: not an ISO or RFC 822 date: 'someday'"]
    assert articles[0].title == "Retrait" and articles[0].published == "2022-11-11"
    assert articles[0].origin == f"{path}:1"
    assert "Kherson" in articles[2].text
    assert failures[0].startswith(f"{path}:2: invalid JSON")
    assert failures[1] == f"{path}:3: expected a JSON object, got list"
    assert failures[2] == f"{path}:5: no 'text' or 'html' field"
    assert len(failures) == 3


def test_jsonl_line_with_invalid_utf8_is_named(write: Write) -> None:
    path = write("bad.jsonl", b'{"id": "x", "text": "caf\xe9"}\n{"id": "y", "text": "ok"}\n')
    items = list(read_jsonl(path))
    assert isinstance(items[0], IngestFailure) and "bad.jsonl:1: invalid UTF-8" in str(items[0])
    assert not isinstance(items[1], IngestFailure) and items[1].id == "y"


def test_jsonl_without_id_gets_a_stable_content_id(write: Write) -> None:
    path = write("noid.jsonl", json.dumps({"text": "Same text."}) + "\n")
    first = next(iter(read_jsonl(path)))
    again = next(iter(read_jsonl(path)))
    assert not isinstance(first, IngestFailure)
    assert first.id.startswith("jsonl-") and first.id == again.id  # type: ignore[union-attr]

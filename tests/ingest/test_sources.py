from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dateline.ingest.errors import IngestFailure
from dateline.ingest.limits import MB, Limits
from dateline.ingest.sources import Source, discover, read_source
from dateline.model import Article

Write = Callable[..., Path]


def read_all(*inputs: str, stdin: bytes | None = None, limits: Limits | None = None
             ) -> tuple[list[Article], list[IngestFailure]]:
    sources, failures = discover(list(inputs))
    articles: list[Article] = []
    for source in sources:
        for item in read_source(source, stdin=io.BytesIO(stdin or b""),
                                **({"limits": limits} if limits else {})):
            (failures if isinstance(item, IngestFailure) else articles).append(item)
    return articles, list(failures)


def test_text_file_with_sidecar_keeps_text_exact_and_metadata(write: Write) -> None:
    body = "Retrait de Kherson\r\n\r\nL'armée russe s'est retirée vendredi.  \n"
    path = write("fr-kherson.txt", body)
    write("fr-kherson.meta.json", json.dumps({"published": "2022-11-11", "source": "Gazette",
                                              "language": "fr", "section": "monde"}))
    (article,), failures = read_all(str(path))
    assert failures == []
    assert article.id == "fr-kherson"
    assert article.text == body  # offsets index the text exactly as read
    assert (article.published, article.source, article.language) == ("2022-11-11", "Gazette", "fr")
    assert article.title == "Retrait de Kherson"
    assert article.metadata == {"section": "monde"}
    assert article.origin == str(path)


def test_folder_is_walked_recursively_in_order_skipping_docs_sidecars_and_hidden(
    write: Write, tmp_path: Path
) -> None:
    write("corpus/b.txt", "Second article body.")
    write("corpus/a.md", "# First\n\nFirst article body.")
    write("corpus/sub/c.txt", "Third article body.")
    write("corpus/sub/c.meta.json", "{}")
    write("corpus/README.md", "About this folder.")
    write("corpus/.hidden/d.txt", "Hidden.")
    write("corpus/notes.csv", "a,b")
    articles, failures = read_all(str(tmp_path / "corpus"))
    assert failures == []
    assert [a.id for a in articles] == ["a", "b", "c"]


def test_missing_path_is_a_named_failure(tmp_path: Path) -> None:
    articles, failures = read_all(str(tmp_path / "nope.txt"))
    assert articles == []
    assert [str(f) for f in failures] == [f"{tmp_path / 'nope.txt'}: no such file or folder"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary\x00", "binary file"),
        (b"caf\xe9 au lait", "invalid UTF-8"),
        (b"{not json", None),
    ],
)
def test_bad_text_files_fail_alone_and_the_rest_goes_on(
    write: Write, tmp_path: Path, content: bytes, reason: str | None
) -> None:
    write("in/bad.txt", content)
    write("in/good.txt", "A good article.")
    if reason is None:  # a broken sidecar
        write("in/bad.txt", b"Text fine.")
        write("in/bad.meta.json", content)
        reason = "sidecar metadata is not valid JSON"
    articles, failures = read_all(str(tmp_path / "in"))
    assert [a.id for a in articles] == ["good"]
    assert len(failures) == 1
    assert "bad" in failures[0].origin
    assert reason in failures[0].reason


def test_fifty_megabyte_text_is_refused_by_size_before_reading(write: Write) -> None:
    path = write("huge.txt", b"Kherson. " * (50 * MB // 9 + 1))
    articles, failures = read_all(str(path))
    assert articles == []
    assert failures[0].origin == str(path)
    assert "50.0 MB, over the 20 MB limit" in failures[0].reason


def test_article_over_the_character_limit_is_refused(write: Write) -> None:
    path = write("long.txt", "mot " * 3000)
    _, failures = read_all(str(path), limits=Limits(max_article_chars=10_000))
    assert "12,000 characters, over the 10,000 limit" in failures[0].reason


def test_stdin_text_gets_a_content_id(write: Write) -> None:
    (article,), failures = read_all("-", stdin=b"Title here\n\nBody from stdin.")
    assert failures == []
    assert article.id.startswith("stdin-") and len(article.id) == 22
    assert article.title == "Title here"
    assert article.origin == "stdin"


def test_empty_stdin_is_a_failure() -> None:
    articles, failures = read_all("-", stdin=b"")
    assert articles == [] and failures[0].reason == "empty input"


def test_unknown_extension_is_sniffed(write: Write) -> None:
    page = ("<!DOCTYPE html><html lang='en'><head><title>Lyman retaken</title></head><body>"
            "<article><p>Ukrainian forces retook the town of Lyman on Saturday after encircling "
            "the Russian garrison, officials said.</p><p>The town is a rail hub in the north "
            "of Donetsk region and its loss is a setback for Moscow.</p></article></body></html>")
    path = write("page.php", page)
    (article,), failures = read_all(str(path))
    assert failures == []
    assert "Lyman" in article.text and "<p>" not in article.text


def test_discover_sorts_urls_stdin_and_files(write: Write, tmp_path: Path) -> None:
    write("x.txt", "x")
    sources, failures = discover(["-", "https://example.org/a", str(tmp_path / "x.txt")])
    assert failures == []
    assert sources == [Source("stdin", "-"), Source("url", "https://example.org/a"),
                       Source("file", str(tmp_path / "x.txt"))]

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.ingest.build import build_article, headline
from dateline.ingest.errors import IngestError
from dateline.ingest.metadata import clean_metadata, normalize_language, normalize_published
from dateline.ingest.text import decode_utf8


def test_decode_keeps_text_exactly_as_stored() -> None:
    raw = b"Ligne 1\r\nLigne 2  \n\n  fin "
    assert decode_utf8(raw, "f.txt") == "Ligne 1\r\nLigne 2  \n\n  fin "


def test_decode_drops_only_the_byte_order_mark() -> None:
    assert decode_utf8(b"\xef\xbb\xbfKherson", "f.txt") == "Kherson"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Kherson\nville lib\xe9r\xe9e", "invalid UTF-8 at byte 17 (line 2)"),
    ],
)
def test_decode_names_file_and_problem(data: bytes, message: str) -> None:
    with pytest.raises(IngestError) as info:
        decode_utf8(data, "in/article.txt")
    assert str(info.value).startswith("in/article.txt: ")
    assert message in str(info.value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_published_accepts_iso_dates_datetimes_and_rfc822(day: dt.date) -> None:
    iso = day.isoformat()
    assert normalize_published(iso) == iso
    assert normalize_published(f"{iso}T23:10:00Z") == iso
    assert normalize_published(f"{iso}T01:00:00+02:00") == iso
    rfc = dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.UTC).strftime(
        "%a, %d %b %Y %H:%M:%S +0000"
    )
    assert normalize_published(rfc) == iso


@pytest.mark.parametrize("bad", ["yesterday", "2022-13-45", "11/11/2022x", 20221111])
def test_published_rejects_non_dates(bad: object) -> None:
    with pytest.raises(ValueError):
        normalize_published(bad)


@pytest.mark.parametrize(("raw", "code"), [("fr", "fr"), ("FR-fr", "fr"), ("en_GB", "en"),
                                            ("uk", "uk"), (None, None)])
def test_language_codes_normalized(raw: str | None, code: str | None) -> None:
    assert normalize_language(raw) == code


def test_bad_sidecar_field_names_origin_and_field() -> None:
    cleaned = clean_metadata({"published": "last Friday"}, "x.meta.json")
    assert cleaned["published"] is None
    assert cleaned["warnings"] == [
        "published ignored: not an ISO or RFC 822 date: 'last Friday'"]
    assert clean_metadata({"published": "Nov 22, 2020"}, "x")["published"] == "2020-11-22"
    with pytest.raises(IngestError, match="field 'source' must be a string"):
        clean_metadata({"source": 12}, "x.meta.json")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Russia withdraws from Kherson\n\nRussian forces left.", "Russia withdraws from Kherson"),
        ("Kherson: a city retaken?\nBody.", "Kherson: a city retaken?"),
        ("Russian forces left Kherson on Friday.\nThey crossed the river.", None),
        ("Only one line, no body", None),
        ("x" * 250 + "\nbody", None),
    ],
)
def test_headline_is_the_first_line_only_when_it_reads_as_one(text: str, title: str | None) -> None:
    assert headline(text) == title


def test_build_article_validates_id_text_and_metadata() -> None:
    art = build_article("a-1", "Titre\n\nCorps du texte.", origin="a.txt",
                        meta={"published": "2022-11-11T08:00:00Z", "language": "FR",
                              "tags": ["x"]}, title_from_first_line=True)
    assert (art.title, art.published, art.language) == ("Titre", "2022-11-11", "fr")
    assert art.metadata == {"tags": ["x"]}
    with pytest.raises(IngestError, match="no article text"):
        build_article("a-1", " \n\t ", origin="a.txt")
    with pytest.raises(IngestError, match="article id"):
        build_article("a b/c", "text", origin="a.txt")

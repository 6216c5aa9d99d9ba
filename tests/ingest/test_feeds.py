"""read_feed and looks_like_feed on RSS, Atom and broken feeds the tests write."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.ingest.errors import IngestError, IngestFailure
from dateline.ingest.feeds import looks_like_feed, read_feed
from dateline.ingest.limits import Limits
from dateline.model import Article

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Kyiv Wire</title>
  <link>https://wire.example/</link>
  <language>en-us</language>
  <item>
    <title>Drone strike on Odesa port</title>
    <link>https://wire.example/odesa</link>
    <guid isPermaLink="false">wire-001</guid>
    <pubDate>Fri, 22 Mar 2024 07:30:00 GMT</pubDate>
    <description>Short teaser</description>
    <content:encoded><![CDATA[<p>Drones hit the <b>Odesa</b> port overnight.</p>
<p>Two workers were injured, the regional governor said.</p>
<script>alert("x")</script>]]></content:encoded>
  </item>
  <item>
    <title>Talks resume in Geneva</title>
    <link>https://wire.example/geneva</link>
    <pubDate>Sat, 23 Mar 2024 01:00:00 +0200</pubDate>
    <description>Delegations met in Geneva &amp;amp; agreed to
      &lt;i&gt;continue&lt;/i&gt;.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Le Fil</title>
  <id>urn:uuid:feed</id>
  <updated>2024-03-22T00:00:00Z</updated>
  <entry>
    <title>Bombardements à Kherson</title>
    <id>urn:uuid:0001</id>
    <link href="https://fil.example/kherson"/>
    <published>2024-03-21T23:30:00+01:00</published>
    <content type="html">&lt;p&gt;Des tirs ont visé le &lt;i&gt;centre&lt;/i&gt;.&lt;/p&gt;
      &lt;p&gt;Deux blessés.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Trêve annoncée</title>
    <id>urn:uuid:0002</id>
    <updated>2024-03-20T10:00:00Z</updated>
    <summary>Une trêve de trois jours a été annoncée.</summary>
  </entry>
</feed>
""".encode()

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://rdf.example/"><title>RDF News</title><link>https://rdf.example/</link>
<description>d</description></channel>
<item rdf:about="https://rdf.example/1"><title>One</title><link>https://rdf.example/1</link>
<description>First item text.</description></item>
</rdf:RDF>
"""


def ids(items: list[Article | IngestFailure]) -> list[str]:
    return [item.id for item in items if isinstance(item, Article)]


def sha16(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def test_rss_items_become_articles() -> None:
    items = list(read_feed(RSS, origin="wire.xml"))
    assert all(isinstance(item, Article) for item in items)
    first, second = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text == (
        "Drones hit the Odesa port overnight.\n"
        "Two workers were injured, the regional governor said."
    )
    assert first.title == "Drone strike on Odesa port"
    assert first.published == "2024-03-22"
    assert first.url == "https://wire.example/odesa"
    assert first.source == "Kyiv Wire"
    assert first.language == "en"
    assert first.origin == "wire.xml#1 (wire-001)"
    assert second.text == "Delegations met in Geneva & agreed to continue."
    assert second.origin == "wire.xml#2"


def test_published_is_the_publishers_own_day() -> None:
    items = list(read_feed(RSS, origin="wire.xml"))
    assert isinstance(items[1], Article)
    assert items[1].published == "2024-03-23"  # 01:00 +0200, although 22 March in UTC


def test_item_ids_follow_guid_then_link_and_are_stable() -> None:
    first_run = ids(list(read_feed(RSS, origin="wire.xml")))
    second_run = ids(list(read_feed(RSS, origin="elsewhere.xml")))
    assert first_run == second_run
    assert first_run == ["item-" + sha16("wire-001"), "item-" + sha16("https://wire.example/geneva")]


def test_item_id_from_title_and_date_without_guid_or_link() -> None:
    feed = (
        b'<rss version="2.0"><channel><title>T</title><item><title>Alert</title>'
        b"<pubDate>Fri, 22 Mar 2024 07:30:00 GMT</pubDate><description>Sirens.</description>"
        b"</item></channel></rss>"
    )
    (article,) = read_feed(feed, origin="f.xml")
    assert isinstance(article, Article)
    assert article.id == "item-" + sha16("Alert\nFri, 22 Mar 2024 07:30:00 GMT")
    assert article.url is None


def test_atom_entries_become_articles() -> None:
    first, second = read_feed(ATOM, origin="fil.atom")
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text == "Des tirs ont visé le centre.\nDeux blessés."
    assert first.title == "Bombardements à Kherson"
    assert first.published == "2024-03-21"
    assert first.url == "https://fil.example/kherson"
    assert first.source == "Le Fil"
    assert first.language == "fr"
    assert first.id == "item-" + sha16("urn:uuid:0001")
    assert first.origin == "fil.atom#1 (urn:uuid:0001)"
    assert second.text == "Une trêve de trois jours a été annoncée."
    assert second.published == "2024-03-20"  # from <updated>
    assert second.url is None  # the Atom id urn:uuid:0002 is not a web link


def test_rdf_feed_is_read() -> None:
    (article,) = read_feed(RDF, origin="rdf.xml")
    assert isinstance(article, Article)
    assert (article.title, article.text, article.source) == ("One", "First item text.", "RDF News")


def test_item_without_text_fails_alone() -> None:
    feed = (
        b'<rss version="2.0"><channel><title>T</title>'
        b"<item><title>Nothing here</title><guid>g-1</guid></item>"
        b"<item><title>Real</title><guid>g-2</guid><description>Real text.</description></item>"
        b"</channel></rss>"
    )
    failure, article = read_feed(feed, origin="mixed.xml")
    assert isinstance(failure, IngestFailure)
    assert failure.origin == "mixed.xml#1 (g-1)"
    assert "no text" in failure.reason
    assert isinstance(article, Article)
    assert article.text == "Real text."


def test_item_over_article_limit_fails_alone() -> None:
    long_text = "word " * 50
    feed = (
        f'<rss version="2.0"><channel><title>T</title>'
        f"<item><guid>long</guid><description>{long_text}</description></item>"
        f"<item><guid>short</guid><description>Short.</description></item>"
        f"</channel></rss>"
    ).encode()
    failure, article = read_feed(feed, origin="f.xml", limits=Limits(max_article_chars=100))
    assert isinstance(failure, IngestFailure) and "over the 100 limit" in failure.reason
    assert isinstance(article, Article) and article.text == "Short."


@pytest.mark.parametrize(
    "data",
    [
        b"<rss><channel><item>",
        b'<rss version="2.0"><channel><title>x</ti',
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR garbage",
        b"<html><body><p>Not a feed at all.</p></body></html>",
        b"just some words",
    ],
)
def test_broken_feed_is_an_ingest_error(data: bytes) -> None:
    with pytest.raises(IngestError, match=r"^broken\.xml: not a valid RSS/Atom feed: .+"):
        read_feed(data, origin="broken.xml")  # raised by the call itself, not on iteration


@pytest.mark.parametrize("data", [b"", b"   \n"])
def test_empty_input_is_not_a_feed(data: bytes) -> None:
    with pytest.raises(IngestError, match="not a valid RSS/Atom feed: empty input"):
        read_feed(data, origin="e.xml")


def test_feed_without_items() -> None:
    feed = b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    with pytest.raises(IngestError, match=r"^quiet\.xml: feed has no items$"):
        read_feed(feed, origin="quiet.xml")


def test_feed_over_size_limit() -> None:
    with pytest.raises(IngestError, match="over the"):
        read_feed(RSS, origin="big.xml", limits=Limits(max_input_bytes=100))


def test_bytes_are_never_opened_as_a_file_name(tmp_path: Path) -> None:
    feed_file = tmp_path / "feed.xml"
    feed_file.write_bytes(RSS)
    with pytest.raises(IngestError, match="not a valid RSS/Atom feed"):
        read_feed(str(feed_file).encode(), origin="path-as-bytes")


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        f'<rss version="2.0"><channel><title>T</title><item><guid>1</guid>'
        f"<description>before &x; after</description></item></channel></rss>"
    ).encode()
    (article,) = read_feed(feed, origin="xxe.xml")
    assert isinstance(article, Article)
    assert "TOPSECRET" not in article.text
    assert article.text.startswith("before")


@pytest.mark.parametrize(
    "data",
    [
        RSS,
        ATOM,
        RDF,
        b"\xef\xbb\xbf" + RSS,
        b"\n\n   " + RSS.split(b"?>", 1)[1],
        b'<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?>\n<!-- c -->\n<rss version="2.0">',
        b'<!DOCTYPE rss [<!ENTITY a "b">]><rss version="0.91">',
        b'<feed xmlns="http://purl.org/atom/ns#" version="0.3">',
        b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">',
        '<rss version="2.0">'.encode("utf-16"),
    ],
)
def test_looks_like_feed_true(data: bytes) -> None:
    assert looks_like_feed(data)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<!DOCTYPE html><html><body>rss</body></html>",
        b"<feed><entry/></feed>",  # no Atom namespace
        b'{"rss": "json"}',
        b"<rssfeed/>",
        b"<!-- " + b"x" * 3000 + b" --><rss>",  # the root is past the first 2 KB
        b"plain text mentioning <rss> later",
    ],
)
def test_looks_like_feed_false(data: bytes) -> None:
    assert not looks_like_feed(data)


FRAGMENTS = [
    b'<?xml version="1.0"?>',
    b'<rss version="2.0">',
    b"<channel>",
    b"<item>",
    b"</item>",
    b"<title>",
    b"</title>",
    b"<description>",
    b"<![CDATA[<p>x</p>",
    b"]]>",
    b"<guid>",
    b"<link>http://a/</link>",
    b"<pubDate>Fri, 99 Foo 2024</pubDate>",
    b'<feed xmlns="http://www.w3.org/2005/Atom">',
    b"<entry>",
    b'<content type="html">',
    b"&lt;b&gt;",
    b"&#0;",
    b"\xff\xfe",
    b"text",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(b"".join),
    )
)
def test_arbitrary_bytes_only_ever_raise_ingest_error(data: bytes) -> None:
    try:
        items = list(read_feed(data, origin="fuzz.xml"))
    except IngestError as exc:
        assert exc.origin == "fuzz.xml"
        return
    for item in items:
        assert isinstance(item, Article | IngestFailure)
        assert item.origin is not None and item.origin.startswith("fuzz.xml#")

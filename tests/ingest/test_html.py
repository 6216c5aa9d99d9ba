"""read_html on pages the tests write: main text, metadata, encodings and bad input."""

from __future__ import annotations

import pytest
import trafilatura

from dateline.ingest.errors import IngestError
from dateline.ingest.html import NO_TEXT, decode_html, html_to_text, read_html
from dateline.ingest.limits import Limits

PARAGRAPHS = [
    "Plusieurs missiles ont frappé vendredi matin les infrastructures énergétiques de "
    "Kharkiv, deuxième ville d'Ukraine, selon le gouverneur régional Oleh Synehoubov.",
    "« Environ 200 000 foyers sont privés de courant », a-t-il déclaré sur Telegram, ajoutant "
    "que les équipes de réparation étaient déjà à pied d'œuvre dans les quartiers touchés.",
    "L'armée de l'air ukrainienne a indiqué avoir intercepté une partie des engins, sans "
    "préciser combien avaient atteint leur cible dans la nuit de jeudi à vendredi.",
]
TITLE = "Frappes sur Kharkiv : la ville privée d'électricité"
BOILERPLATE = ["Rubrique Sport", "Accepter les cookies", "Mentions légales", "Plan du site"]


def french_page(*, canonical: str | None = "https://lequotidien.example/monde/kharkiv") -> str:
    """A French news page with navigation, a cookie banner and a footer around the article."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="fr-FR">
<head>
<meta charset="utf-8">
<title>{TITLE} - Le Quotidien</title>
<meta property="og:site_name" content="Le Quotidien">
<meta property="article:published_time" content="2024-03-22T08:15:00+01:00">
{link}
</head>
<body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/monde">Monde</a></li>
<li><a href="/sport">Rubrique Sport</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">Nous utilisons des cookies pour améliorer
votre expérience. <button>Accepter les cookies</button></div>
<main><article>
<h1>{TITLE}</h1>
{body}
</article></main>
<footer><p>© 2024 Le Quotidien — Mentions légales — Plan du site</p></footer>
</body>
</html>
"""


@pytest.fixture
def page_bytes() -> bytes:
    return french_page().encode("utf-8")


def test_main_text_keeps_paragraphs_and_drops_boilerplate(page_bytes: bytes) -> None:
    article = read_html(page_bytes, origin="kharkiv.html", article_id="kharkiv")
    lines = article.text.split("\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in lines
    for junk in BOILERPLATE:
        assert junk not in article.text
    assert "<" not in article.text
    assert article.id == "kharkiv"
    assert article.origin == "kharkiv.html"


def test_metadata_is_detected(page_bytes: bytes) -> None:
    article = read_html(page_bytes, origin="kharkiv.html", article_id="kharkiv")
    assert article.title == TITLE
    assert article.published == "2024-03-22"
    assert article.source == "Le Quotidien"
    assert article.language == "fr"
    assert article.url == "https://lequotidien.example/monde/kharkiv"


def test_sidecar_meta_wins_over_detected(page_bytes: bytes) -> None:
    meta = {"title": "Titre du rédacteur", "published": "2024-04-01T10:00:00Z", "desk": "monde"}
    article = read_html(page_bytes, origin="k.html", article_id="k", meta=meta)
    assert article.title == "Titre du rédacteur"
    assert article.published == "2024-04-01"
    assert article.source == "Le Quotidien"  # not in the sidecar: detected value stays
    assert article.metadata == {"desk": "monde"}


def test_bad_sidecar_date_is_dropped_with_a_warning(page_bytes: bytes) -> None:
    article = read_html(page_bytes, origin="k.html", article_id="k", meta={"published": "hier"})
    assert article.published is None
    assert article.metadata["warnings"] == [
        "published ignored: not an ISO or RFC 822 date: 'hier'"]


def test_url_argument_used_without_canonical_link() -> None:
    data = french_page(canonical=None).encode()
    article = read_html(data, origin="x", article_id="x", url="https://mirror.example/a?b=1")
    assert article.url == "https://mirror.example/a?b=1"


def test_relative_canonical_resolved_against_url() -> None:
    data = french_page(canonical="/monde/kharkiv-2").encode()
    article = read_html(data, origin="x", article_id="x", url="https://lequotidien.example/a/b")
    assert article.url == "https://lequotidien.example/monde/kharkiv-2"


def test_copyright_year_is_not_a_publication_date(page_bytes: bytes) -> None:
    tag = b'<meta property="article:published_time" content="2024-03-22T08:15:00+01:00">'
    assert tag in page_bytes
    data = page_bytes.replace(tag, b"")
    article = read_html(data, origin="x", article_id="x")
    assert article.published is None  # not 2024-01-01 from the "© 2024" footer


def test_unusable_page_language_is_dropped_not_fatal(page_bytes: bytes) -> None:
    data = page_bytes.replace(b'lang="fr-FR"', b'lang="Klingon!"')
    assert read_html(data, origin="x", article_id="x").language is None


CP1252_PAGE = """<html lang="fr"><head><meta charset="{charset}">
<title>ÉTÉ À KHERSON</title></head><body><article><h1>ÉTÉ À KHERSON</h1>
<p>Un été très chaud à Kherson : les œuvres du musée ont coûté 5 000 €.</p>
<p>ÉÉÉ éé è, dit-il.</p></article></body></html>"""


@pytest.mark.parametrize("charset", ["windows-1252", "ISO-8859-1"])
def test_declared_single_byte_charset_is_honoured(charset: str) -> None:
    data = CP1252_PAGE.format(charset=charset).encode("cp1252")
    article = read_html(data, origin="kherson.html", article_id="kherson")
    assert "Un été très chaud à Kherson : les œuvres du musée ont coûté 5 000 €." in article.text
    assert "ÉÉÉ éé è, dit-il." in article.text
    assert article.title == "ÉTÉ À KHERSON"


def test_http_equiv_charset_is_honoured() -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
        "</head><body><p>Le café coûte 3 € à Marioupol, été comme hiver.</p></body></html>"
    )
    article = read_html(html.encode("iso-8859-15"), origin="x", article_id="x")
    assert article.text == "Le café coûte 3 € à Marioupol, été comme hiver."


def test_decode_html_prefers_bom_and_utf8() -> None:
    assert decode_html("\ufeff<p>é</p>".encode()) == "<p>é</p>"
    assert decode_html("<p>é</p>".encode("utf-16")) == "<p>é</p>"
    assert decode_html('<meta charset="windows-1252"><p>é</p>'.encode()) is not None


def test_undeclared_single_byte_page_keeps_its_markup() -> None:
    """Detection guesses a CJK codec that swallows "</p>"; the guess must not win."""
    data = "<html><body><p>é</p></body></html>".encode("cp1252")
    assert decode_html(data) == "<html><body><p>é</p></body></html>"
    assert read_html(data, origin="x", article_id="x").text == "é"


@pytest.mark.parametrize(
    "data",
    [b"<<<>>>", b"<html><body><div></span></p></div>", b"<html></html>", b"\x00\x01\x02\x03junk"],
)
def test_malformed_or_textless_html_is_an_ingest_error(data: bytes) -> None:
    with pytest.raises(IngestError) as info:
        read_html(data, origin="broken.html", article_id="b")
    assert str(info.value).startswith("broken.html: ")


def test_no_article_text_message() -> None:
    data = b"<html><head><title>Vide</title></head><body><nav></nav></body></html>"
    with pytest.raises(IngestError, match=f"^page.html: {NO_TEXT}$"):
        read_html(data, origin="page.html", article_id="p")


@pytest.mark.parametrize("data", [b"", b"  \n\t "])
def test_empty_page_is_an_ingest_error(data: bytes) -> None:
    with pytest.raises(IngestError, match=r"^empty\.html: empty HTML page$"):
        read_html(data, origin="empty.html", article_id="e")


def test_truncated_page_keeps_what_it_has() -> None:
    data = (
        "<html><body><article><p>Les combats se poursuivent près de Bakhmout, selon "
        "l'état-major.</p><p>Des renforts sont arriv"
    ).encode()
    article = read_html(data, origin="cut.html", article_id="cut")
    assert "Les combats se poursuivent près de Bakhmout, selon l'état-major." in article.text


def test_page_over_size_limit_is_refused_before_parsing(page_bytes: bytes) -> None:
    limits = Limits(max_input_bytes=len(page_bytes) - 1)
    with pytest.raises(IngestError, match=r"^big\.html: input is .* over the .* limit"):
        read_html(page_bytes, origin="big.html", article_id="big", limits=limits)


def test_text_over_article_limit_is_refused(page_bytes: bytes) -> None:
    with pytest.raises(IngestError, match=r"^big\.html: article text has .* characters"):
        limits = Limits(max_article_chars=100)
        read_html(page_bytes, origin="big.html", article_id="big", limits=limits)


def test_library_exception_becomes_ingest_error(
    page_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom in extractor")

    monkeypatch.setattr(trafilatura, "bare_extraction", explode)
    with pytest.raises(IngestError, match=r"^p\.html: cannot extract .*RuntimeError: boom"):
        read_html(page_bytes, origin="p.html", article_id="p")


def test_bad_article_id_is_refused(page_bytes: bytes) -> None:
    with pytest.raises(IngestError, match="article id"):
        read_html(page_bytes, origin="p.html", article_id="has space")


def test_html_to_text_blocks_breaks_and_noise() -> None:
    markup = (
        "<p>Premier\n  <b>paragraphe</b>,<br>suite</p><!-- note --><ul><li>un</li><li>deux</li>"
        "</ul><script>alert('x')</script><style>p{}</style><div>fin &amp; <i>signé</i></div>"
    )
    assert html_to_text(markup) == "Premier paragraphe,\nsuite\nun\ndeux\nfin & signé"


def test_html_to_text_drops_characters_xml_cannot_hold() -> None:
    assert html_to_text("<p>Kyiv\x0b \x00news\ud800</p><p>two</p>") == "Kyiv news\ntwo"


@pytest.mark.parametrize("markup", ["", "   ", "<p></p>", "<!-- only a comment -->", "\x00\x01"])
def test_html_to_text_of_nothing_is_empty(markup: str) -> None:
    assert html_to_text(markup) == ""

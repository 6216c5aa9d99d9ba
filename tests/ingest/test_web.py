"""The guarded fetch against a local HTTP server, and URL checks that never touch the network."""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import dateline
from dateline.ingest import web
from dateline.ingest.errors import IngestError
from dateline.ingest.limits import Limits
from dateline.ingest.web import Fetched, check_url, fetch, read_url
from dateline.model import Article

ARTICLE_HTML = """<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8">
<title>Обстріл Харкова</title><meta property="og:site_name" content="Local Daily">
<meta property="article:published_time" content="2024-03-22T08:00:00+02:00"></head>
<body><nav><a href="/">Home</a> <a href="/about">About us page</a></nav><article>
<h1>Обстріл Харкова</h1>
<p>Вночі російські ракети влучили в енергетичну інфраструктуру Харкова, повідомив голова ОВА.</p>
<p>Без світла залишилися близько двохсот тисяч абонентів, тривають ремонтні роботи.</p>
</article><footer>Contact the newsroom footer</footer></body></html>"""

CANONICAL_HTML = ARTICLE_HTML.replace(
    "</title>", '</title><link rel="canonical" href="https://daily.example/kharkiv">'
)

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local Wire</title>
<item><title>One</title><guid>w-1</guid><description>First item body.</description></item>
<item><title>Two</title><guid>w-2</guid><description>Second item body.</description></item>
</channel></rss>"""

PLAIN = "Ceasefire talks stall\n\nNegotiators left Istanbul without an agreement on Friday.\n"

LATIN1_HTML = (
    "<html><head><title>Été</title></head><body><p>Un été à Kherson, déclaré "
    "« très chaud » par les œuvres du musée.</p><p>ÉÉÉ éé è, dit-il.</p></body></html>"
).encode("cp1252")

SLOW_SECONDS = 1.0


@dataclass
class Seen:
    """What the test server saw: TCP connections accepted and requests handled."""

    connections: int = 0
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    seen: Seen

    def verify_request(self, request: object, client_address: object) -> bool:
        self.seen.connections += 1
        return True

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that give up early (timeouts, size caps) are expected: stay quiet."""


def respond(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
    length: bool = True,
) -> None:
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def drip(handler: BaseHTTPRequestHandler) -> None:
    """Headers at once, then a byte every 0.1 s: each read is quick, the whole is slow."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()
    for _ in range(int(SLOW_SECONDS / 0.1)):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.1)


def routes(port: int) -> dict[str, Callable[[BaseHTTPRequestHandler], None]]:
    here = f"http://127.0.0.1:{port}"
    return {
        "/article.html": lambda h: respond(h, 200, ARTICLE_HTML.encode()),
        "/canonical.html": lambda h: respond(h, 200, CANONICAL_HTML.encode()),
        "/latin1.html": lambda h: respond(h, 200, LATIN1_HTML, "text/html; charset=ISO-8859-1"),
        "/feed.xml": lambda h: respond(h, 200, RSS, "application/rss+xml"),
        "/feed-as-xml": lambda h: respond(h, 200, RSS, "text/xml; charset=utf-8"),
        "/not-a-feed.rss": lambda h: respond(h, 200, b"<html>oops</html>", "application/rss+xml"),
        "/plain.txt": lambda h: respond(h, 200, PLAIN.encode(), "text/plain; charset=utf-8"),
        "/gzip.txt": lambda h: respond(
            h, 200, gzip.compress(PLAIN.encode()), "text/plain", {"Content-Encoding": "gzip"}
        ),
        "/image.png": lambda h: respond(h, 200, b"\x89PNG\r\n\x1a\n", "image/png"),
        "/empty.html": lambda h: respond(h, 200, b"<html><body><nav></nav></body></html>"),
        "/missing": lambda h: respond(h, 404, b"<h1>Not here</h1>"),
        "/broken": lambda h: respond(h, 500, b"oops"),
        "/big-declared": lambda h: respond(h, 200, b"x" * 5000, "text/plain"),
        "/huge-declared": lambda h: respond(
            h, 200, b"tiny", "text/plain", {"Content-Length": "1000000000"}, length=False
        ),
        "/big-streamed": lambda h: respond(h, 200, b"x" * 5000, "text/plain", length=False),
        "/slow": lambda h: (time.sleep(SLOW_SECONDS), respond(h, 200, b"late", "text/plain")),
        "/drip": drip,
        "/redirect": lambda h: respond(h, 302, headers={"Location": f"{here}/article.html"}),
        "/redirect-relative": lambda h: respond(h, 301, headers={"Location": "/plain.txt"}),
        "/redirect-loop": lambda h: respond(h, 302, headers={"Location": "/redirect-loop"}),
        "/redirect-file": lambda h: respond(h, 302, headers={"Location": "file:///etc/passwd"}),
        "/redirect-private": lambda h: respond(h, 307, headers={"Location": "http://10.1.2.3/x"}),
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server: Server

    def do_GET(self) -> None:
        self.server.seen.requests.append((self.path, self.headers.get("User-Agent", "")))
        route = routes(self.server.server_address[1]).get(self.path)
        if route is None:
            respond(self, 404)
        else:
            route(self)

    def log_message(self, format: str, *args: object) -> None:
        """No access log on stderr."""


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.seen = Seen()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=2)


@pytest.fixture
def seen(server: Server) -> Seen:
    server.seen = Seen()
    return server.seen


@pytest.fixture
def base(server: Server, seen: Seen) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any name resolution or connection attempt fails the test."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "getaddrinfo", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)


FAST = Limits(fetch_timeout=0.3)


def url_id(url: str) -> str:
    return "url-" + hashlib.sha256(url.encode()).hexdigest()[:16]


# --- fetching from the local server (allow_private=True) ---------------------------------


def test_fetch_html_page(base: str, seen: Seen) -> None:
    fetched = fetch(f"{base}/article.html", allow_private=True)
    assert fetched == Fetched(
        f"{base}/article.html", 200, "text/html; charset=utf-8", ARTICLE_HTML.encode()
    )
    assert fetched.media_type == "text/html" and fetched.charset == "utf-8"
    assert seen.requests == [
        ("/article.html", f"dateline/{dateline.__version__} (+https://github.com/dateline)")
    ]


def test_read_url_html_article(base: str) -> None:
    url = f"{base}/article.html"
    (article,) = read_url(url, allow_private=True)
    assert isinstance(article, Article)
    assert article.id == url_id(url)
    assert article.url == url
    assert article.origin == url
    assert article.title == "Обстріл Харкова"
    assert article.source == "Local Daily"
    assert article.language == "uk"
    assert article.published == "2024-03-22"
    assert "близько двохсот тисяч абонентів" in article.text
    assert "footer" not in article.text and "About us page" not in article.text


def test_read_url_prefers_canonical_and_meta(base: str) -> None:
    url = f"{base}/canonical.html"
    (article,) = read_url(url, allow_private=True, meta={"title": "Sidecar title"})
    assert isinstance(article, Article)
    assert article.url == "https://daily.example/kharkiv"
    assert article.id == url_id(url)  # the id follows the fetched URL, not the canonical
    assert article.title == "Sidecar title"


def test_header_charset_decodes_page(base: str) -> None:
    (article,) = read_url(f"{base}/latin1.html", allow_private=True)
    assert isinstance(article, Article)
    assert "Un été à Kherson, déclaré « très chaud » par les œuvres du musée." in article.text
    assert "ÉÉÉ éé è, dit-il." in article.text


@pytest.mark.parametrize("path", ["/feed.xml", "/feed-as-xml"])
def test_read_url_feed(base: str, path: str) -> None:
    items = list(read_url(f"{base}{path}", allow_private=True))
    assert [(a.title, a.text, a.source) for a in items if isinstance(a, Article)] == [
        ("One", "First item body.", "Local Wire"),
        ("Two", "Second item body.", "Local Wire"),
    ]
    assert [a.origin for a in items] == [f"{base}{path}#1 (w-1)", f"{base}{path}#2 (w-2)"]


def test_feed_type_that_is_not_a_feed(base: str) -> None:
    with pytest.raises(IngestError, match="not a valid RSS/Atom feed"):
        read_url(f"{base}/not-a-feed.rss", allow_private=True)


def test_read_url_plain_text(base: str) -> None:
    url = f"{base}/plain.txt"
    (article,) = read_url(url, allow_private=True, meta={"source": "Wire"})
    assert isinstance(article, Article)
    assert article.text == PLAIN
    assert article.title == "Ceasefire talks stall"
    assert (article.url, article.source, article.id) == (url, "Wire", url_id(url))


def test_gzip_response_is_decompressed(base: str) -> None:
    assert fetch(f"{base}/gzip.txt", allow_private=True).data == PLAIN.encode()


def test_unsupported_content_type(base: str) -> None:
    with pytest.raises(IngestError, match=r"/image\.png: unsupported content type image/png$"):
        read_url(f"{base}/image.png", allow_private=True)


def test_html_without_text(base: str) -> None:
    with pytest.raises(IngestError, match="no article text found in the HTML page"):
        read_url(f"{base}/empty.html", allow_private=True)


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/missing", "HTTP 404 Not Found"), ("/broken", "HTTP 500 Internal Server Error")],
)
def test_http_errors(base: str, path: str, reason: str) -> None:
    with pytest.raises(IngestError) as info:
        fetch(f"{base}{path}", allow_private=True)
    assert (info.value.origin, info.value.reason) == (f"{base}{path}", reason)


@pytest.mark.parametrize("path", ["/big-declared", "/big-streamed"])
def test_response_over_size_limit(base: str, path: str) -> None:
    limits = Limits(max_input_bytes=1000)
    with pytest.raises(IngestError, match="response is over the 1,000 bytes size limit"):
        fetch(f"{base}{path}", allow_private=True, limits=limits)
    assert len(fetch(f"{base}{path}", allow_private=True, limits=Limits(5000)).data) == 5000


def test_declared_length_over_limit_is_refused_before_reading(base: str) -> None:
    with pytest.raises(IngestError, match=r"limit \(1,000,000,000 bytes\)$"):
        fetch(f"{base}/huge-declared", allow_private=True, limits=Limits(max_input_bytes=1000))


@pytest.mark.parametrize("path", ["/slow", "/drip"])
def test_timeout_bounds_the_whole_fetch(base: str, path: str) -> None:
    started = time.monotonic()
    with pytest.raises(IngestError, match=r"timed out after 0\.3 s$"):
        fetch(f"{base}{path}", allow_private=True, limits=FAST)
    assert time.monotonic() - started < SLOW_SECONDS * 0.8


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(IngestError, match="connection refused"):
        fetch(f"http://127.0.0.1:{port}/", allow_private=True, limits=FAST)


@pytest.mark.parametrize(
    ("path", "final"), [("/redirect", "/article.html"), ("/redirect-relative", "/plain.txt")]
)
def test_redirects_are_followed(base: str, seen: Seen, path: str, final: str) -> None:
    fetched = fetch(f"{base}{path}", allow_private=True)
    assert fetched.url == f"{base}{final}"
    assert [p for p, _ in seen.requests] == [path, final]


def test_redirect_loop_stops_after_five(base: str, seen: Seen) -> None:
    with pytest.raises(IngestError, match=r"too many redirects \(more than 5\)"):
        fetch(f"{base}/redirect-loop", allow_private=True)
    assert len(seen.requests) == 6


def test_redirect_target_scheme_is_checked(base: str) -> None:
    with pytest.raises(IngestError, match=r"redirected to file:///etc/passwd, refused: .*scheme"):
        fetch(f"{base}/redirect-file", allow_private=True)


def test_every_redirect_target_is_checked(
    base: str, seen: Seen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the test server's own loopback address allowed, a redirect to 10.x is refused."""
    original = web.address_problem
    loopback = ipaddress.ip_address("127.0.0.1")
    monkeypatch.setattr(web, "address_problem", lambda a: None if a == loopback else original(a))
    connect = socket.create_connection

    def loopback_only(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        assert address[0] == "127.0.0.1", f"tried to connect to {address}"
        return connect(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", loopback_only)
    refused = r"redirected to http://10\.1\.2\.3/x, refused: .*private"
    with pytest.raises(IngestError, match=refused):
        fetch(f"{base}/redirect-private", limits=FAST)
    assert [p for p, _ in seen.requests] == ["/redirect-private"]


# --- refusals without allow_private ------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_is_refused_before_connecting(server: Server, seen: Seen, host: str) -> None:
    url = f"http://{host}:{server.server_address[1]}/article.html"
    for call in (fetch, read_url):
        with pytest.raises(IngestError, match=r"loopback.*--allow-private") as info:
            call(url)
        assert info.value.origin == url
    assert seen.connections == 0 and seen.requests == []


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_connected_peer_is_checked_against_dns_rebinding(
    server: Server, seen: Seen, monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    """A name that looked public when checked but connects to loopback is refused.

    For https the refusal comes before the TLS handshake (the server speaks plain HTTP, so a
    handshake would fail with a TLS error instead).
    """
    monkeypatch.setattr(web, "_resolve", lambda *a: [ipaddress.ip_address("93.184.216.34")])
    url = f"{scheme}://127.0.0.1:{server.server_address[1]}/article.html"
    with pytest.raises(IngestError, match=r"connected to a loopback address.*--allow-private"):
        fetch(url, limits=FAST)
    assert seen.requests == []


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1:8080/admin", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "an IPv4-mapped loopback address"),
        ("http://[fe80::1]/", "link-local"),
        ("https://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://100.64.0.1/", "non-public"),
    ],
)
def test_private_addresses_refused_without_network(url: str, problem: str) -> None:
    with pytest.raises(IngestError, match=f"{problem}.*--allow-private") as info:
        check_url(url)
    assert info.value.origin == url
    check_url(url, allow_private=True)  # the override


@pytest.mark.usefixtures("no_network")
def test_public_ip_literal_passes_without_network() -> None:
    check_url("https://93.184.216.34/news?id=1")
    check_url("http://[2606:2800:220:1:248:1893:25c8:1946]:8080/")


def test_name_refused_if_any_address_is_private(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_getaddrinfo(host: str, port: int, **kwargs: object) -> list[tuple]:
        stream = socket.SOCK_STREAM
        return [
            (socket.AF_INET, stream, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, stream, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(IngestError, match=r"host news\.example is a private network address"):
        check_url("https://news.example/a")


def test_numeric_host_forms_are_resolved_and_refused() -> None:
    for url in ("http://2130706433/", "http://127.1/", "http://0x7f.0.0.1/"):
        with pytest.raises(IngestError, match="loopback"):
            check_url(url)


def test_unresolvable_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(IngestError, match=r"cannot resolve host nowhere\.invalid"):
        fetch("http://nowhere.invalid/")


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", r"unsupported URL scheme \(file:\)"),
        ("ftp://example.org/x", r"unsupported URL scheme \(ftp:\)"),
        ("javascript:alert(1)", r"unsupported URL scheme \(javascript:\)"),
        ("data:text/html,<p>hi</p>", r"unsupported URL scheme \(data:\)"),
        ("example.org/page", r"unsupported URL scheme \(no scheme\)"),
        ("http:///no-host", "URL has no host"),
        ("http://example.org:99999/", "malformed URL"),
    ],
)
def test_bad_urls_refused(url: str, reason: str) -> None:
    for call in (check_url, fetch, read_url):
        with pytest.raises(IngestError, match=reason) as info:
            call(url, allow_private=True)
        assert info.value.origin == url

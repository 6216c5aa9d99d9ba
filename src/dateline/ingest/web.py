"""Fetching articles and feeds from the web, guarded against reaching private networks.

Every URL, redirect targets included, is checked before any connection: only http(s), and
by default no host that resolves to a loopback, private, link-local, multicast, reserved or
otherwise non-public address. The address actually connected to is checked again, so a name
that resolves differently the second time (DNS rebinding) is refused too. Responses are read
with a size cap and an overall deadline. No proxy is used.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from dateline import __version__
from dateline.ingest.build import build_article
from dateline.ingest.errors import IngestError, IngestFailure
from dateline.ingest.feeds import looks_like_feed, read_feed
from dateline.ingest.html import codec_name, read_html
from dateline.ingest.limits import DEFAULT_LIMITS, MB, Limits
from dateline.ingest.text import decode_utf8
from dateline.model import Article

USER_AGENT = f"dateline/{__version__} (+https://github.com/dateline)"
MAX_REDIRECTS = 5
OVERRIDE_HINT = "use --allow-private to fetch from it anyway"

_SCHEMES = ("http", "https")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.8, */*;q=0.1"
)
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_SNIFF_TYPES = frozenset({
    "application/xml", "text/xml", "text/html", "text/plain", "application/octet-stream", "",
})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_COMPRESSED = frozenset({"gzip", "x-gzip", "deflate"})

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Fetched:
    """A fetched response: final URL after redirects, status, Content-Type header, body."""

    url: str
    status: int
    content_type: str
    data: bytes

    @property
    def media_type(self) -> str:
        """The media type of ``content_type``, lower case, without parameters ("" if none)."""
        return self.content_type.split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset parameter of ``content_type``, if any."""
        message = Message()
        message["Content-Type"] = self.content_type or "application/octet-stream"
        value = message.get_param("charset")
        return value if isinstance(value, str) and value else None


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Refuse (IngestError) a URL dateline must not fetch; return None for a fetchable one.

    Only http and https with a host are allowed. Unless ``allow_private``, the host is
    resolved and refused if any of its addresses is not a public one.
    """
    host, port = _host_and_port(url)
    if allow_private:
        return
    for address in _resolve(url, host, port):
        problem = address_problem(address)
        if problem:
            raise IngestError(url, f"host {host} is {problem} ({address}); {OVERRIDE_HINT}")


def address_problem(address: Address) -> str | None:
    """Why an address is off limits ("a loopback address", ...), or None for a public one."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        problem = address_problem(mapped)
        return f"an IPv4-mapped {problem.split(' ', 1)[1]}" if problem else None
    checks = (
        ("is_loopback", "a loopback address"),
        ("is_unspecified", "an unspecified address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private network address"),
    )
    for attribute, label in checks:
        if getattr(address, attribute):
            return label
    return None if address.is_global else "a non-public address"


def fetch(url: str, *, allow_private: bool = False, limits: Limits = DEFAULT_LIMITS) -> Fetched:
    """GET ``url`` following at most 5 redirects, each target checked before it is connected to.

    Raises IngestError naming ``url`` for a refused URL, an HTTP error status, a timeout
    (``limits.fetch_timeout`` for the whole fetch), a network failure or a body over
    ``limits.max_input_bytes``.
    """
    deadline = time.monotonic() + limits.fetch_timeout
    start = current = url.strip()
    for _ in range(MAX_REDIRECTS + 1):
        try:
            check_url(current, allow_private=allow_private)
        except IngestError as exc:
            if current == start:
                raise IngestError(url, exc.reason) from None
            raise IngestError(url, f"redirected to {current}, refused: {exc.reason}") from None
        fetched = _get(current, url, allow_private, limits, deadline)
        if isinstance(fetched, Fetched):
            return fetched
        current = fetched
    raise IngestError(url, f"too many redirects (more than {MAX_REDIRECTS})")


def read_url(
    url: str,
    *,
    allow_private: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    meta: dict[str, Any] | None = None,
) -> Iterator[Article | IngestFailure]:
    """Articles from a URL: every item of a feed, or the one article of an HTML or text page.

    The fetch happens in this call, so a refused or failed URL raises IngestError here.
    """
    fetched = fetch(url, allow_private=allow_private, limits=limits)
    if _is_feed(fetched):
        return read_feed(fetched.data, origin=url, limits=limits)
    article_id = "url-" + hashlib.sha256(fetched.url.encode("utf-8")).hexdigest()[:16]
    data = _as_utf8(fetched)
    if fetched.media_type in _HTML_TYPES or _sniff_html(fetched):
        article = read_html(
            data, origin=url, article_id=article_id, meta=meta, limits=limits, url=fetched.url
        )
        return iter([article])
    if fetched.media_type == "text/plain":
        text = decode_utf8(data, url)
        article = build_article(
            article_id,
            text,
            origin=url,
            meta={"url": fetched.url, **(meta or {})},
            limits=limits,
            title_from_first_line=True,
        )
        return iter([article])
    raise IngestError(url, f"unsupported content type {fetched.media_type or '(none)'}")


def _host_and_port(url: str) -> tuple[str, int]:
    """Host and port of an http(s) URL, or IngestError saying what is wrong with it."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise IngestError(url, f"malformed URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise IngestError(url, f"unsupported URL scheme ({shown}): only http and https are fetched")
    if not parts.hostname:
        raise IngestError(url, "URL has no host")
    return parts.hostname, port or (443 if scheme == "https" else 80)


def _resolve(url: str, host: str, port: int) -> list[Address]:
    """The addresses of ``host``: an IP literal as is, a name through getaddrinfo."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise IngestError(url, f"cannot resolve host {host}: {_os_reason(exc)}") from None
    addresses = [_sockaddr_ip(info[4]) for info in infos]
    if not addresses:
        raise IngestError(url, f"cannot resolve host {host}: no address")
    return addresses


def _sockaddr_ip(sockaddr: Any) -> Address:
    """The IP address of a socket address tuple (IPv6 scope ids dropped)."""
    return ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])


def _get(
    target: str, url: str, allow_private: bool, limits: Limits, deadline: float
) -> Fetched | str:
    """One GET of ``target``: the response, or the URL a redirect points to."""
    connection = _connection(target, allow_private, _remaining(url, limits, deadline))
    try:
        response, sock = _send(connection, target, url, limits)
        with response:
            if response.status in _REDIRECTS and response.getheader("Location"):
                return urljoin(target, response.getheader("Location", "").strip())
            if not 200 <= response.status < 300:
                raise IngestError(url, f"HTTP {response.status} {response.reason}".strip())
            _check_length(response, url, limits)
            body = _read_body(sock, response, url, limits, deadline)
        return Fetched(target, response.status, response.getheader("Content-Type", ""), body)
    finally:
        connection.close()


def _send(
    connection: http.client.HTTPConnection, target: str, url: str, limits: Limits
) -> tuple[http.client.HTTPResponse, socket.socket]:
    """Send the GET request and read the status line and headers.

    The socket is returned too: the connection lets go of it once the response owns it,
    and the body reads still need their timeout set against the deadline.
    """
    parts = urlsplit(target)
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_PATH_SAFE + "?")
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": _ACCEPT,
        "Accept-Encoding": "identity",
        "Connection": "close",
    }
    try:
        connection.request("GET", path, headers=headers)
        sock = connection.sock
        return connection.getresponse(), sock
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise IngestError(url, _network_reason(exc, limits)) from None


def _connection(target: str, allow_private: bool, timeout: float) -> http.client.HTTPConnection:
    """An unopened connection to ``target``'s host, peer-checked unless ``allow_private``."""
    parts = urlsplit(target)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    if parts.scheme.lower() == "https":
        context = ssl.create_default_context()
        kind = _CheckedHTTPSConnection if not allow_private else http.client.HTTPSConnection
        return kind(host, port, timeout=timeout, context=context)
    kind = _CheckedHTTPConnection if not allow_private else http.client.HTTPConnection
    return kind(host, port, timeout=timeout)


class _CheckedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection that refuses, once connected, a non-public peer address."""

    def connect(self) -> None:
        """Connect, then close and refuse if the peer is not a public address."""
        super().connect()
        peer = _sockaddr_ip(self.sock.getpeername())
        problem = address_problem(peer)
        if problem:
            self.close()
            raise _PeerRefused(f"host {self.host} connected to {problem} ({peer}); {OVERRIDE_HINT}")


class _CheckedHTTPSConnection(http.client.HTTPSConnection, _CheckedHTTPConnection):
    """HTTPS with the peer check of :class:`_CheckedHTTPConnection`, made before the handshake.

    HTTPSConnection.connect calls ``super().connect()``, which here is the checked connect.
    """


class _PeerRefused(ConnectionError):
    """The connection reached an address dateline does not fetch from."""


def _check_length(response: http.client.HTTPResponse, url: str, limits: Limits) -> None:
    """Refuse early a response whose declared Content-Length is over the size limit."""
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limits.max_input_bytes:
        raise IngestError(url, _too_big(limits, int(declared)))


def _read_body(
    sock: socket.socket,
    response: http.client.HTTPResponse,
    url: str,
    limits: Limits,
    deadline: float,
) -> bytes:
    """The body, read in chunks within the deadline; at most max_input_bytes, else refused."""
    cap = limits.max_input_bytes
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= cap:
            sock.settimeout(_remaining(url, limits, deadline))
            chunk = response.read1(min(_CHUNK, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except (OSError, http.client.HTTPException) as exc:
        raise IngestError(url, _network_reason(exc, limits)) from None
    if size > cap:
        raise IngestError(url, _too_big(limits))
    return _decompress(b"".join(chunks), response.getheader("Content-Encoding"), url, limits)


def _decompress(data: bytes, encoding: str | None, url: str, limits: Limits) -> bytes:
    """The body without a gzip/deflate content coding, capped at the size limit."""
    coding = (encoding or "identity").strip().lower()
    if coding in ("", "identity"):
        return data
    if coding not in _COMPRESSED:
        raise IngestError(url, f"unsupported content encoding {coding}")
    try:
        inflater = zlib.decompressobj(47)  # 32 + 15: gzip or zlib header, detected
        out = inflater.decompress(data, limits.max_input_bytes + 1)
    except zlib.error as exc:
        raise IngestError(url, f"corrupt {coding} response: {exc}") from None
    if len(out) > limits.max_input_bytes:
        raise IngestError(url, _too_big(limits))
    return out


def _remaining(url: str, limits: Limits, deadline: float) -> float:
    """Seconds left before the fetch deadline, or IngestError once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise IngestError(url, _timed_out(limits))
    return left


def _network_reason(exc: BaseException, limits: Limits) -> str:
    """A clear reason for a failed connection, request or read."""
    if isinstance(exc, _PeerRefused):
        return str(exc)
    if isinstance(exc, TimeoutError):
        return _timed_out(limits)
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve host: {_os_reason(exc)}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc.reason or exc}"
    if isinstance(exc, http.client.HTTPException):
        return f"bad HTTP response: {type(exc).__name__} {exc}".strip()
    if isinstance(exc, OSError):
        return f"network error: {_os_reason(exc)}"
    return f"cannot send the request: {exc}"


def _os_reason(exc: BaseException) -> str:
    """The human part of an OSError (its strerror) or the exception text."""
    reason = getattr(exc, "strerror", None)
    return str(reason or exc or type(exc).__name__)


def _timed_out(limits: Limits) -> str:
    """The message of a fetch that took longer than the timeout."""
    return f"timed out after {limits.fetch_timeout:g} s"


def _too_big(limits: Limits, size: int | None = None) -> str:
    """The message of a response over the size limit."""
    cap = limits.max_input_bytes
    limit = f"{cap / MB:.0f} MB" if cap >= MB else f"{cap:,} bytes"
    stated = f" ({size:,} bytes)" if size is not None else ""
    return f"response is over the {limit} size limit{stated}"


def _is_feed(fetched: Fetched) -> bool:
    """True for an RSS/Atom media type, or an XML-ish/untyped body that sniffs as a feed."""
    if fetched.media_type in _FEED_TYPES:
        return True
    return fetched.media_type in _SNIFF_TYPES and looks_like_feed(fetched.data)


def _sniff_html(fetched: Fetched) -> bool:
    """True for an untyped body that starts like an HTML document."""
    if fetched.media_type not in ("", "application/octet-stream"):
        return False
    head = fetched.data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _as_utf8(fetched: Fetched) -> bytes:
    """The body as UTF-8 when the header declares another charset and the body is not UTF-8.

    The header charset wins over what the page says (as in browsers); UTF-8 is then
    recognised first by the HTML and text readers.
    """
    codec = codec_name(fetched.charset) if fetched.charset else None
    if codec is None or codec == "utf-8":
        return fetched.data
    try:
        fetched.data.decode("utf-8")
        return fetched.data
    except UnicodeDecodeError:
        return fetched.data.decode(codec, errors="replace").encode("utf-8")

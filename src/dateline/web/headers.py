"""Security headers on every response (pages, static files, API, errors).

The pages load only their own scripts and styles (no inline code, no CDN), so a strict Content
Security Policy costs nothing and stops injected markup from an article's text from running or
phoning home. The one outside origin allowed is the map's tile server, for images only, when
``--tiles`` names one.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SecurityHeaders", "content_security_policy", "tiles_origin"]

_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?")
_PLACEHOLDER = re.compile(r"\{[a-z]+\}")


def tiles_origin(template: str) -> str:
    """The origin of a tile URL template, as a CSP source: "https://tile.example.org" for
    "https://tile.example.org/{z}/{x}/{y}.png"; a ``{s}`` subdomain becomes a wildcard."""
    parts = urlsplit(template)
    host = parts.hostname or ""
    if (parts.scheme not in ("http", "https") or not host
            or any(ch.isspace() or not ch.isprintable() for ch in template)):
        raise ValueError(f"tiles must be an http(s) URL template, got {template!r}")
    labels = ["*" if _PLACEHOLDER.fullmatch(label) else label for label in host.split(".")]
    if "*" in labels[1:] or not all(label == "*" or _LABEL.fullmatch(label)
                                    for label in labels):
        raise ValueError(f"tiles: not a host name, or a placeholder other than in its first "
                         f"label: {template!r}")
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        raise ValueError(f"tiles: bad port in {template!r}") from None
    return f"{parts.scheme}://{'.'.join(labels)}{port}"


def content_security_policy(tiles: str | None) -> str:
    images = "'self' data:" + (f" {tiles_origin(tiles)}" if tiles else "")
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {images}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")


class SecurityHeaders:
    """Pure ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp, *, tiles: str | None = None) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", content_security_policy(tiles).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
        ]
        self._names = {name for name, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", [])
                        if k.lower() not in self._names]
                message = {**message, "headers": [*kept, *self.headers]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

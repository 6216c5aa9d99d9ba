"""Run the web app with uvicorn (``dateline serve``): loopback by default, one log line with
the address to open."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import uvicorn

from dateline.web.app import create_app

__all__ = ["serve", "url_of"]


def url_of(host: str, port: int) -> str:
    """The address to open for a listening host (an IPv6 host in brackets)."""
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def serve(db: Path, host: str = "127.0.0.1", port: int = 8000,
          tiles: str | None = None) -> None:
    """Serve the store at ``db`` until interrupted. Raises StoreError (missing or foreign
    database) or ValueError (bad tiles template) before listening."""
    app = create_app(db, tiles=tiles)
    print(f"dateline: serving {db} at {url_of(host, port)} (Ctrl+C to stop)",
          file=sys.stderr, flush=True)
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                server_header=False)

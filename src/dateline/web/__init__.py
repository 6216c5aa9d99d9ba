"""The web app over a dateline store: static pages, and the read-only JSON API they use
(``/api/v1``). :func:`dateline.web.app.create_app` builds it; :func:`dateline.web.server.serve`
runs it (``dateline serve``)."""

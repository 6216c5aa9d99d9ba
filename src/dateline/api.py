"""The Python API: analyse a text, or files/folders/URLs into a store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dateline.analyze import analyze
from dateline.ingest.build import build_article
from dateline.ingest.limits import DEFAULT_LIMITS, Limits
from dateline.model import Analysis, content_hash
from dateline.run import RunResult, run_analysis
from dateline.store.sqlite import Store


def analyze_text(
    text: str,
    *,
    published: str | None = None,
    language: str | None = None,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
    article_id: str | None = None,
) -> Analysis:
    """Analyse one article given as text. ``published`` (ISO date) anchors relative dates;
    ``language`` (ISO 639-1) skips detection. Raises IngestError for unusable input."""
    meta = {"published": published, "language": language, "source": source, "title": title,
            "url": url}
    ident = article_id or f"text-{content_hash(text)[:16]}"
    article = build_article(ident, text, origin=ident,
                            meta={k: v for k, v in meta.items() if v is not None},
                            title_from_first_line=title is None)
    return analyze(article)


def analyze_paths(
    paths: Sequence[str | Path],
    *,
    db: str | Path | None = None,
    jsonl: str | Path | None = None,
    allow_private: bool = False,
    workers: int = 1,
    limits: Limits = DEFAULT_LIMITS,
) -> RunResult:
    """Analyse files, folders and URLs. With ``db`` the results are stored there (articles
    already stored unchanged are not analysed again); without, in a throwaway store. The
    result holds the analyses of this run, its duplicates and its named failures."""
    with Store(db if db is not None else ":memory:") as store:
        return run_analysis(
            [str(p) for p in paths], store, jsonl=str(jsonl) if jsonl else None,
            allow_private=allow_private, workers=workers, limits=limits, keep=True,
        )

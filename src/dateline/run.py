"""A run: inputs -> ingest -> dedupe -> analyse (in this process or in workers) -> store.

Each article is stored in its own transaction as soon as it is analysed, so an interrupted
run keeps everything before the interruption; running again picks up where it stopped
(stored, unchanged articles are not analysed again).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

from datasketch import MinHash

from dateline.analyze import analyze_articles
from dateline.ingest.dedupe import Deduplicator, Duplicate, signature_bytes
from dateline.ingest.errors import IngestFailure
from dateline.ingest.limits import DEFAULT_LIMITS, Limits
from dateline.ingest.sources import discover, read_source
from dateline.model import Analysis, Article, jsonl_line, to_record
from dateline.outlets import (
    OutletHomes,
    article_outlet,
    home_from_record,
    outlet_of,
    same_home,
)
from dateline.store.sqlite import Store

BATCH = 16
Progress = Callable[[str, str], None]  # (event, detail): sources|source|analysed|...


@dataclass
class RunResult:
    sources: int = 0
    read: int = 0
    analysed: int = 0
    unchanged: int = 0
    rehomed: int = 0  # analysed again once their outlet's home was learned in this run
    duplicates: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    failures: list[IngestFailure] = field(default_factory=list)
    warnings: list[IngestFailure] = field(default_factory=list)  # kept, with a problem noted
    aborted: str | None = None
    analyses: list[Analysis] = field(default_factory=list)
    found: Counter[str] = field(default_factory=Counter)  # places, times ... in this run's records
    event_types: Counter[str] = field(default_factory=Counter)

    def count(self, record: dict[str, Any]) -> None:
        """Add a record's extracted items to the run's tallies."""
        for name in ("places", "times", "quotes", "quantities", "events"):
            self.found[name] += len(record.get(name) or [])
        self.event_types.update(e.get("type") for e in record.get("events") or [])

    @property
    def ok(self) -> bool:
        return not self.failures and self.aborted is None

    def summary(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "articles_read": self.read,
            "analysed": self.analysed,
            "unchanged": self.unchanged,
            "rehomed": self.rehomed,
            "duplicates": dict(self.duplicates),
            "languages": dict(self.languages),
            "failures": [str(f) for f in self.failures],
            "warnings": [str(w) for w in self.warnings],
            "aborted": self.aborted,
            "found": dict(self.found),
            "event_types": dict(self.event_types),
        }


def analyse_safely(articles: list[Article]) -> list[Analysis | str]:
    """Analyse a batch; if it fails, analyse one by one so one bad article fails alone."""
    try:
        return list(analyze_articles(articles))
    except Exception:
        out: list[Analysis | str] = []
        for article in articles:
            try:
                out.append(analyze_articles([article])[0])
            except Exception as exc:
                out.append(f"analysis failed: {type(exc).__name__}: {exc}")
        return out


class _JsonlOut:
    """Records written to a temporary file, moved into place only when the run ends."""

    def __init__(self, target: str | None) -> None:
        self.target = target
        self.ids: list[str] = []
        self._fh: IO[str] | None = None
        self._tmp: str | None = None
        if target == "-":
            self._fh = sys.stdout
        elif target:
            folder = Path(target).resolve().parent
            fd, self._tmp = tempfile.mkstemp(prefix=".dateline-", suffix=".jsonl", dir=folder)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self._tmp, 0o666 & ~umask)  # mkstemp makes it private; give it the usual
            self._fh = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, record: dict[str, Any]) -> None:
        if self._fh is not None:
            self._fh.write(jsonl_line(record))
            self.ids.append(record["id"])

    def rewrite(self, store: Store) -> None:
        """Write the run's records again as the store now has them (some were analysed
        again): one line per article, in the order first written."""
        if self._fh is None or self._tmp is None:
            return  # standard output: the lines are gone; the store holds the final ones
        self._fh.seek(0)
        self._fh.truncate()
        for article_id in self.ids:
            record = store.record(article_id)
            if record is not None:
                self._fh.write(jsonl_line(record))

    def close(self, keep: bool) -> None:
        if self._fh is None or self._tmp is None:
            if self._fh is not None:
                self._fh.flush()
            return
        self._fh.close()
        if keep and self.target:
            os.replace(self._tmp, self.target)
        else:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)


class _Analyser:
    """Runs batches in this process, or in a pool of worker processes with bounded backlog."""

    def __init__(self, workers: int) -> None:
        self.pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
        self.backlog = 2 * max(workers, 1)
        self.queue: deque[tuple[list[Article], Future[list[Analysis | str]]]] = deque()

    def submit(self, batch: list[Article]) -> Iterator[tuple[Article, Analysis | str]]:
        if self.pool is None:
            yield from zip(batch, analyse_safely(batch), strict=True)
            return
        self.queue.append((batch, self.pool.submit(analyse_safely, batch)))
        while len(self.queue) > self.backlog:
            yield from self._collect()

    def drain(self) -> Iterator[tuple[Article, Analysis | str]]:
        while self.queue:
            yield from self._collect()

    def _collect(self) -> Iterator[tuple[Article, Analysis | str]]:
        batch, future = self.queue.popleft()
        yield from zip(batch, future.result(), strict=True)

    def pending(self) -> list[Article]:
        return [a for batch, _ in self.queue for a in batch]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _current(record: dict[str, Any], article: Article) -> bool:
    """Whether a stored record was made by the extractors (names and versions) of this build,
    with the outlet home the article has now."""
    from dateline.extract import REGISTRY

    made = [(e.get("name"), e.get("version")) for e in record.get("extractors", [])]
    return (made == [(e.name, e.version) for e in REGISTRY]
            and same_home(home_from_record(record), article.outlet_home))


def _stored_article(store: Store, article_id: str, record: dict[str, Any]) -> Article | None:
    """An analysed article as the store has it (with its stored ``record``), to analyse
    again."""
    row, text = store.article(article_id), store.text(article_id)
    if row is None or text is None:
        return None
    return Article(id=row["id"], text=text, title=row["title"], published=row["published"],
                   source=row["source"], url=row["url"], language=row["language"],
                   origin=row["origin"], metadata={"warnings": record.get("warnings", [])})


def _rehome(store: Store, analyser: _Analyser, ids: dict[str, None], result: RunResult,
            out: _JsonlOut, notify: Progress) -> None:
    """Analyse again, with the home the store now knows, this run's articles whose outlet's
    home changed while the run learned it (the first articles of a new local paper)."""
    homes = OutletHomes(store.outlet_rows())
    again: list[Article] = []
    for article_id in ids:  # in the order they were first analysed
        record = store.record(article_id)
        if record is None:
            continue
        home = homes.for_outlet(outlet_of(record.get("url"), record.get("source")), article_id)
        if same_home(home, home_from_record(record)):
            continue
        article = _stored_article(store, article_id, record)  # the text only when needed
        if article is not None:
            article.outlet_home = home
            again.append(article)
    if not again:
        return
    notify("rehome", str(len(again)))
    for start in range(0, len(again), BATCH):
        for article, outcome in analyser.submit(again[start:start + BATCH]):
            _store_again(store, article, outcome, result, notify)
    for article, outcome in analyser.drain():
        _store_again(store, article, outcome, result, notify)
    out.rewrite(store)


def _store_again(store: Store, article: Article, outcome: Analysis | str, result: RunResult,
                 notify: Progress) -> None:
    """Replace an article's analysis with its new one; on failure the first one stays."""
    if isinstance(outcome, str):
        warning = IngestFailure(article.origin or article.id,
                                f"not analysed again with its outlet's home ({outcome}); "
                                "the first analysis is kept")
        result.warnings.append(warning)
        notify("warning", str(warning))
        return
    store.save_analysis(article, to_record(outcome))
    result.rehomed += 1
    notify("rehomed", article.id)


def run_analysis(
    inputs: Sequence[str],
    store: Store,
    *,
    jsonl: str | None = None,
    allow_private: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    workers: int = 1,
    keep: bool = False,
    dedupe: bool = True,
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
    rehome: bool = True,
) -> RunResult:
    """Analyse every article of ``inputs`` into ``store``; optionally write JSON Lines.

    ``dedupe=False`` analyses near-duplicates too (benchmarks whose articles share wire
    text); exact duplicates of one id are still recognised as unchanged.

    Each article is analysed with its outlet's home as the store knew it when the run
    began (:mod:`dateline.outlets`). With ``rehome``, the articles whose outlet's home this
    run changed are analysed once more at the end, with the home learned."""
    notify = progress or (lambda event, detail: None)
    result = RunResult()
    sources, missing = discover(inputs)
    result.sources = len(sources) + len(missing)
    for failure in missing:
        result.failures.append(failure)
        notify("failed", str(failure))
    notify("sources", str(len(sources)))
    dedup = Deduplicator()
    dedup.load(store.known_texts())
    homes = OutletHomes(store.outlet_rows())
    with_outlet: dict[str, None] = {}  # the ids this run analyses that have an outlet, in order
    run_id = store.start_run(list(inputs))
    out = _JsonlOut(jsonl)
    analyser = _Analyser(workers)
    seen: dict[str, str] = {}  # id -> content hash, within this run
    signatures: dict[str, MinHash] = {}
    pending: list[Article] = []
    # Duplicates of articles still being analysed wait for them (the store links to them).
    waiting: dict[str, list[tuple[Article, Duplicate, MinHash]]] = {}

    def save_duplicate(article: Article, duplicate: Duplicate, mh: MinHash) -> None:
        store.save_duplicate(article, duplicate.of, duplicate.kind, duplicate.similarity,
                             signature_bytes(mh))
        result.duplicates[duplicate.kind] += 1
        notify("duplicate", f"{article.id} = {duplicate.of} ({duplicate.kind})")

    def store_results(done: Iterator[tuple[Article, Analysis | str]]) -> None:
        for article, outcome in done:
            if isinstance(outcome, str):
                result.failures.append(IngestFailure(article.origin or article.id, outcome))
                notify("failed", f"{article.origin}: {outcome}")
                for dup_article, _, _ in waiting.pop(article.id, []):
                    result.failures.append(IngestFailure(
                        dup_article.origin or dup_article.id,
                        f"duplicate of {article.id}, whose analysis failed"))
                continue
            record = to_record(outcome)
            store.save_analysis(article, record, signature_bytes(signatures.pop(article.id)))
            out.write(record)
            result.count(record)
            result.analysed += 1
            result.languages[outcome.language] += 1
            if keep:
                result.analyses.append(outcome)
            notify("analysed", article.id)
            for dup_article, duplicate, mh in waiting.pop(article.id, []):
                save_duplicate(dup_article, duplicate, mh)

    def handle(article: Article) -> None:
        result.read += 1
        for warning in article.metadata.get("warnings", []):
            result.warnings.append(IngestFailure(article.origin or article.id, warning))
            notify("warning", f"{article.origin}: {warning}")
        digest = article.content_hash
        if article.id in seen:
            if seen[article.id] != digest:
                failure = IngestFailure(
                    article.origin or article.id,
                    f"article id {article.id!r} was given twice in this run with different texts",
                )
                result.failures.append(failure)
                notify("failed", str(failure))
            else:
                result.unchanged += 1
            return
        seen[article.id] = digest
        article.outlet_home = homes.home(article)
        stored = store.lookup(article.id)
        if stored is not None and stored.content_hash == digest and (
            stored.analysed or stored.duplicate_of
        ):
            record = store.record(article.id) if stored.analysed else None
            if not stored.analysed or (record is not None and _current(record, article)):
                result.unchanged += 1
                if record is not None:
                    out.write(record)
                    result.count(record)
                    result.languages[record["language"]] += 1
                notify("unchanged", article.id)
                return
            # analysed by other extractors (an upgrade): analyse it again
        duplicate, mh = dedup.check(article.id, article.text)
        if duplicate is not None and dedupe:
            if duplicate.of in signatures:  # the first is still being analysed
                waiting.setdefault(duplicate.of, []).append((article, duplicate, mh))
            else:
                save_duplicate(article, duplicate, mh)
            return
        dedup.add(article.id, article.text, mh)
        signatures[article.id] = mh
        if article_outlet(article) is not None:
            with_outlet[article.id] = None
        pending.append(article)
        if len(pending) >= BATCH:
            batch = pending.copy()
            pending.clear()
            store_results(analyser.submit(batch))

    completed = False
    try:
        for source in sources:
            for item in read_source(source, allow_private=allow_private, limits=limits,
                                    stdin=stdin):
                if isinstance(item, IngestFailure):
                    result.failures.append(item)
                    notify("failed", str(item))
                else:
                    handle(item)
            notify("source", source.location)
        if pending:
            store_results(analyser.submit(pending.copy()))
            pending.clear()
        store_results(analyser.drain())
        if rehome and with_outlet:
            _rehome(store, analyser, with_outlet, result, out, notify)
        completed = True
    except BrokenProcessPool as exc:
        lost = analyser.pending() + pending
        lost += [a for group in waiting.values() for a, _, _ in group]
        result.aborted = f"an analysis worker process died ({exc}); run stopped"
        for article in lost:
            result.failures.append(
                IngestFailure(article.origin or article.id, "not analysed: the run stopped")
            )
    finally:
        analyser.close()
        out.close(keep=completed)
        store.finish_run(run_id, result.summary())
    return result

"""Throughput of the full per-article analysis against a bare spaCy pass, in one run.

The demo corpus is replicated to at least N articles (default 500). Three passes over the
same texts, after every pipeline is loaded (load time excluded from all):

  bare      spacy.load(package).pipe(texts) per language: the floor any spaCy system pays
  analysis  dateline's analyze_articles (language id, pipeline, extractors) + the record
  stored    the same plus the SQLite write of each record in its own transaction

Prints articles/s for each, the ratios to the bare pass, and the process's peak memory.
Usage: python benchmarks/throughput.py [--n 500] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import spacy
from rich.console import Console
from rich.table import Table

from dateline.analyze import PIPE_BATCH, analyze_articles
from dateline.demo import demo_corpus
from dateline.ingest.errors import IngestFailure
from dateline.ingest.sources import discover, read_source
from dateline.model import Article, to_record
from dateline.nlp.language import choose_language
from dateline.nlp.pipeline import get_pipeline, pipeline_table
from dateline.store.sqlite import Store


def corpus(n: int) -> list[Article]:
    sources, _ = discover([str(demo_corpus())])
    base = [a for s in sources for a in read_source(s) if not isinstance(a, IngestFailure)]
    if not base:
        sys.exit("the demo corpus is empty")
    return [replace(base[i % len(base)], id=f"{base[i % len(base)].id}-{i}") for i in range(n)]


def bare_pass(articles: list[Article], languages: list[str]) -> float:
    groups: dict[str, list[str]] = defaultdict(list)
    for article, language in zip(articles, languages, strict=True):
        groups[language].append(article.text)
    table = pipeline_table()
    models = {}
    for language in groups:
        if language in table:
            models[language] = spacy.load(table[language])
        else:
            models[language] = spacy.blank(language)
            models[language].add_pipe("sentencizer")
    for language, texts in groups.items():  # warm up, as the analysis pass is warmed up
        for _ in models[language].pipe(texts[:PIPE_BATCH], batch_size=PIPE_BATCH):
            pass
    start = time.perf_counter()
    for language, texts in groups.items():
        for _ in models[language].pipe(texts, batch_size=PIPE_BATCH):
            pass
    return time.perf_counter() - start


def analysis_pass(articles: list[Article], store: Store | None) -> float:
    start = time.perf_counter()
    for i in range(0, len(articles), PIPE_BATCH):
        batch = articles[i : i + PIPE_BATCH]
        for article, analysis in zip(batch, analyze_articles(batch), strict=True):
            record = to_record(analysis)
            if store is not None:
                store.save_analysis(article, record)  # serializes the record
            else:
                json.dumps(record, ensure_ascii=False)
    return time.perf_counter() - start


def extractor_times(articles: list[Article], languages: list[str]) -> dict[str, float]:
    """Seconds each registered extractor takes over the parsed articles (parsing excluded)."""
    from dateline.analyze import parse
    from dateline.extract import REGISTRY

    parsed = [parse(a, lang) for a, lang in zip(articles, languages, strict=True)]
    found: list[dict[str, list]] = [{} for _ in parsed]  # each article's results so far
    times: dict[str, float] = {}
    for extractor in REGISTRY:
        extractor(parsed[0], dict(found[0]))  # load its data outside the timing
        start = time.perf_counter()
        for p, results in zip(parsed, found, strict=True):
            results[extractor.name] = extractor(p, results)
        times[extractor.name] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="articles (at least)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    articles = corpus(max(args.n, 1))
    languages = [choose_language(a.text, a.language).language for a in articles]
    for language in set(languages):
        get_pipeline(language)  # load outside the timings
    analysis_pass(articles[:PIPE_BATCH * 4], None)  # warm-up
    tokens = sum(len(a.text.split()) for a in articles)

    bare = bare_pass(articles, languages)
    analysis = analysis_pass(articles, None)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        stored = analysis_pass(articles, store)
    per_extractor = extractor_times(articles, languages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    n = len(articles)
    rows = {
        "bare spaCy nlp.pipe": bare,
        "dateline analysis": analysis,
        "dateline analysis + SQLite": stored,
    }
    result = {
        "articles": n,
        "whitespace_tokens": tokens,
        "languages": {lang: languages.count(lang) for lang in sorted(set(languages))},
        "seconds": {k: round(v, 3) for k, v in rows.items()},
        "articles_per_s": {k: round(n / v, 1) for k, v in rows.items()},
        "ratio_to_bare": {k: round(bare / v, 3) for k, v in rows.items()},
        "peak_rss_mb": round(peak_mb, 1),
        "extractor_seconds": {k: round(v, 3) for k, v in per_extractor.items()},
        "extractor_share_of_bare": {k: round(v / bare, 3) for k, v in per_extractor.items()},
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    table = Table(title=f"throughput: {n} articles, {tokens:,} words, "
                        f"languages {result['languages']}")
    for col in ("pass", "seconds", "articles/s", "speed vs bare"):
        table.add_column(col, justify="left" if col == "pass" else "right")
    for name, seconds in rows.items():
        table.add_row(name, f"{seconds:.2f}", f"{n / seconds:.1f}", f"{bare / seconds:.2f}x")
    console = Console()
    console.print(table)
    for name, seconds in per_extractor.items():
        console.print(f"extractor {name:11} {seconds:6.2f} s = {seconds / bare:6.1%} of the bare "
                      "spaCy pass")
    console.print(f"peak memory (max RSS of the process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()

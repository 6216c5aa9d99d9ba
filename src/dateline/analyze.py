"""The per-article analysis: Article -> Analysis, a pure function of the article.

Pipelines are loaded once per process and cached, so this runs the same in the CLI,
in worker processes or on a cluster's executors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from dateline import __version__, extract
from dateline.extract import Extractor
from dateline.model import Analysis, Article, ExtractorRun
from dateline.nlp.language import LanguageGuess, choose_language
from dateline.nlp.parsed import ParsedArticle
from dateline.nlp.pipeline import get_pipeline

PIPE_BATCH = 16


def _assemble(
    parsed: ParsedArticle, guess: LanguageGuess, components: list[str],
    extractors: Sequence[Extractor],
) -> Analysis:
    analysis = Analysis(
        article=parsed.article,
        language=guess.language,
        language_source=guess.source,
        language_score=guess.score,
        pipeline=parsed.pipeline,
        components=components,
        sentences=list(parsed.sentences),
        entities=parsed.entities(),
        dateline_version=__version__,
    )
    found: dict[str, list] = {}
    for extractor in extractors:
        found[extractor.name] = extractor(parsed, found)
        setattr(analysis, extractor.name, found[extractor.name])
        analysis.extractors.append(
            ExtractorRun(extractor.name, extractor.version, extractor.method)
        )
    return analysis


def analyze_articles(
    articles: Sequence[Article], extractors: Sequence[Extractor] | None = None
) -> list[Analysis]:
    """Analyse several articles, batching the spaCy pass per language; results keep input order.

    ``extractors`` defaults to the registry (looked up at call time)."""
    if extractors is None:
        extractors = extract.REGISTRY
    guesses = [choose_language(a.text, a.language) for a in articles]
    by_language: dict[str, list[int]] = defaultdict(list)
    for i, guess in enumerate(guesses):
        by_language[guess.language].append(i)
    results: list[Analysis | None] = [None] * len(articles)
    for language, indexes in by_language.items():
        pipe = get_pipeline(language)
        texts = (articles[i].text for i in indexes)
        for i, doc in zip(indexes, pipe.nlp.pipe(texts, batch_size=PIPE_BATCH), strict=True):
            parsed = ParsedArticle.from_doc(articles[i], language, pipe.name, doc)
            results[i] = _assemble(parsed, guesses[i], pipe.components, extractors)
    return [r for r in results if r is not None]


def parse(article: Article, language: str | None = None) -> ParsedArticle:
    """One article through its language's pipeline: what every extractor takes as input."""
    language = language or choose_language(article.text, article.language).language
    pipe = get_pipeline(language)
    return ParsedArticle.from_doc(article, language, pipe.name, pipe.nlp(article.text))


def analyze(article: Article) -> Analysis:
    """Analyse one article."""
    return analyze_articles([article])[0]

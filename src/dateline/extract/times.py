"""Times: every temporal expression of an article, TimeML-style, resolved against its
publication date.

Recognition is data-driven: each language's file in ``lexicons/times/`` holds its words
(months, weekdays, relative days, parts of day, units, number words, quantifiers ...) and
patterns over them; a language without a file yields no times. Each match gets a TimeML
type (DATE, TIME, DURATION, SET) and an ISO-TimeML value from a language-independent
resolver (``timex/resolve.py``): relative expressions ("vendredi", "la semaine dernière",
"two weeks ago") against the publication date, with the clause's tense choosing between
the last and the next occurrence, anaphoric ones ("la veille", a bare "à 14 h") against the
latest day the text mentioned. Spans follow the TimeBank conventions: determiners and
quantifiers in ("le 30 juin", "plus de six mois"), prepositions out ("on Friday" gives
"Friday"). Overlapping matches keep the longest.

Each :class:`~dateline.model.Time` carries ``precision`` (the TimeML ``mod`` when there is
one: START, MID, END, APPROX, MORE_THAN ...; else the granularity: day, week, month, time
...), ``range`` (first/last day of a coarser-than-day date, or "start/publication date"
after "depuis", "since") and, when the value is None, the ``reason``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from dateline.extract.timex import calendar as cal
from dateline.extract.timex.lexicon import TimeLexicon, time_lexicon
from dateline.extract.timex.match import Candidate, find_candidates, select
from dateline.extract.timex.resolve import IGNORED, RESOLVERS, Context, Resolved, Slots
from dateline.extract.timex.tense import tense_at
from dateline.model import Provenance, Time
from dateline.nlp.parsed import ParsedArticle

NAME = "times"
VERSION = "1.2"
METHOD = "rules"

_MAX_ROUNDS = 6
_SINCE_WINDOW = 30
_MODS = ("START", "MID", "END")
_RECENT_SENTENCES = 2
_RECENT_DAY_SENTENCES = 3
_COMPARISONS = frozenset({"ago", "offset"})
OUT_OF_RANGE = "the date falls outside the calendar this extractor computes"


def publication_date(published: str | None) -> date | None:
    """The day of an ISO date or datetime string ("2022-11-11", "1998-03-22T14:57:00")."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def extract_times(parsed: ParsedArticle) -> list[Time]:
    """Every temporal expression of the article, sorted by start, none overlapping."""
    lexicon = time_lexicon(parsed.language)
    if lexicon is None or not parsed.text:
        return []
    candidates = find_candidates(parsed.text, lexicon, parsed.doc)
    dct = publication_date(parsed.article.published)
    rejected: set[tuple[int, int, int]] = set()
    times: list[Time] = []
    for _ in range(_MAX_ROUNDS):
        chosen = select([c for c in candidates if c.key not in rejected])
        times, dropped = _resolve_all(parsed, lexicon, chosen, dct)
        if not dropped:
            break
        rejected |= dropped
    return times


@dataclass
class _Memory:
    """What the text mentioned so far: latest day overall, per sentence, periods."""

    anchor: date | None = None
    reference: date | None = None
    days: dict[int | None, date] = field(default_factory=dict)
    periods: dict[int | None, str] = field(default_factory=dict)

    def context(self, sentence: int | None, dct: date | None) -> Context:
        near = self.days.get(sentence)
        recent = self.periods.get(sentence)
        recent_day = near
        if sentence is not None:
            near = near or self.days.get(sentence - 1)
            for back in range(1, _RECENT_SENTENCES + 1):
                recent = recent or self.periods.get(sentence - back)
            for back in range(1, _RECENT_DAY_SENTENCES + 1):
                recent_day = recent_day or self.days.get(sentence - back)
        else:
            recent_day = self.anchor
        return Context(dct, self.anchor, near, recent_day, self.periods.get(sentence), recent,
                       self.reference)

    def remember(self, sentence: int | None, resolved: Resolved, kind: str) -> None:
        """Note a resolved date; a comparison ("a year earlier") names no period of its own."""
        value = resolved.value
        if not value or resolved.type not in ("DATE", "TIME"):
            return
        granularity = cal.granularity_of(value)
        extent = cal.value_range(value)
        if extent is not None:
            self.reference = extent[0]
        if granularity in ("day", "time"):
            day = date.fromisoformat(value[:10])
            self.anchor = day
            self.days[sentence] = day
        elif granularity is not None and kind not in _COMPARISONS:
            self.periods[sentence] = value


def _resolve_all(parsed: ParsedArticle, lexicon: TimeLexicon, chosen: list[Candidate],
                 dct: date | None) -> tuple[list[Time], set[tuple[int, int, int]]]:
    memory = _Memory()
    times: list[Time] = []
    dropped: set[tuple[int, int, int]] = set()
    for cand in chosen:
        sentence = parsed.sentence_of(cand.start)
        ctx = memory.context(sentence, dct)
        ctx.tense_of = _tense_getter(parsed, cand, lexicon)
        resolved = _resolve(cand, lexicon, ctx)
        if resolved is None:
            dropped.add(cand.key)
            continue
        if resolved is IGNORED:
            continue
        memory.remember(sentence, resolved, cand.pattern.kind)
        times.append(_time(parsed, lexicon, cand, sentence, resolved, dct))
    return times, dropped


def _resolve(cand: Candidate, lexicon: TimeLexicon, ctx: Context) -> Resolved | None:
    slots = Slots(dict(cand.groups), lexicon, dict(cand.pattern.fixed))
    try:
        return RESOLVERS[cand.pattern.kind](slots, ctx)
    except (ValueError, OverflowError):  # beyond the calendar: year 0, "il y a 10000 siècles"
        return Resolved("DATE", None, reason=OUT_OF_RANGE)


def _tense_getter(parsed: ParsedArticle, cand: Candidate,
                  lexicon: TimeLexicon) -> Callable[[], str | None]:
    """The tense of the candidate's clause, computed only if a resolver asks for it."""

    def tense() -> str | None:
        return tense_at(parsed.doc, cand.start, cand.end, lexicon)

    return tense


def _time(parsed: ParsedArticle, lexicon: TimeLexicon, cand: Candidate,
          sentence: int | None, resolved: Resolved, dct: date | None) -> Time:
    method = f"timex:{lexicon.language}:{cand.pattern.name}"
    return Time(
        text=parsed.text[cand.start:cand.end],
        type=resolved.type,
        value=resolved.value,
        provenance=Provenance(cand.start, cand.end, sentence, method),
        precision=_precision(resolved),
        range=_range(parsed.text, cand.start, lexicon, resolved, dct),
        reason=resolved.reason if resolved.value is None else None,
    )


def _precision(resolved: Resolved) -> str | None:
    if resolved.mod:
        return resolved.mod
    if resolved.value and resolved.type in ("DATE", "TIME"):
        return cal.granularity_of(resolved.value)
    return None


def _range(text: str, start: int, lexicon: TimeLexicon, resolved: Resolved,
           dct: date | None) -> str | None:
    """first/last day of a coarse date; start/publication date after "depuis", "since"."""
    since = bool(lexicon.since and lexicon.since.search(text, max(0, start - _SINCE_WINDOW),
                                                        start))
    if resolved.type == "DURATION":
        return _duration_range(resolved, dct) if since else None
    if resolved.type != "DATE" or not resolved.value:
        return None
    extent = cal.value_range(resolved.value, resolved.mod if resolved.mod in _MODS else None)
    if extent is None:
        return None
    first, last = extent
    if since and dct is not None and first <= dct:
        return f"{first.isoformat()}/{dct.isoformat()}"
    if first == last:
        return None
    return f"{first.isoformat()}/{last.isoformat()}"


def _duration_range(resolved: Resolved, dct: date | None) -> str | None:
    """"depuis neuf mois": from nine months before publication to publication."""
    amount, unit = resolved.amount, resolved.unit
    if dct is None or amount is None or amount != int(amount):
        return None
    if unit not in cal.UNIT_GRANULARITY or unit == "WE":
        return None
    try:
        first = cal.shift(dct, unit, -int(amount))
    except (ValueError, OverflowError):
        return None
    return f"{first.isoformat()}/{dct.isoformat()}"

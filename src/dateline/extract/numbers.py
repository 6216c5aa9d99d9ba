"""Numbers as news text writes them, in digits or in words, read into values.

Digits come in every common format: "2 000" (space, no-break space, narrow no-break space or
thin space between groups), "2,000" and "2.000" (thousands), "2,5" and "2.5" (decimals),
"1.234,5" and "1,234.5". A lone separator followed by three digits ("1,200", "1.200") is
read by the language's convention (lexicon ``numbers.decimal_separator``); the other reading
is kept as ``NumberMatch.alternative`` for callers that know the number counts whole things.

Words: cardinal numbers ("seven", "sept", "quatre-vingt-dix", "two hundred and fifty"),
scale words after digits ("1,2 million", "2.5 millions"), approximate numerals ("une
trentaine" ~30, "a dozen"), vague magnitudes ("des centaines", "tens of thousands": no value,
only a lower bound), modifiers before a number ("près de", "au moins", "well over", "up to")
and ranges ("5,000 to 5,500", "entre 20 000 et 30 000", "20-30").

Everything language-specific is data: the ``numbers`` section of
``lexicons/quantities/<language>.json``. A language without a file reads digits only.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "NumberLexicon",
    "NumberMatch",
    "NumberReader",
    "ParsedNumber",
    "Token",
    "find_numbers",
    "lexicon_data",
    "norm",
    "parse_number",
    "phrase",
    "read_digits",
    "reader",
    "tokenize",
]

APPROXIMATIONS = ("about", "more_than", "less_than", "at_least", "at_most", "range")
# Languages whose decimal mark is the point when they have no lexicon (the rest use a comma).
POINT_DECIMAL = frozenset({"en", "zh", "ja", "ko", "he", "th", "hi", "ms", "tl", "sw", "ga"})

_SPACES = " \u00a0\u202f\u2009"
_TOKEN = re.compile(
    rf"(?P<num>\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:[.,]\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+|['’]\d{3}(?!\d))*)"
    r"|(?P<word>[^\W\d_\u02bc]+)"
    r"|(?P<punct>[^\w\s]|\u02bc)"
)
SKIPPABLE = frozenset("'’‘ʼ-‐‑")  # apostrophes and hyphens: word separators inside phrases
DASHES = frozenset("-‐‑–—")


@dataclass(frozen=True)
class ParsedNumber:
    """A number read from text: its value, or bounds and a reason when it has no single one."""

    value: float | None
    low: float | None = None
    high: float | None = None
    approximation: str | None = None  # one of APPROXIMATIONS, or None when exact
    reason: str | None = None  # why value is None


@dataclass(frozen=True)
class Token:
    """A word, a number written in digits, or a punctuation mark, with its character span."""

    text: str
    norm: str  # case- and accent-folded form
    start: int
    end: int
    kind: str  # "num" | "word" | "punct"


@dataclass(frozen=True)
class NumberMatch:
    """A number phrase found in a token list.

    ``first``/``last`` delimit its tokens (``last`` excluded) and ``start``/``end`` its
    characters, modifiers excluded; ``outer_first``/``outer_start`` include them.
    """

    first: int
    last: int
    start: int
    end: int
    outer_first: int
    outer_start: int
    number: ParsedNumber
    kind: str  # "digits" | "words" | "article" | "approximate" | "vague"
    alternative: ParsedNumber | None = None  # the integer reading of an ambiguous separator


def norm(text: str) -> str:
    """Case-folded, accent-stripped form of a word (NFKD: "km²" -> "km2")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def tokenize(text: str) -> list[Token]:
    """Split text into number, word and punctuation tokens with exact offsets."""
    return [
        Token(m.group(), norm(m.group()), m.start(), m.end(), m.lastgroup or "punct")
        for m in _TOKEN.finditer(text)
    ]


def phrase(text: str) -> tuple[str, ...]:
    """The folded words of a lexicon phrase, apostrophes and hyphens dropped."""
    return tuple(t.norm for t in tokenize(text) if t.text not in SKIPPABLE)


# --- digits ----------------------------------------------------------------------------------
def _groups_ok(parts: list[str]) -> bool:
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def _decimal(integer: str, fraction: str = "") -> Decimal:
    return Decimal(f"{integer}.{fraction}") if fraction else Decimal(integer)


def read_digits(text: str, decimal_separator: str) -> tuple[Decimal, Decimal | None] | None:
    """Value of a number in digits, and the other reading when the separator is ambiguous.

    Returns None when the digits are no number ("1.2.3" with uneven groups).
    """
    compact = "".join(c for c in text if c not in _SPACES + "'’")
    grouped = compact != text
    marks = [c for c in compact if c in ".,"]
    if not marks:
        return _decimal(compact), None
    if len(set(marks)) == 2:
        point = compact.rfind(".") if compact.rfind(".") > compact.rfind(",") else -1
        dec = "." if point >= 0 else ","
        integer, fraction = compact.rsplit(dec, 1)
        group = "," if dec == "." else "."
        if dec in integer or not _groups_ok(integer.split(group)):
            return None
        return _decimal(integer.replace(group, ""), fraction), None
    mark = marks[0]
    parts = compact.split(mark)
    if len(parts) > 2:
        return (_decimal("".join(parts)), None) if _groups_ok(parts) else None
    integer, fraction = parts
    if grouped:  # "1 234,5": the separator after space groups is the decimal mark
        return _decimal(integer, fraction), None
    as_decimal = _decimal(integer, fraction)
    if len(fraction) != 3 or len(integer) > 3 or integer.lstrip("0") == "":
        return as_decimal, None
    as_group = _decimal(integer + fraction)
    if mark == decimal_separator:
        return as_decimal, as_group
    return as_group, as_decimal


# --- lexicon ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class NumberLexicon:
    """How one language writes numbers (the ``numbers`` section of its quantity lexicon)."""

    decimal_separator: str
    words: dict[tuple[str, ...], int]
    articles: frozenset[str]
    scales: dict[str, int]
    joiners: frozenset[str]
    approximate: dict[str, int]
    vague: dict[str, int]
    vague_determiners: tuple[tuple[str, ...], ...]
    vague_links: frozenset[str]
    modifiers: tuple[tuple[tuple[str, ...], str], ...]  # longest phrase first
    range_links: frozenset[str]
    range_between: dict[tuple[str, ...], str]
    longest_word: int = 1
    starters: frozenset[str] = frozenset()  # first words of number words, scales, articles

    def __post_init__(self) -> None:
        longest = max((len(k) for k in self.words), default=1)
        starters = {k[0] for k in self.words} | set(self.scales) | set(self.articles)
        object.__setattr__(self, "longest_word", longest)
        object.__setattr__(self, "starters", frozenset(starters))


@cache
def lexicon_data(language: str) -> dict[str, Any]:
    """The raw quantity lexicon of `language` (``lexicons/quantities/<code>.json``), or {}."""
    if not re.fullmatch(r"[a-z]{2,3}", language):
        return {}
    folder = resources.files("dateline.extract").joinpath("lexicons", "quantities")
    path = folder.joinpath(f"{language}.json")
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def _phrases_by_length(
    items: list[tuple[tuple[str, ...], str]],
) -> tuple[tuple[tuple[str, ...], str], ...]:
    return tuple(sorted(items, key=lambda item: -len(item[0])))


@cache
def number_lexicon(language: str) -> NumberLexicon:
    """The number lexicon of `language` (digits only, by the language's convention, if none)."""
    data = lexicon_data(language).get("numbers", {})
    default_mark = "." if language in POINT_DECIMAL else ","
    modifiers = [(phrase(p), kind) for kind, ps in data.get("modifiers", {}).items() for p in ps]
    return NumberLexicon(
        decimal_separator=data.get("decimal_separator", default_mark),
        words={phrase(k): int(v) for k, v in data.get("words", {}).items()},
        articles=frozenset(norm(a) for a in data.get("articles", [])),
        scales={norm(k): int(v) for k, v in data.get("scales", {}).items()},
        joiners=frozenset(norm(j) for j in data.get("joiners", [])),
        approximate={norm(k): int(v) for k, v in data.get("approximate", {}).items()},
        vague={norm(k): int(v) for k, v in data.get("vague", {}).items()},
        vague_determiners=tuple(
            sorted((phrase(d) for d in data.get("vague_determiners", [])), key=len, reverse=True)
        ),
        vague_links=frozenset(norm(w) for w in data.get("vague_links", [])),
        modifiers=_phrases_by_length(modifiers),
        range_links=frozenset(norm(w) for w in data.get("range_links", [])),
        range_between={phrase(k): norm(v) for k, v in data.get("range_between", {}).items()},
    )


# --- reading ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Core:
    """A numeral without modifiers or range: tokens [first, last), value, how it was written."""

    first: int
    last: int
    value: Decimal | None
    kind: str
    alternative: Decimal | None = None
    scale: int = 1
    base: int = 0  # the magnitude of a vague numeral ("centaines": 100)


def _accumulate(values: list[tuple[int, bool]]) -> int | None:
    """Value of a sequence of number words given as (value, is_scale); None if ill-formed."""
    total = current = 0
    for value, is_scale in values:
        if is_scale and value < 1000:
            if current >= value:
                return None
            current = max(current, 1) * value
        elif is_scale:
            total += max(current, 1) * value
            current = 0
        elif _can_add(current, value):
            current += value
        else:
            return None
    return total + current


def _can_add(current: int, value: int) -> bool:
    """Whether a small number word may follow `current` ("vingt" + "deux", "cent" + "dix")."""
    tens = current % 100
    if current == 0 or (tens == 0 and value < 100):
        return True
    return tens % 10 == 0 and tens >= 20 and value < 20 and tens + value < 100


class NumberReader:
    """Finds and reads number phrases in a token list, for one language."""

    def __init__(self, lexicon: NumberLexicon) -> None:
        self.lex = lexicon

    # -- helpers
    def _next(self, tokens: list[Token], j: int) -> int:
        """Index of the next token at or after j that is not an apostrophe or hyphen."""
        while j < len(tokens) and tokens[j].text in SKIPPABLE:
            j += 1
        return j

    def matches_at(self, tokens: list[Token], j: int, words: tuple[str, ...]) -> int | None:
        """Token index after `words` when they start at j (hyphens, apostrophes skipped)."""
        for word in words:
            j = self._next(tokens, j)
            if j >= len(tokens) or tokens[j].norm != word:
                return None
            j += 1
        return j

    def ends_at(self, tokens: list[Token], j: int, words: tuple[str, ...]) -> int | None:
        """Index of the first token of `words` when they end right before token j."""
        for word in reversed(words):
            j -= 1
            while j >= 0 and tokens[j].text in SKIPPABLE:
                j -= 1
            if j < 0 or tokens[j].norm != word:
                return None
        return j

    def _adjacent(self, tokens: list[Token], a: int, b: int, text: str) -> bool:
        """Whether only spaces (no line break) separate tokens a and b."""
        gap = text[tokens[a].end : tokens[b].start]
        return "\n" not in gap and gap.strip() == ""

    # -- numerals
    def _digits(self, tokens: list[Token], i: int, text: str) -> _Core | None:
        read = read_digits(tokens[i].text, self.lex.decimal_separator)
        if read is None:
            return None
        value, alternative = read
        j = i + 1
        scale = self._scale_word(tokens, j)
        if scale and self._adjacent(tokens, i, j, text):
            if alternative is not None and value != value.to_integral_value():
                alternative = None  # "1,5 million": the decimal reading is meant
            return _Core(i, j + 1, value * scale, "digits", None, scale)
        return _Core(i, j, value, "digits", alternative)

    def _scale_word(self, tokens: list[Token], j: int) -> int:
        """Factor of a scale word at j ("million", "thousand", also "millions"), else 0."""
        if j >= len(tokens) or tokens[j].kind != "word":
            return 0
        word = tokens[j].norm
        if word in self.lex.scales:
            return self.lex.scales[word]
        return self.lex.vague[word] if self.lex.vague.get(word, 0) >= 1000 else 0

    def _word_value(self, tokens: list[Token], j: int) -> tuple[int, bool, int] | None:
        """(value, is_scale, next index) of the number word or phrase starting at j."""
        if j >= len(tokens) or tokens[j].kind != "word" or tokens[j].norm not in self.lex.starters:
            return None
        for size in range(self.lex.longest_word, 0, -1):
            words: list[str] = []
            k = j
            while len(words) < size and k < len(tokens) and tokens[k].kind != "num":
                if tokens[k].text not in SKIPPABLE:
                    words.append(tokens[k].norm)
                k += 1
            key = tuple(words)
            if len(key) == size and key in self.lex.words:
                return self.lex.words[key], False, k
        word = tokens[j].norm
        if word in self.lex.scales:
            return self.lex.scales[word], True, j + 1
        if word in self.lex.articles:
            return 1, False, j + 1
        return None

    def _words(self, tokens: list[Token], i: int) -> _Core | None:
        values: list[tuple[int, bool]] = []
        j = i
        while True:
            k = self._next(tokens, j) if values else j
            if values and k < len(tokens) and tokens[k].norm in self.lex.joiners:
                k += 1
            read = self._word_value(tokens, k) if k < len(tokens) else None
            if read is None or _accumulate([*values, read[:2]]) is None:
                break
            values.append(read[:2])
            j = read[2]
        if not values:
            return None
        total = _accumulate(values)
        if total is None:
            return None
        only_article = j == i + 1 and tokens[i].norm in self.lex.articles
        kind = "article" if only_article else "words"
        scale = max((v for v, s in values if s), default=1)
        return _Core(i, j, Decimal(total), kind, None, scale)

    def _approximate(self, tokens: list[Token], i: int, text: str) -> _Core | None:
        """'une trentaine', 'un millier', 'a couple', 'deux centaines' (+ 'de milliers')."""
        head = self._words(tokens, i)
        j = head.last if head else i
        if j >= len(tokens) or head is None or head.value is None:
            return None
        word = tokens[j].norm
        base = self.lex.approximate.get(word) or self.lex.vague.get(word)
        if not base:
            return None
        value = head.value * base
        end = j + 1
        linked = self._linked_scale(tokens, end)
        if linked:
            value, end = value * linked[0], linked[1]
        return _Core(i, end, value, "approximate")

    def _linked_scale(self, tokens: list[Token], j: int) -> tuple[int, int] | None:
        """A 'de milliers' / 'of thousands' / 'тисяч' continuation: (factor, next index)."""
        if j < len(tokens) and tokens[j].norm in self.lex.vague_links:
            j += 1
        if j < len(tokens) and tokens[j].kind == "word":
            word = tokens[j].norm
            factor = self.lex.vague.get(word) or self.lex.scales.get(word)
            if factor and factor >= 1000:
                return factor, j + 1
        return None

    def _vague(self, tokens: list[Token], i: int) -> _Core | None:
        """'des centaines', 'hundreds', 'several hundred', 'tens of thousands' (no value)."""
        j = i
        for det in self.lex.vague_determiners:
            end = self.matches_at(tokens, i, det)
            if end is not None:
                j = end
                break
        if j >= len(tokens):
            return None
        word = tokens[j].norm
        base = self.lex.vague.get(word)
        if base is None and j > i:
            base = self.lex.scales.get(word) if word in self.lex.scales else None
        if not base:
            return None
        end = j + 1
        linked = self._linked_scale(tokens, end)
        if linked:
            base, end = base * linked[0], linked[1]
        return _Core(i, end, None, "vague", base=base)

    def core(self, tokens: list[Token], i: int, text: str) -> _Core | None:
        """The numeral starting at token i, without modifiers or range."""
        token = tokens[i]
        if token.kind == "num":
            return self._digits(tokens, i, text) if not _glued_left(tokens, i, text) else None
        if token.kind != "word":
            return None
        return self._approximate(tokens, i, text) or self._vague(tokens, i) or self._words(
            tokens, i
        )

    # -- modifiers and ranges
    def modifiers(self, tokens: list[Token], i: int) -> tuple[list[str], int]:
        """Approximation kinds of the modifiers right before token i, and where they start."""
        kinds: list[str] = []
        while True:
            for words in self.lex.range_between:
                start = self.ends_at(tokens, i, words)
                if start is not None and not kinds:
                    kinds.append("between:" + " ".join(words))
                    i = start
                    break
            else:
                for words, kind in self.lex.modifiers:
                    start = self.ends_at(tokens, i, words)
                    if start is not None:
                        kinds.append(kind)
                        i = start
                        break
                else:
                    return kinds, i

    def _range(
        self, tokens: list[Token], low: _Core, between: str | None, text: str
    ) -> _Core | None:
        """The second bound of a range after `low`, as a core spanning both."""
        j = low.last
        if j >= len(tokens) or low.value is None:
            return None
        link = tokens[j].norm
        wanted = self.lex.range_between.get(tuple(between.split())) if between else None
        if link != wanted and link not in self.lex.range_links:
            return None
        if link in DASHES and not self._adjacent(tokens, j - 1, j, text):
            return None
        if j + 1 >= len(tokens):
            return None
        high = self.core(tokens, j + 1, text) if tokens[j + 1].kind != "punct" else None
        if tokens[j + 1].kind == "num" and link in DASHES:
            high = self._digits(tokens, j + 1, text)
        if high is None or high.value is None or high.kind in ("vague", "article"):
            return None
        low_value = low.value
        if high.scale > 1 and low.scale == 1 and low_value * high.scale <= high.value:
            low_value *= high.scale
        if low_value >= high.value:
            return None
        return _Core(low.first, high.last, low_value, "range", base=int(high.value))

    def match(self, tokens: list[Token], i: int, text: str) -> NumberMatch | None:
        """The number phrase whose numeral starts at token i, with modifiers and range."""
        core = self.core(tokens, i, text)
        if core is None:
            return None
        kinds, outer = self.modifiers(tokens, i)
        between = next((k.split(":", 1)[1] for k in kinds if k.startswith("between:")), None)
        span = self._range(tokens, core, between, text) if core.kind != "vague" else None
        if between and span is None:
            kinds = [k for k in kinds if not k.startswith("between:")]
            outer = self.modifiers(tokens, i)[1] if kinds else i
        number, alternative = _compose(core, span, kinds)
        first = outer if between and span else core.first
        used = span or core
        return NumberMatch(
            first=first, last=used.last, start=tokens[first].start,
            end=tokens[used.last - 1].end, outer_first=outer, outer_start=tokens[outer].start,
            number=number, kind=core.kind if span is None else "range",
            alternative=alternative,
        )

    def find(self, tokens: list[Token], text: str) -> list[NumberMatch]:
        """Every number phrase in the token list, left to right, not overlapping."""
        found: list[NumberMatch] = []
        i = 0
        while i < len(tokens):
            m = self.match(tokens, i, text)
            if m is None:
                i += 1
                continue
            found.append(m)
            i = m.last
        return found


def _glued_left(tokens: list[Token], i: int, text: str) -> bool:
    """Digits stuck to a name ("G20", "Su-25", "S-300") or to a clock or date ("12:30")."""
    start = tokens[i].start
    if start == 0:
        return False
    before = text[start - 1]
    if before.isalnum() or before in ":/#№.,":
        return True
    if before in DASHES:
        return start >= 2 and text[start - 2].isalnum()
    return False


def _as_number(value: Decimal | None) -> float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _approximation(kinds: list[str], core_kind: str) -> str | None:
    bounds = [k for k in kinds if k in APPROXIMATIONS and k != "about"]
    if bounds:
        return bounds[0]
    if "about" in kinds or core_kind == "approximate":
        return "about"
    return None


def _compose(
    core: _Core, span: _Core | None, kinds: list[str]
) -> tuple[ParsedNumber, ParsedNumber | None]:
    if core.kind == "vague":
        low = _as_number(Decimal(core.base * 2))
        reason = "vague quantity: an order of magnitude with no single value"
        return ParsedNumber(None, low, None, "at_least", reason), None
    if span is not None:
        low, high = _as_number(span.value), _as_number(Decimal(span.base))
        return ParsedNumber(low, low, high, "range"), None
    approximation = _approximation(kinds, core.kind)
    number = ParsedNumber(_as_number(core.value), approximation=approximation)
    alternative = None
    if core.alternative is not None:
        alternative = replace(number, value=_as_number(core.alternative))
    return number, alternative


@cache
def reader(language: str) -> NumberReader:
    """The (cached) number reader of a language."""
    return NumberReader(number_lexicon(language))


def find_numbers(text: str, language: str) -> list[NumberMatch]:
    """Every number phrase of `text` (offsets into it), read by `language`'s conventions."""
    tokens = tokenize(text)
    return reader(language).find(tokens, text)


def parse_number(text: str, language: str, prefer_integer: bool = False) -> ParsedNumber | None:
    """The number that `text` is, as a whole ("2 000", "1,2 million", "une trentaine",
    "well over 100,000", "entre 20 et 30"), or None when it is not exactly one number.

    With ``prefer_integer`` an ambiguous separator is read as a thousands separator
    ("1,200" in French = 1200 when whole things are counted).
    """
    tokens = tokenize(text)
    found = reader(language).find(tokens, text)
    if len(found) != 1:
        return None
    m = found[0]
    if m.outer_first != 0 or m.last != len(tokens) or m.kind == "article":
        return None
    if prefer_integer and m.alternative is not None:
        return m.alternative
    return m.number

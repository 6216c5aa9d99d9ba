"""Name keys: `fold` (script-preserving normal form) and `skeleton` (transliteration variants).

`fold` is the exact-match key: it forgets case, accents, apostrophes and punctuation between
words but keeps every script, so "Херсон" and "Kherson" stay distinct. `skeleton` goes one step
further for Latin-script spellings: it transliterates to ASCII and applies the simplification
rules of ``data/skeleton_rules.tsv`` so that the usual English / French / German / Ukrainian /
Russian romanisations of one name meet ("Izioum", "Izyum", "Изюм" -> "izium").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from anyascii import anyascii

__all__ = ["apply_rules", "fold", "fold_uncached", "load_rules", "skeleton", "skeleton_of_folded"]

# Quote-like marks that languages and transliterations put inside names (Kup'iansk, Kup’iansk,
# Kupʼiansk, Dnipropetrovs´k ...): dropped, not turned into a space.
_QUOTES = "'\u2019\u2018\u02bc\u02bb\u02b9\u0060\u00b4\u2032\u201b"
# Hyphens, dashes and dots separate words: "Ivano-Frankivsk", "St. Petersburg".
_SEPARATORS = "-.\u00b7\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a\u2e3b"
_ASCII_TABLE = str.maketrans("-.", "  ", "'`")
# Latin letters with a stroke or ligatures, which have no decomposition: their base letters
# (Łódź ~ Lodz, Diyarbakır ~ Diyarbakir, Tromsø ~ Tromso).
_BASE_LETTERS = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "æ": "ae", "œ": "oe"}
_RULES_FILE = "skeleton_rules.tsv"


class _FoldTable(dict[int, int | str | None]):
    """A str.translate table that drops quote-like and combining marks, turns separators into
    spaces and stroked letters into their base letters; other characters map to themselves.
    Filled lazily, one entry per character seen, so building it costs nothing up front."""

    def __missing__(self, codepoint: int) -> int | str | None:
        char = chr(codepoint)
        value: int | str | None
        if char in _QUOTES or unicodedata.combining(char):
            value = None
        elif char in _SEPARATORS:
            value = " "
        elif char in _BASE_LETTERS:
            value = _BASE_LETTERS[char]
        else:
            value = codepoint
        self[codepoint] = value
        return value


_TABLE = _FoldTable()
_DROP_QUOTES = {ord(c): None for c in _QUOTES}


def _fold_once(name: str) -> str:
    if name.isascii():
        return " ".join(name.lower().translate(_ASCII_TABLE).split())
    text = unicodedata.normalize("NFKD", name.translate(_DROP_QUOTES)).casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
    return " ".join(text.translate(_TABLE).split())


def fold_uncached(name: str) -> str:
    """`fold` without its cache (for bulk work such as building the index)."""
    text = _fold_once(name)
    for _ in range(3):  # reach the fixed point; one pass is enough for nearly all text
        if text.isascii():
            break
        again = _fold_once(text)
        if again == text:
            break
        text = again
    return text


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The exact-match key of a name, in its own script.

    NFKD, combining marks dropped, casefolded, apostrophes and quote-like marks dropped,
    hyphens, dashes and dots turned into spaces, whitespace collapsed and stripped; also
    the few stroked Latin letters without a decomposition (ł, ø, ı, đ, ħ, ŧ) lose the stroke
    and æ/œ are spelled out, so that fold(x) == fold(x.upper()) for Latin text.
    Idempotent: ``fold(fold(x)) == fold(x)``.
    """
    return fold_uncached(name)


def load_rules(text: str | None = None) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Parse skeleton rules: one ``regex<TAB>replacement`` per line, applied in order.

    Blank lines and lines starting with ``#`` are ignored; a trailing ``<TAB># comment``
    column is allowed. Without `text`, the packaged ``data/skeleton_rules.tsv`` is read.
    """
    if text is None:
        data = resources.files(__package__).joinpath("data")
        text = data.joinpath(_RULES_FILE).read_text("utf-8")
    rules: list[tuple[re.Pattern[str], str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            raise ValueError(f"{_RULES_FILE}: line {number}: expected pattern<TAB>replacement")
        rules.append((re.compile(fields[0]), fields[1]))
    return tuple(rules)


_RULES = load_rules()


def apply_rules(ascii_lower: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    """Apply skeleton `rules` to an already transliterated, lower-cased string."""
    text = ascii_lower
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


# Skeletons are made only for names written in Latin or Cyrillic letters (after `fold`):
# anyascii's romanisations of abjads (Arabic, Hebrew), CJK and Indic scripts are lossy enough
# to merge unrelated names, and those names are matched by `fold` in their own script anyway.
_NOT_LATIN_OR_CYRILLIC = re.compile(
    "[^\\x00-\\u02af\\u1e00-\\u1eff\\u2c60-\\u2c7f\\ua720-\\ua7ff\\uab30-\\uab6f"
    "\\u0400-\\u052f\\u1c80-\\u1c8f\\u2de0-\\u2dff\\ua640-\\ua69f]"
)


def skeleton_of_folded(folded: str) -> str:
    """`skeleton` of a string that is already a `fold` key ("" outside Latin/Cyrillic)."""
    for match in _NOT_LATIN_OR_CYRILLIC.finditer(folded):
        if match.group().isalpha():
            return ""
    return apply_rules(anyascii(folded).lower(), _RULES)


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The transliteration-variant key of a name: ``anyascii(fold(name))`` lower-cased and
    simplified by the packaged rules (tch->ch, kh->h, zh/j->z, zz->z, ou->u, y->i...).

    Defined for names in Latin or Cyrillic letters; for any other script the key is empty
    (and never indexed). ``skeleton(fold(x)) == skeleton(x)`` for every `x`.
    """
    return skeleton_of_folded(fold(name))

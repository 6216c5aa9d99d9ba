"""The number reader: digits in every common format, number words, approximations, ranges."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.extract.numbers import ParsedNumber, find_numbers, parse_number, read_digits

NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("2 000", "fr", 2000),
        (f"2{NBSP}000", "fr", 2000),
        (f"2{NNBSP}000", "fr", 2000),
        (f"1{THIN}250", "fr", 1250),
        ("2,000", "en", 2000),
        ("1,234,567", "en", 1234567),
        ("1.200", "fr", 1200),
        ("1.200", "de", 1200),
        ("1.200", "en", 1.2),
        ("2,5", "fr", 2.5),
        ("2.5", "en", 2.5),
        ("1,200", "fr", 1.2),  # French convention: the comma marks decimals
        ("0,250", "fr", 0.25),
        ("1 234,5", "fr", 1234.5),
        ("1.234,5", "de", 1234.5),
        ("1,234.5", "en", 1234.5),
        ("1234,5", "fr", 1234.5),
        ("66.500", "de", 66500),
        ("1'000", "de", 1000),
    ],
)
def test_digits_in_every_format(text: str, language: str, value: float) -> None:
    parsed = parse_number(text, language)
    assert parsed is not None and parsed.value == pytest.approx(value)
    assert parsed.approximation is None


def test_ambiguous_separator_reads_whole_when_asked() -> None:
    assert parse_number("1,200", "fr", prefer_integer=True) == ParsedNumber(1200)
    assert parse_number("1.200", "en", prefer_integer=True) == ParsedNumber(1200)
    assert parse_number("2,5", "fr", prefer_integer=True) == ParsedNumber(2.5)  # not 3 digits
    assert read_digits("1,200", ",") is not None


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("seven", "en", 7),
        ("sept", "fr", 7),
        ("twenty-five", "en", 25),
        ("two hundred and fifty", "en", 250),
        ("a hundred", "en", 100),
        ("a dozen", "en", 12),
        ("two dozen", "en", 24),
        ("quatre-vingt-dix-sept", "fr", 97),
        ("soixante-douze", "fr", 72),
        ("vingt et un", "fr", 21),
        ("deux cent mille", "fr", 200000),
        ("un million deux cent mille", "fr", 1200000),
        ("mille", "fr", 1000),
        ("dreißig", "de", 30),
        ("1,2 million", "fr", 1200000),
        ("2.5 millions", "en", 2500000),
        ("2,5 millions", "fr", 2500000),
        ("3 milliards", "fr", 3000000000),
        ("1.5bn", "en", 1500000000),
        ("10 thousand", "en", 10000),
    ],
)
def test_number_words_and_scales(text: str, language: str, value: float) -> None:
    parsed = parse_number(text, language)
    assert parsed is not None and parsed.value == value


@pytest.mark.parametrize(
    ("text", "language", "value", "approximation"),
    [
        ("une trentaine", "fr", 30, "about"),
        ("une dizaine", "fr", 10, "about"),
        ("un millier", "fr", 1000, "about"),
        ("une dizaine de milliers", "fr", 10000, "about"),
        ("a couple", "en", 2, "about"),
        ("près de 300", "fr", 300, "about"),
        ("environ 1 250", "fr", 1250, "about"),
        ("quelque 1 200", "fr", 1200, "about"),
        ("some 300,000", "en", 300000, "about"),
        ("nearly 300,000", "en", 300000, "about"),
        ("plus de 6", "fr", 6, "more_than"),
        ("more than 30,000", "en", 30000, "more_than"),
        ("well over 100,000", "en", 100000, "more_than"),
        ("au-delà de 500", "fr", 500, "more_than"),
        ("au moins 200", "fr", 200, "at_least"),
        ("at least 200", "en", 200, "at_least"),
        ("au moins une trentaine", "fr", 30, "at_least"),
        ("moins de 10", "fr", 10, "less_than"),
        ("fewer than 10", "en", 10, "less_than"),
        ("jusqu'à 40", "fr", 40, "at_most"),
        ("up to 40", "en", 40, "at_most"),
        ("rund 120.000", "de", 120000, "about"),
        ("mindestens 56", "de", 56, "at_least"),
    ],
)
def test_approximations(text: str, language: str, value: float, approximation: str) -> None:
    assert parse_number(text, language) == ParsedNumber(value, approximation=approximation)


@pytest.mark.parametrize(
    ("text", "language", "low", "high"),
    [
        ("5,000 to 5,500", "en", 5000, 5500),
        ("between 250,000 and 300,000", "en", 250000, 300000),
        ("entre 20 000 et 30 000", "fr", 20000, 30000),
        ("20 à 30", "fr", 20, 30),
        ("20-30", "fr", 20, 30),
        ("20 – 30", "en", 20, 30),
        ("trois à quatre", "fr", 3, 4),
        ("un ou deux", "fr", 1, 2),
        ("one or two", "en", 1, 2),
        ("20 to 30 million", "en", 20000000, 30000000),
        ("5.000 bis 5.500", "de", 5000, 5500),
        ("zwischen 20 und 30", "de", 20, 30),
    ],
)
def test_ranges(text: str, language: str, low: float, high: float) -> None:
    parsed = parse_number(text, language)
    assert parsed == ParsedNumber(low, low, high, "range")


@pytest.mark.parametrize(
    ("text", "language", "low"),
    [
        ("des centaines", "fr", 200),
        ("plusieurs centaines", "fr", 200),
        ("des dizaines de milliers", "fr", 20000),
        ("hundreds", "en", 200),
        ("dozens", "en", 24),
        ("thousands", "en", 2000),
        ("tens of thousands", "en", 20000),
        ("hundreds of thousands", "en", 200000),
        ("several hundred", "en", 200),
        ("a few thousand", "en", 2000),
        ("Dutzende", "de", 24),
        ("Zehntausende", "de", 20000),
    ],
)
def test_vague_magnitudes_have_no_value(text: str, language: str, low: float) -> None:
    parsed = parse_number(text, language)
    assert parsed is not None
    assert parsed.value is None and parsed.low == low and parsed.reason


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("G20", "en"), ("Su-25", "en"), ("S-300", "fr"), ("12:30", "en"), ("21/09", "fr"),
        ("2022-11-11", "en"), ("1.2.3", "en"), ("a", "en"), ("une", "fr"), ("", "fr"),
        ("soldats", "fr"), ("two and three", "en"), ("2 000 soldats", "fr"),
    ],
)
def test_not_one_number(text: str, language: str) -> None:
    assert parse_number(text, language) is None


def test_find_numbers_gives_exact_offsets_without_modifiers() -> None:
    text = "Selon Kyiv, environ 1 250 miles et une trentaine de villages, puis 20-30 km."
    found = find_numbers(text, "fr")
    assert [text[m.start:m.end] for m in found] == ["1 250", "une trentaine", "20-30"]
    assert text[found[0].outer_start:found[0].end] == "environ 1 250"


def test_a_language_without_lexicon_reads_digits() -> None:
    assert parse_number("1.200", "uk") == ParsedNumber(1200)
    assert parse_number("2,5", "es") == ParsedNumber(2.5)
    assert parse_number("2.5", "zh") == ParsedNumber(2.5)


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return separator.join(groups)


@st.composite
def written_number(draw: st.DrawFn) -> tuple[str, str, float]:
    """A number written the French or the English way, with its value."""
    integer = draw(st.integers(min_value=0, max_value=10**12))
    cents = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=99)))
    language = draw(st.sampled_from(["fr", "en"]))
    digits = str(integer)
    if language == "fr":
        group = draw(st.sampled_from([" ", NBSP, NNBSP, "."]))
        text, decimal = _group(digits, group), ","
    else:
        text, decimal = _group(digits, ","), "."
    if draw(st.booleans()) and integer < 1000:
        text = digits
    value = float(integer)
    if cents is not None:
        fraction = f"{cents:02d}".rstrip("0")
        text += decimal + fraction
        value = float(f"{integer}.{fraction}")
    return text, language, value


@given(written_number())
@settings(max_examples=300, deadline=None)
def test_formatted_numbers_parse_back(case: tuple[str, str, float]) -> None:
    text, language, value = case
    parsed = parse_number(text, language)
    assert parsed is not None, text
    assert parsed.value == pytest.approx(value), text


@given(st.text(max_size=80), st.sampled_from(["fr", "en", "de", "uk"]))
@settings(max_examples=300, deadline=None)
def test_no_exception_on_arbitrary_text(text: str, language: str) -> None:
    parse_number(text, language)
    for m in find_numbers(text, language):
        assert 0 <= m.outer_start <= m.start < m.end <= len(text)

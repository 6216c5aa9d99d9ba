"""Times: temporal expressions on real parsed sentences (French and English pipelines, blank
German), resolved against a publication date, plus property tests of the extractor and of
the ISO-TimeML value normalizer."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.extract import times as times_module
from dateline.extract.timex import calendar as cal
from dateline.extract.timex.lexicon import time_lexicon
from dateline.extract.timex.resolve import RESOLVERS
from dateline.model import TIME_TYPES, Time
from tests.extract.time_checks import extract_at, one

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def extract(text: str, language: str, published: str | None = "2022-11-11") -> list[Time]:
    return extract_at(text, language, published)


def check(text: str, language: str, expected: list[tuple[str, str, str | None]],
          published: str | None = "2022-11-11") -> list[Time]:
    """Every (span text, type, value) is found with that value, at its offset in the text."""
    found = extract(text, language, published)
    for span, type_, value in expected:
        t = one(found, span)
        assert (t.type, t.value) == (type_, value), (span, t)
        assert (t.provenance.start, t.provenance.end) == (
            text.index(span), text.index(span) + len(span))
    return found


# --- French -------------------------------------------------------------------------------
def test_fr_seed_weekdays_resolve_to_the_days_of_the_events() -> None:
    text = ("L’Ukrainien Volodymyr Zelenksyy a remporté une autre victoire en Ukraine vendredi "
            "après que la Russie a annoncé que toutes ses forces s’étaient retirées. Le ministre "
            "a donné l’ordre de se retirer mercredi alors que les forces avançaient.")
    found = check(text, "fr", [("vendredi", "DATE", "2022-11-11"),
                               ("mercredi", "DATE", "2022-11-09")])
    assert one(found, "vendredi").provenance.method == "timex:fr:weekday"
    assert one(found, "mercredi").provenance.sentence == 1


def test_fr_seed_saturday_evening_and_since_early_september() -> None:
    text = ("Zelensky l’a déclaré dans un message vidéo sur Telegram samedi soir. "
            "“Depuis début septembre, nous avons libéré 2 000 kilomètres de territoire”.")
    found = check(text, "fr", [("samedi soir", "TIME", "2022-09-10TEV"),
                               ("début septembre", "DATE", "2022-09")], published="2022-09-11")
    early = one(found, "début septembre")
    assert early.precision == "START"
    assert early.range == "2022-09-01/2022-09-11"
    assert not any(t.text.startswith("2 000") for t in found)


def test_fr_durations() -> None:
    text = ("L’opération se poursuit pendant près de neuf mois, après des mois de combats. "
            "Il a tenu trois jours, puis 48 heures, soit plus de six mois au total.")
    found = check(text, "fr", [("près de neuf mois", "DURATION", "P9M"),
                               ("des mois", "DURATION", "PXM"),
                               ("trois jours", "DURATION", "P3D"),
                               ("48 heures", "DURATION", "PT48H"),
                               ("plus de six mois", "DURATION", "P6M")])
    assert one(found, "près de neuf mois").precision == "APPROX"
    assert one(found, "plus de six mois").precision == "MORE_THAN"


def test_fr_absolute_dates() -> None:
    check("Le 11 novembre 2022, la ville a été libérée. Le rapport est daté du 11/11/2022. "
          "Le décret du 2022-09-30 et celui du 21 septembre.", "fr",
          [("Le 11 novembre 2022", "DATE", "2022-11-11"),
           ("11/11/2022", "DATE", "2022-11-11"),
           ("2022-09-30", "DATE", "2022-09-30"),
           ("21 septembre", "DATE", "2022-09-21")])


def test_fr_relative_days_and_weekday_shifts() -> None:
    check("Hier, aujourd'hui et demain. Mercredi dernier, il a parlé. Il sera opéré lundi "
          "prochain. La veille, rien.", "fr",
          [("Hier", "DATE", "2022-11-10"), ("aujourd'hui", "DATE", "2022-11-11"),
           ("demain", "DATE", "2022-11-12"), ("Mercredi dernier", "DATE", "2022-11-09"),
           ("lundi prochain", "DATE", "2022-11-14"), ("La veille", "DATE", "2022-11-13")])


def test_fr_future_tense_looks_forward() -> None:
    check("Le président s'exprimera samedi devant le Parlement.", "fr",
          [("samedi", "DATE", "2022-11-12")])


def test_fr_calendar_units_relative_to_publication() -> None:
    check("La semaine dernière, le mois dernier et l'an dernier, puis cette année.", "fr",
          [("La semaine dernière", "DATE", "2022-W44"), ("le mois dernier", "DATE", "2022-10"),
           ("l'an dernier", "DATE", "2021"), ("cette année", "DATE", "2022")])


def test_fr_parts_of_months_and_years() -> None:
    found = check("Mi-septembre puis fin octobre, comme au début de cette année.", "fr",
                  [("Mi-septembre", "DATE", "2022-09"), ("fin octobre", "DATE", "2022-10"),
                   ("début de cette année", "DATE", "2022")])
    assert [t.precision for t in found] == ["MID", "END", "START"]
    assert one(found, "fin octobre").range == "2022-10-21/2022-10-31"


def test_fr_years_months_seasons() -> None:
    found = check("Les troupes ont pris la ville en 2014. Elles sont revenues en avril, "
                  "et cet été la ligne a tenu.", "fr",
                  [("2014", "DATE", "2014"), ("avril", "DATE", "2022-04"),
                   ("cet été", "DATE", "2022-SU")])
    assert one(found, "avril").range == "2022-04-01/2022-04-30"


def test_fr_sets_and_clock_times() -> None:
    check("Chaque jour, les sirènes sonnent à 12h30, et tous les jeudis à 18 heures.", "fr",
          [("Chaque jour", "SET", "P1D"), ("12h30", "TIME", "2022-11-11T12:30"),
           ("tous les jeudis", "SET", "XXXX-WXX-4"), ("18 heures", "TIME", "2022-11-11T18:00")])


def test_fr_night_ago_and_offsets() -> None:
    check("Dans la nuit de jeudi à vendredi, des frappes ont visé Kyiv. Il y a trois jours, "
          "un drone. Un jour plus tôt, une alerte.", "fr",
          [("la nuit de jeudi à vendredi", "TIME", "2022-11-10TNI"),
           ("Il y a trois jours", "DATE", "2022-11-08"),
           ("Un jour plus tôt", "DATE", "2022-11-07")])


def test_offsets_count_from_recent_days_else_from_publication() -> None:
    # the Thursday is four sentences back: "a day earlier" counts from the article's own day
    check("Jeudi, l'état-major a fait le point. Les combats continuent. Le maire parle. "
          "Il appelle au calme. Un jour plus tôt, il avait demandé des renforts.", "fr",
          [("Jeudi", "DATE", "2022-11-10"), ("Un jour plus tôt", "DATE", "2022-11-10")])
    check("On Tuesday the army reported gains. Two days later, it announced a pause.", "en",
          [("Tuesday", "DATE", "2022-11-08"), ("Two days later", "DATE", "2022-11-10")])


def test_fr_ages_are_not_durations() -> None:
    found = extract("Une femme de 59 ans a été tuée. Igor, 34 ans, mécanicien, a survécu. "
                    "Il a été condamné à 12 ans de prison.", "fr")
    assert [(t.text, t.value) for t in found] == [("12 ans", "P12Y")]


# --- English ------------------------------------------------------------------------------
def test_en_seed_weekdays() -> None:
    text = ("Ukraine announced on Thursday the reconquest of a dozen villages. His forces had "
            "advanced on Wednesday. After a visit to Kyiv on Friday by US presidential adviser "
            "Jake Sullivan, President Zelensky listed Monday his conditions.")
    found = check(text, "en", [("Thursday", "DATE", "2022-11-10"),
                               ("Wednesday", "DATE", "2022-11-09"),
                               ("Friday", "DATE", "2022-11-04"),
                               ("Monday", "DATE", "2022-11-07")], published="2022-11-10")
    assert not any(t.text.startswith("on ") for t in found)


def test_en_dates_months_and_parts() -> None:
    found = check("Putin claimed at the end of September the annexation and on September 21 "
                  "ordered the mobilization. The decree of November 11, 2022 followed early "
                  "September talks and the Nov. 6 vote.", "en",
                  [("the end of September", "DATE", "2022-09"),
                   ("September 21", "DATE", "2022-09-21"),
                   ("November 11, 2022", "DATE", "2022-11-11"),
                   ("early September", "DATE", "2022-09"), ("Nov. 6", "DATE", "2022-11-06")],
                  published="2022-11-10")
    assert one(found, "the end of September").range == "2022-09-21/2022-09-30"
    assert one(found, "early September").precision == "START"


def test_en_since_summer_is_a_range_to_publication() -> None:
    found = check("Since the summer, the army has worn down the Russian forces.", "en",
                  [("the summer", "DATE", "2022-SU")], published="2022-11-10")
    assert one(found, "the summer").range == "2022-06-01/2022-11-10"


def test_en_durations_and_ago() -> None:
    check("The siege lasted more than six months. Russia has been trying for several weeks "
          "to take the city. It became harder over the past three days. Two weeks ago, a "
          "strike hit the depot. A 59-year-old man was injured.", "en",
          [("more than six months", "DURATION", "P6M"), ("several weeks", "DURATION", "PXW"),
           ("the past three days", "DURATION", "P3D"), ("Two weeks ago", "DATE", "2022-10-28")])


def test_en_relative_units_sets_and_times() -> None:
    check("Last week the talks failed; next month they resume. Trains run daily and every "
          "Monday. The curfew starts at 6 p.m. and ends at 05:30. Yesterday evening, sirens.",
          "en",
          [("Last week", "DATE", "2022-W44"), ("next month", "DATE", "2022-12"),
           ("daily", "SET", "P1D"), ("every Monday", "SET", "XXXX-WXX-1"),
           ("6 p.m.", "TIME", "2022-11-11T18:00"), ("05:30", "TIME", "2022-11-11T05:30"),
           ("Yesterday evening", "TIME", "2022-11-10TEV")])


def test_en_month_name_is_not_the_modal_verb() -> None:
    found = extract("May the war end soon. The may of the house.", "en")
    assert [t.text for t in found] == []


# --- German (blank pipeline, data file only) ------------------------------------------------
def test_de_from_its_data_file_alone() -> None:
    check("Am Freitag, 11. November 2022, zogen die Truppen ab. Seit Anfang September kämpfen "
          "sie, seit fast neun Monaten. Vor drei Tagen um 18 Uhr. Letzte Woche.", "de",
          [("Freitag, 11. November 2022", "DATE", "2022-11-11"),
           ("Anfang September", "DATE", "2022-09"),
           ("fast neun Monaten", "DURATION", "P9M"),
           ("Vor drei Tagen", "DATE", "2022-11-09"), ("18 Uhr", "TIME", "2022-11-09T18:00"),
           ("Letzte Woche", "DATE", "2022-W44")], published="2022-11-12")


# --- unresolvable, unsupported ---------------------------------------------------------------
def test_without_publication_date_relative_values_are_none_with_a_reason() -> None:
    found = extract("Les forces se sont retirées vendredi après neuf mois de combats.", "fr",
                    published=None)
    friday = one(found, "vendredi")
    assert friday.value is None and friday.reason and "publication" in friday.reason
    nine = one(found, "neuf mois")
    assert (nine.value, nine.reason) == ("P9M", None)


def test_language_without_data_file_yields_nothing() -> None:
    assert extract("Wojska ukraińskie w piątek weszły do Chersonia 11.11.2022.", "pl") == []


def test_module_constants_and_every_pattern_kind_is_known() -> None:
    assert (times_module.NAME, times_module.VERSION) == ("times", "1.2")
    assert times_module.METHOD
    for language in ("fr", "en", "de"):
        lexicon = time_lexicon(language)
        assert lexicon is not None and lexicon.patterns
        assert {p.kind for p in lexicon.patterns} <= set(RESOLVERS)
    assert time_lexicon("xx") is None and time_lexicon("../fr") is None


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not available")
def test_seed_articles_resolve_the_dates_that_matter() -> None:
    expected = {
        "000_03321711946f9334": ("fr", {"vendredi": "2022-11-11", "mercredi": "2022-11-09",
                                        "près de neuf mois": "P9M"}),
        "001_2e3281600c46a153": ("fr", {"samedi soir": "2022-09-10TEV",
                                        "début septembre": "2022-09"}),
        "002_3431e8f5555a5fa6": ("en", {"Thursday": "2022-11-10",
                                        "the end of September": "2022-09"}),
        "003_e336865785fc2975": ("fr", {"avril": "2022-04", "week-end": "2022-W36-WE"}),
        "004_ae8a9364b6c910c6": ("fr", {"samedi soir": "2022-09-10TEV", "2014": "2014",
                                        "février": "2022-02"}),
    }
    for stem, (language, values) in expected.items():
        text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
        published = json.loads((SEEDS / f"{stem}.meta.json").read_text("utf-8"))["published"]
        found = {t.text: t.value for t in extract(text, language, published)}
        for span, value in values.items():
            assert found.get(span) == value, (stem, span, found.get(span))


# --- properties ---------------------------------------------------------------------------
TEMPORAL_WORDS = ["hier", "lundi", "dernier", "prochain", "12 h", "30", "juin", "2022",
                  "il y a", "trois", "jours", "mois", "début", "fin", "la veille", "chaque",
                  "Montag", "gestern", "11.", "November", "vor", "Tagen", "seit", "Uhr",
                  "12:30", "letzte", "Woche", "ans", "de", ",", "—", "\n", "’", "-"]


def _texts() -> st.SearchStrategy[str]:
    words = st.lists(st.sampled_from(TEMPORAL_WORDS) | st.text(max_size=6), max_size=25)
    return words.map(" ".join) | st.text(max_size=120)


def _assert_well_formed(text: str, found: list[Time]) -> None:
    previous_end = -1
    for t in found:
        p = t.provenance
        assert text[p.start:p.end] == t.text and t.text
        assert p.start >= previous_end  # sorted, no overlap
        previous_end = p.end
        assert t.type in TIME_TYPES and p.method.startswith("timex:")
        if t.value is None:
            assert t.reason
        else:
            assert cal.VALUE_GRAMMAR.match(t.value), t.value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts(),
       published=st.sampled_from(["2022-11-11", None, "not a date", "0001-01-01", "9999-12-31"]))
def test_blank_pipeline_never_raises_and_offsets_index_the_text(
    text: str, published: str | None
) -> None:
    _assert_well_formed(text, extract(text, "de", published))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_texts())
def test_french_pipeline_never_raises_and_values_follow_the_grammar(text: str) -> None:
    _assert_well_formed(text, extract(text, "fr"))


@given(day=st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)),
       granularity=st.sampled_from(cal.GRANULARITIES))
def test_normalizer_round_trips(day: date, granularity: str) -> None:
    value = cal.format_value(day, granularity)
    assert cal.VALUE_GRAMMAR.match(value)
    parsed = cal.parse_value(value)
    assert parsed is not None and parsed[0] == granularity
    first, last = cal.value_range(value) or (None, None)
    assert first == parsed[1]
    if granularity == "weekend":  # the weekend of the day's ISO week
        assert value == cal.format_value(day, "week") + "-WE" and (last - first).days == 1
    else:
        assert first <= day <= last
    assert cal.format_value(first, granularity) == value
    assert cal.format_value(last, granularity) == value
    assert cal.format_value(last + timedelta(days=1), granularity) != value


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       granularity=st.sampled_from(["month", "quarter", "year"]),
       mod=st.sampled_from(["START", "MID", "END"]))
def test_mods_split_a_period_in_three(day: date, granularity: str, mod: str) -> None:
    value = cal.format_value(day, granularity)
    whole = cal.value_range(value)
    part = cal.value_range(value, mod)
    assert whole is not None and part is not None
    assert whole[0] <= part[0] <= part[1] <= whole[1]
    assert (part[0] == whole[0]) == (mod == "START")
    assert (part[1] == whole[1]) == (mod == "END")


@given(amount=st.none() | st.integers(1, 500) | st.sampled_from([0.5, 1.5, 2.5, 30.4]),
       unit=st.sampled_from(["S", "MIN", "H", "D", "W", "M", "Q", "HY", "Y", "DE", "CE"]))
def test_durations_follow_the_grammar(amount: float | None, unit: str) -> None:
    value = cal.format_duration(amount, unit)
    assert value.startswith("P") and cal.VALUE_GRAMMAR.match(value), value


@given(amount=st.integers(1, 400), unit=st.sampled_from(["D", "W", "M", "Y"]),
       end=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_a_whole_duration_spans_back_from_its_end(amount: int, unit: str, end: date) -> None:
    value = cal.format_duration(amount, unit)
    span = cal.span_back(value, end)
    assert span is not None and span[1] == end and span[0] < end
    days = (end - span[0]).days
    low, high = {"D": (1, 1), "W": (7, 7), "M": (28, 31), "Y": (365, 366)}[unit]
    assert low * amount <= days <= high * amount


@pytest.mark.parametrize("value", ["PXD", "P2Y6M", "PT48H", "P1.5D", "2022-11", ""])
def test_vague_or_composite_durations_span_nothing(value: str) -> None:
    assert cal.span_back(value, date(2022, 11, 11)) is None


@pytest.mark.parametrize(("amount", "unit", "value"), [
    (9, "M", "P9M"), (48, "H", "PT48H"), (None, "M", "PXM"), (0.5, "CE", "P50Y"),
    (2.5, "Y", "P2Y6M"), (1.5, "H", "PT1H30M"), (30.4, "S", "PT30.4S"), (None, "H", "PTXH"),
])
def test_duration_values(amount: float | None, unit: str, value: str) -> None:
    assert cal.format_duration(amount, unit) == value

"""Times in the languages that have only a data file and a blank pipeline (Ukrainian,
Russian, Spanish, Portuguese): real sentences, resolved against a Thursday publication date
(2024-11-14), with types, values and offsets; and the words that must not be taken."""

from __future__ import annotations

import calendar

import pytest

from dateline.extract.timex.lexicon import build_lexicon, time_lexicon
from dateline.extract.timex.resolve import RESOLVERS
from dateline.model import Time
from tests.extract.time_checks import extract_at, one

PUBLISHED = "2024-11-14"
LANGUAGES = ("uk", "ru", "es", "pt")


def extract(text: str, language: str, published: str | None = PUBLISHED) -> list[Time]:
    return extract_at(text, language, published)


def check(text: str, language: str, expected: list[tuple[str, str, str | None]],
          published: str | None = PUBLISHED) -> list[Time]:
    """Exactly these (span, type, value) are found, in this order, each at its offset: the
    next occurrence of its text after the previous span."""
    found = extract(text, language, published)
    assert [t.text for t in found] == [span for span, _, _ in expected]
    position = 0
    for t, (span, type_, value) in zip(found, expected, strict=True):
        assert (t.type, t.value) == (type_, value), (span, t)
        start = text.index(span, position)
        assert (t.provenance.start, t.provenance.end) == (start, start + len(span))
        assert t.provenance.method.startswith(f"timex:{language}:")
        position = start + len(span)
    return found


def test_publication_date_is_a_thursday() -> None:
    assert calendar.weekday(2024, 11, 14) == calendar.THURSDAY


@pytest.mark.parametrize("language", LANGUAGES)
def test_data_files_load_and_use_known_kinds(language: str) -> None:
    lexicon = time_lexicon(language)
    assert lexicon is not None and lexicon.language == language
    assert {p.kind for p in lexicon.patterns} <= set(RESOLVERS)


# --- Ukrainian ------------------------------------------------------------------------------
def test_uk_weekdays_weeks_and_parts_of_months() -> None:
    found = check(
        "У вівторок російські війська обстріляли Харків, а в понеділок — Суми. "
        "Минулого тижня ворог втратив понад 200 танків. "
        "На початку вересня ЗСУ почали наступ і з вересня звільнили 12 сіл.", "uk",
        [("вівторок", "DATE", "2024-11-12"), ("понеділок", "DATE", "2024-11-11"),
         ("Минулого тижня", "DATE", "2024-W45"), ("початку вересня", "DATE", "2024-09"),
         ("вересня", "DATE", "2024-09")])
    assert one(found, "початку вересня").precision == "START"
    assert one(found, "вересня").range == "2024-09-01/2024-11-14"  # "з вересня"


def test_uk_dates_times_of_day_and_durations() -> None:
    check("Указ підписали 2 листопада 2024 року. У середу ввечері пролунали вибухи, "
          "а вчора вранці — знову. Бої тривали протягом трьох днів, потім ще два тижні.", "uk",
          [("2 листопада 2024 року", "DATE", "2024-11-02"),
           ("середу ввечері", "TIME", "2024-11-13TEV"), ("вчора вранці", "TIME", "2024-11-13TMO"),
           ("трьох днів", "DURATION", "P3D"), ("два тижні", "DURATION", "P2W")])


def test_uk_ago_night_future_and_years() -> None:
    check("Три дні тому дрони атакували Одесу. У ніч на середу збили 40 шахедів. "
          "Зустріч відбудеться у п'ятницю о 18:00. Торік, у 2023 році, і наприкінці "
          "минулого року; щодня лунають сирени.", "uk",
          [("Три дні тому", "DATE", "2024-11-11"), ("ніч на середу", "TIME", "2024-11-12TNI"),
           ("п'ятницю", "DATE", "2024-11-15"), ("18:00", "TIME", "2024-11-15T18:00"),
           ("Торік", "DATE", "2023"), ("2023 році", "DATE", "2023"),
           ("наприкінці минулого року", "DATE", "2023"), ("щодня", "SET", "P1D")])


def test_uk_negatives() -> None:
    """A capitalised month is a name (a street, a person); counts are not years; ages and
    'раз' (whose last letter is the preposition 'з') open no range."""
    found = extract("Марта прийшла на вулицю 9 Травня. Загинули 1500 військових. "
                    "Чоловік, 45 років, загинув, 59-річна жінка поранена. Раз вересня бракує.",
                    "uk")
    assert [(t.text, t.range) for t in found] == [("вересня", "2024-09-01/2024-09-30")]


# --- Russian ----------------------------------------------------------------------------------
def test_ru_weekdays_weeks_and_parts_of_months() -> None:
    found = check(
        "В субботу войска обстреляли Харьков, а в понедельник — Сумы. На прошлой неделе "
        "противник потерял более 200 танков. В начале сентября началось наступление, "
        "и с сентября освобождено 12 сёл.", "ru",
        [("субботу", "DATE", "2024-11-09"), ("понедельник", "DATE", "2024-11-11"),
         ("прошлой неделе", "DATE", "2024-W45"), ("начале сентября", "DATE", "2024-09"),
         ("сентября", "DATE", "2024-09")])
    assert one(found, "начале сентября").precision == "START"
    assert one(found, "сентября").range == "2024-09-01/2024-11-14"


def test_ru_dates_durations_ago_and_future() -> None:
    check("Указ подписан 14 ноября 2024 года. В среду вечером прогремели взрывы. "
          "Бои продолжались в течение трёх дней. Три дня назад дроны атаковали Одессу, "
          "в ночь на среду сбили 40 беспилотников. Встреча состоится в пятницу в 18:00.", "ru",
          [("14 ноября 2024 года", "DATE", "2024-11-14"),
           ("среду вечером", "TIME", "2024-11-13TEV"), ("трёх дней", "DURATION", "P3D"),
           ("Три дня назад", "DATE", "2024-11-11"), ("ночь на среду", "TIME", "2024-11-12TNI"),
           ("пятницу", "DATE", "2024-11-15"), ("18:00", "TIME", "2024-11-15T18:00")])


def test_ru_years_and_recent_durations() -> None:
    check("В прошлом году и в этом году, в конце прошлого года и в 2023 году. "
          "За последние 24 часа ситуация обострилась.", "ru",
          [("прошлом году", "DATE", "2023"), ("этом году", "DATE", "2024"),
           ("конце прошлого года", "DATE", "2023"), ("2023 году", "DATE", "2023"),
           ("последние 24 часа", "DURATION", "PT24H")])


def test_ru_negatives() -> None:
    """'Марта' the name, 'среда' the environment, counts and ages."""
    found = extract("Марта пришла на встречу. Для защиты окружающей среды нужны 1500 человек. "
                    "Мужчина, 45 лет, погиб; 59-летняя женщина ранена.", "ru")
    assert found == []


# --- Spanish ----------------------------------------------------------------------------------
def test_es_weekdays_weeks_and_parts_of_months() -> None:
    found = check(
        "El martes las tropas rusas bombardearon Járkov, y el pasado jueves atacaron Odesa. "
        "La semana pasada el enemigo perdió más de 200 tanques. A principios de septiembre "
        "comenzó la ofensiva y desde septiembre se liberaron 12 aldeas.", "es",
        [("El martes", "DATE", "2024-11-12"), ("el pasado jueves", "DATE", "2024-11-07"),
         ("La semana pasada", "DATE", "2024-W45"),
         ("principios de septiembre", "DATE", "2024-09"), ("septiembre", "DATE", "2024-09")])
    assert one(found, "principios de septiembre").precision == "START"
    assert one(found, "septiembre").range == "2024-09-01/2024-11-14"


def test_es_dates_ago_parts_of_day_and_durations() -> None:
    check("El decreto se firmó el 14 de noviembre de 2024. Hace tres días los drones "
          "atacaron Odesa. Esta mañana hubo explosiones; ayer por la tarde, también. "
          "Los combates duraron tres días. Anoche sonaron las sirenas.", "es",
          [("el 14 de noviembre de 2024", "DATE", "2024-11-14"),
           ("Hace tres días", "DATE", "2024-11-11"), ("Esta mañana", "TIME", "2024-11-14TMO"),
           ("ayer por la tarde", "TIME", "2024-11-13TAF"), ("tres días", "DURATION", "P3D"),
           ("Anoche", "TIME", "2024-11-13TNI")])


def test_es_future_years_and_sets() -> None:
    check("La reunión será el viernes a las 18:00. El año pasado, este año y a finales del "
          "año pasado; en 2023. Cada día suenan sirenas, todos los lunes.", "es",
          [("el viernes", "DATE", "2024-11-15"), ("las 18:00", "TIME", "2024-11-15T18:00"),
           ("El año pasado", "DATE", "2023"), ("este año", "DATE", "2024"),
           ("finales del año pasado", "DATE", "2023"), ("2023", "DATE", "2023"),
           ("Cada día", "SET", "P1D"), ("todos los lunes", "SET", "XXXX-WXX-1")])


def test_es_negatives() -> None:
    """'Plaza de Mayo', 'Abril Pérez', counts and ages; a sentence may open with a month."""
    check("La Plaza de Mayo se llenó. Abril Pérez habló. Murieron 1500 soldados. Un hombre "
          "de 45 años murió. Septiembre fue duro.", "es",
          [("Septiembre", "DATE", "2024-09")])


# --- Portuguese -------------------------------------------------------------------------------
def test_pt_weekdays_weeks_and_parts_of_months() -> None:
    found = check(
        "Na terça-feira as tropas russas bombardearam Kharkiv, e na semana passada atacaram "
        "Odessa. No início de setembro começou a ofensiva e desde setembro foram libertadas "
        "12 aldeias.", "pt",
        [("terça-feira", "DATE", "2024-11-12"), ("semana passada", "DATE", "2024-W45"),
         ("início de setembro", "DATE", "2024-09"), ("setembro", "DATE", "2024-09")])
    assert one(found, "início de setembro").precision == "START"
    assert one(found, "setembro").range == "2024-09-01/2024-11-14"


def test_pt_dates_ago_parts_of_day_and_durations() -> None:
    check("O decreto foi assinado em 14 de novembro de 2024. Há três dias, drones atacaram "
          "Odessa. Esta manhã houve explosões; ontem à noite também. Os combates duraram "
          "três dias e depois duas semanas.", "pt",
          [("14 de novembro de 2024", "DATE", "2024-11-14"),
           ("Há três dias", "DATE", "2024-11-11"), ("Esta manhã", "TIME", "2024-11-14TMO"),
           ("ontem à noite", "TIME", "2024-11-13TNI"), ("três dias", "DURATION", "P3D"),
           ("duas semanas", "DURATION", "P2W")])


def test_pt_future_years_nights_and_weekends() -> None:
    check("A reunião será na sexta-feira às 18h30. No ano passado, este ano e no final do "
          "ano passado. Na noite de terça para quarta-feira houve ataques. No fim de semana, "
          "chuva.", "pt",
          [("sexta-feira", "DATE", "2024-11-15"), ("18h30", "TIME", "2024-11-15T18:30"),
           ("ano passado", "DATE", "2023"), ("este ano", "DATE", "2024"),
           ("final do ano passado", "DATE", "2023"),
           ("noite de terça para quarta-feira", "TIME", "2024-11-12TNI"),
           ("fim de semana", "DATE", "2024-W46-WE")])


def test_pt_negatives() -> None:
    """'Editora Abril', 'na segunda vez' (an ordinal), counts and ages; 'em Abril' (European
    spelling) is the month."""
    check("Em Abril a guerra continuou. A Editora Abril publicou. Na segunda vez, não. "
          "Morreram 1500 soldados. Um homem de 45 anos morreu.", "pt",
          [("Abril", "DATE", "2024-04")])


# --- the loader ---------------------------------------------------------------------------
def test_since_words_are_whole_words() -> None:
    lexicon = build_lexicon({"language": "xx", "options": {"since": ["з"]}})
    assert lexicon.since is not None
    assert lexicon.since.search("з ")
    assert lexicon.since.search("почалося з ")
    assert not lexicon.since.search("раз ")

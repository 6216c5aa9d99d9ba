"""Places in Portuguese and Russian (no NER model: the gazetteer scan and the lexicons'
cues), on sentences written for the tests, against the real index."""

from __future__ import annotations

from dateline.model import Place
from tests.extract.test_places import by_name, places


def mentioned(found: list[Place]) -> set[str]:
    return {m.text for p in found for m in p.mentions}


# --- Portuguese ---------------------------------------------------------------------------
def test_portuguese_region_cue_makes_mopti_the_region() -> None:
    found = by_name(places(
        "Segunda-feira, homens armados atacaram uma aldeia perto de Gao, na região de Mopti, "
        "no centro do Mali.", "pt"))
    assert (found["Mopti Region"].kind, found["Mopti Region"].country) == ("region", "ML")
    assert "Mopti" not in found  # not the town
    assert (found["Gao"].kind, found["Gao"].admin1) == ("city", "Gao Region")
    assert found["Mali"].kind == "country"
    assert "Segunda-feira" not in mentioned(list(found.values()))


def test_portuguese_river_cue_picks_the_dnieper_not_the_city() -> None:
    found = by_name(places(
        "As forças russas retiraram-se de Kherson e atravessaram o rio Dnipro para a margem "
        "esquerda.", "pt"))
    assert found["Dnieper"].kind == "river"
    assert "Dnipro" not in found  # the city of Dnipro
    kherson = found["Kherson"]
    assert (kherson.kind, kherson.country, kherson.admin1) == ("city", "UA", "Kherson Oblast")


def test_portuguese_region_and_town_cues() -> None:
    found = by_name(places(
        "Drones russos atingiram a região de Kharkiv e a cidade de Zaporizhzhia durante a "
        "noite.", "pt"))
    assert found["Kharkiv Oblast"].kind == "region"
    assert "Kharkiv" not in found
    assert found["Zaporizhzhya"].kind == "city"


def test_portuguese_state_cue_in_sudan() -> None:
    found = by_name(places(
        "As RSF tomaram El Fasher, no Darfur do Norte, e avançam agora no estado de Sennar, "
        "no leste do Sudão.", "pt"))
    fasher = found["El Fasher"]
    assert (fasher.kind, fasher.country, fasher.admin1) == ("city", "SD", "North Darfur State")
    assert (found["Sennar State"].kind, found["Sennar State"].country) == ("region", "SD")
    assert "Sennar" not in found  # the state, not its capital
    assert found["Sudan"].kind == "country"


def test_portuguese_capitalised_common_words_are_not_towns() -> None:
    # "Natal" is Christmas here, not the Brazilian city; "Ontem" (yesterday) is no place
    found = places("No Natal, o presidente do Brasil falou em Brasília sobre a guerra na "
                   "Ucrânia. Ontem, a Casa Branca respondeu.", "pt")
    names = by_name(found)
    assert "Natal" not in names
    assert not {"Natal", "Ontem", "Casa Branca", "Casa"} & mentioned(found)
    assert "Casablanca" not in names
    assert {"Brazil", "Brasília", "Ukraine"} <= set(names)


def test_portuguese_feminine_country_names_are_not_demonyms() -> None:
    # "palestina", "síria" are adjectives too, but capitalised they name the country
    found = by_name(places("Ontem, a Palestina e a Síria pediram ajuda aos europeus.", "pt"))
    assert found["Syria"].kind == "country"
    assert found["Palestinian Territory"].kind == "country"


# --- Russian ------------------------------------------------------------------------------
def test_russian_inflected_town_and_river_on_the_left_bank() -> None:
    found = by_name(places(
        "Российские войска отступили из Херсона на левый берег Днепра.", "ru"))
    kherson = found["Kherson"]
    assert (kherson.kind, kherson.country, kherson.admin1) == ("city", "UA", "Kherson Oblast")
    assert [m.text for m in kherson.mentions] == ["Херсона"]
    assert found["Dnieper"].kind == "river"
    assert "Dnipro" not in found  # "Днепра" names the city too: the bank makes it the river


def test_russian_oblast_adjective_is_the_oblast() -> None:
    found = by_name(places("Бои продолжаются в Херсонской области и в Бахмуте.", "ru"))
    oblast = found["Kherson Oblast"]
    assert (oblast.kind, oblast.country, oblast.mentions[0].text) == (
        "region", "UA", "Херсонской")
    assert "Kherson" not in found
    bakhmut = found["Bakhmut"]
    assert (bakhmut.kind, bakhmut.admin1, bakhmut.mentions[0].text) == (
        "city", "Donetsk Oblast", "Бахмуте")


def test_russian_region_and_its_namesake_city() -> None:
    found = by_name(places(
        "ВСУ вошли в Курскую область в августе. Бои идут в Курской области и под Курском.",
        "ru"))
    assert found["Kursk Oblast"].kind == "region"
    assert {m.text for m in found["Kursk Oblast"].mentions} == {"Курскую", "Курской"}
    assert (found["Kursk"].kind, found["Kursk"].mentions[0].text) == ("city", "Курском")


def test_russian_other_wars() -> None:
    found = by_name(places(
        "В понедельник армия Судана заявила о боях в Эль-Фашере. Боевики напали на колонну "
        "близ Гао на севере Мали.", "ru"))
    assert found["El Fasher"].admin1 == "North Darfur State"
    assert found["Sudan"].kind == "country"
    assert (found["Gao"].kind, found["Gao"].country) == ("city", "ML")


def test_russian_capitalised_common_word_is_not_a_town() -> None:
    # "Восток" (the east) opens the sentence: not Skhidni Kvartaly, a district named "East"
    found = places("Восток страны снова под обстрелами: удары пришлись по Харькову и по "
                   "Донецкой области.", "ru")
    assert "Восток" not in mentioned(found)
    names = by_name(found)
    assert names["Kharkiv"].kind == "city"
    assert names["Donetsk Oblast"].kind == "region"


def test_russian_city_forms_and_the_oblast_named_after_the_city() -> None:
    found = by_name(places(
        "Дроны атаковали Одессу ночью, сообщили власти Одесской области.", "ru"))
    odesa = found["Odesa"]
    assert (odesa.kind, odesa.admin1, odesa.mentions[0].text) == ("city", "Odesa Oblast",
                                                                   "Одессу")
    oblast = found["Odesa Oblast"]
    assert (oblast.kind, oblast.mentions[0].text) == ("region", "Одесской")

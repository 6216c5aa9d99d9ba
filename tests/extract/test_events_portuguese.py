"""Events in Portuguese: the surface lexicon (lexicons/events/pt.json, no lemmatizer or parser)
and the Portuguese actor aliases, end to end on sentences we wrote about several conflicts."""

from __future__ import annotations

import pytest

from dateline.model import Event
from tests.extract.event_checks import analysed_events, one

pytestmark = pytest.mark.slow


def events(text: str) -> list[Event]:
    return analysed_events(text, "pt", "2024-11-14")


def test_withdrawal_with_actor_and_weekday() -> None:
    e = one(events("As forças russas retiraram-se de Kherson na sexta-feira."), "RETREAT")
    assert (e.subtype, e.actor, e.actor_side) == ("withdrawal", "Russian armed forces", "RU")
    assert (e.date, e.date_text, e.time_precision) == ("2024-11-08", "sexta-feira", 1)
    assert e.status == "reported" and e.claimed_by is None


def test_shelling_claimed_by_a_source_phrase() -> None:
    found = events("O Exército de Israel bombardeou Rafah, segundo o Ministério da Saúde de Gaza.")
    e = one(found, "ASSAULT")
    assert (e.subtype, e.actor, e.actor_side) == ("shelling", "Israel Defense Forces", "IL")
    assert (e.status, e.claimed_by) == ("claimed", "Ministério da Saúde de Gaza")


@pytest.mark.parametrize("text, type_, subtype, actor", [
    ("As Forças de Apoio Rápido sitiaram El Fasher em maio.", "ASSAULT", "siege",
     "Rapid Support Forces"),
    ("O M23 tomou o controle de Goma, disseram fontes locais.", "ASSAULT", "capture", "M23"),
    ("As forças ucranianas retomaram a aldeia de Robotyne.", "ASSAULT", "territory_regained",
     "Ukrainian armed forces"),
    ("Os rebeldes do M23 avançaram em direção a Goma.", "ASSAULT", "advance", "M23"),
    ("O Exército ucraniano derrubou 40 drones russos durante a noite.", "ASSAULT",
     "interception", "Ukrainian armed forces"),
    ("O Exército sudanês e as Forças de Apoio Rápido entraram em confronto em Cartum.",
     "ASSAULT", "ground_battle", None),
    ("O Hamas libertou três reféns em Gaza nesta segunda-feira.", "RETREAT", "release",
     "Hamas"),
    ("A Rússia e a Ucrânia trocaram 95 prisioneiros de guerra na quarta-feira.", "COOPERATE",
     "prisoner_exchange", None),
    ("A União Europeia aprovou novas sanções contra a Rússia.", "SANCTION", "sanctions",
     "European Union"),
    ("Israel e o Hamas concordaram com um cessar-fogo em Gaza.", "AGREE",
     "ceasefire_agreement", None),
    ("O governo retomou as negociações com o Hamas.", "CONSULT", "talks", None),
])
def test_types_subtypes_and_actors(text: str, type_: str, subtype: str, actor: str | None
                                   ) -> None:
    found = events(text)
    assert {e.type for e in found} == {type_}, [(e.type, e.subtype, e.trigger) for e in found]
    e = one(found, type_)
    assert e.subtype == subtype
    if actor is not None:
        assert e.actor == actor


def test_a_protest_for_the_hostages_is_no_release() -> None:
    found = events("Milhares de manifestantes protestaram em Tel Aviv pela libertação dos reféns.")
    assert one(found, "PROTEST").subtype == "demonstration"
    assert "RETREAT" not in {e.type for e in found}


def test_could_not_be_verified_in_the_next_sentence() -> None:
    found = events("O Exército russo afirmou ter capturado a aldeia de Makiivka. "
                   "A informação não pôde ser verificada de forma independente.")
    e = one(found, "ASSAULT")
    assert (e.subtype, e.actor, e.status) == ("capture", "Russian armed forces", "unverified")


def test_a_denied_shelling_is_denied() -> None:
    e = one(events("Moscou negou que suas tropas tenham bombardeado o hospital."), "ASSAULT")
    assert (e.subtype, e.status) == ("shelling", "denied")


def test_according_to_is_a_source_not_an_agreement() -> None:
    found = events("De acordo com a ONU, 20 civis morreram em Cartum.")
    e = one(found, "ASSAULT")
    assert (e.subtype, e.claimed_by, e.status) == ("casualties", "United Nations", "claimed")
    assert "AGREE" not in {x.type for x in found}


@pytest.mark.parametrize("text", [
    "O Exército ucraniano não recuou de Pokrovsk.",
    "Nenhum drone atingiu a capital durante a noite.",
    "Se as tropas russas recuarem, a Ucrânia poderia retomar a cidade.",
    "A Rússia poderá lançar uma nova ofensiva no inverno.",
    "As tropas russas querem tomar o controle de Pokrovsk.",
    "Leia também: Rússia bombardeia Kharkiv e mata dez civis",
])
def test_negations_hypotheses_intentions_and_read_also_are_not_events(text: str) -> None:
    assert events(text) == []


@pytest.mark.parametrize("text", [
    "A inflação avançou 0,5% em outubro.",
    "O ministro manifestou preocupação com a situação.",
    "O governo recuperou a economia depois da crise.",
    "Cerca de 300 pessoas assistiram ao jogo no domingo.",
    "O preço no atacado subiu pela terceira vez.",
    "A polícia encontrou as chaves do carro.",
])
def test_stems_do_not_fire_on_ordinary_words(text: str) -> None:
    assert events(text) == []

"""Events: PLOVER types from trigger lexicons, arguments from the parse, places, dates,
claims and statuses, non-events, and one event per happening, on articles we wrote."""

from __future__ import annotations

import pytest

from dateline.extract.event_lexicon import EventLexicon, lexicon_from, match_items, parse_pattern
from dateline.extract.events import side_of_phrase
from dateline.model import Event
from tests.extract.event_checks import analysed_events, one

pytestmark = pytest.mark.slow


def events(text: str, language: str, published: str = "2024-03-15",
           title: str | None = None) -> list[Event]:
    return analysed_events(text, language, published, title)


# --- types and arguments --------------------------------------------------------------------
def test_french_withdrawal_with_actor_place_and_date() -> None:
    e = one(events("Les troupes russes se sont retirées de Kherson mercredi.", "fr"), "RETREAT")
    assert (e.subtype, e.actor, e.actor_side) == ("withdrawal", "Russian armed forces", "RU")
    assert (e.location, e.date, e.date_text) == ("Kherson", "2024-03-13", "mercredi")
    assert e.status == "reported" and e.claimed_by is None
    assert e.lat == pytest.approx(46.64, abs=0.1)
    assert e.geo_precision == 1 and e.time_precision == 1
    assert (e.acled_event_type, e.acled_sub_event_type, e.cameo) == (
        "Strategic developments", "Non-violent transfer of territory", "0874")


def test_english_shelling_with_target_town() -> None:
    found = events("Russian forces shelled Kharkiv on Tuesday, local officials said.", "en")
    e = one(found, "ASSAULT")
    assert (e.subtype, e.actor, e.location, e.date) == (
        "shelling", "Russian armed forces", "Kharkiv", "2024-03-12")


def test_passive_with_agent_gives_actor_and_target() -> None:
    found = events("La ville de Bakhmout a été reprise par l'armée ukrainienne.", "fr")
    e = one(found, "ASSAULT")
    assert (e.subtype, e.actor, e.location) == (
        "territory_regained", "Ukrainian armed forces", "Bakhmut")


@pytest.mark.parametrize("text, language, type_, subtype", [
    ("The Rapid Support Forces besieged El Fasher in May.", "en", "ASSAULT", "siege"),
    ("Le président russe a ordonné la mobilisation de 300 000 réservistes.", "fr",
     "MOBILIZE", "mobilization"),
    ("The European Union imposed new sanctions on Moscow on Monday.", "en", "SANCTION",
     "sanctions"),
    ("Des milliers de manifestants ont manifesté à Bamako contre la junte.", "fr", "PROTEST",
     "demonstration"),
    ("Azerbaijan and Armenia signed a peace agreement in Washington.", "en", "AGREE",
     "peace_deal"),
    ("Ukraine and Russia exchanged 200 prisoners on Friday.", "en", "COOPERATE",
     "prisoner_exchange"),
    ("Germany will deliver tanks, but it delivered ammunition to Kyiv in March.", "en",
     "AID", "weapons_delivery"),
    ("Le ministre turc a rencontré son homologue ukrainien à Ankara.", "fr", "CONSULT",
     "meeting"),
])
def test_types_by_meaning(text: str, language: str, type_: str, subtype: str) -> None:
    e = one(events(text, language), type_)
    assert e.subtype == subtype


# --- non-events -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, language", [
    ("Les forces russes n'ont pas bombardé Odessa.", "fr"),
    ("Russian forces did not shell Odesa.", "en"),
    ("Russian forces could withdraw from Kherson.", "en"),
    ("Les troupes russes pourraient se retirer de Kherson.", "fr"),
    ("If confirmed, the withdrawal of Russian troops from Kherson would be a victory.", "en"),
    ("Will Russian troops withdraw from Kherson?", "en"),
    ("Kyiv aims to retake Crimea.", "en"),
    ("L'Ukraine vise à reprendre la Crimée.", "fr"),
    ("Certains craignent que les Russes ne bombardent Odessa.", "fr"),
    ("Lire aussi : Les troupes russes se retirent de Kherson", "fr"),
    ("• Read also: Russian troops withdraw from Kherson", "en"),
    # how hard the act would be is no report of it
    ("Il n'est pas si facile de retirer ces troupes de Kherson en deux jours.", "fr"),
    ("It will be hard for Ukraine to retake Bakhmut this year.", "en"),
])
def test_negations_hypotheses_intentions_and_read_also_are_not_events(
    text: str, language: str
) -> None:
    assert [e.type for e in events(text, language)] == []


def test_fixed_expressions_are_not_triggers() -> None:
    text = "Le ministre a déclaré à plusieurs reprises que la situation était stable."
    found = events(text, "fr")
    assert [e.type for e in found if e.type == "ASSAULT"] == []


def test_occupied_as_an_adjective_is_no_event() -> None:
    found = events("Les habitants de la ville occupée de Melitopol attendent.", "fr")
    assert [e for e in found if e.subtype in ("capture", "occupation")] == []


# --- claims and statuses ----------------------------------------------------------------------
def test_reported_speech_is_claimed_by_the_speaker() -> None:
    found = events("Volodymyr Zelensky a déclaré que l'armée ukrainienne avait libéré Izioum.",
                   "fr")
    e = one(found, "ASSAULT")
    assert (e.claimed_by, e.status) == ("Volodymyr Zelensky", "claimed")


def test_according_to_gives_the_claimant() -> None:
    found = events("According to the Sudanese army, the RSF withdrew from Omdurman.", "en")
    e = one(found, "RETREAT")
    assert e.claimed_by == "Sudanese Armed Forces" and e.status == "claimed"
    assert e.actor == "Rapid Support Forces"


def test_an_event_inside_a_quotation_is_the_speakers_claim() -> None:
    text = "“Nous avons libéré Koupiansk”, a déclaré Volodymyr Zelensky samedi."
    e = one(events(text, "fr"), "ASSAULT")
    assert e.claimed_by == "Volodymyr Zelensky"
    assert e.actor == "Ukrainian armed forces"  # "nous" in his mouth


def test_could_not_verify_makes_it_unverified() -> None:
    text = ("Russian troops withdrew from Kreminna, the governor said. "
            "Reuters could not independently verify the claim.")
    e = one(events(text, "en"), "RETREAT")
    assert e.status == "unverified"


def test_denial_verb_makes_it_denied() -> None:
    e = one(events("Moscow denied that its forces shelled the Zaporizhzhia plant.", "en"),
            "ASSAULT")
    assert e.status == "denied"


def test_a_party_confirming_its_own_retreat_is_confirmed() -> None:
    text = "Le ministère russe de la Défense a confirmé que ses forces se retiraient de Lyman."
    e = one(events(text, "fr"), "RETREAT")
    assert e.status == "confirmed" and e.actor_side == "RU"


def test_a_proclaimed_act_is_reported_not_claimed() -> None:
    text = "Vladimir Putin announced the annexation of four Ukrainian regions in September."
    e = one(events(text, "en"), "COERCE")
    assert (e.subtype, e.actor, e.claimed_by, e.status) == (
        "annexation", "Vladimir Putin", None, "reported")
    assert e.date == "2023-09-01/2023-09-30"  # the September before publication


# --- one event per happening ----------------------------------------------------------------
def test_repetitions_merge_into_one_event() -> None:
    text = ("Les forces russes se sont retirées de Kherson vendredi.\n"
            "Ce retrait est un tournant, selon les analystes.\n"
            "Les troupes russes ont quitté Kherson après huit mois d'occupation.")
    found = [e for e in events(text, "fr") if e.type == "RETREAT"]
    assert len(found) == 1 and found[0].location == "Kherson"
    # the other sentences that tell it stay as its mentions, each with its own offsets
    others = found[0].mentions
    assert others and found[0].evidence not in [m.evidence for m in others]
    assert all(text[m.provenance.start:m.provenance.end] == m.evidence for m in others)
    assert all(m.trigger in m.evidence for m in others)


def test_coordinated_towns_make_one_event_each() -> None:
    text = "Les troupes russes se sont retirées d'Izioum et de Koupiansk."
    found = [e for e in events(text, "fr") if e.type == "RETREAT"]
    assert sorted((e.location or "")[:3] for e in found) == ["Izy", "Kup"]


def test_a_headline_event_takes_the_body_sentence_as_evidence() -> None:
    text = ("Les troupes russes se retirent de Kherson\n\n"
            "Vendredi, les troupes russes se sont retirées de Kherson, a annoncé Moscou.")
    e = one(events(text, "fr", title=text.split("\n")[0]), "RETREAT")
    assert e.evidence.startswith("Vendredi")


# --- languages without a parser -------------------------------------------------------------
def test_german_surface_patterns_find_the_event() -> None:
    found = events("Russische Truppen haben sich am Freitag aus Cherson zurückgezogen.", "de")
    e = one(found, "RETREAT")
    assert e.actor == "Russian armed forces"


# --- the lexicon machinery ------------------------------------------------------------------
def test_patterns_with_gaps_and_stems() -> None:
    forms = [("ils", "il"), ("ont", "avoir"), ("exhorté", "exhorter"), ("les", "le"),
             ("soldats", "soldat"), ("à", "à"), ("se", "se"), ("rendre", "rendre")]
    assert match_items(parse_pattern("exhorter ... rendre", "t").items, forms, 2, 8) == (2, 7)
    assert match_items(parse_pattern("sold*", "t").items, forms, 4, 8) == (4,)
    assert match_items(parse_pattern("exhorter rendre", "t").items, forms, 2, 8) is None


@pytest.mark.parametrize("bad", ["... retirer", "retirer ...", "ab*", "a ... ... b", ""])
def test_bad_patterns_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_pattern(bad, "test.json")


def test_longer_pattern_wins_over_shorter() -> None:
    lex: EventLexicon = lexicon_from("xx", {"triggers": [
        {"type": "ASSAULT", "subtype": "capture", "patterns": ["prendre"]},
        {"type": "ASSAULT", "subtype": "territory_regained",
         "patterns": ["reprendre le contrôle", "prendre le contrôle"]},
    ]}, "test")
    forms = [("prendre", "prendre"), ("le", "le"), ("contrôle", "contrôle")]
    found = lex.find(forms)
    assert [(m.trigger.subtype, m.tokens) for m in found] == [("territory_regained", (0, 1, 2))]


def test_side_of_phrase_from_demonyms() -> None:
    assert side_of_phrase("le haut commandement ukrainien") == "UA"
    assert side_of_phrase("Russian officials") == "RU"
    assert side_of_phrase("des responsables locaux") is None


def test_a_participle_after_its_noun_makes_the_noun_the_victim() -> None:
    e = one(events("“There are over 100,000 Russian soldiers killed and wounded,” the top US "
                   "military official said.", "en"), "ASSAULT")
    assert (e.subtype, e.actor, e.target) == ("casualties", None, "Russian armed forces")
    assert e.location is None  # "US" names the official's office, not where it happened


def test_german_declined_actor_names_resolve() -> None:
    e = one(events("Die russischen Truppen haben sich aus Cherson zurückgezogen.", "de"),
            "RETREAT")
    assert e.actor == "Russian armed forces"


def test_a_relative_pronoun_takes_its_antecedent() -> None:
    e = one(events("The RSF, which has besieged El Fasher since May, did not comment.", "en"),
            "ASSAULT")
    assert (e.subtype, e.actor) == ("siege", "Rapid Support Forces")


def test_a_denial_in_the_next_sentence_marks_the_claimed_act() -> None:
    text = ("The army said the RSF shelled a market in Omdurman on Monday. "
            "The RSF denied it. Human rights groups accused both sides of abuses.")
    found = events(text, "en")
    assert [e.type for e in found if e.subtype == "denial"] == []
    assert one(found, "ASSAULT").status == "denied"
    assert one(found, "ACCUSE").status == "reported"


def test_suffering_losses_makes_the_subject_the_victim() -> None:
    e = one(events("La 1re armée de chars russe a subi de lourdes pertes près de Kharkiv.", "fr"),
            "ASSAULT")
    assert (e.subtype, e.actor, e.target) == ("casualties", None, "Russian armed forces")


def test_a_partitive_subject_resolves_its_pronoun() -> None:
    text = ("Les soldats russes ont quitté Izioum samedi. "
            "La moitié d'entre eux ont fui vers Koupiansk dans leurs véhicules.")
    found = [e for e in events(text, "fr") if e.subtype == "flight"]
    assert len(found) == 1 and found[0].actor == "Russian armed forces"


def test_the_nearest_subject_before_the_verb_is_its_subject() -> None:
    text = ("La reprise de Kherson est l'un des plus grands succès de Kyiv depuis qu'elle a "
            "repris le contrôle de Kharkiv.")
    regained = [e for e in events(text, "fr") if e.location == "Kharkiv"]
    assert len(regained) == 1 and regained[0].actor_side == "UA"


@pytest.mark.parametrize("text, language, date", [
    # reported by a present-perfect verb, no time of its own: as of publication
    ("Le gouverneur a déclaré que l'armée russe avait quitté Kreminna.", "fr", "2024-03-15"),
    # "actuellement": the publication date
    ("Il y a actuellement de violents combats à Bakhmout.", "fr", "2024-03-15"),
    # no time in the sentence: the date its paragraph's story is at
    ("On Tuesday, officials gave an update. Ukrainian troops had recaptured Robotyne.", "en",
     "2024-03-12"),
    # nothing says when: null
    ("Ukrainian troops had recaptured Robotyne.", "en", None),
    # an upper-bounded duration: the days before publication it covers
    ("Selon l'état-major, l'armée ukrainienne a repris Vovtchansk en moins d'une semaine.",
     "fr", "2024-03-08/2024-03-15"),
    ("The army said Ukrainian troops have retaken Robotyne in under a month.", "en",
     "2024-02-15/2024-03-15"),
    # dated by a happening the text leaves undated: null, not the publication date
    ("Le ministère a déclaré que la brigade a subi de lourdes pertes au début de la guerre.",
     "fr", None),
    ("The mayor has said that the troops fled in the first hours of the offensive.", "en",
     None),
])
def test_event_dates_follow_the_text(text: str, language: str, date: str | None) -> None:
    found = [e for e in events(text, language) if e.type in ("ASSAULT", "RETREAT")]
    assert len(found) == 1 and found[0].date == date


def test_without_a_parser_sources_are_not_actors() -> None:
    e = one(events("Según la ONU, las Fuerzas de Apoyo Rápido sitiaron El Fasher.", "es"),
            "ASSAULT")
    assert (e.subtype, e.actor, e.claimed_by) == (
        "siege", "Rapid Support Forces", "United Nations")
    found = events("Drones atacaram Belgorod, informou o Ministério da Defesa russo.", "pt")
    assert one(found, "ASSAULT").target != "Russian Defense Ministry"


def test_reflexive_verbs_with_an_auxiliary_between() -> None:
    visit = one(events("Le président turc s'est rendu mardi à Kyiv.", "fr"), "CONSULT")
    assert (visit.subtype, visit.location) == ("visit", "Kyiv")
    surrender = events("Une centaine de soldats russes se sont rendus près de Koupiansk.", "fr")
    assert one(surrender, "CONCEDE").subtype == "surrender"


@pytest.mark.parametrize("text, subtype", [
    # an announced future withdrawal is an event: the announcement
    ("On Wednesday Russia announced that its forces would withdraw from the city of Kherson.",
     "withdrawal_order"),
    # a prediction, or an announcement denied, is not
    ("Analysts said Russian troops would withdraw from the city of Kherson.", None),
    ("Moscow did not announce that its troops would withdraw from the city of Kherson.", None),
])
def test_an_announced_future_act_is_its_announcement(text: str, subtype: str | None) -> None:
    found = [e.subtype for e in events(text, "en") if e.type == "RETREAT"]
    assert found == ([subtype] if subtype else [])


def test_the_announcer_is_the_actor_of_an_announcement() -> None:
    text = ("The commander of the Russian forces in Ukraine, Sergei Surovikin, announced on "
            "Wednesday that the withdrawal from the city of Kherson would be carried out quickly.")
    e = one(events(text, "en"), "RETREAT")
    assert (e.subtype, e.actor, e.claimed_by, e.status) == (
        "withdrawal_order", "Sergei Surovikin", None, "reported")
    assert e.location == "Kherson" and e.date == "2024-03-13"


def test_a_name_set_off_by_commas_is_the_speaker() -> None:
    text = ("The head of the military administration in Kharkiv region, Oleh Syniehubov, said "
            "Russian forces shelled Kupiansk on Monday.")
    e = one(events(text, "en"), "ASSAULT")
    assert e.claimed_by == "Oleh Syniehubov" and e.location == "Kupyansk"

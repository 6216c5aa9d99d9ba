"""Quotes: quote marks of every style, speakers (before, after, inverted, pronouns, roles,
surnames), channels, and exact offsets, on real spaCy parses."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.analyze import parse
from dateline.extract import quotes as quotes_module
from dateline.extract.quotes import extract_quotes, find_quote_spans
from dateline.model import Article, Quote
from dateline.nlp.parsed import ParsedArticle

pytestmark = pytest.mark.slow


def parsed(text: str, language: str) -> ParsedArticle:
    return parse(Article("t", text), language)


def run(text: str, language: str) -> list[Quote]:
    found = extract_quotes(parsed(text, language))
    for q in found:
        assert text[q.provenance.start:q.provenance.end] == q.text
        assert q.text in q.evidence and q.evidence in text
        if q.speaker_provenance is not None:
            sp = q.speaker_provenance
            assert text[sp.start:sp.end] == q.speaker_text
    return found


def pairs(found: list[Quote]) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in found]


# --- quote marks -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, language, quoted", [
    ("“We will not surrender,” Zelensky said.", "en", "We will not surrender"),
    ('"We will not surrender," Zelensky said.', "en", "We will not surrender"),
    ("‘We will not surrender,’ Zelensky said.", "en", "We will not surrender"),
    ("« Nous ne céderons pas », a déclaré Zelensky.", "fr", "Nous ne céderons pas"),
    ("«\u00a0Nous ne céderons pas\u00a0», a déclaré Zelensky.", "fr", "Nous ne céderons pas"),
    ("« Nous ne céderons pas”, a déclaré Zelensky.", "fr", "Nous ne céderons pas"),
    ("„Wir geben nicht auf“, sagte Selenskyj.", "de", "Wir geben nicht auf"),
    ("»Wir geben nicht auf«, sagte Selenskyj.", "de", "Wir geben nicht auf"),
])
def test_every_quote_style(text: str, language: str, quoted: str) -> None:
    assert pairs(run(text, language)) == [(quoted, "Volodymyr Zelensky")]


def test_apostrophes_and_possessives_are_not_quote_marks() -> None:
    text = "‘The soldiers’ morale is high and Putin’s army isn’t,’ a British officer said."
    assert [q.text for q in run(text, "en")] == [
        "The soldiers’ morale is high and Putin’s army isn’t"]


def test_nested_quote_stays_inside_its_quote() -> None:
    text = "“He told me ‘run’ and I ran,” said Olena, a resident of Izium."
    assert pairs(run(text, "en")) == [("He told me ‘run’ and I ran", "Olena")]


def test_mismatched_marks_still_pair() -> None:
    text = 'He announced gains of “seven km” and ” six villages near Kherson’.'
    assert [text[s.start:s.end] for s in find_quote_spans(text)] == [
        "seven km", "six villages near Kherson"]


def test_unclosed_title_mark_is_dropped() -> None:
    text = "She wrote “The Putin Playbook and left.\n\n“Things are fluid now,” she said."
    assert [text[s.start:s.end] for s in find_quote_spans(text)] == ["Things are fluid now"]


# --- quotes and their speakers ---------------------------------------------------------------
def test_split_quote_gives_two_quotes_with_one_speaker() -> None:
    text = ('Antony Blinken spoke in Brussels on Friday. "We are ready," he said, '
            '"to negotiate with anyone who wants peace."')
    assert pairs(run(text, "en")) == [
        ("We are ready", "Antony Blinken"),
        ("to negotiate with anyone who wants peace.", "Antony Blinken"),
    ]


def test_multi_sentence_quote_and_its_continuation() -> None:
    text = ("“Notre peuple. Le nôtre. Kherson”, a écrit Zelenskyy sur Telegram. "
            "“Aujourd’hui est un jour historique. Nous reprenons Kherson.”")
    found = run(text, "fr")
    assert pairs(found) == [
        ("Notre peuple. Le nôtre. Kherson", "Volodymyr Zelensky"),
        ("Aujourd’hui est un jour historique. Nous reprenons Kherson.", "Volodymyr Zelensky"),
    ]
    assert [q.channel for q in found] == ["Telegram", "Telegram"]
    assert found[0].cue == "a écrit"


def test_quote_over_two_paragraphs() -> None:
    text = ("Olena Kovalenko spoke at the hospital.\n\n“I lost everything. My house burned.\n\n"
            "“Now we live in a shelter,” Kovalenko said.")
    assert pairs(run(text, "en")) == [
        ("I lost everything. My house burned.", "Olena Kovalenko"),
        ("Now we live in a shelter", "Olena Kovalenko"),
    ]


def test_partial_quotes_in_reported_speech() -> None:
    text = ("Le ministère britannique de la Défense a déclaré mardi que des “éléments” des "
            "forces russes s’étaient “retirés” et le porte-parole du ministère russe de la "
            "Défense, Igor Konashenkov, aurait déclaré que les troupes étaient “regroupées”.")
    assert pairs(run(text, "fr")) == [
        ("éléments", "UK Ministry of Defence"),
        ("retirés", "UK Ministry of Defence"),
        ("regroupées", "Igor Konashenkov"),
    ]


def test_scare_quotes_titles_and_names_are_not_quotations() -> None:
    text = ("The so-called \"referendums\" were held in September. Soldiers may surrender "
            "under the programme dubbed \"I want to live\". Russia committed possible "
            "‘crimes against humanity’. His book \"The Putin Playbook\" came out in 2022. "
            "The \"Tornado\" rocket system, officials said, was used against the city.")
    assert run(text, "en") == []


def test_french_name_introducer() -> None:
    text = "Moscou a lancé un programme surnommé « Je veux vivre », a déclaré le ministère."
    assert run(text, "fr") == []


@pytest.mark.parametrize("text, language, speaker", [
    ('"The operation continues," the Russian Defence Ministry said.', "en",
     "Russian Defense Ministry"),
    ('"The operation continues," said Dmitry Peskov.', "en", "Dmitry Peskov"),
    ('Kremlin spokesman Dmitry Peskov told reporters: "The operation continues."', "en",
     "Dmitry Peskov"),
    ("« L'opération continue », a déclaré le ministère russe de la Défense.", "fr",
     "Russian Defense Ministry"),
    ("Le Kremlin a affirmé que l'opération « se poursuit ».", "fr", "Russian government"),
    ("Selon Moscou, le retrait est nécessaire pour la « libération du Donbass ».", "fr",
     "Russian government"),
    ('According to the IDF, the strike targeted "a Hamas command centre".', "en",
     "Israel Defense Forces"),
    ('A withdrawal "would be a new victory" for Kyiv, welcomed NATO Secretary General '
     'Jens Stoltenberg.', "en", "Jens Stoltenberg"),
])
def test_speaker_before_after_and_source_phrases(text: str, language: str, speaker: str) -> None:
    assert [q.speaker for q in run(text, language)] == [speaker]


def test_inverted_pronoun_after_quote_resolves_to_previous_speaker() -> None:
    text = ("« Nous espérions le succès », a déclaré Petro Kuzyk au FT.\n\n"
            "« Ils ont fui comme des sprinteurs », a-t-il déclaré.")
    found = run(text, "fr")
    assert pairs(found) == [("Nous espérions le succès", "Petro Kuzyk"),
                            ("Ils ont fui comme des sprinteurs", "Petro Kuzyk")]
    assert found[1].speaker_text == "il"
    assert found[1].cue == "a-t-il déclaré"


@pytest.mark.parametrize("pronoun, speaker", [("elle", "Maria Zakharova"),
                                              ("il", "Sergei Lavrov")])
def test_pronoun_agrees_in_gender(pronoun: str, speaker: str) -> None:
    text = ("Le ministre Sergueï Lavrov a rencontré Maria Zakharova lundi.\n\n"
            f"« C'est inacceptable », a-t-{pronoun} dit aux journalistes.")
    assert [q.speaker for q in run(text, "fr")] == [speaker]


def test_pronoun_skips_a_person_of_the_wrong_gender() -> None:
    text = ("Maria Zakharova, the foreign ministry spokeswoman, spoke after Sergei Lavrov met "
            'his counterpart.\n\n"This is a provocation," she said.')
    assert [q.speaker for q in run(text, "en")] == ["Maria Zakharova"]


def test_given_name_gives_gender_of_unknown_person() -> None:
    text = ("Olena Kovalenko, une habitante de Kharkiv, a perdu sa maison. Son voisin Petro "
            "Bondar est resté. « Tout a brûlé », a-t-elle dit. « Je reste », a-t-il répondu.")
    assert pairs(run(text, "fr")) == [("Tout a brûlé", "Olena Kovalenko"),
                                      ("Je reste", "Petro Bondar")]


def test_surname_gets_the_full_name_from_earlier_in_the_article() -> None:
    text = ("La moitié d’entre eux ont fui, a déclaré Olena Matvienko, une résidente locale.\n\n"
            "“Ils sont entrés dans nos maisons”, a déclaré Matvienko au Post.")
    found = run(text, "fr")
    assert pairs(found) == [("Ils sont entrés dans nos maisons", "Olena Matvienko")]
    assert found[0].speaker_text == "Matvienko"


def test_role_resolves_through_an_earlier_apposition() -> None:
    text = ('The mayor of Izium, Valeriy Marchenko, said the city was destroyed. '
            '"Nothing works," the mayor said.')
    assert pairs(run(text, "en")) == [("Nothing works", "Valeriy Marchenko")]


def test_role_resolves_through_actor_roles() -> None:
    text = ("Le président ukrainien a parlé samedi. “Nous avons libéré 2 000 kilomètres”, "
            "a déclaré Zelensky. « Il n'y a pas de place pour les occupants », a déclaré "
            "le président.")
    assert [q.speaker for q in run(text, "fr")] == ["Volodymyr Zelensky"] * 2


def test_institution_role_does_not_resolve_to_a_person() -> None:
    text = ("Le ministère britannique de la Défense a déclaré que le porte-parole russe Igor "
            "Konashenkov avait parlé. Le ministère a déclaré que l'unité n'a pas pu se "
            "« reconstituer complètement ».")
    assert [q.speaker for q in run(text, "fr")] == ["UK Ministry of Defence"]


def test_headline_quote_takes_the_speaker_of_the_body_sentence_repeating_it() -> None:
    text = ("Coup dur pour l’armée russe : “L’armée ukrainienne a repris 2 000 kilomètres de "
            "territoire”\n\nL’armée ukrainienne a repris quelque 2 000 kilomètres de territoire. "
            "Le président ukrainien Volodymyr Zelensky l’a déclaré dans un message vidéo sur "
            "Telegram samedi soir.")
    found = run(text, "fr")
    assert pairs(found) == [("L’armée ukrainienne a repris 2 000 kilomètres de territoire",
                             "Volodymyr Zelensky")]
    assert found[0].channel == "Telegram"


def test_headline_with_name_and_colon() -> None:
    text = "Zelensky: “We will win this war”\n\nKYIV — The president spoke on Sunday."
    assert pairs(run(text, "en")) == [("We will win this war", "Volodymyr Zelensky")]


def test_unattributed_headline_quote_is_dropped() -> None:
    text = "• Read also: “Nothing makes sense anymore”: Russians on the verge of a breakdown\n"
    assert run(text, "en") == []


@pytest.mark.parametrize("variant", ["Zelenskyy", "Zelenksyy", "Zelenski", "Zelensky"])
def test_canonical_speaker_from_transliteration_variants(variant: str) -> None:
    text = f"« Kherson est à nous », a écrit {variant} sur Telegram."
    assert [q.speaker for q in run(text, "fr")] == ["Volodymyr Zelensky"]


def test_participle_cue_keeps_the_sentence_speaker() -> None:
    text = ('"We have taken the village," the Russian Defence Ministry said in a statement on '
            'Telegram, adding that "dozens of soldiers" were killed.')
    assert [q.speaker for q in run(text, "en")] == ["Russian Defense Ministry"] * 2


def test_german_blank_pipeline() -> None:
    text = ("„Wir brauchen mehr Flugabwehr“, sagte Selenskyj in seiner Videobotschaft. "
            "»Das ist ein Verbrechen«, erklärte der Sprecher des Kremls, Dmitri Peskow.")
    found = run(text, "de")
    assert pairs(found) == [("Wir brauchen mehr Flugabwehr", "Volodymyr Zelensky"),
                            ("Das ist ein Verbrechen", "Dmitry Peskov")]
    assert found[0].channel == "video address"


def test_ukrainian_is_a_data_change() -> None:
    text = ("«Ми не здамося», — сказав Зеленський у вечірньому відеозверненні.\n\n"
            "Голова Харківської ОВА Олег Синєгубов написав у Telegram: «Двоє загиблих». "
            "«Рятувальники працюють на місці», — додав він.")
    found = run(text, "uk")
    assert pairs(found) == [("Ми не здамося", "Volodymyr Zelensky"),
                            ("Двоє загиблих", "Oleh Syniehubov"),
                            ("Рятувальники працюють на місці", "Oleh Syniehubov")]
    assert [q.channel for q in found] == ["video address", "Telegram", "Telegram"]


# --- channels --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, language, channel", [
    ('"We will win," Zelensky said in his nightly video address.', "en", "video address"),
    ('"We will win," Zelensky wrote on Telegram.', "en", "Telegram"),
    ('"We are ready," Burhan told Al Jazeera in an interview.', "en", "interview"),
    ('"We are ready," Burhan told AFP.', "en", "AFP"),
    ('"We are ready," Burhan told reporters.', "en", "press"),
    ('"We are ready," Hagari told a press conference.', "en", "press conference"),
    ("« C'est une catastrophe », a confié Natalia, une habitante, à l'AFP.", "fr", "AFP"),
    ("« Nous avons repris le village », a indiqué l'armée dans un communiqué.", "fr",
     "statement"),
    ("« Deux morts », a écrit le gouverneur sur Facebook.", "fr", "Facebook"),
])
def test_channels(text: str, language: str, channel: str) -> None:
    assert [q.channel for q in run(text, language)] == [channel]


def test_channel_carries_over_to_the_same_speaker_later() -> None:
    text = ("Dans son discours de samedi soir, Volodymyr Zelensky a déclaré que 2 000 km2 "
            "avaient été libérés.\n\nLa Russie a démenti.\n\n"
            "« Il n'y a pas de place pour les occupants », a déclaré Zelensky.")
    assert [q.channel for q in run(text, "fr")] == ["video address"]


# --- robustness ------------------------------------------------------------------------------
def test_no_marks_no_quotes() -> None:
    assert run("Russian forces withdrew from Kherson, officials said.", "en") == []


def test_extractor_constants() -> None:
    assert quotes_module.NAME == "quotes"
    assert quotes_module.VERSION and quotes_module.METHOD


_PIECES = st.sampled_from([
    "“", "”", "«", "»", "„", "“", '"', "'", "‘", "’", " ", "  ", "\n", "\n\n", ",", ".", ":",
    "a déclaré", "said", "sagte", "he", "er", "Zelensky", "Selenskyj", "Kherson", "wir", "die",
    "Lage", "l’armée", "qu'", "-t-il", "selon", "laut", "dpa", "Sprecher", "der", "x",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=40))
def test_never_raises_and_keeps_offsets_exact(pieces: list[str]) -> None:
    text = " ".join(pieces)
    for q in extract_quotes(parsed(text, "de")):
        assert text[q.provenance.start:q.provenance.end] == q.text
        assert q.text and q.evidence in text
        assert q.evidence.find(q.text) >= 0

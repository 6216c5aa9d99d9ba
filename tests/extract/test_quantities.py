"""Quantities on sentences written for the tests (French, English, German), with real spaCy
parses: units and conversions, counted nouns, approximations and ranges, what is not a
quantity, and who states each figure."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.analyze import analyze_articles, parse
from dateline.extract import Extractor
from dateline.extract.quantities import METHOD, NAME, VERSION, extract_quantities
from dateline.model import Article, Quantity, to_record
from dateline.nlp.parsed import ParsedArticle
from dateline.schema.validate import record_errors


def parsed(text: str, language: str) -> ParsedArticle:
    return parse(Article(id="t", text=text, language=language))


def quantities(text: str, language: str) -> list[Quantity]:
    found = extract_quantities(parsed(text, language))
    for q in found:
        assert text[q.provenance.start:q.provenance.end] == q.text
    return found


def one(text: str, language: str) -> Quantity:
    found = quantities(text, language)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def by_text(found: list[Quantity]) -> dict[str, Quantity]:
    return {q.text: q for q in found}


# --- units, normalization -----------------------------------------------------------------
def test_area_in_french_with_modifier() -> None:
    q = one("L'armée affirme avoir repris plus de 3 000 kilomètres carrés depuis le début "
            "du mois.", "fr")
    assert (q.text, q.value, q.unit, q.si_value, q.si_unit) == (
        "3 000 kilomètres carrés", 3000, "km2", 3000, "km2")
    assert q.approximation == "more_than"
    assert q.about == "territory retaken"
    assert q.provenance.sentence == 0 and q.provenance.method == "rule:number+unit"


@pytest.mark.parametrize(
    ("text", "language", "value", "unit", "si_value", "si_unit"),
    [
        ("Le convoi s'étendait sur 40 miles.", "fr", 40, "mi", 64.3738, "km"),
        ("Izioum est à 55 milles de là.", "fr", 55, "mi", 88.5139, "km"),
        ("The front moved 7 km.", "en", 7, "km", 7, "km"),
        ("The convoy stretched for forty miles.", "en", 40, "mi", 64.3738, "km"),
        ("They retook 1,200 square miles.", "en", 1200, "mi2", 3107.9857, "km2"),
        ("Ils ont repris 1 200 miles carrés.", "fr", 1200, "mi2", 3107.9857, "km2"),
        ("The fire burned 500 hectares.", "en", 500, "ha", 5, "km2"),
        ("Le pont, long de 19 km, a été touché.", "fr", 19, "km", 19, "km"),
        ("A trench 800 metres long.", "en", 800, "m", 0.8, "km"),
        ("Près de 70 % des habitants ont fui.", "fr", 70, "percent", 70, "percent"),
        ("Nearly 70% of the town was destroyed.", "en", 70, "percent", 70, "percent"),
        ("Die Armee meldet 3.000 Quadratkilometer.", "de", 3000, "km2", 3000, "km2"),
        ("Die Stadt liegt 120 km entfernt.", "de", 120, "km", 120, "km"),
    ],
)
def test_units_are_normalized(text: str, language: str, value: float, unit: str,
                              si_value: float, si_unit: str) -> None:
    q = one(text, language)
    assert (q.value, q.unit, q.si_unit) == (value, unit, si_unit)
    assert q.si_value == pytest.approx(si_value, rel=1e-4)


@pytest.mark.parametrize(
    ("text", "language", "value", "unit", "days"),
    [
        ("Les combats ont duré 48 heures.", "fr", 48, "hours", 2),
        ("La ville a été occupée après plus de huit mois de combats.", "fr", 8, "months", 243.5),
        ("Kyiv a repris la zone en moins d'une semaine.", "fr", 1, "weeks", 7),
        ("It has become harder over the past three days.", "en", 3, "days", 3),
        ("They left within a week.", "en", 1, "weeks", 7),
        ("The siege lasted two years.", "en", 2, "years", 730.5),
        ("Die Stadt war seit acht Monaten besetzt.", "de", 8, "months", 243.5),
    ],
)
def test_durations_in_days(text: str, language: str, value: float, unit: str,
                           days: float) -> None:
    q = one(text, language)
    assert (q.value, q.unit, q.si_unit) == (value, unit, "days")
    assert q.si_value == pytest.approx(days)


def test_parenthetical_conversion_is_one_quantity_valued_by_its_metric_form() -> None:
    text = "Kyiv dit avoir libéré environ 1 500 miles carrés (3 885 kilomètres carrés) au total."
    q = one(text, "fr")
    assert q.text == "1 500 miles carrés (3 885 kilomètres carrés)"
    assert (q.value, q.unit, q.si_value, q.si_unit) == (3885, "km2", 3885, "km2")
    assert q.approximation == "about" and q.provenance.method == "rule:conversion"
    assert q.about == "territory retaken"


def test_conversion_with_metric_form_first() -> None:
    q = one("Ukrainian forces recaptured more than 6,000 square kilometres (about 2,300 square "
            "miles) of territory, Zelensky said on Monday.", "en")
    assert q.text == "6,000 square kilometres (about 2,300 square miles)"
    assert (q.value, q.unit, q.approximation) == (6000, "km2", "more_than")
    assert q.claimed_by == "Zelensky"


# --- counted nouns ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language", "span", "value", "unit", "si_unit"),
    [
        ("Une vingtaine de villages ont été évacués.", "fr", "Une vingtaine de villages", 20,
         "villages", "villages"),
        ("Zelensky a affirmé que 41 localités avaient été libérées.", "fr", "41 localités", 41,
         "localities", "villages"),
        ("Près de 2,5 millions de personnes ont fui.", "fr", "2,5 millions de personnes",
         2500000, "people", "people"),
        ("La ville comptait 30 000 habitants.", "fr", "30 000 habitants", 30000,
         "inhabitants", "people"),
        ("Le régiment comptait 1,200 soldats.", "fr", "1,200 soldats", 1200, "soldiers",
         "troops"),
        ("Trois morts ont été recensés.", "fr", "Trois morts", 3, "killed", "people"),
        ("Putin ordered the mobilization of some 300,000 reservists.", "en",
         "300,000 reservists", 300000, "reservists", "troops"),
        ("Ukraine announced the reconquest of a dozen villages.", "en", "a dozen villages", 12,
         "villages", "villages"),
        ("Putin claimed the annexation of four Ukrainian regions.", "en",
         "four Ukrainian regions", 4, "regions", "regions"),
        ("The unit had 1.200 soldiers.", "en", "1.200 soldiers", 1200, "soldiers", "troops"),
        ("Russia lost 120 tanks and 35 drones.", "en", "120 tanks", 120, "tanks", "tanks"),
        ("Russia launched 100 Shahed drones overnight.", "en", "100 Shahed drones", 100,
         "drones", "drones"),
        ("Bakou a reconnu la mort de 192 de ses soldats.", "fr", "192 de ses soldats", 192,
         "soldiers", "troops"),
        ("Dort standen 5.000 russische Soldaten.", "de", "5.000 russische Soldaten", 5000,
         "soldiers", "troops"),
    ],
)
def test_counted_nouns(text: str, language: str, span: str, value: float, unit: str,
                       si_unit: str) -> None:
    q = by_text(quantities(text, language))[span]
    assert (q.value, q.unit, q.si_value, q.si_unit) == (value, unit, value, si_unit)


def test_casualties_and_their_about() -> None:
    found = by_text(quantities(
        "At least 200 people had been killed and more than 400 wounded, the ombudsman "
        "Gegham Stepanyan said on Wednesday.", "en"))
    killed, wounded = found["200 people"], found["400 wounded"]
    assert (killed.approximation, killed.about) == ("at_least", "people killed")
    assert (wounded.value, wounded.si_unit, wounded.approximation) == (400, "people", "more_than")
    assert killed.claimed_by == wounded.claimed_by == "Gegham Stepanyan"


def test_partitive_pronoun_counts_without_a_noun() -> None:
    q = one("Deux d'entre eux ont pointé leurs armes sur nous.", "fr")
    assert (q.text, q.value, q.unit) == ("Deux d'entre eux", 2, "count")
    assert quantities("One of them was hurt.", "en") == []


def test_elliptical_counts_take_the_noun_of_the_sentence() -> None:
    found = quantities("About 40,000 people live in areas at risk: some 17,000 on the western "
                       "bank and about 25,000 on the eastern bank.", "en")
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("40,000 people", 40000, "people"), ("17,000", 17000, "people"),
        ("25,000", 25000, "people")]
    assert found[1].provenance.method == "rule:elliptical-count"


def test_cues_name_what_a_bare_number_counts() -> None:
    found = quantities("The strike killed at least 12 and wounded 30, officials said. The death "
                       "toll has risen to 56 since Oct. 7.", "en")
    assert [(q.text, q.unit, q.si_unit) for q in found] == [
        ("12", "killed", "people"), ("30", "wounded", "people"), ("56", "killed", "people")]
    assert found[0].provenance.method == "rule:cue+number"
    assert one("Le bilan s'élève désormais à 56.", "fr").unit == "killed"
    assert quantities("The death toll has risen since Oct. 7.", "en") == []


def test_compounds_millions_and_demonyms() -> None:
    found = by_text(quantities("A three-day truce covered a 10-km stretch. About 1.5m people "
                               "fled and 1,200 Israelis were killed.", "en"))
    assert (found["three-day"].value, found["three-day"].unit) == (3, "days")
    assert (found["10-km"].value, found["10-km"].unit) == (10, "km")
    assert (found["1.5m people"].value, found["1.5m people"].unit) == (1500000, "people")
    assert (found["1,200 Israelis"].si_value, found["1,200 Israelis"].si_unit) == (1200, "people")
    assert [q.text for q in quantities("T-72 tanks, F-16 jets and 155-mm shells.", "en")] == []


# --- approximations and ranges ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language", "low", "high", "unit"),
    [
        ("Entre 20 000 et 30 000 soldats russes restent sur place.", "fr", 20000, 30000,
         "soldiers"),
        ("Between 250,000 and 300,000 people fled the state.", "en", 250000, 300000, "people"),
        ("Some 5,000 to 5,500 Russian troops were there.", "en", 5000, 5500, "troops"),
        ("Le front a avancé de 20-30 km.", "fr", 20, 30, "km"),
        ("Il faudra un ou deux jours.", "fr", 1, 2, "days"),
        ("Dort standen 5.000 bis 5.500 russische Soldaten.", "de", 5000, 5500, "soldiers"),
    ],
)
def test_ranges_keep_both_bounds(text: str, language: str, low: float, high: float,
                                 unit: str) -> None:
    q = one(text, language)
    assert (q.approximation, q.low, q.high, q.value, q.unit) == ("range", low, high, low, unit)


@pytest.mark.parametrize(
    ("text", "language", "approximation"),
    [
        ("Au moins une trentaine de localités ont été reprises.", "fr", "at_least"),
        ("Environ 40 000 soldats sont déployés.", "fr", "about"),
        ("There are well over 100,000 Russian soldiers killed.", "en", "more_than"),
        ("Up to 40 drones were launched.", "en", "at_most"),
        ("Fewer than 10 villages remain.", "en", "less_than"),
        ("Rund 120.000 Einwohner lebten dort.", "de", "about"),
    ],
)
def test_approximations(text: str, language: str, approximation: str) -> None:
    assert one(text, language).approximation == approximation


@pytest.mark.parametrize(
    ("text", "language", "span", "low"),
    [
        ("L'Ukraine a repris des centaines de kilomètres carrés.", "fr",
         "des centaines de kilomètres carrés", 200),
        ("Des dizaines de milliers de civils ont fui.", "fr",
         "Des dizaines de milliers de civils", 20000),
        ("Dozens of drones hit the city.", "en", "Dozens of drones", 24),
        ("Hundreds of thousands of people fled.", "en", "Hundreds of thousands of people",
         200000),
        ("Dutzende Menschen kamen ums Leben.", "de", "Dutzende Menschen", 24),
    ],
)
def test_vague_magnitudes_are_kept_without_a_value(text: str, language: str, span: str,
                                                   low: float) -> None:
    q = one(text, language)
    assert (q.text, q.value, q.si_value, q.low) == (span, None, None, low)
    assert q.reason


# --- not quantities --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Le 24 février 2022, à 5 heures du matin, l'offensive a commencé.", "fr"),
        ("Un Su-25 et des S-300 ont été vus près du G7.", "fr"),
        ("Un soldat de 26 ans a été blessé.", "fr"),
        ("Vitali, 26 ans, a parlé à l'AFP.", "fr"),
        ("Il est revenu trois jours plus tard.", "fr"),
        ("Il y a deux semaines, la ville est tombée.", "fr"),
        ("L'article 5 de l'OTAN et la 93e brigade sont cités.", "fr"),
        ("Appelez le 06 12 34 56 78 avant 14h30.", "fr"),
        ("Un char et une voiture ont été détruits.", "fr"),
        ("A 59-year-old mechanic said the brigade arrived on September 21.", "en"),
        ("Two days later, the 1st Division left at 5 a.m.", "en"),
        ("Three weeks ago the US sent $400 million in aid.", "en"),
        ("In 2014 Russian troops entered Crimea.", "en"),
        ("The trucks drove at 80 km/h.", "en"),
        ("A week after his appointment, he resigned.", "en"),
        ("Talks between the two countries resumed; men aged 18-60 year olds left.", "en"),
        ("Les deux pays ont repris les négociations.", "fr"),
        ("Bis Donnerstag um 10 Uhr war alles ruhig, vor drei Tagen auch.", "de"),
    ],
)
def test_not_quantities(text: str, language: str) -> None:
    assert quantities(text, language) == []


# --- who says so -----------------------------------------------------------------------------
def test_claimed_by_the_speaker_of_a_quote_expanded_to_the_full_name() -> None:
    text = ("Le général Valeri Zaloujny s'est exprimé dimanche. « Nous avons repris 12 "
            "localités », a déclaré Zaloujny.")
    q = one(text, "fr")
    assert q.claimed_by == "Valeri Zaloujny"
    assert q.about == "localities retaken"


def test_claimed_by_a_quote_continued_without_attribution() -> None:
    text = ("« Ils sont entrés dans nos maisons », a déclaré Olena Matvienko au journal. "
            "« Ils ont pris nos vélos. Trois d'entre eux avaient des armes. »")
    assert one(text, "fr").claimed_by == "Olena Matvienko"


def test_claimed_by_according_to_and_reporting_verbs() -> None:
    assert one("Selon Zelensky, au moins une trentaine de localités ont été reprises.",
               "fr").claimed_by == "Zelensky"
    assert one("Le ministère de la Défense a annoncé que 300 soldats avaient été capturés.",
               "fr").claimed_by == "ministère de la Défense"
    assert one("Russia has lost 120 tanks since June, according to Britain's Ministry of "
               "Defence.", "en").claimed_by == "Ministry of Defence"
    assert one("Nach Angaben von Serhij Tscherewatyj standen dort 5.000 Soldaten.",
               "de").claimed_by == "Serhij Tscherewatyj"


def test_claimed_by_a_pronoun_resolves_to_the_last_person() -> None:
    text = ("Volodymyr Zelensky s'est exprimé dimanche soir. Il a affirmé que 40 localités "
            "avaient été libérées.")
    q = one(text, "fr")
    assert (q.claimed_by, q.about) == ("Volodymyr Zelensky", "localities retaken")


def test_apposition_names_the_speaker() -> None:
    q = one("“There are well over 100,000 Russian soldiers killed and wounded,” the top US "
            "military official, General Mark Milley, said Wednesday.", "en")
    assert (q.claimed_by, q.about) == ("Mark Milley", "soldiers killed")


def test_outlet_statements_and_denials_have_no_claimant() -> None:
    assert one("La ville comptait 30 000 habitants avant la guerre.", "fr").claimed_by is None
    text = ("La Russie n'a pas confirmé le retrait mais, selon le ministère britannique de la "
            "Défense, les soldats ont repris 1 200 miles carrés.")
    assert one(text, "fr").claimed_by == "ministère britannique de la Défense"
    text = ("Le rythme a surpris les soldats, selon des habitants de Zaliznychne, un village à "
            "37 miles de Kharkiv.")
    q = one(text, "fr")
    assert q.claimed_by is None and q.about == "distance from Kharkiv"


# --- the article as a whole --------------------------------------------------------------------
def test_a_restated_figure_is_kept_once_with_its_claimant() -> None:
    text = ("L'Ukraine a repris 6 000 km²\n\nKyiv affirme avoir repris 6 000 km² depuis "
            "septembre, selon Zelensky.")
    q = one(text, "fr")
    assert q.provenance.start == text.index("6 000") and q.claimed_by == "Zelensky"


def test_the_same_figure_twice_in_one_sentence_is_kept_twice() -> None:
    found = quantities("Zaluzhny said his forces took six localities in the north and six "
                       "localities in the south.", "en")
    assert [q.text for q in found] == ["six localities", "six localities"]


def test_output_is_sorted_and_named() -> None:
    text = "Kyiv a repris 12 villages. Moscou a perdu 300 soldats. L'avancée est de 7 km."
    found = quantities(text, "fr")
    assert [q.provenance.start for q in found] == sorted(q.provenance.start for q in found)
    assert [q.provenance.sentence for q in found] == [0, 1, 2]
    assert NAME == "quantities"


def test_records_validate_against_the_output_schema() -> None:
    extractor = Extractor(NAME, VERSION, METHOD, extract_quantities)
    article = Article(id="q", language="en", text=(
        "Ukraine says it retook 6,000 square kilometres\n\nAbout 40,000 people live there: some "
        "17,000 on the western bank. Dozens of drones hit the city over three days."))
    (analysis,) = analyze_articles([article], extractors=[extractor])
    record = to_record(analysis)
    assert record_errors(record) == []
    assert [q["text"] for q in record["quantities"]] == [
        "6,000 square kilometres", "40,000 people", "17,000", "Dozens of drones", "three days"]
    assert record["extractors"] == [{"name": "quantities", "version": VERSION, "method": METHOD}]


_FRAGMENTS = ["2 000", "1,5", "1.200", "une", "trentaine", "de", "km", "kilomètres carrés",
              "miles", "(", ")", "soldats", "entre", "et", "à", "-", "“", "”", "«", "»", ",",
              ".", "\n", "selon", "Zelensky", "a déclaré", "ans", "il y a", "plus de",
              "des centaines", "d'entre eux", "%", "h", "30", "Su-25", "seven", "a", "week"]


@given(st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=14).map(" ".join),
))
@settings(max_examples=60, deadline=None)
def test_never_raises_and_offsets_are_exact(text: str) -> None:
    found = extract_quantities(parsed(text, "fr"))
    starts = [q.provenance.start for q in found]
    assert starts == sorted(starts)
    for q in found:
        assert text[q.provenance.start:q.provenance.end] == q.text
        assert q.provenance.method.startswith("rule:")

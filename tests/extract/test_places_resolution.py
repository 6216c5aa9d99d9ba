"""Resolution rules of places: namesakes by size, names the gazetteer lacks placed by what
they name or lie in, landmarks named like far-off towns, country names, curated regions,
coherence with the article's other places."""

from __future__ import annotations

from dateline.analyze import parse
from dateline.extract.place_coherence import _cohere
from dateline.extract.place_derivation import _strip_affixes
from dateline.extract.place_lexicon import place_lexicon
from dateline.extract.place_mentions import _Context, _Mention
from dateline.extract.place_resolution import _rank
from dateline.extract.places import extract_places
from dateline.gazetteer.lookup import Candidate
from dateline.model import Article, Place


def places(text: str, language: str = "en") -> list[Place]:
    return extract_places(parse(Article(id="t", text=text, language=language)))


def named(found: list[Place], mention: str) -> Place:
    (place,) = [p for p in found if any(m.text == mention for m in p.mentions)]
    return place


def test_a_world_city_wins_over_a_small_namesake_in_the_focus_country() -> None:
    found = places("The mayor of New York flew from Washington to London on Monday to "
                   "meet investors.")
    assert named(found, "London").country == "GB"


def test_the_article_region_still_picks_the_local_namesake() -> None:
    found = places("Police in Dublin, Ohio, said the suspect was later arrested in Columbus, "
                   "Ohio. Dublin officials thanked residents.")
    dublin = named(found, "Dublin")
    assert (dublin.country, dublin.admin1) == ("US", "Ohio")


def test_a_bare_country_name_is_the_country_not_its_capital() -> None:
    found = places("Officials in Mexico said the talks with Mexico City and Puebla "
                   "authorities would go on.")
    assert named(found, "Mexico").kind == "country"


def test_a_landmark_named_like_a_far_off_town_lies_in_the_article_town() -> None:
    found = places("Thousands of protesters marched from Washington Square to the White "
                   "House, the police in Washington said.")
    square = named(found, "Washington Square")  # also a neighbourhood of Philadelphia
    assert square.gazetteer_id is None and square.kind == "other"
    assert 38.5 < square.lat < 39.3 and -77.5 < square.lon < -76.5
    assert "in:geonames:" in square.method


def test_a_street_lies_in_the_town_named_in_its_sentence() -> None:
    found = places("Firefighters were called to a house on Baker Street in Kherson, Ukraine, "
                   "after the shelling.")
    street = named(found, "Baker Street")
    kherson = named(found, "Kherson")
    assert (street.lat, street.lon) == (kherson.lat, kherson.lon)
    assert street.country == "UA" and street.gazetteer_id is None


def test_a_name_with_a_type_word_is_the_place_it_names() -> None:
    found = places("Farmers in Oaxaca State said the drought was the worst in decades.")
    oaxaca = named(found, "Oaxaca State")
    assert (oaxaca.kind, oaxaca.country) == ("region", "MX")
    assert oaxaca.gazetteer_id is not None


def test_affixes_are_removed_down_to_the_place_name() -> None:
    lex = place_lexicon("en")
    assert _strip_affixes("Oaxaca State", lex) == ("Oaxaca", "region", True)
    assert _strip_affixes("Lake Manassas", lex) == ("Manassas", None, False)
    assert _strip_affixes("South Los Angeles", lex) == ("Los Angeles", None, False)
    assert _strip_affixes("North Annville Township", lex) == ("Annville", None, False)
    assert _strip_affixes("Kherson", lex) == ("Kherson", None, True)


def test_unknown_names_without_a_clue_stay_unresolved() -> None:
    found = places("Journalists were turned back at the Toomevara checkpoint and in "
                   "Zwyrtchanivka, near Kharkiv.")
    unknown = named(found, "Zwyrtchanivka")
    assert unknown.lat is None and unknown.gazetteer_id is None


def test_curated_macro_regions_and_rivers() -> None:
    found = places("Migrants cross North Africa and the Sahara to reach the coast; barges "
                   "on the Mississippi River were stranded.")
    assert named(found, "North Africa").kind == "region"
    assert named(found, "Sahara").gazetteer_id == "dateline:sahara"
    river = named(found, "Mississippi River")
    assert river.kind == "river" and 28 < river.lat < 31


def test_an_english_county_name_is_the_county() -> None:
    found = places("Flooding hit Kent and Sussex in England after days of rain, the "
                   "Environment Agency said.")
    kent = named(found, "Kent")
    assert (kent.country, kent.kind) == ("GB", "region")


def test_a_large_region_is_placed_at_its_middle_not_among_its_towns() -> None:
    found = places("Wildfires spread across northern Ontario, Canada, this week.")
    ontario = named(found, "Ontario")
    assert ontario.lat > 48  # its towns cluster by the US border, near 44-46 N


# --- places 0.4 ------------------------------------------------------------------------------
def _town(gid: str, name: str, admin1: str, lat: float, lon: float, pop: int) -> Candidate:
    return Candidate(gazetteer_id=gid, name=name, kind="city", record_kind="city",
                     feature_code="PPL", country="US", admin1=admin1, lat=lat, lon=lon,
                     population=pop, matched_name=name, match="fold", lang=None)


def test_a_doubtful_name_takes_the_namesake_beside_the_other_places() -> None:
    far = _town("g:1", "Springfield", "Missouri", 37.2, -93.3, 169_000)
    near = _town("g:2", "Springfield", "Illinois", 39.8, -89.65, 114_000)
    decatur = _town("g:3", "Decatur", "Illinois", 39.84, -88.95, 71_000)
    doubtful = _Mention("Springfield", 0, 11, 0, "ner:GPE", None, [far, near])
    other = _Mention("Decatur", 20, 27, 0, "ner:GPE", None, [decatur])
    mentions = [doubtful, other]
    for m in mentions:
        _rank(m, None, "en")
    assert doubtful.choice is far  # the larger one, on its own
    _cohere(mentions, _Context(), "en")
    assert doubtful.choice is near


def test_a_sure_name_is_not_moved_by_the_other_places() -> None:
    far = _town("g:1", "Springfield", "Missouri", 37.2, -93.3, 5_000_000)
    near = _town("g:2", "Springfield", "Illinois", 39.8, -89.65, 1_000)
    decatur = _town("g:3", "Decatur", "Illinois", 39.84, -88.95, 71_000)
    sure = _Mention("Springfield", 0, 11, 0, "ner:GPE", None, [far, near])
    mentions = [sure, _Mention("Decatur", 20, 27, 0, "ner:GPE", None, [decatur])]
    for m in mentions:
        _rank(m, None, "en")
    _cohere(mentions, _Context(), "en")
    assert sure.choice is far


def test_a_state_is_not_named_after_a_village_that_shares_its_name() -> None:
    found = places("Montana lawmakers met in Helena on Monday.")  # not Montana, Bulgaria
    assert (named(found, "Montana").kind, named(found, "Montana").country) == ("region", "US")


def test_st_is_saint_at_the_start_of_a_name() -> None:
    found = places("Diplomats left Moscow and St. Petersburg on Friday.")
    petersburg = named(found, "St. Petersburg")
    assert petersburg.country == "RU" and petersburg.gazetteer_id is not None


def test_feature_words_stand_last_in_english_names() -> None:
    lex = place_lexicon("en")
    assert lex.is_feature_name("Eglinton Avenue West")
    assert lex.is_feature_name("Church of the Nativity")
    assert not lex.is_feature_name("St. Petersburg")
    assert not lex.is_feature_name("Castle Rock")
    assert place_lexicon("fr").is_feature_name("rue de la Paix")


def test_the_territory_of_a_country_is_the_country() -> None:
    found = places("Azerbaijan mined the border territory of Georgia, officials in Baku said.")
    assert named(found, "Georgia").kind == "country"


def test_an_article_before_a_name_that_modifies_a_noun_is_no_area_cue() -> None:
    for text in ("The embassy told the Washington mission to object, the minister said.",
                 "Jeffrey Chester of the Washington-based Center for Digital Democracy "
                 "spoke."):
        washington = named(places(text), "Washington")
        assert (washington.kind, washington.admin1) == ("city", "District of Columbia")

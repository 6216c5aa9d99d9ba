"""Resolution rules of places: namesakes by size, names the gazetteer lacks placed by what
they name or lie in, landmarks named like far-off towns, country names, curated regions."""

from __future__ import annotations

from dateline.analyze import parse
from dateline.extract.place_lexicon import place_lexicon
from dateline.extract.places import _strip_affixes, extract_places
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

"""Places named in an article, from the pipeline's named entities.

This first version takes the NER's location labels only; it resolves nothing to coordinates
(that needs the gazetteer), so every place has kind "other" and no lat/lon. Languages
without an NER model get no places from it.
"""

from __future__ import annotations

from dateline.model import Mention, Place, Provenance
from dateline.nlp.parsed import ParsedArticle

NAME = "places"
VERSION = "0.1"
METHOD = "spacy-ner"
PLACE_LABELS = frozenset({"LOC", "GPE"})


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def extract_places(parsed: ParsedArticle) -> list[Place]:
    """One Place per distinct location name, with every mention's offsets and sentence."""
    method = f"{METHOD}:{parsed.pipeline}"
    places: dict[str, Place] = {}
    for ent in parsed.doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        text = ent.text.strip()
        if not text:
            continue
        mention = Mention(
            text,
            Provenance(ent.start_char, ent.end_char, parsed.sentence_of(ent.start_char), method),
        )
        place = places.get(_key(text))
        if place is None:
            places[_key(text)] = Place(
                name=text, kind="other", mentions=[mention], method=method
            )
        else:
            place.mentions.append(mention)
    return list(places.values())

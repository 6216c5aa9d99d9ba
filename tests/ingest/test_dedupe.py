from __future__ import annotations

from dateline.ingest.dedupe import Deduplicator, signature, signature_bytes

STORY = (
    "Ukrainian forces retook the eastern town of Lyman on Saturday after encircling several "
    "thousand Russian troops, the defence ministry in Kyiv said. Russia's defence ministry "
    "confirmed its units had pulled back to more advantageous lines because of the threat "
    "of encirclement. The town is a railway hub in Donetsk region that Russian forces had "
    "used to supply their troops in the north. Its loss came one day after Moscow declared "
    "the annexation of four Ukrainian regions, and officials in Kyiv said the advance would "
    "continue toward Kreminna and Svatove in the coming days."
)


def test_exact_duplicate_under_another_id_ignores_case_and_spacing() -> None:
    d = Deduplicator()
    d.add("first", STORY)
    dup, _ = d.check("second", "  " + STORY.upper().replace(" ", "\n "))
    assert dup is not None and (dup.of, dup.kind, dup.similarity) == ("first", "exact", 1.0)


def test_near_duplicate_with_a_new_byline_and_a_changed_word() -> None:
    d = Deduplicator()
    d.add("first", STORY)
    edited = "By Staff Reporter. " + STORY.replace("Saturday", "Saturday morning")
    dup, _ = d.check("second", edited)
    assert dup is not None and dup.of == "first" and dup.kind == "near"
    assert 0.8 <= dup.similarity < 1.0


def test_different_story_and_translation_are_not_duplicates() -> None:
    d = Deduplicator()
    d.add("first", STORY)
    other = ("Azerbaijan launched what it called anti-terrorist measures in Nagorno-Karabakh "
             "on Tuesday, shelling positions around Stepanakert; a ceasefire followed the "
             "next day and tens of thousands of ethnic Armenians began leaving for Armenia.")
    french = ("Les forces ukrainiennes ont repris samedi la ville de Lyman, dans l'est, après "
              "avoir encerclé plusieurs milliers de soldats russes, selon le ministère.")
    assert d.check("x", other)[0] is None
    assert d.check("y", french)[0] is None


def test_an_article_is_not_a_duplicate_of_itself() -> None:
    d = Deduplicator()
    d.add("first", STORY)
    assert d.check("first", STORY)[0] is None


def test_signatures_survive_the_store_roundtrip() -> None:
    d = Deduplicator()
    d.load([("stored", "0" * 64, signature_bytes(signature(STORY)))])
    dup, _ = d.check("new", STORY + " Updated at noon.")
    assert dup is not None and dup.of == "stored" and dup.kind == "near"

"""Admin-2 units under their bare names, their populations, curated admin-1 centres."""

from __future__ import annotations

from dateline.gazetteer import Gazetteer


def test_a_county_name_no_town_bears_is_indexed_bare_with_a_population(
        gazetteer: Gazetteer) -> None:
    (county,) = [c for c in gazetteer.candidates("Cambridgeshire") if c.kind == "district"]
    assert county.country == "GB" and county.population > 100_000


def test_a_county_named_like_a_town_is_only_indexed_under_its_full_name(
        gazetteer: Gazetteer) -> None:
    assert not [c for c in gazetteer.candidates("Laurel") if c.kind == "district"]
    assert [c for c in gazetteer.candidates("Laurel County") if c.kind == "district"]


def test_a_curated_centre_replaces_the_centre_of_the_towns(gazetteer: Gazetteer) -> None:
    (ontario,) = [c for c in gazetteer.candidates("Ontario")
                  if c.kind == "region" and c.country == "CA"]
    assert (ontario.lat, ontario.lon) == (49.25, -84.5)

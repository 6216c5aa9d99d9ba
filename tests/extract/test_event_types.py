"""The event type inventory: bundled data and the checks the loader makes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dateline.extract import event_types as et
from dateline.extract.event_types import (
    ACLED_CATEGORIES,
    PLOVER_ROOTS,
    EventTypesError,
    acled_of,
    cameo_of,
    load_types,
    mode_of,
    read_types,
    root_types,
    subtype,
)

BRIEFED_SUBTYPES = {
    "RETREAT": ["withdrawal", "flight", "territory_lost", "defeat"],
    "ASSAULT": ["territory_regained", "capture", "occupation", "advance", "counteroffensive",
                "breakthrough", "shelling", "air_strike", "drone_strike", "missile_strike",
                "ground_battle", "ambush", "bombing", "siege", "casualties", "killing"],
    "CONCEDE": ["surrender", "ceasefire", "admission"],
    "REQUEST": ["surrender_call", "evacuation_call", "aid_request", "negotiation_conditions",
                "ceasefire_call"],
    "COERCE": ["annexation", "arrest", "abduction", "looting", "blockade", "displacement",
               "destruction", "seizure"],
    "MOBILIZE": ["mobilization", "deployment", "fortification", "alert"],
    "THREATEN": ["warning", "threat", "ultimatum"],
    "PROTEST": ["demonstration", "strike_action"],
    "SANCTION": ["sanctions", "expulsion", "suspension"],
    "ACCUSE": ["accusation", "condemnation"],
    "REJECT": ["denial", "rejection", "refusal"],
    "AGREE": ["ceasefire_agreement", "agreement", "peace_deal"],
    "CONSULT": ["visit", "meeting", "talks", "phone_call"],
    "SUPPORT": ["endorsement", "recognition", "praise"],
    "COOPERATE": ["prisoner_exchange", "military_cooperation", "joint_exercise"],
    "AID": ["military_aid", "humanitarian_aid", "weapons_delivery", "financial_aid"],
    "OTHER": ["evacuation", "celebration", "flag_raising", "statement"],
}


def bundled() -> dict[str, Any]:
    return json.loads(et.bundled_path().read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict[str, Any] | str) -> Path:
    path = tmp_path / "types.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


# ---- bundled inventory ---------------------------------------------------------------------


def test_roots_are_the_sixteen_plover_types_plus_other() -> None:
    assert root_types() == (*PLOVER_ROOTS, "OTHER")
    assert len(PLOVER_ROOTS) == 16


def test_every_root_has_a_two_digit_cameo_root_and_a_definition() -> None:
    for root in load_types().types.values():
        assert root.definition
        assert len(root.cameo) == 2 and 1 <= int(root.cameo) <= 20, root.name
        assert root.cameo not in root.cameo_other


def test_known_root_codes() -> None:
    types = load_types().types
    assert types["ASSAULT"].cameo == "19"
    assert set(types["ASSAULT"].cameo_other) == {"18", "20"}
    assert types["PROTEST"].cameo == "14"
    assert types["MOBILIZE"].cameo == "15"
    assert types["SANCTION"].cameo == "16"
    assert "firearms" in types["ASSAULT"].modes
    assert types["CONSULT"].modes == ("visit", "third-party", "multilateral", "phone")


def test_every_subtype_root_exists_and_mode_belongs_to_it() -> None:
    inv = load_types()
    for sub in inv.subtypes.values():
        assert sub.type in inv.types, sub.name
        assert sub.definition
        if sub.mode is not None:
            assert sub.mode in inv.types[sub.type].modes, sub.name


def test_every_briefed_subtype_is_present_under_its_root() -> None:
    for root, names in BRIEFED_SUBTYPES.items():
        for name in names:
            found = subtype(name)
            assert found is not None, name
            assert found.type == root, name


def test_acled_categories_are_acleds() -> None:
    for sub in load_types().subtypes.values():
        event_type, sub_event = sub.acled
        if event_type is None:
            assert sub_event is None, sub.name
            continue
        assert event_type in ACLED_CATEGORIES, sub.name
        if sub_event is not None:
            assert sub_event in ACLED_CATEGORIES[event_type], sub.name


def test_nearly_every_acled_sub_event_type_is_reachable() -> None:
    # Not reached by a subtype alone: chemical weapons (no subtype), and a non-state actor
    # overtaking territory (capture by a non-state actor: decided from the actor, not the verb).
    unreached = {"Chemical weapon", "Non-state actor overtakes territory"}
    used = {s.acled for s in load_types().subtypes.values()}
    for event_type, subs in ACLED_CATEGORIES.items():
        for sub_event in subs - unreached:
            assert (event_type, sub_event) in used, (event_type, sub_event)


def test_known_acled_mappings() -> None:
    assert acled_of("ASSAULT", "shelling") == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert acled_of("ASSAULT", "drone_strike") == ("Explosions/Remote violence", "Air/drone strike")
    assert acled_of("ASSAULT", "territory_regained") == ("Battles", "Government regains territory")
    assert acled_of("COERCE", "arrest") == ("Strategic developments", "Arrests")
    assert acled_of("COERCE", "abduction") == (
        "Violence against civilians", "Abduction/forced disappearance")
    assert acled_of("PROTEST", "demonstration") == ("Protests", "Peaceful protest")
    assert acled_of("AGREE", "ceasefire_agreement") == ("Strategic developments", "Agreement")
    assert acled_of("RETREAT", "withdrawal") == (
        "Strategic developments", "Non-violent transfer of territory")
    assert acled_of("CONSULT", "phone_call") == (None, None)
    assert acled_of("ASSAULT") == (None, None)
    assert acled_of("ASSAULT", "no_such_subtype") == (None, None)
    assert acled_of("NO_SUCH_TYPE", "shelling") == (None, None)


def test_known_cameo_codes_and_root_fallback() -> None:
    assert cameo_of("ASSAULT", "shelling") == "194"
    assert cameo_of("ASSAULT", "air_strike") == "195"
    assert cameo_of("RETREAT", "withdrawal") == "0874"
    assert cameo_of("COERCE", "arrest") == "173"
    assert cameo_of("MOBILIZE", "mobilization") == "154"
    assert cameo_of("CONSULT", "phone_call") == "041"
    assert cameo_of("ASSAULT") == "19"
    assert cameo_of("REQUEST", "evacuation_call") == "10"  # no CAMEO code: the root's
    assert cameo_of("ASSAULT", "no_such_subtype") == "19"
    assert cameo_of("NO_SUCH_TYPE") is None
    assert mode_of("ASSAULT", "shelling") == "heavy-weapons"
    assert mode_of("CONSULT", "phone_call") == "phone"


def test_subtype_of_another_root_is_an_error() -> None:
    with pytest.raises(ValueError, match="belongs to ASSAULT"):
        cameo_of("RETREAT", "shelling")
    with pytest.raises(ValueError, match="belongs to ASSAULT"):
        acled_of("RETREAT", "shelling")


def test_subtype_lookup() -> None:
    shelling = subtype("shelling")
    assert shelling is not None and shelling.type == "ASSAULT"
    assert subtype("no_such_subtype") is None


def test_load_is_cached_and_immutable() -> None:
    inv = load_types()
    assert load_types() is inv
    with pytest.raises(TypeError):
        inv.subtypes["x"] = inv.subtypes["shelling"]  # type: ignore[index]


def test_bundled_file_round_trips_through_read_types(tmp_path: Path) -> None:
    inv = read_types(write(tmp_path, bundled()))
    assert inv.types == load_types().types
    assert inv.subtypes == load_types().subtypes


# ---- malformed files -----------------------------------------------------------------------


def test_unknown_root_of_a_subtype(tmp_path: Path) -> None:
    data = bundled()
    data["subtypes"]["shelling"]["type"] = "BOMBARD"
    with pytest.raises(EventTypesError, match=r"subtype 'shelling'.*unknown root type 'BOMBARD'"):
        read_types(write(tmp_path, data))


def test_announced_as_names_a_subtype(tmp_path: Path) -> None:
    assert load_types().subtypes["withdrawal"].announced_as == "withdrawal_order"
    data = bundled()
    data["subtypes"]["withdrawal"]["announced_as"] = "withdrawal_promise"
    with pytest.raises(EventTypesError,
                       match=r"subtype 'withdrawal'.*announced_as names no subtype"):
        read_types(write(tmp_path, data))


def test_unknown_root_type(tmp_path: Path) -> None:
    data = bundled()
    data["types"]["FIGHT"] = data["types"]["ASSAULT"]
    with pytest.raises(EventTypesError, match=r"type 'FIGHT'.*unknown root type"):
        read_types(write(tmp_path, data))


def test_missing_root_type(tmp_path: Path) -> None:
    data = bundled()
    del data["types"]["AID"]
    for name in [n for n, s in data["subtypes"].items() if s["type"] == "AID"]:
        del data["subtypes"][name]
    with pytest.raises(EventTypesError, match=r"missing root type.*AID"):
        read_types(write(tmp_path, data))


def test_duplicate_subtype(tmp_path: Path) -> None:
    text = json.dumps(bundled(), indent=1)
    entry = '"shelling": {"type": "ASSAULT", "definition": "again", "acled_event_type": null, '
    entry += '"acled_sub_event_type": null, "cameo": null, "mode": null},\n'
    text = text.replace('"subtypes": {', '"subtypes": {' + entry, 1)
    path = write(tmp_path, text)
    with pytest.raises(EventTypesError, match=r"duplicate key 'shelling'") as err:
        read_types(path)
    assert str(path) in str(err.value)


def test_missing_field(tmp_path: Path) -> None:
    data = bundled()
    del data["subtypes"]["ambush"]["cameo"]
    with pytest.raises(EventTypesError, match=r"subtype 'ambush': missing field\(s\) 'cameo'"):
        read_types(write(tmp_path, data))
    data = bundled()
    del data["types"]["PROTEST"]["modes"]
    with pytest.raises(EventTypesError, match=r"type 'PROTEST': missing field\(s\) 'modes'"):
        read_types(write(tmp_path, data))


def test_acled_category_not_acleds(tmp_path: Path) -> None:
    data = bundled()
    data["subtypes"]["shelling"]["acled_sub_event_type"] = "Air/drone strike "
    with pytest.raises(EventTypesError, match="not an ACLED sub-event type"):
        read_types(write(tmp_path, data))
    data = bundled()
    data["subtypes"]["shelling"]["acled_event_type"] = "Remote violence"
    with pytest.raises(EventTypesError, match="not an ACLED event type"):
        read_types(write(tmp_path, data))
    data = bundled()
    data["subtypes"]["arrest"]["acled_sub_event_type"] = "Armed clash"  # a Battles sub-event
    with pytest.raises(EventTypesError, match="of 'Strategic developments'"):
        read_types(write(tmp_path, data))


def test_sub_event_without_event_type(tmp_path: Path) -> None:
    data = bundled()
    data["subtypes"]["arrest"]["acled_event_type"] = None
    with pytest.raises(EventTypesError, match="sub_event_type given without event_type"):
        read_types(write(tmp_path, data))


@pytest.mark.parametrize("code", ["7", "21", "1a3", "19000", 194])
def test_bad_cameo_code(tmp_path: Path, code: Any) -> None:
    data = bundled()
    data["subtypes"]["shelling"]["cameo"] = code
    with pytest.raises(EventTypesError, match=r"subtype 'shelling'.*CAMEO code"):
        read_types(write(tmp_path, data))


def test_root_cameo_must_be_a_root(tmp_path: Path) -> None:
    data = bundled()
    data["types"]["ASSAULT"]["cameo"] = "190"
    with pytest.raises(EventTypesError, match="root code must be 2 digits"):
        read_types(write(tmp_path, data))


def test_mode_not_of_the_root(tmp_path: Path) -> None:
    data = bundled()
    data["subtypes"]["arrest"]["mode"] = "firearms"
    with pytest.raises(EventTypesError, match="mode 'firearms' is not a PLOVER mode of COERCE"):
        read_types(write(tmp_path, data))


def test_invalid_json(tmp_path: Path) -> None:
    path = write(tmp_path, '{"types": {,}')
    with pytest.raises(EventTypesError, match="invalid JSON"):
        read_types(path)


def test_empty_definition(tmp_path: Path) -> None:
    data = bundled()
    data["subtypes"]["siege"]["definition"] = " "
    with pytest.raises(EventTypesError, match=r"subtype 'siege'.*'definition'"):
        read_types(write(tmp_path, data))

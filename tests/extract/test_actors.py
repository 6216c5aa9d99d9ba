"""Actors: aliases in several languages and scripts, transliteration variants, user files,
mention offsets, and the bundled data's consistency."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dateline.extract.actors import ENV_VAR, KINDS, ActorIndex, name_key

BUNDLED = Path(__file__).resolve().parents[2] / "src/dateline/extract/lexicons/actors.json"


@pytest.fixture(scope="module")
def index() -> ActorIndex:
    return ActorIndex.default()


@pytest.mark.parametrize("alias, canonical", [
    # English, French, Ukrainian, Russian (and German)
    ("the Russian military", "Russian armed forces"),
    ("Russian troops", "Russian armed forces"),
    ("l'armée russe", "Russian armed forces"),
    ("les forces russes", "Russian armed forces"),
    ("les occupants", "Russian armed forces"),
    ("російські війська", "Russian armed forces"),
    ("российская армия", "Russian armed forces"),
    ("die russische Armee", "Russian armed forces"),
    ("Ukrainian armed forces", "Ukrainian armed forces"),
    ("les forces ukrainiennes", "Ukrainian armed forces"),
    ("ЗСУ", "Ukrainian armed forces"),
    ("ВСУ", "Ukrainian armed forces"),
    ("Russian Defense Ministry", "Russian Defense Ministry"),
    ("le ministère russe de la Défense", "Russian Defense Ministry"),
    ("Минобороны России", "Russian Defense Ministry"),
    ("Міноборони Росії", "Russian Defense Ministry"),
    ("General Staff of the Armed Forces of Ukraine",
     "General Staff of the Armed Forces of Ukraine"),
    ("l'état-major ukrainien", "General Staff of the Armed Forces of Ukraine"),
    ("Генштаб ЗСУ", "General Staff of the Armed Forces of Ukraine"),
    ("Moscou", "Russian government"),
    ("the Kremlin", "Russian government"),
    ("le président ukrainien", "Volodymyr Zelensky"),
    ("the Russian president", "Vladimir Putin"),
    ("Tsahal", "Israel Defense Forces"),
    ("les FSR", "Rapid Support Forces"),
    ("Hemedti", "Mohamed Hamdan Dagalo"),
    ("البرهان", "Abdel Fattah al-Burhan"),
    ("l'AFP", "AFP"),
    ("ТАСС", "TASS"),
])
def test_aliases_resolve_in_four_languages(index: ActorIndex, alias: str, canonical: str) -> None:
    actor = index.resolve(alias)
    assert actor is not None and actor.canonical == canonical


@pytest.mark.parametrize("variant", [
    "Zelenksyy", "Zelenskyy", "Zelensky", "Zelenskiy", "Zelenski", "Зеленський", "Зеленский",
    "Selenskyj", "Volodymyr Zelenksyy", "President Zelensky",
])
def test_zelensky_transliterations(index: ActorIndex, variant: str) -> None:
    actor = index.resolve(variant)
    assert actor is not None and actor.canonical == "Volodymyr Zelensky"
    assert actor.side == "UA" and actor.kind == "person" and actor.role == "President of Ukraine"


@pytest.mark.parametrize("variant", ["Choïgou", "Shoigu", "Шойгу", "Sergueï Choïgou",
                                     "Sergey Shoygu"])
def test_shoigu_transliterations(index: ActorIndex, variant: str) -> None:
    actor = index.resolve(variant)
    assert actor is not None and actor.canonical == "Sergei Shoigu"


def test_near_names_of_other_people_do_not_merge(index: ActorIndex) -> None:
    zelenska = index.resolve("Olena Zelenska")
    assert zelenska is not None and zelenska.canonical == "Olena Zelenska"
    assert index.resolve("Oleksandr Zelenko") is None  # another given name, another person


def test_longest_tail_of_a_titled_name(index: ActorIndex) -> None:
    actor = index.resolve("NATO Secretary General Jens Stoltenberg")
    assert actor is not None and actor.canonical == "Jens Stoltenberg"
    biden = index.resolve("US President Joe Biden")
    assert biden is not None and biden.canonical == "Joe Biden"


def test_unknown_and_ambiguous_names(index: ActorIndex) -> None:
    assert index.resolve("General Oleksiï Gromov") is None
    assert index.resolve("Austin") is None  # a city too: only the full name matches
    lloyd = index.resolve("Lloyd Austin")
    assert lloyd is not None and lloyd.canonical == "Lloyd Austin"
    assert index.resolve("news agency") is None  # a role shared by several actors
    assert index.resolve("") is None


def test_mentions_offsets_longest_first(index: ActorIndex) -> None:
    text = ("Le ministère russe de la Défense a déclaré que l'armée russe et Choïgou, selon "
            "Moscou, ont quitté Kherson.")
    found = index.mentions(text, "fr")
    assert [(text[a:b], actor.canonical) for a, b, actor in found] == [
        ("ministère russe de la Défense", "Russian Defense Ministry"),
        ("armée russe", "Russian armed forces"),
        ("Choïgou", "Sergei Shoigu"),
        ("Moscou", "Russian government"),
    ]
    starts = [a for a, _, _ in found]
    assert starts == sorted(starts)


def test_mentions_need_capitals_for_proper_names(index: ActorIndex) -> None:
    assert index.mentions("wagner and moscow") == []
    assert [a.canonical for _, _, a in index.mentions("Wagner and Moscow")] == [
        "Wagner Group", "Russian government"]


def test_user_file_merges_with_bundled(tmp_path: Path) -> None:
    user = tmp_path / "mine.json"
    user.write_text(json.dumps({
        "actors": [
            {"canonical": "Petro Kuzyk", "kind": "person", "side": "UA",
             "role": "Ukrainian battalion commander", "aliases": {"uk": ["Петро Кузик"]}},
            {"canonical": "Volodymyr Zelensky", "aliases": {"fr": ["le chef de l'État"]}},
        ],
    }), encoding="utf-8")
    index = ActorIndex.from_files(BUNDLED, user)
    kuzyk = index.resolve("Петро Кузик")
    assert kuzyk is not None and kuzyk.canonical == "Petro Kuzyk" and kuzyk.side == "UA"
    assert index.resolve("Kuzyk") == kuzyk
    zelensky = index.resolve("le chef de l'État")
    assert zelensky is not None and zelensky.canonical == "Volodymyr Zelensky"
    assert zelensky.role == "President of Ukraine"  # kept from the bundled file
    assert len(index) == len(ActorIndex.default()) + 1


def test_default_reads_the_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "extra.json"
    user.write_text(json.dumps({"actors": [
        {"canonical": "Azov Brigade", "kind": "armed_forces", "side": "UA", "role": None,
         "aliases": {"en": ["Azov"], "fr": ["le régiment Azov"]}}]}), encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(user))
    actor = ActorIndex.default().resolve("le régiment Azov")
    assert actor is not None and actor.canonical == "Azov Brigade"
    monkeypatch.delenv(ENV_VAR)
    assert ActorIndex.default().resolve("le régiment Azov") is None


def test_bad_user_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"actors": [{"canonical": "X", "kind": "spaceship"}]}))
    with pytest.raises(ValueError, match="kind"):
        ActorIndex.from_files(bad)
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(ValueError, match="cannot read"):
        ActorIndex.from_files(broken)


def test_bundled_data_is_consistent() -> None:
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    seen: dict[tuple[str, ...], str] = {}
    determiners = {name_key(d) for d in data["leading_determiners"]}
    for actor in data["actors"]:
        assert actor["kind"] in KINDS, actor["canonical"]
        for names in actor["aliases"].values():
            for name in names:
                keys = [name_key(w) for w in name.replace("'", " ").replace("’", " ").split()]
                while len(keys) > 1 and keys[0] in determiners:
                    keys.pop(0)
                key = tuple(k for k in " ".join(keys).split())
                other = seen.setdefault(key, actor["canonical"])
                assert other == actor["canonical"], f"{name!r}: {other} / {actor['canonical']}"
    genders = data["given_names"]
    assert not set(genders["female"]) & set(genders["male"])


def test_name_key_merges_romanisations() -> None:
    assert name_key("Gaïdaï") == name_key("Haidai") == name_key("Гайдай")
    assert name_key("Kyrytchenko") == name_key("Kyrychenko")
    assert name_key("Russie") != name_key("Russes")


def test_an_acronym_is_no_determiner(index: ActorIndex) -> None:
    # "UN chief" keeps its "UN": the French article "un" must not turn it into "chief", and
    # then "commandant en chef" into the UN Secretary-General
    assert index.resolve("the UN chief", "en").canonical == "António Guterres"
    assert index.resolve("chef", "fr") is None
    assert index.mentions("Selon le commandant en chef ukrainien", "fr") == []

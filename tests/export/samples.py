"""Hand-built export inputs: article records shaped like OUTPUT.md (French, Ukrainian,
English), the incidents linking their events and a control change. Each call returns fresh
objects, so a test may change them."""

from __future__ import annotations

from typing import Any

from dateline.model import ControlChange, Incident, Provenance, Report

KHERSON = {"lat": 46.6354, "lon": 32.6169}
WAD_MADANI = {"lat": 14.4012, "lon": 33.5199}
FR_EVIDENCE = "L'armée russe a annoncé vendredi avoir achevé son retrait de Kherson."
FR_KILLING = "Des frappes russes ont tué sept civils à Kherson, selon la préfecture."
UK_EVIDENCE = "Українські війська звільнили Херсон після відступу російської армії."
UK_KILLING = "Унаслідок обстрілу Херсона загинули п'ятеро мирних жителів."


def _prov(start: int, end: int, sentence: int | None, method: str = "test") -> dict[str, Any]:
    return {"start": start, "end": end, "sentence": sentence, "method": method}


def _event(**fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "ASSAULT", "subtype": None, "actor": None, "target": None, "location": None,
        "lat": None, "lon": None, "date": None, "date_text": None, "claimed_by": None,
        "status": "reported", "evidence": "", "provenance": _prov(0, 0, 0), "mode": None,
        "actor_side": None, "trigger": None, "geo_precision": None, "time_precision": None,
        "cameo": None, "acled_event_type": None, "acled_sub_event_type": None,
    }
    event.update(fields)
    return event


def _place(name: str, mentions: list[str], country: str, admin1: str, gid: str,
           coords: dict[str, float], kind: str = "city") -> dict[str, Any]:
    return {"name": name, "mentions": mentions, "kind": kind, **coords, "country": country,
            "admin1": admin1, "gazetteer_id": gid, "method": "test",
            "spans": [_prov(0, len(mentions[0]), 0)]}


def _quantity(text: str, value: float, unit: str, about: str, sentence: int,
              **fields: Any) -> dict[str, Any]:
    quantity: dict[str, Any] = {
        "text": text, "value": value, "unit": unit, "si_value": value, "si_unit": "people",
        "about": about, "claimed_by": None, "provenance": _prov(0, len(text), sentence),
        "approximation": None, "low": None, "high": None, "reason": None,
    }
    quantity.update(fields)
    return quantity


def fr_record() -> dict[str, Any]:
    """A French article: a claimed withdrawal, a killing of civilians, a meeting."""
    return {
        "id": "fr-kherson", "language": "fr", "published": "2022-11-10",
        "source": "La Gazette de l'Est", "url": "https://example.org/fr/kherson",
        "title": "Les forces russes se retirent de Kherson",
        "places": [_place("Kherson", ["Kherson"], "UA", "Kherson Oblast", "geonames:706448",
                          KHERSON)],
        "events": [
            _event(type="RETREAT", subtype="withdrawal", actor="Russian armed forces",
                   actor_side="RU", target="Kherson", location="Kherson", **KHERSON,
                   date="2022-11-10", date_text="vendredi", claimed_by="Russian Defense Ministry",
                   status="claimed", evidence=FR_EVIDENCE, provenance=_prov(0, 70, 1, "rule:fr"),
                   mode="withdraw", trigger="retrait", geo_precision=1, time_precision=1,
                   cameo="0874", acled_event_type="Strategic developments",
                   acled_sub_event_type="Non-violent transfer of territory"),
            _event(type="ASSAULT", subtype="killing", actor="Russian armed forces",
                   actor_side="RU", location="Kherson", **KHERSON, date="2022-11-09",
                   evidence=FR_KILLING, provenance=_prov(71, 140, 2), geo_precision=1,
                   time_precision=1, cameo="1823",
                   acled_event_type="Violence against civilians", acled_sub_event_type="Attack"),
            _event(type="CONSULT", subtype="meeting", actor="Volodymyr Zelensky",
                   actor_side="UA", location="Kherson", **KHERSON, date="2022-11-10",
                   evidence="Volodymyr Zelensky a rencontré des élus.",
                   provenance=_prov(141, 180, 3), cameo="040"),
        ],
        "quotes": [{
            "speaker": "Volodymyr Zelensky", "speaker_text": "Zelensky", "channel": "Telegram",
            "text": "Notre peuple. Le nôtre. Kherson", "evidence": "« Notre peuple. Le nôtre. "
            "Kherson », a écrit Zelensky.", "provenance": _prov(183, 214, 4, "quote-marks"),
            "speaker_provenance": {"start": 220, "end": 228, "sentence": 4, "method": "person"},
            "cue": "a écrit",
        }],
        "quantities": [
            _quantity("sept civils", 7, "civilians", "civilians killed", 2,
                      claimed_by="préfecture"),
            _quantity("2 000 kilomètres carrés", 2000, "km2", "territory retaken", 5,
                      si_unit="km2"),
        ],
        "times": [{"text": "vendredi", "start": 31, "end": 39, "type": "DATE",
                   "value": "2022-11-11", "sentence": 1, "method": "test", "precision": "day",
                   "range": None, "reason": None}],
        "record_version": "1", "dateline_version": "0.1.0", "origin": "fr-kherson.txt",
        "warnings": [], "content_hash": "ab" * 32, "language_source": "declared",
        "language_score": None, "nlp": {"pipeline": "fr_core_news_md", "components": ["ner"]},
    }


def uk_record() -> dict[str, Any]:
    """A Ukrainian article: Kherson retaken over a range of days, five civilians killed."""
    return {
        "id": "uk-kherson", "language": "uk", "published": "2022-11-12",
        "source": "Степовий кур'єр", "url": None, "title": "Херсон звільнено",
        "places": [_place("Kherson", ["Херсон", "Херсона"], "UA", "Kherson Oblast",
                          "geonames:706448", KHERSON)],
        "events": [
            _event(type="ASSAULT", subtype="territory_regained", actor="Ukrainian armed forces",
                   actor_side="UA", location="Kherson", **KHERSON,
                   date="2022-11-09/2022-11-11", date_text="цього тижня", status="confirmed",
                   evidence=UK_EVIDENCE, provenance=_prov(0, 66, 0, "rule:uk"),
                   geo_precision=1, time_precision=2, cameo="190", acled_event_type="Battles",
                   acled_sub_event_type="Government regains territory"),
            _event(type="ASSAULT", subtype="killing", actor="Russian armed forces",
                   actor_side="RU", location="Kherson", **KHERSON, date="2022-11-09",
                   evidence=UK_KILLING, provenance=_prov(67, 125, 1), geo_precision=1,
                   time_precision=1, cameo="1823",
                   acled_event_type="Violence against civilians", acled_sub_event_type="Attack"),
        ],
        "quotes": [],
        "quantities": [
            _quantity("п'ятеро", 5, "people", "people killed", 1),
            _quantity("12 поранених", 12, "wounded", "people wounded", 1),
        ],
        "times": [], "record_version": "1", "dateline_version": "0.1.0", "origin": None,
        "warnings": ["declared language"], "content_hash": "cd" * 32,
        "language_source": "declared", "language_score": 0.98,
        "nlp": {"pipeline": "blank:uk", "components": ["sentencizer"]},
    }


def en_record() -> dict[str, Any]:
    """An English article: the RSF capture of Wad Madani, and shelling nowhere in particular."""
    return {
        "id": "en-wad-madani", "language": "en", "published": "2023-12-19",
        "source": "Nile Monitor", "url": None, "title": None,
        "places": [_place("Wad Madani", ["Wad Madani"], "SD", "Al Jazirah", "geonames:365137",
                          WAD_MADANI)],
        "events": [
            _event(type="ASSAULT", subtype="capture", actor="Rapid Support Forces",
                   actor_side="SD-RSF", location="Wad Madani", **WAD_MADANI, date="2023-12-18",
                   evidence="The RSF seized Wad Madani on Monday.", provenance=_prov(0, 36, 0),
                   geo_precision=1, time_precision=1, cameo="192", acled_event_type="Battles",
                   acled_sub_event_type="Armed clash"),
            _event(type="ASSAULT", subtype="shelling", date=None,
                   evidence="Shelling was heard overnight.", provenance=_prov(37, 66, 1),
                   cameo="194", acled_event_type="Explosions/Remote violence",
                   acled_sub_event_type="Shelling/artillery/missile attack"),
        ],
        "quotes": [], "quantities": [], "times": [], "record_version": "1",
        "dateline_version": "0.1.0", "origin": None, "warnings": [], "content_hash": "ef" * 32,
        "language_source": "detected", "language_score": 0.99,
        "nlp": {"pipeline": "en_core_web_sm", "components": ["ner"]},
    }


def records() -> list[dict[str, Any]]:
    return [fr_record(), uk_record(), en_record()]


def report(record: dict[str, Any], index: int, **fields: Any) -> Report:
    """Event ``index`` of a sample record as a Report, built field by field."""
    event = record["events"][index]
    place = record["places"][0] if event["location"] else {}
    values: dict[str, Any] = {
        "article_id": record["id"], "event_index": index, "source": record["source"],
        "language": record["language"], "published": record["published"], "url": record["url"],
        "gazetteer_id": place.get("gazetteer_id"), "place_kind": place.get("kind"),
        "country": place.get("country"), "admin1": place.get("admin1"),
        "provenance": Provenance(**event["provenance"]),
        **{k: event[k] for k in (
            "type", "subtype", "mode", "actor", "actor_side", "target", "location", "lat",
            "lon", "geo_precision", "date", "time_precision", "claimed_by", "status", "trigger",
            "evidence", "cameo", "acled_event_type", "acled_sub_event_type")},
    }
    values.update(fields)
    return Report(**values)


def incidents() -> list[Incident]:
    """The withdrawal (FR), Kherson retaken (UK), the killing both report, the RSF capture
    (EN), a meeting (no ACLED type) and the shelling without a place."""
    fr, uk, en = fr_record(), uk_record(), en_record()
    place = {"gazetteer_id": "geonames:706448", "place_kind": "city", "country": "UA",
             "admin1": "Kherson Oblast", **KHERSON}
    return [
        Incident(id="inc-withdrawal", type="RETREAT", subtype="withdrawal",
                 reports=[report(fr, 0)], actor="Russian armed forces", actor_side="RU",
                 target="Kherson", location="Kherson", geo_precision=1, date="2022-11-10",
                 time_precision=1, status="claimed", story_id="story-kherson", **place),
        Incident(id="inc-retaken", type="ASSAULT", subtype="territory_regained",
                 reports=[report(uk, 0)], actor="Ukrainian armed forces", actor_side="UA",
                 location="Kherson", geo_precision=1, date="2022-11-09/2022-11-11",
                 time_precision=2, status="confirmed", story_id="story-kherson", **place),
        Incident(id="inc-killing", type="ASSAULT", subtype="killing",
                 reports=[report(uk, 1), report(fr, 1)], actor="Russian armed forces",
                 actor_side="RU", location="Kherson", geo_precision=1, date="2022-11-09",
                 time_precision=1, status="confirmed", story_id="story-kherson", **place),
        Incident(id="inc-capture", type="ASSAULT", subtype="capture", reports=[report(en, 0)],
                 actor="Rapid Support Forces", actor_side="SD-RSF", location="Wad Madani",
                 gazetteer_id="geonames:365137", place_kind="city", country="SD",
                 admin1="Al Jazirah", geo_precision=1, date="2023-12-18", time_precision=1,
                 status="reported", **WAD_MADANI),
        Incident(id="inc-meeting", type="CONSULT", subtype="meeting", reports=[report(fr, 2)],
                 actor="Volodymyr Zelensky", actor_side="UA", location="Kherson",
                 date="2022-11-10", **place),
        Incident(id="inc-shelling", type="ASSAULT", subtype="shelling", reports=[report(en, 1)]),
    ]


def changes() -> list[ControlChange]:
    """Kherson changing hands, and one change whose place has no coordinates."""
    fr, uk = fr_record(), uk_record()
    return [
        ControlChange(place="Kherson", gazetteer_id="geonames:706448", **KHERSON,
                      date="2022-11-11", from_side="RU", to_side="UA", subtype="withdrawal",
                      incident_id="inc-withdrawal", status="confirmed",
                      reports=[report(fr, 0), report(uk, 0)]),
        ControlChange(place="Нова Каховка", gazetteer_id=None, lat=None, lon=None,
                      date=None, from_side="UA", to_side="RU", subtype="capture",
                      incident_id="inc-retaken", status="claimed"),
    ]

"""Language-independent resolvers: from what a pattern matched to a TimeML type and value.

A pattern's ``kind`` picks the resolver; the resolver reads the match by *role* (``day``,
``month``, ``year``, ``weekday``, ``unit``, ``num``, ``last`` ...) whatever the language.
Relative expressions resolve against the document creation time (the publication date);
anaphoric ones ("la veille", "the next day", a bare clock time) against the latest day the
text mentioned. Underspecified dates follow the clause's tense: a weekday ("vendredi") is
the latest one on or before the publication day, the coming one in the future tense, the
nearest in the present (a language option); a month ("en avril") is the publication year's
unless the tense puts it before or after; a day and month ("le 21 septembre") is the
nearest such date, the tense deciding only when both are months away. A resolver returns
None when the match is not a temporal expression after all, and a value of None with a
reason when it is one but cannot be resolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateline.extract.timex import calendar as cal
from dateline.extract.timex.lexicon import TimeLexicon, role_of
from dateline.extract.timex.tense import FUTURE, PAST, PRESENT

NEAREST = "nearest"
_FAR_DAYS = 92  # a day-month date this far from publication follows the tense instead
NO_DCT = "relative expression and no publication date to resolve it against"
INVALID = "not a valid calendar date"
VAGUE = "unspecified amount: no point in time can be computed"

_ALIASES = {"dd": "day", "mnum": "month", "yy": "year", "digits": "num", "ordnum": "ordinal",
            "roman": "ordinal", "qnum": "ordinal"}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_DURATION_UNITS = frozenset({"S", "MIN", "H", "D", "W", "WE", "M", "Q", "HY", "Y", "DE", "CE",
                             "ML"})
_CALENDAR_UNITS = frozenset({"D", "W", "WE", "M", "Q", "HY", "Y", "DE", "CE"})
_COMPARED_GRANULARITIES = frozenset({"month", "quarter", "half"})


@dataclass(frozen=True)
class Slots:
    """The groups a pattern matched (name -> text), read by role."""

    groups: dict[str, str]
    lexicon: TimeLexicon
    fixed: dict[str, Any] = field(default_factory=dict)

    def _name(self, role: str) -> str | None:
        for name in self.groups:
            if _role(name) == role:
                return name
        return None

    def has(self, role: str) -> bool:
        return role in self.fixed or self._name(role) is not None

    def values(self, role: str) -> list[Any]:
        """The meanings of every group playing ``role``, in pattern order."""
        return [_group_value(n, t, self.lexicon) for n, t in self.groups.items()
                if _role(n) == role]

    def text(self, role: str) -> str | None:
        name = self._name(role)
        return self.groups[name] if name else None

    def value(self, role: str) -> Any:
        """The meaning of the first group playing ``role``: lexicon value or parsed number."""
        if role in self.fixed:
            return self.fixed[role]
        name = self._name(role)
        if name is None:
            return None
        return _group_value(name, self.groups[name], self.lexicon)


def _role(name: str) -> str:
    base = name.split("__", 1)[0]
    return _ALIASES.get(base, role_of(base))


def _group_value(name: str, text: str, lexicon: TimeLexicon) -> Any:
    base = name.split("__", 1)[0]
    if base in lexicon.classes:
        return lexicon.lookup(base, text)
    if base == "num":
        return lexicon.number(text)
    if base == "digits":
        return float(text.replace(",", "."))
    if base == "roman":
        return _roman(text)
    digits = re.match(r"['’]?([0-9]+)", text)
    return int(digits[1]) if digits else None


def _roman(text: str) -> int:
    values = [_ROMAN[c] for c in text.upper() if c in _ROMAN]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
               for i, v in enumerate(values))


@dataclass
class Context:
    """What a resolver knows besides the match: publication date, tense, earlier mentions."""

    dct: date | None
    anchor: date | None = None  # the latest day the text mentioned
    near_day: date | None = None  # the latest day mentioned in this or the previous sentence
    recent_day: date | None = None  # the latest day mentioned in the last few sentences
    period: str | None = None  # the latest week/month/quarter... value of this sentence
    recent_period: str | None = None  # the same, in this or the two previous sentences
    reference: date | None = None  # first day of the latest date of any granularity
    tense_of: Callable[[], str | None] = lambda: None
    _tense: list[str | None] = field(default_factory=list)

    def tense(self) -> str | None:
        if not self._tense:
            self._tense.append(self.tense_of())
        return self._tense[0]


@dataclass(frozen=True)
class Resolved:
    """A resolved expression: TimeML type and value (None with a reason), mod, amount."""

    type: str
    value: str | None
    mod: str | None = None
    reason: str | None = None
    amount: float | None = None  # durations: how many units, for "depuis neuf mois" ranges
    unit: str | None = None


def _unresolved(type_: str, reason: str, mod: str | None = None) -> Resolved:
    return Resolved(type_, None, mod, reason)


# --- shared choices -----------------------------------------------------------------------
def _direction(s: Slots, ctx: Context) -> str | None:
    """last / next / this from the words, else past / future from the tense, else None."""
    for role in ("last", "next", "this"):
        if s.has(role):
            return role
    tense = ctx.tense()
    return tense if tense in (PAST, FUTURE) else None


def _pick(candidates: list[date], ref: date, direction: str | None) -> date | None:
    """The candidate date that the direction designates relative to ``ref``."""
    before = [c for c in candidates if c < ref]
    same = [c for c in candidates if c == ref]
    after = [c for c in candidates if c > ref]
    if direction == "last":
        return max(before, default=None)
    if direction == "next":
        return min(after, default=None)
    if direction == PAST:
        return max(before + same, default=None)
    if direction == FUTURE:
        return min(same + after, default=None)
    if not candidates:
        return None
    return min(candidates, key=lambda c: (abs((c - ref).days), c > ref))


def _year(s: Slots, ctx: Context) -> int | None:
    """The year written ("2014"), a two-digit one ("98", "'80") in the century that puts it
    at most ten years after publication."""
    digits = re.sub(r"[^0-9]", "", s.text("year") or "")
    if not digits:
        return None
    if len(digits) > 2:
        return int(digits)
    pivot = ctx.dct.year if ctx.dct else 2000
    year = pivot - pivot % 100 + int(digits)
    return year - 100 if year > pivot + 10 else year


def _weekday_date(dct: date, weekday: int, direction: str | None) -> date:
    """The weekday meant: last/next one, the coming one (future), the nearest ("ce
    lundi" without tense) or by default the latest one on or before the publication day."""
    back = (dct.isoweekday() - weekday) % 7
    ahead = (weekday - dct.isoweekday()) % 7
    if direction == "last":
        return dct - timedelta(days=back or 7)
    if direction == "next":
        return dct + timedelta(days=ahead or 7)
    if direction == FUTURE:
        return dct + timedelta(days=ahead)
    if direction == NEAREST:
        return dct + timedelta(days=ahead) if ahead < back else dct - timedelta(days=back)
    return dct - timedelta(days=back)


def _weekday_direction(s: Slots, ctx: Context) -> str | None:
    """Words first; then tense: present follows the language's ``present_weekday`` option
    (news in the present tense announce what comes); "ce lundi" is the nearest."""
    for role in ("last", "next"):
        if s.has(role):
            return role
    tense = ctx.tense()
    if tense == PRESENT:
        tense = s.lexicon.option("present_weekday", PAST)
    if tense in (PAST, FUTURE, NEAREST):
        return tense
    return NEAREST if s.has("this") else None


def _with_pod(day: date, s: Slots) -> Resolved:
    pod = s.value("pod")
    if pod:
        return Resolved("TIME", f"{day.isoformat()}T{pod}")
    return Resolved("DATE", day.isoformat(), s.value("pos") or None)


# --- calendar dates -----------------------------------------------------------------------
def resolve_date(s: Slots, ctx: Context) -> Resolved | None:
    """Day and month, with or without year and weekday ("le 11 novembre", "Nov. 11, 2022")."""
    day, month, year = s.value("day"), s.value("month"), _year(s, ctx)
    if month is None and s.has("weekday") and day is not None:
        return _weekday_and_day(s, ctx, day)
    if day is None or month is None:
        return None
    if year is not None:
        try:
            return Resolved("DATE", date(year, month, day).isoformat())
        except ValueError:
            return _unresolved("DATE", INVALID)
    if ctx.dct is None:
        return _unresolved("DATE", NO_DCT)
    candidates = _valid_dates(range(ctx.dct.year - 1, ctx.dct.year + 2), month, day)
    if not candidates:
        return _unresolved("DATE", INVALID)
    weekday = s.value("weekday")
    matching = [c for c in candidates if c.isoweekday() == weekday]
    pool = matching or candidates
    chosen = _pick(pool, ctx.dct, _explicit_shift(s)) or _pick(pool, ctx.dct, None)
    if chosen is not None and abs((chosen - ctx.dct).days) > _FAR_DAYS and not s.has("last") \
            and not s.has("next"):
        tense = ctx.tense()
        if tense in (PAST, FUTURE):
            chosen = _pick(pool, ctx.dct, tense) or chosen
    assert chosen is not None
    return Resolved("DATE", chosen.isoformat())


def _valid_dates(years: range, month: int, day: int) -> list[date]:
    out = []
    for year in years:
        try:
            out.append(date(year, month, day))
        except ValueError:
            continue
    return out


def _weekday_and_day(s: Slots, ctx: Context, day: int) -> Resolved | None:
    """"vendredi 11": the month near publication where the 11th is a Friday."""
    if ctx.dct is None:
        return _unresolved("DATE", NO_DCT)
    weekday = s.value("weekday")
    months = [cal.add_months(ctx.dct.replace(day=1), k) for k in range(-2, 3)]
    candidates = [d for m in months for d in _valid_dates(range(m.year, m.year + 1), m.month, day)
                  if d.isoweekday() == weekday]
    chosen = _pick(candidates, ctx.dct, None)
    if chosen is None:
        return None
    return Resolved("DATE", chosen.isoformat())


def resolve_month(s: Slots, ctx: Context) -> Resolved | None:
    """A month, with year, shift or tense ("avril 2001", "septembre dernier", "en avril")."""
    month, mod = s.value("month"), s.value("pos") or None
    if month is None:
        return None
    year = _year(s, ctx)
    if year is None and ctx.dct is None:
        return _unresolved("DATE", NO_DCT, mod)
    if year is None:
        year = _month_year(s, ctx, month)
    return Resolved("DATE", f"{year:04d}-{month:02d}", mod)


def _month_year(s: Slots, ctx: Context, month: int) -> int:
    """The year of a month named without one: "last"/"next" are strict; a year this
    sentence named; else the publication year, unless the tense says the month is the one
    before ("en avril" said in March, past tense) or after."""
    assert ctx.dct is not None
    if s.has("yearshift"):
        return ctx.dct.year + int(s.value("yearshift"))
    shift = _explicit_shift(s)
    if shift is None and not s.has("this") and ctx.period and (
        cal.granularity_of(ctx.period) == "year"
    ):
        return int(ctx.period)
    ref = ctx.dct.replace(day=1)
    same_year = date(ctx.dct.year, month, 1)
    if shift is None and not s.has("this"):
        tense = ctx.tense()
        if tense == PAST and same_year > ref:
            shift = "last"
        elif tense == FUTURE and same_year < ref:
            shift = "next"
    if shift is None:
        return ctx.dct.year
    candidates = [date(y, month, 1) for y in range(ctx.dct.year - 1, ctx.dct.year + 2)]
    chosen = _pick(candidates, ref, shift)
    return chosen.year if chosen else ctx.dct.year


def resolve_year(s: Slots, ctx: Context) -> Resolved | None:
    year = _year(s, ctx)
    if year is None:
        return None
    return Resolved("DATE", f"{year:04d}", s.value("pos") or None)


def resolve_decade(s: Slots, ctx: Context) -> Resolved | None:
    """"les années 60", "the 1990s", "the nineties"."""
    word = s.value("decadeword")
    if word is not None:
        return Resolved("DATE", str(word), s.value("pos") or None)
    text = re.sub(r"[^0-9]", "", s.text("decade") or "")
    if not text:
        return None
    year = int(text) if len(text) == 4 else 1900 + int(text)
    return Resolved("DATE", f"{year // 10:03d}", s.value("pos") or None)


def resolve_century(s: Slots, ctx: Context) -> Resolved | None:
    number = s.value("ordinal")
    if not number or number > 30:
        return None
    return Resolved("DATE", f"{number - 1:02d}", s.value("pos") or None)


# --- days relative to the publication date or to the narrative ---------------------------
def resolve_weekday(s: Slots, ctx: Context) -> Resolved | None:
    """"vendredi", "mercredi dernier", "lundi prochain", "ce dimanche", "samedi soir"."""
    weekday = s.value("weekday")
    if weekday is None:
        return None
    if ctx.dct is None:
        return _unresolved("TIME" if s.has("pod") else "DATE", NO_DCT)
    weekdays = s.values("weekday")
    if len(weekdays) == 2:  # "la nuit de mardi à mercredi": the night ending on the second
        end = _weekday_date(ctx.dct, weekdays[1], _weekday_direction(s, ctx))
        return _with_pod(end - timedelta(days=1), s)
    return _with_pod(_weekday_date(ctx.dct, weekday, _weekday_direction(s, ctx)), s)


def resolve_relday(s: Slots, ctx: Context) -> Resolved | None:
    """"hier", "aujourd'hui", "demain", "hier soir"."""
    offset = s.value("reldate")
    if offset is None:
        return None
    if ctx.dct is None:
        return _unresolved("TIME" if s.has("pod") else "DATE", NO_DCT)
    return _with_pod(ctx.dct + timedelta(days=int(offset)), s)


def resolve_anaphor(s: Slots, ctx: Context) -> Resolved | None:
    """"la veille", "le lendemain", "the next day": relative to the latest day mentioned."""
    offset = s.value("anaphor")
    base = ctx.anchor or ctx.dct
    if offset is None:
        return None
    if base is None:
        return _unresolved("TIME" if s.has("pod") else "DATE", NO_DCT)
    return _with_pod(base + timedelta(days=int(offset)), s)


def resolve_pod(s: Slots, ctx: Context) -> Resolved | None:
    """"ce soir", "cette nuit", "la nuit dernière", "dans la soirée" (a day of the text)."""
    pod = s.value("pod")
    if not pod:
        return None
    if (s.has("this") and not s.has("there")) or s.has("last"):
        base = ctx.dct
        if base is not None and s.has("last"):
            base -= timedelta(days=1)
    else:
        base = ctx.near_day or ctx.anchor or ctx.dct
    if base is None:
        return _unresolved("TIME", NO_DCT)
    return Resolved("TIME", f"{base.isoformat()}T{pod}")


# --- calendar units relative to the publication date -------------------------------------
def resolve_relative(s: Slots, ctx: Context) -> Resolved | None:
    """"la semaine dernière", "le mois prochain", "cette année", "début de cette année"."""
    unit = s.value("unit")
    if unit not in _CALENDAR_UNITS:
        return None
    mod = s.value("pos") or None
    step = {"last": -1, "next": 1}.get(_explicit_shift(s), 0)
    if unit == "D":
        base = ctx.dct if s.has("this") else ctx.anchor or ctx.dct
        if base is None:
            return _unresolved("DATE", NO_DCT)
        return Resolved("DATE", (base + timedelta(days=step)).isoformat())
    if ctx.dct is None:
        return _unresolved("DATE", NO_DCT, mod)
    if unit == "WE":
        return Resolved("DATE", cal.format_value(_weekend(ctx, step), "weekend"), mod)
    return Resolved("DATE", cal.format_value(cal.shift(ctx.dct, unit, step),
                                             cal.UNIT_GRANULARITY[unit]), mod)


def _explicit_shift(s: Slots) -> str | None:
    for role in ("last", "next"):
        if s.has(role):
            return role
    return None


def _weekend(ctx: Context, step: int) -> date:
    """The weekend meant: last/next one, or the nearest in the tense's direction."""
    assert ctx.dct is not None
    saturday = ctx.dct + timedelta(days=6 - ctx.dct.isoweekday())  # this ISO week's
    in_weekend = ctx.dct.isoweekday() >= 6
    if step < 0:
        return saturday - timedelta(days=7)
    if step > 0:
        return saturday + timedelta(days=7) if in_weekend else saturday
    previous = saturday if in_weekend else saturday - timedelta(days=7)
    if ctx.tense() == FUTURE:
        return saturday
    if ctx.tense() == PAST or ctx.dct.isoweekday() <= 3:
        return previous
    return saturday


def resolve_anaphoric(s: Slots, ctx: Context) -> Resolved | None:
    """"l'année suivante", "that year", "the previous month": from the latest date mentioned."""
    unit = s.value("unit")
    if unit not in _CALENDAR_UNITS or unit == "WE":
        return None
    step = int(s.value("step") or 0)
    base = (ctx.anchor if unit == "D" else ctx.reference) or ctx.dct
    if base is None:
        return _unresolved("DATE", NO_DCT)
    moved = cal.shift(base, unit, step)
    return Resolved("DATE", cal.format_value(moved, cal.UNIT_GRANULARITY[unit]),
                    s.value("pos") or None)


def resolve_season(s: Slots, ctx: Context) -> Resolved | None:
    """"cet été", "l'été dernier", "l'automne 2022", "summer"."""
    season = s.value("season")
    if season not in cal.SEASONS:
        return None
    year, mod = _year(s, ctx), s.value("pos") or None
    if year is not None:
        return Resolved("DATE", f"{year:04d}-{season}", mod)
    if ctx.dct is None:
        return _unresolved("DATE", NO_DCT, mod)
    current_year, current = cal.season_of(ctx.dct)
    current_start = cal.season_start(current_year, current)
    starts = [cal.season_start(y, season) for y in range(ctx.dct.year - 2, ctx.dct.year + 2)]
    direction = _direction(s, ctx)
    if direction == "last":
        chosen = max(d for d in starts if d < current_start)
    elif direction == "next":
        chosen = min(d for d in starts if d > ctx.dct)
    elif direction == PAST:
        chosen = max(d for d in starts if d <= ctx.dct)
    elif direction == FUTURE:
        chosen = min(d for d in starts if d >= current_start)
    else:
        chosen = min(starts, key=lambda d: abs((d - current_start).days))
    return Resolved("DATE", cal.format_value(chosen, "season"), mod)


def resolve_quarter(s: Slots, ctx: Context) -> Resolved | None:
    """"le troisième trimestre", "third-quarter", "the first half of 1990", "the quarter"."""
    unit = s.value("unit") or "Q"
    if unit not in ("Q", "HY"):
        return None
    number = s.value("ordinal")
    granularity = cal.UNIT_GRANULARITY[unit]
    limit = 4 if unit == "Q" else 2
    year = _year(s, ctx)
    if number is None:
        latest = _latest_period(ctx, granularity)
        if year is None or latest.value is None:
            return latest
        return Resolved("DATE", f"{year:04d}{latest.value[4:]}")
    if not 1 <= number <= limit:
        return None
    if year is None:
        if ctx.dct is None:
            return _unresolved("DATE", NO_DCT)
        year = ctx.dct.year
        months = 3 if unit == "Q" else 6
        if ctx.tense() == PAST and date(year, months * (number - 1) + 1, 1) > ctx.dct:
            year -= 1
    prefix = "Q" if unit == "Q" else "H"
    return Resolved("DATE", f"{year:04d}-{prefix}{number}", s.value("pos") or None)


def _latest_period(ctx: Context, granularity: str) -> Resolved:
    """"the quarter": the one this sentence named, else the last one completed."""
    if ctx.recent_period and cal.granularity_of(ctx.recent_period) == granularity:
        return Resolved("DATE", ctx.recent_period)
    if ctx.dct is None:
        return _unresolved("DATE", NO_DCT)
    unit = "Q" if granularity == "quarter" else "HY"
    return Resolved("DATE", cal.format_value(cal.shift(ctx.dct, unit, -1), granularity))


# --- durations and shifts -----------------------------------------------------------------
def _amount(s: Slots) -> float | None:
    """How many units: a number, an approximate number ("une dizaine"), a half, or None."""
    amount: float | None
    if s.has("num"):
        amount = s.value("num")
    elif s.has("approxnum"):
        amount = s.value("approxnum")
    elif s.has("fuzzy"):
        amount = None
    else:
        amount = 0.0 if s.has("half") else 1.0
    if s.has("half") and amount is not None:
        amount += 0.5
    return amount


def resolve_duration(s: Slots, ctx: Context) -> Resolved | None:
    """"neuf mois", "plus de vingt ans", "des mois", "48 heures", "the past two weeks"."""
    unit = s.value("unit")
    if unit not in _DURATION_UNITS:
        return None
    amount = _amount(s)
    if amount is not None and amount <= 0:
        return None
    mod = s.value("approx") or ("APPROX" if s.has("approxnum") else None)
    return Resolved("DURATION", cal.format_duration(amount, unit), mod, amount=amount, unit=unit)


def resolve_ago(s: Slots, ctx: Context) -> Resolved | None:
    """"il y a trois jours", "two weeks ago", "the year-earlier quarter": back from the DCT."""
    return _shifted(s, ctx, ctx.dct, -1)


def resolve_offset(s: Slots, ctx: Context) -> Resolved | None:
    """"un jour plus tôt", "two days later": shifted from the day the last sentences
    mentioned, else from the publication date (an article's present is its own day: "He
    said ... A day earlier, he said ..." counts back from publication, not from a Thursday
    three paragraphs above)."""
    sign = s.value("direction")
    if sign not in (-1, 1):
        return None
    return _shifted(s, ctx, ctx.recent_day or ctx.dct, int(sign))


def _shifted(s: Slots, ctx: Context, base: date | None, sign: int) -> Resolved | None:
    unit = s.value("yearago") or s.value("unit")
    if unit not in _DURATION_UNITS:
        return None
    amount = 1.0 if s.has("yearago") else _amount(s)
    if amount is None:
        return Resolved("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if base is None:
        return _unresolved("DATE", NO_DCT)
    steps = int(amount) * sign
    if amount != int(amount):
        return _unresolved("DATE", VAGUE)
    if unit in ("H", "MIN", "S"):
        return Resolved("DATE", base.isoformat())
    period = _reference_period(s, ctx)
    if period is not None and unit == "Y":
        return Resolved("DATE", cal.format_value(cal.shift(period[1], "Y", steps), period[0]))
    granularity = "day" if unit == "W" else cal.UNIT_GRANULARITY.get(unit, "year")
    moved = cal.shift(base, unit if unit in _CALENDAR_UNITS else "Y",
                      steps if unit in _CALENDAR_UNITS else steps * {"ML": 1000}.get(unit, 1))
    return Resolved("DATE", cal.format_value(moved, granularity))


def _reference_period(s: Slots, ctx: Context) -> tuple[str, date] | None:
    """The period "a year earlier" compares with: the month, quarter or half-year the last
    sentences reported on ("third-quarter profit rose ... from $3 a year earlier")."""
    recent = ctx.recent_period
    if s.has("yearago") and s.has("unit"):
        wanted = cal.UNIT_GRANULARITY.get(s.value("unit") or "")
        if wanted and recent and cal.granularity_of(recent) == wanted:
            return _parsed(recent)
        if wanted == "quarter" and ctx.dct is not None:
            return "quarter", cal.shift(ctx.dct, "Q", -1)
        return None
    if recent and cal.granularity_of(recent) in _COMPARED_GRANULARITIES:
        return _parsed(recent)
    return None


def _parsed(value: str) -> tuple[str, date] | None:
    parsed = cal.parse_value(value)
    return (parsed[0], parsed[1]) if parsed else None


# --- sets, clock times, references --------------------------------------------------------
def resolve_set(s: Slots, ctx: Context) -> Resolved | None:
    """"chaque jour", "tous les jeudis", "weekly", "par an"."""
    fixed = s.value("setadj")
    if fixed:
        return Resolved("SET", str(fixed))
    pod = s.value("pod")
    suffix = f"T{pod}" if pod else ""
    if s.has("weekday"):
        return Resolved("SET", f"XXXX-WXX-{s.value('weekday')}{suffix}")
    if s.has("month"):
        return Resolved("SET", f"XXXX-{s.value('month'):02d}")
    if s.has("season"):
        return Resolved("SET", f"XXXX-{s.value('season')}")
    if pod:
        return Resolved("SET", f"XXXX-XX-XX{suffix}")
    unit = s.value("unit")
    if unit not in _DURATION_UNITS:
        return None
    amount = _amount(s)
    return Resolved("SET", cal.format_duration(amount or 1.0, unit))


def resolve_time(s: Slots, ctx: Context) -> Resolved | None:
    """"à 12h30", "21 h 45", "6 p.m.", "midi", "10 p.m. Wednesday"."""
    clock = _clock(s)
    if clock is None:
        return None
    day = _time_day(s, ctx)
    if isinstance(day, Resolved):
        return day
    if day is None:
        return _unresolved("TIME", NO_DCT)
    return Resolved("TIME", cal.format_time(day, *clock))


def _clock(s: Slots) -> tuple[int, int] | None:
    word = s.value("clockword")
    if word:
        hour, minute = (int(x) for x in str(word).split(":"))
        return hour, minute
    hour, minute = s.value("hour"), s.value("minute") or 0
    if hour is None:
        return None
    ampm = s.value("ampm")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 24 or (hour == 24 and minute):
        return None
    return _afternoon(hour, s.value("pod")), minute


def _afternoon(hour: int, pod: str | None) -> int:
    """"8 h du soir", "3 o'clock in the afternoon": a 12-hour clock read with its part of day."""
    if pod in ("AF", "EV") and hour < 12:
        return hour + 12
    if pod == "NI" and 6 <= hour < 12:
        return hour + 12
    return hour


def _time_day(s: Slots, ctx: Context) -> date | Resolved | None:
    """The day a clock time falls on: the one it names, else the latest day nearby."""
    named = None
    if s.has("day") and s.has("month"):
        named = resolve_date(s, ctx)
    elif s.has("weekday"):
        named = resolve_weekday(s, ctx)
    elif s.has("reldate"):
        named = resolve_relday(s, ctx)
    elif s.has("anaphor"):
        named = resolve_anaphor(s, ctx)
    if named is not None:
        if named.value is None:
            return Resolved("TIME", None, reason=named.reason)
        return date.fromisoformat(named.value[:10])
    return ctx.near_day or ctx.anchor or ctx.dct


def resolve_ref(s: Slots, ctx: Context) -> Resolved | None:
    """"maintenant", "currently", "recently", "l'avenir": PRESENT_REF, PAST_REF, FUTURE_REF."""
    value = s.value("ref")
    if value not in cal.REFS:
        return None
    return Resolved("DATE", str(value))


IGNORED = Resolved("IGNORE", None)


def resolve_ignore(s: Slots, ctx: Context) -> Resolved | None:
    """A span that is not a temporal expression ("un homme de 59 ans"): claimed, not kept."""
    return IGNORED


RESOLVERS: dict[str, Callable[[Slots, Context], Resolved | None]] = {
    "date": resolve_date,
    "month": resolve_month,
    "year": resolve_year,
    "decade": resolve_decade,
    "century": resolve_century,
    "weekday": resolve_weekday,
    "relday": resolve_relday,
    "anaphor": resolve_anaphor,
    "pod": resolve_pod,
    "relative": resolve_relative,
    "anaphoric": resolve_anaphoric,
    "season": resolve_season,
    "quarter": resolve_quarter,
    "duration": resolve_duration,
    "ago": resolve_ago,
    "offset": resolve_offset,
    "set": resolve_set,
    "time": resolve_time,
    "ref": resolve_ref,
    "ignore": resolve_ignore,
}

"""ISO-TimeML values: calendar periods, their arithmetic, formatting and parsing.

A *period* is a granularity (day, week, month, quarter, season, year, decade ...) plus a date
inside it. :func:`format_value` writes a period as a TimeML value ("2022-11-11", "2022-W44",
"2022-09", "2022-Q3", "2022-SU", "2022", "196", "18"); :func:`parse_value` reads one back
(the first day of the period) and :func:`value_range` gives its extent as two dates,
optionally narrowed by a TimeML ``mod`` (START, MID, END: the first, middle or last third).
Durations are written by :func:`format_duration` ("P9M", "PT48H", "PXD").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

GRANULARITIES = ("day", "weekend", "week", "month", "season", "quarter", "half", "year",
                 "decade", "century")

# calendar unit code (lexicon "unit" values) -> granularity of a period of that unit
UNIT_GRANULARITY = {"D": "day", "W": "week", "WE": "weekend", "M": "month", "Q": "quarter",
                    "HY": "half", "Y": "year", "DE": "decade", "CE": "century"}

SEASONS = ("SP", "SU", "FA", "WI")
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # meteorological seasons

REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")

_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_PART_RE = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_YEAR_RE = re.compile(r"^(\d{4})$")
_DECADE_RE = re.compile(r"^(\d{3})$")
_CENTURY_RE = re.compile(r"^(\d{2})$")

# The TimeML values this package writes (and accepts): dates, times, durations, sets, refs.
VALUE_GRAMMAR = re.compile(
    r"^(?:"
    r"\d{4}-\d{2}-\d{2}(?:T(?:\d{2}:\d{2}|MO|MI|AF|EV|NI|DT))?"
    r"|\d{4}-W\d{2}(?:-WE)?"
    r"|\d{4}(?:-\d{2}|-Q[1-4]|-H[12]|-SP|-SU|-FA|-WI)?"
    r"|\d{2,3}"
    r"|XXXX-(?:WXX-[1-7]|\d{2}|XX-XX|SP|SU|FA|WI)(?:T(?:MO|MI|AF|EV|NI|DT))?"
    r"|P(?:X(?:Y|M|W|D|Q|DE|CE|ML|WE)|TX(?:H|M|S)"
    r"|(?=\d|T\d)(?:\d+(?:\.\d+)?(?:Y|M|W|D|Q|WE))*(?:T(?:\d+(?:\.\d+)?[HMS])+)?)"
    r"|PRESENT_REF|PAST_REF|FUTURE_REF"
    r")$"
)


# --- arithmetic ---------------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the end of the target month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def shift(day: date, unit: str, amount: int) -> date:
    """``day`` moved by ``amount`` units (D, W, WE, M, Q, HY, Y, DE, CE)."""
    if unit == "D":
        return day + timedelta(days=amount)
    if unit in ("W", "WE"):
        return day + timedelta(weeks=amount)
    months = {"M": 1, "Q": 3, "HY": 6, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    if months is None:
        raise ValueError(f"not a calendar unit: {unit}")
    return add_months(day, months * amount)


def season_of(day: date) -> tuple[int, str]:
    """The (year, season) a day falls in; winter belongs to the year of its December."""
    if day.month == 12:
        return day.year, "WI"
    if day.month <= 2:
        return day.year - 1, "WI"
    return day.year, SEASONS[(day.month - 3) // 3]


def season_start(year: int, season: str) -> date:
    return date(year, _SEASON_START[season], 1)


# --- formatting ---------------------------------------------------------------------------
def format_value(day: date, granularity: str) -> str:
    """The TimeML value of the period of ``granularity`` that contains ``day``."""
    if granularity == "day":
        return day.isoformat()
    if granularity in ("week", "weekend"):
        iso = day.isocalendar()
        suffix = "-WE" if granularity == "weekend" else ""
        return f"{iso.year:04d}-W{iso.week:02d}{suffix}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if granularity == "half":
        return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}"
    if granularity == "season":
        year, season = season_of(day)
        return f"{year:04d}-{season}"
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "decade":
        return f"{day.year // 10:03d}"
    if granularity == "century":
        return f"{day.year // 100:02d}"
    raise ValueError(f"unknown granularity: {granularity}")


def format_time(day: date, hour: int, minute: int) -> str:
    """A clock time on a day; 24:00 is kept as TimeML writes midnight ending the day."""
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


_DURATION_LETTER = {"Y": "Y", "M": "M", "W": "W", "D": "D", "Q": "Q", "DE": "DE", "CE": "CE",
                    "ML": "ML", "WE": "WE", "H": "H", "MIN": "M", "S": "S"}
_SMALLER = {"CE": ("Y", 100), "DE": ("Y", 10), "ML": ("Y", 1000), "Y": ("M", 12),
            "HY": ("M", 6), "Q": ("M", 3), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60),
            "MIN": ("S", 60)}
_IN_SMALLER_UNIT = ("DE", "CE", "ML", "HY")
_TIME_UNITS = ("H", "MIN", "S")


def format_duration(amount: float | None, unit: str) -> str:
    """A TimeML duration: ``amount`` of ``unit`` (None: unspecified, "PXD").

    Decades, centuries and millennia with a known amount are written in years (P20Y, P50Y),
    half-years in months; a fraction goes to the next smaller unit when that makes it whole
    ("P2Y6M", "PT1H30M", "P6M" for half a year).
    """
    if amount is None:
        letter = _DURATION_LETTER["M" if unit == "HY" else unit]
        return f"P{'T' if unit in _TIME_UNITS else ''}X{letter}"
    if unit in _IN_SMALLER_UNIT:
        smaller, factor = _SMALLER[unit]
        amount, unit = round(amount * factor, 6), smaller
    whole = int(amount)
    parts = [(whole, unit)] if whole else []
    rest = round(amount - whole, 6)
    if rest and unit in _SMALLER and float(rest * _SMALLER[unit][1]).is_integer():
        parts.append((int(rest * _SMALLER[unit][1]), _SMALLER[unit][0]))
    elif rest:
        parts = [(amount, unit)]
    return _write_duration(parts)


def _write_duration(parts: list[tuple[float, str]]) -> str:
    date_part = "".join(f"{_number(n)}{_DURATION_LETTER[u]}" for n, u in parts
                        if u not in _TIME_UNITS)
    time_part = "".join(f"{_number(n)}{_DURATION_LETTER[u]}" for n, u in parts
                        if u in _TIME_UNITS)
    return f"P{date_part}{'T' + time_part if time_part else ''}"


def _number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


# --- parsing ------------------------------------------------------------------------------
_WHOLE_DURATION_RE = re.compile(r"^P(\d+)(Y|M|W|D)$")


def span_back(duration: str, end: date) -> tuple[date, date] | None:
    """The days a whole-unit duration covers when it ends on ``end`` ("P1W" ending on
    2022-09-13 is 2022-09-06..2022-09-13); None for vague or composite durations."""
    match = _WHOLE_DURATION_RE.match(duration)
    if match is None:
        return None
    return shift(end, match.group(2), -int(match.group(1))), end


def parse_value(value: str) -> tuple[str, date] | None:
    """(granularity, first day) of a TimeML date value written by :func:`format_value`."""
    try:
        return _parse(value)
    except ValueError:
        return None


def _parse(value: str) -> tuple[str, date] | None:
    if m := _DAY_RE.match(value):
        return "day", date(int(m[1]), int(m[2]), int(m[3]))
    if m := _WEEK_RE.match(value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return "weekend", monday + timedelta(days=5)
        return "week", monday
    if m := _MONTH_RE.match(value):
        return "month", date(int(m[1]), int(m[2]), 1)
    if m := _PART_RE.match(value):
        year, part = int(m[1]), m[2]
        if part[0] == "Q":
            return "quarter", date(year, 3 * int(part[1]) - 2, 1)
        if part[0] == "H":
            return "half", date(year, 6 * int(part[1]) - 5, 1)
        return "season", season_start(year, part)
    if m := _YEAR_RE.match(value):
        return "year", date(int(m[1]), 1, 1)
    if m := _DECADE_RE.match(value):
        return "decade", date(max(1, int(m[1]) * 10), 1, 1)
    if m := _CENTURY_RE.match(value):
        return "century", date(max(1, int(m[1]) * 100), 1, 1)
    return None


_MONTHS = {"month": 1, "season": 3, "quarter": 3, "half": 6, "year": 12, "decade": 120,
           "century": 1200}


def period_end(granularity: str, first: date) -> date:
    """The last day of the period of ``granularity`` starting on ``first``."""
    if granularity == "day":
        return first
    if granularity == "weekend":
        return first + timedelta(days=1)
    if granularity == "week":
        return first + timedelta(days=6)
    return add_months(first, _MONTHS[granularity]) - timedelta(days=1)


def value_range(value: str, mod: str | None = None) -> tuple[date, date] | None:
    """The extent of a TimeML date value as (first day, last day), narrowed by a mod.

    START, MID and END keep the first, middle and last third of the period (days 1-10,
    11-20 and 21-end of a month). Clock times and parts of day give their day.
    """
    if "T" in value:
        value = value.split("T", 1)[0]
    parsed = parse_value(value)
    if parsed is None:
        return None
    granularity, first = parsed
    try:
        last = period_end(granularity, first)
        if mod in ("START", "MID", "END") and granularity not in ("day", "weekend"):
            return _third(granularity, first, last, ("START", "MID", "END").index(mod))
    except (ValueError, OverflowError):  # a period running past year 9999
        return None
    return first, last


def date_window(value: str | None) -> tuple[date, date] | None:
    """The days an event date allows: a date value ("2022-11-11", "2022-09", "2022") or a
    "first/last" range of two, as (first day, last day); None when missing, unreadable or
    reversed. What linking compares, never the strings."""
    if not value:
        return None
    pieces = value.split("/")
    if len(pieces) > 2:
        return None
    first, last = value_range(pieces[0]), value_range(pieces[-1])
    if first is None or last is None or last[1] < first[0]:
        return None
    return first[0], last[1]


def _third(granularity: str, first: date, last: date, index: int) -> tuple[date, date]:
    """The index-th third of a period: whole months when the period has 3n months."""
    months = _MONTHS.get(granularity, 0)
    if months >= 3:
        step = months // 3
        start = add_months(first, step * index)
        return start, add_months(start, step) - timedelta(days=1)
    third = ((last - first).days + 1) // 3
    start = first + timedelta(days=third * index)
    end = last if index == 2 else start + timedelta(days=third - 1)
    return start, end


def granularity_of(value: str) -> str | None:
    """The granularity of a date value, "time" for clock times and parts of day."""
    if "T" in value and _DAY_RE.match(value.split("T", 1)[0]):
        return "time"
    parsed = parse_value(value)
    return parsed[0] if parsed else None

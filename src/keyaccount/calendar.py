"""The business calendar (营业日历): mainland-China working days, working hours and festivals.

Scheduling and complaint SLAs must never land on a day or an hour when the customer is at rest
("避免在客户休息时打扰客户" [seed 002]).  This module answers, for one company:

* **which days are working days** — Monday to Friday, minus the statutory holidays
  (法定节假日) and the in-lieu days off (调休休息日) of the State Council's yearly notice, plus
  the weekend days declared working days (调休上班日), plus the company's own days;
* **which instants are working time** — the working intervals of a working day, in the
  business time zone (preset 08:00–12:00 and 13:30–17:30, Asia/Shanghai [seed 004]);
* **when the greeting festivals fall** — New Year's Day 元旦, Spring Festival 春节,
  Dragon Boat 端午 and Mid-Autumn 中秋 (the last three lunar).

**Where the data comes from.**  Nothing here is copied by hand: the official holiday breaks,
the make-up working days and the lunar festivals come from the ``holidays`` package
(``holidays.China``).  Its official schedule runs from 2001 to
:attr:`BusinessCalendar.official_until` (2026 with ``holidays`` 0.109; read from the package,
so it moves on when the package learns a new year); for later years the calendar still
answers — weekends plus the statutory festivals, with a festival that falls on a weekend given
a weekday off, as the ``holidays`` rules estimate them — and
:meth:`BusinessCalendar.is_estimated` says so.  The covered range is :data:`FIRST_YEAR` to
:data:`LAST_YEAR`; a date outside it raises :class:`~keyaccount.errors.ValidationError`.

**Purity and speed.**  Nothing reads the clock.  Each calendar builds the table of one year
the first time a date of that year is asked about and keeps it (the cache is invisible: it
takes no part in equality, hashing or serialization), so a working-day query is a table
look-up and never rebuilds holiday data.  The state's table of a year is a pure function of
the ``holidays`` package, built once per process and shared by every calendar.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from attrs import frozen

from keyaccount.domain.values import LabelledEnum
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.validation import (
    each,
    fail,
    instance_of,
    plain_date,
    require_day,
    require_time,
    text,
    to_tuple,
)

__all__ = [
    "CHINA_CALENDAR",
    "FIRST_YEAR",
    "LAST_YEAR",
    "SEED_WORKING_HOURS",
    "BusinessCalendar",
    "DayKind",
    "Festival",
    "WorkingHours",
    "WorkingInterval",
    "check_day",
    "check_moment",
    "clock_instants",
]


# ------------------------------------------------------------------------------ the years

FIRST_YEAR = 1950
"""The first year the calendar covers (``holidays.China.start_year``: the PRC's first year)."""

LAST_YEAR = 2100
"""The last year the calendar covers (the ``holidays`` lunar tables end in 2100)."""


@cache
def _official_years() -> tuple[int, int]:
    """The first and last year of the ``holidays`` table of State Council notices.

    Read from the package, not written here, so that the calendar knows a new year as soon as
    the package does; read on first use, so that importing this module does not load the
    package (a quarter of a second).
    """
    from holidays.countries.china import ChinaStaticHolidays

    years = sorted(ChinaStaticHolidays.special_public_holidays)
    return years[0], years[-1]


# ----------------------------------------------------------------------------- day kinds


class DayKind(LabelledEnum):
    """What a day is (日期类型): the difference matters for overtime pay and reports.

    The first five kinds are the state's (``official_day_kind``); the last two appear only
    where the company's own days override the state's (``day_kind``).
    """

    WORKDAY = "workday", "工作日"
    WEEKEND = "weekend", "周末"
    STATUTORY_HOLIDAY = "statutory-holiday", "法定节假日"
    IN_LIEU_DAY_OFF = "in-lieu-day-off", "调休休息日"
    MAKE_UP_WORKDAY = "make-up-workday", "调休上班日"
    COMPANY_REST_DAY = "company-rest-day", "公司休息日"
    COMPANY_WORKDAY = "company-workday", "公司工作日"

    @property
    def is_working(self) -> bool:
        """True for the kinds on which people work."""
        return self in _WORKING_KINDS


_WORKING_KINDS = frozenset({DayKind.WORKDAY, DayKind.MAKE_UP_WORKDAY, DayKind.COMPANY_WORKDAY})


class Festival(LabelledEnum):
    """A festival for greetings (节日问候) [seed 002]: the label is the holiday's official name."""

    NEW_YEAR = "new-year", "元旦"
    SPRING_FESTIVAL = "spring-festival", "春节"
    DRAGON_BOAT = "dragon-boat", "端午节"
    MID_AUTUMN = "mid-autumn", "中秋节"


# ------------------------------------------------------------------------- working hours


def _plain_time(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    require_time(value, attribute.name, error=PolicyError)


@frozen(kw_only=True)
class WorkingInterval:
    """One working interval of a day (工作时段), local wall-clock time.

    ``start`` is inclusive and ``end`` exclusive: with 08:00–12:00, 11:59 is working time and
    12:00 is not.  An interval lies within one day (``start < end``); night shifts that cross
    midnight are not supported.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    start: time = attrs.field(validator=_plain_time)
    end: time = attrs.field(validator=_plain_time)

    def __attrs_post_init__(self) -> None:
        if self.start >= self.end:
            raise PolicyError(
                f"a working interval must start before it ends, got {self.start:%H:%M} to "
                f"{self.end:%H:%M}"
            )

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


def _time_zone(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    expected = "an IANA time zone name such as 'Asia/Shanghai'"
    text(max_length=64, what=expected)(instance, attribute, value)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise PolicyError.of(attribute.name, value, expected) from None


@frozen(kw_only=True)
class WorkingHours:
    """Working hours (作息时间): the working intervals of every working day, in one time zone.

    ``intervals`` are in order and do not overlap (one may start where the previous ends);
    there is at least one.  ``time_zone`` is an IANA name; the intervals are wall-clock times
    there.  See :data:`SEED_WORKING_HOURS` for the preset.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    intervals: tuple[WorkingInterval, ...] = attrs.field(
        converter=to_tuple,
        validator=each(instance_of(WorkingInterval), container="working intervals"),
    )
    time_zone: str = attrs.field(default="Asia/Shanghai", validator=_time_zone)

    def __attrs_post_init__(self) -> None:
        if not self.intervals:
            raise PolicyError("working hours need at least one working interval, got none")
        for earlier, later in zip(self.intervals, self.intervals[1:], strict=False):
            if later.start < earlier.end:
                shown = ", ".join(str(i) for i in self.intervals)
                raise PolicyError(
                    "working intervals must be in order and must not overlap, got "
                    f"{earlier} before {later} (intervals {shown})"
                )

    @property
    def zone(self) -> ZoneInfo:
        """The time zone as a ``ZoneInfo``."""
        return ZoneInfo(self.time_zone)

    @property
    def daily_duration(self) -> timedelta:
        """The working time of one working day (wall-clock, e.g. 8 hours for the preset)."""
        total = timedelta()
        for interval in self.intervals:
            total += datetime.combine(date.min, interval.end) - datetime.combine(
                date.min, interval.start
            )
        return total

    def __str__(self) -> str:
        return ", ".join(str(i) for i in self.intervals) + f" ({self.time_zone})"


SEED_WORKING_HOURS = WorkingHours(
    intervals=(
        WorkingInterval(start=time(8, 0), end=time(12, 0)),
        WorkingInterval(start=time(13, 30), end=time(17, 30)),
    ),
    time_zone="Asia/Shanghai",
)
"""Working hours 08:00–12:00 and 13:30–17:30, Asia/Shanghai.

[seed 004 篇5 考勤管理 "作息时间: 上午08:00至12:00 下午13:30至17:30"]; the time zone is the
default business zone of the library [default].
"""


_SECOND = timedelta(seconds=1)


def clock_instants(
    day: date, start: time, end: time, zone: tzinfo
) -> tuple[tuple[datetime, datetime], ...]:
    """The instants at which clocks in ``zone`` show a time of ``day`` from ``start``
    (inclusive) to ``end`` (exclusive), as ``(from, to)`` pairs of UTC datetimes, in order.

    On most days this is one pair.  On a day the clocks change inside the interval it is what
    the clocks really show: a shorter pair when they skip part of it (02:30–03:10 on the night
    New York goes from 02:00 to 03:00 is 03:00–03:10, ten minutes), none when they skip all of
    it, and two pairs when they go back inside it (01:10–01:40 on the night New York goes back
    from 02:00 to 01:00 is shown twice, one hour in all).  It is the time that
    :meth:`BusinessCalendar.is_working_time` calls working.  At most one clock change inside
    the interval is assumed (no time zone changes its clocks twice within hours).

    Raises :class:`~keyaccount.errors.ValidationError` naming the argument when ``day`` is
    not a date of the calendar's years, ``start`` or ``end`` is not a time of day without
    time zone, ``end`` is not after ``start``, or ``zone`` is not a time zone.
    """
    check_day(day, "day")
    require_time(start, "start")
    require_time(end, "end")
    if end <= start:
        raise ValidationError.of("end", end, f"a time of day after start ({start})")
    low = datetime.combine(day, start)
    high = datetime.combine(day, end)
    # fold=0 reads a time the clocks skip or repeat with the offset before the change, fold=1
    # with the offset after it; they differ only if the clocks change within the interval.
    try:
        before = low.replace(tzinfo=zone).utcoffset()
        after = high.replace(tzinfo=zone, fold=1).utcoffset()
    except (TypeError, NotImplementedError):  # not a tzinfo, or one without offsets
        before = after = None
    if before is None or after is None:
        raise ValidationError.of("zone", zone, "a time zone such as ZoneInfo('Asia/Shanghai')")
    if before == after:
        return (((low - before).replace(tzinfo=UTC), (high - before).replace(tzinfo=UTC)),)
    change = _clock_change(zone, min(low - before, low - after), max(high - before, high - after))
    pieces = [(low - before, min(high - before, change)), (max(low - after, change), high - after)]
    spans = [(begin, finish) for begin, finish in pieces if begin < finish]
    if len(spans) == 2 and spans[0][1] == spans[1][0]:  # one stretch across the change
        spans = [(spans[0][0], spans[1][1])]
    return tuple((begin.replace(tzinfo=UTC), finish.replace(tzinfo=UTC)) for begin, finish in spans)


def _clock_change(zone: tzinfo, low: datetime, high: datetime) -> datetime:
    """The instant (naive UTC) from ``low`` to ``high`` at which the UTC offset of ``zone``
    changes: found to the second by bisection, as clock changes happen on whole seconds."""
    origin = low.replace(microsecond=0, tzinfo=UTC)
    first = origin.astimezone(zone).utcoffset()
    bottom, top = 0, int((high - low).total_seconds()) + 2
    while top - bottom > 1:
        middle = (bottom + top) // 2
        if (origin + middle * _SECOND).astimezone(zone).utcoffset() == first:
            bottom = middle
        else:
            top = middle
    return (origin + top * _SECOND).replace(tzinfo=None)


# ---------------------------------------------------------------------------- the tables


class _OutOfRangeError(Exception):
    """Internal: a year outside FIRST_YEAR..LAST_YEAR was needed."""


class _Year:
    """The table of one year: the kind of every day and the running count of working days.

    ``before[i]`` is the number of working days strictly before day index ``i`` (index 0 is
    1 January); ``before[-1]`` is the year's total.
    """

    __slots__ = (
        "before",
        "festivals",
        "first",
        "kinds",
        "names",
        "official",
        "spans",
        "working",
        "year",
    )

    def __init__(
        self,
        year: int,
        official: tuple[DayKind, ...],
        kinds: tuple[DayKind, ...],
        names: dict[date, str],
        festivals: dict[Festival, date],
        counts: tuple[tuple[bool, ...], list[int]] | None = None,
    ) -> None:
        self.year = year
        self.first = date(year, 1, 1).toordinal()
        self.official = official
        self.kinds = kinds
        self.working, self.before = counts or _counts(kinds)
        self.names = names
        self.festivals = festivals
        # Working intervals as UTC instants, by day index, filled in on demand.
        self.spans: dict[int, tuple[tuple[datetime, datetime], ...]] = {}


def _counts(kinds: tuple[DayKind, ...]) -> tuple[tuple[bool, ...], list[int]]:
    """The working flag of each day and the running count of working days before each."""
    working = tuple(kind.is_working for kind in kinds)
    before = [0]
    for flag in working:
        before.append(before[-1] + flag)
    return working, before


def _normalized(entries: Any) -> tuple[tuple[Any, ...], ...]:
    # The holidays tables hold either one entry or a tuple of entries per year.
    if not entries:
        return ()
    if isinstance(entries[0], tuple):
        return tuple(entries)
    return (tuple(entries),)


@cache
def _official_year(year: int) -> _Year:
    """The state's table of ``year``: kinds of days, holiday names and festival dates.

    A pure function of the ``holidays`` package, so one copy serves every calendar; calendars
    share its (read-only) kinds and counts and never touch its ``spans``.
    """
    from holidays.countries.china import China

    full = China(years=year, language="zh_CN")  # type: ignore[no-untyped-call]
    plain = China(years=year, language="zh_CN", observed=False)  # type: ignore[no-untyped-call]
    # A day off moved from a weekend day (调休) is listed as a substituted holiday: the entries
    # with a "from" date.  A day off given because a festival fell on a weekend (补假) exists
    # only when observed days are on.  Both are in-lieu days off; the rest are the statutory
    # holidays themselves.
    substituted = {
        date(year, entry[0], entry[1])
        for entry in _normalized(getattr(full, "special_public_holidays", {}).get(year, ()))
        if len(entry) >= 4
    }
    statutory = {day for day in plain if day.year == year and day not in substituted}
    days_off = {day for day in full if day.year == year}
    make_up = {day for day in full.weekend_workdays if day.year == year}

    first = date(year, 1, 1).toordinal()
    length = date(year, 12, 31).toordinal() - first + 1
    kinds: list[DayKind] = []
    for index in range(length):
        day = date.fromordinal(first + index)
        weekend = day.weekday() >= 5
        if day in statutory:
            kind = DayKind.STATUTORY_HOLIDAY
        elif day in days_off:
            kind = DayKind.IN_LIEU_DAY_OFF
        elif weekend:
            kind = DayKind.MAKE_UP_WORKDAY if day in make_up else DayKind.WEEKEND
        else:
            kind = DayKind.WORKDAY
        kinds.append(kind)

    names = {day: str(name) for day, name in full.items() if day.year == year}
    festivals: dict[Festival, date] = {}
    for festival in Festival:
        found = [d for d in plain.get_named(festival.label_zh, lookup="exact") if d.year == year]
        if found:
            festivals[festival] = min(found)
    official = tuple(kinds)
    return _Year(year, official, official, names, festivals)


# ------------------------------------------------------------------------- the calendar


def _company_days(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    each(plain_date, container="dates")(instance, attribute, value)
    for index, day in enumerate(value):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise fail(
                instance,
                f"{attribute.name}[{index}]",
                day,
                f"a date in the years {FIRST_YEAR}-{LAST_YEAR}",
            )


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_day(day: object, name: str) -> date:
    """``day`` when it is a date (not a datetime) the calendar covers; else ValidationError.

    The error is reported at ``name``: a function that takes a day from its caller checks it
    here first, so that a day outside :data:`FIRST_YEAR`–:data:`LAST_YEAR` is reported under
    the caller's own argument (``today``, ``start``) rather than deep inside the calendar.
    """
    day = require_day(day, name)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError.of(name, day, f"a date in the years {FIRST_YEAR} to {LAST_YEAR}")
    return day


def check_moment(moment: object, name: str, zone: tzinfo = UTC) -> datetime:
    """``moment`` when it is a timezone-aware datetime the calendar covers; else ValidationError.

    Like :func:`check_day`, for instants: the year is that of the instant in ``zone`` (pass
    the calendar's business time zone, ``calendar.working_hours.zone``).
    """
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValidationError.of(name, moment, "a timezone-aware datetime")
    try:
        year = moment.astimezone(zone).year
    except OverflowError:  # within a day of datetime.min or datetime.max
        year = moment.year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError.of(
            name, moment, f"a datetime in the years {FIRST_YEAR} to {LAST_YEAR}"
        )
    return moment


def _check_count(n: object) -> None:
    """Refuse a count of working days that is not a whole number >= 0 (``bool`` included)."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValidationError.of("n", n, "a whole number >= 0")


@frozen(kw_only=True)
class BusinessCalendar:
    """A business calendar (营业日历): working days, working hours and festivals of a company.

    The state's schedule comes from ``holidays.China``; the company's own days are data:

    * ``closed_days`` — extra days off (a company outing, a local holiday);
    * ``extra_working_days`` — extra working days (a weekend stock-take);
    * ``rest_on_make_up_days`` — if True the company rests on the weekend days the state
      declares working days (调休上班日), as some companies do.

    A date may not be both closed and an extra working day.  An override that changes nothing
    (closing a Sunday, working a Tuesday) is allowed and leaves the day's kind as it was.

    Every query taking a ``date`` refuses a ``datetime`` and a date outside
    :data:`FIRST_YEAR`–:data:`LAST_YEAR`; every query taking an instant refuses a naive
    ``datetime``.  All raise :class:`~keyaccount.errors.ValidationError`.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(default="mainland-china", validator=text(max_length=100))
    version: str = attrs.field(default="1", validator=text(max_length=40))
    working_hours: WorkingHours = attrs.field(
        default=SEED_WORKING_HOURS, validator=instance_of(WorkingHours)
    )
    closed_days: tuple[date, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_company_days
    )
    extra_working_days: tuple[date, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_company_days
    )
    rest_on_make_up_days: bool = attrs.field(default=False, validator=instance_of(bool))

    # The per-year tables, built on first use; not part of the value.
    _years: dict[int, _Year] = attrs.field(init=False, factory=dict, eq=False, repr=False)
    _zone: ZoneInfo = attrs.field(init=False, eq=False, repr=False)
    _intervals: tuple[tuple[time, time], ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        both = sorted(set(self.closed_days) & set(self.extra_working_days))
        if both:
            shown = ", ".join(d.isoformat() for d in both)
            raise PolicyError(
                "a day cannot be both a closed day and an extra working day, got "
                f"{shown} in both closed_days and extra_working_days"
            )
        object.__setattr__(self, "_zone", self.working_hours.zone)
        object.__setattr__(
            self, "_intervals", tuple((i.start, i.end) for i in self.working_hours.intervals)
        )

    # ------------------------------------------------------------------ years and tables

    @property
    def official_until(self) -> int:
        """The last year whose official schedule (State Council notice) the calendar knows."""
        return _official_years()[1]

    @property
    def official_from(self) -> int:
        """The first year whose official schedule the calendar knows."""
        return _official_years()[0]

    def is_estimated(self, year: int) -> bool:
        """True if ``year``'s schedule is estimated, not official.

        Outside :attr:`official_from`–:attr:`official_until` the calendar knows the weekends
        and the statutory festivals (a festival on a weekend gives the next weekday off, as
        the ``holidays`` rules estimate it) but not the State Council's breaks and make-up
        working days, which are announced about a year ahead.
        """
        if not _whole(year) or not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError.of("year", year, f"a year from {FIRST_YEAR} to {LAST_YEAR}")
        return not self.official_from <= year <= self.official_until

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise _OutOfRangeError
            table = self._build(year)
            self._years[year] = table
        return table

    def _build(self, year: int) -> _Year:
        state = _official_year(year)
        official = state.official
        closed = [d for d in self.closed_days if d.year == year]
        extra = [d for d in self.extra_working_days if d.year == year]
        if not (closed or extra or self.rest_on_make_up_days):
            # The state's table as it is: share its kinds and counts.
            counts = (state.working, state.before)
            return _Year(year, official, official, state.names, state.festivals, counts)
        kinds = list(official)
        first = state.first
        if self.rest_on_make_up_days:
            kinds = [DayKind.COMPANY_REST_DAY if k is DayKind.MAKE_UP_WORKDAY else k for k in kinds]
        for day in closed:
            if kinds[day.toordinal() - first].is_working:
                kinds[day.toordinal() - first] = DayKind.COMPANY_REST_DAY
        for day in extra:
            # On a day the state works (a make-up day the company would otherwise rest on) the
            # state's kind stands; elsewhere the day is the company's own.
            index = day.toordinal() - first
            kinds[index] = (
                official[index] if official[index].is_working else DayKind.COMPANY_WORKDAY
            )
        return _Year(year, official, tuple(kinds), state.names, state.festivals)

    def _table(self, day: object, path: str) -> _Year:
        """The year table of ``day``, after checking that ``day`` is a plain date in range."""
        if day.__class__ is not date and (not isinstance(day, date) or isinstance(day, datetime)):
            raise ValidationError.of(path, day, "a date")
        try:
            return self._year(day.year)
        except _OutOfRangeError:
            raise ValidationError.of(path, day, self._range_text()) from None

    @staticmethod
    def _range_text() -> str:
        return f"a date in the years {FIRST_YEAR} to {LAST_YEAR}"

    # ---------------------------------------------------------------------- working days

    def is_working_day(self, day: date) -> bool:
        """True if ``day`` is a working day for this company (工作日)."""
        table = self._table(day, "day")
        return table.working[day.toordinal() - table.first]

    def day_kind(self, day: date) -> DayKind:
        """What ``day`` is for this company: the state's kind, or a company kind where the
        company's own days change it (公司休息日, 公司工作日).

        A statutory holiday that falls on a weekend is a statutory holiday, not a weekend.
        """
        table = self._table(day, "day")
        return table.kinds[day.toordinal() - table.first]

    def official_day_kind(self, day: date) -> DayKind:
        """What ``day`` is in the state's schedule, ignoring the company's own days."""
        table = self._table(day, "day")
        return table.official[day.toordinal() - table.first]

    def holiday_name(self, day: date) -> str | None:
        """The official name of the holiday or day off on ``day`` (e.g. ``"国庆节"``), or None.

        Names are those of the ``holidays`` package in Chinese; in-lieu days off read
        ``"休息日（由 2025-09-28 调休）"`` (day off moved from 28 September) or end in
        ``"（补假）"`` (given because a festival fell on a weekend).
        """
        return self._table(day, "day").names.get(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        table = self._table(day, "day")
        return self._forward(table, day.toordinal() - table.first + 1, 0, day)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        table = self._table(day, "day")
        return self._backward(table, day.toordinal() - table.first - 1, 0, day)

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``n`` >= 0).

        ``n = 0`` gives ``day`` itself if it is a working day, else the next working day; for a
        working day ``d``, ``add_working_days(d, 3)`` is the third working day after it — the
        deadline of "within three working days".  When ``day`` is not a working day, counting
        starts from the next working day: ``add_working_days(sunday, 1)`` is the second working
        day of the week.
        """
        table = self._table(day, "day")
        if n.__class__ is not int or n < 0:
            _check_count(n)
        index = day.toordinal() - table.first
        before = table.before
        target = before[index] + n + 1
        if target <= before[-1]:
            # The answer is in this year: the day where the running count reaches the target.
            return date.fromordinal(table.first + bisect_left(before, target, index + 1) - 1)
        return self._forward(table, index, n, day)

    def subtract_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day before ``day`` (``n`` >= 0): the mirror of
        :meth:`add_working_days`.

        ``n = 0`` gives ``day`` itself if it is a working day, else the previous working day
        ("the last working day on or before").
        """
        table = self._table(day, "day")
        if n.__class__ is not int or n < 0:
            _check_count(n)
        return self._backward(table, day.toordinal() - table.first, n, day)

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days from ``start`` (counted) to ``end`` (not counted).

        Half-open like ``range``: ``working_days_between(d, d)`` is 0, and for a working day
        ``d``, ``working_days_between(d, add_working_days(d, n)) == n``.  If ``end`` is before
        ``start`` the count is negative, so counts add up over any split point.
        """
        first = self._table(start, "start")
        last = self._table(end, "end")
        if end < start:
            return -self.working_days_between(end, start)
        if first is last:
            return (
                last.before[end.toordinal() - last.first]
                - first.before[start.toordinal() - first.first]
            )
        total = first.before[-1] - first.before[start.toordinal() - first.first]
        for year in range(start.year + 1, end.year):
            total += self._year(year).before[-1]
        return total + last.before[end.toordinal() - last.first]

    def _forward(self, table: _Year, index: int, n: int, shown: date) -> date:
        """The (n+1)-th working day at or after day ``index`` of ``table`` (index may be one
        past the year's end)."""
        try:
            while True:
                before = table.before
                target = before[index] + n + 1
                if target <= before[-1]:
                    found = bisect_left(before, target, index + 1) - 1
                    return date.fromordinal(table.first + found)
                n -= before[-1] - before[index]
                table = self._year(table.year + 1)
                index = 0
        except _OutOfRangeError:
            raise ValidationError.of("day", shown, self._answer_range_text()) from None

    def _backward(self, table: _Year, index: int, n: int, shown: date) -> date:
        """The (n+1)-th working day at or before day ``index`` of ``table`` (index may be -1)."""
        try:
            while True:
                before = table.before
                target = before[index + 1] - n - 1
                if target >= 0:
                    found = bisect_right(before, target) - 1
                    return date.fromordinal(table.first + found)
                n -= before[index + 1]
                table = self._year(table.year - 1)
                index = len(table.kinds) - 1
        except _OutOfRangeError:
            raise ValidationError.of("day", shown, self._answer_range_text()) from None

    @staticmethod
    def _answer_range_text() -> str:
        return f"a date whose answer lies in the years {FIRST_YEAR} to {LAST_YEAR}"

    def working_days(self, start: date, end: date) -> tuple[date, ...]:
        """The working days from ``start`` (included) to ``end`` (excluded), in order."""
        self._table(start, "start")
        self._table(end, "end")
        days: list[date] = []
        day = start
        while day < end:
            table = self._year(day.year)
            if table.working[day.toordinal() - table.first]:
                days.append(day)
            day += timedelta(days=1)
        return tuple(days)

    # ---------------------------------------------------------------------- working time

    def _local(self, moment: object, path: str) -> datetime:
        if not isinstance(moment, datetime) or moment.utcoffset() is None:
            raise ValidationError.of(path, moment, "a timezone-aware datetime")
        try:
            return moment.astimezone(self._zone)
        except OverflowError:  # within a day of datetime.min or datetime.max
            raise ValidationError.of(path, moment, self._range_text()) from None

    def _day_intervals(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The working time of ``day`` as UTC instants, in order (none on a non-working day;
        see :func:`clock_instants` for a day the clocks change).

        Kept in the year's table once computed: SLA clocks ask about the same days again and
        again.
        """
        table = self._year(day.year)
        index = day.toordinal() - table.first
        spans = table.spans.get(index)
        if spans is None:
            zone = self._zone
            spans = (
                tuple(
                    sorted(
                        span
                        for start, end in self._intervals
                        for span in clock_instants(day, start, end, zone)
                    )
                )
                if table.working[index]
                else ()
            )
            table.spans[index] = spans
        return spans

    def is_working_time(self, moment: datetime) -> bool:
        """True if ``moment`` falls in a working interval of a working day.

        ``moment`` must be timezone-aware; it is converted to the calendar's time zone first.
        Interval starts are working time, interval ends are not (12:00 is lunch).
        """
        local = self._local(moment, "moment")
        day = local.date()
        try:
            if not self.is_working_day(day):
                return False
        except ValidationError:
            raise ValidationError.of("moment", moment, self._range_text()) from None
        clock = local.time().replace(tzinfo=None)
        return any(start <= clock < end for start, end in self._intervals)

    def add_working_hours(self, moment: datetime, hours: int | Decimal | timedelta) -> datetime:
        """The instant when ``hours`` of working time have passed since ``moment``.

        Only working time counts: lunch, evenings and non-working days are skipped.  ``hours``
        is a number of hours (``int`` or ``Decimal``; a ``float`` is refused, as everywhere
        exact arithmetic is meant) or a ``timedelta``, and must not be negative; it is counted
        to the microsecond.  The result is the *earliest* such instant, so it may be the end
        of an interval (adding 4 hours to 08:00 gives 12:00, not 13:30).  Adding 0 gives
        ``moment`` if it is working time, else the start of the next working interval.  The
        result is in the calendar's time zone.
        """
        local = self._local(moment, "moment")
        remaining = _duration(hours)
        current = local.astimezone(UTC)
        day = local.date()
        try:
            while True:
                for start, end in self._day_intervals(day):
                    if end <= current:
                        continue
                    if current < start:
                        current = start
                    available = end - current
                    if remaining <= available:
                        return (current + remaining).astimezone(self._zone)
                    remaining -= available
                    current = end
                day += timedelta(days=1)
        except (_OutOfRangeError, OverflowError):
            raise ValidationError.of("moment", moment, self._answer_range_text()) from None

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """The working time from ``start`` to ``end``: lunch, nights and non-working days are
        not counted.

        Both must be timezone-aware.  If ``end`` is before ``start`` the result is negative,
        so the time adds up over any split point.
        """
        local_start = self._local(start, "start")
        local_end = self._local(end, "end")
        if end < start:
            return -self.working_time_between(end, start)
        first = local_start.date()
        last = local_end.date()
        try:
            self._year(first.year)
        except _OutOfRangeError:
            raise ValidationError.of("start", start, self._range_text()) from None
        try:
            self._year(last.year)
        except _OutOfRangeError:
            raise ValidationError.of("end", end, self._range_text()) from None
        low = start.astimezone(UTC)
        high = end.astimezone(UTC)
        total = timedelta()
        day = first
        while day <= last:
            for interval_start, interval_end in self._day_intervals(day):
                overlap = min(interval_end, high) - max(interval_start, low)
                if overlap > timedelta():
                    total += overlap
            day += timedelta(days=1)
        return total

    # ------------------------------------------------------------------------- festivals

    def festival_date(self, festival: Festival | str, year: int) -> date:
        """The date of ``festival`` in ``year`` (节日日期), for greetings [seed 002].

        New Year's Day is 1 January; Spring Festival (the first day of the lunar year),
        Dragon Boat (5th day of the 5th lunar month) and Mid-Autumn (15th day of the 8th) come
        from the ``holidays`` lunar tables, up to 2100.  Dragon Boat and Mid-Autumn are known
        from 2008, the year they became public holidays.
        """
        chosen = Festival.parse(festival, field="festival")
        if not _whole(year) or not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError.of("year", year, f"a year from {FIRST_YEAR} to {LAST_YEAR}")
        found = self._year(year).festivals.get(chosen)
        if found is None:
            raise ValidationError.of(
                "year", year, f"a year in which {chosen.label_zh} is a public holiday"
            )
        return found


def _duration(hours: object) -> timedelta:
    """``hours`` (int, Decimal or timedelta, not negative) as a timedelta to the microsecond."""
    if isinstance(hours, timedelta):
        result = hours
    elif isinstance(hours, int | Decimal) and not isinstance(hours, bool):
        if isinstance(hours, Decimal) and not hours.is_finite():
            raise ValidationError.of("hours", hours, "a finite number of hours")
        try:
            micros = (Decimal(hours) * 3_600_000_000).to_integral_value(ROUND_HALF_UP)
            result = timedelta(microseconds=int(micros))
        except ArithmeticError:  # OverflowError, or decimal.Overflow for 1E+999999 hours
            raise ValidationError.of(
                "hours", hours, "a number of hours that fits a timedelta"
            ) from None
    else:
        raise ValidationError.of(
            "hours", hours, "a number of hours (int or Decimal) or a timedelta"
        )
    if result < timedelta():
        raise ValidationError.of("hours", hours, "a duration >= 0")
    return result


# ------------------------------------------------------------------------------- presets

CHINA_CALENDAR = BusinessCalendar()
"""The mainland-China business calendar with the seed's working hours.

Working days: the state's schedule from ``holidays.China`` (official through
``CHINA_CALENDAR.official_until``, estimated after).  Working hours: :data:`SEED_WORKING_HOURS`
[seed 004 "作息时间: 上午08:00至12:00 下午13:30至17:30"].  No company days [default].
"""

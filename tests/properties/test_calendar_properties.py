"""Invariants of the business calendar (SPEC §4 scheduling and complaints: working time)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, given
from hypothesis import strategies as st

from keyaccount.calendar import (
    CHINA_CALENDAR,
    BusinessCalendar,
    WorkingHours,
    WorkingInterval,
    clock_instants,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
_DAY = timedelta(days=1)

# Official years and estimated ones, across year ends; drawn as day numbers (cheaper than
# st.dates, and shrinking towards 1 January 2024).
FIRST_DAY = date(2024, 1, 1)
days = st.integers(min_value=0, max_value=(date(2028, 12, 31) - FIRST_DAY).days).map(
    lambda offset: FIRST_DAY + timedelta(days=offset)
)
counts = st.integers(min_value=0, max_value=40)
# Instants of 2025–2026 to the second, given in Shanghai, UTC or a zone with summer time.
FIRST_INSTANT = datetime(2025, 1, 1, tzinfo=UTC)
instants = st.builds(
    lambda seconds, zone: (FIRST_INSTANT + timedelta(seconds=seconds)).astimezone(zone),
    st.integers(min_value=0, max_value=2 * 365 * 86_400),
    st.sampled_from([SHANGHAI, UTC, ZoneInfo("Europe/Berlin")]),
)
# Working durations to the minute, up to two weeks of working time.
durations = st.integers(min_value=0, max_value=80 * 60).map(lambda m: timedelta(minutes=m))


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    """The default calendar or a company one with some closed and extra working days."""
    closed = draw(st.lists(days, max_size=6, unique=True))
    extra = [d for d in draw(st.lists(days, max_size=6, unique=True)) if d not in closed]
    return BusinessCalendar(
        closed_days=closed,
        extra_working_days=extra,
        rest_on_make_up_days=draw(st.booleans()),
    )


@given(calendars(), days, counts)
def test_add_working_days_always_lands_on_a_working_day(
    calendar: BusinessCalendar, day: date, n: int
) -> None:
    """Whatever the start and the count, the answer is a working day not before the start."""
    result = calendar.add_working_days(day, n)
    assert calendar.is_working_day(result)
    assert result >= day


@given(days, counts, counts)
def test_add_working_days_is_monotone_in_n(day: date, n: int, m: int) -> None:
    """More working days never give an earlier date."""
    low, high = sorted((n, m))
    assert CHINA_CALENDAR.add_working_days(day, low) <= CHINA_CALENDAR.add_working_days(day, high)


@given(calendars(), days, counts, counts)
def test_adding_working_days_in_two_steps_equals_adding_them_at_once(
    calendar: BusinessCalendar, day: date, n: int, m: int
) -> None:
    """For a working day d, add(add(d, n), m) == add(d, n + m)."""
    start = calendar.add_working_days(day, 0)
    assert calendar.add_working_days(calendar.add_working_days(start, n), m) == (
        calendar.add_working_days(start, n + m)
    )


@given(calendars(), days, counts)
def test_working_days_between_counts_back_what_was_added(
    calendar: BusinessCalendar, day: date, n: int
) -> None:
    """From a working day, the days between it and add(d, n) are n."""
    start = calendar.add_working_days(day, 0)
    assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


@given(calendars(), days, counts)
def test_subtract_working_days_undoes_add(calendar: BusinessCalendar, day: date, n: int) -> None:
    """From a working day, going n working days forward and n back returns to it."""
    start = calendar.add_working_days(day, 0)
    assert calendar.subtract_working_days(calendar.add_working_days(start, n), n) == start


@given(calendars(), days)
def test_next_working_day_is_the_first_working_day_after(
    calendar: BusinessCalendar, day: date
) -> None:
    """No working day lies strictly between a day and its next working day."""
    following = calendar.next_working_day(day)
    assert following > day
    assert calendar.is_working_day(following)
    assert calendar.working_days_between(day + timedelta(days=1), following) == 0


@given(calendars(), days, days, days)
def test_working_days_between_adds_up_over_a_split_point(
    calendar: BusinessCalendar, a: date, b: date, c: date
) -> None:
    """Counts from a to b plus b to c equal the count from a to c, in any order."""
    assert calendar.working_days_between(a, b) + calendar.working_days_between(
        b, c
    ) == calendar.working_days_between(a, c)


@given(calendars(), days)
def test_company_days_always_win(calendar: BusinessCalendar, day: date) -> None:
    """A closed day never works and an extra working day always does."""
    if day in calendar.closed_days:
        assert not calendar.is_working_day(day)
    if day in calendar.extra_working_days:
        assert calendar.is_working_day(day)
    assert calendar.is_working_day(day) is calendar.day_kind(day).is_working


@given(instants, instants, instants)
def test_working_time_between_adds_up_over_a_split_point(
    a: datetime, b: datetime, c: datetime
) -> None:
    """Working time from a to b plus b to c equals working time from a to c."""
    between = CHINA_CALENDAR.working_time_between
    assert between(a, b) + between(b, c) == between(a, c)


@given(instants, instants)
def test_working_time_between_never_exceeds_elapsed_time(a: datetime, b: datetime) -> None:
    """Working time is never more than the time that passed, and never negative for a <= b."""
    start, end = sorted((a, b))
    counted = CHINA_CALENDAR.working_time_between(start, end)
    assert timedelta() <= counted <= end - start


@given(
    days,
    st.times(min_value=time(12, 0), max_value=time(13, 30)),
    st.times(min_value=time(12, 0), max_value=time(13, 30)),
)
def test_working_time_never_counts_lunch(day: date, a: time, b: time) -> None:
    """Any stretch inside the lunch break counts nothing."""
    start, end = sorted((a, b))
    counted = CHINA_CALENDAR.working_time_between(
        datetime.combine(day, start, tzinfo=SHANGHAI), datetime.combine(day, end, tzinfo=SHANGHAI)
    )
    assert counted == timedelta()


@given(days, st.integers(min_value=0, max_value=14 * 60 + 30), st.integers(0, 14 * 60 + 30))
def test_working_time_never_counts_nights(day: date, a: int, b: int) -> None:
    """Any stretch between 17:30 one day and 08:00 the next counts nothing."""
    evening = datetime.combine(day, time(17, 30), tzinfo=SHANGHAI)
    start, end = sorted((a, b))
    counted = CHINA_CALENDAR.working_time_between(
        evening + timedelta(minutes=start), evening + timedelta(minutes=end)
    )
    assert counted == timedelta()


@given(calendars(), instants, durations)
def test_working_time_between_gives_back_the_hours_added(
    calendar: BusinessCalendar, start: datetime, hours: timedelta
) -> None:
    """add_working_hours then working_time_between gives back exactly the time added."""
    end = calendar.add_working_hours(start, hours)
    assert end >= start
    assert calendar.working_time_between(start, end) == hours


@given(instants, durations)
def test_add_working_hours_ends_in_working_time(start: datetime, hours: timedelta) -> None:
    """The answer is working time, or the very end of a working interval (never a rest hour)."""
    end = CHINA_CALENDAR.add_working_hours(start, hours)
    just_before = end - timedelta(microseconds=1)
    assert CHINA_CALENDAR.is_working_time(end) or (
        hours > timedelta() and CHINA_CALENDAR.is_working_time(just_before)
    )


# Days the clocks change: by an hour, by half an hour (Lord Howe), at midnight (Havana going
# forward, Santiago going back from 24:00), and an ordinary Shanghai day.
CLOCK_CHANGES = [
    (ZoneInfo(name), day)
    for name, day in (
        ("America/New_York", date(2025, 3, 9)),
        ("America/New_York", date(2025, 11, 2)),
        ("Europe/London", date(2025, 3, 30)),
        ("Europe/London", date(2025, 10, 26)),
        ("Australia/Lord_Howe", date(2025, 4, 6)),
        ("Australia/Lord_Howe", date(2025, 10, 5)),
        ("America/Havana", date(2025, 3, 9)),
        ("America/Havana", date(2025, 11, 2)),
        ("America/Santiago", date(2025, 4, 5)),
        ("America/Santiago", date(2025, 9, 7)),
        ("Asia/Shanghai", date(2025, 3, 4)),
    )
]
# Times of day to the minute, drawn as minutes so that intervals near the changes are common.
clock_times = st.integers(min_value=0, max_value=24 * 60 - 1).map(lambda m: time(m // 60, m % 60))


def _shown(moment: datetime, zone: ZoneInfo, day: date, start: time, end: time) -> bool:
    """Whether the clocks in ``zone`` show a time of ``day`` from ``start`` to ``end`` at
    ``moment``: the definition, by converting the one instant."""
    local = moment.astimezone(zone)
    return local.date() == day and start <= local.time() < end


@given(
    st.sampled_from(CLOCK_CHANGES),
    clock_times,
    clock_times,
    st.lists(st.integers(min_value=-6 * 3600, max_value=30 * 3600), max_size=20),
)
def test_clock_instants_are_exactly_the_instants_the_clocks_show_the_interval(
    change: tuple[ZoneInfo, date], a: time, b: time, seconds: list[int]
) -> None:
    """The spans are in order, not empty and apart; an instant is in one exactly when the
    clocks show a time of the interval then (tried at every span's edges and at random
    instants of the day), and the calendar counts that time as the day's working time."""
    zone, day = change
    assume(a != b)
    start, end = min(a, b), max(a, b)
    spans = clock_instants(day, start, end, zone)
    for low, high in spans:
        assert low < high
    for (_, earlier_end), (later_start, _) in itertools.pairwise(spans):
        assert earlier_end < later_start
    midnight = datetime.combine(day, time(0), tzinfo=UTC)
    tiny = timedelta(microseconds=1)
    edges = [moment for span in spans for edge in span for moment in (edge - tiny, edge)]
    for moment in edges + [midnight + timedelta(seconds=s) for s in seconds]:
        inside = any(low <= moment < high for low, high in spans)
        assert inside == _shown(moment, zone, day, start, end), moment
    # The days around are closed, so the working time from a day before to a day after the
    # day's local midnights is the day's own.
    around = [day + timedelta(days=n) for n in (-2, -1, 1, 2)]
    calendar = BusinessCalendar(
        working_hours=WorkingHours(
            intervals=(WorkingInterval(start=start, end=end),), time_zone=zone.key
        ),
        closed_days=around,
        extra_working_days=(day,),
    )
    counted = calendar.working_time_between(midnight - _DAY, midnight + 2 * _DAY)
    assert counted == sum((high - low for low, high in spans), timedelta())

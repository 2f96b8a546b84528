"""Examples for the business calendar: SPEC §3.2 rules 6 and 10, and the calendar paragraph."""

from __future__ import annotations

import doctest
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import cattrs
import holidays
import pytest

from keyaccount.calendar import (
    CHINA_CALENDAR,
    FIRST_YEAR,
    LAST_YEAR,
    SEED_WORKING_HOURS,
    BusinessCalendar,
    DayKind,
    Festival,
    WorkingHours,
    WorkingInterval,
    clock_instants,
)
from keyaccount.errors import PolicyError, ValidationError

SHANGHAI = ZoneInfo("Asia/Shanghai")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "calendar.md"


def shanghai(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Shanghai wall-clock instant."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def days(first: date, last: date) -> list[date]:
    """Every date from ``first`` to ``last``, both included."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# ------------------------------------------------------------------ official working days


def test_sunday_before_spring_festival_2025_is_a_declared_working_day() -> None:
    """2025-01-26, a Sunday, is a make-up working day (调休上班日) of the 2025 notice."""
    assert CHINA_CALENDAR.is_working_day(date(2025, 1, 26))
    assert CHINA_CALENDAR.day_kind(date(2025, 1, 26)) is DayKind.MAKE_UP_WORKDAY


def test_spring_festival_2025_break_is_not_working() -> None:
    """28 January to 4 February 2025 is the Spring Festival break: no working day in it."""
    assert not any(
        CHINA_CALENDAR.is_working_day(d) for d in days(date(2025, 1, 28), date(2025, 2, 4))
    )


def test_saturday_after_spring_festival_2025_is_a_declared_working_day() -> None:
    """2025-02-08, a Saturday, is a make-up working day."""
    assert CHINA_CALENDAR.is_working_day(date(2025, 2, 8))


def test_national_day_2025_break_is_not_working() -> None:
    """1 to 8 October 2025 (National Day and Mid-Autumn) is one break."""
    assert not any(
        CHINA_CALENDAR.is_working_day(d) for d in days(date(2025, 10, 1), date(2025, 10, 8))
    )


def test_saturday_after_national_day_2025_is_a_declared_working_day() -> None:
    """2025-10-11, a Saturday, is a make-up working day."""
    assert CHINA_CALENDAR.is_working_day(date(2025, 10, 11))


def test_day_kinds_tell_holiday_from_day_off_from_weekend() -> None:
    """Each kind of day around Spring Festival 2025 is told apart (overtime pay needs it)."""
    kinds = {
        date(2025, 1, 24): DayKind.WORKDAY,
        date(2025, 1, 25): DayKind.WEEKEND,
        date(2025, 1, 26): DayKind.MAKE_UP_WORKDAY,
        date(2025, 1, 28): DayKind.STATUTORY_HOLIDAY,  # New Year's Eve 除夕, statutory since 2025
        date(2025, 1, 29): DayKind.STATUTORY_HOLIDAY,
        date(2025, 2, 1): DayKind.WEEKEND,
        date(2025, 2, 3): DayKind.IN_LIEU_DAY_OFF,  # moved from 26 January
        date(2025, 2, 8): DayKind.MAKE_UP_WORKDAY,
    }
    assert {d: CHINA_CALENDAR.day_kind(d) for d in kinds} == kinds


def test_festival_on_a_weekend_is_a_statutory_holiday_and_gives_a_day_off() -> None:
    """Dragon Boat 2025 falls on Saturday 31 May: that day is statutory, Monday 2 June in lieu."""
    assert CHINA_CALENDAR.day_kind(date(2025, 5, 31)) is DayKind.STATUTORY_HOLIDAY
    assert CHINA_CALENDAR.day_kind(date(2025, 6, 2)) is DayKind.IN_LIEU_DAY_OFF
    assert CHINA_CALENDAR.holiday_name(date(2025, 6, 2)) == "端午节（补假）"


def test_day_kinds_carry_chinese_labels_and_working_flags() -> None:
    """Every kind has its Chinese label, and exactly the working kinds say so."""
    assert DayKind.STATUTORY_HOLIDAY.label_zh == "法定节假日"
    assert DayKind.IN_LIEU_DAY_OFF.label_zh == "调休休息日"
    assert DayKind.MAKE_UP_WORKDAY.label_zh == "调休上班日"
    assert {k for k in DayKind if k.is_working} == {
        DayKind.WORKDAY,
        DayKind.MAKE_UP_WORKDAY,
        DayKind.COMPANY_WORKDAY,
    }


def test_holiday_names_come_from_the_holidays_package() -> None:
    """Names are the official Chinese names; a working day has none."""
    assert CHINA_CALENDAR.holiday_name(date(2025, 10, 1)) == "国庆节"
    assert CHINA_CALENDAR.holiday_name(date(2025, 10, 7)) == "休息日（由 2025-09-28 调休）"
    assert CHINA_CALENDAR.holiday_name(date(2025, 10, 9)) is None


def test_make_up_day_declared_in_the_next_years_notice_is_known() -> None:
    """Sunday 2026-01-04 works for Friday 2 January (both in the 2026 notice)."""
    assert CHINA_CALENDAR.day_kind(date(2026, 1, 2)) is DayKind.IN_LIEU_DAY_OFF
    assert CHINA_CALENDAR.day_kind(date(2026, 1, 4)) is DayKind.MAKE_UP_WORKDAY
    # Across a year end: 29 December 2001 worked for 2 January 2002.
    assert CHINA_CALENDAR.day_kind(date(2001, 12, 29)) is DayKind.MAKE_UP_WORKDAY


def test_every_day_agrees_with_the_holidays_package() -> None:
    """From 2001 to 2030, the calendar's working days are exactly those of holidays.China."""
    reference = holidays.China(years=range(2001, 2031))
    disagree = [
        d
        for d in days(date(2001, 1, 1), date(2030, 12, 31))
        if CHINA_CALENDAR.is_working_day(d) != reference.is_working_day(d)
    ]
    assert disagree == []


# ----------------------------------------------------------------- official vs estimated


def test_official_schedule_is_known_through_2026() -> None:
    """The official schedule runs from 2001 to at least 2026; later years are estimated."""
    assert CHINA_CALENDAR.official_from == 2001
    assert CHINA_CALENDAR.official_until >= 2026
    assert not CHINA_CALENDAR.is_estimated(2025)
    assert not CHINA_CALENDAR.is_estimated(2026)
    assert CHINA_CALENDAR.is_estimated(CHINA_CALENDAR.official_until + 1)
    assert CHINA_CALENDAR.is_estimated(2000)


def test_estimated_year_still_has_weekends_and_festivals() -> None:
    """Spring Festival 2030 (Sunday 3 February) and its weekday off are estimated rest days."""
    assert CHINA_CALENDAR.is_estimated(2030)
    assert CHINA_CALENDAR.day_kind(date(2030, 2, 3)) is DayKind.STATUTORY_HOLIDAY
    assert CHINA_CALENDAR.day_kind(date(2030, 2, 4)) is DayKind.STATUTORY_HOLIDAY
    assert not CHINA_CALENDAR.is_working_day(date(2030, 2, 6))  # in lieu of Saturday's eve
    assert CHINA_CALENDAR.is_working_day(date(2030, 2, 8))
    assert not CHINA_CALENDAR.is_working_day(date(2030, 3, 2))  # a Saturday


def test_is_estimated_refuses_a_year_out_of_range() -> None:
    """A year the calendar does not cover is refused with the range in the message."""
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.is_estimated(2101)
    assert str(error.value) == "year: expected a year from 1950 to 2100, got 2101"


def test_covered_range_is_1950_to_2100() -> None:
    """Both ends of the covered range answer; one day beyond does not."""
    assert (FIRST_YEAR, LAST_YEAR) == (1950, 2100)
    assert CHINA_CALENDAR.is_working_day(date(2100, 12, 31))
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.is_working_day(date(2101, 1, 1))
    assert str(error.value) == (
        "day: expected a date in the years 1950 to 2100, got datetime.date(2101, 1, 1)"
    )


# ------------------------------------------------------------------- working-day arithmetic


def test_next_working_day_skips_the_national_day_break() -> None:
    """After Tuesday 2025-09-30 the next working day is Thursday 9 October."""
    assert CHINA_CALENDAR.next_working_day(date(2025, 9, 30)) == date(2025, 10, 9)


def test_next_working_day_crosses_the_year_end() -> None:
    """After 31 December 2025 the next working day is Sunday 4 January 2026 (a make-up day)."""
    assert CHINA_CALENDAR.next_working_day(date(2025, 12, 31)) == date(2026, 1, 4)


def test_previous_working_day_before_spring_festival() -> None:
    """The last working day before 1 February 2025 is Monday 27 January."""
    assert CHINA_CALENDAR.previous_working_day(date(2025, 2, 1)) == date(2025, 1, 27)
    assert CHINA_CALENDAR.previous_working_day(date(2026, 1, 1)) == date(2025, 12, 31)


def test_revisit_within_three_working_days_skips_the_break() -> None:
    """A service on 2025-09-30 is revisited by 2025-10-11 [seed 002 "必须保证在三天之内回访"]."""
    assert CHINA_CALENDAR.add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)


def test_add_zero_working_days() -> None:
    """Adding 0 keeps a working day and moves a rest day to the next working day."""
    assert CHINA_CALENDAR.add_working_days(date(2025, 10, 9), 0) == date(2025, 10, 9)
    assert CHINA_CALENDAR.add_working_days(date(2025, 10, 4), 0) == date(2025, 10, 9)


def test_add_working_days_across_years() -> None:
    """Adding a year's worth of working days crosses into the next year correctly."""
    start = date(2024, 12, 2)
    result = CHINA_CALENDAR.add_working_days(start, 300)
    assert CHINA_CALENDAR.working_days_between(start, result) == 300
    assert CHINA_CALENDAR.is_working_day(result)


def test_subtract_working_days_mirrors_add() -> None:
    """Five working days before the last working day ahead of Mid-Autumn 2025 is 24 September."""
    assert CHINA_CALENDAR.subtract_working_days(date(2025, 10, 6), 5) == date(2025, 9, 24)
    assert CHINA_CALENDAR.subtract_working_days(date(2025, 10, 6), 0) == date(2025, 9, 30)


def test_last_working_day_of_january_2025() -> None:
    """The monthly plan of January 2025 is due on 27 January [seed 000 "本月最后一个工作日上报"]."""
    assert CHINA_CALENDAR.previous_working_day(date(2025, 2, 1)) == date(2025, 1, 27)
    assert CHINA_CALENDAR.subtract_working_days(date(2025, 9, 30), 0) == date(2025, 9, 30)


def test_working_days_between_is_half_open() -> None:
    """The count includes the start and excludes the end; reversed ends give a negative count."""
    assert CHINA_CALENDAR.working_days_between(date(2025, 9, 29), date(2025, 10, 13)) == 5
    assert CHINA_CALENDAR.working_days_between(date(2025, 10, 13), date(2025, 9, 29)) == -5
    assert CHINA_CALENDAR.working_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0


def test_working_days_in_a_year() -> None:
    """2025 has 248 working days: 365 days less 104 weekend days and 13 statutory holidays."""
    assert CHINA_CALENDAR.working_days_between(date(2025, 1, 1), date(2026, 1, 1)) == 248
    assert len(CHINA_CALENDAR.working_days(date(2025, 1, 1), date(2026, 1, 1))) == 248


def test_working_days_lists_the_days_in_order() -> None:
    """The working days of the first October fortnight 2025 are listed in order."""
    assert CHINA_CALENDAR.working_days(date(2025, 9, 29), date(2025, 10, 13)) == (
        date(2025, 9, 29),
        date(2025, 9, 30),
        date(2025, 10, 9),
        date(2025, 10, 10),
        date(2025, 10, 11),
    )


def test_negative_working_days_are_refused() -> None:
    """``n`` must be a whole number >= 0; a bool is not a number of days."""
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.add_working_days(date(2025, 1, 2), -1)
    assert str(error.value) == "n: expected a whole number >= 0, got -1"
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.subtract_working_days(date(2025, 1, 2), True)
    assert str(error.value) == "n: expected a whole number >= 0, got True"


def test_a_datetime_is_not_a_day() -> None:
    """Day queries refuse a datetime, so a time of day is never silently dropped."""
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.is_working_day(datetime(2025, 1, 2, 9, 0))  # type: ignore[arg-type]
    assert str(error.value) == ("day: expected a date, got datetime.datetime(2025, 1, 2, 9, 0)")
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.working_days_between(date(2025, 1, 2), "2025-02-01")  # type: ignore[arg-type]
    assert str(error.value) == "end: expected a date, got '2025-02-01'"


def test_answer_beyond_the_covered_range_is_refused() -> None:
    """Adding working days past 2100 is refused, naming the day asked about."""
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.add_working_days(date(2100, 12, 1), 100)
    assert str(error.value) == (
        "day: expected a date whose answer lies in the years 1950 to 2100, "
        "got datetime.date(2100, 12, 1)"
    )


# -------------------------------------------------------------------------- company days


def test_company_closed_day_is_a_company_rest_day() -> None:
    """A closed Tuesday is not a working day; the state's kind is still a workday."""
    calendar = BusinessCalendar(closed_days=[date(2025, 3, 4)])
    assert not calendar.is_working_day(date(2025, 3, 4))
    assert calendar.day_kind(date(2025, 3, 4)) is DayKind.COMPANY_REST_DAY
    assert calendar.official_day_kind(date(2025, 3, 4)) is DayKind.WORKDAY
    assert calendar.next_working_day(date(2025, 3, 3)) == date(2025, 3, 5)


def test_company_extra_working_day_is_a_company_workday() -> None:
    """A Saturday stock-take is a working day of the company's own."""
    calendar = BusinessCalendar(extra_working_days=(date(2025, 3, 8),))
    assert calendar.is_working_day(date(2025, 3, 8))
    assert calendar.day_kind(date(2025, 3, 8)) is DayKind.COMPANY_WORKDAY
    assert calendar.official_day_kind(date(2025, 3, 8)) is DayKind.WEEKEND


def test_company_may_rest_on_make_up_working_days() -> None:
    """With ``rest_on_make_up_days`` the declared working weekends are rest days."""
    calendar = BusinessCalendar(rest_on_make_up_days=True)
    assert not calendar.is_working_day(date(2025, 1, 26))
    assert calendar.day_kind(date(2025, 1, 26)) is DayKind.COMPANY_REST_DAY
    assert calendar.official_day_kind(date(2025, 1, 26)) is DayKind.MAKE_UP_WORKDAY
    # An extra working day brings one make-up day back.
    back = BusinessCalendar(rest_on_make_up_days=True, extra_working_days=[date(2025, 2, 8)])
    assert back.day_kind(date(2025, 2, 8)) is DayKind.MAKE_UP_WORKDAY


def test_override_that_changes_nothing_keeps_the_kind() -> None:
    """Closing a Sunday or working a Tuesday leaves the day as the state has it."""
    calendar = BusinessCalendar(
        closed_days=[date(2025, 3, 9)], extra_working_days=[date(2025, 3, 11)]
    )
    assert calendar.day_kind(date(2025, 3, 9)) is DayKind.WEEKEND
    assert calendar.day_kind(date(2025, 3, 11)) is DayKind.WORKDAY


def test_a_day_both_closed_and_working_is_refused() -> None:
    """The same date in both lists is a contradiction."""
    with pytest.raises(PolicyError) as error:
        BusinessCalendar(closed_days=[date(2025, 5, 6)], extra_working_days=[date(2025, 5, 6)])
    assert str(error.value) == (
        "a day cannot be both a closed day and an extra working day, got 2025-05-06 in both "
        "closed_days and extra_working_days"
    )


def test_company_days_must_be_dates_in_range() -> None:
    """Company days are plain dates within the covered years."""
    with pytest.raises(PolicyError) as error:
        BusinessCalendar(closed_days=["2025-05-06"])
    assert str(error.value) == "closed_days[0]: expected a date, got '2025-05-06'"
    with pytest.raises(PolicyError) as error:
        BusinessCalendar(extra_working_days=[date(2025, 1, 4), date(2200, 1, 1)])
    assert str(error.value) == (
        "extra_working_days[1]: expected a date in the years 1950-2100, "
        "got datetime.date(2200, 1, 1)"
    )


def test_company_days_do_not_change_the_default_calendar() -> None:
    """Each calendar keeps its own tables: a company calendar leaves CHINA_CALENDAR alone."""
    BusinessCalendar(closed_days=[date(2025, 3, 4)]).is_working_day(date(2025, 3, 4))
    assert CHINA_CALENDAR.is_working_day(date(2025, 3, 4))


# ------------------------------------------------------------------------- working hours


def test_seed_working_hours_preset() -> None:
    """The preset is 08:00–12:00 and 13:30–17:30 in Shanghai [seed 004 作息时间]."""
    assert str(SEED_WORKING_HOURS) == "08:00–12:00, 13:30–17:30 (Asia/Shanghai)"
    assert SEED_WORKING_HOURS.daily_duration == timedelta(hours=8)
    assert CHINA_CALENDAR.working_hours == SEED_WORKING_HOURS


@pytest.mark.parametrize(
    ("clock", "working"),
    [
        (time(7, 59), False),
        (time(8, 0), True),
        (time(11, 59), True),
        (time(12, 0), False),
        (time(13, 29), False),
        (time(13, 30), True),
        (time(17, 29, 59), True),
        (time(17, 30), False),
        (time(22, 0), False),
    ],
)
def test_working_time_boundaries(clock: time, working: bool) -> None:
    """Interval starts are working time, interval ends are not [seed 004 作息时间]."""
    moment = datetime.combine(date(2025, 3, 4), clock, tzinfo=SHANGHAI)
    assert CHINA_CALENDAR.is_working_time(moment) is working


def test_no_working_time_on_a_holiday() -> None:
    """Ten in the morning of National Day is not working time."""
    assert not CHINA_CALENDAR.is_working_time(shanghai(2025, 10, 1, 10, 0))
    assert CHINA_CALENDAR.is_working_time(shanghai(2025, 10, 11, 10, 0))


def test_other_time_zones_are_converted() -> None:
    """00:30 UTC is 08:30 in Shanghai: working time; 23:00 UTC is 07:00 the next day: not."""
    assert CHINA_CALENDAR.is_working_time(datetime(2025, 3, 4, 0, 30, tzinfo=UTC))
    assert not CHINA_CALENDAR.is_working_time(datetime(2025, 3, 3, 23, 0, tzinfo=UTC))


def test_naive_datetime_is_refused() -> None:
    """A datetime without time zone is ambiguous and refused."""
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.is_working_time(datetime(2025, 3, 4, 9, 0))
    assert str(error.value) == (
        "moment: expected a timezone-aware datetime, got datetime.datetime(2025, 3, 4, 9, 0)"
    )
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.working_time_between(shanghai(2025, 3, 4, 9), datetime(2025, 3, 5, 9))
    assert str(error.value) == (
        "end: expected a timezone-aware datetime, got datetime.datetime(2025, 3, 5, 9, 0)"
    )


def test_three_working_hours_from_friday_afternoon_land_on_the_working_sunday() -> None:
    """Friday 2025-09-26 16:00 plus 3 working hours is Sunday 2025-09-28 09:30."""
    result = CHINA_CALENDAR.add_working_hours(shanghai(2025, 9, 26, 16, 0), 3)
    assert result == shanghai(2025, 9, 28, 9, 30)
    assert result.tzinfo == SHANGHAI


def test_add_working_hours_skips_lunch() -> None:
    """11:00 plus 2 working hours is 14:30 (lunch 12:00–13:30 does not count)."""
    assert CHINA_CALENDAR.add_working_hours(shanghai(2025, 3, 4, 11), 2) == shanghai(
        2025, 3, 4, 14, 30
    )


def test_add_working_hours_ends_at_the_earliest_instant() -> None:
    """Four working hours from 08:00 end at 12:00, not at 13:30."""
    assert CHINA_CALENDAR.add_working_hours(shanghai(2025, 3, 4, 8), 4) == shanghai(2025, 3, 4, 12)


def test_add_zero_working_hours_moves_to_working_time() -> None:
    """Adding 0 keeps a working instant and moves a rest instant to the next working start."""
    assert CHINA_CALENDAR.add_working_hours(shanghai(2025, 3, 4, 9), 0) == shanghai(2025, 3, 4, 9)
    assert CHINA_CALENDAR.add_working_hours(shanghai(2025, 3, 4, 12), 0) == shanghai(
        2025, 3, 4, 13, 30
    )


def test_add_working_hours_accepts_decimal_and_timedelta() -> None:
    """Hours may be a Decimal or a timedelta; both count exactly."""
    start = shanghai(2025, 3, 4, 17)
    assert CHINA_CALENDAR.add_working_hours(start, Decimal("1.5")) == shanghai(2025, 3, 5, 9)
    assert CHINA_CALENDAR.add_working_hours(start, timedelta(minutes=90)) == shanghai(2025, 3, 5, 9)


def test_add_working_hours_from_another_zone_answers_in_shanghai() -> None:
    """An instant given in UTC is converted; the answer is in the business zone."""
    result = CHINA_CALENDAR.add_working_hours(datetime(2025, 3, 4, 1, 0, tzinfo=UTC), 1)
    assert result == shanghai(2025, 3, 4, 10, 0)
    assert result.tzinfo == SHANGHAI


def test_float_and_negative_hours_are_refused() -> None:
    """Hours are exact and not negative."""
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.add_working_hours(shanghai(2025, 3, 4, 9), 1.5)  # type: ignore[arg-type]
    assert str(error.value) == (
        "hours: expected a number of hours (int or Decimal) or a timedelta, got 1.5"
    )
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.add_working_hours(shanghai(2025, 3, 4, 9), -2)
    assert str(error.value) == "hours: expected a duration >= 0, got -2"


def test_working_time_between_counts_only_working_intervals() -> None:
    """A whole working day is 8 hours; the National Day break adds nothing."""
    assert CHINA_CALENDAR.working_time_between(
        shanghai(2025, 3, 4, 0), shanghai(2025, 3, 5, 0)
    ) == timedelta(hours=8)
    assert CHINA_CALENDAR.working_time_between(
        shanghai(2025, 9, 30, 17), shanghai(2025, 10, 9, 9)
    ) == timedelta(hours=1, minutes=30)
    assert CHINA_CALENDAR.working_time_between(
        shanghai(2025, 10, 9, 9), shanghai(2025, 9, 30, 17)
    ) == timedelta(hours=-1, minutes=-30)


def test_company_working_hours_with_three_intervals() -> None:
    """A company may work several intervals a day, in its own time zone."""
    hours = WorkingHours(
        intervals=[
            WorkingInterval(start=time(9), end=time(12)),
            WorkingInterval(start=time(13), end=time(17)),
            WorkingInterval(start=time(18), end=time(20)),
        ],
        time_zone="Asia/Urumqi",
    )
    calendar = BusinessCalendar(name="west-branch", working_hours=hours)
    urumqi = ZoneInfo("Asia/Urumqi")
    assert calendar.is_working_time(datetime(2025, 3, 4, 19, 0, tzinfo=urumqi))
    assert calendar.add_working_hours(datetime(2025, 3, 4, 16, tzinfo=urumqi), 2) == datetime(
        2025, 3, 4, 19, tzinfo=urumqi
    )
    assert hours.daily_duration == timedelta(hours=9)


# ------------------------------------------------------------------------- clock changes

NEW_YORK = ZoneInfo("America/New_York")
FORWARD = date(2025, 3, 9)  # New York: 02:00 EST becomes 03:00 EDT (07:00 UTC)
BACK = date(2025, 11, 2)  # New York: 02:00 EDT becomes 01:00 EST (06:00 UTC)
ORDINARY = date(2025, 11, 3)


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "start", "end", "expected"),
    [
        # The clocks skip 02:30–03:00: what remains is 03:00–03:10 EDT.
        (FORWARD, time(2, 30), time(3, 10), [(utc(FORWARD, 7), utc(FORWARD, 7, 10))]),
        # The clocks skip all of it.
        (FORWARD, time(2, 10), time(2, 50), []),
        # Across the skipped hour: 01:30 EST to 04:00 EDT, an hour and a half.
        (FORWARD, time(1, 30), time(4), [(utc(FORWARD, 6, 30), utc(FORWARD, 8))]),
        # Ends in the skipped hour: 01:30 EST to the change.
        (FORWARD, time(1, 30), time(2, 30), [(utc(FORWARD, 6, 30), utc(FORWARD, 7))]),
        # Shown twice: 01:10–01:40 EDT, then 01:10–01:40 EST.
        (
            BACK,
            time(1, 10),
            time(1, 40),
            [(utc(BACK, 5, 10), utc(BACK, 5, 40)), (utc(BACK, 6, 10), utc(BACK, 6, 40))],
        ),
        # Across the repeated hour: 00:30 EDT to 03:00 EST, three and a half hours.
        (BACK, time(0, 30), time(3), [(utc(BACK, 4, 30), utc(BACK, 8))]),
        # Starts in the repeated hour: 01:30–02:00 EDT, then 01:30–03:00 EST.
        (
            BACK,
            time(1, 30),
            time(3),
            [(utc(BACK, 5, 30), utc(BACK, 6)), (utc(BACK, 6, 30), utc(BACK, 8))],
        ),
        # An ordinary day.
        (ORDINARY, time(8), time(12), [(utc(ORDINARY, 13), utc(ORDINARY, 17))]),
    ],
)
def test_clock_instants_are_the_times_the_clocks_show(
    day: date, start: time, end: time, expected: list[tuple[datetime, datetime]]
) -> None:
    """A working interval is the time the clocks show a time inside it: less on the night
    they skip an hour, more on the night they repeat one."""
    assert list(clock_instants(day, start, end, NEW_YORK)) == expected


def test_clock_instants_follow_a_half_hour_change() -> None:
    """Lord Howe Island moves its clocks by half an hour: 02:00 becomes 02:30 on 5 October
    2025, so 01:00–03:00 lasts an hour and a half; on 6 April 2025 02:00 becomes 01:30, so
    it lasts two and a half."""
    lord_howe = ZoneInfo("Australia/Lord_Howe")
    ((start, end),) = clock_instants(date(2025, 10, 5), time(1), time(3), lord_howe)
    assert end - start == timedelta(hours=1, minutes=30)
    ((start, end),) = clock_instants(date(2025, 4, 6), time(1), time(3), lord_howe)
    assert end - start == timedelta(hours=2, minutes=30)


def test_clock_instants_when_midnight_is_skipped() -> None:
    """Havana goes from 00:00 to 01:00 on 9 March 2025: 00:00–02:00 is one hour, from the
    change (05:00 UTC) to 02:00 CDT."""
    havana = ZoneInfo("America/Havana")
    assert clock_instants(FORWARD, time(0), time(2), havana) == (
        (utc(FORWARD, 5), utc(FORWARD, 6)),
    )


def test_clock_instants_refuse_bad_arguments_by_name() -> None:
    """A reversed interval, a zone name instead of a time zone, or a datetime for the day
    is refused, naming the argument."""
    with pytest.raises(ValidationError) as error:
        clock_instants(ORDINARY, time(12), time(8), NEW_YORK)
    assert str(error.value) == (
        "end: expected a time of day after start (12:00:00), got datetime.time(8, 0)"
    )
    with pytest.raises(ValidationError) as error:
        clock_instants(ORDINARY, time(8), time(12), "America/New_York")  # type: ignore[arg-type]
    assert str(error.value) == (
        "zone: expected a time zone such as ZoneInfo('Asia/Shanghai'), got 'America/New_York'"
    )
    with pytest.raises(ValidationError) as error:
        clock_instants(ORDINARY, time(8, tzinfo=UTC), time(12), NEW_YORK)
    assert str(error.value).startswith("start: expected a time of day without time zone, got")
    with pytest.raises(ValidationError) as error:
        clock_instants(utc(ORDINARY, 8), time(8), time(12), NEW_YORK)
    assert str(error.value).startswith("day: expected a date, got datetime.datetime(2025, 11, 3")


def _night_shift(*intervals: tuple[time, time]) -> BusinessCalendar:
    """New York, working the given intervals, with both Sundays of a clock change working."""
    return BusinessCalendar(
        working_hours=WorkingHours(
            intervals=[WorkingInterval(start=a, end=b) for a, b in intervals],
            time_zone="America/New_York",
        ),
        extra_working_days=(FORWARD, BACK),
    )


def test_working_time_counts_only_what_the_clocks_show() -> None:
    """Working 02:30–03:10 and 04:00–05:00: on 9 March 2025 only 03:00–03:10 of the first
    interval exists, so the day holds 70 minutes; on 2 November 2025 each interval is an
    ordinary 40 and 60 minutes, as no working time is repeated."""
    calendar = _night_shift((time(2, 30), time(3, 10)), (time(4), time(5)))
    assert calendar.working_time_between(utc(FORWARD, 0), utc(FORWARD, 23)) == timedelta(minutes=70)
    assert calendar.working_time_between(utc(BACK, 0), utc(BACK, 23)) == timedelta(minutes=100)
    assert calendar.is_working_time(utc(FORWARD, 7, 5))  # 03:05 EDT
    assert not calendar.is_working_time(utc(FORWARD, 6, 59))  # 01:59 EST
    # 20 minutes from 03:00 EDT: the 10 left of the first interval, then 10 from 04:00.
    assert calendar.add_working_hours(utc(FORWARD, 7), timedelta(minutes=20)) == datetime(
        2025, 3, 9, 4, 10, tzinfo=NEW_YORK
    )


def test_working_time_repeated_by_the_clocks_counts_twice() -> None:
    """Working 01:10–01:50 and 01:55–03:00 on 2 November 2025, when 01:00–02:00 comes twice:
    the working time runs 01:10–01:50 and 01:55–02:00 EDT, then 01:10–01:50 and 01:55–03:00
    EST, in that order."""
    calendar = _night_shift((time(1, 10), time(1, 50)), (time(1, 55), time(3)))
    assert calendar.working_time_between(utc(BACK, 0), utc(BACK, 23)) == timedelta(
        minutes=40 + 5 + 40 + 65
    )
    # 50 minutes from 01:10 EDT: 40 to 01:50 EDT, 5 to 02:00 EDT, 5 from 01:10 EST.
    # (An instant of a repeated hour equals no instant of another zone: compare in UTC.)
    end = calendar.add_working_hours(utc(BACK, 5, 10), timedelta(minutes=50))
    assert end.astimezone(UTC) == utc(BACK, 6, 15)


def test_a_day_whose_working_time_the_clocks_skip_has_none() -> None:
    """Working 02:10–02:50 only: on 9 March 2025 the clocks skip all of it, so an hour of
    working time from Saturday runs on Monday, from 02:10 to 03:00 and on Tuesday 02:10 to
    02:20."""
    calendar = _night_shift((time(2, 10), time(2, 50)))
    assert calendar.working_time_between(utc(FORWARD, 0), utc(FORWARD, 23)) == timedelta()
    start = datetime(2025, 3, 8, 12, tzinfo=NEW_YORK)
    assert calendar.add_working_hours(start, 1) == datetime(2025, 3, 11, 2, 30, tzinfo=NEW_YORK)


def test_overlapping_intervals_are_refused() -> None:
    """Working intervals must be in order and must not overlap."""
    with pytest.raises(PolicyError) as error:
        WorkingHours(
            intervals=(
                WorkingInterval(start=time(8), end=time(12)),
                WorkingInterval(start=time(11), end=time(17)),
            )
        )
    assert str(error.value) == (
        "working intervals must be in order and must not overlap, got 08:00–12:00 before "
        "11:00–17:00 (intervals 08:00–12:00, 11:00–17:00)"
    )


def test_interval_must_start_before_it_ends() -> None:
    """An interval ending before it starts (a night shift) is refused."""
    with pytest.raises(PolicyError) as error:
        WorkingInterval(start=time(22), end=time(6))
    assert str(error.value) == "a working interval must start before it ends, got 22:00 to 06:00"


def test_working_hours_need_an_interval_and_a_known_zone() -> None:
    """No interval, or an unknown time zone, is refused."""
    with pytest.raises(PolicyError) as error:
        WorkingHours(intervals=())
    assert str(error.value) == "working hours need at least one working interval, got none"
    with pytest.raises(PolicyError) as error:
        WorkingHours(intervals=SEED_WORKING_HOURS.intervals, time_zone="Mars/Olympus")
    assert str(error.value) == (
        "time_zone: expected an IANA time zone name such as 'Asia/Shanghai', got 'Mars/Olympus'"
    )


# ---------------------------------------------------------------------------- festivals


@pytest.mark.parametrize(
    ("festival", "year", "expected"),
    [
        (Festival.SPRING_FESTIVAL, 2030, date(2030, 2, 3)),
        (Festival.MID_AUTUMN, 2025, date(2025, 10, 6)),
        (Festival.NEW_YEAR, 2026, date(2026, 1, 1)),
        (Festival.SPRING_FESTIVAL, 2026, date(2026, 2, 17)),
        (Festival.DRAGON_BOAT, 2026, date(2026, 6, 19)),
        (Festival.MID_AUTUMN, 2026, date(2026, 9, 25)),
        (Festival.DRAGON_BOAT, 2100, date(2100, 6, 12)),
    ],
)
def test_festival_dates_for_greetings(festival: Festival, year: int, expected: date) -> None:
    """Greeting festivals [seed 002 元旦、春节、端午、中秋] fall on their lunar or solar dates."""
    assert CHINA_CALENDAR.festival_date(festival, year) == expected


def test_festival_may_be_named_by_its_value() -> None:
    """The festival may be given as its text value, as in data files."""
    assert CHINA_CALENDAR.festival_date("spring-festival", 2025) == date(2025, 1, 29)


def test_unknown_festival_and_early_lunar_festival_are_refused() -> None:
    """An unknown festival lists the valid ones; Dragon Boat before 2008 is unknown."""
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.festival_date("lantern", 2025)
    assert str(error.value) == (
        "festival: expected one of 'new-year', 'spring-festival', 'dragon-boat', 'mid-autumn', "
        "got 'lantern'"
    )
    with pytest.raises(ValidationError) as error:
        CHINA_CALENDAR.festival_date(Festival.DRAGON_BOAT, 2005)
    assert str(error.value) == "year: expected a year in which 端午节 is a public holiday, got 2005"


# ------------------------------------------------------------------- value and data shape


def test_calendar_is_a_value_whatever_it_has_cached() -> None:
    """Queries fill the cache, but equality, hashing and repr ignore it."""
    fresh = BusinessCalendar()
    assert fresh == CHINA_CALENDAR
    assert hash(fresh) == hash(CHINA_CALENDAR)
    assert "_years" not in repr(CHINA_CALENDAR)


def test_calendar_round_trips_through_a_generic_converter() -> None:
    """A company calendar is plain data for cattrs (dates and times as ISO text)."""
    converter = cattrs.Converter()
    for kind in (date, time):
        converter.register_unstructure_hook(kind, lambda value: value.isoformat())
        converter.register_structure_hook(kind, lambda value, cls: cls.fromisoformat(value))
    calendar = BusinessCalendar(
        name="acme",
        closed_days=[date(2025, 5, 6)],
        extra_working_days=[date(2025, 3, 8)],
        rest_on_make_up_days=True,
    )
    data = converter.unstructure(calendar)
    assert data["closed_days"] == ["2025-05-06"]
    assert converter.structure(data, BusinessCalendar) == calendar


def test_docs_examples_run() -> None:
    """Every example in docs/calendar.md runs and prints what the page says."""
    result = doctest.testfile(
        str(DOCS), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.failed == 0
    assert result.attempted > 10

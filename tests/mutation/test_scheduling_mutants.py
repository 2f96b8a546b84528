"""Tests that kill surviving mutants of ``keyaccount.policies.scheduling``.

Each test pins a detail the example tests left open: the exact explanation of a plan, a
portfolio plan or an overdue report, an exact error message, a boundary.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from keyaccount.calendar import (
    CHINA_CALENDAR,
    SEED_WORKING_HOURS,
    BusinessCalendar,
    WorkingHours,
    WorkingInterval,
)
from keyaccount.domain import (
    Channel,
    Complaint,
    Contact,
    Contract,
    ContractStatus,
    Customer,
    CustomerStatus,
    Grade,
    Money,
    Purpose,
    ServiceRecord,
    Visit,
)
from keyaccount.domain.portfolio import CustomerHistory
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.scheduling import (
    SEED_SCHEDULING,
    Cadence,
    CadenceRule,
    CapacityRule,
    CourtesyRule,
    CustomerPlan,
    DailyHours,
    ScheduleRule,
    Span,
    SpanUnit,
    monthly_plan_deadline,
    overdue,
    plan_portfolio,
    plan_touchpoints,
)
from scheduling_builders import QUIET, SH, at, contract, customer, texting, visit


def served() -> CustomerHistory:
    """C1, served on Tuesday 2025-03-04 at 10:00 (service S1)."""
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 4))
    return CustomerHistory(customer=customer(), services=(service,))


# --------------------------------------------------------------------------------- plans


def test_a_handover_reason_shows_its_deadline_to_the_minute() -> None:
    """A reason counted in working hours shows its deadline as day and time; the plan's
    header says "1 touchpoint"."""
    deal = Contract(
        id="K1",
        customer_id="C1",
        manager_id="M1",
        value=Money.of(500_000),
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        signed_on=date(2025, 1, 1),
        status=ContractStatus.SIGNED,
        handover_at=at(2025, 6, 10, 16),
    )
    plan = plan_touchpoints(
        CustomerHistory(customer=customer(), contracts=(deal,)),
        QUIET,
        start=date(2025, 6, 1),
        end=date(2025, 6, 30),
    )
    assert plan.explain().split("\n") == [
        "customer C1 (manager M1), 2025-06-01 to 2025-06-30, policy 'seed-scheduling' 1: "
        "1 touchpoint",
        "2025-06-10 (Tue) 16:00–17:30 phone 电话: customer C1 — handover-call 交底回访, "
        "deadline 2025-06-11",
        "  - warranty 保修期回访: contract K1 handed over 2025-06-10 16:00: call within 3 "
        "working hours; deadline 2025-06-11 09:30 [phone, from 2025-06-10, by 2025-06-11 09:30]",
    ]


def test_an_excluded_customer_plan_says_why_after_zero_touchpoints() -> None:
    """A lost customer's plan has "0 touchpoints" and the reason after a dash."""
    plan = plan_touchpoints(
        customer(status=CustomerStatus.LOST, grade=Grade.A),
        SEED_SCHEDULING,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
    )
    assert plan.explain() == (
        "customer C1 (manager M1), 2025-01-01 to 2025-12-31, policy 'seed-scheduling' 1: "
        "0 touchpoints — status lost is not planned by the policy"
    )


def test_a_greeting_to_two_key_persons_names_both() -> None:
    """One festival greeting for two key persons names them, comma-separated, with one
    reason line each."""
    policy = attrs.evolve(QUIET, festival=SEED_SCHEDULING.festival)
    who = customer(contacts=(Contact(id="K1", name="Zhang"), Contact(id="K2", name="Li")))
    plan = plan_touchpoints(who, policy, start=date(2025, 1, 1), end=date(2025, 1, 1))
    assert plan.touchpoints[0].explain().split("\n") == [
        "2025-01-01 (Wed) 09:00–21:00 sms 短信: customer C1, key person K1, K2 — "
        "holiday-greeting 节日问候, deadline 2025-01-01",
        "  - festival 节日问候: 元旦 new-year 2025-01-01: greeting to Zhang "
        "[sms, from 2025-01-01, by 2025-01-01]",
        "  - festival 节日问候: 元旦 new-year 2025-01-01: greeting to Li "
        "[sms, from 2025-01-01, by 2025-01-01]",
    ]


def test_a_visit_moved_for_capacity_says_from_where() -> None:
    """Six grade-A festival visits with room for four a day: the fifth customer's visit
    says it was moved from 2026-02-10 for capacity."""
    policy = attrs.evolve(
        QUIET, festival=SEED_SCHEDULING.festival, capacity=CapacityRule(max_on_site_per_day=4)
    )
    customers = [customer(f"C{n}", grade=Grade.A) for n in range(6)]
    result = plan_portfolio(customers, policy, start=date(2026, 2, 1), end=date(2026, 2, 28))
    assert result.plan_for("C4").touchpoints[0].explain().split("\n")[0] == (
        "2026-02-11 (Wed) 08:00–17:30 on-site 上门: customer C4 — holiday-visit 节日走访, "
        "deadline 2026-02-14 (moved from 2026-02-10 for capacity)"
    )


def test_portfolio_explanation_lists_conflicts_then_plans() -> None:
    """A portfolio plan explains a summary line, each conflict, then each customer's plan."""
    policy = attrs.evolve(
        QUIET, birthday=SEED_SCHEDULING.birthday, capacity=CapacityRule(max_on_site_per_day=2)
    )
    people = (Contact(id="K1", name="Zhang", birthday=date(1980, 3, 12)),)
    customers = [customer(f"C{n}", contacts=people) for n in range(3)]
    result = plan_portfolio(customers, policy, start=date(2025, 3, 1), end=date(2025, 3, 31))
    lines = result.explain().split("\n")
    assert lines[:2] == [
        "3 customers, 2025-03-01 to 2025-03-31, policy 'seed-scheduling' 1: 3 touchpoints, "
        "0 moved for capacity, 1 conflict",
        "conflict: manager M1 on 2025-03-12 (Wed): 3 on-site visits, capacity 2; no other day "
        "in their windows for C2",
    ]
    assert lines[2:] == "\n".join(plan.explain() for plan in result.plans).split("\n")
    assert len(lines) == 2 + 3 * 4


# ------------------------------------------------------------------------------- overdue


def test_overdue_report_with_a_late_contact_and_a_replanning_start() -> None:
    """Re-planned from 2025-03-01, the report says so; a revisit made late gives its time."""
    record = served()
    late = Visit(
        id="V1",
        customer_id="C1",
        manager_id="M1",
        channel=Channel.PHONE,
        done_at=at(2025, 3, 12),
        reference_id="S1",
    )
    record = attrs.evolve(record, visits=(late,))
    report = overdue(record, QUIET, today=date(2025, 3, 20), since=date(2025, 3, 1))
    assert report.explain().split("\n") == [
        "customer C1 on 2025-03-20 (planned from 2025-03-01): 1 overdue",
        "customer C1: 13 days overdue (planned 2025-03-05); done late on 2025-03-12 10:00",
        "  - service-revisit 售后回访: service S1 delivered 2025-03-04 10:00: revisit within 3 "
        "working days [phone, from 2025-03-05, by 2025-03-07]",
    ]


def test_overdue_report_against_a_plan_has_no_start_and_no_late_contact() -> None:
    """Checked against a given plan, the report names no start; a revisit never made has
    no "done late" part."""
    record = served()
    plan = plan_touchpoints(record, QUIET, start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert overdue(record, plan, today=date(2025, 3, 10)).explain().split("\n") == [
        "customer C1 on 2025-03-10: 1 overdue",
        "customer C1: 3 days overdue (planned 2025-03-05)",
        "  - service-revisit 售后回访: service S1 delivered 2025-03-04 10:00: revisit within 3 "
        "working days [phone, from 2025-03-05, by 2025-03-07]",
    ]
    assert overdue(record, plan, today=date(2025, 3, 7)).explain() == (
        "customer C1 on 2025-03-07: 0 overdue"
    )


# -------------------------------------------------------------------------- monthly plan


def test_monthly_plan_deadline_is_the_months_own_last_working_day() -> None:
    """July 2025 ends on Thursday the 31st, a working day, and 1 August (a Friday) is not in
    July; December is a month like any other."""
    assert monthly_plan_deadline(2025, 7) == date(2025, 7, 31)
    assert monthly_plan_deadline(2025, 12) == date(2025, 12, 31)


@pytest.mark.parametrize(
    ("year", "month", "message"),
    [
        (2025, True, "month: expected a month from 1 to 12, got True"),
        (True, 1, "year: expected a year as a whole number, got True"),
        ("2025", 1, "year: expected a year as a whole number, got '2025'"),
        (0, 1, "year: expected a year from 1 to 9999, got 0"),
        (10000, 1, "year: expected a year from 1 to 9999, got 10000"),
        (1900, 1, "year: expected a year the calendar covers, got 1900"),
        (2101, 1, "year: expected a year the calendar covers, got 2101"),
    ],
)
def test_monthly_plan_deadline_names_a_bad_year_or_month(
    year: Any, month: Any, message: str
) -> None:
    """A year or month that is not a whole number, or a year out of range or beyond the
    calendar, is refused with what was expected."""
    with pytest.raises(ValidationError) as caught:
        monthly_plan_deadline(year, month)
    assert str(caught.value) == message


def test_daily_hours_of_no_length_are_refused() -> None:
    """Hours that start when they end hold no moment: refused like reversed hours."""
    with pytest.raises(PolicyError) as caught:
        DailyHours(start=time(9, 0), end=time(9, 0))
    assert str(caught.value) == "daily hours must start before they end, got 09:00 to 09:00"


def test_capacity_counts_each_managers_day_and_allows_exactly_the_limit() -> None:
    """With room for four on-site visits a day, four visits stay put, three each for two
    managers stay put, and a fifth visit of one manager moves to the next working day."""
    policy = attrs.evolve(
        QUIET, festival=SEED_SCHEDULING.festival, capacity=CapacityRule(max_on_site_per_day=4)
    )

    def plan(customers: list[Customer]) -> list[tuple[str, date, date | None]]:
        result = plan_portfolio(customers, policy, start=date(2026, 2, 1), end=date(2026, 2, 28))
        assert result.conflicts == ()
        return [(t.customer_id, t.due, t.moved_from) for t in result.touchpoints()]

    eve = date(2026, 2, 10)
    four = [customer(f"C{n}", grade=Grade.A) for n in range(4)]
    assert plan(four) == [(f"C{n}", eve, None) for n in range(4)]
    two_managers = [
        customer(f"C{n}", grade=Grade.A, manager_id="M1" if n < 3 else "M2") for n in range(6)
    ]
    assert plan(two_managers) == [(f"C{n}", eve, None) for n in range(6)]
    five = [customer(f"C{n}", grade=Grade.A) for n in range(5)]
    assert plan(five) == [
        *((f"C{n}", eve, None) for n in range(4)),
        ("C4", date(2026, 2, 11), eve),
    ]


def test_capacity_fills_each_day_of_the_window_up_to_the_deadline() -> None:
    """With room for one on-site visit a day, five festival visits due on 2026-02-10 fill
    10 to 14 February, one a day, the last on the deadline itself."""
    policy = attrs.evolve(
        QUIET, festival=SEED_SCHEDULING.festival, capacity=CapacityRule(max_on_site_per_day=1)
    )
    customers = [customer(f"C{n}", grade=Grade.A) for n in range(5)]
    result = plan_portfolio(customers, policy, start=date(2026, 2, 1), end=date(2026, 2, 28))
    assert (result.moved, result.conflicts) == (4, ())
    assert [(t.customer_id, t.due) for t in result.touchpoints()] == [
        ("C0", date(2026, 2, 10)),
        ("C4", date(2026, 2, 11)),
        ("C3", date(2026, 2, 12)),
        ("C2", date(2026, 2, 13)),
        ("C1", date(2026, 2, 14)),
    ]


def cadence(grade: Grade, channel: Channel, count: int, unit: SpanUnit) -> Cadence:
    """A cadence: ``channel`` at least every ``count`` ``unit``."""
    return Cadence(grade=grade, channel=channel, every=Span(count=count, unit=unit))


@pytest.mark.parametrize(
    ("cadences", "message"),
    [
        (
            (
                cadence(Grade.A, Channel.ON_SITE, 3, SpanUnit.MONTH),
                cadence(Grade.A, Channel.PHONE, 2, SpanUnit.WEEK),
                cadence(Grade.B, Channel.ON_SITE, 1, SpanUnit.MONTH),
                cadence(Grade.B, Channel.PHONE, 1, SpanUnit.MONTH),
            ),
            "got grade A on-site every 3 months but grade B every 1 month",
        ),
        (
            (
                cadence(Grade.A, Channel.PHONE, 2, SpanUnit.WEEK),
                cadence(Grade.B, Channel.PHONE, 1, SpanUnit.MONTH),
                cadence(Grade.B, Channel.SMS, 1, SpanUnit.WEEK),
            ),
            "got grade A any channel every 2 weeks but grade B every 1 week",
        ),
        (
            (
                cadence(Grade.A, Channel.PHONE, 2, SpanUnit.WEEK),
                cadence(Grade.C, Channel.PHONE, 1, SpanUnit.MONTH),
            ),
            "got grade B phone or stronger never but grade C every 1 month",
        ),
    ],
)
def test_cadences_are_compared_at_each_channel_strength(
    cadences: tuple[Cadence, ...], message: str
) -> None:
    """A higher grade may not be visited on site, called, or contacted at all less often than
    a lower grade, and a grade without cadence may not sit above one with a cadence, even
    below a grade that has one."""
    with pytest.raises(PolicyError) as caught:
        CadenceRule(cadences=cadences)
    assert str(caught.value) == (
        f"a higher grade must not be contacted less often than a lower one, {message}"
    )


def test_equal_cadences_of_two_grades_are_allowed() -> None:
    """Grade B may be called as often as grade A: a month counts as 30 days."""
    rule = CadenceRule(
        cadences=(
            cadence(Grade.A, Channel.PHONE, 1, SpanUnit.MONTH),
            cadence(Grade.B, Channel.PHONE, 30, SpanUnit.DAY),
        )
    )
    assert [str(c) for c in rule.for_grade(Grade.B)] == ["grade B: phone every 30 days"]


def test_a_cadence_listed_twice_is_a_policy_error() -> None:
    """The same grade and channel twice is a PolicyError at the second one."""
    once = cadence(Grade.A, Channel.PHONE, 1, SpanUnit.MONTH)
    with pytest.raises(PolicyError) as caught:
        CadenceRule(cadences=(once, once))
    assert str(caught.value) == (
        "cadences[1]: expected a grade and channel listed once, got Cadence(grade=<Grade.A: "
        "'A'>, channel=<Channel.PHONE: 'phone'>, every=Span(co..."
    )


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            time(9, tzinfo=SH),
            time(10),
            "start: expected a time of day without time zone, got "
            "datetime.time(9, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai'))",
        ),
        ("09:00", time(10), "start: expected a time of day without time zone, got '09:00'"),
        (time(9), "10:00", "end: expected a time of day without time zone, got '10:00'"),
    ],
)
def test_daily_hours_are_plain_times(start: Any, end: Any, message: str) -> None:
    """Daily hours are wall-clock times without a time zone; anything else is named."""
    with pytest.raises(PolicyError) as caught:
        DailyHours(start=start, end=end)
    assert str(caught.value) == message


def test_daily_hours_include_their_start_and_exclude_their_end() -> None:
    """09:00–21:00 holds 09:00 and 20:59, not 08:59 nor 21:00."""
    hours = DailyHours(start=time(9), end=time(21))
    assert [moment in hours for moment in (time(8, 59), time(9), time(20, 59), time(21))] == [
        False,
        True,
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"statuses": "lost"}, "statuses: expected a tuple of statuses, got 'lost'"),
        (
            {"statuses": (CustomerStatus.LOST, CustomerStatus.LOST)},
            "statuses[1]: expected a status listed once, got <CustomerStatus.LOST: 'lost'>",
        ),
        (
            {"birthday": attrs.evolve(SEED_SCHEDULING.birthday, send_at=time(7))},
            "birthday.send_at: expected a time within courtesy.message_hours (08:00–21:00), "
            "got datetime.time(7, 0)",
        ),
    ],
)
def test_scheduling_policy_names_a_bad_part(changes: dict[str, Any], message: str) -> None:
    """Planned statuses are a tuple of distinct statuses and a birthday message goes within
    the message hours; each breach is a PolicyError naming the part."""
    with pytest.raises(PolicyError) as caught:
        attrs.evolve(SEED_SCHEDULING, **changes)
    assert type(caught.value) is PolicyError
    assert str(caught.value) == message


def test_at_risk_since_must_be_a_date() -> None:
    """The day a customer was flagged at risk is a date; a text is refused by name."""
    with pytest.raises(ValidationError) as caught:
        plan_touchpoints(
            customer(),
            SEED_SCHEDULING,
            start=date(2025, 1, 1),
            end=date(2025, 1, 2),
            at_risk_since="2025-01-01",  # type: ignore[arg-type]
        )
    assert str(caught.value) == "at_risk_since: expected a date, got '2025-01-01'"


S, E = date(2025, 3, 1), date(2025, 3, 31)


def strays() -> CustomerHistory:
    """C1's history holding a visit and a service of C2 and something that is no service."""
    visit = Visit(
        id="V1", customer_id="C2", manager_id="M1", channel=Channel.PHONE, done_at=at(2025, 3, 4)
    )
    service = ServiceRecord(id="S9", customer_id="C2", delivered_at=at(2025, 3, 4))
    return attrs.evolve(
        CustomerHistory(customer=customer()),
        visits=(visit,),
        services=(service, "x"),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: plan_portfolio("C1", QUIET, start=S, end=E),  # type: ignore[arg-type]
            "histories: expected customer histories (an iterable or a mapping by id), got 'C1'",
        ),
        (
            lambda: plan_portfolio([customer()], QUIET, start=S, end=E, at_risk_since=[("C1", S)]),  # type: ignore[arg-type]
            "at_risk_since: expected a mapping of customer id to date, "
            "got [('C1', datetime.date(2025, 3, 1))]",
        ),
        (
            lambda: plan_portfolio(
                [customer()],
                QUIET,
                start=S,
                end=E,
                at_risk_since={"C1": "2025-03-01"},  # type: ignore[dict-item]
            ),
            "at_risk_since['C1']: expected a date, got '2025-03-01'",
        ),
        (
            lambda: plan_portfolio([customer(), "C2"], QUIET, start=S, end=E),  # type: ignore[list-item]
            "histories[1]: expected a CustomerHistory or a Customer, got 'C2'",
        ),
        (
            lambda: overdue("C1", QUIET, today=S),  # type: ignore[arg-type]
            "history: expected a CustomerHistory or a Customer, got 'C1'",
        ),
        (
            lambda: overdue(customer(), "plan", today=S),  # type: ignore[arg-type]
            "plan_or_policy: expected a CustomerPlan or a SchedulingPolicy, got 'plan'",
        ),
        (
            lambda: overdue(customer(), QUIET, today=S, since=date(2025, 3, 2)),
            "today: expected a date on or after since (2025-03-02), got datetime.date(2025, 3, 1)",
        ),
        (
            lambda: overdue(customer(), QUIET, today=S, at_risk_since="x"),  # type: ignore[arg-type]
            "at_risk_since: expected a date, got 'x'",
        ),
        (
            lambda: overdue(customer(), QUIET, today="2025-03-01"),  # type: ignore[arg-type]
            "today: expected a date, got '2025-03-01'",
        ),
        (
            lambda: plan_touchpoints(strays(), QUIET, start=S, end=E),
            "history.visits[0].customer_id: expected 'C1', the customer of the history, got 'C2'\n"
            "history.services[0].customer_id: expected 'C1', the customer of the history, "
            "got 'C2'\n"
            "history.services[1]: expected a ServiceRecord, got 'x'",
        ),
        (
            lambda: plan_touchpoints(
                attrs.evolve(CustomerHistory(customer=customer()), contracts="K1"),  # type: ignore[arg-type]
                QUIET,
                start=S,
                end=E,
            ),
            "history.contracts: expected a tuple of Contract, got 'K1'",
        ),
        (
            lambda: plan_touchpoints(customer(), QUIET, start=E, end=S),
            "end: expected a date on or after start (2025-03-31), got datetime.date(2025, 3, 1)",
        ),
        (
            lambda: plan_touchpoints(customer(), "policy", start=S, end=E),  # type: ignore[arg-type]
            "policy: expected a SchedulingPolicy, got 'policy'",
        ),
    ],
)
def test_scheduling_functions_name_a_bad_input(call: Any, message: str) -> None:
    """Each planning function names what it refuses — every stray record of a history at
    once — with its value and what was expected."""
    with pytest.raises(ValidationError) as caught:
        call()
    assert str(caught.value) == message


def test_overdue_since_today_plans_nothing() -> None:
    """Re-planning from today covers no past day: nothing is overdue."""
    assert overdue(customer(), QUIET, today=S, since=S).explain() == (
        "customer C1 on 2025-03-01 (planned from 2025-03-01): 0 overdue"
    )


def phone(ident: str, moment: datetime, reference: str | None = None) -> Visit:
    """A phone contact with C1 by M1."""
    return Visit(
        id=ident,
        customer_id="C1",
        manager_id="M1",
        channel=Channel.PHONE,
        done_at=moment,
        reference_id=reference,
    )


def test_a_late_revisit_counts_up_to_today_and_past_other_contacts() -> None:
    """The revisit of S1 was due by 2025-03-07.  Checked on 10 March, a revisit made that
    afternoon is reported as done late, though an earlier unrelated call comes first; a
    revisit made after the day of the check is not (yet) reported."""
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 4))

    def done_late(*visits: Visit, today: date) -> list[datetime | None]:
        record = CustomerHistory(customer=customer(), services=(service,), visits=visits)
        report = overdue(record, QUIET, today=today, since=date(2025, 3, 1))
        return [item.done_late_at for item in report.items]

    early = phone("V0", at(2025, 3, 1))
    today = phone("V1", at(2025, 3, 10, 15), "S1")
    later = phone("V2", at(2025, 3, 12), "S1")
    assert done_late(early, today, later, today=date(2025, 3, 10)) == [at(2025, 3, 10, 15)]
    assert done_late(later, today=date(2025, 3, 10)) == [None]
    assert done_late(early, later, today=date(2025, 3, 14)) == [at(2025, 3, 12)]


def test_a_call_hours_after_an_hour_deadline_is_done_late_that_day() -> None:
    """Handed over on 2025-06-10 at 16:00, the call was due by 09:30 next morning; a call at
    15:00 that day missed the deadline on the deadline's own day and is reported late."""
    deal = Contract(
        id="K1",
        customer_id="C1",
        manager_id="M1",
        value=Money.of(500_000),
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        signed_on=date(2025, 1, 1),
        status=ContractStatus.SIGNED,
        handover_at=at(2025, 6, 10, 16),
    )
    record = CustomerHistory(
        customer=customer(), contracts=(deal,), visits=(phone("V1", at(2025, 6, 11, 15), "K1"),)
    )
    report = overdue(record, QUIET, today=date(2025, 6, 12), since=date(2025, 6, 1))
    assert [(item.days_overdue, item.done_late_at) for item in report.items] == [
        (1, at(2025, 6, 11, 15))
    ]


def test_overdue_against_a_plan_dates_contacts_in_the_calendar_zone() -> None:
    """A revisit due by 2025-03-07 and made at 07:00 on 8 March in Shanghai (still 7 March
    in UTC) is late; checked against a plan, the report has no re-planning start."""
    record = attrs.evolve(served(), visits=(phone("V1", at(2025, 3, 8, 7), "S1"),))
    plan = plan_touchpoints(record, QUIET, start=date(2025, 3, 1), end=date(2025, 3, 31))
    report = overdue(record, plan, today=date(2025, 3, 10))
    assert report.since is None
    assert [(item.days_overdue, item.done_late_at) for item in report.items] == [
        (3, at(2025, 3, 8, 7))
    ]


def test_overdue_replans_one_year_back_by_default() -> None:
    """Without ``since``, overdue re-plans from one year before today."""
    report = overdue(served(), QUIET, today=date(2025, 3, 10))
    assert report.since == date(2024, 3, 10)
    assert report.explain().split("\n")[0] == (
        "customer C1 on 2025-03-10 (planned from 2024-03-10): 1 overdue"
    )


def test_overdue_replanning_from_yesterday_still_plans_that_day() -> None:
    """Re-planned from yesterday, the revisit due by 7 March is still found on 8 March; a
    re-planned revisit made at 07:00 on 8 March in Shanghai is late."""
    assert len(overdue(served(), QUIET, today=date(2025, 3, 8), since=date(2025, 3, 7)).items)
    record = attrs.evolve(served(), visits=(phone("V1", at(2025, 3, 8, 7), "S1"),))
    report = overdue(record, QUIET, today=date(2025, 3, 10), since=date(2025, 3, 1))
    assert [item.done_late_at for item in report.items] == [at(2025, 3, 8, 7)]


def test_overdue_retention_contact_of_a_customer_at_risk() -> None:
    """A customer flagged at risk on 3 March and not contacted by the 5th is overdue on the
    10th for the retention rule."""
    who = customer(status=CustomerStatus.AT_RISK)
    report = overdue(
        who, QUIET, today=date(2025, 3, 10), since=date(2025, 3, 1), at_risk_since=date(2025, 3, 3)
    )
    assert report.explain().split("\n")[1:] == [
        "customer C1: 5 days overdue (planned 2025-03-03)",
        "  - retention 客户挽留: at risk since 2025-03-03: retention contact within 2 working "
        "days, and report upward [phone, from 2025-03-03, by 2025-03-05]",
    ]


def test_overdue_checks_every_touchpoint_and_only_reasons_already_past() -> None:
    """Checked on 12 February 2026, a birthday gift due on the 11th is overdue though the
    festival visit planned before it is still open; on 7 March 2025 a merged touchpoint
    reports its birthday reasons (due the 5th) but not its revisit (due that day); a met
    revisit does not hide a later missed one."""
    policy = attrs.evolve(
        QUIET, festival=SEED_SCHEDULING.festival, birthday=SEED_SCHEDULING.birthday
    )
    who = customer(
        grade=Grade.A, contacts=(Contact(id="K1", name="Zhang", birthday=date(1980, 2, 11)),)
    )
    plan = plan_touchpoints(who, policy, start=date(2026, 2, 1), end=date(2026, 2, 28))
    report = overdue(who, plan, today=date(2026, 2, 12))
    assert [(item.touchpoint.due, item.days_overdue) for item in report.items] == [
        (date(2026, 2, 11), 1)
    ]
    birthday = attrs.evolve(QUIET, birthday=SEED_SCHEDULING.birthday)
    record = attrs.evolve(
        served(),
        customer=customer(contacts=(Contact(id="K1", name="Zhang", birthday=date(1980, 3, 5)),)),
    )
    merged = plan_touchpoints(record, birthday, start=date(2025, 3, 1), end=date(2025, 3, 31))
    (item,) = overdue(record, merged, today=date(2025, 3, 7)).items
    assert [reason.rule.value for reason in item.reasons] == ["birthday", "birthday"]
    second = ServiceRecord(id="S2", customer_id="C1", delivered_at=at(2025, 3, 11))
    planned = attrs.evolve(served(), services=(*served().services, second))
    two = plan_touchpoints(planned, QUIET, start=date(2025, 3, 1), end=date(2025, 3, 31))
    history = attrs.evolve(planned, visits=(phone("V1", at(2025, 3, 5), "S1"),))
    report = overdue(history, two, today=date(2025, 3, 20))
    assert [(item.touchpoint.due, item.days_overdue) for item in report.items] == [
        (date(2025, 3, 12), 6)
    ]


def test_a_visit_moved_off_a_clash_skips_the_day_it_left_and_may_use_its_last_day() -> None:
    """C1's on-site revisit (by 11:00) and handover visit (from 13:30) share no time on
    Tuesday 10 June 2025, so the handover visit moves to Wednesday, where C0's revisit, due
    that day, keeps the only place whatever the order of the customers.  The handover visit
    may go from Tuesday to its deadline, Thursday 17:30: Tuesday is taken by C1's revisit,
    so it moves on to Thursday, whose working hours all come before the deadline, and
    takes Thursday's hours."""
    policy = attrs.evolve(
        QUIET,
        service_revisit=attrs.evolve(
            QUIET.service_revisit,
            channel=Channel.ON_SITE,
            within=Span(count=3, unit=SpanUnit.WORKING_HOUR),
            from_next_day=False,
        ),
        warranty=attrs.evolve(
            QUIET.warranty,
            channel=Channel.ON_SITE,
            handover_within=Span(count=20, unit=SpanUnit.WORKING_HOUR),
        ),
        capacity=CapacityRule(max_on_site_per_day=1),
    )
    c1 = CustomerHistory(
        customer=customer("C1"),
        services=(ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 6, 10, 7)),),
        contracts=(contract(handover_at=at(2025, 6, 10, 13, 30)),),
    )
    c0 = CustomerHistory(
        customer=customer("C0"),
        services=(ServiceRecord(id="S0", customer_id="C0", delivered_at=at(2025, 6, 11, 7)),),
    )
    for histories in ([c0, c1], [c1, c0]):
        result = plan_portfolio(histories, policy, start=date(2025, 6, 1), end=date(2025, 6, 30))
        assert (result.moved, result.conflicts) == (1, ())
        assert [(t.customer_id, t.due, t.moved_from) for t in result.touchpoints()] == [
            ("C1", date(2025, 6, 10), None),
            ("C0", date(2025, 6, 11), None),
            ("C1", date(2025, 6, 12), date(2025, 6, 11)),
        ]
        moved = result.plan_for("C1").touchpoints[1]
        assert (moved.earliest, moved.deadline_at) == (
            date(2025, 6, 10),
            at(2025, 6, 12, 17, 30),
        )
        assert (moved.window_start, moved.window_end) == (
            at(2025, 6, 12, 8),
            at(2025, 6, 12, 17, 30),
        )


def test_overdue_replans_up_to_yesterday_so_a_cadence_due_today_joins_nothing() -> None:
    """A grade-C customer last called on 2024-12-07 is due a call by 2025-03-07.  Checked on
    that day, the revisit due by 6 March is overdue, and its touchpoint is the one planned up
    to yesterday: the call due today has not yet joined it (planned up to the 8th, it would
    ride along on 4 March and make the touchpoint a routine call)."""
    policy = attrs.evolve(QUIET, cadence=SEED_SCHEDULING.cadence)
    record = CustomerHistory(
        customer=customer(grade=Grade.C),
        services=(ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 3)),),
        visits=(phone("V1", at(2024, 12, 7)),),
    )
    today = date(2025, 3, 7)
    (item,) = overdue(record, policy, today=today, since=date(2025, 1, 1)).items
    planned = plan_touchpoints(record, policy, start=date(2025, 1, 1), end=date(2025, 3, 6))
    assert item.touchpoint == planned.touchpoints[0]
    assert (item.touchpoint.due, item.touchpoint.rules) == (
        date(2025, 3, 4),
        (ScheduleRule.SERVICE_REVISIT,),
    )


def test_a_visit_may_move_to_a_day_the_clocks_go_back_with_time_before_its_deadline() -> None:
    """In New York on Sunday 2 November 2025 (made a working day) the clocks go back at 02:00,
    so the working time runs 01:10–01:50 and 01:55–02:00 before the change, then again from
    01:10 after it.  Two on-site visits within one working hour of handovers late on Friday
    31 October do not fit on Friday; C1's is due by 01:20 after the change (06:20 UTC), and
    Sunday's working time before the change (05:10 UTC on) comes before that: the visit moves
    to Sunday."""
    new_york = ZoneInfo("America/New_York")
    night = BusinessCalendar(
        working_hours=WorkingHours(
            intervals=(
                WorkingInterval(start=time(1, 10), end=time(1, 50)),
                WorkingInterval(start=time(1, 55), end=time(3, 0)),
            ),
            time_zone="America/New_York",
        ),
        extra_working_days=(date(2025, 11, 2),),
    )
    policy = attrs.evolve(
        QUIET,
        warranty=attrs.evolve(
            QUIET.warranty,
            channel=Channel.ON_SITE,
            handover_within=Span(count=1, unit=SpanUnit.WORKING_HOUR),
        ),
        capacity=CapacityRule(max_on_site_per_day=1),
    )

    def handed_over(customer_id: str, minute: int) -> CustomerHistory:
        moment = datetime(2025, 10, 31, 2, minute, tzinfo=new_york)
        deal = contract(customer_id=customer_id, handover_at=moment)
        return CustomerHistory(customer=customer(customer_id), contracts=(deal,))

    result = plan_portfolio(
        [handed_over("C0", 50), handed_over("C1", 55)],
        policy,
        start=date(2025, 10, 27),
        end=date(2025, 11, 30),
        calendar=night,
    )
    moved = result.plan_for("C1").touchpoints[0]
    assert moved.deadline_at is not None
    assert moved.deadline_at.astimezone(UTC) == datetime(2025, 11, 2, 6, 20, tzinfo=UTC)
    assert (result.conflicts, moved.due) == ((), date(2025, 11, 2))


@pytest.mark.parametrize("limit", [None, 1])
def test_a_portfolio_within_capacity_moves_nothing(limit: int | None) -> None:
    """Without a capacity limit, or with one no day exceeds, nothing is moved: "0 moved for
    capacity"."""
    policy = attrs.evolve(
        QUIET, festival=SEED_SCHEDULING.festival, capacity=CapacityRule(max_on_site_per_day=limit)
    )
    customers = [customer("C1", grade=Grade.A), customer("C2", grade=Grade.A, manager_id="M2")]
    result = plan_portfolio(customers, policy, start=date(2026, 2, 1), end=date(2026, 2, 28))
    assert (result.moved, result.conflicts) == (0, ())
    assert result.explain().split("\n")[0] == (
        "2 customers, 2026-02-01 to 2026-02-28, policy 'seed-scheduling' 1: 2 touchpoints, "
        "0 moved for capacity, 0 conflicts"
    )


def test_visits_with_equal_deadlines_keep_their_place_by_customer_id_not_input_order() -> None:
    """With room for one on-site visit a day, three festival visits due on 2026-02-10 with one
    deadline: C0, the first by customer id, keeps the day though listed last, and the others
    move, the last id to the nearest day."""
    policy = attrs.evolve(
        QUIET, festival=SEED_SCHEDULING.festival, capacity=CapacityRule(max_on_site_per_day=1)
    )
    customers = [customer(f"C{n}", grade=Grade.A) for n in (2, 1, 0)]
    result = plan_portfolio(customers, policy, start=date(2026, 2, 1), end=date(2026, 2, 28))
    assert [(t.customer_id, t.due) for t in result.touchpoints()] == [
        ("C0", date(2026, 2, 10)),
        ("C2", date(2026, 2, 11)),
        ("C1", date(2026, 2, 12)),
    ]


def test_a_day_a_customers_visit_moved_to_is_closed_to_its_other_visits() -> None:
    """With room for two on-site visits a day, C2's festival visit leaves the full 10 February
    2026 for the 12th (the 11th holds C2's handover visit); when its handover visit must leave
    the full 11th too, it passes the 12th, which still has room but already holds C2's
    festival visit, and goes to the 13th: one contact a day per customer."""
    policy = attrs.evolve(
        QUIET,
        festival=SEED_SCHEDULING.festival,
        service_revisit=attrs.evolve(
            QUIET.service_revisit,
            channel=Channel.ON_SITE,
            within=Span(count=3, unit=SpanUnit.WORKING_HOUR),
            from_next_day=False,
        ),
        warranty=attrs.evolve(
            QUIET.warranty,
            channel=Channel.ON_SITE,
            handover_within=Span(count=3, unit=SpanUnit.WORKING_DAY),
        ),
        capacity=CapacityRule(max_on_site_per_day=2),
    )

    def to_revisit(customer_id: str) -> CustomerHistory:
        """A customer served at 07:00 on the 11th, to be revisited on site by 11:00."""
        service = ServiceRecord(
            id=f"S{customer_id}", customer_id=customer_id, delivered_at=at(2026, 2, 11, 7)
        )
        return CustomerHistory(customer=customer(customer_id), services=(service,))

    handover = contract(customer_id="C2", handover_at=at(2026, 2, 11, 10))
    histories: list[Customer | CustomerHistory] = [
        customer("C0", grade=Grade.A),
        customer("C1", grade=Grade.A),
        CustomerHistory(customer=customer("C2", grade=Grade.A), contracts=(handover,)),
        to_revisit("C3"),
        to_revisit("C4"),
    ]
    result = plan_portfolio(histories, policy, start=date(2026, 2, 1), end=date(2026, 2, 28))
    assert (result.moved, result.conflicts) == (2, ())
    assert [(t.due, t.moved_from) for t in result.plan_for("C2").touchpoints] == [
        (date(2026, 2, 12), date(2026, 2, 10)),
        (date(2026, 2, 13), date(2026, 2, 11)),
    ]


# ------------------------------------------------- one touchpoint a day: merged windows

JUNE_1, JUNE_30 = date(2025, 6, 1), date(2025, 6, 30)


def _rows(history: CustomerHistory | Customer, policy: Any = QUIET) -> list[tuple[Any, ...]]:
    """Each touchpoint of June 2025 as (due, reasons' references, window start, window end)."""
    plan = plan_touchpoints(history, policy, start=JUNE_1, end=JUNE_30)
    return [
        (t.due, [r.reference_id for r in t.reasons], t.window_start, t.window_end)
        for t in plan.touchpoints
    ]


def test_a_reason_moved_to_a_day_with_its_own_touchpoint_joins_it() -> None:
    """Rule 11: K2's call (handover at 16:00 on the 10th, due by 09:30 on the 11th) shares no
    time with K1's on the 10th and moves to the 11th, where K3's call (handover at 08:00) is
    already planned: the two make one touchpoint, in the hours both allow, and each touchpoint
    names the customer's manager and the strongest reason's rule."""
    history = CustomerHistory(
        customer=customer(),
        contracts=(
            contract(id="K1", handover_at=at(2025, 6, 10, 8)),
            contract(id="K2", handover_at=at(2025, 6, 10, 16)),
            contract(id="K3", handover_at=at(2025, 6, 11, 8)),
        ),
    )
    assert _rows(history) == [
        (date(2025, 6, 10), ["K1"], at(2025, 6, 10, 8), at(2025, 6, 10, 11)),
        (date(2025, 6, 11), ["K2", "K3"], at(2025, 6, 11, 8), at(2025, 6, 11, 9, 30)),
    ]
    plan = plan_touchpoints(history, QUIET, start=JUNE_1, end=JUNE_30)
    assert [(t.manager_id, t.rule) for t in plan.touchpoints] == [
        ("M1", ScheduleRule.WARRANTY),
        ("M1", ScheduleRule.WARRANTY),
    ]
    assert plan.touchpoints[1].deadline_at == at(2025, 6, 11, 9, 30)


def test_a_merged_window_opens_at_the_latest_trigger_of_its_reasons() -> None:
    """Two handovers on the 10th, K1 at 09:00 (call by 12:00) and K2 at 08:00 (call by
    11:00): the one call must follow both handovers and meet both deadlines, so its window is
    09:00 to 11:00, whatever the order the reasons are read in."""
    history = CustomerHistory(
        customer=customer(),
        contracts=(
            contract(id="K1", handover_at=at(2025, 6, 10, 9)),
            contract(id="K2", handover_at=at(2025, 6, 10, 8)),
        ),
    )
    assert _rows(history) == [
        (date(2025, 6, 10), ["K1", "K2"], at(2025, 6, 10, 9), at(2025, 6, 10, 11)),
    ]


def test_a_single_reason_keeps_its_own_hours_on_its_day() -> None:
    """A revisit planned on the service day (``from_next_day=False``) opens at the service,
    14:00, not at the start of the working day; an acceptance call due within 3 working hours
    of the acceptance day's start closes at 11:00, not at the end of the working day."""
    same_day = attrs.evolve(
        QUIET, service_revisit=attrs.evolve(QUIET.service_revisit, from_next_day=False)
    )
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 6, 10, 14))
    revisited = CustomerHistory(customer=customer(), services=(service,))
    assert _rows(revisited, same_day) == [
        (date(2025, 6, 10), ["S1"], at(2025, 6, 10, 14), at(2025, 6, 10, 17, 30)),
    ]
    in_hours = attrs.evolve(
        QUIET,
        warranty=attrs.evolve(
            QUIET.warranty, acceptance_within=Span(count=3, unit=SpanUnit.WORKING_HOUR)
        ),
    )
    accepted = CustomerHistory(
        customer=customer(), contracts=(contract(accepted_on=date(2025, 6, 10)),)
    )
    assert _rows(accepted, in_hours) == [
        (date(2025, 6, 10), ["K1"], at(2025, 6, 10, 8), at(2025, 6, 10, 11)),
    ]


def test_a_preferred_time_at_the_end_of_a_span_of_hours_moves_to_the_next_span() -> None:
    """A birthday call preferred at 12:00, when the morning hours end, opens after the lunch
    break (13:30); a greeting preferred at 09:00 merged with a handover call due by 09:00
    keeps the call's whole window, 08:00 to 09:00, rather than an empty one."""
    by_phone = attrs.evolve(
        QUIET,
        birthday=attrs.evolve(
            SEED_SCHEDULING.birthday, channel=Channel.PHONE, send_at=time(12), gift_channel=None
        ),
    )
    zhang = customer(contacts=(Contact(id="K1", name="Zhang", birthday=date(1980, 6, 12)),))
    assert _rows(zhang, by_phone) == [
        (date(2025, 6, 12), [None], at(2025, 6, 12, 13, 30), at(2025, 6, 12, 17, 30)),
    ]
    within_the_hour = attrs.evolve(
        QUIET,
        birthday=attrs.evolve(SEED_SCHEDULING.birthday, gift_channel=None),
        warranty=attrs.evolve(
            QUIET.warranty, handover_within=Span(count=1, unit=SpanUnit.WORKING_HOUR)
        ),
    )
    greeted = CustomerHistory(
        customer=customer(contacts=(Contact(id="K1", name="Zhang", birthday=date(1980, 6, 10)),)),
        contracts=(contract(handover_at=at(2025, 6, 10, 8)),),
    )
    assert _rows(greeted, within_the_hour) == [
        (date(2025, 6, 10), ["K1", None], at(2025, 6, 10, 8), at(2025, 6, 10, 9)),
    ]


def test_a_reason_with_a_trigger_only_moves_off_a_day_whose_hours_end_before_it() -> None:
    """Rule 11 also holds for reasons bound on one side only: an on-site acceptance visit due
    by 11:00 (a deadline, no trigger) and a phone revisit after a service at 16:00 (a trigger,
    no deadline hour) share no time on the 10th, so the weaker revisit moves to the 11th."""
    policy = attrs.evolve(
        QUIET,
        service_revisit=attrs.evolve(QUIET.service_revisit, from_next_day=False),
        warranty=attrs.evolve(
            QUIET.warranty,
            channel=Channel.ON_SITE,
            acceptance_within=Span(count=3, unit=SpanUnit.WORKING_HOUR),
        ),
    )
    history = CustomerHistory(
        customer=customer(),
        services=(ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 6, 10, 16)),),
        contracts=(contract(accepted_on=date(2025, 6, 10)),),
    )
    assert _rows(history, policy) == [
        (date(2025, 6, 10), ["K1"], at(2025, 6, 10, 8), at(2025, 6, 10, 11)),
        (date(2025, 6, 11), ["S1"], at(2025, 6, 11, 8), at(2025, 6, 11, 17, 30)),
    ]


def test_merged_reasons_without_a_usable_moment_get_the_days_own_hours() -> None:
    """Two text messages for handovers on Friday at 17:00, each due by Monday 08:30, before
    the first message hour (09:00): neither can move, and neither has time of its own, so the
    one touchpoint of Monday takes the day's message hours, 09:00 to 17:00."""
    policy = texting(time(9), time(17))
    history = CustomerHistory(
        customer=customer(),
        contracts=(
            contract(id="K1", handover_at=at(2025, 6, 13, 17)),
            contract(id="K2", handover_at=at(2025, 6, 13, 17)),
        ),
    )
    assert _rows(history, policy) == [
        (date(2025, 6, 16), ["K1", "K2"], at(2025, 6, 16, 9), at(2025, 6, 16, 17)),
    ]


# ------------------------------------------------------------------ merging, reason order


def test_merged_reasons_of_one_rule_are_ordered_by_key_person_not_by_contact_order() -> None:
    """Rule 11 (SPEC §3.2): a day's reasons are listed in rule order, and within a rule by key
    person id: the festival greetings to K2 (listed first on the customer) and K1 make one
    touchpoint naming K1, then K2."""
    policy = attrs.evolve(QUIET, festival=SEED_SCHEDULING.festival)
    who = customer(contacts=(Contact(id="K2", name="Li"), Contact(id="K1", name="Zhang")))
    plan = plan_touchpoints(who, policy, start=date(2025, 1, 1), end=date(2025, 1, 1))
    (touchpoint,) = plan.touchpoints
    assert touchpoint.key_person_ids == ("K1", "K2")
    assert [r.text for r in touchpoint.reasons] == [
        "元旦 new-year 2025-01-01: greeting to Zhang",
        "元旦 new-year 2025-01-01: greeting to Li",
    ]


# ------------------------------------------------------------------- matching contacts


@pytest.mark.parametrize(
    ("channel", "moment", "met"),
    [
        (Channel.SMS, at(2025, 6, 10, 14), False),  # a message is weaker than the call asked
        (Channel.PHONE, at(2025, 6, 10, 14), True),  # the very moment of the service counts
        (Channel.ON_SITE, at(2025, 6, 10, 14), True),  # a visit counts as a call
        (Channel.PHONE, at(2025, 6, 10, 13, 59), False),  # before the service it cannot
    ],
)
def test_a_contact_meets_a_revisit_from_the_service_on_and_by_a_strong_enough_channel(
    channel: Channel, moment: datetime, met: bool
) -> None:
    """Rule 3 with ``from_next_day=False`` (the revisit may be made on the service day): a
    contact meets the phone revisit of a service at 14:00 when it is made at 14:00 or later
    by phone or on site; a text message, or a call a minute before the service, leaves the
    revisit planned."""
    same_day = attrs.evolve(
        QUIET, service_revisit=attrs.evolve(QUIET.service_revisit, from_next_day=False)
    )
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 6, 10, 14))
    contact = Visit(id="V1", customer_id="C1", manager_id="M1", channel=channel, done_at=moment)
    history = CustomerHistory(customer=customer(), services=(service,), visits=(contact,))
    plan = plan_touchpoints(history, same_day, start=JUNE_1, end=JUNE_30)
    assert [t.due for t in plan.touchpoints] == ([] if met else [date(2025, 6, 10)])


@pytest.mark.parametrize(
    ("moment", "met"),
    [(at(2025, 6, 11, 9, 30), True), (at(2025, 6, 11, 9, 31), False)],
)
def test_a_call_at_the_very_deadline_hour_meets_the_handover_call(
    moment: datetime, met: bool
) -> None:
    """Rule 4: the call after a handover at 16:00 on 10 June 2025 is due within 3 working
    hours, by 09:30 on the 11th; a call at 09:30 meets it, one at 09:31 does not, and the
    touchpoint stays in the plan."""
    deal = contract(handover_at=at(2025, 6, 10, 16))
    history = CustomerHistory(customer=customer(), contracts=(deal,), visits=(phone("V1", moment),))
    plan = plan_touchpoints(history, QUIET, start=JUNE_1, end=JUNE_30)
    assert [t.deadline_at for t in plan.touchpoints] == ([] if met else [at(2025, 6, 11, 9, 30)])


# ------------------------------------------------------------------------ plan fields


def test_a_planned_customers_plan_has_no_exclusion_at_all() -> None:
    """A customer whose status the policy plans gets ``excluded_because=None`` (not an empty
    text: the field is ``None`` unless nothing was planned at all), with the range and the
    policy's name and version."""
    plan = plan_touchpoints(customer(), QUIET, start=JUNE_1, end=JUNE_30)
    assert plan == CustomerPlan(
        customer_id="C1",
        manager_id="M1",
        start=JUNE_1,
        end=JUNE_30,
        policy_name="seed-scheduling",
        policy_version="1",
        touchpoints=(),
        excluded_because=None,
    )
    assert plan.excluded_because is None


# ------------------------------------------ one touchpoint a day: reasons that cannot move


def test_a_message_with_no_time_before_its_deadline_on_the_next_day_stays() -> None:
    """Rule 11: a text message after a handover at 17:00 on Tuesday 10 June 2025 (within 1
    working hour: by 08:30 on Wednesday, before the first message hour, 09:00) shares no
    time with the day's revisit call (by 11:00); Wednesday has no message time before its
    deadline, so it stays on Tuesday, and the touchpoint keeps the call's own window."""
    policy = attrs.evolve(
        QUIET,
        courtesy=CourtesyRule(
            rest_day_channels=(), message_hours=DailyHours(start=time(9, 0), end=time(21, 0))
        ),
        service_revisit=attrs.evolve(
            QUIET.service_revisit,
            within=Span(count=3, unit=SpanUnit.WORKING_HOUR),
            from_next_day=False,
        ),
        warranty=attrs.evolve(
            QUIET.warranty,
            channel=Channel.SMS,
            handover_within=Span(count=1, unit=SpanUnit.WORKING_HOUR),
        ),
    )
    history = CustomerHistory(
        customer=customer(),
        services=(ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 6, 10, 8)),),
        contracts=(contract(handover_at=at(2025, 6, 10, 17)),),
    )
    assert _rows(history, policy) == [
        (date(2025, 6, 10), ["S1", "K1"], at(2025, 6, 10, 8), at(2025, 6, 10, 11)),
    ]


def _resolved(when: datetime) -> Complaint:
    """C1's complaint Q1, received five hours before ``when`` and resolved at ``when``."""
    complaint = Complaint(
        id="Q1", customer_id="C1", received_at=when - timedelta(hours=5), responsible_id="M1"
    )
    complaint = complaint.accept(at=when - timedelta(hours=4), by="M1")
    complaint = complaint.start(at=when - timedelta(hours=3), by="M1")
    return complaint.resolve(at=when, by="M1")


def test_a_reason_kept_for_want_of_another_day_does_not_loosen_the_days_hours() -> None:
    """Rule 11: on Tuesday 10 June 2025 an on-site revisit follows a service at 15:00; the
    handover call due by 11:00 (handover the evening before) shares no time with it but has
    no other day, so it stays; the complaint revisit resolved at 11:30 is still checked
    against the visit's 15:00, shares time with it and stays too: one touchpoint, in the
    visit's own hours."""
    policy = attrs.evolve(
        QUIET,
        service_revisit=attrs.evolve(
            QUIET.service_revisit, channel=Channel.ON_SITE, from_next_day=False
        ),
        complaint_revisit=attrs.evolve(QUIET.complaint_revisit, from_next_day=False),
    )
    history = CustomerHistory(
        customer=customer(),
        services=(ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 6, 10, 15)),),
        contracts=(contract(handover_at=at(2025, 6, 9, 20)),),
        complaints=(_resolved(at(2025, 6, 10, 11, 30)),),
    )
    assert _rows(history, policy) == [
        (date(2025, 6, 10), ["S1", "K1", "Q1"], at(2025, 6, 10, 15), at(2025, 6, 10, 17, 30)),
    ]


def test_merged_reasons_with_no_common_time_keep_the_strongest_reasons_preferred_hour() -> None:
    """Rule 11: Zhang's birthday call (preferred at 14:00) on Tuesday 10 June 2025 is merged
    with two text messages after handovers, one at 15:00 (by 16:00) and one at 08:00 (by
    09:00, no later day): the three share no time, so the call's own window decides, and it
    still opens at its preferred 14:00."""
    policy = attrs.evolve(
        QUIET,
        birthday=attrs.evolve(
            SEED_SCHEDULING.birthday, channel=Channel.PHONE, send_at=time(14), gift_channel=None
        ),
        warranty=attrs.evolve(
            QUIET.warranty,
            channel=Channel.SMS,
            handover_within=Span(count=1, unit=SpanUnit.WORKING_HOUR),
        ),
    )
    zhang = Contact(id="P1", name="Zhang", birthday=date(1980, 6, 10))
    history = CustomerHistory(
        customer=customer(contacts=(zhang,)),
        contracts=(
            contract(id="K1", handover_at=at(2025, 6, 10, 15)),
            contract(id="K2", handover_at=at(2025, 6, 10, 8)),
        ),
    )
    assert _rows(history, policy) == [
        (date(2025, 6, 10), ["K1", "K2", None], at(2025, 6, 10, 14), at(2025, 6, 10, 17, 30)),
    ]


def _emailed(**changes: Any) -> Any:
    """QUIET with an e-mail every month for grade A and only SMS allowed on rest days."""
    email = Cadence(grade=Grade.A, channel=Channel.EMAIL, every=Span(count=1, unit=SpanUnit.MONTH))
    return attrs.evolve(
        QUIET,
        cadence=CadenceRule(cadences=(email,)),
        courtesy=attrs.evolve(SEED_SCHEDULING.courtesy, rest_day_channels=(Channel.SMS,)),
        **changes,
    )


@pytest.mark.parametrize(
    ("rest_day_channels", "due"),
    [((Channel.SMS,), date(2024, 12, 30)), ((Channel.SMS, Channel.EMAIL), date(2025, 1, 1))],
    ids=["e-mail-on-working-days", "e-mail-on-rest-days"],
)
def test_a_message_cadence_rides_on_the_latest_text_on_a_day_its_channel_may_go(
    rest_day_channels: tuple[Channel, ...], due: date
) -> None:
    """Rules 1, 10 and 11: after an e-mail on Monday 2 December 2024 the next monthly e-mail is
    due by Thursday 2 January; Zhang's birthday text on Monday 30 December and the New Year
    greeting text on Wednesday 1 January (a holiday) are planned in that window.  The e-mail
    rides on the latest of them on a day e-mail may go: the 30th when e-mail may not go on
    rest days, the 1st when it may."""
    zhang = Contact(id="K1", name="Zhang", birthday=date(1980, 12, 30))
    policy = attrs.evolve(
        _emailed(
            festival=attrs.evolve(SEED_SCHEDULING.festival, visit_grades=()),
            birthday=attrs.evolve(SEED_SCHEDULING.birthday, gift_channel=None),
        ),
        courtesy=attrs.evolve(SEED_SCHEDULING.courtesy, rest_day_channels=rest_day_channels),
    )
    history = CustomerHistory(
        customer=customer(grade=Grade.A, contacts=(zhang,)),
        visits=(visit(at(2024, 12, 2), Channel.EMAIL),),
    )
    plan = plan_touchpoints(history, policy, start=date(2024, 12, 3), end=date(2025, 1, 10))
    (cadence,) = [
        (touchpoint.due, reason.deadline)
        for touchpoint in plan.touchpoints
        for reason in touchpoint.reasons
        if reason.rule is ScheduleRule.CADENCE
    ]
    assert cadence == (due, date(2025, 1, 2))


def test_festival_visits_go_to_the_visit_grades_only() -> None:
    """Rule 6 [seed 002]: the visit before Spring Festival 2026 goes to grade A customers
    only; a grade B customer gets none, and no greeting either without key persons."""
    policy = attrs.evolve(QUIET, festival=SEED_SCHEDULING.festival)
    plan = plan_touchpoints(
        customer(grade=Grade.B), policy, start=date(2026, 2, 1), end=date(2026, 2, 28)
    )
    assert plan.touchpoints == ()


@pytest.mark.parametrize(
    ("history", "changes", "start", "end"),
    [
        # The New Year greeting by SMS on Wednesday 1 January 2025, a holiday.
        (
            customer(grade=Grade.A, contacts=(Contact(id="K1", name="Zhang"),)),
            {"festival": SEED_SCHEDULING.festival},
            date(2025, 1, 1),
            date(2025, 1, 31),
        ),
        # A text after a handover on Saturday 28 June 2025, which moves on to Sunday.
        (
            CustomerHistory(
                customer=customer(grade=Grade.A),
                contracts=(contract(handover_at=at(2025, 6, 28, 10)),),
            ),
            {"warranty": attrs.evolve(SEED_SCHEDULING.warranty, channel=Channel.SMS)},
            date(2025, 6, 1),
            date(2025, 7, 10),
        ),
    ],
    ids=["new-year-greeting", "saturday-handover-text"],
)
def test_a_message_cadence_never_plans_its_channel_on_a_rest_day_it_may_not_use(
    history: Customer | CustomerHistory, changes: dict[str, Any], start: date, end: date
) -> None:
    """Rules 1, 10 and 11: with an e-mail every month for grade A and only SMS allowed on rest
    days, every touchpoint goes by a channel its day allows, also when the monthly e-mail
    would ride on a text message planned on a rest day."""
    plan = plan_touchpoints(history, _emailed(**changes), start=start, end=end)
    assert plan.touchpoints
    for touchpoint in plan.touchpoints:
        rest_day = not CHINA_CALENDAR.is_working_day(touchpoint.due)
        assert not rest_day or touchpoint.channel is Channel.SMS


@pytest.mark.parametrize(
    ("end", "calls"),
    [(date(2025, 6, 11), [["K1"], ["K2"]]), (date(2025, 6, 10), [["K1"]])],
)
def test_a_reason_moved_to_the_last_day_of_the_range_is_planned_there(
    end: date, calls: list[list[str]]
) -> None:
    """Rule 11: K2's call (handover at 16:00 on 10 June 2025, due by 09:30 on the 11th)
    shares no time with K1's on the 10th and moves to the 11th: planned there when the range
    ends on the 11th, left to a later plan when it ends on the 10th."""
    history = CustomerHistory(
        customer=customer(),
        contracts=(
            contract(id="K1", handover_at=at(2025, 6, 10, 8)),
            contract(id="K2", handover_at=at(2025, 6, 10, 16)),
        ),
    )
    plan = plan_touchpoints(history, QUIET, start=JUNE_1, end=end)
    assert [[r.reference_id for r in t.reasons] for t in plan.touchpoints] == calls


def test_a_reason_without_a_key_person_comes_before_those_with_one_in_the_same_rule() -> None:
    """Rule 11: with messages kept off rest days and festival visits in the one working day
    before the festival, grade A's Spring Festival visit and the greeting to Zhang both fall on
    Saturday 14 February 2026 (a working day); within the festival rule the visit, naming no
    key person, is listed first."""
    policy = attrs.evolve(
        QUIET,
        festival=attrs.evolve(SEED_SCHEDULING.festival, visit_working_days=1),
        courtesy=attrs.evolve(SEED_SCHEDULING.courtesy, rest_day_channels=()),
    )
    who = customer(grade=Grade.A, contacts=(Contact(id="K1", name="Zhang"),))
    plan = plan_touchpoints(who, policy, start=date(2026, 2, 1), end=date(2026, 2, 28))
    (touchpoint,) = plan.touchpoints
    assert [(r.purpose, r.key_person_id) for r in touchpoint.reasons] == [
        (Purpose.HOLIDAY_VISIT, None),
        (Purpose.HOLIDAY_GREETING, "K1"),
    ]


NEW_YORK = ZoneInfo("America/New_York")


def _skipped_hours() -> BusinessCalendar:
    """New York, working 02:10–02:50, with Sunday 9 March 2025 made a working day: that
    night the clocks go from 02:00 to 03:00, so they skip all of that day's working time."""
    return BusinessCalendar(
        working_hours=WorkingHours(
            intervals=(WorkingInterval(start=time(2, 10), end=time(2, 50)),),
            time_zone="America/New_York",
        ),
        extra_working_days=(date(2025, 3, 9),),
    )


ON_SITE_WITHIN_AN_HOUR = attrs.evolve(
    QUIET,
    warranty=attrs.evolve(
        QUIET.warranty,
        channel=Channel.ON_SITE,
        handover_within=Span(count=1, unit=SpanUnit.WORKING_HOUR),
    ),
)


def _handed_over_in_new_york(customer_id: str, hour: int, minute: int) -> CustomerHistory:
    """A customer with a contract handed over on Friday 7 March 2025 in New York."""
    moment = datetime(2025, 3, 7, hour, minute, tzinfo=NEW_YORK)
    deal = contract(customer_id=customer_id, handover_at=moment)
    return CustomerHistory(customer=customer(customer_id), contracts=(deal,))


def test_a_visit_is_not_moved_to_a_day_whose_working_time_the_clocks_skip() -> None:
    """Rule 12: two on-site visits after handovers at 02:20 and 02:25 on Friday 7 March 2025,
    each due within one working hour (by Monday 02:40 and 02:45), with room for one a day:
    C1's does not move to Sunday the 9th, a working day whose working time the clocks skip,
    but to Monday."""
    result = plan_portfolio(
        [_handed_over_in_new_york("C0", 2, 20), _handed_over_in_new_york("C1", 2, 25)],
        attrs.evolve(ON_SITE_WITHIN_AN_HOUR, capacity=CapacityRule(max_on_site_per_day=1)),
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        calendar=_skipped_hours(),
    )
    (moved,) = result.plan_for("C1").touchpoints
    assert (result.moved, moved.moved_from, moved.due) == (1, date(2025, 3, 7), date(2025, 3, 10))
    assert (moved.window_start, moved.window_end) == (
        datetime(2025, 3, 10, 2, 10, tzinfo=NEW_YORK),
        datetime(2025, 3, 10, 2, 50, tzinfo=NEW_YORK),
    )


def test_a_visit_moves_past_a_day_whose_working_time_the_clocks_skip() -> None:
    """Rule 12: two on-site visits within three working days of handovers on Friday 7 March
    2025 (by Tuesday the 11th), planned from Sunday the 9th, whose working time the clocks
    skip: both are due on Monday, with room for one; C1's tries Sunday, one day earlier, which
    has no time, and then moves to Tuesday, one day later."""
    policy = attrs.evolve(
        ON_SITE_WITHIN_AN_HOUR,
        warranty=attrs.evolve(
            ON_SITE_WITHIN_AN_HOUR.warranty,
            handover_within=Span(count=3, unit=SpanUnit.WORKING_DAY),
        ),
        capacity=CapacityRule(max_on_site_per_day=1),
    )
    result = plan_portfolio(
        [_handed_over_in_new_york("C0", 2, 20), _handed_over_in_new_york("C1", 2, 25)],
        policy,
        start=date(2025, 3, 9),
        end=date(2025, 3, 31),
        calendar=_skipped_hours(),
    )
    (moved,) = result.plan_for("C1").touchpoints
    assert (result.moved, result.conflicts) == (1, ())
    assert (moved.moved_from, moved.due) == (date(2025, 3, 10), date(2025, 3, 11))


def test_a_visit_is_not_due_on_a_day_whose_working_time_the_clocks_skip() -> None:
    """Rules 4 and 10: after a handover at 05:00 on Friday 7 March 2025, past that day's
    working time, the on-site visit is due on Monday the 10th, not on Sunday the 9th, whose
    working time the clocks skip; its hour runs to Tuesday 02:30."""
    plan = plan_touchpoints(
        _handed_over_in_new_york("C1", 5, 0),
        ON_SITE_WITHIN_AN_HOUR,
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        calendar=_skipped_hours(),
    )
    (touchpoint,) = plan.touchpoints
    assert touchpoint.due == date(2025, 3, 10)
    assert touchpoint.deadline_at == datetime(2025, 3, 11, 2, 30, tzinfo=NEW_YORK)
    assert (touchpoint.window_start, touchpoint.window_end) == (
        datetime(2025, 3, 10, 2, 10, tzinfo=NEW_YORK),
        datetime(2025, 3, 10, 2, 50, tzinfo=NEW_YORK),
    )


def test_a_contact_due_on_a_day_the_clocks_skip_goes_to_the_next_day_with_time() -> None:
    """Rule 5: a service on Friday 7 March 2025 is revisited within one working day from the
    next, by Sunday the 9th; the clocks skip all of that day's working time, so the call is
    due on Monday the 10th, past its deadline."""
    policy = attrs.evolve(
        QUIET,
        service_revisit=attrs.evolve(
            QUIET.service_revisit, within=Span(count=1, unit=SpanUnit.WORKING_DAY)
        ),
    )
    service = ServiceRecord(
        id="S1", customer_id="C1", delivered_at=datetime(2025, 3, 7, 2, 20, tzinfo=NEW_YORK)
    )
    plan = plan_touchpoints(
        CustomerHistory(customer=customer(), services=(service,)),
        policy,
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        calendar=_skipped_hours(),
    )
    (touchpoint,) = plan.touchpoints
    assert (touchpoint.due, touchpoint.earliest, touchpoint.deadline) == (
        date(2025, 3, 10),
        date(2025, 3, 10),
        date(2025, 3, 9),
    )


def test_a_text_planned_past_its_deadline_day_keeps_the_hours_of_its_own_day() -> None:
    """Rules 4 and 10: a text within one working hour of a handover at 18:00 on Friday
    7 March 2025 in New York is due by 09:00 on Sunday the 9th, made a working day; texts go
    on working days only, 02:10–02:50, which the clocks skip that Sunday, so it is planned on
    Monday the 10th, past its deadline, in Monday's hours."""
    policy = texting(time(2, 10), time(2, 50))
    plan = plan_touchpoints(
        _handed_over_in_new_york("C1", 18, 0),
        policy,
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        calendar=BusinessCalendar(
            working_hours=attrs.evolve(SEED_WORKING_HOURS, time_zone="America/New_York"),
            extra_working_days=(date(2025, 3, 9),),
        ),
    )
    (touchpoint,) = plan.touchpoints
    assert (touchpoint.due, touchpoint.deadline) == (date(2025, 3, 10), date(2025, 3, 9))
    assert touchpoint.deadline_at == datetime(2025, 3, 9, 9, tzinfo=NEW_YORK)
    assert (touchpoint.window_start, touchpoint.window_end) == (
        datetime(2025, 3, 10, 2, 10, tzinfo=NEW_YORK),
        datetime(2025, 3, 10, 2, 50, tzinfo=NEW_YORK),
    )


def test_a_greeting_goes_the_day_before_when_the_clocks_skip_the_message_hours() -> None:
    """Rules 7 and 10: with message hours 02:10–02:50 in New York, Zhang's birthday text for
    Sunday 9 March 2025 cannot go that day, as the clocks skip those hours: it goes on
    Saturday the 8th (texts may go on rest days)."""
    policy = attrs.evolve(
        QUIET,
        birthday=attrs.evolve(SEED_SCHEDULING.birthday, gift_channel=None, send_at=time(2, 20)),
        festival=attrs.evolve(QUIET.festival, send_at=time(2, 20)),
        courtesy=attrs.evolve(
            SEED_SCHEDULING.courtesy,
            message_hours=DailyHours(start=time(2, 10), end=time(2, 50)),
        ),
    )
    zhang = Contact(id="K1", name="Zhang", birthday=date(1980, 3, 9))
    plan = plan_touchpoints(
        customer(contacts=(zhang,)),
        policy,
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        calendar=BusinessCalendar(
            working_hours=attrs.evolve(SEED_WORKING_HOURS, time_zone="America/New_York")
        ),
    )
    (touchpoint,) = plan.touchpoints
    assert (touchpoint.due, touchpoint.window_start) == (
        date(2025, 3, 8),
        datetime(2025, 3, 8, 2, 20, tzinfo=NEW_YORK),
    )


def test_a_window_never_opens_before_its_trigger_when_the_clocks_go_back_across_midnight() -> None:
    """Rules 4 and 10: Goose Bay put its clocks back from 00:01 on Sunday 7 November 2010 to
    23:01 on the Saturday, so Sunday 00:00–00:01 came before Saturday's second 23:01–24:00.
    Working 00:00–00:30 on both days, a handover at 23:30 on that second Saturday night is
    visited on Sunday from 00:00 after the change (04:00 UTC), not from the first 00:00
    (03:00 UTC), half an hour before the handover; the hour runs out on Monday at 00:30."""
    goose_bay = BusinessCalendar(
        working_hours=WorkingHours(
            intervals=(WorkingInterval(start=time(0), end=time(0, 30)),),
            time_zone="America/Goose_Bay",
        ),
        extra_working_days=(date(2010, 11, 6), date(2010, 11, 7)),
    )
    deal = contract(handover_at=datetime(2010, 11, 7, 3, 30, tzinfo=UTC))
    plan = plan_touchpoints(
        CustomerHistory(customer=customer(), contracts=(deal,)),
        ON_SITE_WITHIN_AN_HOUR,
        start=date(2010, 11, 1),
        end=date(2010, 11, 30),
        calendar=goose_bay,
    )
    (touchpoint,) = plan.touchpoints
    assert touchpoint.due == date(2010, 11, 7)
    assert touchpoint.deadline_at is not None
    assert [
        moment.astimezone(UTC)
        for moment in (touchpoint.window_start, touchpoint.window_end, touchpoint.deadline_at)
    ] == [
        datetime(2010, 11, 7, 4, tzinfo=UTC),
        datetime(2010, 11, 7, 4, 30, tzinfo=UTC),
        datetime(2010, 11, 8, 4, 30, tzinfo=UTC),
    ]


def test_a_reason_due_that_day_stays_beside_a_reason_with_no_usable_moment() -> None:
    """Rule 11: on Monday 16 June 2025 a text after a handover on Friday at 17:00 is due by
    08:30, before the first message hour (09:00), so it has no usable moment; Zhang's
    birthday text, due that Monday, shares no time with it but may not move past its own
    deadline: it stays, and the one touchpoint takes the day's message hours."""
    policy = attrs.evolve(
        texting(time(9), time(17)),
        birthday=attrs.evolve(SEED_SCHEDULING.birthday, gift_channel=None),
    )
    zhang = Contact(id="P1", name="Zhang", birthday=date(1980, 6, 16))
    history = CustomerHistory(
        customer=customer(contacts=(zhang,)),
        contracts=(contract(handover_at=at(2025, 6, 13, 17)),),
    )
    assert _rows(history, policy) == [
        (date(2025, 6, 16), ["K1", None], at(2025, 6, 16, 9), at(2025, 6, 16, 17)),
    ]


def test_a_revisit_allowed_on_the_service_day_waits_for_the_next_day_after_hours() -> None:
    """Rule 3 with ``from_next_day=False``: a service delivered at 18:00 on Tuesday 10 June
    2025, after the working hours, leaves no time that day, so the revisit is due on
    Wednesday, in its whole working day."""
    same_day = attrs.evolve(
        QUIET, service_revisit=attrs.evolve(QUIET.service_revisit, from_next_day=False)
    )
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 6, 10, 18))
    served_late = CustomerHistory(customer=customer(), services=(service,))
    assert _rows(served_late, same_day) == [
        (date(2025, 6, 11), ["S1"], at(2025, 6, 11, 8), at(2025, 6, 11, 17, 30)),
    ]


@pytest.mark.parametrize(
    ("handover", "window"),
    [
        (at(2025, 6, 13, 21, 30), (at(2025, 6, 14, 8), at(2025, 6, 14, 21))),
        (at(2025, 6, 14, 10), (at(2025, 6, 14, 10), at(2025, 6, 14, 21))),
    ],
)
def test_a_text_after_a_handover_goes_on_a_rest_day_texts_may_use(
    handover: datetime, window: tuple[datetime, datetime]
) -> None:
    """Rules 4 and 10: a text after a handover at 21:30 on Friday 13 June 2025, past the
    message hours (08:00–21:00), or at 10:00 on Saturday the 14th, goes on Saturday, a rest
    day texts may use, not on Monday."""
    texting = attrs.evolve(QUIET, warranty=attrs.evolve(QUIET.warranty, channel=Channel.SMS))
    history = CustomerHistory(customer=customer(), contracts=(contract(handover_at=handover),))
    assert _rows(history, texting) == [(date(2025, 6, 14), ["K1"], *window)]


def test_a_merged_window_bound_by_hours_still_opens_at_the_preferred_time() -> None:
    """Rule 11: Zhang's birthday call, preferred at 14:00, merged with the call after a
    handover at 10:00 on Tuesday 10 June 2025 (due within 3 working hours, by 14:30): the
    one call goes from 14:00 to 14:30, after the handover, by its deadline and at the
    preferred time."""
    policy = attrs.evolve(
        QUIET,
        birthday=attrs.evolve(
            SEED_SCHEDULING.birthday, channel=Channel.PHONE, send_at=time(14), gift_channel=None
        ),
    )
    zhang = Contact(id="P1", name="Zhang", birthday=date(1980, 6, 10))
    history = CustomerHistory(
        customer=customer(contacts=(zhang,)),
        contracts=(contract(handover_at=at(2025, 6, 10, 10)),),
    )
    assert _rows(history, policy) == [
        (date(2025, 6, 10), ["K1", None], at(2025, 6, 10, 14), at(2025, 6, 10, 14, 30)),
    ]


def test_a_text_that_cannot_move_to_a_day_with_time_before_its_deadline_stays() -> None:
    """Rule 11: on Friday 13 June 2025 the text after Thursday's 17:00 handover is due by
    08:30, before the first message hour (09:00): it has no usable moment and leads the day.
    The acceptance text of K2 (accepted Thursday, due within 17 working hours: by Monday
    09:00) shares no time with it; Monday has no message time before 09:00, so it stays on
    Friday, and the touchpoint takes the day's message hours."""
    policy = texting(
        time(9),
        time(17),
        acceptance_within=Span(count=17, unit=SpanUnit.WORKING_HOUR),
        min_callbacks=0,
    )
    history = CustomerHistory(
        customer=customer(),
        contracts=(
            contract(id="K1", handover_at=at(2025, 6, 12, 17)),
            contract(id="K2", accepted_on=date(2025, 6, 12)),
        ),
    )
    assert _rows(history, policy) == [
        (date(2025, 6, 13), ["K1", "K2"], at(2025, 6, 13, 9), at(2025, 6, 13, 17)),
    ]


def test_the_day_of_a_trigger_is_the_day_in_the_calendars_time_zone() -> None:
    """Rules 4 and 10 in New York: a text after a handover at 20:00 on Tuesday 10 June 2025
    (00:00 on the 11th in UTC) goes that Tuesday evening, in the message hours left (20:00 to
    21:00): the trigger's day is the calendar's day, not UTC's."""
    new_york = ZoneInfo("America/New_York")
    calendar = BusinessCalendar(
        working_hours=WorkingHours(
            intervals=(WorkingInterval(start=time(9, 0), end=time(17, 0)),),
            time_zone="America/New_York",
        )
    )
    texting = attrs.evolve(QUIET, warranty=attrs.evolve(QUIET.warranty, channel=Channel.SMS))
    deal = contract(handover_at=datetime(2025, 6, 10, 20, tzinfo=new_york))
    history = CustomerHistory(customer=customer(), contracts=(deal,))
    plan = plan_touchpoints(history, texting, start=JUNE_1, end=JUNE_30, calendar=calendar)
    assert [(t.due, t.window_start, t.window_end) for t in plan.touchpoints] == [
        (
            date(2025, 6, 10),
            datetime(2025, 6, 10, 20, tzinfo=new_york),
            datetime(2025, 6, 10, 21, tzinfo=new_york),
        )
    ]

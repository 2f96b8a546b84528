"""Invariants of revisit scheduling (SPEC §4, scheduling), for generated customers and histories.

The generators below are small on purpose: one customer with a few key persons, its last
contacts before the range, and a few services, complaints and contracts around the range, in
2024–2026 (the years whose official holiday schedule the calendar knows).  Ranges last up to
three months (five for the cadence invariants), so that every example plans in milliseconds.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from itertools import combinations, pairwise
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given
from hypothesis import strategies as st

from keyaccount.calendar import CHINA_CALENDAR
from keyaccount.domain import (
    Channel,
    CommitmentKind,
    Complaint,
    Contact,
    Contract,
    ContractStatus,
    Customer,
    CustomerStatus,
    Grade,
    Money,
    ServiceCommitment,
    ServiceRecord,
    Visit,
)
from keyaccount.domain.portfolio import CustomerHistory
from keyaccount.policies.scheduling import (
    SEED_SCHEDULING,
    CapacityRule,
    CustomerPlan,
    ScheduleRule,
    SchedulingPolicy,
    SpanUnit,
    overdue,
    plan_portfolio,
    plan_touchpoints,
)

SH = ZoneInfo("Asia/Shanghai")
POLICY = attrs.evolve(SEED_SCHEDULING, capacity=CapacityRule(max_on_site_per_day=None))
EVENT_RULES = frozenset(
    {
        ScheduleRule.FIRST_CONTACT,
        ScheduleRule.SERVICE_REVISIT,
        ScheduleRule.WARRANTY,
        ScheduleRule.COMPLAINT_REVISIT,
        ScheduleRule.RETENTION,
    }
)
ONE_MICROSECOND = timedelta(microseconds=1)

Case = tuple[CustomerHistory, date, date, date | None]
"""A customer's history, the first and last day to plan, and the day it was flagged at risk."""


# ------------------------------------------------------------------------------ generators


def _moment(draw: st.DrawFn, day: date, low: int, high: int) -> datetime:
    """An instant from ``low`` to ``high`` days after ``day``, on the half hour."""
    offset = timedelta(days=draw(st.integers(low, high)), minutes=30 * draw(st.integers(0, 47)))
    return datetime.combine(day, time(0), SH) + offset


@st.composite
def cases(
    draw: st.DrawFn,
    *,
    grades: tuple[Grade | None, ...] = (Grade.A, Grade.B, Grade.C, Grade.D, None),
    max_days: int = 90,
) -> Case:
    """A customer with its history, a range to plan and the day it was flagged at risk.

    Shrinks towards an ungraded active customer with no key person and no history, planned
    for one day of January 2024.
    """
    start = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 910)))
    length = draw(st.integers(0, max_days))
    end = start + timedelta(days=length)
    status = draw(st.sampled_from((CustomerStatus.ACTIVE, CustomerStatus.AT_RISK)))
    people = tuple(
        Contact(
            id=f"K{n}",
            name="key person",
            birthday=draw(st.none() | st.dates(date(1960, 1, 1), date(2000, 12, 31))),
            vip=draw(st.booleans()),
        )
        for n in range(draw(st.integers(0, 2)))
    )
    assigned = draw(st.none() | st.integers(-20, length))
    who = Customer(
        id="C1",
        name="Acme",
        manager_id="M1",
        grade=draw(st.sampled_from(grades)),
        status=status,
        member=draw(st.booleans()),
        installed_base=draw(st.booleans()),
        group=draw(st.booleans()),
        assigned_on=None if assigned is None else start + timedelta(days=assigned),
        contacts=people,
    )
    visits = tuple(
        Visit(
            id=f"V{n}",
            customer_id="C1",
            manager_id="M1",
            channel=draw(st.sampled_from((Channel.ON_SITE, Channel.PHONE, Channel.SMS))),
            done_at=_moment(draw, start, -200, -1),
        )
        for n in range(draw(st.integers(0, 3)))
    )
    services = tuple(
        ServiceRecord(id=f"S{n}", customer_id="C1", delivered_at=_moment(draw, start, -10, length))
        for n in range(draw(st.integers(0, 2)))
    )
    complaints = []
    if draw(st.booleans()):
        received = _moment(draw, start, -10, length)
        complaint = Complaint(id="Q1", customer_id="C1", received_at=received, responsible_id="M1")
        complaint = complaint.accept(at=received, by="M1").start(at=received, by="M1")
        resolved = received + timedelta(hours=draw(st.integers(1, 72)))
        complaints.append(complaint.resolve(at=resolved, by="M1"))
    contracts = []
    if draw(st.booleans()):
        handover = _moment(draw, start, -60, length)
        accepted = handover.date() + timedelta(days=draw(st.integers(0, 20)))
        months = draw(st.sampled_from((0, 3, 6, 12)))
        contracts.append(
            Contract(
                id="K1",
                customer_id="C1",
                manager_id="M1",
                value=Money.of(1000),
                start=start - timedelta(days=90),
                end=end + timedelta(days=365),
                signed_on=start - timedelta(days=90),
                status=ContractStatus.SIGNED,
                handover_at=handover,
                accepted_on=accepted,
                commitments=(
                    (ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=months),)
                    if months
                    else ()
                ),
            )
        )
    at_risk = None
    if status is CustomerStatus.AT_RISK:
        at_risk = start + timedelta(days=draw(st.integers(-5, length)))
    record = CustomerHistory(
        customer=who,
        visits=visits,
        services=services,
        complaints=tuple(complaints),
        contracts=tuple(contracts),
    )
    return record, start, end, at_risk


def _plan(case: Case, policy: SchedulingPolicy = POLICY) -> CustomerPlan:
    record, start, end, at_risk = case
    return plan_touchpoints(record, policy, start=start, end=end, at_risk_since=at_risk)


def _only(*keep: str) -> SchedulingPolicy:
    """The preset with every rule switched off but ``keep``."""
    changes: dict[str, object] = {}
    for name in (
        "cadence",
        "first_contact",
        "service_revisit",
        "warranty",
        "complaint_revisit",
        "festival",
        "birthday",
        "active_service",
        "retention",
    ):
        rule = getattr(POLICY, name)
        changes[name] = attrs.evolve(rule, enabled=name in keep)
    return attrs.evolve(POLICY, **changes)


# ------------------------------------------------------------------------------ invariants


@given(cases())
def test_no_call_or_visit_on_a_rest_day_or_outside_working_hours(case: Case) -> None:
    """Calls and visits fall on working days in working hours; messages in message hours."""
    hours = POLICY.courtesy.message_hours
    for touchpoint in _plan(case).touchpoints:
        start, end = touchpoint.window_start, touchpoint.window_end
        assert start < end
        assert start.astimezone(SH).date() == touchpoint.due
        if touchpoint.channel.is_message:
            assert hours.start <= start.astimezone(SH).time()
            assert (end - ONE_MICROSECOND).astimezone(SH).time() < hours.end
        else:
            assert CHINA_CALENDAR.is_working_day(touchpoint.due)
            assert CHINA_CALENDAR.is_working_time(start)
            assert CHINA_CALENDAR.is_working_time(end - ONE_MICROSECOND)


@given(cases())
def test_every_event_touchpoint_lies_between_its_trigger_and_its_deadline(case: Case) -> None:
    """An event's contact is never before its trigger and never after its deadline."""
    for touchpoint in _plan(case).touchpoints:
        assert touchpoint.earliest <= touchpoint.due <= touchpoint.deadline
        for reason in touchpoint.reasons:
            assert reason.earliest <= touchpoint.due <= reason.deadline
            if reason.rule in EVENT_RULES:
                assert reason.trigger is not None
                assert reason.trigger <= reason.earliest
            if reason.trigger_at is not None:
                assert touchpoint.window_start >= reason.trigger_at
            if reason.deadline_at is not None:
                assert touchpoint.window_end <= reason.deadline_at


@given(cases(grades=(Grade.A, Grade.B, Grade.C, Grade.D), max_days=150))
def test_gap_between_routine_contacts_never_exceeds_the_cadence(case: Case) -> None:
    """Between consecutive contacts at least as strong as a cadence asks, never more than the
    cadence passes — from the last contact before the range to the range's end."""
    record, start, end, _ = case
    plan = _plan(case)
    assigned = record.customer.assigned_on
    for cadence in POLICY.cadence.for_grade(record.customer.grade):
        strength = cadence.channel.strength
        before = [
            v.done_at.astimezone(SH).date()
            for v in record.visits
            if v.done_at is not None and v.channel.strength >= strength
        ]
        # The chain counts from the last contact, else from the assignment.
        anchor = max(before) if before else assigned if assigned and assigned <= end else None
        days = [
            t.due
            for t in plan.touchpoints
            if t.channel.strength >= strength and (anchor is None or t.due > anchor)
        ]
        step = cadence.every.relative()
        if anchor and CHINA_CALENDAR.subtract_working_days(anchor + step, 0) >= start:
            days.insert(0, anchor)  # no catch-up: the gap from the anchor counts too
        for earlier, later in pairwise(days):
            assert later <= earlier + step, (cadence, earlier, later)
        if days:
            assert days[-1] + step > end


def _longest_wait(case: Case, plan: CustomerPlan, strength: int) -> int:
    """The most days without a contact at least ``strength`` strong, from the last one before
    the range (else the assignment, else the range's start) to the day after the range."""
    record, start, end, _ = case
    before = [
        v.done_at.astimezone(SH).date()
        for v in record.visits
        if v.done_at is not None and v.channel.strength >= strength
    ]
    assigned = record.customer.assigned_on
    anchor = max(before) if before else assigned if assigned and assigned <= end else start
    days = [anchor]
    days += [t.due for t in plan.touchpoints if t.channel.strength >= strength and t.due > anchor]
    days.append(end + timedelta(days=1))
    return max((later - earlier).days for earlier, later in pairwise(days))


def _longest_gap_allowed(grade: Grade, strength: int) -> int | None:
    """The most days the grade's cadences let pass without a contact ``strength`` strong (a
    month counted as 31 days), or None if no cadence of the grade is that strong."""
    days = {SpanUnit.DAY: 1, SpanUnit.WEEK: 7, SpanUnit.MONTH: 31}
    allowed = [
        c.every.count * days[c.every.unit]
        for c in POLICY.cadence.for_grade(grade)
        if c.channel.strength >= strength
    ]
    return min(allowed, default=None)


@given(cases(grades=(Grade.A,), max_days=150))
def test_higher_grade_is_never_contacted_less_often(case: Case) -> None:
    """The same customer graded A, B, C or D: under a higher grade it never waits longer for a
    visit, or for a call or visit, than under a lower grade, unless the lower grade's own
    cadence would allow that wait.  (The waits alone are not ordered: in a short range a lower
    grade's rarer contact may happen to fall late and shorten its longest wait.)"""
    record, start, end, at_risk = case
    waits: dict[Grade, dict[int, int]] = {}
    for grade in (Grade.A, Grade.B, Grade.C, Grade.D):
        graded = attrs.evolve(record, customer=attrs.evolve(record.customer, grade=grade))
        graded_case = (graded, start, end, at_risk)
        plan = _plan(graded_case)
        waits[grade] = {s: _longest_wait(graded_case, plan, s) for s in (1, 2)}
    for higher, lower in combinations((Grade.A, Grade.B, Grade.C, Grade.D), 2):
        for strength in (1, 2):
            allowed = _longest_gap_allowed(lower, strength)
            limit = (
                waits[lower][strength] if allowed is None else max(waits[lower][strength], allowed)
            )
            assert waits[higher][strength] <= limit, (higher, lower, strength, waits)


@given(cases())
def test_planning_is_deterministic(case: Case) -> None:
    """Planning twice, alone or in a portfolio, gives the same plan."""
    record, start, end, at_risk = case
    first = _plan(case)
    assert _plan(case) == first
    together = plan_portfolio(
        [record],
        POLICY,
        start=start,
        end=end,
        at_risk_since={} if at_risk is None else {"C1": at_risk},
    )
    assert together.plan_for("C1") == first


@given(cases())
def test_recording_every_planned_touchpoint_leaves_nothing_overdue(case: Case) -> None:
    """Each touchpoint recorded as done (its channel, at its window's start) leaves nothing
    overdue, whether checked against the plan or re-planned with the policy."""
    record, start, end, at_risk = case
    plan = _plan(case)
    done = tuple(
        Visit(
            id=f"D{n}",
            customer_id="C1",
            manager_id="M1",
            channel=t.channel,
            purpose=t.purpose,
            contact_id=t.key_person_id,
            reference_id=t.reference_id,
            done_at=t.window_start,
        )
        for n, t in enumerate(plan.touchpoints)
    )
    recorded = attrs.evolve(record, visits=record.visits + done)
    today = end + timedelta(days=1)
    assert overdue(recorded, plan, today=today).items == ()
    again = overdue(recorded, POLICY, today=today, since=start, at_risk_since=at_risk)
    assert again.items == (), again.explain()


@given(cases(grades=(None,), max_days=60))
def test_deduplication_never_loses_a_reason(case: Case) -> None:
    """Merging keeps every reason each rule gives alone, one touchpoint a day, with the
    strongest channel of its reasons."""
    names = (
        "first_contact",
        "service_revisit",
        "warranty",
        "complaint_revisit",
        "festival",
        "birthday",
        "retention",
    )
    merged = _plan(case, _only(*names))
    alone: Counter[object] = Counter()
    for name in names:
        alone.update(r for t in _plan(case, _only(name)).touchpoints for r in t.reasons)
    assert Counter(r for t in merged.touchpoints for r in t.reasons) == alone
    days = [t.due for t in merged.touchpoints]
    assert len(days) == len(set(days))
    for touchpoint in merged.touchpoints:
        assert touchpoint.channel.strength == max(r.channel.strength for r in touchpoint.reasons)


@given(cases(max_days=60))
def test_every_reason_is_met_by_a_contact_of_its_touchpoint(case: Case) -> None:
    """Each reason is met by its own touchpoint: the touchpoint's channel is at least as
    strong as the reason's and its day lies in the reason's window."""
    for touchpoint in _plan(case).touchpoints:
        for reason in touchpoint.reasons:
            assert touchpoint.channel.strength >= reason.channel.strength
            assert reason.earliest <= touchpoint.due <= reason.deadline

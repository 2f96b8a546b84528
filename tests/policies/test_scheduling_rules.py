"""Revisit scheduling 拜访/回访计划: edge cases of the rules of SPEC §3.2 and input checks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import attrs
import pytest

from keyaccount.domain import (
    Channel,
    CommitmentKind,
    Complaint,
    Contact,
    CustomerStatus,
    Grade,
    Purpose,
    ServiceCommitment,
    ServiceRecord,
)
from keyaccount.domain.portfolio import CustomerHistory
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.scheduling import (
    SEED_SCHEDULING,
    Cadence,
    CadenceRule,
    CapacityRule,
    CustomerPlan,
    DailyHours,
    SchedulingPolicy,
    Span,
    SpanUnit,
    monthly_plan_deadline,
    overdue,
    plan_portfolio,
    plan_touchpoints,
)
from scheduling_builders import QUIET, SH, at, contract, customer, texting, visit

MARCH_1, MARCH_31 = date(2025, 3, 1), date(2025, 3, 31)
JUNE_1, JUNE_30 = date(2025, 6, 1), date(2025, 6, 30)


def resolved(when: datetime) -> Complaint:
    complaint = Complaint(
        id="Q1", customer_id="C1", received_at=when - timedelta(hours=5), responsible_id="M1"
    )
    complaint = complaint.accept(at=when - timedelta(hours=4), by="M1")
    complaint = complaint.start(at=when - timedelta(hours=3), by="M1")
    return complaint.resolve(at=when, by="M1")


# ------------------------------------------------------------------------------ the policy


def test_daily_hours_refuse_text_for_a_time() -> None:
    """Hours are times of day; a text like '08:00' is refused with the field named."""
    with pytest.raises(PolicyError) as caught:
        DailyHours(start="08:00", end=time(21, 0))  # type: ignore[arg-type]
    assert str(caught.value) == "start: expected a time of day without time zone, got '08:00'"


def test_daily_hours_refuse_a_time_with_a_time_zone() -> None:
    """Hours are local wall-clock times: a time carrying a zone is refused."""
    with pytest.raises(PolicyError, match=r"^end: expected a time of day without time zone"):
        DailyHours(start=time(8, 0), end=time(21, 0, tzinfo=SH))


def test_a_cadence_reads_as_grade_channel_and_interval() -> None:
    """A cadence in words names the grade, the channel and the interval."""
    cadence = Cadence(
        grade=Grade.A, channel=Channel.ON_SITE, every=Span(count=1, unit=SpanUnit.MONTH)
    )
    assert str(cadence) == "grade A: on-site every 1 month"


# ------------------------------------------------------------------------------ input checks


def test_a_start_that_is_a_datetime_is_refused() -> None:
    """The range is made of days: a datetime start is refused."""
    with pytest.raises(ValidationError) as caught:
        plan_touchpoints(customer(), QUIET, start=datetime(2025, 3, 1), end=MARCH_31)
    assert str(caught.value) == "start: expected a date, got datetime.datetime(2025, 3, 1, 0, 0)"


def test_something_else_than_a_policy_is_refused() -> None:
    """The policy must be a SchedulingPolicy."""
    with pytest.raises(ValidationError) as caught:
        plan_touchpoints(customer(), "seed", start=MARCH_1, end=MARCH_31)  # type: ignore[arg-type]
    assert str(caught.value) == "policy: expected a SchedulingPolicy, got 'seed'"


def test_an_at_risk_day_that_is_not_a_date_is_refused() -> None:
    """The day a customer was flagged at risk must be a date."""
    at_risk = customer(status=CustomerStatus.AT_RISK)
    with pytest.raises(ValidationError) as caught:
        plan_touchpoints(at_risk, QUIET, at_risk_since="2025-03-07", start=MARCH_1, end=MARCH_31)  # type: ignore[arg-type]
    assert str(caught.value) == "at_risk_since: expected a date, got '2025-03-07'"


def test_a_history_whose_customer_is_not_a_customer_is_refused() -> None:
    """A history must hold a Customer."""
    with pytest.raises(ValidationError) as caught:
        plan_touchpoints(CustomerHistory(customer="C1"), QUIET, start=MARCH_1, end=MARCH_31)  # type: ignore[arg-type]
    assert str(caught.value) == "history.customer: expected a Customer, got 'C1'"


def test_history_records_that_are_not_a_sequence_are_refused() -> None:
    """Visits must be a tuple (or list) of visits."""
    no_visits = CustomerHistory(customer=customer(), visits=None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        plan_touchpoints(no_visits, QUIET, start=MARCH_1, end=MARCH_31)
    assert str(caught.value) == "history.visits: expected a tuple of Visit, got None"


def test_history_records_of_the_wrong_kind_are_all_reported() -> None:
    """Every record of the wrong kind is reported, each by its path."""
    history = CustomerHistory(
        customer=customer(),
        visits=("V1",),  # type: ignore[arg-type]
        services=(visit(at(2025, 3, 3)),),  # type: ignore[arg-type]
    )
    with pytest.raises(ValidationError) as caught:
        plan_touchpoints(history, QUIET, start=MARCH_1, end=MARCH_31)
    assert caught.value.paths == ["history.visits[0]", "history.services[0]"]
    assert str(caught.value).splitlines()[0] == "history.visits[0]: expected a Visit, got 'V1'"


def test_history_records_given_as_lists_plan_like_tuples() -> None:
    """Records in lists are read like tuples: the plan is the same."""
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 4))
    as_list = CustomerHistory(customer=customer(), services=[service])  # type: ignore[arg-type]
    as_tuple = CustomerHistory(customer=customer(), services=(service,))
    planned = plan_touchpoints(as_list, QUIET, start=MARCH_1, end=MARCH_31)
    assert planned == plan_touchpoints(as_tuple, QUIET, start=MARCH_1, end=MARCH_31)
    assert [t.reference_id for t in planned.touchpoints] == ["S1"]


def test_portfolio_of_a_text_is_refused() -> None:
    """A portfolio is an iterable or a mapping of histories, not a text."""
    with pytest.raises(ValidationError) as caught:
        plan_portfolio("C1", QUIET, start=MARCH_1, end=MARCH_31)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "histories: expected customer histories (an iterable or a mapping by id), got 'C1'"
    )


def test_portfolio_at_risk_days_must_be_a_mapping() -> None:
    """The at-risk days of a portfolio are a mapping of customer id to date."""
    flagged = [date(2025, 3, 7)]
    with pytest.raises(ValidationError) as caught:
        plan_portfolio([customer()], QUIET, at_risk_since=flagged, start=MARCH_1, end=MARCH_31)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "at_risk_since: expected a mapping of customer id to date, got [datetime.date(2025, 3, 7)]"
    )


def test_overdue_needs_a_date_for_today() -> None:
    """``today`` is a day, not a text."""
    with pytest.raises(ValidationError) as caught:
        overdue(customer(), QUIET, today="2025-03-20")  # type: ignore[arg-type]
    assert str(caught.value) == "today: expected a date, got '2025-03-20'"


def test_overdue_needs_a_plan_or_a_policy() -> None:
    """Overdue checks against a CustomerPlan or re-plans with a SchedulingPolicy."""
    with pytest.raises(ValidationError) as caught:
        overdue(customer(), "seed", today=date(2025, 3, 20))  # type: ignore[arg-type]
    assert str(caught.value) == (
        "plan_or_policy: expected a CustomerPlan or a SchedulingPolicy, got 'seed'"
    )


def test_overdue_from_today_has_nothing_to_report() -> None:
    """Re-planned from today itself, no deadline can have passed yet."""
    at_risk = customer(status=CustomerStatus.AT_RISK)
    report = overdue(at_risk, QUIET, today=date(2025, 3, 20), since=date(2025, 3, 20))
    assert (report.count, report.since) == (0, date(2025, 3, 20))


def test_monthly_plan_deadline_needs_a_whole_year() -> None:
    """The year is a whole number, not a text."""
    with pytest.raises(ValidationError) as caught:
        monthly_plan_deadline("2025", 1)  # type: ignore[arg-type]
    assert str(caught.value) == "year: expected a year as a whole number, got '2025'"


def test_monthly_plan_deadline_refuses_a_year_past_9999() -> None:
    """A year past 9999 has no dates at all."""
    with pytest.raises(ValidationError) as caught:
        monthly_plan_deadline(10_000, 1)
    assert str(caught.value) == "year: expected a year from 1 to 9999, got 10000"


def test_monthly_plan_deadline_refuses_a_year_outside_the_calendar() -> None:
    """The calendar knows holidays from 1950 to 2100 only."""
    with pytest.raises(ValidationError) as caught:
        monthly_plan_deadline(1900, 1)
    assert str(caught.value) == "year: expected a year the calendar covers, got 1900"


# ------------------------------------------------------------------------------- results


def test_a_day_without_a_touchpoint_has_none() -> None:
    """``CustomerPlan.on`` gives None for a day with nothing planned."""
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 4))
    plan = plan_touchpoints(
        CustomerHistory(customer=customer(), services=(service,)),
        QUIET,
        start=MARCH_1,
        end=MARCH_31,
    )
    assert plan.on(date(2025, 3, 5)) is not None
    assert plan.on(date(2025, 3, 6)) is None


def test_a_lost_customers_plan_says_why_it_is_empty() -> None:
    """A lost customer is not planned, and the explanation says so."""
    plan = plan_touchpoints(
        customer(status=CustomerStatus.LOST), SEED_SCHEDULING, start=MARCH_1, end=MARCH_31
    )
    assert plan.explain() == (
        "customer C1 (manager M1), 2025-03-01 to 2025-03-31, policy 'seed-scheduling' 1: "
        "0 touchpoints — status lost is not planned by the policy"
    )


def test_portfolio_explanation_lists_the_conflicts_before_the_plans() -> None:
    """The summary counts touchpoints, moves and conflicts; conflicts come next, then plans."""
    policy = attrs.evolve(
        QUIET, birthday=SEED_SCHEDULING.birthday, capacity=CapacityRule(max_on_site_per_day=4)
    )
    people = (Contact(id="K1", name="Zhang", birthday=date(1980, 3, 12)),)
    customers = [customer(id=f"C{n}", contacts=people) for n in range(6)]
    lines = plan_portfolio(customers, policy, start=MARCH_1, end=MARCH_31).explain().splitlines()
    assert lines[:3] == [
        "6 customers, 2025-03-01 to 2025-03-31, policy 'seed-scheduling' 1: 6 touchpoints, "
        "0 moved for capacity, 1 conflict",
        "conflict: manager M1 on 2025-03-12 (Wed): 6 on-site visits, capacity 4; no other day "
        "in their windows for C4, C5",
        "customer C0 (manager M1), 2025-03-01 to 2025-03-31, policy 'seed-scheduling' 1: "
        "1 touchpoint",
    ]
    assert sum(line.startswith("customer C") for line in lines) == 6


# ------------------------------------------------------------------------- rule edge cases


def test_a_message_revisit_may_fall_on_a_rest_day() -> None:
    """A complaint revisit by SMS, resolved on Friday, is due on Saturday: messages may go on
    rest days (rule 10)."""
    policy = attrs.evolve(
        QUIET, complaint_revisit=attrs.evolve(QUIET.complaint_revisit, channel=Channel.SMS)
    )
    history = CustomerHistory(customer=customer(), complaints=(resolved(at(2025, 3, 7, 11)),))
    (touchpoint,) = plan_touchpoints(history, policy, start=MARCH_1, end=MARCH_31).touchpoints
    assert (touchpoint.due, touchpoint.deadline) == (date(2025, 3, 8), date(2025, 3, 12))
    assert (touchpoint.window_start, touchpoint.window_end) == (
        at(2025, 3, 8, 8),
        at(2025, 3, 8, 21),
    )


def _phone_greeting_at(send_at: time) -> tuple[datetime, datetime]:
    festival = attrs.evolve(SEED_SCHEDULING.festival, channel=Channel.PHONE, send_at=send_at)
    who = customer(contacts=(Contact(id="K1", name="Zhang"),))
    plan = plan_touchpoints(
        who,
        attrs.evolve(QUIET, festival=festival),
        start=date(2025, 12, 1),
        end=date(2025, 12, 31),
    )
    (touchpoint,) = plan.touchpoints
    assert touchpoint.due == date(2025, 12, 31)
    return touchpoint.window_start, touchpoint.window_end


def test_an_afternoon_greeting_call_starts_after_the_lunch_break() -> None:
    """A New Year greeting call set for 14:00 is planned from 14:00 in the afternoon hours."""
    assert _phone_greeting_at(time(14, 0)) == (at(2025, 12, 31, 14), at(2025, 12, 31, 17, 30))


def test_a_greeting_call_set_after_hours_keeps_the_whole_working_day() -> None:
    """A call preferred at 18:00, after working hours, may go at any working hour that day."""
    assert _phone_greeting_at(time(18, 0)) == (at(2025, 12, 31, 8), at(2025, 12, 31, 17, 30))


def test_a_range_of_rest_days_inside_a_festival_visit_window_plans_no_visit() -> None:
    """Saturday 2025-09-27 lies in the Mid-Autumn visit window (25-30 September), but a visit
    cannot go on a rest day: a plan for that day alone is empty, the month's plan has it."""
    policy = attrs.evolve(QUIET, festival=SEED_SCHEDULING.festival)
    grade_a = customer(grade=Grade.A)
    saturday = date(2025, 9, 27)
    assert plan_touchpoints(grade_a, policy, start=saturday, end=saturday).touchpoints == ()
    september = plan_touchpoints(grade_a, policy, start=date(2025, 9, 1), end=date(2025, 9, 30))
    (touchpoint,) = september.touchpoints
    assert (touchpoint.earliest, touchpoint.deadline) == (date(2025, 9, 25), date(2025, 9, 30))
    assert touchpoint.purpose is Purpose.HOLIDAY_VISIT


def test_a_contact_with_another_key_person_does_not_meet_a_birthday_greeting() -> None:
    """An SMS to Li on Zhang's birthday does not greet Zhang: the greeting is overdue; the
    same SMS to Zhang meets it."""
    policy = attrs.evolve(QUIET, birthday=attrs.evolve(SEED_SCHEDULING.birthday, gift_channel=None))
    who = customer(
        contacts=(
            Contact(id="K1", name="Zhang", birthday=date(1980, 3, 12)),
            Contact(id="K2", name="Li"),
        )
    )
    to_li = visit(at(2025, 3, 12, 9, 30), Channel.SMS, contact_id="K2")
    report = overdue(
        CustomerHistory(customer=who, visits=(to_li,)),
        policy,
        today=date(2025, 3, 20),
        since=date(2025, 3, 1),
    )
    (item,) = report.items
    assert (item.days_overdue, item.touchpoint.key_person_id) == (8, "K1")
    to_zhang = visit(at(2025, 3, 12, 9, 30), Channel.SMS, contact_id="K1")
    met = overdue(
        CustomerHistory(customer=who, visits=(to_zhang,)),
        policy,
        today=date(2025, 3, 20),
        since=date(2025, 3, 1),
    )
    assert met.count == 0


def test_a_handover_call_later_the_same_day_than_its_deadline_is_late() -> None:
    """Handed over at 10:00, the call is due by 14:30; a call at 16:00 that day is late
    [seed 004 篇5 "交底后3小时内"]."""
    history = CustomerHistory(
        customer=customer(),
        contracts=(contract(handover_at=at(2025, 6, 10, 10)),),
        visits=(visit(at(2025, 6, 10, 16)),),
    )
    report = overdue(history, QUIET, today=date(2025, 6, 12), since=date(2025, 6, 1))
    (item,) = report.items
    assert item.touchpoint.deadline_at == at(2025, 6, 10, 14, 30)
    assert (item.days_overdue, item.done_late_at) == (2, at(2025, 6, 10, 16))


def _warranty_calls(policy: SchedulingPolicy) -> list[tuple[date, date, date]]:
    one_month = ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=1)
    deal = contract(accepted_on=date(2025, 3, 3), commitments=(one_month,))
    plan = plan_touchpoints(
        CustomerHistory(customer=customer(), contracts=(deal,)),
        policy,
        start=date(2025, 3, 1),
        end=date(2025, 4, 30),
    )
    return [
        (t.earliest, t.due, t.deadline)
        for t in plan.touchpoints
        if t.purpose is Purpose.WARRANTY_CALLBACK
    ]


def test_warranty_calls_closer_than_the_calendar_allows_go_on_the_next_working_day() -> None:
    """Ten calls in a one-month warranty: a call whose day is not after the previous one
    (6 March is the acceptance deadline, 9 March a Sunday) goes on the next working day."""
    policy = attrs.evolve(QUIET, warranty=attrs.evolve(QUIET.warranty, min_callbacks=10))
    calls = [due for _, due, _ in _warranty_calls(policy)]
    assert calls[:3] == [date(2025, 3, 7), date(2025, 3, 10), date(2025, 3, 12)]
    assert len(calls) == 10
    assert calls == sorted(set(calls))


@pytest.mark.parametrize(
    ("within", "first_call"),
    [
        # 3 working days from Monday 3 March: the acceptance call is due by Thursday 6 March.
        (Span(count=3, unit=SpanUnit.WORKING_DAY), (date(2025, 3, 7), date(2025, 3, 13))),
        # 16 working hours from the start of 3 March end on 4 March at 17:30.
        (Span(count=16, unit=SpanUnit.WORKING_HOUR), (date(2025, 3, 5), date(2025, 3, 13))),
        # Two calendar weeks end on 17 March, after the first call's target of 13 March.
        (Span(count=2, unit=SpanUnit.WEEK), (date(2025, 3, 18), date(2025, 3, 18))),
    ],
)
def test_the_first_warranty_call_counts_from_the_acceptance_calls_deadline(
    within: Span, first_call: tuple[date, date]
) -> None:
    """The first warranty call is due after the acceptance call's deadline, whatever the unit
    of the acceptance span."""
    policy = attrs.evolve(QUIET, warranty=attrs.evolve(QUIET.warranty, acceptance_within=within))
    earliest, due, _ = _warranty_calls(policy)[0]
    assert (earliest, due) == first_call


def test_a_daily_cadence_skips_the_weekend_to_the_next_working_day() -> None:
    """A daily call after Friday's call is due on Monday: a rest period longer than the
    interval moves the contact to the next allowed day, never back to the last one."""
    daily = CadenceRule(
        cadences=(
            Cadence(grade=Grade.A, channel=Channel.PHONE, every=Span(count=1, unit=SpanUnit.DAY)),
        )
    )
    history = CustomerHistory(customer=customer(grade=Grade.A), visits=(visit(at(2025, 3, 7)),))
    plan = plan_touchpoints(
        history,
        attrs.evolve(QUIET, cadence=daily),
        start=date(2025, 3, 8),
        end=date(2025, 3, 11),
    )
    assert [(t.earliest, t.due) for t in plan.touchpoints] == [
        (date(2025, 3, 8), date(2025, 3, 10)),
        (date(2025, 3, 11), date(2025, 3, 11)),
    ]


def test_capacity_never_moves_a_visit_onto_a_day_the_customer_already_has_a_contact() -> None:
    """Rule 11 holds when capacity moves visits: C5's festival visit skips 11 February, when
    C5 already has a revisit call, and goes on the 12th."""
    policy = attrs.evolve(
        QUIET, festival=SEED_SCHEDULING.festival, capacity=CapacityRule(max_on_site_per_day=4)
    )
    histories = [CustomerHistory(customer=customer(id=f"C{n}", grade=Grade.A)) for n in range(5)]
    service = ServiceRecord(id="S1", customer_id="C5", delivered_at=at(2026, 2, 10, 15))
    histories.append(
        CustomerHistory(customer=customer(id="C5", grade=Grade.A), services=(service,))
    )
    result = plan_portfolio(histories, policy, start=date(2026, 2, 1), end=date(2026, 2, 28))
    moved = {t.customer_id: t.due for t in result.touchpoints("M1") if t.moved_from is not None}
    assert moved == {"C4": date(2026, 2, 11), "C5": date(2026, 2, 12)}
    assert [t.due for t in result.plan_for("C5").touchpoints] == [
        date(2026, 2, 11),
        date(2026, 2, 12),
    ]


def test_capacity_fills_the_nearest_days_without_overloading_any() -> None:
    """Ten festival visits on one day with room for four: the visits moved fill the 11th, and
    once it is full the 12th; no day of the window gets more than four."""
    policy = attrs.evolve(
        QUIET, festival=SEED_SCHEDULING.festival, capacity=CapacityRule(max_on_site_per_day=4)
    )
    grade_a = [customer(id=f"C{n}", grade=Grade.A) for n in range(10)]
    result = plan_portfolio(grade_a, policy, start=date(2026, 2, 1), end=date(2026, 2, 28))
    per_day: dict[date, int] = {}
    for touchpoint in result.touchpoints("M1"):
        per_day[touchpoint.due] = per_day.get(touchpoint.due, 0) + 1
    assert per_day == {date(2026, 2, 10): 4, date(2026, 2, 11): 4, date(2026, 2, 12): 2}
    assert (result.moved, result.conflicts) == (6, ())


# --------------------------------------------------------------- merging time constraints


def _two_handovers() -> CustomerHistory:
    """K1 handed over at 08:00 (call by 11:00), K2 at 16:00 the same day (call by 09:30)."""
    return CustomerHistory(
        customer=customer(),
        contracts=(
            contract(id="K1", handover_at=at(2025, 6, 10, 8)),
            contract(id="K2", handover_at=at(2025, 6, 10, 16)),
        ),
    )


def _plan_rows(plan: CustomerPlan) -> list[tuple[date, list[str | None], datetime, datetime]]:
    return [
        (t.due, [r.reference_id for r in t.reasons], t.window_start, t.window_end)
        for t in plan.touchpoints
    ]


def test_a_reason_sharing_no_time_with_the_days_strongest_moves_to_its_next_day() -> None:
    """Rule 11 (one contact a day): the calls for two handovers on one day have no common time
    (08:00-11:00 and from 16:00), so K2's call moves to the next working day, before its
    09:30 deadline, instead of sharing a window it cannot be met in."""
    plan = plan_touchpoints(_two_handovers(), QUIET, start=JUNE_1, end=JUNE_30)
    assert _plan_rows(plan) == [
        (date(2025, 6, 10), ["K1"], at(2025, 6, 10, 8), at(2025, 6, 10, 11)),
        (date(2025, 6, 11), ["K2"], at(2025, 6, 11, 8), at(2025, 6, 11, 9, 30)),
    ]


def test_a_call_in_the_window_of_each_touchpoint_meets_all_its_reasons() -> None:
    """Recording each planned contact once, inside its window, meets every reason."""
    plan = plan_touchpoints(_two_handovers(), QUIET, start=JUNE_1, end=JUNE_30)
    done = tuple(visit(t.window_start + timedelta(minutes=30)) for t in plan.touchpoints)
    history = attrs.evolve(_two_handovers(), visits=done)
    assert overdue(history, plan, today=date(2025, 6, 12)).count == 0


def test_a_reason_moved_past_the_range_is_planned_by_the_next_range() -> None:
    """K2's call moves to 11 June; a plan that ends on the 10th leaves it to the plan that
    starts on the 11th, which has it."""
    june_10 = plan_touchpoints(_two_handovers(), QUIET, start=JUNE_1, end=date(2025, 6, 10))
    assert [row[:2] for row in _plan_rows(june_10)] == [(date(2025, 6, 10), ["K1"])]
    june_11 = plan_touchpoints(_two_handovers(), QUIET, start=date(2025, 6, 11), end=JUNE_30)
    assert [row[:2] for row in _plan_rows(june_11)] == [(date(2025, 6, 11), ["K2"])]


def test_reasons_that_cannot_move_stay_merged_in_the_strongest_reasons_window() -> None:
    """With calls due within one working hour both deadlines fall on the handover day (09:00
    and 17:00): K2 has no later day to go to, so it stays on the one touchpoint of the day,
    whose window is K1's own (see the known limitations in the scheduling docs)."""
    policy = attrs.evolve(
        QUIET,
        warranty=attrs.evolve(
            QUIET.warranty, handover_within=Span(count=1, unit=SpanUnit.WORKING_HOUR)
        ),
    )
    plan = plan_touchpoints(_two_handovers(), policy, start=JUNE_1, end=JUNE_30)
    assert _plan_rows(plan) == [
        (date(2025, 6, 10), ["K1", "K2"], at(2025, 6, 10, 8), at(2025, 6, 10, 9)),
    ]
    assert plan.touchpoints[0].deadline_at == at(2025, 6, 10, 9)


def test_a_reason_without_a_usable_moment_is_due_on_its_deadline_day() -> None:
    """A contact with no usable moment before its deadline is planned on the deadline day."""
    policy = texting(time(9), time(17))
    friday_evening = CustomerHistory(
        customer=customer(), contracts=(contract(handover_at=at(2025, 6, 13, 17)),)
    )
    (touchpoint,) = plan_touchpoints(friday_evening, policy, start=JUNE_1, end=JUNE_30).touchpoints
    assert touchpoint.due == date(2025, 6, 16)
    # The deadline (Monday 08:30) comes before the first message hour, so the window is the
    # deadline day's own message hours.
    assert (touchpoint.window_start, touchpoint.window_end) == (
        at(2025, 6, 16, 9),
        at(2025, 6, 16, 17),
    )
    assert touchpoint.deadline_at == at(2025, 6, 16, 8, 30)

"""Revisit scheduling 拜访/回访计划: each rule of SPEC §3.2 on worked examples, with its seed."""

from __future__ import annotations

import gc
from datetime import date, datetime, time, timedelta

import attrs
import pytest

from keyaccount.calendar import CHINA_CALENDAR, Festival
from keyaccount.domain import (
    Channel,
    CommitmentKind,
    Complaint,
    Contact,
    Customer,
    CustomerStatus,
    Grade,
    Purpose,
    ServiceCommitment,
    ServiceRecord,
    Visit,
)
from keyaccount.domain.portfolio import CustomerHistory
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.scheduling import (
    SEED_CADENCE,
    SEED_SCHEDULING,
    ActiveServiceRule,
    Cadence,
    CadenceRule,
    CapacityRule,
    CourtesyRule,
    DailyHours,
    FestivalRule,
    OverdueReport,
    PortfolioPlan,
    ScheduleRule,
    SchedulingPolicy,
    ServiceRevisitRule,
    Span,
    SpanUnit,
    monthly_plan_deadline,
    overdue,
    plan_portfolio,
    plan_touchpoints,
)
from keyaccount.serialization import from_dict, to_dict
from scheduling_builders import QUIET, at, contract, customer, visit

QUIET_WITH_CADENCE = attrs.evolve(QUIET, cadence=SEED_CADENCE)
"""The quiet policy with the preset cadences back on."""


def history(who: Customer | None = None, **records: object) -> CustomerHistory:
    return CustomerHistory(customer=who or customer(), **records)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ the policy


def test_preset_round_trips_through_plain_data() -> None:
    """The preset policy survives to_dict and from_dict unchanged."""
    assert from_dict(SchedulingPolicy, to_dict(SEED_SCHEDULING)) == SEED_SCHEDULING


def test_preset_names_every_rule_of_the_seeds() -> None:
    """The preset's numbers are those of SPEC §3.2 [seed 002; seed 004 篇5]."""
    policy = SEED_SCHEDULING
    assert policy.service_revisit.within == Span(count=3, unit=SpanUnit.WORKING_DAY)
    assert policy.first_contact.within == Span(count=1, unit=SpanUnit.WEEK)
    assert policy.warranty.handover_within == Span(count=3, unit=SpanUnit.WORKING_HOUR)
    assert policy.warranty.min_callbacks == 3
    assert policy.festival.festivals == tuple(Festival)
    assert policy.capacity.max_on_site_per_day == 4


def test_higher_grade_contacted_less_often_is_refused() -> None:
    """A cadence table where grade B is called less often than grade C is a PolicyError."""
    cadences = (
        Cadence(grade=Grade.A, channel=Channel.PHONE, every=Span(count=2, unit=SpanUnit.WEEK)),
        Cadence(grade=Grade.B, channel=Channel.PHONE, every=Span(count=6, unit=SpanUnit.MONTH)),
        Cadence(grade=Grade.C, channel=Channel.PHONE, every=Span(count=3, unit=SpanUnit.MONTH)),
    )
    with pytest.raises(PolicyError) as caught:
        CadenceRule(cadences=cadences)
    assert str(caught.value) == (
        "a higher grade must not be contacted less often than a lower one, got grade B "
        "phone or stronger every 6 months but grade C every 3 months"
    )


def test_grade_without_cadence_above_a_grade_with_one_is_refused() -> None:
    """A grade with no cadence may not sit above a grade that has one."""
    cadences = (
        Cadence(grade=Grade.B, channel=Channel.PHONE, every=Span(count=1, unit=SpanUnit.MONTH)),
    )
    with pytest.raises(PolicyError) as caught:
        CadenceRule(cadences=cadences)
    assert str(caught.value) == (
        "a higher grade must not be contacted less often than a lower one, got grade A "
        "phone or stronger never but grade B every 1 month"
    )


def test_lower_grade_more_frequent_than_higher_is_refused_with_both_cadences() -> None:
    """The message names both grades and both intervals."""
    cadences = (
        *SEED_CADENCE.cadences[:4],
        Cadence(grade=Grade.C, channel=Channel.PHONE, every=Span(count=2, unit=SpanUnit.WEEK)),
    )
    with pytest.raises(PolicyError) as caught:
        CadenceRule(cadences=cadences)
    assert str(caught.value) == (
        "a higher grade must not be contacted less often than a lower one, got grade B "
        "phone or stronger every 1 month but grade C every 2 weeks"
    )


def test_a_grade_and_channel_listed_twice_is_refused() -> None:
    """Two cadences for the same grade and channel are ambiguous."""
    twice = (SEED_CADENCE.cadences[0], SEED_CADENCE.cadences[0])
    with pytest.raises(PolicyError, match=r"^cadences\[1\]: expected a grade and channel listed"):
        CadenceRule(cadences=twice)


def test_cadence_counted_in_working_days_is_refused() -> None:
    """A cadence is counted in days, weeks or months only."""
    with pytest.raises(PolicyError) as caught:
        Cadence(
            grade=Grade.A, channel=Channel.PHONE, every=Span(count=5, unit=SpanUnit.WORKING_DAY)
        )
    assert str(caught.value).startswith("every: expected a Span in day, week, month, got Span(")


def test_span_of_zero_is_refused() -> None:
    """A span counts at least one unit."""
    with pytest.raises(PolicyError) as caught:
        Span(count=0, unit=SpanUnit.DAY)
    assert str(caught.value) == "count: expected a number from 1 to 1000, got 0"


def test_greeting_at_night_is_refused() -> None:
    """A message greeting must go within the courtesy rule's message hours."""
    early = attrs.evolve(SEED_SCHEDULING.festival, send_at=time(7, 0))
    with pytest.raises(PolicyError) as caught:
        attrs.evolve(SEED_SCHEDULING, festival=early)
    assert str(caught.value) == (
        "festival.send_at: expected a time within courtesy.message_hours (08:00–21:00), "
        "got datetime.time(7, 0)"
    )


def test_daily_hours_must_start_before_they_end() -> None:
    """Message hours from 21:00 to 08:00 are refused."""
    with pytest.raises(PolicyError) as caught:
        DailyHours(start=time(21, 0), end=time(8, 0))
    assert str(caught.value) == "daily hours must start before they end, got 21:00 to 08:00"


def test_policy_loaded_from_plain_data_reports_the_bad_path() -> None:
    """A bad value in a policy mapping is reported with its path."""
    data = to_dict(SEED_SCHEDULING)
    data["capacity"]["max_on_site_per_day"] = 0
    with pytest.raises(PolicyError, match="max_on_site_per_day"):
        from_dict(SchedulingPolicy, data)


# ------------------------------------------------------------------------------ the inputs


def test_range_ending_before_it_starts_is_refused() -> None:
    """``end`` before ``start`` is a ValidationError naming both."""
    with pytest.raises(ValidationError) as caught:
        plan_touchpoints(customer(), SEED_SCHEDULING, start=date(2025, 2, 1), end=date(2025, 1, 1))
    assert str(caught.value) == (
        "end: expected a date on or after start (2025-02-01), got datetime.date(2025, 1, 1)"
    )


def test_history_of_another_customer_is_refused() -> None:
    """A visit of another customer in the history is reported with its path."""
    stray = Visit(
        id="V9", customer_id="C2", manager_id="M1", channel=Channel.PHONE, done_at=at(2025, 1, 2)
    )
    with pytest.raises(ValidationError) as caught:
        plan_touchpoints(
            history(visits=(stray,)), SEED_SCHEDULING, start=date(2025, 1, 1), end=date(2025, 1, 31)
        )
    assert str(caught.value) == (
        "history.visits[0].customer_id: expected 'C1', the customer of the history, got 'C2'"
    )


def test_something_else_than_a_history_is_refused() -> None:
    """Only a CustomerHistory or a Customer can be planned."""
    with pytest.raises(ValidationError) as caught:
        plan_touchpoints("C1", SEED_SCHEDULING, start=date(2025, 1, 1), end=date(2025, 1, 31))  # type: ignore[arg-type]
    assert str(caught.value) == "history: expected a CustomerHistory or a Customer, got 'C1'"


def test_lost_customers_are_not_planned() -> None:
    """A lost customer's plan is empty and says why."""
    plan = plan_touchpoints(
        customer(status=CustomerStatus.LOST, grade=Grade.A),
        SEED_SCHEDULING,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
    )
    assert plan.touchpoints == ()
    assert plan.excluded_because == "status lost is not planned by the policy"


# ------------------------------------------------------------------------ rule 1, cadence


def test_grade_a_visited_monthly_from_the_last_visit_seed_002() -> None:
    """A grade A customer visited on 2025-03-10 is due on site again by 2025-04-10
    [seed 002 "分层分级开展日常拜访活动"]."""
    record = history(
        customer(grade=Grade.A),
        visits=(
            visit(at(2025, 3, 10), Channel.ON_SITE),
            visit(at(2025, 3, 25), Channel.PHONE, "V2"),
        ),
    )
    plan = plan_touchpoints(
        record, QUIET_WITH_CADENCE, start=date(2025, 4, 1), end=date(2025, 4, 30)
    )
    on_site = [t for t in plan.touchpoints if t.channel is Channel.ON_SITE]
    assert [t.due for t in on_site] == [date(2025, 4, 10)]
    assert on_site[0].reasons[0].text == "grade A: on-site every 1 month; last contact 2025-03-10"


def test_cadence_due_day_moves_back_to_a_working_day() -> None:
    """A target on a rest day moves to the working day before, so the gap never grows."""
    record = history(customer(grade=Grade.C), visits=(visit(at(2024, 10, 1)),))
    plan = plan_touchpoints(
        record, QUIET_WITH_CADENCE, start=date(2024, 12, 1), end=date(2025, 1, 31)
    )
    # 2025-01-01 is New Year's Day: the call is due on Tuesday 2024-12-31.
    assert [t.due for t in plan.touchpoints] == [date(2024, 12, 31)]


def test_overdue_cadence_is_caught_up_on_the_first_working_day() -> None:
    """A contact already late when the range starts is planned on its first working day."""
    record = history(customer(grade=Grade.D), visits=(visit(at(2024, 1, 5)),))
    plan = plan_touchpoints(
        record, QUIET_WITH_CADENCE, start=date(2025, 1, 1), end=date(2025, 1, 31)
    )
    (touchpoint,) = plan.touchpoints
    assert touchpoint.due == date(2025, 1, 2)
    assert touchpoint.reasons[0].text == (
        "grade D: phone every 6 months; last contact 2024-01-05, was due 2024-07-05 — catch up"
    )


def test_a_planned_visit_carries_the_call_cadence() -> None:
    """A call due within the window of a planned visit rides on the visit (rule 11)."""
    record = history(
        customer(grade=Grade.B),
        visits=(
            visit(at(2025, 1, 6), Channel.ON_SITE),
            visit(at(2025, 3, 10), Channel.PHONE, "V2"),
        ),
    )
    plan = plan_touchpoints(
        record, QUIET_WITH_CADENCE, start=date(2025, 4, 1), end=date(2025, 4, 20)
    )
    (touchpoint,) = plan.touchpoints
    assert touchpoint.due == date(2025, 4, 3)  # 2025-04-06 is a Sunday, 04-04 Qingming
    assert touchpoint.channel is Channel.ON_SITE
    assert [str(r.channel) for r in touchpoint.reasons] == ["on-site", "phone"]


def test_ungraded_customers_have_no_cadence() -> None:
    """Without a grade no cadence applies."""
    plan = plan_touchpoints(
        customer(), QUIET_WITH_CADENCE, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    assert plan.touchpoints == ()


# ------------------------------------------------------------------- rule 2, first contact


def test_first_contact_within_a_week_of_assignment_seed_002() -> None:
    """Assigned on Monday 2025-01-20, the first contact is due by Monday 2025-01-27
    [seed 002 "应在一周内与客户进行沟通"]."""
    plan = plan_touchpoints(
        customer(assigned_on=date(2025, 1, 20)),
        QUIET,
        start=date(2025, 1, 1),
        end=date(2025, 1, 31),
    )
    (touchpoint,) = plan.touchpoints
    assert (touchpoint.due, touchpoint.deadline) == (date(2025, 1, 20), date(2025, 1, 27))
    assert touchpoint.rule is ScheduleRule.FIRST_CONTACT


def test_first_contact_already_made_is_not_planned_again() -> None:
    """A call after the assignment meets the first-contact rule."""
    record = history(customer(assigned_on=date(2025, 1, 20)), visits=(visit(at(2025, 1, 21)),))
    plan = plan_touchpoints(record, QUIET, start=date(2025, 1, 22), end=date(2025, 1, 31))
    assert plan.touchpoints == ()


# ------------------------------------------------------------- rule 3, revisit after service


def test_service_revisit_within_three_working_days_seed_002() -> None:
    """A service on Tuesday 2025-09-30 is revisited by Saturday 2025-10-11, a declared working
    day after the National Day holidays [seed 002 "必须保证在三天之内回访"]."""
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 9, 30, 15))
    plan = plan_touchpoints(
        history(services=(service,)), QUIET, start=date(2025, 9, 1), end=date(2025, 10, 31)
    )
    (touchpoint,) = plan.touchpoints
    assert touchpoint.due == date(2025, 10, 9)
    assert touchpoint.deadline == date(2025, 10, 11)
    assert touchpoint.reasons[0].reference_id == "S1"


def test_non_members_are_revisited_only_if_the_policy_says_so() -> None:
    """With ``non_members`` off only member customers are revisited [seed 002 "会员客户"]."""
    policy = attrs.evolve(
        QUIET, service_revisit=attrs.evolve(QUIET.service_revisit, non_members=False)
    )
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 4))
    start, end = date(2025, 3, 1), date(2025, 3, 31)
    plain = plan_touchpoints(history(services=(service,)), policy, start=start, end=end)
    member = plan_touchpoints(
        history(customer(member=True), services=(service,)), policy, start=start, end=end
    )
    assert plain.touchpoints == ()
    assert [t.due for t in member.touchpoints] == [date(2025, 3, 5)]


def test_service_revisit_done_is_left_out() -> None:
    """A revisit recorded the day after the service meets the rule."""
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 4))
    done = visit(at(2025, 3, 5), purpose=Purpose.SERVICE_REVISIT, reference_id="S1")
    plan = plan_touchpoints(
        history(services=(service,), visits=(done,)),
        QUIET,
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
    )
    assert plan.touchpoints == ()


def test_contact_about_another_service_does_not_count() -> None:
    """A revisit recorded for service S2 does not meet the revisit of S1."""
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 4))
    other = visit(at(2025, 3, 5), reference_id="S2")
    plan = plan_touchpoints(
        history(services=(service,), visits=(other,)),
        QUIET,
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
    )
    assert [r.reference_id for t in plan.touchpoints for r in t.reasons] == ["S1"]


# --------------------------------------------------------------------- rule 4, warranty


def test_handover_call_within_three_working_hours_seed_004() -> None:
    """Handed over on Tuesday 2025-06-10 at 16:00, the call is due by 09:30 the next morning
    [seed 004 篇5 "交底后3小时内 … 必须电话服务"]."""
    deal = contract(handover_at=at(2025, 6, 10, 16))
    plan = plan_touchpoints(
        history(contracts=(deal,)), QUIET, start=date(2025, 6, 1), end=date(2025, 6, 30)
    )
    (touchpoint,) = plan.touchpoints
    assert touchpoint.purpose is Purpose.HANDOVER_CALL
    assert touchpoint.due == date(2025, 6, 10)
    assert (touchpoint.window_start, touchpoint.window_end) == (
        at(2025, 6, 10, 16),
        at(2025, 6, 10, 17, 30),
    )
    assert touchpoint.deadline_at == at(2025, 6, 11, 9, 30)


def test_handover_after_hours_is_called_next_morning() -> None:
    """A handover at 19:00 is called the next working morning, before its deadline."""
    deal = contract(handover_at=at(2025, 6, 13, 19))  # a Friday evening
    plan = plan_touchpoints(
        history(contracts=(deal,)), QUIET, start=date(2025, 6, 1), end=date(2025, 6, 30)
    )
    (touchpoint,) = plan.touchpoints
    assert touchpoint.due == date(2025, 6, 16)
    assert (touchpoint.window_start, touchpoint.window_end) == (
        at(2025, 6, 16, 8),
        at(2025, 6, 16, 11),
    )


def test_warranty_calls_every_three_months_at_least_three_seed_004() -> None:
    """A 12-month warranty gets an acceptance call and a call every 3 months, the last on
    its last day [seed 004 篇5 "每3个月电话回访一次,电话回访次数不得少于3次"]."""
    warranty = ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=12)
    deal = contract(accepted_on=date(2025, 3, 3), commitments=(warranty,))
    plan = plan_touchpoints(
        history(contracts=(deal,)), QUIET, start=date(2025, 1, 1), end=date(2026, 12, 31)
    )
    assert [(t.due, t.purpose.value) for t in plan.touchpoints] == [
        (date(2025, 3, 4), "acceptance-call"),
        (date(2025, 6, 3), "warranty-callback"),
        (date(2025, 9, 3), "warranty-callback"),
        (date(2025, 12, 3), "warranty-callback"),
        (date(2026, 3, 3), "warranty-callback"),
    ]
    assert deal.warranty_end == date(2026, 3, 3)


def test_short_warranty_still_gets_three_calls() -> None:
    """A 3-month warranty spreads the three calls evenly, the last on its last day."""
    warranty = ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=3)
    deal = contract(accepted_on=date(2025, 3, 3), commitments=(warranty,))
    plan = plan_touchpoints(
        history(contracts=(deal,)), QUIET, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    callbacks = [t.due for t in plan.touchpoints if t.purpose is Purpose.WARRANTY_CALLBACK]
    # Targets 2 April, 3 May and 3 June; 3 May falls in the Labour Day holidays.
    assert callbacks == [date(2025, 4, 2), date(2025, 4, 30), date(2025, 6, 3)]
    assert deal.warranty_end == date(2025, 6, 3)


# --------------------------------------------------------------- rule 5, complaint revisit


def _resolved(when: datetime) -> Complaint:
    complaint = Complaint(
        id="Q1", customer_id="C1", received_at=when - timedelta(hours=5), responsible_id="M1"
    )
    complaint = complaint.accept(at=when - timedelta(hours=4), by="M1")
    complaint = complaint.start(at=when - timedelta(hours=3), by="M1")
    return complaint.resolve(at=when, by="M1")


def test_complaint_revisited_after_resolution_seed_004() -> None:
    """A complaint resolved on Friday 2025-03-07 is revisited by Wednesday 2025-03-12
    [seed 004 篇8 "对用户投诉的处理结果进行回访"]."""
    plan = plan_touchpoints(
        history(complaints=(_resolved(at(2025, 3, 7, 11)),)),
        QUIET,
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
    )
    (touchpoint,) = plan.touchpoints
    assert (touchpoint.due, touchpoint.deadline) == (date(2025, 3, 10), date(2025, 3, 12))
    assert touchpoint.purpose is Purpose.COMPLAINT_FOLLOW_UP


def test_complaint_already_revisited_needs_no_touchpoint() -> None:
    """A complaint whose revisit is recorded on it needs no further contact."""
    done = _resolved(at(2025, 3, 7, 11)).record_revisit(at=at(2025, 3, 8), by="M1")
    plan = plan_touchpoints(
        history(complaints=(done,)), QUIET, start=date(2025, 3, 1), end=date(2025, 3, 31)
    )
    assert plan.touchpoints == ()


# ---------------------------------------------------------------------- rule 6, festivals


def test_grade_a_visited_in_the_five_working_days_before_spring_festival_seed_002() -> None:
    """Spring Festival 2026 falls on 17 February; grade A is visited from 10 February, the
    first of the five working days before it (14 February is a make-up Saturday)."""
    policy = attrs.evolve(QUIET, festival=SEED_SCHEDULING.festival)
    plan = plan_touchpoints(
        customer(grade=Grade.A), policy, start=date(2026, 2, 1), end=date(2026, 2, 28)
    )
    (touchpoint,) = plan.touchpoints
    assert touchpoint.purpose is Purpose.HOLIDAY_VISIT
    assert (touchpoint.due, touchpoint.deadline) == (date(2026, 2, 10), date(2026, 2, 14))


def test_phone_greetings_move_to_the_working_day_before_the_festival() -> None:
    """Greetings by phone may not go on the holiday: they go on the working day before."""
    festival = attrs.evolve(SEED_SCHEDULING.festival, channel=Channel.PHONE, send_at=time(9, 0))
    policy = attrs.evolve(QUIET, festival=festival)
    who = customer(contacts=(Contact(id="K1", name="Zhang"),))
    plan = plan_touchpoints(who, policy, start=date(2025, 12, 1), end=date(2026, 1, 31))
    assert [t.due for t in plan.touchpoints] == [date(2025, 12, 31)]
    assert plan.touchpoints[0].window_start == at(2025, 12, 31, 9)


# ---------------------------------------------------------------------- rule 7, birthdays


def test_birthday_on_a_rest_day_gets_a_message_and_a_gift_the_day_before_seed_002() -> None:
    """Birthday on Saturday 2025-03-15: an SMS that day at 09:00, flowers on Friday
    [seed 002 "短信问候和赠送鲜花、蛋糕相结合"]."""
    policy = attrs.evolve(QUIET, birthday=SEED_SCHEDULING.birthday)
    who = customer(contacts=(Contact(id="K1", name="Zhang", birthday=date(1980, 3, 15)),))
    plan = plan_touchpoints(who, policy, start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert [(t.due, t.channel.value, t.purpose.value) for t in plan.touchpoints] == [
        (date(2025, 3, 14), "on-site", "birthday-gift"),
        (date(2025, 3, 15), "sms", "birthday-care"),
    ]
    assert plan.touchpoints[1].window_start == at(2025, 3, 15, 9)
    assert plan.touchpoints[1].key_person_id == "K1"


def test_birthday_on_a_working_day_merges_message_and_gift() -> None:
    """On a working-day birthday the gift and the message are one on-site contact."""
    policy = attrs.evolve(QUIET, birthday=SEED_SCHEDULING.birthday)
    who = customer(contacts=(Contact(id="K1", name="Zhang", birthday=date(1980, 3, 12)),))
    plan = plan_touchpoints(who, policy, start=date(2025, 3, 1), end=date(2025, 3, 31))
    (touchpoint,) = plan.touchpoints
    assert touchpoint.channel is Channel.ON_SITE
    assert [r.purpose.value for r in touchpoint.reasons] == ["birthday-care", "birthday-gift"]
    assert touchpoint.window_start == at(2025, 3, 12, 9)


def test_leap_day_birthday_is_kept_on_28_february() -> None:
    """A key person born on 29 February is greeted on 28 February in other years."""
    policy = attrs.evolve(QUIET, birthday=attrs.evolve(SEED_SCHEDULING.birthday, gift_channel=None))
    who = customer(contacts=(Contact(id="K1", name="Zhang", birthday=date(1980, 2, 29)),))
    plan = plan_touchpoints(who, policy, start=date(2025, 2, 1), end=date(2025, 3, 31))
    assert [t.due for t in plan.touchpoints] == [date(2025, 2, 28)]


# ------------------------------------------------------------------ rule 8, active service


def test_installed_base_called_every_quarter_seed_004() -> None:
    """An installed-base customer is called a quarter after the last call [seed 004 篇1
    "一个季度后, 第二次回访开始了"]."""
    policy = attrs.evolve(QUIET, active_service=SEED_SCHEDULING.active_service)
    record = history(customer(installed_base=True), visits=(visit(at(2025, 1, 15)),))
    plan = plan_touchpoints(record, policy, start=date(2025, 2, 1), end=date(2025, 12, 31))
    assert [t.due for t in plan.touchpoints] == [
        date(2025, 4, 15),
        date(2025, 7, 15),
        date(2025, 10, 15),
    ]
    assert {t.purpose for t in plan.touchpoints} == {Purpose.ACTIVE_SERVICE}


# ---------------------------------------------------------------------- rule 9, retention


def test_at_risk_customer_contacted_within_two_working_days_seed_002() -> None:
    """Flagged at risk on Friday 2025-03-07, the retention call is due by Tuesday
    [seed 002 客户挽留 "应及时进行挽留"]."""
    who = customer(status=CustomerStatus.AT_RISK)
    plan = plan_touchpoints(
        who, QUIET, start=date(2025, 3, 1), end=date(2025, 3, 31), at_risk_since=date(2025, 3, 7)
    )
    (touchpoint,) = plan.touchpoints
    assert (touchpoint.due, touchpoint.deadline) == (date(2025, 3, 7), date(2025, 3, 11))
    assert touchpoint.reasons[0].text == (
        "at risk since 2025-03-07: retention contact within 2 working days, and report upward"
    )


# ----------------------------------------------------------------------- rule 10, courtesy


def test_calls_never_go_on_rest_days_but_messages_do() -> None:
    """Calls avoid holidays; the New Year greeting goes by SMS on the holiday at 09:00."""
    policy = attrs.evolve(SEED_SCHEDULING, capacity=CapacityRule(max_on_site_per_day=None))
    who = customer(grade=Grade.A, contacts=(Contact(id="K1", name="Zhang"),))
    plan = plan_touchpoints(who, policy, start=date(2025, 1, 1), end=date(2025, 12, 31))
    for touchpoint in plan.touchpoints:
        if not touchpoint.channel.is_message:
            assert CHINA_CALENDAR.is_working_day(touchpoint.due)
            assert CHINA_CALENDAR.is_working_time(touchpoint.window_start)
    new_year = plan.on(date(2025, 1, 1))
    assert new_year is not None
    assert (new_year.channel, new_year.window_start) == (Channel.SMS, at(2025, 1, 1, 9))


def test_policy_may_allow_calls_on_rest_days() -> None:
    """With the phone among the rest-day channels a phone greeting goes on the holiday."""
    courtesy = CourtesyRule(
        rest_day_channels=(Channel.SMS, Channel.PHONE),
        message_hours=DailyHours(start=time(9, 0), end=time(20, 0)),
    )
    festival = FestivalRule(
        festivals=(Festival.NEW_YEAR,), channel=Channel.PHONE, send_at=time(10, 0)
    )
    policy = attrs.evolve(QUIET, courtesy=courtesy, festival=festival)
    who = customer(contacts=(Contact(id="K1", name="Zhang"),))
    plan = plan_touchpoints(who, policy, start=date(2025, 1, 1), end=date(2025, 1, 31))
    (touchpoint,) = plan.touchpoints
    assert (touchpoint.due, touchpoint.window_start, touchpoint.window_end) == (
        date(2025, 1, 1),
        at(2025, 1, 1, 10),
        at(2025, 1, 1, 20),
    )


# ----------------------------------------------------------------- rule 11, de-duplication


def test_same_day_reasons_merge_keeping_the_strongest_channel_and_all_reasons() -> None:
    """A revisit call and a birthday gift visit on one day become one on-site contact."""
    policy = attrs.evolve(QUIET, birthday=SEED_SCHEDULING.birthday)
    who = customer(contacts=(Contact(id="K1", name="Zhang", birthday=date(1980, 3, 5)),))
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 4))
    plan = plan_touchpoints(
        history(who, services=(service,)), policy, start=date(2025, 3, 1), end=date(2025, 3, 31)
    )
    (touchpoint,) = plan.touchpoints
    assert touchpoint.is_merged
    assert touchpoint.channel is Channel.ON_SITE
    assert touchpoint.rules == (ScheduleRule.SERVICE_REVISIT, ScheduleRule.BIRTHDAY)
    assert len(touchpoint.reasons) == 3
    assert touchpoint.deadline == date(2025, 3, 5)
    assert "service S1 delivered 2025-03-04 10:00" in touchpoint.explain()


def test_greetings_to_several_key_persons_are_one_contact_naming_them_all() -> None:
    """Two key persons greeted on one festival: one touchpoint with both persons."""
    policy = attrs.evolve(QUIET, festival=SEED_SCHEDULING.festival)
    who = customer(contacts=(Contact(id="K1", name="Zhang"), Contact(id="K2", name="Li")))
    plan = plan_touchpoints(who, policy, start=date(2025, 1, 1), end=date(2025, 1, 1))
    (touchpoint,) = plan.touchpoints
    assert touchpoint.key_person_ids == ("K1", "K2")
    assert touchpoint.key_person_id is None


# ---------------------------------------------------------------------- rule 12, capacity


def _portfolio(count: int, **changes: object) -> list[Customer]:
    return [
        Customer(id=f"C{n}", name=f"customer {n}", manager_id="M1", **changes)  # type: ignore[arg-type]
        for n in range(count)
    ]


def test_capacity_moves_visits_within_their_window() -> None:
    """Six grade A festival visits on one day with room for four: two move to other days of
    their window, nothing is dropped."""
    policy = attrs.evolve(
        QUIET, festival=SEED_SCHEDULING.festival, capacity=CapacityRule(max_on_site_per_day=4)
    )
    result = plan_portfolio(
        _portfolio(6, grade=Grade.A), policy, start=date(2026, 2, 1), end=date(2026, 2, 28)
    )
    visits = result.touchpoints("M1")
    assert len(visits) == 6
    assert result.moved == 2
    assert result.conflicts == ()
    by_day: dict[date, int] = {}
    for touchpoint in visits:
        by_day[touchpoint.due] = by_day.get(touchpoint.due, 0) + 1
        assert touchpoint.earliest <= touchpoint.due <= touchpoint.deadline
    assert max(by_day.values()) == 4
    moved = [t for t in visits if t.moved_from is not None]
    assert {t.moved_from for t in moved} == {date(2026, 2, 10)}


def test_capacity_reports_conflicts_instead_of_dropping() -> None:
    """Six birthday gifts due on one day cannot move: the day is reported, all six stay."""
    policy = attrs.evolve(
        QUIET, birthday=SEED_SCHEDULING.birthday, capacity=CapacityRule(max_on_site_per_day=4)
    )
    people = (Contact(id="K1", name="Zhang", birthday=date(1980, 3, 12)),)
    result = plan_portfolio(
        _portfolio(6, contacts=people), policy, start=date(2025, 3, 1), end=date(2025, 3, 31)
    )
    assert len(result.touchpoints("M1")) == 6
    (conflict,) = result.conflicts
    assert (conflict.manager_id, conflict.day, conflict.capacity, conflict.load) == (
        "M1",
        date(2025, 3, 12),
        4,
        6,
    )
    assert conflict.customer_ids == ("C4", "C5")
    assert conflict.explain() == (
        "manager M1 on 2025-03-12 (Wed): 6 on-site visits, capacity 4; no other day in their "
        "windows for C4, C5"
    )


def test_portfolio_results_are_keyed_by_customer() -> None:
    """A portfolio plan finds each customer's plan; an unknown id is a ValidationError."""
    result = plan_portfolio(
        _portfolio(3, grade=Grade.C), SEED_SCHEDULING, start=date(2025, 1, 1), end=date(2025, 3, 31)
    )
    assert isinstance(result, PortfolioPlan)
    assert set(result.by_customer()) == {"C0", "C1", "C2"}
    assert result.plan_for("C1").customer_id == "C1"
    with pytest.raises(ValidationError) as caught:
        result.plan_for("C9")
    assert str(caught.value) == "customer_id: expected a customer of the portfolio, got 'C9'"


def test_portfolio_refuses_a_customer_twice() -> None:
    """The same customer listed twice is an input error."""
    twice = [customer(), customer()]
    with pytest.raises(ValidationError) as caught:
        plan_portfolio(twice, SEED_SCHEDULING, start=date(2025, 1, 1), end=date(2025, 1, 31))
    assert (
        str(caught.value) == "histories[1].customer.id: expected a customer listed once, got 'C1'"
    )


def test_portfolio_plan_round_trips_through_plain_data() -> None:
    """A portfolio plan (touchpoints, reasons, conflicts) survives to_dict and from_dict."""
    result = plan_portfolio(
        _portfolio(2, grade=Grade.A, contacts=(Contact(id="K1", name="Zhang"),)),
        SEED_SCHEDULING,
        start=date(2025, 1, 1),
        end=date(2025, 2, 28),
    )
    assert from_dict(PortfolioPlan, to_dict(result)) == result


# ------------------------------------------------------------------------------- overdue


def test_overdue_lists_what_passed_without_a_contact() -> None:
    """A service revisit not made by its deadline is overdue the day after."""
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 4))
    record = history(services=(service,))
    plan = plan_touchpoints(record, QUIET, start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert overdue(record, plan, today=date(2025, 3, 7)).items == ()
    report = overdue(record, plan, today=date(2025, 3, 10))
    assert isinstance(report, OverdueReport)
    (item,) = report.items
    assert item.days_overdue == 3
    assert item.touchpoint.deadline == date(2025, 3, 7)
    assert report.explain().startswith("customer C1 on 2025-03-10: 1 overdue")


def test_overdue_with_the_policy_replans_and_reports_late_contacts() -> None:
    """Given the policy, overdue re-plans from ``since``; a late revisit is shown as such."""
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 4))
    late = visit(at(2025, 3, 12), reference_id="S1")
    record = history(services=(service,), visits=(late,))
    report = overdue(record, QUIET, today=date(2025, 3, 20), since=date(2025, 3, 1))
    (item,) = report.items
    assert item.done_late_at == at(2025, 3, 12)
    assert report.since == date(2025, 3, 1)


def test_overdue_needs_the_plan_of_the_same_customer() -> None:
    """A plan of another customer is refused."""
    plan = plan_touchpoints(customer(id="C2"), QUIET, start=date(2025, 1, 1), end=date(2025, 1, 2))
    with pytest.raises(ValidationError) as caught:
        overdue(customer(), plan, today=date(2025, 1, 3))
    assert str(caught.value) == (
        "plan.customer_id: expected 'C1', the customer of the history, got 'C2'"
    )


# ------------------------------------------------------------------- rule 9, monthly plan


def test_monthly_plan_deadline_is_the_last_working_day_seed_000() -> None:
    """Next month's plans are due on the month's last working day [seed 000/001
    "本月最后一个工作日上报"]: 2025-01-27 before Spring Festival, 2025-09-30 in September."""
    assert monthly_plan_deadline(2025, 1) == date(2025, 1, 27)
    assert monthly_plan_deadline(2025, 9) == date(2025, 9, 30)
    assert monthly_plan_deadline(2025, 5, CHINA_CALENDAR) == date(2025, 5, 30)


def test_monthly_plan_deadline_refuses_a_bad_month() -> None:
    """Month 13 is a ValidationError with the expected range."""
    with pytest.raises(ValidationError) as caught:
        monthly_plan_deadline(2025, 13)
    assert str(caught.value) == "month: expected a month from 1 to 12, got 13"


# ------------------------------------------------------------------------------- results


def test_plan_explains_every_touchpoint_and_reason() -> None:
    """The plan's explanation has a header, a line per touchpoint and a line per reason."""
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 9, 30, 15))
    plan = plan_touchpoints(
        history(services=(service,)), QUIET, start=date(2025, 10, 1), end=date(2025, 10, 31)
    )
    assert plan.explain().splitlines() == [
        "customer C1 (manager M1), 2025-10-01 to 2025-10-31, policy 'seed-scheduling' 1: "
        "1 touchpoint",
        "2025-10-09 (Thu) 08:00–17:30 phone 电话: customer C1 — service-revisit 售后回访, "
        "deadline 2025-10-11",
        "  - service-revisit 售后回访: service S1 delivered 2025-09-30 15:00: revisit within "
        "3 working days [phone, from 2025-10-09, by 2025-10-11]",
    ]


def test_active_service_rule_is_a_separate_part_of_the_policy() -> None:
    """Changing one rule leaves the others as they were."""
    faster = attrs.evolve(
        SEED_SCHEDULING,
        active_service=ActiveServiceRule(
            channel=Channel.PHONE, every=Span(count=1, unit=SpanUnit.MONTH)
        ),
    )
    assert faster.cadence == SEED_SCHEDULING.cadence
    assert faster.active_service.every.count == 1


def test_service_revisit_rule_can_count_calendar_days() -> None:
    """A revisit rule counted in calendar days moves a rest-day deadline to a working day."""
    rule = ServiceRevisitRule(channel=Channel.PHONE, within=Span(count=3, unit=SpanUnit.DAY))
    policy = attrs.evolve(QUIET, service_revisit=rule)
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 5))
    plan = plan_touchpoints(
        history(services=(service,)), policy, start=date(2025, 3, 1), end=date(2025, 3, 31)
    )
    # 5 March + 3 days = Saturday 8 March: the deadline moves to Monday 10 March.
    assert plan.touchpoints[0].deadline == date(2025, 3, 10)


def test_something_else_than_a_calendar_is_refused() -> None:
    """A calendar that is not a BusinessCalendar is a ValidationError, not an AttributeError."""
    with pytest.raises(ValidationError) as caught:
        overdue(customer(), SEED_SCHEDULING, today=date(2025, 1, 1), calendar="china")  # type: ignore[arg-type]
    assert str(caught.value) == "calendar: expected a BusinessCalendar, got 'china'"


def test_planning_reaches_the_calendars_last_year() -> None:
    """A plan ending on the calendar's last day works: nothing asks about the year after."""
    who = customer(
        grade=Grade.A,
        installed_base=True,
        contacts=(Contact(id="K1", name="Zhang", birthday=date(1990, 1, 1)),),
    )
    plan = plan_touchpoints(who, SEED_SCHEDULING, start=date(2100, 10, 1), end=date(2100, 12, 31))
    assert plan.touchpoints[-1].due <= date(2100, 12, 31)


def test_portfolio_planning_leaves_the_garbage_collector_as_it_was() -> None:
    """The collector paused during a portfolio plan is running again afterwards, even after an
    error, and one the caller had turned off stays off."""
    assert gc.isenabled()
    plan_portfolio([customer()], SEED_SCHEDULING, start=date(2025, 1, 1), end=date(2025, 1, 31))
    assert gc.isenabled()
    with pytest.raises(ValidationError):
        plan_portfolio(
            [customer(), customer()], SEED_SCHEDULING, start=date(2025, 1, 1), end=date(2025, 1, 2)
        )
    assert gc.isenabled()
    gc.disable()
    try:
        plan_portfolio([customer()], SEED_SCHEDULING, start=date(2025, 1, 1), end=date(2025, 1, 2))
        assert not gc.isenabled()
    finally:
        gc.enable()

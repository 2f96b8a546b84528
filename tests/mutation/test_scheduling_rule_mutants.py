"""Tests that kill surviving mutants of the rules of ``keyaccount.policies.scheduling``.

They pin the reasons each rule of SPEC §3.2 (rules 1–9) generates: the exact reason (its
text, earliest day, deadline, trigger and reference), the day it is due, and the boundaries
of the range and of the rules — which key persons get a birthday touchpoint, from which
contact a recurring chain counts, when a reason falls outside the range.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import attrs

from keyaccount.calendar import BusinessCalendar, Festival, WorkingHours, WorkingInterval
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
from keyaccount.policies.scheduling import (
    SEED_CADENCE,
    SEED_SCHEDULING,
    Cadence,
    CadenceRule,
    Reason,
    ScheduleRule,
    SchedulingPolicy,
    Span,
    SpanUnit,
    plan_touchpoints,
)
from scheduling_builders import QUIET, SH, at, contract, customer, texting


def planned(
    record: CustomerHistory | Customer, policy: SchedulingPolicy, start: date, end: date
) -> list[tuple[date, Reason]]:
    """Every reason of the plan of ``record`` from ``start`` to ``end``, with its day."""
    plan = plan_touchpoints(record, policy, start=start, end=end)
    return [(t.due, r) for t in plan.touchpoints for r in t.reasons]


def contacted(*days: date, channel: Channel = Channel.PHONE) -> tuple[Visit, ...]:
    """Contacts with C1 by M1 at 10:00 on ``days`` (by phone unless told)."""
    return tuple(
        Visit(
            id=f"V{n}",
            customer_id="C1",
            manager_id="M1",
            channel=channel,
            done_at=datetime(d.year, d.month, d.day, 10, tzinfo=SH),
        )
        for n, d in enumerate(days)
    )


# ------------------------------------------------------------------------ rule 7, birthday

BIRTHDAY = attrs.evolve(QUIET, birthday=SEED_SCHEDULING.birthday)
"""The quiet policy with the preset birthday care: an SMS at 09:00 and a gift on site."""


def born(ident: str, day: date | None, *, vip: bool = False) -> Contact:
    """Key person ``ident``, "Person <ident>", born on ``day``."""
    return Contact(id=ident, name=f"Person {ident}", birthday=day, vip=vip)


def test_a_birthday_on_the_only_day_of_the_range_gets_the_message_and_the_gift() -> None:
    """Rule 7 [seed 002 "短信问候和赠送鲜花、蛋糕相结合"]: K1's birthday, Wednesday
    2025-03-12, is a working day, so the SMS and the gift both fall on it; a range of that
    one day holds both (its first day and its last day count), each reason naming the
    birthday as its trigger."""
    zhang = customer(contacts=(born("K1", date(1980, 3, 12)),))
    day = date(2025, 3, 12)
    assert planned(zhang, BIRTHDAY, day, day) == [
        (
            day,
            Reason(
                rule=ScheduleRule.BIRTHDAY,
                purpose=Purpose.BIRTHDAY_CARE,
                channel=Channel.SMS,
                text="birthday of Person K1 on 2025-03-12: sms greeting",
                earliest=day,
                deadline=day,
                trigger=day,
                key_person_id="K1",
            ),
        ),
        (
            day,
            Reason(
                rule=ScheduleRule.BIRTHDAY,
                purpose=Purpose.BIRTHDAY_GIFT,
                channel=Channel.ON_SITE,
                text="birthday of Person K1 on 2025-03-12: gift (flowers or a cake) delivered "
                "2025-03-12",
                earliest=day,
                deadline=day,
                trigger=day,
                key_person_id="K1",
            ),
        ),
    ]


def test_the_first_birthday_is_one_year_after_birth() -> None:
    """Rule 7: the day of birth itself is no birthday: a key person born on 2024-03-12 has
    no birthday touchpoint in March 2024, and the first in March 2025."""
    baby = customer(contacts=(born("K1", date(2024, 3, 12)),))
    assert planned(baby, BIRTHDAY, date(2024, 3, 1), date(2024, 3, 31)) == []
    assert [
        (day, r.purpose) for day, r in planned(baby, BIRTHDAY, date(2025, 3, 1), date(2025, 3, 31))
    ] == [(date(2025, 3, 12), Purpose.BIRTHDAY_CARE), (date(2025, 3, 12), Purpose.BIRTHDAY_GIFT)]


def test_birthday_care_skips_unknown_birthdays_and_with_vip_only_non_vips() -> None:
    """Rule 7: a key person without a known birthday is skipped and the next one is still
    greeted; with ``vip_only`` only VIP key persons are."""
    people = (
        born("K1", None, vip=True),
        born("K2", date(1980, 3, 12)),
        born("K3", date(1985, 3, 12), vip=True),
    )
    messages = attrs.evolve(BIRTHDAY.birthday, gift_channel=None)
    day = date(2025, 3, 12)

    def greeted(vip_only: bool) -> list[str | None]:
        policy = attrs.evolve(BIRTHDAY, birthday=attrs.evolve(messages, vip_only=vip_only))
        return [r.key_person_id for _, r in planned(customer(contacts=people), policy, day, day)]

    assert greeted(False) == ["K2", "K3"]
    assert greeted(True) == ["K3"]


def test_a_birthday_message_without_a_gift_comes_every_year() -> None:
    """Rule 7 with ``gift_channel=None``: no gift, and still a message on each birthday of
    the range, 2025 and 2026."""
    policy = attrs.evolve(BIRTHDAY, birthday=attrs.evolve(BIRTHDAY.birthday, gift_channel=None))
    zhang = customer(contacts=(born("K1", date(1980, 3, 12)),))
    found = planned(zhang, policy, date(2025, 1, 1), date(2026, 12, 31))
    assert [(day, r.purpose) for day, r in found] == [
        (date(2025, 3, 12), Purpose.BIRTHDAY_CARE),
        (date(2026, 3, 12), Purpose.BIRTHDAY_CARE),
    ]


# ------------------------------------------------------------------------ rule 6, festival


def test_festival_greetings_go_to_vips_only_and_visits_need_no_greeting() -> None:
    """Rule 6 [seed 002 节日问候, 上门拜访]: greeting VIPs only on New Year's Day, Zhang (no
    VIP) is not greeted and Li is; Spring Festival 2026 (17 February), a festival of visits
    only, brings the grade-A customer its visit in the 5 working days before it, from the
    10th to the 14th, and no greeting; each reason names the festival's day as trigger."""
    policy = attrs.evolve(
        QUIET,
        festival=attrs.evolve(
            SEED_SCHEDULING.festival, festivals=(Festival.NEW_YEAR,), vip_only=True
        ),
    )
    people = (Contact(id="K1", name="Zhang"), Contact(id="K2", name="Li", vip=True))
    who = customer(grade=Grade.A, contacts=people)
    new_year, spring = date(2026, 1, 1), date(2026, 2, 17)
    assert planned(who, policy, date(2025, 12, 1), date(2026, 2, 28)) == [
        (
            new_year,
            Reason(
                rule=ScheduleRule.FESTIVAL,
                purpose=Purpose.HOLIDAY_GREETING,
                channel=Channel.SMS,
                text="元旦 new-year 2026-01-01: greeting to Li",
                earliest=new_year,
                deadline=new_year,
                trigger=new_year,
                key_person_id="K2",
            ),
        ),
        (
            date(2026, 2, 10),
            Reason(
                rule=ScheduleRule.FESTIVAL,
                purpose=Purpose.HOLIDAY_VISIT,
                channel=Channel.ON_SITE,
                text="grade A: on-site visit in the 5 working days before 春节 spring-festival "
                "2026-02-17",
                earliest=date(2026, 2, 10),
                deadline=date(2026, 2, 14),
                trigger=spring,
            ),
        ),
    ]


def test_a_festival_visit_in_one_working_day_says_so_in_the_singular() -> None:
    """Rule 6 with ``visit_working_days=1``: the visit before Spring Festival 2026 (17
    February) is due on the last working day before it, Saturday 14 February (a make-up
    working day), and its text says "the 1 working day"."""
    policy = attrs.evolve(
        QUIET,
        festival=attrs.evolve(
            SEED_SCHEDULING.festival, festivals=(Festival.SPRING_FESTIVAL,), visit_working_days=1
        ),
    )
    ((day, reason),) = planned(customer(grade=Grade.A), policy, date(2026, 2, 1), date(2026, 2, 28))
    assert day == date(2026, 2, 14)
    assert reason.text == (
        "grade A: on-site visit in the 1 working day before 春节 spring-festival 2026-02-17"
    )


def test_a_festival_visit_allowed_on_rest_days_is_due_on_a_rest_day_starting_the_range() -> None:
    """Rule 6 with on-site visits allowed on rest days: the visit before Mid-Autumn 2025
    (6 October) falls in its working days from 25 to 30 September; a plan starting on
    Saturday 27 September, a rest day inside that window, has it that Saturday."""
    courtesy = SEED_SCHEDULING.courtesy
    policy = attrs.evolve(
        QUIET,
        festival=SEED_SCHEDULING.festival,
        courtesy=attrs.evolve(
            courtesy, rest_day_channels=(*courtesy.rest_day_channels, Channel.ON_SITE)
        ),
    )
    found = planned(customer(grade=Grade.A), policy, date(2025, 9, 27), date(2025, 10, 31))
    assert [(day, r.earliest, r.deadline) for day, r in found] == [
        (date(2025, 9, 27), date(2025, 9, 25), date(2025, 9, 30))
    ]


def test_a_greeting_on_dragon_boat_only_skips_the_festivals_before_it() -> None:
    """Rule 6 greeting on Dragon Boat only: the festivals not chosen before it are skipped,
    and Zhang is greeted on 2025-05-31."""
    policy = attrs.evolve(
        QUIET,
        festival=attrs.evolve(
            SEED_SCHEDULING.festival,
            festivals=(Festival.DRAGON_BOAT,),
            visit_grades=(),
            visit_festivals=(),
        ),
    )
    zhang = customer(contacts=(Contact(id="K1", name="Zhang"),))
    assert [
        (day, r.text) for day, r in planned(zhang, policy, date(2025, 1, 1), date(2025, 12, 31))
    ] == [(date(2025, 5, 31), "端午节 dragon-boat 2025-05-31: greeting to Zhang")]


# --------------------------------------------------------------- rule 5, complaint revisit


def complaint(ident: str, resolved_at: datetime) -> Complaint:
    """Complaint ``ident`` of C1, received five hours before it was resolved."""
    received = resolved_at - timedelta(hours=5)
    made = Complaint(id=ident, customer_id="C1", received_at=received, responsible_id="M1")
    made = made.accept(at=received + timedelta(hours=1), by="M1")
    made = made.start(at=received + timedelta(hours=2), by="M1")
    return made.resolve(at=resolved_at, by="M1")


def test_a_complaint_revisit_names_the_complaint_and_its_resolution_in_local_time() -> None:
    """Rule 5 [seed 004 篇8]: Q0, not yet resolved, and Q1, revisited at the very moment it
    was resolved, need nothing, and Q2, listed after them, still gets its revisit; Q2 was
    resolved at 17:00 UTC on 2025-03-06, which is 01:00 on Friday 2025-03-07 in Shanghai:
    the reason counts from that local day and instant and refers to Q2."""
    done = complaint("Q1", at(2025, 3, 3)).record_revisit(at=at(2025, 3, 3), by="M1")
    pending = Complaint(id="Q0", customer_id="C1", received_at=at(2025, 3, 3), responsible_id="M1")
    resolved = datetime(2025, 3, 6, 17, tzinfo=UTC)
    record = CustomerHistory(
        customer=customer(), complaints=(pending, done, complaint("Q2", resolved))
    )
    assert planned(record, QUIET, date(2025, 3, 1), date(2025, 3, 31)) == [
        (
            date(2025, 3, 10),
            Reason(
                rule=ScheduleRule.COMPLAINT_REVISIT,
                purpose=Purpose.COMPLAINT_FOLLOW_UP,
                channel=Channel.PHONE,
                text="complaint Q2 resolved 2025-03-07 01:00: revisit within 3 working days",
                earliest=date(2025, 3, 10),
                deadline=date(2025, 3, 12),
                trigger=date(2025, 3, 7),
                trigger_at=resolved,
                reference_id="Q2",
            ),
        )
    ]


def test_a_member_customers_revisit_says_it_is_always_made() -> None:
    """Rule 3 [seed 002 "必须保证会员客户的100%的回访"]: the revisit of a member customer's
    service says why it is always made, counts from the service's instant and refers to it."""
    served = at(2025, 3, 4, 15, 30)
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=served)
    record = CustomerHistory(customer=customer(member=True), services=(service,))
    assert planned(record, QUIET, date(2025, 3, 1), date(2025, 3, 31)) == [
        (
            date(2025, 3, 5),
            Reason(
                rule=ScheduleRule.SERVICE_REVISIT,
                purpose=Purpose.SERVICE_REVISIT,
                channel=Channel.PHONE,
                text="service S1 delivered 2025-03-04 15:30: revisit within 3 working days "
                "(member customer 会员客户: always revisited)",
                earliest=date(2025, 3, 5),
                deadline=date(2025, 3, 7),
                trigger=date(2025, 3, 4),
                trigger_at=served,
                reference_id="S1",
            ),
        )
    ]


# ------------------------------------------------- rule 2, first contact; the event rules


def first_contact(
    assigned: date, earliest: date, deadline: date, channel: Channel = Channel.PHONE
) -> Reason:
    """The reason of a first contact within a week of an assignment to M1 on ``assigned``."""
    return Reason(
        rule=ScheduleRule.FIRST_CONTACT,
        purpose=Purpose.FIRST_CONTACT,
        channel=channel,
        text=f"assigned to M1 on {assigned}: first contact within 1 week",
        earliest=earliest,
        deadline=deadline,
        trigger=assigned,
    )


def test_a_first_contact_by_message_may_fall_due_on_a_rest_day() -> None:
    """Rule 2 by SMS, which may go on rest days: assigned on Saturday 2025-03-01, the
    customer is contacted within a week, by Saturday 2025-03-08 (not moved to Monday)."""
    policy = attrs.evolve(
        QUIET, first_contact=attrs.evolve(QUIET.first_contact, channel=Channel.SMS)
    )
    assigned = customer(assigned_on=date(2025, 3, 1))
    saturday = date(2025, 3, 1)
    assert planned(assigned, policy, saturday, date(2025, 3, 31)) == [
        (saturday, first_contact(saturday, saturday, date(2025, 3, 8), Channel.SMS))
    ]


def test_a_first_contact_assigned_before_the_range_is_caught_up() -> None:
    """Rule 2 [seed 002 "应在一周内与客户进行沟通"]: assigned on Thursday 2025-02-27, the
    customer is due a call by 2025-03-06; a plan from Saturday 1 March has it on Monday the
    3rd, the first working day of the range."""
    assigned = customer(assigned_on=date(2025, 2, 27))
    thursday = date(2025, 2, 27)
    assert planned(assigned, QUIET, date(2025, 3, 1), date(2025, 3, 31)) == [
        (date(2025, 3, 3), first_contact(thursday, thursday, date(2025, 3, 6)))
    ]


def test_a_first_contact_within_two_months_is_caught_up_fifty_days_later() -> None:
    """Rule 2 with two months: assigned on 2025-01-10, the customer is due a first contact
    by 2025-03-10, so a plan of March 2025, 50 days later, still holds it."""
    policy = attrs.evolve(
        QUIET,
        first_contact=attrs.evolve(QUIET.first_contact, within=Span(count=2, unit=SpanUnit.MONTH)),
    )
    assigned = customer(assigned_on=date(2025, 1, 10))
    assert [
        (day, r.earliest, r.deadline, r.text)
        for day, r in planned(assigned, policy, date(2025, 3, 1), date(2025, 3, 31))
    ] == [
        (
            date(2025, 3, 3),
            date(2025, 1, 10),
            date(2025, 3, 10),
            "assigned to M1 on 2025-01-10: first contact within 2 months",
        )
    ]


def test_a_first_contact_from_the_next_day_is_not_due_on_the_assignment_day() -> None:
    """Rule 2 with ``from_next_day``: assigned on Monday 2025-03-03, the customer is first
    contacted from Tuesday the 4th, still by Monday the 10th."""
    policy = attrs.evolve(
        QUIET, first_contact=attrs.evolve(QUIET.first_contact, from_next_day=True)
    )
    assigned = customer(assigned_on=date(2025, 3, 3))
    assert [
        (day, r.earliest, r.deadline)
        for day, r in planned(assigned, policy, date(2025, 3, 1), date(2025, 3, 31))
    ] == [(date(2025, 3, 4), date(2025, 3, 4), date(2025, 3, 10))]


MINUTE_DAYS = BusinessCalendar(
    working_hours=WorkingHours(
        intervals=(WorkingInterval(start=time(8), end=time(8, 1)),), time_zone="Asia/Shanghai"
    )
)
"""The Chinese calendar with a working day of one minute, 08:00–08:01."""
TEN_WORKING_HOURS = attrs.evolve(
    QUIET,
    first_contact=attrs.evolve(
        QUIET.first_contact, within=Span(count=10, unit=SpanUnit.WORKING_HOUR)
    ),
)
"""A first contact within 10 working hours: 600 working days of one minute."""


def first_contacts(start: date) -> list[tuple[date, date]]:
    """(due, deadline) of the first contacts of a customer assigned on 2024-01-02, planned
    from ``start`` to the end of 2025 in working days of one minute."""
    plan = plan_touchpoints(
        customer(assigned_on=date(2024, 1, 2)),
        TEN_WORKING_HOURS,
        start=start,
        end=date(2025, 12, 31),
        calendar=MINUTE_DAYS,
    )
    return [(t.due, t.deadline) for t in plan.touchpoints]


def test_a_first_contact_counted_in_working_hours_of_short_days_is_planned_341_days_on() -> None:
    """Rule 2 counted in working hours, with working days of one minute: a first contact
    within 10 working hours of 2024-01-02 is due by 2026-06-02; a plan from Sunday
    2024-12-08, 341 days (31 × 10 + 31) after the assignment, has its catch-up call on
    Monday the 9th."""
    assert first_contacts(date(2024, 12, 8)) == [(date(2024, 12, 9), date(2026, 6, 2))]


def test_a_first_contact_counted_in_working_hours_of_short_days_is_still_planned() -> None:
    """Rule 2, as above, from Monday 2024-12-09, 342 days after the assignment: the first
    contact, still due by 2026-06-02, is caught up on the first day of the range."""
    assert first_contacts(date(2024, 12, 9)) == [(date(2024, 12, 9), date(2026, 6, 2))]


def test_an_event_without_a_usable_moment_is_due_on_its_deadline_day_at_the_range_start() -> None:
    """Rule 4 with rule 10: a message within one working hour of a handover on Friday
    2025-06-13 at 17:00 is due by Monday 08:30, before the first message hour (09:00), with
    no message on the weekend: it is due on Monday itself, also in a plan starting that
    Monday."""
    policy = texting(time(9), time(17))
    record = CustomerHistory(
        customer=customer(), contracts=(contract(handover_at=at(2025, 6, 13, 17)),)
    )
    monday = date(2025, 6, 16)
    for start in (date(2025, 6, 1), monday):
        assert [
            (day, r.earliest, r.deadline) for day, r in planned(record, policy, start, monday)
        ] == [(monday, monday, monday)]


def test_an_event_whose_only_usable_time_is_before_the_range_is_left_out() -> None:
    """Rule 4 with rule 10: a message within one working hour of a handover on Friday
    2025-06-13 at 17:00 can go from 17:00 to 18:00 that day (message hours 09:00–18:00, none
    on the weekend); it is due by Monday 08:30, before Monday's message hours, so a plan
    starting on Monday has nothing left to send."""
    policy = texting(time(9), time(18))
    record = CustomerHistory(
        customer=customer(), contracts=(contract(handover_at=at(2025, 6, 13, 17)),)
    )
    end = date(2025, 6, 30)
    plan = plan_touchpoints(record, policy, start=date(2025, 6, 13), end=end)
    assert [(t.due, t.window_start, t.window_end) for t in plan.touchpoints] == [
        (date(2025, 6, 13), at(2025, 6, 13, 17), at(2025, 6, 13, 18))
    ]
    assert planned(record, policy, date(2025, 6, 16), end) == []


def test_a_revisit_due_after_the_range_is_left_to_a_later_plan() -> None:
    """Rule 3: a service on Tuesday 2025-03-04, the last day of the range, is revisited from
    the next day: nothing in this range."""
    service = ServiceRecord(id="S1", customer_id="C1", delivered_at=at(2025, 3, 4))
    record = CustomerHistory(customer=customer(), services=(service,))
    assert planned(record, QUIET, date(2025, 3, 1), date(2025, 3, 4)) == []
    assert [day for day, _ in planned(record, QUIET, date(2025, 3, 1), date(2025, 3, 5))] == [
        date(2025, 3, 5)
    ]


# ----------------------------------------------------------------------- rule 9, retention


def retention(text: str, earliest: date, deadline: date, trigger: date) -> Reason:
    """A retention reason by phone."""
    return Reason(
        rule=ScheduleRule.RETENTION,
        purpose=Purpose.RETENTION,
        channel=Channel.PHONE,
        text=text,
        earliest=earliest,
        deadline=deadline,
        trigger=trigger,
    )


def test_a_retention_contact_counts_from_the_flag_or_from_the_range() -> None:
    """Rule 9 [seed 002 客户挽留]: an at-risk customer flagged on an unknown day is counted
    from the range's first day, Saturday 2025-03-01, and called by Wednesday the 5th; with
    ``from_next_day``, one flagged on Monday the 3rd is called from Tuesday, by Wednesday."""
    at_risk = customer(status=CustomerStatus.AT_RISK)
    start, end = date(2025, 3, 1), date(2025, 3, 31)
    assert planned(at_risk, QUIET, start, end) == [
        (
            date(2025, 3, 3),
            retention(
                "at risk (flag date unknown, counted from 2025-03-01): retention contact "
                "within 2 working days, and report upward",
                date(2025, 3, 3),
                date(2025, 3, 5),
                start,
            ),
        )
    ]
    next_day = attrs.evolve(QUIET, retention=attrs.evolve(QUIET.retention, from_next_day=True))
    plan = plan_touchpoints(at_risk, next_day, start=start, end=end, at_risk_since=date(2025, 3, 3))
    assert [(t.due, r) for t in plan.touchpoints for r in t.reasons] == [
        (
            date(2025, 3, 4),
            retention(
                "at risk since 2025-03-03: retention contact within 2 working days, and "
                "report upward",
                date(2025, 3, 4),
                date(2025, 3, 5),
                date(2025, 3, 3),
            ),
        )
    ]


# ------------------------------------------------------------------------ rule 4, warranty


def test_a_warranty_just_long_enough_for_the_minimum_keeps_the_usual_interval() -> None:
    """Rule 4 [seed 004 篇5 "每3个月电话回访一次,电话回访次数不得少于3次"]: accepted on
    2025-03-03 with 9 months of warranty, the contract has room for exactly 3 calls every 3
    months, so they fall on the 3rd of June, September and December (not spread evenly),
    each counting from the day after the previous one; a plan starting on 3 June holds the
    first, one starting the day after only the next two, and one starting on the warranty's
    last day its call of that day."""
    deal = contract(
        accepted_on=date(2025, 3, 3),
        commitments=(ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=9),),
    )
    record = CustomerHistory(customer=customer(), contracts=(deal,))
    calls = [
        (day, r)
        for day, r in planned(record, QUIET, date(2025, 3, 1), date(2025, 12, 31))
        if r.purpose is Purpose.WARRANTY_CALLBACK
    ]
    assert calls == [
        (
            deadline,
            Reason(
                rule=ScheduleRule.WARRANTY,
                purpose=Purpose.WARRANTY_CALLBACK,
                channel=Channel.PHONE,
                text=f"contract K1 under warranty until 2025-12-03: call {number} of 3, every "
                "3 months (at least 3)",
                earliest=earliest,
                deadline=deadline,
                trigger=date(2025, 3, 3),
                reference_id="K1",
            ),
        )
        for number, earliest, deadline in (
            (1, date(2025, 3, 7), date(2025, 6, 3)),
            (2, date(2025, 6, 4), date(2025, 9, 3)),
            (3, date(2025, 9, 4), date(2025, 12, 3)),
        )
    ]
    later = [
        [day for day, r in planned(record, QUIET, start, date(2025, 12, 31))]
        for start in (date(2025, 6, 3), date(2025, 6, 4), date(2025, 12, 3))
    ]
    assert later == [
        [date(2025, 6, 3), date(2025, 9, 3), date(2025, 12, 3)],
        [date(2025, 9, 3), date(2025, 12, 3)],
        [date(2025, 12, 3)],
    ]


def test_warranty_calls_stop_at_the_calendars_last_year() -> None:
    """Rule 4 up to the end of the calendar (2100): accepted on 2100-01-11 with two years of
    warranty, the contract has 8 calls every 3 months; a plan of 2100 holds the first three,
    and the fourth, due in January 2101, beyond the calendar, is not computed."""
    deal = contract(
        accepted_on=date(2100, 1, 11),
        commitments=(ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=24),),
    )
    record = CustomerHistory(customer=customer(), contracts=(deal,))
    calls = planned(record, QUIET, date(2100, 1, 1), date(2100, 12, 31))
    assert [(day, r.text) for day, r in calls if r.purpose is Purpose.WARRANTY_CALLBACK] == [
        (
            day,
            f"contract K1 under warranty until 2102-01-11: call {number} of 8, every 3 months "
            "(at least 3)",
        )
        for number, day in enumerate((date(2100, 4, 9), date(2100, 7, 9), date(2100, 10, 11)), 1)
    ]


def one_month_of_warranty(accepted: date) -> CustomerHistory:
    """C1 with contract K1 accepted on ``accepted`` with one month of warranty."""
    deal = contract(
        accepted_on=accepted,
        commitments=(ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=1),),
    )
    return CustomerHistory(customer=customer(), contracts=(deal,))


def test_warranty_messages_spread_over_a_short_warranty_may_fall_on_rest_days() -> None:
    """Rule 4 by SMS, which may go on rest days: accepted on 2025-03-05 with a month of
    warranty and the acceptance call within 17 days (by Saturday 22 March), the 3 calls are
    spread evenly; the first, for the 15th, comes after the acceptance call, on Sunday the
    23rd, and the last falls on the warranty's last day, Saturday 5 April."""
    policy = attrs.evolve(
        QUIET,
        warranty=attrs.evolve(
            QUIET.warranty,
            channel=Channel.SMS,
            acceptance_within=Span(count=17, unit=SpanUnit.DAY),
        ),
    )
    record = one_month_of_warranty(date(2025, 3, 5))
    calls = [
        (day, r.earliest, r.deadline)
        for day, r in planned(record, policy, date(2025, 3, 1), date(2025, 4, 30))
        if r.purpose is Purpose.WARRANTY_CALLBACK
    ]
    assert calls == [
        (date(2025, 3, 23), date(2025, 3, 23), date(2025, 3, 23)),
        (date(2025, 3, 25), date(2025, 3, 24), date(2025, 3, 25)),
        (date(2025, 4, 5), date(2025, 3, 26), date(2025, 4, 5)),
    ]


def test_more_warranty_calls_than_days_give_one_call_a_day_after_the_acceptance_day() -> None:
    """Rule 4 with at least 30 calls by SMS in a warranty of 28 days (2025-02-03 to
    2025-03-03): spread evenly they make 28 distinct days after the acceptance day, never
    that day itself, so 28 calls, one a day from the day after the acceptance call's
    deadline (Saturday 8 February, a working day)."""
    policy = attrs.evolve(
        QUIET, warranty=attrs.evolve(QUIET.warranty, channel=Channel.SMS, min_callbacks=30)
    )
    found = planned(
        one_month_of_warranty(date(2025, 2, 3)), policy, date(2025, 2, 1), date(2025, 2, 11)
    )
    assert [(day, r.text) for day, r in found if r.purpose is Purpose.WARRANTY_CALLBACK] == [
        (
            date(2025, 2, 8 + number),
            f"contract K1 under warranty until 2025-03-03: call {number} of 28, every 3 months "
            "(at least 30)",
        )
        for number in (1, 2, 3)
    ]


def test_a_warranty_message_may_be_sent_from_the_rest_day_after_the_acceptance_call() -> None:
    """Rule 4 by SMS: accepted on Tuesday 2025-03-04, the acceptance call is due by Friday
    the 7th, so the first warranty call, for 4 June, may be made from Saturday the 8th."""
    policy = attrs.evolve(QUIET, warranty=attrs.evolve(QUIET.warranty, channel=Channel.SMS))
    deal = contract(
        accepted_on=date(2025, 3, 4),
        commitments=(ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=12),),
    )
    record = CustomerHistory(customer=customer(), contracts=(deal,))
    found = planned(record, policy, date(2025, 3, 1), date(2025, 6, 30))
    assert [(day, r.earliest) for day, r in found if r.purpose is Purpose.WARRANTY_CALLBACK] == [
        (date(2025, 6, 4), date(2025, 3, 8))
    ]


def test_warranty_calls_after_the_warranty_are_the_same_in_any_range() -> None:
    """Rule 4 with the acceptance call within 40 days: accepted on 2025-03-05 with a month
    of warranty (until 5 April), the 3 calls spread over the warranty come after the
    acceptance call's deadline, 14 April: a plan from 1 April has them on the 15th, 16th
    and 17th, and a plan from 6 April must have the same calls (or, if calls after the
    warranty are dropped, neither has any)."""
    policy = attrs.evolve(
        QUIET,
        warranty=attrs.evolve(QUIET.warranty, acceptance_within=Span(count=40, unit=SpanUnit.DAY)),
    )
    record = one_month_of_warranty(date(2025, 3, 5))

    def calls(start: date) -> list[date]:
        found = planned(record, policy, start, date(2025, 4, 30))
        return [day for day, r in found if r.purpose is Purpose.WARRANTY_CALLBACK]

    assert calls(date(2025, 4, 6)) == calls(date(2025, 4, 1))


CLOSED_SUMMER = BusinessCalendar(
    closed_days=tuple(date(2025, 7, 19) + timedelta(days=n) for n in range(47))
)
"""The Chinese calendar with the company closed from 2025-07-19 to 2025-09-03."""


def warranty_calls_from_july(end: date) -> list[tuple[date, str]]:
    """The warranty calls planned from 2025-07-01 to ``end`` in :data:`CLOSED_SUMMER` for
    a contract accepted on 2025-03-03 with a year of warranty."""
    deal = contract(
        accepted_on=date(2025, 3, 3),
        commitments=(ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=12),),
    )
    plan = plan_touchpoints(
        CustomerHistory(customer=customer(), contracts=(deal,)),
        QUIET,
        start=date(2025, 7, 1),
        end=end,
        calendar=CLOSED_SUMMER,
    )
    return [(t.due, r.text) for t in plan.touchpoints for r in t.reasons]


CALL_2 = "contract K1 under warranty until 2026-03-03: call 2 of 4, every 3 months (at least 3)"


def test_a_warranty_call_moves_back_before_a_long_closure() -> None:
    """Rule 4 with rule 10: the second call, for 2025-09-03, falls in a company closure from
    19 July to 3 September, so it is due on the last working day before it, Friday 18 July;
    a plan ending on 3 August, 31 days before the call's day, holds it."""
    assert warranty_calls_from_july(date(2025, 8, 3)) == [(date(2025, 7, 18), CALL_2)]


def test_a_warranty_call_moved_back_before_a_long_closure_is_planned_in_any_range() -> None:
    """Rule 4, as above, with a plan ending on 2 August, 32 days before the call's day: the
    call due on 18 July is still in the range and is planned."""
    assert warranty_calls_from_july(date(2025, 8, 2)) == [(date(2025, 7, 18), CALL_2)]


# ------------------------------------------------------------------------- rule 1, cadence

CADENCE = attrs.evolve(QUIET, cadence=SEED_CADENCE)
"""The quiet policy with the preset cadences: grade C is called every 3 months."""
NO_FIRST_CONTACT = attrs.evolve(
    CADENCE, first_contact=attrs.evolve(QUIET.first_contact, enabled=False)
)


def only(grade: Grade, channel: Channel, count: int, unit: SpanUnit) -> SchedulingPolicy:
    """The quiet policy with one cadence: ``grade`` by ``channel`` every ``count`` ``unit``."""
    rule = CadenceRule(
        cadences=(Cadence(grade=grade, channel=channel, every=Span(count=count, unit=unit)),)
    )
    return attrs.evolve(QUIET, cadence=rule)


def routine(text: str, earliest: date, deadline: date, trigger: date | None) -> Reason:
    """A cadence reason by phone."""
    return Reason(
        rule=ScheduleRule.CADENCE,
        purpose=Purpose.ROUTINE,
        channel=Channel.PHONE,
        text=text,
        earliest=earliest,
        deadline=deadline,
        trigger=trigger,
    )


def grade_c_call(last: date, due: date) -> tuple[date, Reason]:
    """Grade C's call every 3 months, counted from the contact on ``last``, due on ``due``."""
    text = f"grade C: phone every 3 months; last contact {last}"
    return due, routine(text, last + timedelta(days=1), due, last)


def graded(grade: Grade, *visits: Visit, **changes: Any) -> CustomerHistory:
    """C1 of ``grade`` (with ``changes``), contacted by ``visits``."""
    return CustomerHistory(customer=customer(grade=grade, **changes), visits=visits)


def test_a_grades_cadences_come_strongest_channel_first_then_most_frequent() -> None:
    """Rule 1 [seed 002 分层分级]: grade A's cadences are the monthly visit, then the call
    every 2 weeks; two calls come most frequent first."""
    assert [str(c) for c in SEED_CADENCE.for_grade(Grade.A)] == [
        "grade A: on-site every 1 month",
        "grade A: phone every 2 weeks",
    ]
    calls = CadenceRule(
        cadences=(
            Cadence(grade=Grade.A, channel=Channel.PHONE, every=Span(count=1, unit=SpanUnit.MONTH)),
            Cadence(grade=Grade.A, channel=Channel.SMS, every=Span(count=1, unit=SpanUnit.WEEK)),
            Cadence(grade=Grade.A, channel=Channel.WECHAT, every=Span(count=3, unit=SpanUnit.DAY)),
        )
    )
    assert [str(c) for c in calls.for_grade(Grade.A)] == [
        "grade A: phone every 1 month",
        "grade A: wechat every 3 days",
        "grade A: sms every 1 week",
    ]


def test_a_cadence_counts_from_the_latest_contact_then_from_the_planned_one() -> None:
    """Rule 1 [seed 002 分层分级]: grade C, called on 2024-11-10 and 2024-12-10, is due a call
    three months after the latest, on Monday 2025-03-10, and three months after that
    planned call, on 2025-06-10; each reason names where it counts from."""
    record = graded(Grade.C, *contacted(date(2024, 11, 10), date(2024, 12, 10)))
    assert planned(record, CADENCE, date(2025, 3, 1), date(2025, 6, 30)) == [
        grade_c_call(date(2024, 12, 10), date(2025, 3, 10)),
        (
            date(2025, 6, 10),
            routine(
                "grade C: phone every 3 months; previous contact planned 2025-03-10",
                date(2025, 3, 11),
                date(2025, 6, 10),
                date(2025, 3, 10),
            ),
        ),
    ]


def test_a_cadence_without_any_contact_catches_up_on_the_first_day() -> None:
    """Rule 1: a grade-C customer never contacted, nor assigned, is due a catch-up call on
    the first working day of the range, Monday 2025-03-03."""
    assert planned(graded(Grade.C), CADENCE, date(2025, 3, 1), date(2025, 3, 31)) == [
        (
            date(2025, 3, 3),
            routine(
                "grade C: phone every 3 months; no contact on record — catch up",
                date(2025, 3, 1),
                date(2025, 3, 3),
                None,
            ),
        )
    ]


def test_a_customer_assigned_on_the_last_day_of_the_range_is_not_yet_due() -> None:
    """Rule 1: assigned on 2025-03-31, a grade-C customer counts from that day, so its first
    call falls after a range ending on it; assigned on the next day, it has no contact on
    record in the range and is caught up."""
    start, end = date(2025, 3, 1), date(2025, 3, 31)
    assert planned(graded(Grade.C, assigned_on=end), NO_FIRST_CONTACT, start, end) == []
    later = graded(Grade.C, assigned_on=date(2025, 4, 1))
    assert [r.text for _, r in planned(later, NO_FIRST_CONTACT, start, end)] == [
        "grade C: phone every 3 months; no contact on record — catch up"
    ]


def test_a_cadence_due_on_the_first_day_of_the_range_is_no_catch_up() -> None:
    """Rule 1: called on 2024-12-03, a grade-C customer is due by Monday 2025-03-03; a
    plan starting that day has the call on it as an ordinary one, not as a catch-up."""
    record = graded(Grade.C, *contacted(date(2024, 12, 3)))
    assert planned(record, CADENCE, date(2025, 3, 3), date(2025, 3, 31)) == [
        grade_c_call(date(2024, 12, 3), date(2025, 3, 3))
    ]


def test_a_contact_in_the_range_restarts_the_cadence() -> None:
    """Rule 1: called on 2024-12-03 and again on 2025-02-20, a grade-C customer is due next
    on 2025-05-20, three months after the later call, and nothing before."""
    record = graded(Grade.C, *contacted(date(2024, 12, 3), date(2025, 2, 20)))
    assert planned(record, CADENCE, date(2025, 1, 1), date(2025, 6, 30)) == [
        grade_c_call(date(2025, 2, 20), date(2025, 5, 20))
    ]


def test_a_contact_after_the_deadline_does_not_move_it() -> None:
    """Rule 1: called on 2024-12-10 and next on 2025-03-20, a grade-C customer was due by
    2025-03-10: the plan of March 2025 counts from the last contact before the range, and
    the later call does not cover the deadline before it."""
    record = graded(Grade.C, *contacted(date(2024, 12, 10), date(2025, 3, 20)))
    assert planned(record, CADENCE, date(2025, 3, 1), date(2025, 3, 31)) == [
        grade_c_call(date(2024, 12, 10), date(2025, 3, 10))
    ]


def test_a_contact_on_the_first_day_of_the_range_is_counted_from() -> None:
    """Rule 1: a grade-C customer with no earlier contact, called on Monday 2025-03-03, the
    first day of the range, needs no catch-up: the next call is due on 2025-06-03."""
    record = graded(Grade.C, *contacted(date(2025, 3, 3)))
    assert planned(record, CADENCE, date(2025, 3, 3), date(2025, 6, 30)) == [
        grade_c_call(date(2025, 3, 3), date(2025, 6, 3))
    ]


def test_a_cadence_shorter_than_the_weekend_is_due_on_the_next_working_day() -> None:
    """Rule 1 with a daily call: called on Friday 2025-02-28, the customer is due on Monday
    2025-03-03, the first working day after the call (the weekend cannot hold it, and the
    call already made cannot count twice)."""
    policy = only(Grade.A, Channel.PHONE, 1, SpanUnit.DAY)
    record = graded(Grade.A, *contacted(date(2025, 2, 28)))
    monday = date(2025, 3, 3)
    assert planned(record, policy, monday, monday) == [
        (
            monday,
            routine(
                "grade A: phone every 1 day; last contact 2025-02-28",
                date(2025, 3, 1),
                monday,
                date(2025, 2, 28),
            ),
        )
    ]


def test_a_message_cadence_may_fall_due_on_a_rest_day() -> None:
    """Rule 1 with an SMS every month, a channel allowed on rest days: a catch-up in a range
    starting on Saturday 2025-03-01 is due that Saturday, with or without a contact on
    record, and a message sent on Saturday 2025-02-08 is due again on Saturday 2025-03-08."""
    policy = only(Grade.A, Channel.SMS, 1, SpanUnit.MONTH)
    start, end = date(2025, 3, 1), date(2025, 3, 31)

    def due(*days: date) -> list[tuple[date, date, str]]:
        record = graded(Grade.A, *contacted(*days, channel=Channel.SMS))
        return [(day, r.deadline, r.text) for day, r in planned(record, policy, start, end)]

    assert due() == [(start, start, "grade A: sms every 1 month; no contact on record — catch up")]
    assert due(date(2024, 12, 14)) == [
        (
            start,
            start,
            "grade A: sms every 1 month; last contact 2024-12-14, was due 2025-01-14 — catch up",
        )
    ]
    assert due(date(2025, 2, 8)) == [
        (date(2025, 3, 8), date(2025, 3, 8), "grade A: sms every 1 month; last contact 2025-02-08")
    ]


def test_contacts_at_the_same_moment_count_whatever_they_name() -> None:
    """Rule 1 with the matching of contacts: two calls at the same moment, 2024-12-10 10:00,
    one with a key person and a reference, one with neither, are both read; the cadence of a
    grade-C customer counts from that day."""
    moment = at(2024, 12, 10)
    calls = (
        Visit(
            id="V1",
            customer_id="C1",
            manager_id="M1",
            channel=Channel.PHONE,
            done_at=moment,
            contact_id="K1",
            reference_id="S1",
        ),
        Visit(id="V2", customer_id="C1", manager_id="M1", channel=Channel.PHONE, done_at=moment),
    )
    for visits in (calls, calls[::-1]):
        record = graded(Grade.C, *visits)
        assert [
            (day, r.text)
            for day, r in planned(record, CADENCE, date(2025, 3, 1), date(2025, 3, 31))
        ] == [(date(2025, 3, 10), "grade C: phone every 3 months; last contact 2024-12-10")]


def test_a_cadence_is_planned_in_the_calendars_last_year() -> None:
    """Rule 1 up to the end of the calendar (2100): called on 2099-12-15, a grade-C customer
    is due by 2100-03-15, a Monday, and the call is planned."""
    record = graded(Grade.C, *contacted(date(2099, 12, 15)))
    assert [
        (day, r.deadline)
        for day, r in planned(record, CADENCE, date(2100, 3, 1), date(2100, 3, 31))
    ] == [(date(2100, 3, 15), date(2100, 3, 15))]

"""Worked examples of revisit scheduling from the seeds, with the default China calendar."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import attrs

from keyaccount.domain import Channel, Contact, Customer, Grade, Purpose, ServiceRecord, Visit
from keyaccount.domain.portfolio import CustomerHistory
from keyaccount.policies.scheduling import (
    SEED_SCHEDULING,
    ScheduleRule,
    monthly_plan_deadline,
    overdue,
    plan_portfolio,
    plan_touchpoints,
)

SH = ZoneInfo("Asia/Shanghai")


def test_service_before_national_day_is_revisited_by_11_october_seed_002() -> None:
    """A service on Tuesday 2025-09-30 must be revisited by Saturday 2025-10-11: 1–8 October
    are holidays and 11 October is a declared working day [seed 002 "必须保证在三天之内回访"]."""
    who = Customer(id="C1", name="Acme", manager_id="M1", member=True)
    service = ServiceRecord(
        id="S1", customer_id="C1", delivered_at=datetime(2025, 9, 30, 15, tzinfo=SH)
    )
    plan = plan_touchpoints(
        CustomerHistory(customer=who, services=(service,)),
        SEED_SCHEDULING,
        start=date(2025, 9, 1),
        end=date(2025, 10, 31),
    )
    (revisit,) = [t for t in plan.touchpoints if ScheduleRule.SERVICE_REVISIT in t.rules]
    assert revisit.deadline == date(2025, 10, 11)
    assert revisit.due == date(2025, 10, 9)


def test_customer_assigned_on_20_january_is_contacted_by_27_january_seed_002() -> None:
    """Assigned on Monday 2025-01-20, the first contact is due by Monday 2025-01-27
    [seed 002 "客服专员负责的客户,应在一周内与客户进行沟通"]."""
    who = Customer(id="C1", name="Acme", manager_id="M1", assigned_on=date(2025, 1, 20))
    plan = plan_touchpoints(who, SEED_SCHEDULING, start=date(2025, 1, 1), end=date(2025, 1, 31))
    (first,) = [t for t in plan.touchpoints if ScheduleRule.FIRST_CONTACT in t.rules]
    assert first.deadline == date(2025, 1, 27)


def test_monthly_plans_are_due_on_the_last_working_day_seed_000() -> None:
    """The plan for February 2025 is due on 2025-01-27 (28–31 January are Spring Festival
    holidays); the plan for October on 2025-09-30 [seed 000/001 "本月最后一个工作日上报"]."""
    assert monthly_plan_deadline(2025, 1) == date(2025, 1, 27)
    assert monthly_plan_deadline(2025, 9) == date(2025, 9, 30)


def test_key_person_greeted_on_the_four_festivals_of_2026_seed_002() -> None:
    """A key person is greeted on 2026-01-01, 2026-02-17, 2026-06-19 and 2026-09-25
    [seed 002 "节假日为:元旦、春节、端午、中秋"]."""
    who = Customer(
        id="C1", name="Acme", manager_id="M1", contacts=(Contact(id="K1", name="Zhang"),)
    )
    plan = plan_touchpoints(who, SEED_SCHEDULING, start=date(2026, 1, 1), end=date(2026, 12, 31))
    greetings = [
        t.due
        for t in plan.touchpoints
        for r in t.reasons
        if r.purpose is Purpose.HOLIDAY_GREETING and r.key_person_id == "K1"
    ]
    assert greetings == [date(2026, 1, 1), date(2026, 2, 17), date(2026, 6, 19), date(2026, 9, 25)]


def test_a_month_of_work_for_one_manager_seed_002() -> None:
    """One manager's October 2025: every customer's contacts, none on a rest day except
    messages, each with its reasons, and nothing overdue once all are recorded as done."""
    customers = [
        Customer(
            id=f"C{n}",
            name=f"customer {n}",
            manager_id="M1",
            grade=grade,
            member=n % 2 == 0,
            installed_base=n % 3 == 0,
            contacts=(Contact(id="K1", name="Zhang", birthday=date(1975, 10, 1 + n)),),
        )
        for n, grade in enumerate((Grade.A, Grade.B, Grade.C, Grade.D, Grade.A))
    ]
    last_visits = [
        Visit(
            id=f"V{n}",
            customer_id=c.id,
            manager_id="M1",
            channel=Channel.ON_SITE,
            done_at=datetime(2025, 9, 10, 10, tzinfo=SH),
        )
        for n, c in enumerate(customers)
    ]
    histories = [
        CustomerHistory(customer=c, visits=(v,))
        for c, v in zip(customers, last_visits, strict=True)
    ]
    month = plan_portfolio(
        histories, SEED_SCHEDULING, start=date(2025, 10, 1), end=date(2025, 10, 31)
    )
    work = month.touchpoints("M1")
    assert work
    assert month.conflicts == ()
    for touchpoint in work:
        assert touchpoint.reasons
        if not touchpoint.channel.is_message:
            assert touchpoint.window_start.weekday() < 5 or touchpoint.due == date(2025, 10, 11)
    for history in histories:
        plan = month.plan_for(history.customer.id)
        done = tuple(
            Visit(
                id=f"D{i}",
                customer_id=history.customer.id,
                manager_id="M1",
                channel=t.channel,
                purpose=t.purpose,
                contact_id=t.key_person_id,
                done_at=t.window_start,
            )
            for i, t in enumerate(plan.touchpoints)
        )
        recorded = attrs.evolve(history, visits=history.visits + done)
        assert overdue(recorded, plan, today=date(2025, 11, 1)).items == ()

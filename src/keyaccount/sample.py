"""Deterministic sample portfolios of any size, for the demo, tests and benchmarks.

:func:`generate_portfolio` builds a realistic book of business from a seed: a general manager,
supervisors and account managers; customers whose revenue follows a Pareto law (about 80 % of
revenue from 20 % of customers, as the department's own rule of thumb says [seed 004 篇6 §3]);
yearly figures for three years; and a year of history — services, complaints taken through
legal transitions, contracts with instalments and warranties, monthly specialist appraisals,
and the contacts of the department's own plan for the year, about 92 % of them done.

The same arguments always give the same portfolio (a private ``random.Random(seed)`` is used;
nothing global is touched).  This module is an edge of the library, not part of the pure core.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
from dateutil.relativedelta import relativedelta

from keyaccount.calendar import CHINA_CALENDAR
from keyaccount.domain import (
    AccountFigures,
    AccountManager,
    CommitmentKind,
    Complaint,
    ComplaintCategory,
    Contact,
    ContactRole,
    Contract,
    ContractStatus,
    CreditLevel,
    Customer,
    CustomerKind,
    CustomerStatus,
    Grade,
    Instalment,
    Money,
    Outcome,
    Period,
    Qualification,
    Role,
    Satisfaction,
    ServiceCommitment,
    ServiceKind,
    ServiceRecord,
    Severity,
    Visit,
)
from keyaccount.domain.appraisal import Appraisal, IndicatorResult
from keyaccount.domain.portfolio import Portfolio
from keyaccount.errors import ValidationError
from keyaccount.policies.scheduling import SEED_SCHEDULING, plan_portfolio

__all__ = ["generate_portfolio"]

SHANGHAI = ZoneInfo("Asia/Shanghai")

_SURNAMES = (
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Lin",
)
_GIVEN = (
    "Wei",
    "Fang",
    "Na",
    "Min",
    "Jing",
    "Lei",
    "Qiang",
    "Jun",
    "Yan",
    "Jie",
    "Tao",
    "Ming",
    "Chao",
    "Xia",
    "Hui",
    "Ping",
    "Gang",
    "Hong",
)
_PLACES = (
    "Huabei",
    "Jiangnan",
    "Xinhai",
    "Minjiang",
    "Qinling",
    "Donghai",
    "Xiangjiang",
    "Tianfu",
    "Songhua",
    "Lingnan",
)
_TRADES = [
    ("Steel", "metallurgy"),
    ("Textiles", "textiles"),
    ("Logistics", "logistics"),
    ("Foods", "food"),
    ("Tools", "machinery"),
    ("Pharma", "pharmaceuticals"),
    ("Power", "energy"),
    ("Semiconductors", "electronics"),
    ("Hotels", "hospitality"),
    ("Motors", "automotive"),
]
_REGIONS = ["North", "East", "South", "West", "Central"]
_ENCOURAGED = {"pharmaceuticals", "energy", "electronics"}


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)} {rng.choice(_GIVEN)}"


def _at(day: date, rng: random.Random) -> datetime:
    """A time during office hours on ``day`` (Shanghai)."""
    minute = rng.choice([8 * 60 + 30, 9 * 60, 10 * 60, 11 * 60, 14 * 60, 15 * 60, 16 * 60])
    return datetime.combine(day, time(minute // 60, minute % 60), SHANGHAI)


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _staff(managers: int, rng: random.Random) -> list[AccountManager]:
    staff = [
        AccountManager(
            id="gm", name=_name(rng), role=Role.GENERAL_MANAGER, qualification=Qualification.SENIOR
        )
    ]
    supervisors = max(1, managers // 6)
    for s in range(1, supervisors + 1):
        staff.append(
            AccountManager(
                id=f"s{s:02d}",
                name=_name(rng),
                role=Role.SUPERVISOR,
                qualification=Qualification.SENIOR,
                superior_id="gm",
            )
        )
    levels = [Qualification.JUNIOR, Qualification.INTERMEDIATE, Qualification.SENIOR]
    for m in range(1, managers + 1):
        staff.append(
            AccountManager(
                id=f"m{m:02d}",
                name=_name(rng),
                qualification=levels[m % 3],
                superior_id=f"s{(m - 1) % supervisors + 1:02d}",
            )
        )
    return staff


def _contacts(rng: random.Random, group: bool) -> list[Contact]:
    roles = [
        ContactRole.DECISION_MAKER,
        ContactRole.PURCHASING,
        ContactRole.TECHNICAL,
        ContactRole.FINANCE,
    ]
    return [
        Contact(
            id=f"p{k + 1}",
            name=_name(rng),
            role=roles[k],
            phones=(f"13{rng.randrange(10**9):09d}",),
            birthday=date(rng.randint(1960, 1995), rng.randint(1, 12), rng.randint(1, 28)),
            vip=group or k == 0,
        )
        for k in range(rng.randint(1, 3))
    ]


def generate_portfolio(
    customers: int = 300,
    managers: int = 12,
    *,
    as_of: date = date(2025, 12, 31),
    seed: int = 2025,
    history: bool = True,
    currency: str = "CNY",
) -> Portfolio:
    """A realistic portfolio of ``customers`` customers and ``managers`` account managers.

    Args:
        customers: number of customers (>= 1).
        managers: number of account managers (>= 1); a general manager and one supervisor per
            six managers are added above them.
        as_of: the last day of the history; figures cover the three years ending on or
            before it, history the year before it.
        seed: the seed of the private random generator: same seed, same portfolio.
        history: False for customers, staff and figures only (much faster for benchmarks).
        currency: the currency of every amount.
    """
    if isinstance(customers, bool) or not isinstance(customers, int) or customers < 1:
        raise ValidationError.of("customers", customers, "a whole number >= 1")
    if isinstance(managers, bool) or not isinstance(managers, int) or managers < 1:
        raise ValidationError.of("managers", managers, "a whole number >= 1")
    rng = random.Random(seed)
    staff = _staff(managers, rng)
    manager_ids = [s.id for s in staff if s.role is Role.ACCOUNT_MANAGER]
    start = as_of - relativedelta(years=1) + timedelta(days=1)
    last_year = as_of.year if as_of == date(as_of.year, 12, 31) else as_of.year - 1
    years = [Period.of_year(y) for y in (last_year - 2, last_year - 1, last_year)]

    # Pareto-distributed yearly revenue; grades from the resulting rank.
    bases = sorted((rng.paretovariate(1.16) for _ in range(customers)), reverse=True)
    order = list(range(customers))
    rng.shuffle(order)
    portfolio_customers: list[Customer] = []
    figures: list[AccountFigures] = []
    for index in range(customers):
        rank = order[index]
        base = Decimal(int(bases[rank] * 4_000_000))
        grade = (
            Grade.A
            if rank < customers * 0.1
            else Grade.B
            if rank < customers * 0.3
            else Grade.C
            if rank < customers * 0.7
            else Grade.D
        )
        prefix, industry = rng.choice(_TRADES)
        group = grade is Grade.A and rng.random() < 0.6
        assigned = start + timedelta(days=rng.randrange(365)) if rng.random() < 0.08 else None
        status = CustomerStatus.ACTIVE
        roll = rng.random()
        if roll < 0.05:
            status = CustomerStatus.AT_RISK
        elif roll < 0.07:
            status = CustomerStatus.PROSPECT
        payer = rng.random()  # below 0.6: pays on time
        credit = CreditLevel.A if payer < 0.3 else CreditLevel.B if payer < 0.6 else CreditLevel.C
        customer = Customer(
            id=f"c{index + 1:05d}",
            name=f"{rng.choice(_PLACES)} {prefix} {index + 1}",
            manager_id=rng.choice(manager_ids),
            kind=CustomerKind.LEGAL_ENTITY if rng.random() < 0.95 else CustomerKind.NATURAL_PERSON,
            assigned_on=assigned,
            status=status,
            grade=grade,
            credit_level=credit if payer < 0.95 else CreditLevel.D,
            industry=industry,
            region=rng.choice(_REGIONS),
            member=rng.random() < 0.3,
            group=group,
            encouraged_industry=industry in _ENCOURAGED,
            industry_leader=rng.random() < 0.15,
            cooperation_since=date(rng.randint(2005, 2024), rng.randint(1, 12), 1),
            installed_base=rng.random() < 0.25,
            contacts=_contacts(rng, group),
        )
        portfolio_customers.append(customer)
        growth = 1 + Decimal(rng.randint(-20, 25)) / 100  # -20 % .. +25 % a year
        previous = base
        margin = Decimal(rng.randint(8, 35)) / 100
        for year in years:
            revenue = (previous * growth).quantize(Decimal(1))
            receivables = (revenue * Decimal(rng.randint(10, 40)) / 100).quantize(Decimal(1))
            overdue_share = Decimal(0) if payer < 0.6 else Decimal(rng.randint(0, 60)) / 100
            figures.append(
                AccountFigures(
                    customer_id=customer.id,
                    period=year,
                    revenue=Money(amount=revenue, currency=currency),
                    gross_profit=Money(
                        amount=(revenue * margin).quantize(Decimal(1)), currency=currency
                    ),
                    previous_revenue=Money(amount=previous.quantize(Decimal(1)), currency=currency),
                    receivables=Money(amount=receivables, currency=currency),
                    overdue_receivables=Money(
                        amount=(receivables * overdue_share).quantize(Decimal(1)),
                        currency=currency,
                    ),
                    on_time_payment_rate=Decimal(
                        rng.randint(95, 100) if payer < 0.6 else rng.randint(50, 95)
                    )
                    / 100,
                    max_days_overdue=0 if payer < 0.6 else rng.choice([5, 15, 35, 65, 95, 130]),
                    satisfaction=Decimal(rng.randint(55, 100)),
                    open_complaints=0,
                )
            )
            previous = revenue
    portfolio = Portfolio(
        name=f"sample portfolio (seed {seed})",
        as_of=as_of,
        staff=tuple(staff),
        customers=tuple(portfolio_customers),
        figures=tuple(figures),
    )
    if not history:
        return portfolio
    return _with_history(portfolio, rng, start, as_of, currency)


def _with_history(
    portfolio: Portfolio, rng: random.Random, start: date, as_of: date, currency: str
) -> Portfolio:
    services: list[ServiceRecord] = []
    complaints: list[Complaint] = []
    contracts: list[Contract] = []
    for customer in portfolio.customers:
        if rng.random() < 0.35:
            delivered = _at(_weekday(start + timedelta(days=rng.randrange(360))), rng)
            if delivered.date() <= as_of:
                services.append(
                    ServiceRecord(
                        id=f"s{len(services) + 1:06d}",
                        customer_id=customer.id,
                        delivered_at=delivered,
                        kind=rng.choice(list(ServiceKind)),
                    )
                )
        if rng.random() < 0.12:
            complaints.append(_complaint(customer, len(complaints) + 1, rng, start, as_of))
        contracts.append(_contract(customer, len(contracts) + 1, rng, start, as_of, currency))
    without_visits = attrs.evolve(
        portfolio,
        services=tuple(services),
        complaints=tuple(complaints),
        contracts=tuple(contracts),
    )
    return attrs.evolve(
        without_visits,
        visits=_visits(without_visits, rng, start, as_of),
        appraisals=tuple(_appraisals(portfolio, rng, as_of)),
    )


def _visits(
    portfolio: Portfolio, rng: random.Random, start: date, as_of: date
) -> tuple[Visit, ...]:
    """The year's contacts: the department's own plan for the year, about 92 % of it done."""
    plan = plan_portfolio(
        portfolio.histories(), SEED_SCHEDULING, start=start, end=as_of, calendar=CHINA_CALENDAR
    )
    visits: list[Visit] = []
    for touchpoint in plan.touchpoints():
        if rng.random() < 0.08:  # a contact that was missed: it shows as overdue
            continue
        done_at = touchpoint.window_start or datetime.combine(touchpoint.due, time(10), SHANGHAI)
        reached = not touchpoint.channel.is_message
        visits.append(
            Visit(
                id=f"v{len(visits) + 1:06d}",
                customer_id=touchpoint.customer_id,
                manager_id=touchpoint.manager_id,
                channel=touchpoint.channel,
                purpose=touchpoint.purpose,
                done_at=done_at,
                outcome=Outcome.REACHED,
                questions=("How do you rate our products and service?",) if reached else (),
                answer="Satisfied overall." if reached else None,
                satisfaction=rng.choice(list(Satisfaction)[:3]) if reached else None,
            )
        )
    return tuple(visits)


def _complaint(
    customer: Customer, number: int, rng: random.Random, start: date, as_of: date
) -> Complaint:
    received = _at(_weekday(start + timedelta(days=rng.randrange(360))), rng)
    if received.date() > as_of:
        received = _at(_weekday(as_of - timedelta(days=7)), rng)
    complaint = Complaint(
        id=f"q{number:05d}",
        customer_id=customer.id,
        received_at=received,
        responsible_id=customer.manager_id,
        category=rng.choice(list(ComplaintCategory)),
        severity=rng.choices(list(Severity), weights=[70, 25, 5])[0],
        description="Delivery later than promised.",
    )
    by = customer.manager_id
    steps = rng.randint(0, 5)
    if steps < 3:  # complaints still open are recent ones
        received = _at(_weekday(as_of - timedelta(days=rng.randint(3, 9))), rng)
        complaint = attrs.evolve(complaint, received_at=received)
    at = received
    if steps >= 1:
        at += timedelta(hours=1)
        complaint = complaint.accept(at=at, by=by)
    if steps >= 2:
        at += timedelta(hours=2)
        complaint = complaint.start(at=at, by=by)
    if steps >= 3:
        at += timedelta(hours=rng.choice([4, 20, 30, 60]))
        complaint = complaint.resolve(at=at, by=by, note="Replacement delivered.")
    if steps >= 4 and (at + timedelta(days=2)).date() <= as_of:
        at += timedelta(days=2)
        complaint = complaint.record_revisit(at=at, by=by, note="Customer satisfied.")
        if steps >= 5:
            complaint = complaint.close(at=at + timedelta(hours=1), by=by)
    return complaint


def _contract(
    customer: Customer, number: int, rng: random.Random, start: date, as_of: date, currency: str
) -> Contract:
    begin = start + timedelta(days=rng.randrange(0, 300))
    end = begin + relativedelta(years=1, days=-1)
    value = Decimal(rng.randint(5, 500)) * 10_000
    instalments = []
    for k in range(4):
        due = begin + relativedelta(months=3 * k + 1)
        amount = Money(amount=value / 4, currency=currency)
        paid = due <= as_of and rng.random() < 0.8
        instalments.append(
            Instalment(
                due_on=due,
                amount=amount,
                received=amount if paid else None,
                received_on=due + timedelta(days=rng.randint(-5, 20)) if paid else None,
            )
        )
    commitments = [ServiceCommitment(kind=CommitmentKind.ON_SITE_WITHIN_HOURS, value=6)]
    handover = accepted = None
    if customer.installed_base:
        commitments.append(ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=12))
        handover = _at(_weekday(begin + timedelta(days=20)), rng)
        accepted = _weekday(begin + timedelta(days=30))
        if handover.date() > as_of or accepted > as_of:
            handover = accepted = None
    return Contract(
        id=f"k{number:05d}",
        customer_id=customer.id,
        manager_id=customer.manager_id,
        value=Money(amount=value, currency=currency),
        start=begin,
        end=end,
        signed_on=begin - timedelta(days=7),
        status=ContractStatus.ACTIVE,
        instalments=instalments,
        commitments=commitments,
        handover_at=handover,
        accepted_on=accepted,
    )


def _appraisals(portfolio: Portfolio, rng: random.Random, as_of: date) -> list[Appraisal]:
    month = Period.containing(Period.month(2000, 1).kind, as_of)
    if month.end != as_of:
        month = month.previous()
    months = [month]
    for _ in range(2):
        months.insert(0, months[0].previous())
    appraisals = []
    for person in portfolio.staff:
        if person.role is not Role.ACCOUNT_MANAGER:
            continue
        skill = rng.uniform(0.7, 1.1)
        for period in months:
            visit_plan = rng.randint(20, 40)
            expansion_plan = rng.randint(5, 12)
            deal_plan = rng.randint(2, 8)
            appraisals.append(
                Appraisal(
                    staff_id=person.id,
                    period=period,
                    results=(
                        IndicatorResult.measured(
                            "visit",
                            plan=visit_plan,
                            actual=round(visit_plan * skill * rng.uniform(0.85, 1.1)),
                        ),
                        IndicatorResult.measured(
                            "expansion",
                            plan=expansion_plan,
                            actual=round(expansion_plan * skill * rng.uniform(0.7, 1.2)),
                        ),
                        IndicatorResult.measured(
                            "deal",
                            plan=deal_plan,
                            actual=round(deal_plan * skill * rng.uniform(0.6, 1.3)),
                        ),
                        IndicatorResult.rated("daily-work", rng.randint(60, 100)),
                    ),
                )
            )
    return appraisals

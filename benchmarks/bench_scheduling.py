"""Revisit scheduling: a year's touchpoint plan for a portfolio, against a naive daily loop.

Workload: one year (2025) of touchpoints for 100,000 generated customers (scaled by ``scale``)
with the preset policy ``SEED_SCHEDULING`` — grades A–D, key persons with birthdays, member
and installed-base customers, services, resolved complaints, contracts with handover,
acceptance and warranty, at-risk customers, newly assigned ones, and each customer's last
visit and last call before the year.

The library side is :func:`keyaccount.policies.scheduling.plan_portfolio` without a capacity
limit (capacity needs managers' days and is timed separately).  The baseline is the loop one
writes without the library: for every customer, walk every day of the year, ask
``holidays.China`` whether it is a working day, step day by day to find each deadline, check
each rule ("is a festival, a birthday, a revisit, a cadence contact due today?"), then merge
the day's reasons.  It applies the same rules with the same results: before anything is timed,
both sides must produce the same touchpoints (day, channel, time window and rules) for a
sample of customers.

Rows: customers per second for both sides (the library on all the customers and, side by side
with the loop, on a tenth of them), touchpoints per second, the cost of the capacity pass, and
a linearity check (planning 10x the customers takes at most 11x the time).  Each comparison
alternates its two runs and reports medians, so that the machine's load cannot favour one.
The generated customers are frozen out of the garbage collector's view (``gc.freeze``) while
timing: otherwise every full collection re-scans the whole fixture, a cost of the caller's
heap that grows with the fixture, not with the planning.

Run alone with ``python -m benchmarks.bench_scheduling [--scale 0.01]``.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import holidays
from dateutil.relativedelta import relativedelta

from benchmarks.harness import Row, side_by_side
from keyaccount.domain import (
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
from keyaccount.domain.visit import Channel
from keyaccount.policies.scheduling import (
    SEED_SCHEDULING,
    CapacityRule,
    CustomerPlan,
    SchedulingPolicy,
    plan_portfolio,
)

CUSTOMERS = 100_000
YEAR = 2025
START = date(YEAR, 1, 1)
END = date(YEAR, 12, 31)
ZONE = ZoneInfo("Asia/Shanghai")
SAMPLE = 400  # customers checked for identical plans before timing
POLICY = attrs.evolve(SEED_SCHEDULING, capacity=CapacityRule(max_on_site_per_day=None))

History = tuple[CustomerHistory, date | None]
"""One generated customer: its history and the day it was flagged at risk (if it was)."""

Row_ = tuple[date, str, tuple[str, ...], datetime, datetime]
"""A touchpoint reduced for comparison: day, channel, rules (sorted), window start and end."""


# ------------------------------------------------------------------------------- workload


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randrange(7, 20), rng.choice((0, 15, 30, 45))), ZONE)


def generate(count: int, seed: int = 2025) -> list[History]:
    """``count`` varied customers with their histories, the same for the same ``seed``."""
    rng = random.Random(seed)
    days = (END - START).days + 1
    result: list[History] = []
    for n in range(count):
        customer_id = f"C{n:06d}"
        manager_id = f"M{n // 120:04d}"
        grade = rng.choices((Grade.A, Grade.B, Grade.C, Grade.D), weights=(1, 2, 3, 4))[0]
        contacts = tuple(
            Contact(
                id=f"K{k}",
                name=f"key person {k}",
                birthday=date(rng.randrange(1960, 2000), rng.randrange(1, 13), rng.randrange(1, 29))
                if rng.random() < 0.8
                else None,
            )
            for k in range(rng.choice((0, 1, 1, 2, 2, 3)))
        )
        at_risk = START + timedelta(days=rng.randrange(days)) if rng.random() < 0.05 else None
        assigned = START + timedelta(days=rng.randrange(days)) if rng.random() < 0.1 else None
        customer = Customer(
            id=customer_id,
            name=f"customer {n}",
            manager_id=manager_id,
            grade=grade,
            status=CustomerStatus.AT_RISK if at_risk else CustomerStatus.ACTIVE,
            assigned_on=assigned or date(2020, 1, 2),
            member=rng.random() < 0.3,
            installed_base=rng.random() < 0.3,
            contacts=contacts,
        )
        visits = tuple(
            Visit(
                id=f"V{n}-{channel}",
                customer_id=customer_id,
                manager_id=manager_id,
                channel=channel,
                done_at=_moment(START - timedelta(days=rng.randrange(1, 100)), rng),
            )
            for channel in (Channel.ON_SITE, Channel.PHONE)
            if rng.random() < 0.9
        )
        services = tuple(
            ServiceRecord(
                id=f"S{n}-{k}",
                customer_id=customer_id,
                delivered_at=_moment(START + timedelta(days=rng.randrange(days)), rng),
            )
            for k in range(rng.choice((0, 0, 1, 1, 2, 3)))
        )
        complaints: tuple[Complaint, ...] = ()
        if rng.random() < 0.1:
            received = _moment(START + timedelta(days=rng.randrange(days - 10)), rng)
            complaint = Complaint(
                id=f"Q{n}",
                customer_id=customer_id,
                received_at=received,
                responsible_id=manager_id,
            )
            complaint = complaint.accept(at=received + timedelta(hours=1), by=manager_id)
            complaint = complaint.start(at=received + timedelta(hours=2), by=manager_id)
            resolved = received + timedelta(hours=rng.randrange(3, 80))
            complaints = (complaint.resolve(at=resolved, by=manager_id),)
        contracts: tuple[Contract, ...] = ()
        if rng.random() < 0.15:
            handover = _moment(START + timedelta(days=rng.randrange(days)), rng)
            contracts = (
                Contract(
                    id=f"K{n}",
                    customer_id=customer_id,
                    manager_id=manager_id,
                    value=Money.of(100_000),
                    start=START,
                    end=END,
                    signed_on=START,
                    status=ContractStatus.SIGNED,
                    handover_at=handover,
                    accepted_on=handover.date() + timedelta(days=rng.randrange(3, 30)),
                    commitments=(
                        ServiceCommitment(
                            kind=CommitmentKind.WARRANTY_MONTHS, value=rng.choice((6, 12, 24))
                        ),
                    ),
                ),
            )
        history = CustomerHistory(
            customer=customer,
            visits=visits,
            services=services,
            complaints=complaints,
            contracts=contracts,
        )
        result.append((history, at_risk))
    return result


# -------------------------------------------------------------------------------- library


def library(customers: list[History], policy: SchedulingPolicy = POLICY) -> list[CustomerPlan]:
    """The year's plans with the library."""
    plan = plan_portfolio(
        [h for h, _ in customers],
        policy,
        start=START,
        end=END,
        at_risk_since={h.customer.id: d for h, d in customers if d is not None},
    )
    return list(plan.plans)


def _library_rows(plan: CustomerPlan) -> list[Row_]:
    return [
        (
            t.due,
            str(t.channel),
            tuple(sorted(str(r.rule) for r in t.reasons)),
            t.window_start,
            t.window_end,
        )
        for t in plan.touchpoints
    ]


# ------------------------------------------------------------------------ naive daily loop

WORK_HOURS = ((time(8, 0), time(12, 0)), (time(13, 30), time(17, 30)))
MESSAGE_HOURS = ((time(8, 0), time(21, 0)),)
MESSAGES = ("sms",)
STRENGTH = {"on-site": 2, "phone": 1, "sms": 0}
RULES = (
    "cadence",
    "first-contact",
    "service-revisit",
    "warranty",
    "complaint-revisit",
    "festival",
    "birthday",
    "active-service",
    "retention",
)
CADENCES = {
    Grade.A: (("on-site", relativedelta(months=1)), ("phone", relativedelta(weeks=2))),
    Grade.B: (("on-site", relativedelta(months=3)), ("phone", relativedelta(months=1))),
    Grade.C: (("phone", relativedelta(months=3)),),
    Grade.D: (("phone", relativedelta(months=6)),),
}
ONE = timedelta(days=1)
GREET_AT = time(9, 0)

Entry = tuple[str, str, str, str, datetime | None, datetime | None, time | None]
"""A reason in the naive loop: rule, channel, key person, reference, not before, not after,
preferred time."""


class Naive:
    """The rules of the preset written as a day-by-day loop over ``holidays.China``."""

    def __init__(self) -> None:
        self.china = holidays.China(years=range(YEAR - 1, YEAR + 3), language="zh_CN")
        self.working = self.china.is_working_day
        self.festivals: list[tuple[str, date]] = []
        for name in ("元旦", "春节", "端午节", "中秋节"):
            for year in (YEAR, YEAR + 1):
                found = [d for d in self.china.get_named(name, lookup="exact") if d.year == year]
                self.festivals.append((name, min(found)))

    # -- stepping, one day at a time

    def next_working(self, day: date) -> date:
        while not self.working(day):
            day += ONE
        return day

    def previous_working(self, day: date) -> date:
        while not self.working(day):
            day -= ONE
        return day

    def add_working_days(self, day: date, n: int) -> date:
        day = self.next_working(day)
        while n:
            day += ONE
            if self.working(day):
                n -= 1
        return day

    def hours(self, day: date, channel: str) -> tuple[tuple[time, time], ...]:
        if self.working(day):
            return MESSAGE_HOURS if channel in MESSAGES else WORK_HOURS
        return MESSAGE_HOURS if channel in MESSAGES else ()

    def window(
        self,
        day: date,
        channel: str,
        low: datetime | None = None,
        high: datetime | None = None,
        prefer: time | None = None,
    ) -> tuple[datetime, datetime] | None:
        spans = []
        for begin, finish in self.hours(day, channel):
            s = datetime.combine(day, begin, ZONE)
            e = datetime.combine(day, finish, ZONE)
            if low is not None and low.date() == day and low > s:
                s = low
            if high is not None and high.date() == day and high < e:
                e = high
            if s < e:
                spans.append((s, e))
        if not spans:
            return None
        start, end = spans[0][0], spans[-1][1]
        if prefer is not None:
            wanted = datetime.combine(day, prefer, ZONE)
            for s, e in spans:
                if wanted < e:
                    start = max(wanted, s)
                    break
        return start, end

    def add_working_hours(self, moment: datetime, hours: int) -> datetime:
        remaining = timedelta(hours=hours)
        current = moment
        day = moment.date()
        while True:
            if self.working(day):
                for begin, finish in WORK_HOURS:
                    s = datetime.combine(day, begin, ZONE)
                    e = datetime.combine(day, finish, ZONE)
                    if e <= current:
                        continue
                    current = max(current, s)
                    if remaining <= e - current:
                        return current + remaining
                    remaining -= e - current
                    current = e
            day += ONE

    # -- the plan of one customer

    def plan(self, history: CustomerHistory, at_risk: date | None) -> list[Row_]:
        """The customer's touchpoints: every day of the year, every rule asked "due today?"."""
        customer = history.customer
        working = self.working
        items: dict[date, list[Entry]] = {}

        def add(day: date, entry: Entry) -> None:
            items.setdefault(day, []).append(entry)

        # Events wait for their first working day; each deadline is found by stepping.
        pending: list[tuple[date, date, str, str]] = []  # first day, deadline, rule, reference

        def event(rule: str, trigger: date, deadline: date, next_day: bool, ref: str = "") -> None:
            if deadline >= START:
                pending.append((trigger + ONE if next_day else trigger, deadline, rule, ref))

        if customer.assigned_on is not None:
            deadline = self.next_working(customer.assigned_on + timedelta(days=7))
            event("first-contact", customer.assigned_on, deadline, False)
        for service in history.services:
            day = service.delivered_at.astimezone(ZONE).date()
            event("service-revisit", day, self.add_working_days(day, 3), True, service.id)
        for complaint in history.complaints:
            resolved = complaint.resolved_at
            assert resolved is not None
            day = resolved.astimezone(ZONE).date()
            event("complaint-revisit", day, self.add_working_days(day, 3), True, complaint.id)
        if at_risk is not None:
            event("retention", at_risk, self.add_working_days(at_risk, 2), False)
        # Warranty calls are worked out per contract; they join the day loop on their day.
        fixed: dict[date, list[Entry]] = {}
        for contract in history.contracts:
            self._warranty(contract, lambda d, e: fixed.setdefault(d, []).append(e), event)
        persons = customer.key_persons()
        greet = {day for _, day in self.festivals}
        visit = [
            day
            for name, day in self.festivals
            if customer.grade is Grade.A and name in ("春节", "中秋节")
        ]
        birthdays = [
            (p.id, p.birthday + relativedelta(year=year))
            for p in persons
            if p.birthday is not None
            for year in (YEAR, YEAR + 1)
        ]
        chains = self._chains(history)
        latest: list[date | None] = [None] * len(chains)
        day = START
        while day <= END:
            today: list[Entry] = list(fixed.get(day, ()))
            work = working(day)
            if work:
                for waiting in list(pending):
                    first, deadline, rule, ref = waiting
                    if first <= day:
                        if day <= deadline:
                            today.append((rule, "phone", "", ref, None, None, None))
                        pending.remove(waiting)
                for festival in list(visit):
                    # The first of the five working days before the festival.
                    if day < festival and (festival - day).days <= 20:
                        count, step = 0, day
                        while step < festival:
                            count += working(step)
                            step += ONE
                        if count <= 5:
                            today.append(("festival", "on-site", "", "", None, None, None))
                            visit.remove(festival)
            if day in greet:
                for person in persons:
                    today.append(("festival", "sms", person.id, "", None, None, GREET_AT))
            for person_id, birthday in birthdays:
                if day == birthday:
                    today.append(("birthday", "sms", person_id, "", None, None, GREET_AT))
                # The gift goes on the last working day on or before the birthday.
                if work and day <= birthday and self.next_working(day + ONE) > birthday:
                    today.append(("birthday", "on-site", person_id, "", None, None, None))
            for entry in today:
                add(day, entry)
                for i, chain in enumerate(chains):
                    if STRENGTH[entry[1]] >= chain.strength:
                        latest[i] = day
            for i, chain in enumerate(chains):
                while chain.due_today(day, work):
                    low = chain.anchor if chain.anchor is not None else START - ONE
                    host = latest[i]
                    due = host if host is not None and host > low else day
                    add(due, (chain.rule, chain.channel, "", "", None, None, None))
                    for j in range(i + 1, len(chains)):
                        if chain.strength >= chains[j].strength and (
                            latest[j] is None or due > latest[j]  # type: ignore[operator]
                        ):
                            latest[j] = due
                    chain.restart(due)
            day += ONE
        return self._merge(items)

    def _warranty(
        self,
        contract: Contract,
        add: Callable[[date, Entry], None],
        event: Callable[..., None],
    ) -> None:
        handover = contract.handover_at
        assert handover is not None
        moment = handover.astimezone(ZONE)
        deadline_at = self.add_working_hours(moment, 3)
        day = moment.date()
        while self.window(day, "phone", moment, deadline_at) is None:
            day += ONE
        if START <= day <= END:
            add(day, ("warranty", "phone", "", contract.id, moment, deadline_at, None))
        accepted = contract.accepted_on
        assert accepted is not None
        event("warranty", accepted, self.add_working_days(accepted, 3), True, contract.id)
        last = contract.warranty_end
        assert last is not None
        targets = []
        step = 1
        while accepted + relativedelta(months=3 * step) <= last:
            targets.append(accepted + relativedelta(months=3 * step))
            step += 1
        if len(targets) < 3:
            length = (last - accepted).days
            targets = sorted({accepted + timedelta(days=length * k // 3) for k in (1, 2, 3)})
        previous = self.add_working_days(accepted, 3)
        for target in targets:
            due = self.previous_working(target)
            if due <= previous:
                due = self.next_working(previous + ONE)
            previous = due
            if START <= due <= END:
                add(due, ("warranty", "phone", "", contract.id, None, None, None))

    def _chains(self, history: CustomerHistory) -> list[Chain]:
        customer = history.customer
        assert customer.grade is not None
        specs = [("cadence", channel, every) for channel, every in CADENCES[customer.grade]]
        if customer.installed_base:
            # Strongest first, then most frequent: a quarterly call goes before a half-yearly.
            quarterly = ("active-service", "phone", relativedelta(months=3))
            specs.insert(len(specs) if customer.grade is not Grade.D else 0, quarterly)
        chains = []
        for rule, channel, every in specs:
            strength = STRENGTH[channel]
            before = [
                v.done_at.astimezone(ZONE).date()
                for v in history.visits
                if v.done_at is not None and STRENGTH[str(v.channel)] >= strength
            ]
            anchor = max(before) if before else customer.assigned_on
            chains.append(Chain(self, rule, channel, strength, every, anchor))
        return chains

    def _merge(self, items: dict[date, list[Entry]]) -> list[Row_]:
        """One touchpoint per day: the strongest channel, every rule; an entry whose hours
        share none with the strongest entry's goes to its next day with time before its
        deadline (dropped past the end of the year), or stays if there is none."""
        rows: list[Row_] = []
        days = sorted(items)
        for day in days:  # grows (in order) as entries move to later days
            entries = sorted(items[day], key=lambda e: (RULES.index(e[0]), e[2], e[3]))
            strongest = max(STRENGTH[e[1]] for e in entries)
            primary = next(e for e in entries if STRENGTH[e[1]] == strongest)
            channel = primary[1]
            kept = [primary]
            for entry in entries:
                if entry is primary:
                    continue
                together = [*kept, entry]
                lows = [e[4] for e in together if e[4] is not None and e[4].date() == day]
                highs = [e[5] for e in together if e[5] is not None]
                low = max(lows) if lows else None
                high = min(highs) if highs else None
                if entry[5] is None or self.window(day, channel, low, high) is not None:
                    kept.append(entry)
                    continue
                later = day + ONE
                while later <= entry[5].date() and not self.window(
                    later, entry[1], entry[4], entry[5]
                ):
                    later += ONE
                if later > entry[5].date():
                    kept.append(entry)
                elif later <= END:
                    if later not in items:
                        items[later] = []
                        bisect.insort(days, later)
                    items[later].append(entry)
            entries = kept
            lows = [e[4] for e in entries if e[4] is not None and e[4].date() == day]
            highs = [e[5] for e in entries if e[5] is not None]
            prefers = [e[6] for e in entries if e[6] is not None]
            low = max(lows) if lows else None
            high = min(highs) if highs else None
            prefer = max(prefers) if prefers else None
            window = self.window(day, channel, low, high, prefer)
            if window is None:
                window = self.window(day, channel, primary[4], primary[5], primary[6])
            assert window is not None
            rules = tuple(sorted(e[0] for e in entries))
            rows.append((day, channel, rules, window[0], window[1]))
        return rows


class Chain:
    """A recurring rule in the naive loop: asked every day whether its contact is due."""

    def __init__(
        self,
        loop: Naive,
        rule: str,
        channel: str,
        strength: int,
        every: relativedelta,
        anchor: date | None,
    ) -> None:
        self.loop = loop
        self.rule = rule
        self.channel = channel
        self.strength = strength
        self.every = every
        self.anchor = anchor
        self.fixed: date | None = None  # a catch-up day, when the first contact is late
        if anchor is None:
            self.fixed = loop.next_working(START)
        else:
            self.raw = anchor + every
            if loop.previous_working(self.raw) < START:
                self.fixed = loop.next_working(START)

    def due_today(self, day: date, work: bool) -> bool:
        """Is today the last working day that keeps the cadence (or the catch-up day)?"""
        if self.fixed is not None:
            return day == self.fixed
        assert self.anchor is not None
        if not work or day <= self.anchor:
            return False
        # The last working day on or before the target, or the first after it when the rest
        # period is longer than the interval.
        return day > self.raw or self.loop.next_working(day + ONE) > self.raw

    def restart(self, due: date) -> None:
        self.anchor = due
        self.raw = due + self.every
        self.fixed = None


def naive(customers: list[History], loop: Naive) -> list[list[Row_]]:
    """The year's plans with the naive loop."""
    return [loop.plan(history, at_risk) for history, at_risk in customers]


# ------------------------------------------------------------------------------------ run


def run(scale: float = 1.0) -> list[Row]:
    """Customers and touchpoints per second, library vs the naive loop; capacity; linearity.

    Every comparison is timed side by side (the two runs alternate), so that a change in the
    machine's load between runs does not bias a ratio.  The naive loop is slow: it runs on a
    tenth of the customers, and the library is timed on the same tenth beside it.
    """
    count = max(20, round(CUSTOMERS * scale))
    customers = generate(count)
    share = customers[: max(10, count // 10)]
    loop = Naive()
    repeat = 3 if count <= 20_000 else 2
    # The generated customers live through every run; frozen, the garbage collector stops
    # re-scanning them, so each run pays for what it allocates, not for the fixture's size.
    gc.collect()
    gc.freeze()
    try:
        return _rows(customers, share, loop, repeat)
    finally:
        gc.unfreeze()


def _rows(customers: list[History], share: list[History], loop: Naive, repeat: int) -> list[Row]:
    """The rows, timed on the frozen fixture."""
    count = len(customers)

    # Same plans first, on a sample (every rule occurs in it).
    sample = customers[:SAMPLE]
    for plan, want in zip(library(sample), naive(sample, loop), strict=True):
        got = _library_rows(plan)
        assert got == want, (plan.customer_id, got, want)
    touchpoints = sum(len(p.touchpoints) for p in library(share))

    lib_share, base_share = side_by_side(
        lambda: library(share), lambda: naive(share, loop), repeat=repeat
    )
    small, big = side_by_side(lambda: library(share), lambda: library(customers), repeat=repeat)
    with_capacity = attrs.evolve(POLICY, capacity=CapacityRule(max_on_site_per_day=4))
    capped, free = side_by_side(
        lambda: library(share, with_capacity), lambda: library(share), repeat=repeat
    )
    naive_rate = len(share) / base_share
    return [
        Row(
            benchmark=f"scheduling: one year's plan, {count:,} customers",
            library=count / big,
            baseline=naive_rate,
            unit="customers/s",
            baseline_name="day-by-day loop over holidays.China",
            note=f"baseline timed on {len(share):,} of them",
        ),
        Row(
            benchmark=f"scheduling: one year's plan, side by side, {len(share):,} customers",
            library=len(share) / lib_share,
            baseline=naive_rate,
            unit="customers/s",
            baseline_name="day-by-day loop over holidays.China",
            note="same customers, runs alternated",
        ),
        Row(
            benchmark=f"scheduling: touchpoints planned, {len(share):,} customers",
            library=touchpoints / lib_share,
            baseline=touchpoints / base_share,
            unit="touchpoints/s",
            baseline_name="day-by-day loop over holidays.China",
            note=f"{touchpoints / len(share):.1f} touchpoints per customer",
        ),
        Row(
            benchmark=f"scheduling: capacity 4 on-site/manager/day, {len(share):,} customers",
            library=len(share) / capped,
            baseline=len(share) / free,
            unit="customers/s",
            baseline_name="the same plan without capacity",
            note="ratio < 1: the cost of the capacity pass",
        ),
        Row(
            benchmark=f"scheduling: time for 10x customers ({len(share):,} → {count:,})",
            library=big / small,
            baseline=count / len(share) * 1.1,
            unit="x time",
            baseline_name=f"target: at most {count / len(share) * 1.1:.0f}x",
            lower_is_better=True,
            note=f"time per customer grows {(big / small) / (count / len(share)):.2f}x",
        ),
    ]


def _print(rows: list[Row]) -> None:
    print(f"{'benchmark':<66} {'library':>12} {'baseline':>12} {'ratio':>7}  unit")
    for row in rows:
        ratio = f"{row.ratio:.1f}x" if row.ratio is not None else "-"
        baseline = f"{row.baseline:,.1f}" if row.baseline is not None else "-"
        print(f"{row.benchmark:<66} {row.library:>12,.1f} {baseline:>12} {ratio:>7}  {row.unit}")
        print(f"{'':<66} baseline: {row.baseline_name}; {row.note}")


def main() -> None:
    """Print the scheduling benchmark table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="shrink the workload")
    _print(run(parser.parse_args().scale))


if __name__ == "__main__":
    main()

"""Properties of the contract rules: ageing partitions, review monotonicity, reminders, credit."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from keyaccount.domain import Contract, ContractStatus, Instalment, Money
from keyaccount.policies.contracts import (
    CONTRACT_POLICY,
    ContractPolicy,
    credit_check,
    overdue_payments_report,
    receivables_ageing,
    renewal_reminders,
    review_requirement,
)

CUSTOMERS = ["C-1", "C-2", "C-3"]
TODAY = date(2025, 6, 30)
SIGNED = frozenset(
    {ContractStatus.SIGNED, ContractStatus.ACTIVE, ContractStatus.EXPIRED, ContractStatus.RENEWED}
)

_instalment = st.tuples(
    st.integers(1, 10**9),  # amount in cents
    st.integers(0, 4),  # received: nothing, a quarter, half, three quarters, everything
    st.integers(-400, 200),  # due day, in days from TODAY
)
_contract = st.tuples(
    st.integers(0, len(ContractStatus) * 2 - 1),  # status, and for terminated: signed or not
    st.integers(0, len(CUSTOMERS) - 1),  # customer
    st.integers(-60, 200),  # end day, in days from TODAY
    st.integers(-1, 2),  # renews K-0, K-1, K-2 or nothing
    st.lists(_instalment, max_size=4),
)
_ledger = st.tuples(st.lists(_contract, max_size=6), st.integers(-120, 120))
_STATUSES = list(ContractStatus)


def _instalment_of(cents: int, quarters: int, due: int) -> Instalment:
    amount = Decimal(cents).scaleb(-2)
    return Instalment(
        due_on=TODAY + timedelta(days=due),
        amount=Money.of(amount),
        received=Money.of(amount * quarters / 4) if quarters else None,
    )


def _contract_of(index: int, drawn: tuple[int, int, int, int, list[Any]]) -> Contract:
    state, customer, end, renews, schedule = drawn
    status = _STATUSES[state % len(_STATUSES)]
    signed = status in SIGNED or (status is ContractStatus.TERMINATED and state >= len(_STATUSES))
    last = TODAY + timedelta(days=end)
    return Contract(
        id=f"K-{index}",
        customer_id=CUSTOMERS[customer],
        manager_id=f"S-{customer}",
        value=Money.of(10_000 * (index + 1)),
        start=last - timedelta(days=365),
        end=last,
        status=status,
        signed_on=date(2024, 1, 1) if signed else None,
        instalments=[_instalment_of(*item) for item in schedule],
        renewal_of=None if renews < 0 else f"K-{renews}",
    )


def _ledger_of(drawn: tuple[list[Any], int]) -> tuple[list[Contract], date]:
    contracts, day = drawn
    return [_contract_of(i, c) for i, c in enumerate(contracts)], TODAY + timedelta(days=day)


ledgers = _ledger.map(_ledger_of)
"""Up to six contracts K-0, K-1 … of three customers in any status, and a day near TODAY.

Drawn as plain numbers and built afterwards: the library's ``kst.contracts`` walks random
transitions and is too slow to draw lists of, and few choices per example keep each property
fast.  Shrinks towards no contracts on TODAY.
"""


policies = st.builds(
    lambda limits: attrs.evolve(CONTRACT_POLICY, ageing_limits=tuple(sorted(limits))),
    st.sets(st.integers(1, 400), min_size=1, max_size=5),
)


@given(ledgers, policies)
def test_ageing_buckets_partition_the_overdue_total(
    ledger: tuple[list[Contract], date], policy: ContractPolicy
) -> None:
    """In every line the buckets sum to the overdue total, and overdue + not yet due = owed."""
    contracts, today = ledger
    ageing = receivables_ageing(contracts, today, policy)
    for line in (*ageing.customers, ageing.overall):
        assert Money.total((b.amount for b in line.buckets), "CNY") == line.overdue
        assert line.overdue + line.not_yet_due == line.outstanding
        assert all(not b.amount.amount < 0 for b in line.buckets)


@given(ledgers, policies)
def test_every_overdue_instalment_lands_in_exactly_one_bucket(
    ledger: tuple[list[Contract], date], policy: ContractPolicy
) -> None:
    """Buckets are contiguous and disjoint from day 1; each overdue instalment counts once."""
    contracts, today = ledger
    buckets = receivables_ageing(contracts, today, policy).overall.buckets
    for days in range(1, policy.ageing_limits[-1] + 3):
        assert sum(b.holds(days) for b in buckets) == 1
    report = overdue_payments_report(contracts, today)
    assert sum(b.count for b in buckets) == len(report.rows)
    for row in report.rows:
        assert sum(b.holds(row.days_overdue) for b in buckets) == 1


@given(ledgers)
def test_customer_lines_add_up_to_the_overall_line(ledger: tuple[list[Contract], date]) -> None:
    """The overall line is the sum of the customers' lines, bucket by bucket."""
    contracts, today = ledger
    ageing = receivables_ageing(contracts, today, CONTRACT_POLICY)
    for index, bucket in enumerate(ageing.overall.buckets):
        parts = (line.buckets[index].amount for line in ageing.customers)
        assert Money.total(parts, "CNY") == bucket.amount
    assert Money.total((c.outstanding for c in ageing.customers), "CNY") == (
        ageing.overall.outstanding
    )


@given(ledgers, st.randoms(use_true_random=False))
def test_ageing_is_independent_of_contract_order(
    ledger: tuple[list[Contract], date], random: st.Random
) -> None:
    """Shuffling the contracts changes nothing in the ageing."""
    contracts, today = ledger
    shuffled = list(contracts)
    random.shuffle(shuffled)
    assert receivables_ageing(shuffled, today, CONTRACT_POLICY) == receivables_ageing(
        contracts, today, CONTRACT_POLICY
    )


@given(ledgers)
def test_overdue_report_total_equals_the_ageing_overdue(
    ledger: tuple[list[Contract], date],
) -> None:
    """The 滞纳货款报表 and the ageing agree on what is overdue."""
    contracts, today = ledger
    report = overdue_payments_report(contracts, today)
    overdue = receivables_ageing(contracts, today, CONTRACT_POLICY).overall.overdue
    assert Money.total(report.totals, "CNY") == overdue
    assert all(row.days_overdue >= 1 for row in report.rows)
    days = [row.days_overdue for row in report.rows]
    assert days == sorted(days, reverse=True)


values = st.decimals(min_value=0, max_value=Decimal(10) ** 8, places=2)
CONTRACT = Contract(
    id="K-9",
    customer_id="C-1",
    manager_id="S-1",
    value=Money.of(1),
    start=TODAY,
    end=TODAY,
)


@given(values, values)
def test_raising_value_never_lowers_the_reviewer(low: Decimal, high: Decimal) -> None:
    """A larger contract is reviewed by someone of at least the same authority."""
    low, high = min(low, high), max(low, high)
    small = review_requirement(attrs.evolve(CONTRACT, value=Money.of(low)), CONTRACT_POLICY)
    large = review_requirement(attrs.evolve(CONTRACT, value=Money.of(high)), CONTRACT_POLICY)
    assert small.reviewer is not None
    assert large.reviewer is not None
    assert large.reviewer.rank >= small.reviewer.rank


@given(ledgers)
def test_renewal_reminder_names_the_tightest_mark_reached(
    ledger: tuple[list[Contract], date],
) -> None:
    """Each reminder's mark is the smallest of 90/60/30 at or above the days left."""
    contracts, today = ledger
    marks = CONTRACT_POLICY.renewal_days_before
    for reminder in renewal_reminders(contracts, today, CONTRACT_POLICY):
        assert 0 <= reminder.days_left <= reminder.stage_days
        assert all(m < reminder.days_left for m in marks if m < reminder.stage_days)
        assert reminder.remind_on <= today <= reminder.end


@given(ledgers, st.sampled_from(CUSTOMERS), values, values, values)
def test_credit_flag_is_exactly_exposure_over_limit(
    ledger: tuple[list[Contract], date],
    customer_id: str,
    new_value: Decimal,
    more: Decimal,
    limit: Decimal,
) -> None:
    """Flagged iff exposure exceeds the limit; a larger new contract never clears a flag."""
    contracts, _ = ledger
    check = credit_check(customer_id, Money.of(new_value), contracts, Money.of(limit))
    assert check.exposure == check.outstanding + check.new_value
    assert check.flagged == (check.exposure.amount > limit)
    bigger = credit_check(customer_id, Money.of(new_value + more), contracts, Money.of(limit))
    assert bigger.flagged or not check.flagged

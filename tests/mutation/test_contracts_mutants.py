"""Tests that kill surviving mutants of ``keyaccount.policies.contracts``.

Each test pins a detail the example tests left open: the exact table of the overdue-payments
report, the wording of a credit check, a boundary, a default.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from keyaccount.domain import (
    AccountManager,
    Contract,
    ContractStatus,
    CreditLevel,
    Instalment,
    Money,
    OrgChart,
    Role,
)
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.contracts import (
    CONTRACT_POLICY,
    ContractPolicy,
    Reviewer,
    ReviewTier,
    credit_check,
    overdue_payments_report,
    receivables_ageing,
    renewal_reminders,
    review_requirement,
)

TODAY = date(2025, 10, 20)

ORG = OrgChart.of(
    [
        AccountManager(id="S-01", name="Wang Min", role=Role.GENERAL_MANAGER),
        AccountManager(id="S-02", name="Li Hua", role=Role.SUPERVISOR, superior_id="S-01"),
        AccountManager(id="S-03", name="Zhang Wei", superior_id="S-02"),
    ]
)


def contract(**changes: Any) -> Contract:
    """An active CNY contract K-1 of customer C-1 managed by S-03, changed by ``changes``."""
    fields: dict[str, Any] = {
        "id": "K-1",
        "customer_id": "C-1",
        "manager_id": "S-03",
        "value": Money.of("100000"),
        "start": date(2025, 1, 1),
        "end": date(2025, 12, 31),
        "status": ContractStatus.ACTIVE,
        "signed_on": date(2024, 12, 20),
    }
    fields.update(changes)
    return Contract(**fields)


def due(day: date, amount: str, currency: str = "CNY") -> Instalment:
    """An unpaid instalment."""
    return Instalment(due_on=day, amount=Money.of(amount, currency))


def ledger() -> list[Contract]:
    """C-1 owes 200 one day late and 12,345.50 91 days late; C-22 (manager S-09 not in the
    chart) owes 1,000 60 days late; C-3 owes 10 USD 19 days late."""
    return [
        contract(instalments=[due(date(2025, 10, 19), "200"), due(date(2025, 7, 21), "12345.5")]),
        contract(
            id="K-2",
            customer_id="C-22",
            manager_id="S-09",
            instalments=[due(date(2025, 8, 21), "1000")],
        ),
        contract(
            id="K-3",
            customer_id="C-3",
            value=Money.of("10", "USD"),
            instalments=[due(date(2025, 10, 1), "10", "USD")],
        ),
    ]


def test_overdue_report_table_as_handed_to_the_sales_manager() -> None:
    """The 滞纳货款报表 [seed 004] is a table: text columns left-aligned, amount and days
    right-aligned, the manager named from the org chart (else by id), one total per currency."""
    report = overdue_payments_report(ledger(), TODAY, ORG)
    assert report.explain().split("\n") == [
        "Overdue payments 滞纳货款报表 as of 2025-10-20 (at least 1 day overdue)",
        "customer  contract  due on             amount  days  manager",
        "C-1       K-1       2025-07-21  12,345.50 CNY    91  Zhang Wei (S-03)",
        "C-22      K-2       2025-08-21   1,000.00 CNY    60  S-09",
        "C-3       K-3       2025-10-01      10.00 USD    19  Zhang Wei (S-03)",
        "C-1       K-1       2025-10-19     200.00 CNY     1  Zhang Wei (S-03)",
        "total overdue: 13,545.50 CNY, 10.00 USD",
    ]


def test_overdue_report_says_days_from_two_days_on() -> None:
    """The heading says "at least 1 day" but "at least 2 days"; without an org chart the
    manager is shown by id."""
    report = overdue_payments_report(ledger()[:2], TODAY, min_days=2)
    assert report.explain().split("\n") == [
        "Overdue payments 滞纳货款报表 as of 2025-10-20 (at least 2 days overdue)",
        "customer  contract  due on             amount  days  manager",
        "C-1       K-1       2025-07-21  12,345.50 CNY    91  S-03",
        "C-22      K-2       2025-08-21   1,000.00 CNY    60  S-09",
        "total overdue: 13,345.50 CNY",
    ]


def test_credit_check_lists_the_contracts_counted_or_none() -> None:
    """The credit check names the contracts it counted, comma-separated, or "none", and says
    how much is left within the limit."""
    signed = [
        contract(instalments=[due(date(2025, 8, 21), "1")]),
        contract(id="K-2", instalments=[due(date(2025, 8, 21), "2")]),
    ]
    assert credit_check("C-1", Money.of("10"), signed, Money.of("1")).explain() == (
        "Customer C-1: outstanding 3.00 CNY (contracts: K-1, K-2) + new contract 10.00 CNY = "
        "exposure 13.00 CNY against a limit of 1.00 CNY (given): over the credit limit by "
        "12.00 CNY."
    )
    assert credit_check("C-3", Money.of("10"), signed, Money.of("100000")).explain() == (
        "Customer C-3: outstanding 0.00 CNY (contracts: none) + new contract 10.00 CNY = "
        "exposure 10.00 CNY against a limit of 100,000.00 CNY (given): within the credit limit "
        "(99,990.00 CNY to spare)."
    )


def test_credit_check_counts_past_other_customers_and_paid_contracts() -> None:
    """Another customer's contract, an unsigned one or one fully paid does not stop the
    count: the customer's later contracts are still counted."""
    paid = Instalment(due_on=date(2025, 8, 1), amount=Money.of("50"), received=Money.of("50"))
    contracts = [
        contract(id="K-0", customer_id="C-2", instalments=[due(date(2025, 8, 1), "7")]),
        contract(id="K-1", instalments=[paid]),
        contract(
            id="K-2",
            status=ContractStatus.DRAFT,
            signed_on=None,
            instalments=[due(date(2025, 8, 1), "9")],
        ),
        contract(id="K-3", instalments=[due(date(2025, 8, 1), "5")]),
    ]
    check = credit_check("C-1", Money.of("0"), contracts, Money.of("100"))
    assert (check.contracts, check.outstanding, check.exposure) == (
        ("K-3",),
        Money.of("5"),
        Money.of("5"),
    )


def test_credit_check_accepts_a_new_contract_worth_nothing() -> None:
    """A new value of exactly zero is allowed; only a negative one is refused."""
    assert credit_check("C-1", Money.of("0"), [], Money.of("1")).exposure == Money.zero()
    with pytest.raises(ValidationError) as caught:
        credit_check("C-1", Money.of("-1"), [], Money.of("1"))
    assert str(caught.value) == "new_contract_value: expected an amount >= 0, got '-1'"


def test_credit_check_in_dollars_with_nothing_owed() -> None:
    """With a US-dollar limit and nothing outstanding, the outstanding total is zero dollars."""
    check = credit_check("C-1", Money.of("10", "USD"), [], Money.of("100", "USD"))
    assert check.outstanding == Money.zero("USD")
    assert check.headroom == Money.of("90", "USD")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("-", Money.of("1")), "customer_id: expected a customer id, got '-'"),
        ((5, Money.of("1")), "customer_id: expected a customer id, got 5"),
        (("C-1", "10"), "new_contract_value: expected Money, got '10'"),
    ],
)
def test_credit_check_names_a_bad_argument(arguments: Any, message: str) -> None:
    """A bad customer id or a new value that is not Money is refused by name and value."""
    with pytest.raises(ValidationError) as caught:
        credit_check(*arguments, [], Money.of("1"))  # type: ignore[call-arg]
    assert str(caught.value) == message


def test_credit_check_names_a_contract_in_another_currency() -> None:
    """A counted contract in another currency than the limit is named by its index."""
    usd = contract(
        id="K-2", value=Money.of("10", "USD"), instalments=[due(date(2025, 8, 1), "10", "USD")]
    )
    with pytest.raises(ValidationError) as caught:
        credit_check("C-1", Money.of("1"), [contract(), usd], Money.of("100"))
    assert str(caught.value) == (
        "contracts[1].value.currency: expected CNY like the credit limit, got 'USD'"
    )


@attrs.frozen
class Limit:
    """A credit limit without a level."""

    credit_limit: Any


@attrs.frozen
class Graded:
    """A credit limit whose level is not a CreditLevel."""

    credit_limit: Money
    level: Any


def test_credit_check_limit_objects_without_a_credit_level() -> None:
    """An object with a credit limit but no level, or a level that is not a CreditLevel,
    gives no credit level; a limit that is not Money is shown as given."""
    plain = credit_check("C-1", Money.of("1"), [], Limit(Money.of("100")))
    assert (plain.limit_source, plain.credit_level) == ("Limit", None)
    graded = credit_check("C-1", Money.of("1"), [], Graded(Money.of("100"), "B"))
    assert (graded.limit_source, graded.credit_level) == ("Graded", None)
    assert "(Graded):" in graded.explain()
    rated = credit_check("C-1", Money.of("1"), [], Graded(Money.of("100"), CreditLevel.B))
    assert rated.credit_level is CreditLevel.B
    with pytest.raises(ValidationError) as caught:
        credit_check("C-1", Money.of("1"), [], Limit("5000"))
    assert str(caught.value) == "limit.credit_limit: expected a Money credit limit, got '5000'"


def test_review_by_the_supervisor_explains_the_base_rule() -> None:
    """Below the first tier the supervisor reviews because every contract is reviewed; a
    signed contract's review is no longer pending; without an org chart nobody is named."""
    signed = review_requirement(contract(value=Money.of("800000")), CONTRACT_POLICY, org=ORG)
    assert signed.explain() == (
        "Contract K-1 (800,000.00 CNY) must be reviewed by the supervisor 主管 (S-02) before "
        "signing: every contract is reviewed before signing [policy contracts-default v1]. "
        "Status active: no longer pending."
    )
    anonymous = review_requirement(contract(value=Money.of("800000")), CONTRACT_POLICY)
    assert anonymous.reviewer_id is None
    assert anonymous.explain() == (
        "Contract K-1 (800,000.00 CNY) must be reviewed by the supervisor 主管 before "
        "signing: every contract is reviewed before signing [policy contracts-default v1]. "
        "Status active: no longer pending."
    )


def test_review_of_a_manager_without_a_superior_names_nobody() -> None:
    """When the manager has no superior in the chart, the supervisor is not named."""
    top = review_requirement(contract(manager_id="S-01"), CONTRACT_POLICY, org=ORG)
    assert (top.required, top.reviewer_id) == (True, None)


def test_review_names_a_bad_org_chart() -> None:
    """An org chart that is not an OrgChart is refused by name and value."""
    with pytest.raises(ValidationError) as caught:
        review_requirement(contract(), CONTRACT_POLICY, org="ORG")  # type: ignore[arg-type]
    assert str(caught.value) == "org: expected an OrgChart or None, got 'ORG'"


def test_reviewer_for_names_the_value_of_another_currency() -> None:
    """Asking the policy directly about a dollar value is a PolicyError on ``value.currency``."""
    with pytest.raises(PolicyError) as caught:
        CONTRACT_POLICY.reviewer_for(Money.of("10", "USD"))
    assert str(caught.value) == "value.currency: expected CNY like the policy currency, got 'USD'"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ageing_limits": []}, "ageing_limits needs at least one bound, got none"),
        (
            {"ageing_limits": [30, 30]},
            "ageing_limits must be distinct and increasing, got (30, 30)",
        ),
        (
            {"renewal_days_before": [60, 60]},
            "renewal_days_before must be distinct and largest first, got (60, 60)",
        ),
        (
            {
                "review_tiers": [
                    ReviewTier(above=Money.of(1_000_000), reviewer=Reviewer.DEPARTMENT_MANAGER),
                    ReviewTier(above=Money.of(1_000_000), reviewer=Reviewer.COMPANY_LEADERSHIP),
                ]
            },
            "review_tiers must rise in amount, got above 1,000,000.00 CNY "
            "after above 1,000,000.00 CNY",
        ),
        (
            {
                "review_tiers": [
                    ReviewTier(above=Money.of(1_000_000), reviewer=Reviewer.DEPARTMENT_MANAGER),
                    ReviewTier(above=Money.of(5_000_000), reviewer=Reviewer.DEPARTMENT_MANAGER),
                ]
            },
            "review_tiers must rise in authority, got 'department-manager' "
            "after 'department-manager'",
        ),
        (
            {"review_from": Money.of(5, "USD")},
            "review_from.currency: expected CNY like the policy currency, got 'USD'",
        ),
        (
            {"ageing_limits": [30, 3661]},
            "ageing_limits[1]: expected a number from 1 to 3660, got 3661",
        ),
    ],
)
def test_equal_marks_and_tiers_are_refused(changes: dict[str, Any], message: str) -> None:
    """Ageing limits, renewal marks, tier amounts and tier reviewers must be distinct, not
    merely ordered;
    the review threshold is in the policy's currency; at least one ageing bound is needed."""
    with pytest.raises(PolicyError) as caught:
        ContractPolicy(name="bad", version="1", **changes)
    assert str(caught.value) == message


def test_an_empty_review_tier_list_and_a_higher_base_reviewer_are_accepted() -> None:
    """With the department manager as base reviewer and no tiers every contract goes to the
    department manager; a tier at exactly zero is allowed."""
    policy = ContractPolicy(
        name="dm",
        version="1",
        base_reviewer=Reviewer.DEPARTMENT_MANAGER,
        review_tiers=[ReviewTier(above=Money.of(0), reviewer=Reviewer.COMPANY_LEADERSHIP)],
    )
    assert policy.reviewer_for(Money.of(0)) == (Reviewer.DEPARTMENT_MANAGER, Money.zero())
    assert policy.reviewer_for(Money.of("0.01")) == (Reviewer.COMPANY_LEADERSHIP, Money.of(0))
    with pytest.raises(PolicyError) as caught:
        ReviewTier(above=Money.of(-1), reviewer=Reviewer.COMPANY_LEADERSHIP)
    assert str(caught.value) == "above: expected an amount >= 0, got '-1'"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: receivables_ageing("K-1", TODAY, CONTRACT_POLICY),  # type: ignore[arg-type]
            "contracts: expected an iterable of Contract, got 'K-1'",
        ),
        (
            lambda: receivables_ageing([], TODAY, "contracts-default"),  # type: ignore[arg-type]
            "policy: expected a ContractPolicy, got 'contracts-default'",
        ),
        (
            lambda: receivables_ageing([], "2025-10-20", CONTRACT_POLICY),  # type: ignore[arg-type]
            "today: expected a date, got '2025-10-20'",
        ),
        (
            lambda: overdue_payments_report([], TODAY, "chart"),  # type: ignore[arg-type]
            "org: expected an OrgChart or None, got 'chart'",
        ),
        (
            lambda: overdue_payments_report([], TODAY, min_days=True),
            "min_days: expected a whole number >= 1, got True",
        ),
        (
            lambda: overdue_payments_report([], TODAY, min_days="2"),  # type: ignore[arg-type]
            "min_days: expected a whole number >= 1, got '2'",
        ),
    ],
)
def test_contract_functions_name_a_bad_argument(call: Any, message: str) -> None:
    """Each function names the argument it refuses, with its value and what was expected."""
    with pytest.raises(ValidationError) as caught:
        call()
    assert str(caught.value) == message


def test_ageing_buckets_hold_their_bounds() -> None:
    """A bucket holds its first and last day; the open bucket holds everything from its
    first day."""
    ageing = receivables_ageing([], TODAY, CONTRACT_POLICY)
    first, _, _, last = ageing.overall.buckets
    assert [first.holds(d) for d in (0, 1, 30, 31)] == [False, True, True, False]
    assert [last.holds(d) for d in (90, 91, 10_000)] == [False, True, True]


def test_overdue_report_counts_a_terminated_contract_that_was_signed() -> None:
    """A contract terminated after signing still owes; one terminated unsigned does not; an
    instalment exactly min_days late is listed."""
    owed = [due(date(2025, 10, 10), "10")]
    ended = contract(status=ContractStatus.TERMINATED, instalments=owed)
    never = contract(id="K-2", status=ContractStatus.TERMINATED, signed_on=None, instalments=owed)
    report = overdue_payments_report([ended, never], TODAY, min_days=10)
    assert [(r.contract_id, r.days_overdue) for r in report.rows] == [("K-1", 10)]
    assert overdue_payments_report([ended], TODAY, min_days=11).rows == ()


@pytest.mark.parametrize("field", ["renewal_days_before", "ageing_limits"])
def test_day_counts_are_a_tuple(field: str) -> None:
    """Renewal marks and ageing limits are lists of day counts, not a single text."""
    with pytest.raises(PolicyError) as caught:
        ContractPolicy(name="p", version="1", **{field: "30"})  # type: ignore[arg-type]
    assert str(caught.value) == f"{field}: expected a tuple of day counts from 1 to 3660, got '30'"


def test_ageing_orders_customers_by_overdue_then_age_then_id() -> None:
    """Customers are listed by amount overdue, then the oldest days overdue, then id; one
    owing only money not yet due comes last; each bucket counts its instalments."""
    contracts = [
        contract(id="K-1", customer_id="C-3", instalments=[due(date(2025, 10, 10), "100")]),
        contract(id="K-2", customer_id="C-2", instalments=[due(date(2025, 9, 10), "100")]),
        contract(id="K-3", customer_id="C-1", instalments=[due(date(2025, 10, 10), "100")]),
        contract(id="K-4", customer_id="C-4", instalments=[due(date(2025, 10, 25), "999")]),
        contract(
            id="K-5",
            customer_id="C-1",
            instalments=[due(date(2025, 10, 10), "5"), due(date(2025, 10, 20), "7")],
        ),
    ]
    ageing = receivables_ageing(contracts, TODAY, CONTRACT_POLICY)
    assert [
        (line.customer_id, line.overdue, line.oldest_days, line.not_yet_due)
        for line in ageing.customers
    ] == [
        ("C-1", Money.of("105"), 10, Money.of("7")),
        ("C-2", Money.of("100"), 40, Money.zero()),
        ("C-3", Money.of("100"), 10, Money.zero()),
        ("C-4", Money.zero(), 0, Money.of("999")),
    ]
    assert [(b.label, b.count) for b in ageing.overall.buckets] == [
        ("0-30", 3),
        ("31-60", 1),
        ("61-90", 0),
        (">90", 0),
    ]
    report = overdue_payments_report(contracts, TODAY)
    assert [(r.contract_id, r.days_overdue) for r in report.rows] == [
        ("K-2", 40),
        ("K-3", 10),
        ("K-5", 10),
        ("K-1", 10),
    ]


def test_reviewer_for_names_a_value_that_is_not_money() -> None:
    """Asking the policy about a value that is not Money is a PolicyError on ``value``."""
    with pytest.raises(PolicyError) as caught:
        CONTRACT_POLICY.reviewer_for("100000")  # type: ignore[arg-type]
    assert str(caught.value) == "value: expected Money, got '100000'"
    (only,) = caught.value.problems
    assert (only.path, only.value, only.expected) == ("value", "100000", "Money")


def test_renewal_reminders_look_past_every_contract_without_one() -> None:
    """A contract not in force, one that has ended and one not yet within 90 days of its end
    get no reminder, and the contracts listed after them are still looked at."""
    contracts = [
        contract(id="K-1", status=ContractStatus.DRAFT, signed_on=None),
        contract(id="K-2", end=date(2025, 10, 19)),
        contract(id="K-3", end=date(2026, 6, 30)),
        contract(id="K-4", end=date(2025, 11, 19)),
    ]
    reminders = renewal_reminders(contracts, TODAY, CONTRACT_POLICY)
    assert [(r.contract_id, r.days_left, r.stage_days) for r in reminders] == [("K-4", 30, 30)]


def test_ageing_lists_customers_equal_in_amount_and_age_by_id() -> None:
    """Two customers owing the same amount for the same number of days are listed by customer
    id, whatever the order of their contracts."""
    contracts = [
        contract(id="K-1", customer_id="C-9", instalments=[due(date(2025, 10, 10), "100")]),
        contract(id="K-2", customer_id="C-1", instalments=[due(date(2025, 10, 10), "100")]),
    ]
    ageing = receivables_ageing(contracts, TODAY, CONTRACT_POLICY)
    assert [line.customer_id for line in ageing.customers] == ["C-1", "C-9"]

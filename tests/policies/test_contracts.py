"""Example tests of the contract rules: review, renewal, ageing, overdue report, credit check."""

from __future__ import annotations

from datetime import date, datetime
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
    CreditCheck,
    OverduePaymentsReport,
    ReceivablesAgeing,
    RenewalReminder,
    Reviewer,
    ReviewRequirement,
    ReviewTier,
    credit_check,
    overdue_payments_report,
    receivables_ageing,
    renewal_reminders,
    review_requirement,
)
from keyaccount.serialization import from_dict, to_dict

TODAY = date(2025, 10, 20)

ORG = OrgChart.of(
    [
        AccountManager(id="S-01", name="Wang Min", role=Role.GENERAL_MANAGER),
        AccountManager(id="S-02", name="Li Hua", role=Role.SUPERVISOR, superior_id="S-01"),
        AccountManager(id="S-03", name="Zhang Wei", superior_id="S-02"),
    ]
)


def instalment(due_on: date, amount: str, received: str | None = None) -> Instalment:
    """An instalment in CNY."""
    return Instalment(
        due_on=due_on,
        amount=Money.of(amount),
        received=None if received is None else Money.of(received),
    )


def contract(**changes: Any) -> Contract:
    """An active CNY contract of customer C-1 managed by S-03, changed by ``changes``."""
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


# ------------------------------------------------------------------------------ the policy


def test_preset_follows_the_seeds_and_defaults() -> None:
    """The preset reviews everything by the supervisor [seed 003 1.5] with two value tiers."""
    assert CONTRACT_POLICY.review_from == Money.zero("CNY")
    assert CONTRACT_POLICY.base_reviewer is Reviewer.SUPERVISOR
    assert [(t.above, t.reviewer) for t in CONTRACT_POLICY.review_tiers] == [
        (Money.of(1_000_000), Reviewer.DEPARTMENT_MANAGER),
        (Money.of(5_000_000), Reviewer.COMPANY_LEADERSHIP),
    ]
    assert CONTRACT_POLICY.renewal_days_before == (90, 60, 30)
    assert [r[0] for r in CONTRACT_POLICY.bucket_ranges()] == ["0-30", "31-60", "61-90", ">90"]


def test_bucket_ranges_start_on_the_first_day_late() -> None:
    """The first bucket holds 1 to 30 days overdue and the last is open."""
    assert CONTRACT_POLICY.bucket_ranges() == (
        ("0-30", 1, 30),
        ("31-60", 31, 60),
        ("61-90", 61, 90),
        (">90", 91, None),
    )


def test_policy_round_trips_through_plain_data() -> None:
    """The preset survives to_dict and from_dict unchanged."""
    assert from_dict(ContractPolicy, to_dict(CONTRACT_POLICY)) == CONTRACT_POLICY


def test_policy_review_from_defaults_to_zero_in_its_currency() -> None:
    """Leaving review_from out means every contract is reviewed, in the policy's currency."""
    policy = from_dict(ContractPolicy, {"name": "usd", "version": "1", "currency": "USD"})
    assert policy.review_from == Money.zero("USD")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {
                "review_tiers": [
                    ReviewTier(above=Money.of(5_000_000), reviewer=Reviewer.COMPANY_LEADERSHIP),
                    ReviewTier(above=Money.of(1_000_000), reviewer=Reviewer.DEPARTMENT_MANAGER),
                ]
            },
            "review_tiers must rise in amount, got above 1,000,000.00 CNY "
            "after above 5,000,000.00 CNY",
        ),
        (
            {
                "review_tiers": [
                    ReviewTier(above=Money.of(1_000_000), reviewer=Reviewer.COMPANY_LEADERSHIP),
                    ReviewTier(above=Money.of(5_000_000), reviewer=Reviewer.DEPARTMENT_MANAGER),
                ]
            },
            "review_tiers must rise in authority, got 'department-manager' "
            "after 'company-leadership'",
        ),
        (
            {"review_tiers": [ReviewTier(above=Money.of(1), reviewer=Reviewer.SUPERVISOR)]},
            "review_tiers[0] must name a reviewer above the base reviewer 'supervisor', "
            "got 'supervisor'",
        ),
        (
            {
                "review_tiers": [
                    ReviewTier(above=Money.of(1, "USD"), reviewer=Reviewer.DEPARTMENT_MANAGER)
                ]
            },
            "review_tiers[0].above.currency: expected CNY like the policy currency, got 'USD'",
        ),
        (
            {"review_from": Money.of(-1)},
            "review_from: expected an amount >= 0, got '-1'",
        ),
        (
            {"renewal_days_before": [30, 60, 90]},
            "renewal_days_before must be distinct and largest first, got (30, 60, 90)",
        ),
        (
            {"renewal_days_before": []},
            "renewal_days_before needs at least one day count, got none",
        ),
        (
            {"renewal_days_before": [90, 0]},
            "renewal_days_before[1]: expected a number from 1 to 3660, got 0",
        ),
        (
            {"ageing_limits": [60, 30]},
            "ageing_limits must be distinct and increasing, got (60, 30)",
        ),
        (
            {"currency": "yuan"},
            "currency: expected an ISO 4217 currency code, e.g. 'CNY', got 'yuan'",
        ),
    ],
)
def test_invalid_policy_is_refused_with_what_was_expected(
    changes: dict[str, Any], message: str
) -> None:
    """A contradictory policy raises PolicyError saying what was expected."""
    with pytest.raises(PolicyError) as error:
        ContractPolicy(name="bad", version="1", **changes)
    assert str(error.value) == message


def test_policy_loaded_from_bad_data_lists_the_problem() -> None:
    """A bad mapping raises PolicyError with the field path."""
    with pytest.raises(PolicyError) as error:
        from_dict(ContractPolicy, {"name": "p", "version": "1", "base_reviewer": "boss"})
    assert str(error.value) == (
        "base_reviewer: expected one of 'supervisor', 'department-manager', "
        "'company-leadership', got 'boss'"
    )


# ------------------------------------------------------------------------------- review


@pytest.mark.parametrize(
    ("value", "reviewer", "rule"),
    [
        ("0", Reviewer.SUPERVISOR, "base-review"),
        ("800000", Reviewer.SUPERVISOR, "base-review"),
        ("1000000", Reviewer.SUPERVISOR, "base-review"),
        ("1000000.01", Reviewer.DEPARTMENT_MANAGER, "review-tier"),
        ("5000000", Reviewer.DEPARTMENT_MANAGER, "review-tier"),
        ("6000000", Reviewer.COMPANY_LEADERSHIP, "review-tier"),
    ],
)
def test_review_by_value_seed_004_contract_review(
    value: str, reviewer: Reviewer, rule: str
) -> None:
    """Every contract is reviewed [seed 004 合同评审]; thresholds are exclusive."""
    result = review_requirement(contract(value=Money.of(value)), CONTRACT_POLICY)
    assert result.required
    assert (result.reviewer, result.rule) == (reviewer, rule)


def test_review_names_the_person_from_the_org_chart() -> None:
    """The supervisor is the direct superior; the department manager the general manager."""
    small = review_requirement(contract(value=Money.of("1000")), CONTRACT_POLICY, org=ORG)
    large = review_requirement(contract(value=Money.of("2000000")), CONTRACT_POLICY, org=ORG)
    top = review_requirement(contract(value=Money.of("9000000")), CONTRACT_POLICY, org=ORG)
    assert (small.reviewer_id, large.reviewer_id, top.reviewer_id) == ("S-02", "S-01", None)


def test_review_pending_while_draft_or_under_review() -> None:
    """A draft's review is pending; an active contract's is not."""
    draft = contract(status=ContractStatus.DRAFT, signed_on=None)
    under = contract(status=ContractStatus.UNDER_REVIEW, signed_on=None)
    assert review_requirement(draft, CONTRACT_POLICY).pending
    assert review_requirement(under, CONTRACT_POLICY).pending
    assert not review_requirement(contract(), CONTRACT_POLICY).pending


def test_small_contracts_may_skip_review_when_the_policy_says_so() -> None:
    """Below review_from no review is required and the explanation says why."""
    policy = attrs.evolve(CONTRACT_POLICY, review_from=Money.of("10000"))
    result = review_requirement(contract(value=Money.of("9999.99")), policy)
    assert (result.required, result.reviewer, result.rule) == (
        False,
        None,
        "below-review-threshold",
    )
    assert result.explain() == (
        "Contract K-1 (9,999.99 CNY) needs no review: its value is below 10,000.00 CNY "
        "[policy contracts-default v1]."
    )


def test_review_explanation_names_reviewer_threshold_and_policy() -> None:
    """The explanation gives who, why and the policy."""
    draft = contract(value=Money.of("1500000"), status=ContractStatus.DRAFT, signed_on=None)
    assert review_requirement(draft, CONTRACT_POLICY, org=ORG).explain() == (
        "Contract K-1 (1,500,000.00 CNY) must be reviewed by the department manager 大客户部经理 "
        "(S-01) before signing: its value is above 1,000,000.00 CNY "
        "[policy contracts-default v1]. Status draft: review pending."
    )


def test_review_refuses_a_contract_in_another_currency() -> None:
    """A USD contract against the CNY policy raises PolicyError."""
    with pytest.raises(PolicyError) as error:
        review_requirement(contract(value=Money.of("10", "USD")), CONTRACT_POLICY)
    assert str(error.value) == (
        "contract.value.currency: expected CNY, the currency of policy 'contracts-default', "
        "got 'USD'"
    )


def test_review_refuses_what_is_not_a_contract() -> None:
    """A wrong argument type raises ValidationError naming it."""
    with pytest.raises(ValidationError) as error:
        review_requirement("K-1", CONTRACT_POLICY)  # type: ignore[arg-type]
    assert str(error.value) == "contract: expected a Contract, got 'K-1'"


# ------------------------------------------------------------------------------ renewal


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [(120, None), (91, None), (90, 90), (72, 90), (60, 60), (45, 60), (30, 30), (1, 30), (0, 30)],
)
def test_renewal_reminder_marks_seed_000_renew_in_time(days_left: int, stage: int | None) -> None:
    """Renewals are negotiated in time [seed 000 续签]: the tightest 90/60/30 mark reached."""
    end = date.fromordinal(TODAY.toordinal() + days_left)
    reminders = renewal_reminders([contract(end=end)], TODAY, CONTRACT_POLICY)
    assert [r.stage_days for r in reminders] == ([] if stage is None else [stage])
    if stage is not None:
        assert reminders[0].days_left == days_left
        assert reminders[0].remind_on == date.fromordinal(end.toordinal() - stage)


def test_no_reminder_after_the_end() -> None:
    """A contract that ended yesterday gets no reminder."""
    assert renewal_reminders([contract(end=date(2025, 10, 19))], TODAY, CONTRACT_POLICY) == ()


@pytest.mark.parametrize(
    "status",
    [
        ContractStatus.DRAFT,
        ContractStatus.UNDER_REVIEW,
        ContractStatus.APPROVED,
        ContractStatus.EXPIRED,
        ContractStatus.TERMINATED,
        ContractStatus.RENEWED,
    ],
)
def test_only_contracts_in_force_are_reminded(status: ContractStatus) -> None:
    """Only signed or active contracts get renewal reminders."""
    unsigned = (ContractStatus.DRAFT, ContractStatus.UNDER_REVIEW, ContractStatus.APPROVED)
    signed = None if status in unsigned else date(2024, 12, 20)
    ending = contract(end=date(2025, 11, 1), status=status, signed_on=signed)
    assert renewal_reminders([ending], TODAY, CONTRACT_POLICY) == ()


def test_a_contract_being_renewed_is_not_reminded() -> None:
    """A draft renewal naming the contract silences its reminder; a terminated one does not."""
    ending = contract(end=date(2025, 11, 1))
    renewal = contract(
        id="K-2",
        start=date(2025, 11, 2),
        end=date(2026, 11, 1),
        status=ContractStatus.DRAFT,
        signed_on=None,
        renewal_of="K-1",
    )
    dropped = attrs.evolve(renewal, status=ContractStatus.TERMINATED)
    assert renewal_reminders([ending, renewal], TODAY, CONTRACT_POLICY) == ()
    assert len(renewal_reminders([ending, dropped], TODAY, CONTRACT_POLICY)) == 1


def test_reminders_are_ordered_by_end_then_id() -> None:
    """The soonest end comes first; equal ends by contract id."""
    contracts = [
        contract(id="K-3", end=date(2025, 12, 1)),
        contract(id="K-2", end=date(2025, 11, 1)),
        contract(id="K-1", end=date(2025, 12, 1)),
    ]
    reminders = renewal_reminders(contracts, TODAY, CONTRACT_POLICY)
    assert [r.contract_id for r in reminders] == ["K-2", "K-1", "K-3"]


def test_renewal_explanation() -> None:
    """The reminder explains the mark, the end and the manager."""
    (reminder,) = renewal_reminders([contract()], TODAY, CONTRACT_POLICY)
    assert isinstance(reminder, RenewalReminder)
    assert reminder.explain() == (
        "Contract K-1 of customer C-1 ends on 2025-12-31 (72 days left): the 90-day renewal "
        "reminder has been due since 2025-10-02; manager S-03 [policy contracts-default v1]."
    )


def test_renewal_refuses_a_datetime_for_today() -> None:
    """``today`` must be a date, not a datetime."""
    with pytest.raises(ValidationError, match=r"^today: expected a date, got datetime"):
        renewal_reminders([], datetime(2025, 1, 1), CONTRACT_POLICY)


# ------------------------------------------------------------------------------- ageing


def ledger() -> list[Contract]:
    """Two customers, instalments at each bucket boundary, one unsigned draft."""
    return [
        contract(
            id="K-1",
            instalments=[
                instalment(date(2025, 10, 20), "100"),  # due today: not yet due
                instalment(date(2025, 10, 19), "200"),  # 1 day
                instalment(date(2025, 9, 20), "300"),  # 30 days
                instalment(date(2025, 9, 19), "400", received="150"),  # 31 days, 250 owed
                instalment(date(2025, 7, 22), "500"),  # 90 days
                instalment(date(2025, 7, 21), "600"),  # 91 days
                instalment(date(2025, 3, 1), "700", received="700"),  # paid
            ],
        ),
        contract(
            id="K-2",
            customer_id="C-2",
            instalments=[instalment(date(2025, 8, 21), "1000")],  # 60 days
        ),
        contract(
            id="K-3",
            customer_id="C-3",
            status=ContractStatus.DRAFT,
            signed_on=None,
            instalments=[instalment(date(2025, 1, 1), "9999")],  # unsigned: owes nothing
        ),
    ]


def test_ageing_buckets_at_their_boundaries_seed_000_collect_payments() -> None:
    """Collect payments in time [seed 000 及时回收货款]: 1/30 days in 0-30, 31 in 31-60 …"""
    ageing = receivables_ageing(ledger(), TODAY, CONTRACT_POLICY)
    c1 = ageing.line("C-1")
    assert c1 is not None
    assert [(b.label, b.amount, b.count) for b in c1.buckets] == [
        ("0-30", Money.of("500"), 2),
        ("31-60", Money.of("250"), 1),
        ("61-90", Money.of("500"), 1),
        (">90", Money.of("600"), 1),
    ]
    assert (c1.overdue, c1.not_yet_due, c1.outstanding, c1.oldest_days) == (
        Money.of("1850"),
        Money.of("100"),
        Money.of("1950"),
        91,
    )


def test_ageing_overall_adds_up_the_customers_and_skips_unsigned() -> None:
    """The overall line is the sum of the customers; a draft is not aged."""
    ageing = receivables_ageing(ledger(), TODAY, CONTRACT_POLICY)
    assert [line.customer_id for line in ageing.customers] == ["C-1", "C-2"]
    assert ageing.overall.customer_id is None
    assert ageing.overall.overdue == Money.of("2850")
    assert [b.amount for b in ageing.overall.buckets] == [
        Money.of("500"),
        Money.of("1250"),
        Money.of("500"),
        Money.of("600"),
    ]
    assert ageing.line("C-3") is None


def test_ageing_counts_a_contract_terminated_after_signing() -> None:
    """Termination does not cancel what a signed contract still owes."""
    ended = contract(
        status=ContractStatus.TERMINATED, instalments=[instalment(date(2025, 10, 1), "10")]
    )
    never = attrs.evolve(ended, id="K-2", signed_on=None)
    ageing = receivables_ageing([ended, never], TODAY, CONTRACT_POLICY)
    assert ageing.overall.overdue == Money.of("10")


def test_ageing_with_custom_limits() -> None:
    """Two limits give three buckets."""
    policy = attrs.evolve(CONTRACT_POLICY, ageing_limits=(15, 45))
    ageing = receivables_ageing(ledger(), TODAY, policy)
    assert [(b.label, b.amount) for b in ageing.overall.buckets] == [
        ("0-15", Money.of("200")),
        ("16-45", Money.of("550")),
        (">45", Money.of("2100")),
    ]


def test_ageing_explanation_is_a_table() -> None:
    """explain() shows one row per customer and the total, amounts right-aligned."""
    text = receivables_ageing(ledger(), TODAY, CONTRACT_POLICY).explain()
    assert text.splitlines() == [
        "Receivables ageing 应收账款账龄 as of 2025-10-20, days overdue, CNY "
        "[policy contracts-default v1]",
        "customer    0-30     31-60   61-90     >90   overdue  not yet due",
        "C-1       500.00    250.00  500.00  600.00  1,850.00       100.00",
        "C-2         0.00  1,000.00    0.00    0.00  1,000.00         0.00",
        "all       500.00  1,250.00  500.00  600.00  2,850.00       100.00",
    ]


def test_ageing_refuses_duplicate_contract_ids() -> None:
    """The same contract twice would count its money twice."""
    with pytest.raises(ValidationError) as error:
        receivables_ageing([contract(), contract()], TODAY, CONTRACT_POLICY)
    assert str(error.value) == "contracts[1].id: expected a unique contract id, got 'K-1'"


def test_ageing_refuses_a_contract_in_another_currency() -> None:
    """A USD contract cannot be aged by a CNY policy."""
    usd = contract(id="K-9", value=Money.of("10", "USD"))
    with pytest.raises(PolicyError) as error:
        receivables_ageing([contract(), usd], TODAY, CONTRACT_POLICY)
    assert str(error.value) == (
        "contracts[1].value.currency: expected CNY, the currency of policy "
        "'contracts-default', got 'USD'"
    )


def test_ageing_refuses_what_is_not_a_contract() -> None:
    """A stray value in the list is named by its index."""
    with pytest.raises(ValidationError) as error:
        receivables_ageing([contract(), "K-2"], TODAY, CONTRACT_POLICY)  # type: ignore[list-item]
    assert str(error.value) == "contracts[1]: expected a Contract, got 'K-2'"


# ----------------------------------------------------------------------- overdue report


def test_overdue_report_rows_seed_004_overdue_payments_report() -> None:
    """滞纳货款报表 [seed 004]: customer, contract, amount, days and responsible manager."""
    report = overdue_payments_report(ledger(), TODAY, ORG)
    assert [(r.contract_id, r.amount, r.days_overdue) for r in report.rows] == [
        ("K-1", Money.of("600"), 91),
        ("K-1", Money.of("500"), 90),
        ("K-2", Money.of("1000"), 60),
        ("K-1", Money.of("250"), 31),
        ("K-1", Money.of("300"), 30),
        ("K-1", Money.of("200"), 1),
    ]
    first = report.rows[0]
    assert (first.customer_id, first.manager_id, first.manager_name, first.superior_id) == (
        "C-1",
        "S-03",
        "Zhang Wei",
        "S-02",
    )
    assert report.totals == (Money.of("2850"),)


def test_overdue_report_without_org_and_with_min_days() -> None:
    """Without an org chart names are unknown; min_days keeps only the older rows."""
    report = overdue_payments_report(ledger(), TODAY, min_days=61)
    assert [r.days_overdue for r in report.rows] == [91, 90]
    assert report.rows[0].manager_name is None
    assert report.rows[0].superior_id is None


def test_overdue_report_totals_per_currency() -> None:
    """Contracts in two currencies give two totals, ordered by currency code."""
    usd = contract(
        id="K-9",
        value=Money.of("10", "USD"),
        instalments=[Instalment(due_on=date(2025, 10, 1), amount=Money.of("10", "USD"))],
    )
    report = overdue_payments_report([*ledger(), usd], TODAY)
    assert report.totals == (Money.of("2850"), Money.of("10", "USD"))


def test_overdue_report_explanation_when_empty() -> None:
    """An empty report says so."""
    report = overdue_payments_report([], TODAY)
    assert report.explain() == (
        "Overdue payments 滞纳货款报表 as of 2025-10-20 (at least 1 day overdue): none."
    )


def test_overdue_report_refuses_zero_min_days() -> None:
    """min_days counts days overdue, from 1."""
    with pytest.raises(ValidationError) as error:
        overdue_payments_report([], TODAY, min_days=0)
    assert str(error.value) == "min_days: expected a whole number >= 1, got 0"


# ------------------------------------------------------------------------------- credit


def test_credit_check_flags_exposure_over_the_limit() -> None:
    """Outstanding on signed contracts plus the new value over the limit is flagged."""
    check = credit_check("C-1", Money.of("1000"), ledger(), Money.of("2500"))
    assert (check.outstanding, check.exposure, check.headroom) == (
        Money.of("1950"),
        Money.of("2950"),
        Money.of("-450"),
    )
    assert check.flagged
    assert not check.within_limit
    assert check.contracts == ("K-1",)
    assert check.explain() == (
        "Customer C-1: outstanding 1,950.00 CNY (contracts: K-1) + new contract 1,000.00 CNY = "
        "exposure 2,950.00 CNY against a limit of 2,500.00 CNY (given): over the credit limit "
        "by 450.00 CNY."
    )


def test_credit_check_exactly_at_the_limit_is_within() -> None:
    """Exposure equal to the limit is not flagged."""
    check = credit_check("C-1", Money.of("550"), ledger(), Money.of("2500"))
    assert check.exposure == Money.of("2500")
    assert not check.flagged


def test_credit_check_ignores_other_customers_and_unsigned_contracts() -> None:
    """Only the customer's own signed contracts count."""
    check = credit_check("C-3", Money.of("1"), ledger(), Money.of("1"))
    assert (check.outstanding, check.contracts, check.flagged) == (Money.zero(), (), False)


@attrs.frozen
class Rating:
    """Stands for the grading policy's credit rating result."""

    level: CreditLevel
    credit_limit: Money | None


def test_credit_check_takes_the_limit_of_a_credit_rating() -> None:
    """Any object with a credit_limit Money serves as the limit; its level is recorded."""
    check = credit_check("C-2", Money.of("100"), ledger(), Rating(CreditLevel.B, Money.of("5000")))
    assert (check.limit, check.limit_source, check.credit_level, check.flagged) == (
        Money.of("5000"),
        "Rating",
        CreditLevel.B,
        False,
    )
    assert "(Rating, credit level B)" in check.explain()


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        (
            "5000",
            "limit: expected a Money credit limit or an object with a credit_limit (Money), "
            "got '5000'",
        ),
        (
            Rating(CreditLevel.D, None),
            "limit.credit_limit: expected a Money credit limit, got None",
        ),
        (
            Money.of("10", "USD"),
            "new_contract_value.currency: expected USD like the credit limit, got 'CNY'",
        ),
    ],
)
def test_credit_check_refuses_unusable_limits(limit: Any, message: str) -> None:
    """A limit that is not Money, is missing, or is in another currency raises."""
    with pytest.raises(ValidationError) as error:
        credit_check("C-1", Money.of("1"), ledger(), limit)
    assert str(error.value) == message


def test_credit_check_refuses_a_negative_new_value() -> None:
    """A contract value is never negative."""
    with pytest.raises(ValidationError) as error:
        credit_check("C-1", Money.of("-1"), [], Money.of("1"))
    assert str(error.value) == "new_contract_value: expected an amount >= 0, got '-1'"


# ------------------------------------------------------------------ results are plain data


def test_results_round_trip_through_plain_data() -> None:
    """Every result serializes with the library's converter and reads back equal."""
    results: list[Any] = [
        review_requirement(contract(), CONTRACT_POLICY, org=ORG),
        renewal_reminders([contract()], TODAY, CONTRACT_POLICY)[0],
        receivables_ageing(ledger(), TODAY, CONTRACT_POLICY),
        overdue_payments_report(ledger(), TODAY, ORG),
        credit_check("C-1", Money.of("1"), ledger(), Money.of("10")),
    ]
    kinds = [
        ReviewRequirement,
        RenewalReminder,
        ReceivablesAgeing,
        OverduePaymentsReport,
        CreditCheck,
    ]
    for result, kind in zip(results, kinds, strict=True):
        assert from_dict(kind, to_dict(result)) == result

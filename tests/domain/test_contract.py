"""Contracts: review before signing, term, instalments and service commitments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from keyaccount.domain.contract import (
    CONTRACT_TRANSITIONS,
    CommitmentKind,
    Contract,
    ContractStatus,
    ContractStep,
    Instalment,
    ServiceCommitment,
)
from keyaccount.domain.values import Money
from keyaccount.errors import TransitionError, ValidationError

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 1, 6, 10, 0, tzinfo=SHANGHAI)
C = ContractStatus


def _at(days: int) -> datetime:
    return T0 + timedelta(days=days)


def _contract(**changes: object) -> Contract:
    fields: dict[str, object] = {
        "id": "HT-1",
        "customer_id": "C-1",
        "manager_id": "M-1",
        "value": Money.of("120000.00"),
        "start": date(2025, 1, 1),
        "end": date(2025, 12, 31),
    }
    fields.update(changes)
    return Contract(**fields)  # type: ignore[arg-type]


def _signed() -> Contract:
    return (
        _contract()
        .transition(C.UNDER_REVIEW, at=_at(0), by="M-1")
        .transition(C.APPROVED, at=_at(1), by="S-1", note="条款准确, 符合销售政策")
        .transition(C.SIGNED, at=_at(2), by="M-1")
    )


# ---------------------------------------------------------------------------- contracts


def test_new_contract_is_a_draft() -> None:
    """A contract starts as an unsigned draft without instalments or steps."""
    contract = _contract()
    assert contract.status is C.DRAFT
    assert contract.signed_on is None
    assert contract.instalments == ()
    assert contract.steps == ()
    assert contract.outstanding() == Money.zero()


def test_term_ends_on_or_after_its_start() -> None:
    """The end day is on or after the start day."""
    with pytest.raises(ValidationError) as caught:
        _contract(end=date(2024, 12, 31))
    assert str(caught.value) == (
        "end: expected a day on or after start (2025-01-01), got datetime.date(2024, 12, 31)"
    )
    assert _contract(end=date(2025, 1, 1)).end == date(2025, 1, 1)


def test_value_is_not_negative() -> None:
    """A contract value is zero or more."""
    with pytest.raises(ValidationError) as caught:
        _contract(value=Money.of(-1))
    assert str(caught.value) == "value: expected an amount >= 0, got '-1'"


def test_term_days_are_plain_dates() -> None:
    """Start and end are dates, not datetimes."""
    with pytest.raises(ValidationError) as caught:
        _contract(start=datetime(2025, 1, 1, tzinfo=UTC))
    assert caught.value.paths == ["start"]


def test_a_signed_state_needs_the_signing_day() -> None:
    """A contract loaded as signed or active must say when it was signed."""
    with pytest.raises(ValidationError) as caught:
        _contract(status=C.ACTIVE)
    assert caught.value.paths == ["signed_on"]
    assert str(caught.value) == (
        "signed_on: expected the signing day, since the status is 'active', got None"
    )
    assert _contract(status=C.ACTIVE, signed_on=date(2025, 1, 2)).status is C.ACTIVE


def test_instalments_share_the_contract_currency() -> None:
    """Every instalment is in the contract's currency."""
    foreign = Instalment(due_on=date(2025, 6, 30), amount=Money.of(100, "USD"))
    with pytest.raises(ValidationError) as caught:
        _contract(instalments=[foreign])
    assert str(caught.value) == (
        "instalments[0].amount.currency: expected CNY like the contract value, got 'USD'"
    )


def test_review_before_signing() -> None:
    """Draft → under review → approved → signed; signing records the day [seed 004 合同评审]."""
    contract = _signed()
    assert contract.status is C.SIGNED
    assert contract.signed_on == date(2025, 1, 8)
    assert [s.status for s in contract.steps] == [C.UNDER_REVIEW, C.APPROVED, C.SIGNED]
    assert contract.steps[1].actor_id == "S-1"


def test_signing_day_is_the_day_of_the_given_time() -> None:
    """``signed_on`` is the calendar day of ``at`` in ``at``'s own zone."""
    approved = _contract().transition(C.UNDER_REVIEW, at=_at(0), by="M-1")
    approved = approved.transition(C.APPROVED, at=_at(0), by="S-1")
    late = datetime(2025, 1, 6, 23, 30, tzinfo=SHANGHAI)
    assert approved.transition(C.SIGNED, at=late, by="M-1").signed_on == date(2025, 1, 6)


def test_review_may_send_a_draft_back_or_propose_termination() -> None:
    """Review may send the draft back or end it [seed 004 "评审结果可能导致合同变更或提出终止"]."""
    in_review = _contract().transition(C.UNDER_REVIEW, at=_at(0), by="M-1")
    assert in_review.transition(C.DRAFT, at=_at(1), by="S-1").status is C.DRAFT
    assert in_review.transition(C.TERMINATED, at=_at(1), by="S-1").status is C.TERMINATED


def test_contract_runs_expires_and_is_renewed() -> None:
    """A signed contract becomes active, may expire and then be renewed 续签 [seed 000]."""
    contract = _signed().transition(C.ACTIVE, at=_at(3), by="M-1")
    assert contract.is_in_force(date(2025, 6, 1))
    assert not contract.is_in_force(date(2026, 1, 1))
    expired = contract.transition(C.EXPIRED, at=_at(400), by="M-1")
    assert not expired.is_in_force(date(2025, 6, 1))
    assert expired.transition(C.RENEWED, at=_at(401), by="M-1").status is C.RENEWED


def test_signing_without_review_is_refused() -> None:
    """A draft cannot be signed: the message names current, requested and allowed states."""
    draft = _contract()
    with pytest.raises(TransitionError) as caught:
        draft.transition(C.SIGNED, at=_at(0), by="M-1")
    assert str(caught.value) == (
        "contract HT-1 cannot go from 'draft' to 'signed'; allowed from 'draft': "
        "under-review, terminated"
    )
    assert draft == _contract()


def test_terminated_is_final() -> None:
    """Nothing leaves the terminated state."""
    terminated = _contract().transition(C.TERMINATED, at=_at(0), by="M-1")
    with pytest.raises(TransitionError) as caught:
        terminated.transition(C.DRAFT, at=_at(1), by="M-1")
    assert str(caught.value).endswith("allowed from 'terminated': none (final state)")


def test_steps_cannot_go_back_in_time() -> None:
    """A step before the previous one is refused."""
    in_review = _contract().transition(C.UNDER_REVIEW, at=_at(5), by="M-1")
    with pytest.raises(ValidationError) as caught:
        in_review.transition(C.APPROVED, at=_at(4), by="S-1")
    assert caught.value.paths == ["at"]


def test_every_status_is_reachable_from_draft() -> None:
    """Each status can be reached from a draft; terminated and renewed are final."""
    seen, todo = {C.DRAFT}, [C.DRAFT]
    while todo:
        for following in CONTRACT_TRANSITIONS[todo.pop()]:
            if following not in seen:
                seen.add(following)
                todo.append(following)
    assert seen == set(ContractStatus)
    assert CONTRACT_TRANSITIONS[C.TERMINATED] == CONTRACT_TRANSITIONS[C.RENEWED] == frozenset()


# ------------------------------------------------------------------ service commitments


def test_warranty_with_extension_and_on_site_hours() -> None:
    """ "6小时服务到位" and "延长保修半年" are commitments with numbers [seed 004 篇1]."""
    contract = _contract(
        accepted_on=date(2025, 3, 1),
        commitments=[
            ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=12),
            ServiceCommitment(kind=CommitmentKind.WARRANTY_EXTENSION_MONTHS, value=6),
            ServiceCommitment(kind=CommitmentKind.ON_SITE_WITHIN_HOURS, value=6),
            ServiceCommitment(kind=CommitmentKind.ON_SITE_WITHIN_HOURS, value=8),
        ],
    )
    assert contract.warranty_months == 18
    assert contract.warranty_end == date(2026, 9, 1)
    assert contract.on_site_within_hours == 6


def test_no_warranty_without_acceptance_or_months() -> None:
    """The warranty runs from acceptance 验收; without either there is none."""
    months = [ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=12)]
    assert _contract(commitments=months).warranty_end is None
    assert _contract(accepted_on=date(2025, 3, 1)).warranty_end is None
    assert _contract().on_site_within_hours is None


def test_commitment_value_range() -> None:
    """A commitment's number is from 0 to 10000."""
    with pytest.raises(ValidationError) as caught:
        ServiceCommitment(kind=CommitmentKind.OTHER, value=-1)
    assert str(caught.value) == "value: expected a number from 0 to 10000, got -1"


# --------------------------------------------------------------------------- instalments


def test_instalment_outstanding_and_days_overdue() -> None:
    """What is still owed, and for how many days it is overdue (0 once paid)."""
    due = Instalment(due_on=date(2025, 6, 30), amount=Money.of(1000), received=Money.of(400))
    assert due.outstanding == Money.of(600)
    assert due.days_overdue(date(2025, 6, 30)) == 0
    assert due.days_overdue(date(2025, 7, 31)) == 31
    paid = Instalment(due_on=date(2025, 6, 30), amount=Money.of(1000), received=Money.of(1000))
    assert paid.days_overdue(date(2025, 12, 31)) == 0
    assert Instalment(due_on=date(2025, 6, 30), amount=Money.of(5)).outstanding == Money.of(5)


def test_contract_outstanding_sums_instalments() -> None:
    """A contract owes the sum of what its instalments still owe [seed 000 及时回收货款]."""
    contract = _contract(
        instalments=[
            Instalment(due_on=date(2025, 3, 31), amount=Money.of(60000), received=Money.of(60000)),
            Instalment(due_on=date(2025, 9, 30), amount=Money.of(60000), received=Money.of(1000)),
        ]
    )
    assert contract.outstanding() == Money.of(59000)


def test_instalment_amount_is_positive() -> None:
    """An instalment is for more than zero."""
    with pytest.raises(ValidationError) as caught:
        Instalment(due_on=date(2025, 6, 30), amount=Money.of(0))
    assert str(caught.value) == "amount: expected an amount > 0, got '0'"


def test_received_never_exceeds_the_amount() -> None:
    """The amount received is from zero to the amount due."""
    with pytest.raises(ValidationError) as caught:
        Instalment(due_on=date(2025, 6, 30), amount=Money.of(10), received=Money.of(11))
    assert str(caught.value) == "received: expected from 0 to 10, got '11'"


def test_received_in_the_same_currency() -> None:
    """The amount received is in the instalment's currency."""
    with pytest.raises(ValidationError) as caught:
        Instalment(due_on=date(2025, 6, 30), amount=Money.of(10), received=Money.of(1, "USD"))
    assert str(caught.value) == "received.currency: expected CNY, got 'USD'"


def test_warranty_end_counts_months_as_the_civil_code_does() -> None:
    """A month from 31 January ends on the last day of February (民法典 第二百零三条)."""
    one_month = [ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=1)]
    assert _contract(accepted_on=date(2025, 1, 31), commitments=one_month).warranty_end == date(
        2025, 2, 28
    )
    assert _contract(accepted_on=date(2025, 1, 15), commitments=one_month).warranty_end == date(
        2025, 2, 15
    )


def test_recorded_steps_must_follow_the_status_table() -> None:
    """Steps loaded from data start from a draft, follow the table and end in the status."""
    at = datetime(2025, 1, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    signed = ContractStep(status=C.SIGNED, at=at, actor_id="M-1")
    with pytest.raises(ValidationError) as caught:
        _contract(status=C.SIGNED, signed_on=date(2025, 1, 2), steps=[signed])
    assert str(caught.value) == (
        "steps[0].status: expected a status reachable from 'draft', got 'signed'"
    )
    review = ContractStep(status=C.UNDER_REVIEW, at=at, actor_id="M-1")
    with pytest.raises(ValidationError) as caught:
        _contract(steps=[review])
    assert caught.value.paths == ["status"]
    assert _contract(status=C.UNDER_REVIEW, steps=[review]).steps == (review,)

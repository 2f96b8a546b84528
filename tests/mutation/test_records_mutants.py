"""Tests that kill surviving mutants of the visit, complaint, contract and customer records.

Each test pins a detail the example tests left open: an exact message, a boundary, a note
that must be kept.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from keyaccount.domain import (
    Channel,
    Complaint,
    ComplaintStatus,
    ComplaintStep,
    Contract,
    ContractStatus,
    Customer,
    Instalment,
    Money,
    Visit,
)
from keyaccount.domain.contract import ContractStep
from keyaccount.errors import TransitionError, ValidationError

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)
ID_RULE = "of 1-64 letters, digits or . _ : - (starting with a letter or digit)"


def problem(error: ValidationError) -> tuple[str, Any, str]:
    """The only problem of ``error`` as (path, value, expected)."""
    (only,) = error.problems
    return only.path, only.value, only.expected


def hours(n: int) -> datetime:
    """``n`` hours after 09:00 on 3 March 2025, Shanghai time."""
    return T0 + timedelta(hours=n)


# ------------------------------------------------------------------------------- visits


def visit(**fields: Any) -> Visit:
    """A planned phone visit with ``fields`` changed."""
    base: dict[str, Any] = {
        "id": "v-1",
        "customer_id": "c-1",
        "manager_id": "m-1",
        "channel": Channel.PHONE,
        "planned_on": date(2025, 3, 3),
    }
    return Visit(**{**base, **fields})


def test_a_window_end_without_a_start_shows_the_end() -> None:
    """A window with an end and no start is refused, showing the end given."""
    with pytest.raises(ValidationError) as caught:
        visit(window_end=hours(2))
    assert problem(caught.value) == (
        "window_end",
        hours(2),
        "both window_start and window_end, or neither",
    )


def test_a_window_that_ends_when_it_starts_is_refused() -> None:
    """A window must end strictly after it starts; the message shows the end given."""
    with pytest.raises(ValidationError) as caught:
        visit(window_start=hours(1), window_end=hours(1))
    assert problem(caught.value) == (
        "window_end",
        hours(1),
        f"a time after window_start ({hours(1)})",
    )


def test_done_on_without_a_zone_uses_the_datetime_s_own_zone() -> None:
    """``done_on()`` is the local day of ``done_at``, whatever the machine's time zone."""
    kiritimati = ZoneInfo("Pacific/Kiritimati")  # UTC+14: its day differs from almost any other
    done = visit(done_at=datetime(2025, 3, 3, 0, 30, tzinfo=kiritimati))
    assert done.done_on() == date(2025, 3, 3)
    assert done.done_on(ZoneInfo("UTC")) == date(2025, 3, 2)


def test_completing_a_visit_keeps_its_notes_unless_new_ones_are_given() -> None:
    """``complete`` keeps the planned notes, and replaces them when notes are given."""
    planned = visit(notes="bring the contract")
    assert planned.complete(at=hours(1)).notes == "bring the contract"
    assert planned.complete(at=hours(1), notes="signed").notes == "signed"


# --------------------------------------------------------------------------- complaints


def complaint() -> Complaint:
    """A complaint received at 09:00."""
    return Complaint(id="q-1", customer_id="c-1", received_at=T0, responsible_id="m-1")


def step(status: ComplaintStatus, at: datetime) -> ComplaintStep:
    """A step to ``status`` at ``at`` by m-1."""
    return ComplaintStep(status=status, at=at, actor_id="m-1")


def test_complaint_steps_must_be_a_tuple_of_steps() -> None:
    """Steps that are not a sequence of steps are refused as "a tuple of steps"."""
    with pytest.raises(ValidationError) as caught:
        Complaint(id="q-1", customer_id="c-1", received_at=T0, responsible_id="m-1", steps="x")  # type: ignore[arg-type]
    assert problem(caught.value) == ("steps", "x", "a tuple of steps")


def test_complaint_steps_out_of_order_name_the_step_before() -> None:
    """A step earlier than the one before it is refused, naming that step's time."""
    s = ComplaintStatus
    steps = [step(s.ACCEPTED, hours(1)), step(s.IN_PROGRESS, hours(3)), step(s.RESOLVED, hours(2))]
    with pytest.raises(ValidationError) as caught:
        Complaint(
            id="q-1",
            customer_id="c-1",
            received_at=T0,
            responsible_id="m-1",
            status=s.RESOLVED,
            steps=steps,
        )
    assert problem(caught.value) == ("steps[2].at", hours(2), f"a time at or after {hours(3)}")


def test_a_complaint_step_before_receipt_is_refused() -> None:
    """The first step cannot come before the complaint was received."""
    with pytest.raises(ValidationError) as caught:
        Complaint(
            id="q-1",
            customer_id="c-1",
            received_at=T0,
            responsible_id="m-1",
            status=ComplaintStatus.ACCEPTED,
            steps=[step(ComplaintStatus.ACCEPTED, hours(-1))],
        )
    assert problem(caught.value) == ("steps[0].at", hours(-1), f"a time at or after {T0}")


def test_a_complaint_transition_back_in_time_shows_the_time() -> None:
    """Moving a complaint at a time before its last change is refused, showing that time."""
    accepted = complaint().accept(at=hours(2), by="m-1")
    with pytest.raises(ValidationError) as caught:
        accepted.start(at=hours(1), by="m-1")
    assert problem(caught.value) == ("at", hours(1), f"a time at or after {hours(2)}")


def test_every_complaint_step_keeps_its_note() -> None:
    """Each transition method records the note it was given."""
    c = complaint().accept(at=hours(1), by="m-1", note="valid")
    c = c.start(at=hours(2), by="m-1", note="on it")
    c = c.wait_on_customer(at=hours(2), by="m-1", note="asked for photos")
    c = c.start(at=hours(3), by="m-1", note="photos received")
    c = c.escalate(at=hours(4), by="m-1", to="gm", note="needs the factory")
    c = c.resolve(at=hours(5), by="gm", note="part replaced")
    c = c.record_revisit(at=hours(6), by="m-1", note="customer satisfied")
    c = c.close(at=hours(7), by="m-1", note="done")
    assert [s.note for s in c.steps] == [
        "valid",
        "on it",
        "asked for photos",
        "photos received",
        "needs the factory",
        "part replaced",
        "customer satisfied",
        "done",
    ]
    rejected = complaint().reject(at=hours(1), by="m-1", note="not our product")
    assert rejected.steps[-1].note == "not our product"


# ---------------------------------------------------------------------------- contracts


def contract(**fields: Any) -> Contract:
    """A draft contract for 2025 worth 100,000 yuan, with ``fields`` changed."""
    base: dict[str, Any] = {
        "id": "k-1",
        "customer_id": "c-1",
        "manager_id": "m-1",
        "value": Money.of(100_000),
        "start": date(2025, 1, 1),
        "end": date(2025, 12, 31),
    }
    return Contract(**{**base, **fields})


def test_contract_instalments_must_be_instalments() -> None:
    """An instalment list holding something else is refused at its index."""
    with pytest.raises(ValidationError) as caught:
        contract(instalments=["x"])
    assert caught.value.paths == ["instalments[0]"]


def test_contract_instalments_must_be_a_tuple_of_instalments() -> None:
    """Instalments that are not a sequence are refused as "a tuple of instalments"."""
    with pytest.raises(ValidationError) as caught:
        contract(instalments="x")
    assert problem(caught.value) == ("instalments", "x", "a tuple of instalments")


def test_contract_steps_out_of_order_name_the_step_before() -> None:
    """A recorded step earlier than the one before it is refused, naming that step's time."""
    c = ContractStatus
    steps = [
        ContractStep(status=c.UNDER_REVIEW, at=hours(1), actor_id="m-1"),
        ContractStep(status=c.APPROVED, at=hours(3), actor_id="m-1"),
        ContractStep(status=c.SIGNED, at=hours(2), actor_id="m-1"),
    ]
    with pytest.raises(ValidationError) as caught:
        contract(status=c.SIGNED, signed_on=date(2025, 3, 3), steps=steps)
    assert problem(caught.value) == ("steps[2].at", hours(2), f"a time at or after {hours(3)}")


def test_a_contract_status_other_than_its_last_step_is_refused() -> None:
    """The status must be the last step's; the message shows both."""
    steps = [ContractStep(status=ContractStatus.UNDER_REVIEW, at=hours(1), actor_id="m-1")]
    with pytest.raises(ValidationError) as caught:
        contract(status=ContractStatus.DRAFT, steps=steps)
    assert problem(caught.value) == (
        "status",
        "draft",
        "'under-review', the status of the last step",
    )


def test_a_contract_transition_back_in_time_shows_the_time() -> None:
    """Moving a contract at a time before its last step is refused, showing that time."""
    reviewed = contract().transition(ContractStatus.UNDER_REVIEW, at=hours(2), by="m-1")
    with pytest.raises(ValidationError) as caught:
        reviewed.transition(ContractStatus.APPROVED, at=hours(1), by="m-1")
    assert problem(caught.value) == ("at", hours(1), f"a time at or after {hours(2)}")


def test_a_contract_step_keeps_its_note() -> None:
    """``transition`` records the note it was given."""
    reviewed = contract().transition(
        ContractStatus.UNDER_REVIEW, at=hours(1), by="m-1", note="legal review"
    )
    assert reviewed.steps[-1].note == "legal review"


def test_nothing_outstanding_is_zero_in_the_contract_currency() -> None:
    """A dollar contract without instalments owes zero dollars, not zero yuan."""
    assert contract(value=Money.of(500, "USD")).outstanding() == Money.of(0, "USD")


def test_a_contract_is_in_force_on_its_first_and_last_day() -> None:
    """The term includes both its start and its end day."""
    signed = contract(status=ContractStatus.SIGNED, signed_on=date(2024, 12, 20))
    assert signed.is_in_force(date(2025, 1, 1))
    assert signed.is_in_force(date(2025, 12, 31))
    assert not signed.is_in_force(date(2026, 1, 1))


def test_an_instalment_is_not_overdue_on_its_due_day() -> None:
    """Money due today is not overdue yet; the next day it is one day overdue."""
    instalment = Instalment(due_on=date(2025, 6, 1), amount=Money.of(1000))
    assert instalment.days_overdue(date(2025, 6, 1)) == 0
    assert instalment.days_overdue(date(2025, 6, 2)) == 1


# ---------------------------------------------------------------------------- customers


def test_customer_contacts_must_be_a_tuple_of_contacts() -> None:
    """Contacts that are not a sequence of contacts are refused as "a tuple of contacts"."""
    with pytest.raises(ValidationError) as caught:
        Customer(id="c-1", name="Huabei Steel", manager_id="m-1", contacts="x")  # type: ignore[arg-type]
    assert problem(caught.value) == ("contacts", "x", "a tuple of contacts")


@pytest.mark.parametrize("day", [datetime(2025, 6, 1, 9, 0, tzinfo=SHANGHAI), "2025-06-01", None])
def test_is_in_force_takes_a_plain_date(day: Any) -> None:
    """``is_in_force`` refuses a datetime, a text or nothing under ``day``: "a date"."""
    signed = contract(status=ContractStatus.SIGNED, signed_on=date(2024, 12, 20))
    with pytest.raises(ValidationError) as caught:
        signed.is_in_force(day)
    assert problem(caught.value) == ("day", day, "a date")


def test_a_bad_contract_actor_is_reported_as_by() -> None:
    """A bad actor of a contract transition is reported under the argument ``by``."""
    with pytest.raises(ValidationError) as caught:
        contract().transition(ContractStatus.UNDER_REVIEW, at=hours(1), by="-")
    assert problem(caught.value) == ("by", "-", f"a staff id {ID_RULE}")


@pytest.mark.parametrize(
    ("arguments", "path"),
    [({"by": "m-1", "to": "-"}, "to"), ({"by": "-", "to": "gm"}, "by")],
)
def test_a_bad_escalation_argument_is_reported_under_its_own_name(
    arguments: dict[str, str], path: str
) -> None:
    """Escalating to (or by) a bad staff id is reported under ``to`` (or ``by``)."""
    accepted = complaint().accept(at=hours(1), by="m-1")
    with pytest.raises(ValidationError) as caught:
        accepted.escalate(at=hours(2), **arguments)
    assert problem(caught.value) == (path, "-", f"a staff id {ID_RULE}")


@pytest.mark.parametrize("today", [datetime(2025, 6, 2, 9, 0, tzinfo=SHANGHAI), "2025-06-02", None])
def test_days_overdue_takes_a_plain_date(today: Any) -> None:
    """``days_overdue`` refuses a datetime, a text or nothing under ``today``: "a date"."""
    instalment = Instalment(due_on=date(2025, 6, 1), amount=Money.of(1000))
    with pytest.raises(ValidationError) as caught:
        instalment.days_overdue(today)
    assert problem(caught.value) == ("today", today, "a date")


def test_a_paid_instalment_is_never_overdue() -> None:
    """An instalment paid in full is 0 days overdue, even long after its due day."""
    paid = Instalment(due_on=date(2025, 6, 1), amount=Money.of(1000), received=Money.of(1000))
    assert paid.days_overdue(date(2025, 9, 1)) == 0


def test_a_bad_complaint_actor_is_reported_as_by() -> None:
    """A bad actor of a complaint transition is reported under the argument ``by``."""
    with pytest.raises(ValidationError) as caught:
        complaint().accept(at=hours(1), by="-")
    assert problem(caught.value) == ("by", "-", f"a staff id {ID_RULE}")


class Day(date):
    """A subclass of ``date`` that is not a ``datetime``, as some libraries return."""


@pytest.mark.parametrize("as_of", [datetime(2026, 3, 3, 9, 0, tzinfo=SHANGHAI), "2026-03-03", None])
def test_years_of_cooperation_takes_a_plain_date(as_of: Any) -> None:
    """``years_of_cooperation`` refuses a datetime, a text or nothing under ``as_of``."""
    customer = Customer(
        id="c-1", name="Huabei Steel", manager_id="m-1", cooperation_since=date(2025, 3, 3)
    )
    with pytest.raises(ValidationError) as caught:
        customer.years_of_cooperation(as_of)
    assert problem(caught.value) == ("as_of", as_of, "a date")


def test_years_of_cooperation_accepts_a_date_subclass() -> None:
    """A ``date`` subclass that is not a ``datetime`` counts like the date it holds."""
    customer = Customer(
        id="c-1", name="Huabei Steel", manager_id="m-1", cooperation_since=date(2025, 3, 3)
    )
    assert customer.years_of_cooperation(Day(2027, 3, 2)) == 1
    assert customer.years_of_cooperation(Day(2027, 3, 3)) == 2


def test_an_illegal_complaint_move_names_the_complaint() -> None:
    """Closing a complaint just received is refused, naming the complaint and its options."""
    with pytest.raises(TransitionError) as caught:
        complaint().close(at=hours(1), by="m-1")
    assert str(caught.value) == (
        "complaint q-1 cannot go from 'received' to 'closed'; "
        "allowed from 'received': accepted, rejected"
    )


def test_escalating_hands_the_complaint_over_for_good() -> None:
    """After an escalation the new assignee stays responsible through the later steps."""
    escalated = complaint().accept(at=hours(1), by="m-1").escalate(at=hours(2), by="m-1", to="gm")
    assert escalated.responsible_id == "gm"
    assert escalated.steps[-1].assignee_id == "gm"
    assert escalated.resolve(at=hours(3), by="gm").responsible_id == "gm"


@pytest.mark.parametrize(
    ("since", "as_of", "years"),
    [
        (None, date(2025, 3, 3), 0),
        (date(2025, 3, 4), date(2025, 3, 3), 0),
        (date(2020, 3, 3), date(2025, 3, 2), 4),
        (date(2020, 3, 3), date(2025, 3, 3), 5),
        (date(2020, 12, 31), date(2025, 1, 1), 4),
    ],
)
def test_years_of_cooperation_counts_whole_years(
    since: date | None, as_of: date, years: int
) -> None:
    """Whole years only, counted on the anniversary; 0 when unknown or not yet started."""
    customer = Customer(id="c-1", name="Huabei Steel", manager_id="m-1", cooperation_since=since)
    assert customer.years_of_cooperation(as_of) == years

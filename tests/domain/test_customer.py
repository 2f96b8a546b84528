"""Customers, key persons and account figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from keyaccount.domain.customer import (
    STATUS_TRANSITIONS,
    AccountFigures,
    Confidentiality,
    Contact,
    ContactRole,
    Customer,
    CustomerKind,
    CustomerStatus,
)
from keyaccount.domain.values import CreditLevel, Grade, Money, Period
from keyaccount.errors import TransitionError, ValidationError

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH = Period.month(2025, 3)


def _customer(**changes: object) -> Customer:
    fields: dict[str, object] = {"id": "C-1", "name": "Acme 大客户", "manager_id": "M-1"}
    fields.update(changes)
    return Customer(**fields)  # type: ignore[arg-type]


def _figures(**changes: object) -> AccountFigures:
    fields: dict[str, object] = {
        "customer_id": "C-1",
        "period": MARCH,
        "revenue": Money.of("1000.00"),
        "gross_profit": Money.of("250.00"),
    }
    fields.update(changes)
    return AccountFigures(**fields)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ contacts


def test_contact_minimal_and_defaults() -> None:
    """A key person needs an id and a name; role defaults to other, no VIP flag."""
    contact = Contact(id="P-1", name="李经理")
    assert contact.role is ContactRole.OTHER
    assert contact.phones == ()
    assert contact.email is None
    assert contact.birthday is None
    assert contact.vip is False


def test_contact_phones_list_becomes_a_tuple() -> None:
    """Phones given as a list are kept as a tuple; +, spaces and dashes are allowed."""
    contact = Contact(id="P-1", name="Li", phones=["+86 138-0000-0000", "021 5555 1234"])
    assert contact.phones == ("+86 138-0000-0000", "021 5555 1234")


@pytest.mark.parametrize(
    ("phones", "message"),
    [
        (["abc"], "phones[0]: expected a phone number, got 'abc'"),
        (["13800000000", "12"], "phones[1]: expected a phone number, got '12'"),
        (["1" * 25], f"phones[0]: expected a phone number, got '{'1' * 25}'"),
        ([13800000000], "phones[0]: expected a phone number, got 13800000000"),
        ("13800000000", "phones: expected a tuple of items, got '13800000000'"),
    ],
)
def test_contact_refuses_a_bad_phone(phones: object, message: str) -> None:
    """A bad phone number is reported with its index."""
    with pytest.raises(ValidationError) as caught:
        Contact(id="P-1", name="Li", phones=phones)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_contact_refuses_a_bad_email() -> None:
    """An e-mail address needs a local part, an @ and a domain with a dot."""
    with pytest.raises(ValidationError) as caught:
        Contact(id="P-1", name="Li", email="li at example")
    assert str(caught.value) == "email: expected an e-mail address, got 'li at example'"


def test_contact_refuses_a_blank_name() -> None:
    """A name must not be blank."""
    with pytest.raises(ValidationError) as caught:
        Contact(id="P-1", name="  ")
    assert (
        str(caught.value) == "name: expected a non-blank text of at most 100 characters, got '  '"
    )


def test_contact_birthday_is_a_plain_date() -> None:
    """A birthday is a date, never a datetime."""
    with pytest.raises(ValidationError) as caught:
        Contact(id="P-1", name="Li", birthday=datetime(1980, 5, 1))  # type: ignore[arg-type]
    assert str(caught.value) == "birthday: expected a date, got datetime.datetime(1980, 5, 1, 0, 0)"


def test_contact_vip_is_a_bool() -> None:
    """The VIP flag is a real bool."""
    with pytest.raises(ValidationError) as caught:
        Contact(id="P-1", name="Li", vip=1)  # type: ignore[arg-type]
    assert str(caught.value) == "vip: expected a bool, got 1"


# ----------------------------------------------------------------------------- customers


def test_customer_defaults() -> None:
    """A new customer is an active, ungraded legal entity whose data is confidential."""
    customer = _customer()
    assert customer.kind is CustomerKind.LEGAL_ENTITY
    assert customer.status is CustomerStatus.ACTIVE
    assert customer.grade is None
    assert customer.credit_level is None
    assert customer.confidentiality is Confidentiality.CONFIDENTIAL
    assert customer.contacts == ()
    assert not customer.member


def test_customer_contacts_list_becomes_a_tuple() -> None:
    """Contacts given as a list are kept as a tuple."""
    customer = _customer(contacts=[Contact(id="P-1", name="Li"), Contact(id="P-2", name="Wang")])
    assert isinstance(customer.contacts, tuple)
    assert [c.id for c in customer.contacts] == ["P-1", "P-2"]


def test_customer_refuses_duplicate_contact_ids() -> None:
    """Contact ids are unique within a customer; the duplicate's index is named."""
    with pytest.raises(ValidationError) as caught:
        _customer(contacts=[Contact(id="P-1", name="Li"), Contact(id="P-1", name="Wang")])
    assert str(caught.value) == "contacts[1].id: expected a unique contact id, got 'P-1'"


def test_customer_refuses_a_non_contact() -> None:
    """Every contact is a Contact."""
    with pytest.raises(ValidationError) as caught:
        _customer(contacts=[Contact(id="P-1", name="Li"), "Wang"])
    assert str(caught.value) == "contacts[1]: expected a Contact, got 'Wang'"


def test_customer_grade_is_the_enum_not_its_text() -> None:
    """Grades and credit levels are enum members; text belongs to from_dict."""
    with pytest.raises(ValidationError) as caught:
        _customer(grade="A")
    assert str(caught.value) == "grade: expected a Grade, got 'A'"
    assert _customer(grade=Grade.A, credit_level=CreditLevel.B).grade is Grade.A


def test_customer_flags_are_bools() -> None:
    """Flags such as ``member`` refuse 1 and 0."""
    with pytest.raises(ValidationError) as caught:
        _customer(member=1)
    assert str(caught.value) == "member: expected a bool, got 1"


def test_customer_refuses_a_blank_name_and_a_bad_id() -> None:
    """Name and id are checked; the id message names the field."""
    with pytest.raises(ValidationError) as caught:
        _customer(name="")
    assert str(caught.value) == "name: expected a non-blank text of at most 200 characters, got ''"
    with pytest.raises(ValidationError) as caught:
        _customer(id="C 1")
    assert caught.value.paths == ["id"]


def test_retained_customer_goes_back_to_active() -> None:
    """At risk 离网倾向 → active is allowed: a retained customer [seed 002 客户挽留]."""
    customer = _customer().with_status(CustomerStatus.AT_RISK)
    assert customer.with_status(CustomerStatus.ACTIVE).status is CustomerStatus.ACTIVE


@pytest.mark.parametrize(
    "path",
    [
        [CustomerStatus.ACTIVE, CustomerStatus.AT_RISK, CustomerStatus.LOST, CustomerStatus.ACTIVE],
        [CustomerStatus.LOST, CustomerStatus.ACTIVE],
    ],
)
def test_customer_lifecycle_paths(path: list[CustomerStatus]) -> None:
    """A prospect becomes active, may drift to at risk, be lost and be won back."""
    customer = _customer(status=CustomerStatus.PROSPECT)
    for status in path:
        customer = customer.with_status(status)
        assert customer.status is status


def test_illegal_status_change_names_the_states() -> None:
    """An illegal change names current, requested and allowed states, and changes nothing."""
    customer = _customer()
    with pytest.raises(TransitionError) as caught:
        customer.with_status(CustomerStatus.PROSPECT)
    assert str(caught.value) == (
        "customer C-1 cannot go from 'active' to 'prospect'; allowed from 'active': at-risk, lost"
    )
    assert caught.value.current is CustomerStatus.ACTIVE
    assert caught.value.requested is CustomerStatus.PROSPECT
    assert caught.value.allowed == (CustomerStatus.AT_RISK, CustomerStatus.LOST)
    assert customer.status is CustomerStatus.ACTIVE


def test_staying_in_the_same_status_is_not_a_transition() -> None:
    """Asking for the current status is refused: nothing in the table loops."""
    assert all(status not in allowed for status, allowed in STATUS_TRANSITIONS.items())
    with pytest.raises(TransitionError):
        _customer().with_status(CustomerStatus.ACTIVE)


def test_assign_to_sets_manager_and_day() -> None:
    """Assigning records the new manager and the day (first contact is then due [seed 002])."""
    customer = _customer().assign_to("M-2", date(2025, 3, 3))
    assert (customer.manager_id, customer.assigned_on) == ("M-2", date(2025, 3, 3))
    with pytest.raises(ValidationError) as caught:
        _customer().assign_to("M 2", date(2025, 3, 3))
    assert caught.value.paths == ["manager_id"]


def test_group_key_persons_are_vip() -> None:
    """Key persons of a group customer are VIP [seed 002 "将集团客户中关键人列为 vip 客户"]."""
    contacts = [Contact(id="P-1", name="Li"), Contact(id="P-2", name="Wang", vip=True)]
    assert all(c.vip for c in _customer(group=True, contacts=contacts).key_persons())
    assert [c.vip for c in _customer(contacts=contacts).key_persons()] == [False, True]


@pytest.mark.parametrize(
    ("since", "as_of", "years"),
    [
        (None, date(2025, 1, 1), 0),
        (date(2020, 6, 15), date(2025, 6, 14), 4),
        (date(2020, 6, 15), date(2025, 6, 15), 5),
        (date(2026, 1, 1), date(2025, 1, 1), 0),
        (date(2020, 2, 29), date(2021, 2, 28), 0),
    ],
)
def test_years_of_cooperation(since: date | None, as_of: date, years: int) -> None:
    """Whole years of cooperation, 0 when unknown or in the future."""
    assert _customer(cooperation_since=since).years_of_cooperation(as_of) == years


def test_confidentiality_rank_lowest_first() -> None:
    """Confidentiality levels 密级 rank from public to secret [seed 003 1.3]."""
    assert [c.rank for c in Confidentiality] == [0, 1, 2, 3]
    assert Confidentiality.SECRET.label_zh == "机密"


# ------------------------------------------------------------------------------- figures


def test_figures_minimal() -> None:
    """Revenue and gross profit are required; the rest is optional or zero."""
    figures = _figures()
    assert figures.previous_revenue is None
    assert figures.max_days_overdue == 0
    assert figures.open_complaints == 0
    assert figures.growth is None
    assert figures.overdue_share == Decimal(0)


def test_figures_period_is_a_period() -> None:
    """The period is a Period object; its text is read by from_dict, not here."""
    with pytest.raises(ValidationError) as caught:
        _figures(period="2025-03")
    assert str(caught.value) == "period: expected a Period, got '2025-03'"


def test_figures_share_one_currency() -> None:
    """Every amount is in the revenue's currency."""
    with pytest.raises(ValidationError) as caught:
        _figures(gross_profit=Money.of(1, "USD"))
    assert str(caught.value) == "gross_profit.currency: expected CNY like revenue, got 'USD'"


def test_overdue_never_exceeds_receivables() -> None:
    """Overdue receivables are part of the receivables."""
    with pytest.raises(ValidationError) as caught:
        _figures(receivables=Money.of(500), overdue_receivables=Money.of(600))
    assert str(caught.value) == (
        "overdue_receivables: expected at most the receivables (500), got '600'"
    )


def test_payment_rate_refuses_a_float_and_stays_within_0_and_1() -> None:
    """The on-time payment rate is an exact number from 0 to 1 [seed 004 "客户信用记录"]."""
    with pytest.raises(ValidationError) as caught:
        _figures(on_time_payment_rate=0.9)
    assert str(caught.value) == (
        "on_time_payment_rate: expected a decimal number (Decimal, int or str), got 0.9"
    )
    with pytest.raises(ValidationError) as caught:
        _figures(on_time_payment_rate="1.1")
    assert str(caught.value) == ("on_time_payment_rate: expected a number from 0 to 1, got '1.1'")
    assert _figures(on_time_payment_rate="0.95").on_time_payment_rate == Decimal("0.95")


def test_counts_are_non_negative() -> None:
    """Days overdue and complaint counts cannot be negative."""
    with pytest.raises(ValidationError) as caught:
        _figures(max_days_overdue=-1)
    assert str(caught.value) == "max_days_overdue: expected a number >= 0, got -1"


def test_growth_and_overdue_share() -> None:
    """Growth compares with the previous period; overdue share divides by receivables."""
    figures = _figures(
        previous_revenue=Money.of(800),
        receivables=Money.of(400),
        overdue_receivables=Money.of(100),
    )
    assert figures.growth == Decimal("0.25")
    assert figures.overdue_share == Decimal("0.25")
    assert _figures(previous_revenue=Money.zero()).growth is None
    assert _figures(receivables=Money.zero(), overdue_receivables=Money.zero()).overdue_share == 0

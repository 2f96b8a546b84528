"""Plain data in and out: to_dict / from_dict, and errors that name every bad path."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import attrs
import pytest
from attrs import frozen

from keyaccount.domain import (
    AccountFigures,
    Channel,
    Complaint,
    Contact,
    ContactRole,
    Customer,
    Grade,
    Money,
    OrgChart,
    Period,
    Visit,
)
from keyaccount.domain.staff import AccountManager
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.serialization import from_dict, to_dict
from keyaccount.validation import positive

SHANGHAI = ZoneInfo("Asia/Shanghai")
AT = datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI)


def _customer() -> Customer:
    return Customer(
        id="C-1",
        name="Acme 大客户",
        manager_id="M-1",
        grade=Grade.A,
        cooperation_since=date(2019, 4, 1),
        contacts=(
            Contact(id="P-1", name="李总", role=ContactRole.DECISION_MAKER, vip=True),
            Contact(id="P-2", name="王工", phones=("13800000000",), birthday=date(1980, 5, 1)),
        ),
    )


def _figures() -> AccountFigures:
    return AccountFigures(
        customer_id="C-1",
        period=Period.quarter(2025, 1),
        revenue=Money.of("12.50"),
        gross_profit=Money.of("3.10"),
        on_time_payment_rate="0.8",
    )


def _message(cls: type[Any], data: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        from_dict(cls, data)
    return str(caught.value)


# ------------------------------------------------------------------------------- shapes


def test_customer_round_trip() -> None:
    """A customer with key persons survives to_dict and from_dict unchanged."""
    customer = _customer()
    assert from_dict(Customer, to_dict(customer)) == customer


def test_shapes_are_json_ready() -> None:
    """Decimals are strings, dates ISO text, enums values, periods text, tuples lists."""
    data = to_dict(_figures())
    assert data["revenue"] == {"amount": "12.50", "currency": "CNY"}
    assert data["on_time_payment_rate"] == "0.8"
    assert data["period"] == "2025-Q1"
    assert data["previous_revenue"] is None
    customer = to_dict(_customer())
    assert customer["grade"] == "A"
    assert customer["cooperation_since"] == "2019-04-01"
    assert customer["contacts"][1]["phones"] == ["13800000000"]
    assert customer["contacts"][0]["role"] == "decision-maker"
    assert json.loads(json.dumps(customer)) == customer


def test_datetimes_keep_their_offset() -> None:
    """An aware datetime is written with its UTC offset and read back to the same instant."""
    visit = Visit(id="V-1", customer_id="C-1", manager_id="M-1", channel=Channel.SMS, done_at=AT)
    data = to_dict(visit)
    assert data["done_at"] == "2025-03-03T09:30:00+08:00"
    again = from_dict(Visit, data)
    assert again == visit
    assert again.done_at is not None
    assert again.done_at.utcoffset() == AT.utcoffset()


def test_org_chart_round_trip() -> None:
    """An org chart is written as its staff list and rebuilt (and re-validated) from it."""
    chart = OrgChart.of(
        [AccountManager(id="A", name="A", superior_id="GM"), AccountManager(id="GM", name="GM")]
    )
    data = to_dict(chart)
    assert list(data) == ["staff"]
    assert from_dict(OrgChart, data) == chart


def test_tuples_and_scalars_at_the_top() -> None:
    """Tuples of objects, enums and times are read at the top level too."""
    assert from_dict(tuple[Money, ...], [{"amount": "1"}]) == (Money.of(1),)
    assert from_dict(tuple[Grade, ...], ["A", "D"]) == (Grade.A, Grade.D)
    assert from_dict(Grade, "B") is Grade.B
    assert to_dict(time(8, 30)) == "08:30"
    assert to_dict(time(8, 30, 15)) == "08:30:15"
    assert from_dict(time, "13:30") == time(13, 30)


def test_defaults_fill_missing_optional_keys() -> None:
    """Keys of fields with defaults may be left out."""
    assert from_dict(Money, {"amount": "5"}) == Money.of(5, "CNY")
    assert from_dict(Customer, {"id": "C-1", "name": "Acme", "manager_id": "M-1"}) == Customer(
        id="C-1", name="Acme", manager_id="M-1"
    )


def test_period_round_trip_at_the_top_level() -> None:
    """A Period written by to_dict ('2025-Q1') is read back by from_dict(Period, ...)."""
    period = Period.quarter(2025, 1)
    assert from_dict(Period, to_dict(period)) == period


# ------------------------------------------------------------------------------- errors


def test_bad_birthday_names_its_path() -> None:
    """A bad nested date names the contact's index and the field."""
    data = to_dict(_customer())
    data["contacts"][1]["birthday"] = "31/02/2024"
    assert _message(Customer, data) == (
        "contacts[1].birthday: expected an ISO date (YYYY-MM-DD), got '31/02/2024'"
    )


def test_impossible_date_is_refused() -> None:
    """An ISO-shaped but impossible date is refused like any bad date."""
    data = to_dict(_customer())
    data["cooperation_since"] = "2025-02-30"
    assert _message(Customer, data) == (
        "cooperation_since: expected an ISO date (YYYY-MM-DD), got '2025-02-30'"
    )


def test_unknown_keys_list_the_allowed_keys() -> None:
    """Each unknown key is reported with the keys that are allowed."""
    data = {"amount": "1", "currency": "CNY", "cents": 100}
    assert _message(Money, data) == (
        "cents: expected one of the keys amount, currency, got an unknown key"
    )


def test_unknown_nested_key_names_its_path() -> None:
    """An unknown key inside a list item names the item."""
    data = to_dict(_customer())
    data["contacts"][0]["nickname"] = "老李"
    assert _message(Customer, data) == (
        "contacts[0].nickname: expected one of the keys birthday, email, id, name, phones, role, "
        "vip, got an unknown key"
    )


def test_missing_keys_are_each_reported() -> None:
    """Every missing required key is reported."""
    assert _message(Customer, {"id": "C-1"}) == (
        "name: expected a value (the key is required), got nothing (the key is missing)\n"
        "manager_id: expected a value (the key is required), got nothing (the key is missing)"
    )


def test_floats_are_refused_where_numbers_must_be_exact() -> None:
    """A float amount or rate is refused with a hint to write it as a string."""
    data = to_dict(_figures())
    data["revenue"]["amount"] = 12.5
    data["on_time_payment_rate"] = 0.8
    assert _message(AccountFigures, data) == (
        "revenue.amount: expected an exact decimal number written as a string, e.g. '0.8', "
        "got 12.5\n"
        "on_time_payment_rate: expected an exact decimal number written as a string, e.g. '0.8', "
        "got 0.8"
    )


@pytest.mark.parametrize(
    ("data", "shown"), [([1], "[1]"), ("C-1", "'C-1'"), (None, "None"), (5, "5")]
)
def test_non_mapping_input_is_refused_at_the_root(data: object, shown: str) -> None:
    """Input that is not a mapping is refused at ``(root)``."""
    assert _message(Customer, data) == f"(root): expected a mapping of Customer fields, got {shown}"


def test_non_list_and_non_mapping_nested_values() -> None:
    """A nested list or object of the wrong shape names its path."""
    data = to_dict(_customer())
    data["contacts"] = "李总"
    assert _message(Customer, data) == "contacts: expected a list, got '李总'"
    assert _message(tuple[Money, ...], [{"amount": "1"}, 3]) == (
        "[1]: expected a mapping of Money fields, got 3"
    )


def test_every_problem_is_reported_at_once() -> None:
    """Several bad fields are all reported, each with its path."""
    data = to_dict(_customer())
    data.update(member="yes", grade="E", assigned_on="2025/03/01")
    assert _message(Customer, data) == (
        "assigned_on: expected an ISO date (YYYY-MM-DD), got '2025/03/01'\n"
        "grade: expected one of 'A', 'B', 'C', 'D', got 'E'\n"
        "member: expected true or false, got 'yes'"
    )


def test_scalar_types_are_strict() -> None:
    """Numbers are not booleans, booleans are not numbers, numbers are not text."""
    data = to_dict(_figures())
    data.update(max_days_overdue=True, member_count=1.0, customer_id=7)
    assert _message(AccountFigures, data) == (
        "customer_id: expected a text, got 7\n"
        "max_days_overdue: expected a whole number, got True\n"
        "member_count: expected a whole number, got 1.0"
    )


def test_naive_datetime_text_is_refused() -> None:
    """A datetime without a UTC offset is refused."""
    visit = Visit(id="V-1", customer_id="C-1", manager_id="M-1", channel=Channel.SMS, done_at=AT)
    data = to_dict(visit)
    data["done_at"] = "2025-03-03T09:30:00"
    assert _message(Visit, data) == (
        "done_at: expected an ISO datetime with a UTC offset, e.g. '2025-01-02T09:30:00+08:00', "
        "got '2025-03-03T09:30:00'"
    )


def test_bad_period_text() -> None:
    """A bad period text shows the accepted forms."""
    data = to_dict(_figures())
    data["period"] = "2025-13"
    assert _message(AccountFigures, data) == (
        "period: expected a period such as '2025-03', '2025-Q1' or '2025', got '2025-13'"
    )


def test_class_checks_run_and_name_their_path() -> None:
    """Checks made by the classes themselves are reported under the object's path."""
    data = to_dict(_customer())
    data["contacts"][1]["id"] = "P-1"
    assert _message(Customer, data) == "contacts[1].id: expected a unique contact id, got 'P-1'"
    data = to_dict(_customer())
    data["contacts"][1]["phones"] = ["12"]
    assert _message(Customer, data) == "contacts[1].phones[0]: expected a phone number, got '12'"
    data = to_dict(_figures())
    data["gross_profit"]["currency"] = "USD"
    assert _message(AccountFigures, data) == (
        "gross_profit.currency: expected CNY like revenue, got 'USD'"
    )


def test_recorded_complaint_steps_are_checked() -> None:
    """A complaint's steps read from data must be legal transitions."""
    complaint = Complaint(id="K-1", customer_id="C-1", received_at=AT, responsible_id="M-1")
    data = to_dict(complaint.accept(at=AT, by="M-1"))
    data["steps"][0]["status"] = "closed"
    data["status"] = "closed"
    assert _message(Complaint, data) == (
        "steps[0].status: expected a status reachable from 'received', got 'closed'"
    )


def test_errors_are_validation_errors() -> None:
    """Bad data raises ValidationError, which is also a ValueError."""
    with pytest.raises(ValueError, match=r"^\(root\)"):
        from_dict(Money, [])


@frozen(kw_only=True)
class _Threshold:
    """A minimal policy configuration: its bad fields raise PolicyError."""

    error_class: ClassVar[type[ValidationError]] = PolicyError
    name: str = attrs.field()
    limit: Decimal = attrs.field(validator=positive)


def test_policy_classes_raise_policy_error() -> None:
    """A class declaring ``error_class = PolicyError`` gets PolicyError from from_dict."""
    with pytest.raises(PolicyError) as caught:
        from_dict(_Threshold, {"name": "x", "limit": "0"})
    assert str(caught.value) == "limit: expected a number > 0, got '0'"
    with pytest.raises(PolicyError, match=r"^\(root\): expected a mapping of _Threshold fields"):
        from_dict(_Threshold, "x")
    assert from_dict(_Threshold, {"name": "x", "limit": "2.5"}).limit == Decimal("2.5")


@pytest.mark.parametrize("data", [{"amount": "1", 7: "x"}, {"amount": "1", "x": 1, 2: 3}])
def test_non_text_keys_are_reported_not_crashed_on(data: dict[object, object]) -> None:
    """A mapping with a non-text key (e.g. from YAML) gives a ValidationError naming the key."""
    with pytest.raises(ValidationError, match="one of the keys amount, currency"):
        from_dict(Money, data)

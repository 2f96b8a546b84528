"""Tests that kill surviving mutants of ``keyaccount.domain.values`` and ``transitions``.

Each test pins a detail the example tests left open: an exact message, a boundary, a default.
"""

from __future__ import annotations

from typing import Any

import pytest

from keyaccount.domain import AccountManager, Customer, Grade, Money, Period
from keyaccount.domain.appraisal import IndicatorResult
from keyaccount.domain.transitions import check_transition
from keyaccount.errors import TransitionError, ValidationError

ID_RULE = "of 1-64 letters, digits or . _ : - (starting with a letter or digit)"


def problem(error: ValidationError) -> tuple[str, Any, str]:
    """The only problem of ``error`` as (path, value, expected)."""
    (only,) = error.problems
    return only.path, only.value, only.expected


def test_identifier_messages_use_a_before_a_consonant() -> None:
    """A bad staff id is described as "a staff id of 1-64 letters …"."""
    with pytest.raises(ValidationError) as caught:
        AccountManager(id="s-1", name="Chen Jing", superior_id="-")
    assert problem(caught.value) == ("superior_id", "-", f"a staff id {ID_RULE}")


def test_identifier_messages_use_an_before_a_vowel() -> None:
    """A bad indicator key is described as "an indicator key of 1-64 letters …"."""
    with pytest.raises(ValidationError) as caught:
        IndicatorResult.rated("-", 90)
    assert problem(caught.value) == ("key", "-", f"an indicator key {ID_RULE}")


def test_an_empty_total_is_zero_yuan() -> None:
    """``Money.total`` of nothing is zero in CNY unless another currency is named."""
    assert Money.total([]) == Money.of(0, "CNY")
    assert Money.total([], "USD") == Money.of(0, "USD")


@pytest.mark.parametrize(
    ("operation", "verb"),
    [
        (lambda a, b: a - b, "subtract"),
        (lambda a, b: a.ratio(b), "divide"),
        (lambda a, b: a <= b, "compare"),
        (lambda a, b: a > b, "compare"),
        (lambda a, b: a >= b, "compare"),
    ],
)
def test_mixing_currencies_names_the_operation(operation: Any, verb: str) -> None:
    """Mixing currencies says which operation is impossible, e.g. "cannot subtract"."""
    with pytest.raises(ValidationError) as caught:
        operation(Money.of(1, "USD"), Money.of(1, "CNY"))
    assert problem(caught.value) == (
        "currency",
        "CNY",
        f"USD: amounts in different currencies cannot {verb}",
    )


def test_dividing_by_a_float_names_the_divisor() -> None:
    """``money / 1.5`` is refused under the name ``divisor``."""
    with pytest.raises(ValidationError) as caught:
        Money.of(3) / 1.5  # type: ignore[operator]
    assert problem(caught.value) == ("divisor", 1.5, "a Decimal or int (floats are not exact)")


@pytest.mark.parametrize(
    "operation",
    [
        lambda m: m - Money.of(1, "USD"),
        lambda m: abs(m),
        lambda m: m * 2,
        lambda m: m / 2,
    ],
)
def test_arithmetic_keeps_the_currency(operation: Any) -> None:
    """Subtracting, taking the absolute value, multiplying and dividing keep US dollars."""
    assert operation(Money.of(-3, "USD")).currency == "USD"


def test_enum_parse_errors_default_to_the_path_value() -> None:
    """``Grade.parse`` without a field name reports the path ``value``."""
    with pytest.raises(ValidationError) as caught:
        Grade.parse("E")
    assert problem(caught.value) == ("value", "E", "one of 'A', 'B', 'C', 'D'")


def test_period_parse_errors_default_to_the_path_period() -> None:
    """``Period.parse`` without a field name reports the path ``period``."""
    with pytest.raises(ValidationError) as caught:
        Period.parse("2025-13")
    assert problem(caught.value)[:2] == ("period", "2025-13")


def test_comparing_periods_of_two_kinds_shows_the_other_period() -> None:
    """A month compared with a quarter is refused; the message shows the quarter."""
    quarter = Period.quarter(2025, 1)
    with pytest.raises(ValidationError) as caught:
        _ = Period.month(2025, 1) < quarter
    assert problem(caught.value) == ("other", quarter, "a month period to compare")


def test_a_period_is_at_most_and_not_above_itself() -> None:
    """``p <= p`` holds and ``p > p`` does not."""
    period = Period.month(2025, 3)
    assert period <= Period.month(2025, 3)
    assert not period > Period.month(2025, 3)


def test_a_state_missing_from_the_table_allows_nothing() -> None:
    """A state the table does not list is final: every move from it is refused."""
    with pytest.raises(TransitionError) as caught:
        check_transition("thing t", {"a": frozenset({"b"})}, "z", "b")
    assert (
        str(caught.value)
        == "thing t cannot go from 'z' to 'b'; allowed from 'z': none (final state)"
    )


def test_cooperation_starting_today_is_zero_years() -> None:
    """A customer whose cooperation starts on ``as_of`` has cooperated 0 whole years."""
    from datetime import date

    customer = Customer(
        id="c-1", name="Huabei Steel", manager_id="m-1", cooperation_since=date(2025, 3, 3)
    )
    assert customer.years_of_cooperation(date(2025, 3, 3)) == 0
    assert customer.years_of_cooperation(date(2026, 3, 3)) == 1

"""Tests that kill surviving mutants of ``keyaccount.domain.values`` and ``transitions``.

Each test pins a detail the example tests left open: an exact message, a boundary, a default.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from keyaccount.domain import AccountManager, Customer, Grade, Money, Period
from keyaccount.domain.appraisal import IndicatorResult
from keyaccount.domain.transitions import check_transition, renamed
from keyaccount.errors import PolicyError, Problem, TransitionError, ValidationError

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


@pytest.mark.parametrize(
    ("operation", "path", "number"),
    [
        (lambda m, n: m * n, "factor", "Infinity"),
        (lambda m, n: m * n, "factor", "-Infinity"),
        (lambda m, n: m / n, "divisor", "Infinity"),
    ],
)
def test_an_infinite_number_is_refused_as_not_finite(
    operation: Any, path: str, number: str
) -> None:
    """Multiplying or dividing by an infinite Decimal is refused as "a finite number"."""
    with pytest.raises(ValidationError) as caught:
        operation(Money.of(10), Decimal(number))
    assert problem(caught.value) == (path, Decimal(number), "a finite number")
    assert str(caught.value) == f"{path}: expected a finite number, got '{number}'"


def test_a_divisor_too_small_for_a_finite_amount_is_refused() -> None:
    """A divisor whose quotient overflows the Decimal range is refused under ``divisor``."""
    with pytest.raises(ValidationError) as caught:
        Money.of(10) / Decimal("1E-999999")
    assert problem(caught.value) == (
        "divisor",
        Decimal("1E-999999"),
        "a divisor giving a finite amount",
    )
    assert str(caught.value) == (
        "divisor: expected a divisor giving a finite amount, got '1E-999999'"
    )


def test_renamed_moves_each_problem_to_the_argument_that_filled_it() -> None:
    """``renamed`` renames the listed paths, keeps the others, values, expectations and class."""
    error = PolicyError(
        [
            Problem("actor_id", "-", "a staff id"),
            Problem("note", 5, "a text"),
            Problem("assignee_id", None, "", message="must differ from actor_id"),
        ]
    )
    result = renamed(error, {"actor_id": "by", "assignee_id": "to"})
    assert type(result) is PolicyError
    assert [(p.path, p.value, p.expected) for p in result.problems] == [
        ("by", "-", "a staff id"),
        ("note", 5, "a text"),
        ("to", None, ""),
    ]
    assert str(result) == (
        "by: expected a staff id, got '-'\n"
        "note: expected a text, got 5\n"
        "to: must differ from actor_id"
    )


def test_renamed_keeps_the_message_of_an_error_without_problems() -> None:
    """An error built from a plain message has no path to rename: its message is kept."""
    result = renamed(ValidationError("the steps contradict each other"), {"actor_id": "by"})
    assert type(result) is ValidationError
    assert result.problems == ()
    assert str(result) == "the steps contradict each other"


@pytest.mark.parametrize("amounts", [None, "12.50", {"a": Money.of(1)}, 5])
def test_a_total_of_something_else_than_an_iterable_is_refused(amounts: Any) -> None:
    """``Money.total`` refuses nothing, a text, a mapping or a number as "an iterable of Money"."""
    with pytest.raises(ValidationError) as caught:
        Money.total(amounts)
    assert problem(caught.value) == ("amounts", amounts, "an iterable of Money")


def test_a_total_names_the_item_that_is_not_money() -> None:
    """An item of ``Money.total`` that is not Money is refused at its index."""
    with pytest.raises(ValidationError) as caught:
        Money.total([Money.of(1), 5])  # type: ignore[list-item]
    assert problem(caught.value) == ("amounts[1]", 5, "Money")


def test_a_total_adds_every_amount_in_their_own_currency() -> None:
    """The total of dollar amounts is their sum in dollars, whatever the empty-sum currency."""
    amounts = (Money.of(3, "USD"), Money.of("2.50", "USD"), Money.of(1, "USD"))
    assert Money.total(amounts) == Money.of("6.50", "USD")
    assert Money.total(iter(amounts), "CNY") == Money.of("6.50", "USD")


AMOUNT_RULE = "an amount below 10^31 with at most 30 decimal places"


@pytest.mark.parametrize("amount", ["9.99E+30", "-9.99E+30", "1E-30", "0E-40", "0E+40"])
def test_an_amount_at_the_limits_is_accepted(amount: str) -> None:
    """Amounts up to 30 digits before the point, and 30 decimal places, are accepted (0 always)."""
    assert Money.of(amount).amount == Decimal(amount)


@pytest.mark.parametrize(
    "amount", ["1E+31", "-1E+31", "1E-31", "1.0000000000000000000000000000001"]
)
def test_an_amount_beyond_the_limits_is_refused(amount: str) -> None:
    """An amount of 10^31 or more, or with more than 30 decimal places, is refused."""
    with pytest.raises(ValidationError) as caught:
        Money.of(amount)
    assert problem(caught.value) == ("amount", Decimal(amount), AMOUNT_RULE)


@pytest.mark.parametrize("requested", [["b"], {"b": 1}])
def test_an_unhashable_state_is_refused_as_a_transition(requested: Any) -> None:
    """A list or mapping is no state: the move is refused like any illegal one."""
    with pytest.raises(TransitionError) as caught:
        check_transition("thing t", {"a": frozenset({"b"}), "b": frozenset()}, "a", requested)
    assert (
        str(caught.value)
        == f"thing t cannot go from 'a' to {str(requested)!r}; allowed from 'a': b"
    )


def test_enum_parse_reads_a_member_s_value() -> None:
    """``Grade.parse("B")`` is ``Grade.B``; a member is returned as it is."""
    assert Grade.parse("B", field="grade") is Grade.B
    assert Grade.parse(Grade.C) is Grade.C

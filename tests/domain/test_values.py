"""Shared values: labelled enums, identifiers, money and periods."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from attrs import frozen

from keyaccount.domain.values import (
    CreditLevel,
    Grade,
    LabelledEnum,
    Money,
    Period,
    PeriodKind,
    identifier,
)
from keyaccount.errors import ValidationError

# ---------------------------------------------------------------------- labelled enums


def test_enum_value_is_english_and_label_is_chinese() -> None:
    """A member's value is the English text and ``label_zh`` the Chinese label [seed 002]."""
    assert Grade.A.value == "A"
    assert Grade.A.label_zh == "A类客户"
    assert PeriodKind.QUARTER == "quarter"
    assert PeriodKind.QUARTER.label_zh == "季度"


def test_enum_parse_accepts_value_and_member() -> None:
    """``parse`` takes the English value or the member itself."""
    assert Grade.parse("B") is Grade.B
    assert Grade.parse(Grade.C) is Grade.C


@pytest.mark.parametrize("bad", ["E", "a", None, 1, [], {}])
def test_enum_parse_lists_the_valid_values(bad: object) -> None:
    """A bad value names the field and lists every valid value."""
    with pytest.raises(ValidationError) as caught:
        Grade.parse(bad, field="grade")
    assert str(caught.value) == f"grade: expected one of 'A', 'B', 'C', 'D', got {bad!r}"


def test_enum_expected_phrase() -> None:
    """``expected()`` is the phrase used in error messages."""
    assert PeriodKind.expected() == "one of 'month', 'quarter', 'year'"


def test_grade_and_credit_rank_lower_is_better() -> None:
    """Ranks run 0 (A, best) to 3 (D, lowest)."""
    assert [g.rank for g in Grade] == [0, 1, 2, 3]
    assert [c.rank for c in CreditLevel] == [0, 1, 2, 3]
    assert CreditLevel.D.label_zh == "信用差"


def test_labelled_enum_subclass_carries_labels() -> None:
    """A user's own LabelledEnum gets ``label_zh`` and ``parse`` too."""

    class Colour(LabelledEnum):
        RED = "red", "红"

    assert Colour.RED.label_zh == "红"
    assert Colour.parse("red") is Colour.RED


# --------------------------------------------------------------------------- identifiers


@frozen(kw_only=True)
class _Holder:
    """A tiny class with one identifier field, to exercise the validator."""

    id: str = attrs.field(validator=identifier(what="customer id"))


@pytest.mark.parametrize("good", ["C-1", "0", "a.b_c:d-e", "x" * 64, "Z9"])
def test_identifier_accepts_letters_digits_and_separators(good: str) -> None:
    """1-64 letters, digits or ``. _ : -`` starting with a letter or digit are accepted."""
    assert _Holder(id=good).id == good


@pytest.mark.parametrize("bad", ["", " ", "-C1", "C 1", "x" * 65, "客户", 7, None])
def test_identifier_refuses_other_text(bad: object) -> None:
    """Blank, too long, badly started or non-text identifiers are refused on the field."""
    with pytest.raises(ValidationError) as caught:
        _Holder(id=bad)  # type: ignore[arg-type]
    assert caught.value.paths == ["id"]


def test_identifier_message_reads_as_english() -> None:
    """The identifier message uses the right article: 'a customer id', not 'an customer id'."""
    with pytest.raises(ValidationError) as caught:
        _Holder(id="C 1")
    assert str(caught.value) == (
        "id: expected a customer id of 1-64 letters, digits or . _ : - "
        "(starting with a letter or digit), got 'C 1'"
    )


# --------------------------------------------------------------------------------- money


def test_money_of_converts_int_and_text_to_decimal() -> None:
    """``Money.of`` takes an int or a numeric str and keeps it exact; CNY is the default."""
    assert Money.of("12.50") == Money(amount=Decimal("12.50"), currency="CNY")
    assert Money.of(3, "USD").amount == Decimal(3)
    assert Money.of(" 1.5 ").amount == Decimal("1.5")


def test_money_refuses_a_float() -> None:
    """A float amount is refused: it is not exact."""
    with pytest.raises(ValidationError) as caught:
        Money.of(1.5)  # type: ignore[arg-type]
    assert str(caught.value) == "amount: expected a decimal number (Decimal, int or str), got 1.5"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("abc", "amount: expected a decimal number, got 'abc'"),
        ("NaN", "amount: expected a finite decimal number, got 'NaN'"),
        ("Infinity", "amount: expected a finite decimal number, got 'Infinity'"),
        (True, "amount: expected a decimal number (Decimal, int or str), got True"),
    ],
)
def test_money_refuses_non_numbers(amount: object, message: str) -> None:
    """Text that is not a number, non-finite numbers and booleans are refused."""
    with pytest.raises(ValidationError) as caught:
        Money.of(amount)  # type: ignore[arg-type]
    assert str(caught.value) == message


@pytest.mark.parametrize("currency", ["cny", "CN", "CNYY", "", 156])
def test_money_refuses_a_bad_currency(currency: object) -> None:
    """The currency must be three capital letters."""
    with pytest.raises(ValidationError) as caught:
        Money.of(1, currency)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "currency: expected an ISO 4217 currency code of three capital letters, e.g. 'CNY', "
        f"got {currency!r}"
    )


def test_money_arithmetic_is_exact() -> None:
    """+, -, unary -, abs, * and / work on exact decimals."""
    a, b = Money.of("0.10"), Money.of("0.20")
    assert a + b == Money.of("0.30")
    assert b - a == Money.of("0.10")
    assert -a == Money.of("-0.10")
    assert abs(Money.of("-2")) == Money.of(2)
    assert a * 3 == Money.of("0.30")
    assert 3 * a == Money.of("0.30")
    assert a * Decimal("1.5") == Money.of("0.150")
    assert Money.of(1) / 4 == Money.of("0.25")


def test_money_refuses_to_mix_currencies() -> None:
    """Adding amounts in different currencies raises; the message names both currencies."""
    with pytest.raises(ValidationError) as caught:
        Money.of(1) + Money.of(1, "USD")
    assert str(caught.value) == (
        "currency: expected CNY: amounts in different currencies cannot add, got 'USD'"
    )


def test_money_refuses_to_compare_currencies() -> None:
    """Ordering amounts in different currencies raises, but ``==`` is simply False."""
    with pytest.raises(ValidationError) as caught:
        _ = Money.of(1) < Money.of(1, "USD")
    assert str(caught.value) == (
        "currency: expected CNY: amounts in different currencies cannot compare, got 'USD'"
    )
    assert Money.of(1) != Money.of(1, "USD")
    assert Money.of(1) != 1


def test_money_refuses_a_float_factor() -> None:
    """Multiplying by a float is refused."""
    with pytest.raises(ValidationError) as caught:
        Money.of(1) * 1.5  # type: ignore[operator]
    assert str(caught.value) == "factor: expected a Decimal or int (floats are not exact), got 1.5"


def test_money_refuses_division_by_zero() -> None:
    """Dividing by zero raises ValidationError, never ZeroDivisionError."""
    with pytest.raises(ValidationError) as caught:
        Money.of(1) / 0
    assert str(caught.value) == "divisor: expected a non-zero number, got 0"


def test_money_refuses_adding_a_number() -> None:
    """Only Money can be added to Money."""
    with pytest.raises(ValidationError) as caught:
        Money.of(1) + 1  # type: ignore[operator]
    assert str(caught.value) == "other: expected Money to add with 1.00 CNY, got 1"


def test_money_ratio() -> None:
    """``ratio`` divides two amounts of one currency; a zero divisor is refused."""
    assert Money.of(30).ratio(Money.of(120)) == Decimal("0.25")
    with pytest.raises(ValidationError) as caught:
        Money.of(1).ratio(Money.zero())
    assert str(caught.value) == (
        "other: expected a non-zero amount, got Money(amount=Decimal('0'), currency='CNY')"
    )


def test_money_total() -> None:
    """``total`` sums one currency; the empty sum is zero in the named currency."""
    assert Money.total([Money.of(1), Money.of("2.5")]) == Money.of("3.5")
    assert Money.total([], "USD") == Money.zero("USD")
    with pytest.raises(ValidationError):
        Money.total([Money.of(1), Money.of(1, "EUR")])


def test_money_ordering_within_one_currency() -> None:
    """Amounts of one currency compare by amount."""
    assert Money.of(1) < Money.of(2) <= Money.of(2) < Money.of(3)
    assert Money.of(3) > Money.of(2) >= Money.of("2.00")
    assert max([Money.of(1), Money.of(5), Money.of(2)]) == Money.of(5)


@pytest.mark.parametrize(
    ("amount", "currency", "rounded"),
    [
        ("1.005", "CNY", "1.01"),
        ("-1.005", "CNY", "-1.01"),
        ("1.004", "CNY", "1.00"),
        ("2.5", "JPY", "3"),
        ("1.0005", "KWD", "1.001"),
        ("7", "CNY", "7.00"),
    ],
)
def test_money_rounds_half_away_from_zero_to_the_minor_unit(
    amount: str, currency: str, rounded: str
) -> None:
    """``rounded`` rounds to the currency's minor unit, half away from zero (四舍五入)."""
    result = Money.of(amount, currency).rounded()
    assert result == Money.of(rounded, currency)
    assert str(result.amount) == rounded


def test_money_minor_units_and_text() -> None:
    """Minor units follow ISO 4217; ``str`` shows the rounded amount with separators."""
    assert Money.of(1).minor_units == 2
    assert Money.of(1, "JPY").minor_units == 0
    assert Money.of(1, "BHD").minor_units == 3
    assert str(Money.of("1234567.891")) == "1,234,567.89 CNY"
    assert Money.zero().is_zero()
    assert not Money.of("0.01").is_zero()


def test_money_is_hashable_by_value() -> None:
    """Equal amounts are equal and hash alike, whatever their trailing zeros."""
    assert Money.of("1.0") == Money.of("1.00")
    assert len({Money.of("1.0"), Money.of("1.00"), Money.of(2)}) == 2


def test_money_rounds_a_huge_amount_exactly() -> None:
    """A valid amount with more than 26 integer digits still rounds (and prints) exactly."""
    huge = Money.of("1e30")
    assert huge.rounded().amount == Decimal("1000000000000000000000000000000.00")
    assert str(huge) == "1,000,000,000,000,000,000,000,000,000,000.00 CNY"


# ------------------------------------------------------------------------------- periods


def test_period_constructors_and_text() -> None:
    """Months, quarters and years have a text form."""
    assert str(Period.month(2025, 3)) == "2025-03"
    assert str(Period.quarter(2025, 1)) == "2025-Q1"
    assert str(Period.of_year(2025)) == "2025"


@pytest.mark.parametrize(
    ("period", "start", "end", "days"),
    [
        (Period.month(2024, 2), date(2024, 2, 1), date(2024, 2, 29), 29),
        (Period.month(2025, 12), date(2025, 12, 1), date(2025, 12, 31), 31),
        (Period.quarter(2025, 4), date(2025, 10, 1), date(2025, 12, 31), 92),
        (Period.of_year(2024), date(2024, 1, 1), date(2024, 12, 31), 366),
    ],
)
def test_period_start_end_and_days(period: Period, start: date, end: date, days: int) -> None:
    """``start`` and ``end`` are the first and last days, both included."""
    assert (period.start, period.end, period.days()) == (start, end, days)
    assert period.contains(start)
    assert period.contains(end)
    assert not period.contains(end + timedelta(days=1))
    assert not period.contains(start - timedelta(days=1))


def test_period_next_and_previous_cross_the_year() -> None:
    """Stepping past December or the fourth quarter changes the year."""
    assert Period.month(2025, 12).next() == Period.month(2026, 1)
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.quarter(2025, 4).next() == Period.quarter(2026, 1)
    assert Period.of_year(2025).previous() == Period.of_year(2024)


def test_period_containing_a_day() -> None:
    """``containing`` finds the month, quarter or year of a day."""
    day = date(2025, 5, 17)
    assert Period.containing(PeriodKind.MONTH, day) == Period.month(2025, 5)
    assert Period.containing(PeriodKind.QUARTER, day) == Period.quarter(2025, 2)
    assert Period.containing(PeriodKind.YEAR, day) == Period.of_year(2025)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2025-03", Period.month(2025, 3)),
        ("2025-Q4", Period.quarter(2025, 4)),
        ("2025", Period.of_year(2025)),
    ],
)
def test_period_parse(text: str, period: Period) -> None:
    """``parse`` reads the three text forms and ``str`` writes them back."""
    assert Period.parse(text) == period
    assert str(period) == text


@pytest.mark.parametrize("text", ["2025-13", "2025-Q5", "2025-00", "25-01", "2025-1", "0000", 2025])
def test_period_parse_refuses_bad_text(text: object) -> None:
    """Bad text names the field and shows the accepted forms."""
    with pytest.raises(ValidationError) as caught:
        Period.parse(text, field="period")
    assert str(caught.value) == (
        f"period: expected a period such as '2025-03', '2025-Q1' or '2025', got {text!r}"
    )


def test_period_index_is_checked_against_the_kind() -> None:
    """A quarter index runs 1-4, a month 1-12, a year's index is 1."""
    with pytest.raises(ValidationError) as caught:
        Period(kind=PeriodKind.QUARTER, year=2025, index=5)
    assert str(caught.value) == "index: expected a number from 1 to 4, got 5"
    with pytest.raises(ValidationError, match=re.escape("index: expected a number from 1 to 1")):
        Period(kind=PeriodKind.YEAR, year=2025, index=2)


def test_period_kind_must_be_the_enum() -> None:
    """The kind is a PeriodKind member, not its text."""
    with pytest.raises(ValidationError) as caught:
        Period(kind="month", year=2025, index=1)  # type: ignore[arg-type]
    assert str(caught.value) == "kind: expected a PeriodKind, got 'month'"


def test_periods_of_one_kind_sort() -> None:
    """Periods of one kind are ordered; comparing kinds raises."""
    months = [Period.month(2025, 3), Period.month(2024, 12), Period.month(2025, 1)]
    assert sorted(months) == [Period.month(2024, 12), Period.month(2025, 1), Period.month(2025, 3)]
    assert Period.month(2025, 3) > Period.month(2025, 1)
    with pytest.raises(ValidationError, match="other: expected a month period to compare"):
        _ = Period.month(2025, 1) < Period.quarter(2025, 1)


def test_periods_support_every_ordering_operator() -> None:
    """``<=`` and ``>=`` work like ``<`` for periods of one kind."""
    assert Period.month(2025, 1) <= Period.month(2025, 2)  # type: ignore[operator]
    assert Period.month(2025, 2) >= Period.month(2025, 2)  # type: ignore[operator]


def test_last_period_of_the_last_year_has_an_end() -> None:
    """Every valid period has an end, including the last one of year 9998."""
    assert Period.of_year(9998).end == date(9998, 12, 31)
    assert Period.month(9998, 12).end == date(9998, 12, 31)

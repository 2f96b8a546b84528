"""Values shared by the whole model: labelled enums, identifiers, money, periods, grades.

All values are immutable and compare by value.  Money is exact (``Decimal`` with an ISO 4217
currency code) and never mixes currencies; a period is a calendar month, quarter or year.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from typing import Any, Self

import attrs
from attrs import frozen

from keyaccount.errors import ValidationError
from keyaccount.validation import between, instance_of, text, to_decimal

__all__ = [
    "CreditLevel",
    "Grade",
    "Identifier",
    "LabelledEnum",
    "Money",
    "Period",
    "PeriodKind",
    "identifier",
]


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Chinese label, ``label_zh``.

    Members are declared as ``NAME = "english-value", "中文"``; the value (used in data files
    and ``to_dict``) is the English text.
    """

    label_zh: str

    def __new__(cls, value: str, label_zh: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label_zh = label_zh
        return member

    @classmethod
    def parse(cls, value: object, *, field: str = "value") -> Self:
        """The member whose value is ``value``; a clear error lists the valid values."""
        if isinstance(value, cls):
            return value
        try:
            return cls(value)  # type: ignore[arg-type]
        except (ValueError, RecursionError):  # the message shows the value: it may be too deep
            raise ValidationError.of(field, value, cls.expected()) from None

    @classmethod
    def expected(cls) -> str:
        """The phrase used in error messages: ``one of 'a', 'b', 'c'``."""
        return "one of " + ", ".join(repr(m.value) for m in cls)


class Grade(LabelledEnum):
    """Customer grade 客户等级 (A best … D lowest) [seed 002 "a/b/cd 集团客户分类"]."""

    A = "A", "A类客户"
    B = "B", "B类客户"
    C = "C", "C类客户"
    D = "D", "D类客户"

    @property
    def rank(self) -> int:
        """0 for A, 1 for B, 2 for C, 3 for D: lower is better."""
        return _GRADE_RANK[self]


_GRADE_RANK = {g: i for i, g in enumerate(Grade)}


class CreditLevel(LabelledEnum):
    """Credit level 信用等级 (A best … D worst) [seed 003 4.70–4.72]."""

    A = "A", "信用优秀"
    B = "B", "信用良好"
    C = "C", "信用一般"
    D = "D", "信用差"

    @property
    def rank(self) -> int:
        """0 for A, 1 for B, 2 for C, 3 for D: lower is better."""
        return _CREDIT_RANK[self]


_CREDIT_RANK = {c: i for i, c in enumerate(CreditLevel)}


# ---------------------------------------------------------------------------- identifiers

Identifier = str
"""Identifiers (customer, staff, contract, visit, complaint ids) are short texts.

1–64 characters: letters, digits and ``. _ : -``, starting with a letter or digit.
"""

IDENTIFIER_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,63}"


def identifier(*, what: str = "identifier") -> Any:
    """An attrs validator for an identifier field."""
    return text(
        max_length=64,
        pattern=IDENTIFIER_PATTERN,
        what=f"{'an' if what[:1] in 'aeiou' else 'a'} {what} of 1-64 letters, digits or . _ : -"
        " (starting with a letter or digit)",
    )


# ---------------------------------------------------------------------------------- money

# ISO 4217 minor units for currencies whose exponent is not 2.  Every other well-formed code
# is taken to have 2 decimal places.
_MINOR_UNITS: dict[str, int] = {
    "BHD": 3, "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3, "ISK": 0, "JOD": 3, "JPY": 0,
    "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0, "RWF": 0, "TND": 3, "UGX": 0,
    "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}  # fmt: skip

_CURRENCY = re.compile(r"[A-Z]{3}")


# Addition, subtraction and multiplication are exact in this context, whatever the size of the
# amounts; division cannot always be exact and uses the default 28 significant digits.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _currency(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or _CURRENCY.fullmatch(value) is None:
        raise ValidationError.of(
            attribute.name, value, "an ISO 4217 currency code of three capital letters, e.g. 'CNY'"
        )


MAX_AMOUNT_DIGITS = 30
"""Money amounts are below 10^31 and have at most 30 decimal places."""


def _amount(instance: Any, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    exponent = value.as_tuple().exponent
    if value and not (
        value.adjusted() <= MAX_AMOUNT_DIGITS
        and isinstance(exponent, int)
        and exponent >= -MAX_AMOUNT_DIGITS
    ):
        raise ValidationError.of(
            attribute.name,
            value,
            f"an amount below 10^{MAX_AMOUNT_DIGITS + 1} "
            f"with at most {MAX_AMOUNT_DIGITS} decimal places",
        )


@frozen(kw_only=True)
class Money:
    """An exact amount of money in one currency (金额).

    ``amount`` is a ``Decimal`` (an ``int`` or numeric ``str`` is converted; a ``float`` is
    refused); ``currency`` an ISO 4217 code such as ``"CNY"`` (the default).

    Arithmetic is exact: ``+`` and ``-`` take Money of the same currency, ``*`` and ``/`` take
    a number.  Comparing or adding amounts in different currencies raises
    :class:`~keyaccount.errors.ValidationError`; ``==`` between currencies is simply False.

    **Rounding rule.** ``+``, ``-`` and ``*`` never round, however large the amounts; ``/``
    keeps 28 significant digits.  :meth:`rounded` rounds to the currency's
    minor unit (2 places for CNY, 0 for JPY, 3 for KWD …) half away from zero (四舍五入,
    ``ROUND_HALF_UP``), which is how invoices and ledgers round.  Use it when an amount is
    shown, booked or compared with a booked amount.
    """

    amount: Decimal = attrs.field(converter=to_decimal, validator=_amount)
    currency: str = attrs.field(default="CNY", validator=_currency)

    # -- construction

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str = "CNY") -> Money:
        """Shorthand: ``Money.of("12.50", "CNY")``."""
        return cls(amount=amount, currency=currency)

    @classmethod
    def zero(cls, currency: str = "CNY") -> Money:
        """Zero in ``currency``."""
        return cls(amount=Decimal(0), currency=currency)

    @classmethod
    def total(cls, amounts: Iterable[Money], currency: str = "CNY") -> Money:
        """The sum of ``amounts``; zero in ``currency`` when there are none.

        Every amount must be in the same currency (``currency`` only names the empty sum's).
        """
        if isinstance(amounts, str | bytes | Mapping) or not isinstance(amounts, Iterable):
            raise ValidationError.of("amounts", amounts, "an iterable of Money")
        result: Money | None = None
        for index, amount in enumerate(amounts):
            if not isinstance(amount, Money):
                raise ValidationError.of(f"amounts[{index}]", amount, "Money")
            result = amount if result is None else result + amount
        return cls.zero(currency) if result is None else result

    # -- facts

    @property
    def minor_units(self) -> int:
        """Decimal places of the currency's minor unit (ISO 4217 exponent)."""
        return _MINOR_UNITS.get(self.currency, 2)

    def rounded(self) -> Money:
        """This amount rounded to the currency's minor unit, half away from zero."""
        exponent = Decimal(1).scaleb(-self.minor_units)
        # Enough precision for every digit of the amount, however large (the default is 28).
        digits = max(28, self.amount.adjusted() + self.minor_units + 2)
        rounded = self.amount.quantize(exponent, ROUND_HALF_UP, Context(prec=digits))
        return Money(amount=rounded, currency=self.currency)

    def is_zero(self) -> bool:
        """True when the amount is zero."""
        return self.amount == 0

    def __str__(self) -> str:
        return f"{self.rounded().amount:,} {self.currency}"

    # -- arithmetic

    def _same(self, other: object, op: str) -> Money:
        if not isinstance(other, Money):
            raise ValidationError.of("other", other, f"Money to {op} with {self}")
        if other.currency != self.currency:
            raise ValidationError.of(
                "currency",
                other.currency,
                f"{self.currency}: amounts in different currencies cannot {op}",
            )
        return other

    def __add__(self, other: Money) -> Money:
        amount = _EXACT.add(self.amount, self._same(other, "add").amount)
        return Money(amount=amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        amount = _EXACT.subtract(self.amount, self._same(other, "subtract").amount)
        return Money(amount=amount, currency=self.currency)

    def __neg__(self) -> Money:
        return Money(amount=-self.amount, currency=self.currency)

    def __abs__(self) -> Money:
        return Money(amount=abs(self.amount), currency=self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        amount = _EXACT.multiply(self.amount, _number(factor, "factor"))
        return Money(amount=amount, currency=self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: Decimal | int) -> Money:
        number = _number(divisor, "divisor")
        if number == 0:
            raise ValidationError.of("divisor", divisor, "a non-zero number")
        try:
            amount = self.amount / number
        except ArithmeticError:  # decimal.Overflow: a divisor such as 1E-999999
            raise ValidationError.of(
                "divisor", divisor, "a divisor giving a finite amount"
            ) from None
        return Money(amount=amount, currency=self.currency)

    def ratio(self, other: Money) -> Decimal:
        """``self / other`` as a plain number (same currency; ``other`` non-zero)."""
        divisor = self._same(other, "divide").amount
        if divisor == 0:
            raise ValidationError.of("other", other, "a non-zero amount")
        return self.amount / divisor

    # -- ordering (within one currency)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other, "compare").amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other, "compare").amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other, "compare").amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other, "compare").amount


def _number(value: object, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValidationError.of(field, value, "a Decimal or int (floats are not exact)")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValidationError.of(field, value, "a finite number")
    return Decimal(value)


# -------------------------------------------------------------------------------- periods


class PeriodKind(LabelledEnum):
    """The length of an appraisal or reporting period."""

    MONTH = "month", "月度"
    QUARTER = "quarter", "季度"
    YEAR = "year", "年度"


_PERIODS_PER_YEAR = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.YEAR: 1}
_MONTHS_PER_PERIOD = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}
_PERIOD_TEXT = re.compile(r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])))?")


def _period_index(instance: Period, attribute: attrs.Attribute[Any], value: Any) -> None:
    count = _PERIODS_PER_YEAR.get(instance.kind, 1)
    between(1, count)(instance, attribute, value)


@frozen(kw_only=True)
class Period:
    """A calendar month, quarter or year (考核周期).

    ``kind`` is a :class:`PeriodKind`; ``year`` 1..9999; ``index`` the month (1–12), the
    quarter (1–4) or 1 for a year.  Text form: ``"2025-03"``, ``"2025-Q1"``, ``"2025"``.
    Periods of one kind are ordered and :meth:`next`/:meth:`previous` step through them.
    """

    kind: PeriodKind = attrs.field(validator=instance_of(PeriodKind))
    year: int = attrs.field(validator=between(1, 9998))
    index: int = attrs.field(default=1, validator=_period_index)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The month ``year-month``."""
        return cls(kind=PeriodKind.MONTH, year=year, index=month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """The quarter ``year-Qn``."""
        return cls(kind=PeriodKind.QUARTER, year=year, index=quarter)

    @classmethod
    def of_year(cls, year: int) -> Period:
        """The whole ``year``."""
        return cls(kind=PeriodKind.YEAR, year=year, index=1)

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> Period:
        """The period of ``kind`` that contains ``day``."""
        index = (day.month - 1) // _MONTHS_PER_PERIOD[kind] + 1
        return cls(kind=kind, year=day.year, index=index)

    @classmethod
    def parse(cls, value: object, *, field: str = "period") -> Period:
        """Read ``"2025-03"``, ``"2025-Q1"`` or ``"2025"``."""
        match = _PERIOD_TEXT.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            raise ValidationError.of(
                field, value, "a period such as '2025-03', '2025-Q1' or '2025'"
            )
        year = int(match["year"])
        try:
            if match["month"]:
                return cls.month(year, int(match["month"]))
            if match["quarter"]:
                return cls.quarter(year, int(match["quarter"]))
            return cls.of_year(year)
        except ValidationError:
            raise ValidationError.of(
                field, value, "a period such as '2025-03', '2025-Q1' or '2025'"
            ) from None

    @property
    def start(self) -> date:
        """The first day of the period."""
        month = (self.index - 1) * _MONTHS_PER_PERIOD[self.kind] + 1
        return date(self.year, month, 1)

    @property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        last_month = self.index * _MONTHS_PER_PERIOD[self.kind]
        return date(self.year, last_month, monthrange(self.year, last_month)[1])

    def contains(self, day: date) -> bool:
        """True when ``day`` lies within the period."""
        return self.start <= day <= self.end

    def next(self) -> Period:
        """The period of the same kind right after this one."""
        count = _PERIODS_PER_YEAR[self.kind]
        if self.index < count:
            return attrs.evolve(self, index=self.index + 1)
        return Period(kind=self.kind, year=self.year + 1, index=1)

    def previous(self) -> Period:
        """The period of the same kind right before this one."""
        if self.index > 1:
            return attrs.evolve(self, index=self.index - 1)
        return Period(kind=self.kind, year=self.year - 1, index=_PERIODS_PER_YEAR[self.kind])

    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    def _key(self) -> tuple[int, int]:
        return (self.year, self.index)

    def _compared(self, other: object) -> tuple[int, int]:
        if not isinstance(other, Period) or other.kind != self.kind:
            raise ValidationError.of("other", other, f"a {self.kind.value} period to compare")
        return other._key()

    def __lt__(self, other: Period) -> bool:
        return self._key() < self._compared(other)

    def __le__(self, other: Period) -> bool:
        return self._key() <= self._compared(other)

    def __gt__(self, other: Period) -> bool:
        return self._key() > self._compared(other)

    def __ge__(self, other: Period) -> bool:
        return self._key() >= self._compared(other)

    def __str__(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year:04d}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year:04d}-Q{self.index}"
        return f"{self.year:04d}"

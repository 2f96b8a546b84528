"""Small, composable attrs validators and converters with precise messages.

Each validator raises the *error class of the instance being built*: a class may declare
``error_class: ClassVar[type[ValidationError]] = PolicyError`` so that its bad fields raise
:class:`~keyaccount.errors.PolicyError`; otherwise :class:`~keyaccount.errors.ValidationError`
is raised.  Messages follow ``field: expected <what>, got <value>``.

Converters (``to_decimal``, ``to_tuple``) accept the obviously safe spellings of a value —
``int`` or ``str`` for a Decimal, any iterable for a tuple — and refuse the unsafe ones:
a ``float`` is never accepted where exact arithmetic is required.

Functions check the arguments their callers pass with :func:`require`, :func:`require_items`
and :func:`require_number`: the error names the argument (``policy``, ``scores[2]``), so a
wrong argument never surfaces as a bare ``TypeError`` or ``AttributeError`` further in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from keyaccount.errors import ValidationError

__all__ = [
    "aware_datetime",
    "between",
    "each",
    "error_class",
    "instance_of",
    "non_negative",
    "optional",
    "positive",
    "require",
    "require_day",
    "require_items",
    "require_number",
    "require_time",
    "text",
    "to_decimal",
    "to_tuple",
]

T = TypeVar("T")
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def error_class(instance: object) -> type[ValidationError]:
    """The error class raised for ``instance``: its ``error_class``, else ValidationError."""
    cls: type[ValidationError] = getattr(type(instance), "error_class", ValidationError)
    return cls


def fail(instance: object, field: str, value: object, expected: str) -> ValidationError:
    """Build (not raise) the error for ``field`` of ``instance``."""
    return error_class(instance).of(field, value, expected)


def _article(name: str) -> str:
    return f"an {name}" if name[:1] in "AEIOU" else f"a {name}"


def require(
    value: object,
    name: str,
    kind: type[T],
    *,
    expected: str | None = None,
    error: type[ValidationError] = ValidationError,
) -> T:
    """``value`` when it is a ``kind``; else ``error`` at the argument ``name``.

    ``expected`` words what is wanted (default ``a <kind>``); ``bool`` is never taken for
    ``int``.
    """
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise error.of(name, value, expected or _article(kind.__name__))
    return value


def require_day(
    value: object, name: str, *, error: type[ValidationError] = ValidationError
) -> date:
    """``value`` when it is a ``date`` that is not a ``datetime``; else ``error`` at ``name``."""
    if type(value) is not date and (not isinstance(value, date) or isinstance(value, datetime)):
        raise error.of(name, value, "a date")
    return value


def require_time(
    value: object, name: str, *, error: type[ValidationError] = ValidationError
) -> time:
    """``value`` when it is a ``time`` of day without time zone; else ``error`` at ``name``."""
    if not isinstance(value, time) or value.tzinfo is not None:
        raise error.of(name, value, "a time of day without time zone")
    return value


def require_items(
    values: object,
    name: str,
    kind: type[T],
    *,
    error: type[ValidationError] = ValidationError,
) -> tuple[T, ...]:
    """The items of the iterable ``values``, each a ``kind``; errors name ``name[index]``.

    Text, bytes and mappings are not taken for a collection of items.  A one-shot iterator
    is read once, so the caller can use the tuple returned.
    """
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise error.of(name, values, f"an iterable of {kind.__name__}")
    items = tuple(values)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise error.of(f"{name}[{index}]", item, _article(kind.__name__))
    return items


def require_number(
    value: object,
    name: str,
    *,
    low: Decimal | int | None = None,
    high: Decimal | int | None = None,
    whole: bool = False,
    error: type[ValidationError] = ValidationError,
) -> Decimal | int:
    """``value`` when it is a finite number (``int`` or ``Decimal``) within ``[low, high]``.

    ``whole`` asks for an ``int``.  Floats, ``bool``, NaN and infinities are refused with
    ``error`` at the argument ``name``.
    """
    number: Decimal | int | None = None
    if (
        isinstance(value, int | Decimal)
        and not isinstance(value, bool)
        and (isinstance(value, int) or (value.is_finite() and not whole))
    ):
        number = value
    if number is None or (low is not None and number < low) or (high is not None and number > high):
        what = "a whole number" if whole else "a number (int or Decimal)"
        if low is not None and high is not None:
            what += f" from {low} to {high}"
        elif low is not None:
            what += f" >= {low}"
        elif high is not None:
            what += f" <= {high}"
        raise error.of(name, value, what)
    return number


def _describe(types: tuple[type, ...]) -> str:
    names = [t.__name__ for t in types]
    return names[0] if len(names) == 1 else " or ".join(names)


def instance_of(*types: type, expected: str | None = None) -> Validator:
    """The value is an instance of one of ``types`` (``bool`` is not accepted as ``int``)."""
    wanted = expected or f"a {_describe(types)}"
    rejects_bool = bool not in types and any(issubclass(bool, t) for t in types)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, types) or (rejects_bool and isinstance(value, bool)):
            raise fail(instance, attribute.name, value, wanted)

    return check


def optional(validator: Validator) -> Validator:
    """``None`` or a value accepted by ``validator``."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return check


def each(validator: Validator, *, container: str = "items") -> Validator:
    """Every element of a tuple is accepted by ``validator``; errors name the index."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            raise fail(instance, attribute.name, value, f"a tuple of {container}")
        for index, item in enumerate(value):
            try:
                validator(instance, attribute, item)
            except ValidationError as error:
                raise error_class(instance).of(
                    f"{attribute.name}[{index}]",
                    item,
                    error.problems[0].expected if error.problems else str(error),
                ) from None

    return check


def text(*, max_length: int = 200, pattern: str | None = None, what: str = "") -> Validator:
    """A non-blank ``str`` of at most ``max_length`` characters, optionally matching ``pattern``."""
    regex = re.compile(pattern) if pattern else None
    expected = what or f"a non-blank text of at most {max_length} characters"

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (
            not isinstance(value, str)
            or not value.strip()
            or len(value) > max_length
            or (regex is not None and regex.fullmatch(value) is None)
        ):
            raise fail(instance, attribute.name, value, expected)

    return check


def between(low: Decimal | int | None, high: Decimal | int | None) -> Validator:
    """A number within ``[low, high]`` (either bound may be ``None`` for open)."""
    if low is not None and high is not None:
        expected = f"a number from {low} to {high}"
    elif low is not None:
        expected = f"a number >= {low}"
    else:
        expected = f"a number <= {high}"

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | Decimal)
            or (isinstance(value, Decimal) and not value.is_finite())
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            raise fail(instance, attribute.name, value, expected)

    return check


def positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A number > 0."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | Decimal)
        or (isinstance(value, Decimal) and not value.is_finite())
        or value <= 0
    ):
        raise fail(instance, attribute.name, value, "a number > 0")


non_negative = between(0, None)


def aware_datetime(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A timezone-aware ``datetime``."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise fail(instance, attribute.name, value, "a timezone-aware datetime")


def plain_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A ``date`` that is not a ``datetime``."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise fail(instance, attribute.name, value, "a date")


def _decimal(value: Any, instance: Any, attribute: attrs.Attribute[Any]) -> Decimal:
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise fail(instance, attribute.name, value, "a decimal number") from None
    else:
        raise fail(instance, attribute.name, value, "a decimal number (Decimal, int or str)")
    if not result.is_finite():
        raise fail(instance, attribute.name, value, "a finite decimal number")
    return result


def _optional_decimal(value: Any, instance: Any, attribute: attrs.Attribute[Any]) -> Decimal | None:
    return None if value is None else _decimal(value, instance, attribute)


if TYPE_CHECKING:

    def to_decimal(value: Decimal | int | str) -> Decimal:
        """Converter: ``Decimal``, ``int`` or a numeric ``str`` become ``Decimal``."""

    def to_optional_decimal(value: Decimal | int | str | None) -> Decimal | None:
        """Converter: like :func:`to_decimal`, but ``None`` stays ``None``."""

else:
    # attrs passes the instance and the field, so a bad value is reported under its field name;
    # floats are refused because they are not exact.
    to_decimal = attrs.Converter(_decimal, takes_self=True, takes_field=True)
    to_optional_decimal = attrs.Converter(_optional_decimal, takes_self=True, takes_field=True)


def to_tuple(value: Iterable[T] | Any) -> tuple[T, ...] | Any:
    """Converter: a list (or any non-text iterable) becomes a tuple; other values pass through."""
    if isinstance(value, tuple | str | bytes | dict):
        return value
    if isinstance(value, Iterable):
        return tuple(value)
    return value

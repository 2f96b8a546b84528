"""Plain data in and out: :func:`to_dict` and :func:`from_dict` for every object of the library.

The shapes are JSON-ready: ``Decimal`` becomes a string (``"12.50"``), dates and datetimes ISO
8601 strings (datetimes with their UTC offset), times ``"HH:MM"`` or ``"HH:MM:SS"``, enums their
English value, periods their text form (``"2025-Q1"``) and tuples lists.  Fields left at ``None``
are written as ``null``.

Reading is strict: unknown keys are rejected with the allowed ones listed, a float is refused
where an exact number is expected (write ``"0.8"``), and every problem is reported with its path,
all at once::

    contacts[1].birthday: expected an ISO date (YYYY-MM-DD), got '31/02/2024'

The error is :class:`~keyaccount.errors.ValidationError`, or
:class:`~keyaccount.errors.PolicyError` when the target is a policy configuration.

One :class:`cattrs.Converter` is configured here, once, and reused.
"""

from __future__ import annotations

import enum
import re
import typing
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from keyaccount.domain.values import LabelledEnum, Period
from keyaccount.errors import Problem, ValidationError

__all__ = ["converter", "from_dict", "to_dict"]

T = TypeVar("T")

converter = cattrs.Converter(forbid_extra_keys=True)
"""The library's converter.  Extend it with your own hooks if you embed our types in yours."""


class _ExpectedError(ValueError):
    """A structure hook's complaint: the value and what was expected (path added later)."""

    def __init__(self, value: object, expected: str) -> None:
        super().__init__(expected)
        self.value = value
        self.expected = expected


# ------------------------------------------------------------------------- scalar hooks


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise _ExpectedError(value, "a decimal number such as '12.50'") from None
    elif isinstance(value, float):
        raise _ExpectedError(value, "an exact decimal number written as a string, e.g. '0.8'")
    else:
        raise _ExpectedError(value, "a decimal number such as '12.50'")
    if not result.is_finite():
        raise _ExpectedError(value, "a finite decimal number")
    return result


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _ExpectedError(value, "an ISO date (YYYY-MM-DD)")


def _structure_datetime(value: Any, _: type) -> datetime:
    result: datetime | None = None
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str) and 16 <= len(value) <= 40:
        try:
            result = datetime.fromisoformat(value)
        except ValueError:
            result = None
    if result is None or result.utcoffset() is None:
        raise _ExpectedError(
            value, "an ISO datetime with a UTC offset, e.g. '2025-01-02T09:30:00+08:00'"
        )
    return result


def _structure_time(value: Any, _: type) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str) and 4 <= len(value) <= 8:
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise _ExpectedError(value, "a time of day 'HH:MM'")


def _unstructure_time(value: time) -> str:
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise _ExpectedError(value, "a text")
    return value


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _ExpectedError(value, "a whole number")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise _ExpectedError(value, "true or false")
    return value


def _structure_period(value: Any, _: type) -> Period:
    if isinstance(value, Period):
        return value
    try:
        return Period.parse(value)
    except ValidationError:
        raise _ExpectedError(value, "a period such as '2025-03', '2025-Q1' or '2025'") from None


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except (ValueError, TypeError):
        allowed = "one of " + ", ".join(repr(m.value) for m in cls)
        raise _ExpectedError(value, allowed) from None


def _tuple_hook(cls: Any) -> Any:
    (item_type, *_) = typing.get_args(cls) or (Any,)

    def structure(value: Any, _: type) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise _ExpectedError(value, "a list")
        item_hook = converter.get_structure_hook(item_type)
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(item_hook(item, item_type))
            except Exception as error:
                error.__notes__ = [IterableValidationNote(f"@ index {index}", index, item_type)]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {cls}", errors, cls)
        return tuple(items)

    return structure


def _attrs_hook(cls: Any) -> Any:
    generated = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
    )

    def structure(value: Any, _: type) -> Any:
        if not isinstance(value, Mapping):
            raise _ExpectedError(value, f"a mapping of {cls.__name__} fields")
        return generated(value, cls)

    return structure


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_unstructure_hook(Decimal, str)
converter.register_structure_hook(date, _structure_date)
converter.register_unstructure_hook(date, date.isoformat)
converter.register_structure_hook(datetime, _structure_datetime)
converter.register_unstructure_hook(datetime, datetime.isoformat)
converter.register_structure_hook(time, _structure_time)
converter.register_unstructure_hook(time, _unstructure_time)
converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(bool, _structure_bool)
converter.register_structure_hook(Period, _structure_period)
converter.register_unstructure_hook(Period, str)
# Enum hooks are registered on the class (not by predicate) so they win over those for ``str``.
converter.register_structure_hook(enum.Enum, _structure_enum)
converter.register_structure_hook(LabelledEnum, _structure_enum)
converter.register_unstructure_hook(enum.Enum, lambda e: e.value)
converter.register_unstructure_hook(LabelledEnum, lambda e: e.value)

converter.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook)
converter.register_structure_hook_factory(attrs.has, _attrs_hook)


# --------------------------------------------------------------------------------- API


def to_dict(obj: Any) -> Any:
    """Plain, JSON-ready data for ``obj`` (any object of the library, or a tuple of them)."""
    return converter.unstructure(obj)


def from_dict(cls: type[T], data: Any) -> T:
    """Build a ``cls`` from plain ``data``; every bad path is reported in one error.

    Raises :class:`~keyaccount.errors.ValidationError` (or the class's own ``error_class``,
    e.g. :class:`~keyaccount.errors.PolicyError` for policies).
    """
    error_type: type[ValidationError] = getattr(cls, "error_class", ValidationError)
    try:
        return converter.structure(data, cls)
    except Exception as error:
        problems = _problems(error, "")
        if not problems:
            raise
        raise error_type(problems) from None


class _Marker:
    """A placeholder shown instead of a value (``<missing>``, ``<unknown key>``)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


_MISSING = _Marker("nothing (the key is missing)")
_UNKNOWN = _Marker("an unknown key")


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _key_part(key: object) -> str:
    """A key as a path part: plain names as they are, anything else quoted (``['']``)."""
    text = str(key)
    return text if _PLAIN_KEY.fullmatch(text) else f"[{text!r}]"


def _join(path: str, part: str) -> str:
    if part.startswith("["):
        return f"{path}{part}"
    return f"{path}.{part}" if path else part


def _problems(error: BaseException, path: str) -> list[Problem]:
    """Flatten cattrs' exception groups into problems with full paths."""
    if isinstance(error, ClassValidationError | IterableValidationError):
        found: list[Problem] = []
        for sub in error.exceptions:
            sub_path = path
            for note in getattr(sub, "__notes__", ()):
                if isinstance(note, AttributeValidationNote):
                    sub_path = _join(path, note.name)
                    break
                if isinstance(note, IterableValidationNote):
                    sub_path = _join(path, f"[{note.index}]")
                    break
            found.extend(_problems(sub, sub_path))
        return found
    if isinstance(error, ForbiddenExtraKeysError):
        target = error.cl
        allowed = sorted(a.name for a in attrs.fields(target) if a.init)
        return [
            Problem(_join(path, _key_part(key)), _UNKNOWN, "one of the keys " + ", ".join(allowed))
            for key in sorted(error.extra_fields, key=str)
        ]
    if isinstance(error, ValidationError):
        # A rule about the whole object (``__attrs_post_init__``) names no field: it is reported
        # at the object's own path, ``(root)`` for the outermost one.
        if error.problems:
            return [
                p.within(path) if p.path else p.within(path or "(root)") for p in error.problems
            ]
        return [Problem(path or "(root)", None, "", message=str(error))]
    if isinstance(error, _ExpectedError):
        return [Problem(path or "(root)", error.value, error.expected)]
    if isinstance(error, KeyError):
        return [Problem(path or "(root)", _MISSING, "a value (the key is required)")]
    if isinstance(error, TypeError | ValueError | AttributeError | RecursionError):
        return [Problem(path or "(root)", "", f"a valid value ({error})")]
    return []

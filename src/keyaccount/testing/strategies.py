"""Hypothesis strategies for the domain model (领域对象生成器).

Every strategy returns a :class:`~hypothesis.strategies.SearchStrategy` of *valid* objects:
each object is built through its class, so the class's own validation runs on every example.
Arguments are checked when the strategy is created; a bad one raises
:class:`hypothesis.errors.InvalidArgument` with a message of the form ``name=value must …``.
Each docstring says what the examples shrink towards, so a failing example is easy to read.

Import it as::

    from keyaccount.testing import strategies as kst

Ranges are chosen so that arithmetic stays exact and the objects stay readable: amounts have
at most 10 integer digits and 4 decimal places (sums and products of a few of them never reach
the 28 significant digits of the default ``decimal`` context), dates lie in 2000–2099 by
default and datetimes are aware, in Asia/Shanghai or UTC.

Strategies:

* values — :func:`identifiers`, :func:`money`, :func:`periods`, :func:`dates`,
  :func:`aware_datetimes`;
* customers — :func:`contacts`, :func:`customers`, :func:`account_figures`;
* staff — :func:`account_managers`, :func:`org_charts`;
* contacts with customers — :func:`visits`, :func:`service_records`;
* complaints — :func:`complaints` (just received) and :func:`complaint_histories` (taken
  through legal transitions);
* contracts — :func:`instalments`, :func:`service_commitments`, :func:`contracts`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
    from hypothesis.strategies import SearchStrategy
except ImportError as error:  # pragma: no cover - depends on the installation
    raise ImportError(
        "keyaccount.testing.strategies needs hypothesis: pip install 'keyaccount[test]'"
    ) from error

from keyaccount.domain.complaint import (
    COMPLAINT_TRANSITIONS,
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    Severity,
)
from keyaccount.domain.contract import (
    CONTRACT_TRANSITIONS,
    CommitmentKind,
    Contract,
    ContractStatus,
    Instalment,
    ServiceCommitment,
)
from keyaccount.domain.customer import (
    AccountFigures,
    Confidentiality,
    Contact,
    ContactRole,
    Customer,
    CustomerKind,
    CustomerStatus,
)
from keyaccount.domain.staff import AccountManager, OrgChart, Qualification, Role
from keyaccount.domain.values import (
    IDENTIFIER_PATTERN,
    CreditLevel,
    Grade,
    LabelledEnum,
    Money,
    Period,
    PeriodKind,
)
from keyaccount.domain.visit import (
    Channel,
    Outcome,
    Purpose,
    Satisfaction,
    ServiceKind,
    ServiceRecord,
    Visit,
)
from keyaccount.errors import ValidationError

__all__ = [
    "DEFAULT_TIMEZONES",
    "account_figures",
    "account_managers",
    "aware_datetimes",
    "complaint_histories",
    "complaints",
    "contacts",
    "contracts",
    "customers",
    "dates",
    "identifiers",
    "instalments",
    "money",
    "org_charts",
    "periods",
    "service_commitments",
    "service_records",
    "visits",
]

T = TypeVar("T")
E = TypeVar("E", bound=LabelledEnum)

DEFAULT_TIMEZONES: tuple[str, ...] = ("Asia/Shanghai", "UTC")
"""The zones :func:`aware_datetimes` draws from: the business zone first, then UTC."""

_MIN_DATE = date(2000, 1, 1)
_MAX_DATE = date(2099, 12, 31)
_MAX_AMOUNT = Decimal(10) ** 10 - 1
_ID_START = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ID_REST = _ID_START + "._:-"
_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
_NAME_ALPHABET = st.characters(categories=("L", "Nd")) | st.sampled_from(" ·-")


# ------------------------------------------------------------------- argument checking


def _check_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidArgument(f"{name}={value!r} must be a whole number from {low} to {high}")
    return value


def _check_currency(currency: object) -> str:
    try:
        return Money.zero(currency).currency  # type: ignore[arg-type]
    except ValidationError:
        raise InvalidArgument(
            f"currency={currency!r} must be an ISO 4217 code of three capital letters, e.g. 'CNY'"
        ) from None


def _check_amount(name: str, value: object) -> Decimal:
    try:
        amount = Money.of(value).amount  # type: ignore[arg-type]
    except ValidationError:
        raise InvalidArgument(
            f"{name}={value!r} must be a Decimal, an int or a numeric str (never a float)"
        ) from None
    if abs(amount) > _MAX_AMOUNT:
        raise InvalidArgument(f"{name}={value!r} must lie within ±{_MAX_AMOUNT}")
    return amount


def _check_date(name: str, value: object) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidArgument(f"{name}={value!r} must be a date (not a datetime)")
    return value


def _check_naive(name: str, value: object) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is not None:
        raise InvalidArgument(
            f"{name}={value!r} must be a naive datetime (the zone is drawn from timezones)"
        )
    return value


def _check_order(low_name: str, low: Any, high_name: str, high: Any) -> None:
    if high < low:
        raise InvalidArgument(f"{low_name}={low!r} must not be after {high_name}={high!r}")


def _check_identifier(name: str, value: object) -> str:
    if not isinstance(value, str) or _IDENTIFIER.fullmatch(value) is None:
        raise InvalidArgument(
            f"{name}={value!r} must be an identifier of 1-64 letters, digits or . _ : - "
            "(starting with a letter or digit)"
        )
    return value


def _id_source(
    name: str, value: str | Sequence[str] | SearchStrategy[str] | None
) -> SearchStrategy[str]:
    """One fixed id, a choice among ids, a caller's strategy, or :func:`identifiers`."""
    if value is None:
        return identifiers()
    if isinstance(value, SearchStrategy):
        return value
    if isinstance(value, str):
        return st.just(_check_identifier(name, value))
    if not isinstance(value, Sequence) or not value:
        raise InvalidArgument(
            f"{name}={value!r} must be an identifier, a non-empty sequence of them or a strategy"
        )
    return st.sampled_from([_check_identifier(f"{name}[{i}]", v) for i, v in enumerate(value)])


def _member(name: str, enum: type[E], value: E | str) -> E:
    try:
        return enum.parse(value, field=name)
    except ValidationError as error:
        raise InvalidArgument(str(error)) from None


def _members(name: str, enum: type[E], values: Sequence[E | str] | None) -> list[E]:
    if values is None:
        return list(enum)
    if isinstance(values, str) or not isinstance(values, Sequence) or not values:
        raise InvalidArgument(f"{name}={values!r} must be a non-empty sequence of {enum.__name__}")
    return [_member(f"{name}[{i}]", enum, v) for i, v in enumerate(values)]


@functools.cache
def _texts(max_size: int) -> SearchStrategy[str]:
    """Non-blank, stripped text of letters, digits and a few separators."""
    return (
        st.text(alphabet=_NAME_ALPHABET, min_size=1, max_size=max_size).map(str.strip).filter(bool)
    )


def _cents_up_to(amount: Decimal) -> SearchStrategy[Decimal]:
    """Amounts with two places from 0 to ``amount`` (drawn as whole cents: cheap and exact)."""
    cents = int((amount * 100).to_integral_value(rounding=ROUND_FLOOR))
    return st.integers(0, max(cents, 0)).map(lambda c: Decimal(c).scaleb(-2))


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


# ------------------------------------------------------------------------------ values


def identifiers(*, prefix: str = "", max_size: int = 16) -> SearchStrategy[str]:
    """Valid identifiers: ``prefix`` then letters, digits and ``. _ : -``.

    ``max_size`` (1–64) bounds the whole id, prefix included.  A non-empty ``prefix`` must
    itself start with a letter or digit (e.g. ``"C-"``).  Shrinks towards ``prefix + "0"``.
    """
    size = _check_int("max_size", max_size, 1, 64)
    if not isinstance(prefix, str):
        raise InvalidArgument(f"prefix={prefix!r} must be a str")
    if prefix:
        _check_identifier("prefix", prefix)
        if len(prefix) >= size:
            raise InvalidArgument(f"prefix={prefix!r} must be shorter than max_size={size}")
    return _identifiers(prefix, size)


@functools.cache
def _identifiers(prefix: str, size: int) -> SearchStrategy[str]:
    if prefix:
        return st.text(alphabet=_ID_REST, min_size=1, max_size=size - len(prefix)).map(
            lambda rest: prefix + rest
        )
    return st.builds(
        str.__add__,
        st.sampled_from(_ID_START),
        st.text(alphabet=_ID_REST, max_size=size - 1),
    )


def money(
    *,
    currency: str = "CNY",
    min_value: Decimal | int | str = -_MAX_AMOUNT,
    max_value: Decimal | int | str = _MAX_AMOUNT,
    places: int = 4,
) -> SearchStrategy[Money]:
    """Money in ``currency`` with ``places`` (0–4) decimal places, within the bounds.

    The bounds are exact numbers (Decimal, int or numeric str) within ±9 999 999 999, so that
    sums and products of a few amounts stay exact.  Shrinks towards zero, or the bound nearest
    zero.
    """
    code = _check_currency(currency)
    low = _check_amount("min_value", min_value)
    high = _check_amount("max_value", max_value)
    _check_order("min_value", low, "max_value", high)
    digits = _check_int("places", places, 0, 4)
    return st.decimals(
        min_value=low, max_value=high, places=digits, allow_nan=False, allow_infinity=False
    ).map(lambda amount: Money(amount=amount, currency=code))


def periods(
    kind: PeriodKind | str | None = None, *, min_year: int = 2000, max_year: int = 2099
) -> SearchStrategy[Period]:
    """Months, quarters or years between ``min_year`` and ``max_year`` (within 1–9998).

    ``kind`` fixes the kind (a :class:`PeriodKind` or its value, e.g. ``"quarter"``); ``None``
    draws any.  Shrinks towards the first month of ``min_year``.
    """
    low = _check_int("min_year", min_year, 1, 9998)
    high = _check_int("max_year", max_year, 1, 9998)
    _check_order("min_year", low, "max_year", high)
    kinds = list(PeriodKind) if kind is None else [_member("kind", PeriodKind, kind)]

    counts = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.YEAR: 1}
    years = st.integers(low, high)
    return st.sampled_from(kinds).flatmap(
        lambda chosen: st.builds(
            Period, kind=st.just(chosen), year=years, index=st.integers(1, counts[chosen])
        )
    )


def dates(*, min_value: date = _MIN_DATE, max_value: date = _MAX_DATE) -> SearchStrategy[date]:
    """Plain dates (never datetimes) from ``min_value`` to ``max_value``, 2000–2099 by default.

    Shrinks towards 2000-01-01, or the bound nearest it.
    """
    low = _check_date("min_value", min_value)
    high = _check_date("max_value", max_value)
    _check_order("min_value", low, "max_value", high)
    return st.dates(min_value=low, max_value=high)


def aware_datetimes(
    *,
    min_value: datetime = datetime(2000, 1, 1),  # noqa: DTZ001 - a wall-clock bound, zone drawn
    max_value: datetime = datetime(2099, 12, 31, 23, 59, 59),  # noqa: DTZ001
    timezones: Sequence[str] = DEFAULT_TIMEZONES,
) -> SearchStrategy[datetime]:
    """Timezone-aware datetimes whose local wall time lies within the (naive) bounds.

    ``timezones`` are IANA names, Asia/Shanghai and UTC by default; times that do not exist
    in a zone (a daylight-saving gap) are never drawn.  Shrinks towards midnight on
    2000-01-01 (or the bound nearest it) in the first zone.
    """
    low = _check_naive("min_value", min_value)
    high = _check_naive("max_value", max_value)
    _check_order("min_value", low, "max_value", high)
    if isinstance(timezones, str) or not isinstance(timezones, Sequence) or not timezones:
        raise InvalidArgument(f"timezones={timezones!r} must be a non-empty sequence of names")
    zones: list[ZoneInfo] = []
    for index, name in enumerate(timezones):
        try:
            zones.append(ZoneInfo(name))
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise InvalidArgument(
                f"timezones[{index}]={name!r} must be an IANA time zone such as 'Asia/Shanghai'"
            ) from None
    return _aware_datetimes(low, high, tuple(zones))


@functools.cache
def _aware_datetimes(
    low: datetime, high: datetime, zones: tuple[ZoneInfo, ...]
) -> SearchStrategy[datetime]:
    return st.datetimes(
        min_value=low, max_value=high, timezones=st.sampled_from(zones), allow_imaginary=False
    )


# --------------------------------------------------------------------------- customers


@functools.cache
def _phones() -> SearchStrategy[str]:
    """Phone numbers matching the Contact pattern, e.g. ``+86 138-0000-0000``."""
    return st.builds(
        lambda plus, first, rest: f"{plus}{first}{rest}",
        st.sampled_from(["", "+"]),
        st.sampled_from("0123456789"),
        st.text(alphabet="0123456789 -", min_size=4, max_size=19),
    )


@functools.cache
def _emails() -> SearchStrategy[str]:
    """Addresses such as ``li.wei@example.cn``: a drawn user at one of a few domains."""
    user = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._", min_size=1, max_size=12)
    domains = st.sampled_from(["example.cn", "example.com", "mail.example.org"])
    return st.builds(lambda name, domain: f"{name}@{domain}", user, domains)


def contacts(
    *, ids: str | Sequence[str] | SearchStrategy[str] | None = None
) -> SearchStrategy[Contact]:
    """Key persons 关键人: id, name, role, 0–2 phones, optional e-mail and birthday, VIP flag.

    ``ids``: a fixed id, a sequence to choose from or a strategy (default :func:`identifiers`).
    Birthdays lie in 1940–2010.  Shrinks towards a non-VIP decision maker named ``"0"`` with
    no phone, e-mail or birthday.
    """
    return st.builds(
        Contact,
        id=_id_source("ids", ids),
        name=_texts(20),
        role=st.sampled_from(ContactRole),
        phones=st.lists(_phones(), max_size=2).map(tuple),
        email=_optional(_emails()),
        birthday=_optional(st.dates(date(1940, 1, 1), date(2010, 12, 31))),
        vip=st.booleans(),
    )


def customers(
    *,
    ids: str | Sequence[str] | SearchStrategy[str] | None = None,
    manager_ids: str | Sequence[str] | SearchStrategy[str] | None = None,
    grades: Sequence[Grade | str | None] | None = None,
    statuses: Sequence[CustomerStatus | str] | None = None,
    max_contacts: int = 3,
) -> SearchStrategy[Customer]:
    """Customers 客户 with a profile and up to ``max_contacts`` key persons (unique ids).

    ``manager_ids`` choose the assigned account manager (a fixed id, a sequence or a strategy);
    ``grades`` the grades drawn from (``None`` in the list means "not graded yet"; default
    every grade and ``None``); ``statuses`` the lifecycle statuses (default all).
    Shrinks towards an ungraded, unrated legal-entity customer with the first allowed status
    and no contacts.
    """
    count = _check_int("max_contacts", max_contacts, 0, 20)
    if grades is None:
        grade_choices: list[Grade | None] = [None, *Grade]
    elif isinstance(grades, str) or not isinstance(grades, Sequence) or not grades:
        raise InvalidArgument(f"grades={grades!r} must be a non-empty sequence of Grade or None")
    else:
        grade_choices = [
            None if g is None else _member(f"grades[{i}]", Grade, g) for i, g in enumerate(grades)
        ]
    status_choices = _members("statuses", CustomerStatus, statuses)
    return st.builds(
        Customer,
        id=_id_source("ids", ids),
        name=_texts(30),
        manager_id=_id_source("manager_ids", manager_ids),
        kind=st.sampled_from(CustomerKind),
        assigned_on=_optional(dates()),
        status=st.sampled_from(status_choices),
        grade=st.sampled_from(grade_choices),
        credit_level=_optional(st.sampled_from(CreditLevel)),
        industry=_optional(_texts(30)),
        region=_optional(_texts(30)),
        member=st.booleans(),
        group=st.booleans(),
        encouraged_industry=st.booleans(),
        industry_leader=st.booleans(),
        cooperation_since=_optional(dates(min_value=date(1980, 1, 1))),
        installed_base=st.booleans(),
        confidentiality=st.sampled_from(Confidentiality),
        contacts=st.lists(contacts(), max_size=count, unique_by=lambda c: c.id).map(tuple),
    )


def account_figures(
    *,
    customer_id: str | Sequence[str] | SearchStrategy[str] | None = None,
    period: Period | SearchStrategy[Period] | None = None,
    currency: str = "CNY",
) -> SearchStrategy[AccountFigures]:
    """A customer's figures for a period (客户经营数据), all amounts in ``currency``.

    ``customer_id`` fixes (or chooses) whose figures they are; ``period`` is a fixed
    :class:`Period` or a strategy (default :func:`periods`).  Revenue and receivables are
    non-negative, gross profit may be negative, overdue receivables never exceed the
    receivables.  Shrinks towards zero revenue and profit with every optional figure unknown.
    """
    code = _check_currency(currency)
    if period is None:
        period_source: SearchStrategy[Period] = periods()
    elif isinstance(period, Period):
        period_source = st.just(period)
    elif isinstance(period, SearchStrategy):
        period_source = period
    else:
        raise InvalidArgument(f"period={period!r} must be a Period or a strategy of them")
    ids = _id_source("customer_id", customer_id)
    amounts = money(currency=code, min_value=0, max_value=10**9, places=2)
    optional_amounts = _optional(amounts)
    profits = money(currency=code, min_value=-(10**9), max_value=10**9)
    rates = _optional(st.decimals(0, 1, places=2))
    days = st.integers(0, 720)
    members = _optional(st.integers(0, 10_000))
    scores = _optional(st.decimals(0, 100, places=1))
    counts = st.integers(0, 50)

    @st.composite
    def build(draw: st.DrawFn) -> AccountFigures:
        receivables = draw(optional_amounts)
        overdue = None
        if receivables is not None and draw(st.booleans()):
            overdue = Money(amount=draw(_cents_up_to(receivables.amount)), currency=code)
        return AccountFigures(
            customer_id=draw(ids),
            period=draw(period_source),
            revenue=draw(amounts),
            gross_profit=draw(profits),
            previous_revenue=draw(optional_amounts),
            receivables=receivables,
            overdue_receivables=overdue,
            on_time_payment_rate=draw(rates),
            max_days_overdue=draw(days),
            member_count=draw(members),
            satisfaction=draw(scores),
            open_complaints=draw(counts),
        )

    return build()


# ------------------------------------------------------------------------------- staff


def account_managers(
    *,
    ids: str | Sequence[str] | SearchStrategy[str] | None = None,
    superior_ids: Sequence[str] | None = None,
) -> SearchStrategy[AccountManager]:
    """Staff members 员工: role, qualification, optional e-mail and superior.

    ``superior_ids`` are the ids a superior may be drawn from (never the person's own id);
    without them nobody has a superior — use :func:`org_charts` for reporting lines.
    Shrinks towards a junior general manager named ``"0"`` with no superior.
    """
    id_source = _id_source("ids", ids)
    if superior_ids is None:
        bosses: list[str] = []
    elif isinstance(superior_ids, str) or not isinstance(superior_ids, Sequence):
        raise InvalidArgument(f"superior_ids={superior_ids!r} must be a sequence of identifiers")
    else:
        bosses = [_check_identifier(f"superior_ids[{i}]", s) for i, s in enumerate(superior_ids)]

    people = _staff(id_source)
    if not bosses:
        return people

    @st.composite
    def build(draw: st.DrawFn) -> AccountManager:
        person = draw(people)
        others = [b for b in bosses if b != person.id]
        superior = draw(_optional(st.sampled_from(others))) if others else None
        return attrs.evolve(person, superior_id=superior)

    return build()


def _staff(ids: SearchStrategy[str]) -> SearchStrategy[AccountManager]:
    """Staff members without a superior."""
    return st.builds(
        AccountManager,
        id=ids,
        name=_texts(20),
        role=st.sampled_from(Role),
        qualification=st.sampled_from(Qualification),
        email=_optional(_emails()),
    )


def org_charts(*, min_size: int = 1, max_size: int = 8) -> SearchStrategy[OrgChart]:
    """Org charts 组织架构: random forests of ``min_size``–``max_size`` staff, never a cycle.

    Each person reports to nobody or to someone drawn before them, so the reporting lines
    form trees; the staff are then listed in a random order (the chart must not rely on
    superiors coming first).  Roles and qualifications are drawn; names are ``"Staff <id>"``
    and e-mails left out, which keeps large charts cheap (:func:`account_managers` varies
    them).  Shrinks towards ``min_size`` junior general managers with no superiors.
    """
    low = _check_int("min_size", min_size, 0, 100)
    high = _check_int("max_size", max_size, 0, 100)
    _check_order("min_size", low, "max_size", high)

    ids = st.lists(identifiers(), min_size=low, max_size=high, unique=True)
    roles = st.sampled_from(Role)
    qualifications = st.sampled_from(Qualification)

    @st.composite
    def build(draw: st.DrawFn) -> OrgChart:
        staff: list[AccountManager] = []
        for index, staff_id in enumerate(draw(ids)):
            boss = draw(_optional(st.integers(0, index - 1))) if index else None
            staff.append(
                AccountManager(
                    id=staff_id,
                    name=f"Staff {staff_id}",
                    role=draw(roles),
                    qualification=draw(qualifications),
                    superior_id=None if boss is None else staff[boss].id,
                )
            )
        return OrgChart.of(draw(st.permutations(staff)))

    return build()


# --------------------------------------------------------------- visits and services


def visits(
    *,
    customer_id: str | Sequence[str] | SearchStrategy[str] | None = None,
    manager_id: str | Sequence[str] | SearchStrategy[str] | None = None,
    done: bool | None = None,
) -> SearchStrategy[Visit]:
    """Visits and revisits 拜访/回访, planned or done.

    ``done=True`` gives only done contacts (with ``done_at``, and possibly an outcome,
    questions, answer and satisfaction), ``False`` only planned ones, ``None`` both.  A time
    window, when present, lasts 15 minutes to 4 hours.  Shrinks towards a planned routine
    phone call on 2000-01-01 with nothing else recorded.
    """
    if done is not None and not isinstance(done, bool):
        raise InvalidArgument(f"done={done!r} must be True, False or None")
    customers_ = _id_source("customer_id", customer_id)
    managers = _id_source("manager_id", manager_id)

    days = dates()
    times = aware_datetimes()
    optional_times = _optional(times)
    optional_ids = _optional(identifiers())
    notes = _optional(_texts(80))
    minutes = st.integers(15, 240)
    channels = st.sampled_from(Channel)
    purposes = st.sampled_from(Purpose)
    outcomes = _optional(st.sampled_from(Outcome))
    questions = st.lists(_texts(40), max_size=3).map(tuple)
    answers = _optional(_texts(80))
    satisfactions = _optional(st.sampled_from(Satisfaction))

    @st.composite
    def build(draw: st.DrawFn) -> Visit:
        is_done = draw(st.booleans()) if done is None else done
        planned_on = draw(_optional(days)) if is_done else draw(days)
        window_start = draw(optional_times)
        window_end = None
        if window_start is not None:
            window_end = window_start + timedelta(minutes=draw(minutes))
        visit = Visit(
            id=draw(identifiers()),
            customer_id=draw(customers_),
            manager_id=draw(managers),
            channel=draw(channels),
            purpose=draw(purposes),
            contact_id=draw(optional_ids),
            planned_on=planned_on,
            window_start=window_start,
            window_end=window_end,
            notes=draw(notes),
            reference_id=draw(optional_ids),
            done_at=draw(times) if is_done else None,
        )
        if not is_done:
            return visit
        return attrs.evolve(
            visit,
            outcome=draw(outcomes),
            questions=draw(questions),
            answer=draw(answers),
            satisfaction=draw(satisfactions),
        )

    return build()


def service_records(
    *, customer_id: str | Sequence[str] | SearchStrategy[str] | None = None
) -> SearchStrategy[ServiceRecord]:
    """Services delivered 服务记录 (installation, repair …) at an aware time.

    Shrinks towards an installation delivered at midnight on 2000-01-01 with no staff or
    description.
    """
    return st.builds(
        ServiceRecord,
        id=identifiers(),
        customer_id=_id_source("customer_id", customer_id),
        delivered_at=aware_datetimes(),
        kind=st.sampled_from(ServiceKind),
        staff_id=_optional(identifiers()),
        description=_optional(_texts(80)),
    )


# ---------------------------------------------------------------------------- complaints


def complaints(
    *,
    customer_id: str | Sequence[str] | SearchStrategy[str] | None = None,
    responsible_ids: str | Sequence[str] | SearchStrategy[str] | None = None,
) -> SearchStrategy[Complaint]:
    """Complaints 客户投诉 just received: status ``received``, no steps yet.

    Shrinks towards a general, phone-received complaint of category product quality with no
    description.  See :func:`complaint_histories` for complaints further along.
    """
    return st.builds(
        Complaint,
        id=identifiers(),
        customer_id=_id_source("customer_id", customer_id),
        received_at=aware_datetimes(),
        responsible_id=_id_source("responsible_ids", responsible_ids),
        channel=st.sampled_from(ComplaintChannel),
        category=st.sampled_from(ComplaintCategory),
        severity=st.sampled_from(Severity),
        description=_optional(_texts(80)),
        status=st.just(ComplaintStatus.RECEIVED),
    )


def _pauses(max_hours: int) -> SearchStrategy[timedelta]:
    """Non-negative pauses between two steps, in whole minutes (0 is allowed)."""
    return st.integers(0, max_hours * 60).map(lambda minutes: timedelta(minutes=minutes))


def complaint_histories(
    *,
    customer_id: str | Sequence[str] | SearchStrategy[str] | None = None,
    max_steps: int = 8,
) -> SearchStrategy[Complaint]:
    """Complaints taken through 0–``max_steps`` random *legal* transitions.

    Each step is drawn among the states :data:`COMPLAINT_TRANSITIONS` allows, at a time at or
    after the previous one (pauses of 0 to 72 hours), through :meth:`Complaint.transition`,
    so the result is exactly what a real handling could produce; an escalation names a new
    responsible person.  The walk stops early at a final state.  Shrinks towards a complaint
    just received (no steps).
    """
    steps = _check_int("max_steps", max_steps, 0, 50)
    start = complaints(customer_id=customer_id)
    lengths = st.integers(0, steps)
    pauses = _pauses(72)
    ids = identifiers()
    notes = _optional(_texts(40))

    @st.composite
    def build(draw: st.DrawFn) -> Complaint:
        complaint = draw(start)
        at = complaint.received_at
        for _ in range(draw(lengths)):
            allowed = [s for s in ComplaintStatus if s in COMPLAINT_TRANSITIONS[complaint.status]]
            if not allowed:
                break
            status = draw(st.sampled_from(allowed))
            at = at + draw(pauses)
            complaint = complaint.transition(
                status,
                at=at,
                by=draw(ids),
                note=draw(notes),
                assignee_id=draw(ids) if status is ComplaintStatus.ESCALATED else None,
            )
        return complaint

    return build()


# ----------------------------------------------------------------------------- contracts


def instalments(
    *,
    currency: str = "CNY",
    min_due: date = _MIN_DATE,
    max_due: date = _MAX_DATE,
) -> SearchStrategy[Instalment]:
    """Payment milestones 付款节点: due between ``min_due`` and ``max_due``, amount > 0.

    The received amount is ``None`` or from zero to the amount due, in the same currency.
    Shrinks towards 0.01 due on ``min_due`` with nothing received.
    """
    code = _check_currency(currency)
    low = _check_date("min_due", min_due)
    high = _check_date("max_due", max_due)
    _check_order("min_due", low, "max_due", high)

    return _instalments(
        money(currency=code, min_value="0.01", max_value=10**8, places=2), low, high
    )


@st.composite
def _instalments(
    draw: st.DrawFn, amounts: SearchStrategy[Money], low: date, high: date
) -> Instalment:
    """An instalment of one of ``amounts`` (> 0), due and received between ``low`` and ``high``."""
    amount = draw(amounts)
    received = None
    if draw(st.booleans()):
        received = Money(amount=draw(_cents_up_to(amount.amount)), currency=amount.currency)
    offsets = st.integers(0, (high - low).days)
    received_after = draw(_optional(offsets))
    return Instalment(
        due_on=low + timedelta(days=draw(offsets)),
        amount=amount,
        received=received,
        received_on=None if received_after is None else low + timedelta(days=received_after),
    )


def service_commitments() -> SearchStrategy[ServiceCommitment]:
    """Service commitments written into a deal (e.g. on site within 6 hours [seed 004 篇1]).

    Values are 0–72 (hours or months).  Shrinks towards "on site within 0 hours", no text.
    """
    return st.builds(
        ServiceCommitment,
        kind=st.sampled_from(CommitmentKind),
        value=st.integers(0, 72),
        description=_optional(_texts(40)),
    )


def contracts(
    *,
    customer_id: str | Sequence[str] | SearchStrategy[str] | None = None,
    manager_id: str | Sequence[str] | SearchStrategy[str] | None = None,
    currency: str = "CNY",
    max_steps: int = 6,
) -> SearchStrategy[Contract]:
    """Contracts 合同 drafted, then taken through 0–``max_steps`` random *legal* transitions.

    The draft has a term of 0–3 years starting in 2000–2096, a non-negative value in
    ``currency``, up to 3 instalments due within the term and up to 2 service commitments.
    Each step is drawn among the states :data:`CONTRACT_TRANSITIONS` allows, at a time at or
    after the previous one, through :meth:`Contract.transition` (signing sets ``signed_on``).
    Shrinks towards a zero-value draft of one day with no instalments and no steps.
    """
    code = _check_currency(currency)
    steps = _check_int("max_steps", max_steps, 0, 50)
    customers_ = _id_source("customer_id", customer_id)
    managers = _id_source("manager_id", manager_id)

    starts = dates(max_value=date(2096, 12, 31))
    terms = st.integers(0, 3 * 366)
    values = money(currency=code, min_value=0, max_value=10**9, places=2)
    instalment_amounts = money(currency=code, min_value="0.01", max_value=10**8, places=2)
    commitments = st.lists(service_commitments(), max_size=2).map(tuple)
    times = aware_datetimes()
    optional_times = _optional(times)
    optional_days = _optional(dates())
    ids = identifiers()
    optional_ids = _optional(ids)
    lengths = st.integers(0, steps)
    pauses = _pauses(24 * 30)
    notes = _optional(_texts(40))

    @st.composite
    def build(draw: st.DrawFn) -> Contract:
        start = draw(starts)
        end = start + timedelta(days=draw(terms))
        due = draw(st.lists(_instalments(instalment_amounts, start, end), max_size=3))
        contract = Contract(
            id=draw(ids),
            customer_id=draw(customers_),
            manager_id=draw(managers),
            value=draw(values),
            start=start,
            end=end,
            instalments=tuple(due),
            commitments=draw(commitments),
            handover_at=draw(optional_times),
            accepted_on=draw(optional_days),
            renewal_of=draw(optional_ids),
        )
        at = draw(times)
        for _ in range(draw(lengths)):
            allowed = [s for s in ContractStatus if s in CONTRACT_TRANSITIONS[contract.status]]
            if not allowed:
                break
            at = at + draw(pauses)
            contract = contract.transition(
                draw(st.sampled_from(allowed)), at=at, by=draw(ids), note=draw(notes)
            )
        return contract

    return build()

"""Properties of the domain model: round trips, status machines, money laws, periods, org charts.

Every generator comes from :mod:`keyaccount.testing.strategies`, so users test with the same
generators as we do.
"""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from keyaccount import domain
from keyaccount.domain import (
    COMPLAINT_TRANSITIONS,
    CONTRACT_TRANSITIONS,
    STATUS_TRANSITIONS,
    AccountFigures,
    AccountManager,
    Complaint,
    ComplaintStatus,
    ComplaintStep,
    Contact,
    Contract,
    ContractStatus,
    ContractStep,
    Customer,
    CustomerStatus,
    Grade,
    Instalment,
    LabelledEnum,
    Money,
    OrgChart,
    Period,
    PeriodKind,
    ServiceCommitment,
    ServiceRecord,
    Visit,
)
from keyaccount.errors import TransitionError, ValidationError
from keyaccount.serialization import from_dict, to_dict
from keyaccount.testing import strategies as kst

CURRENCIES = ["CNY", "USD", "JPY", "KWD"]
HOUR = timedelta(hours=1)

# ------------------------------------------------------------------------------ round trip

ROUND_TRIPS: list[tuple[type[Any], SearchStrategy[Any]]] = [
    (Money, st.one_of([kst.money(currency=c) for c in CURRENCIES])),
    (AccountFigures, kst.account_figures()),
    (Contact, kst.contacts()),
    (Customer, kst.customers()),
    (AccountManager, kst.account_managers(superior_ids=["GM", "D-1"])),
    (OrgChart, kst.org_charts()),
    (Visit, kst.visits()),
    (ServiceRecord, kst.service_records()),
    (Complaint, kst.complaint_histories()),
    (Instalment, kst.instalments()),
    (ServiceCommitment, kst.service_commitments()),
    (Contract, kst.contracts()),
    (tuple[ComplaintStep, ...], kst.complaint_histories().map(lambda c: c.steps)),
    (tuple[ContractStep, ...], kst.contracts().map(lambda c: c.steps)),
]

ENUMS = sorted(
    (
        value
        for value in vars(domain).values()
        if isinstance(value, type) and issubclass(value, LabelledEnum) and value is not LabelledEnum
    ),
    key=lambda e: e.__name__,
)


@pytest.mark.parametrize(
    ("cls", "objects"), ROUND_TRIPS, ids=[getattr(c, "__name__", str(c)) for c, _ in ROUND_TRIPS]
)
@given(data=st.data())
def test_from_dict_of_to_dict_is_identity(
    cls: type[Any], objects: SearchStrategy[Any], data: st.DataObject
) -> None:
    """``from_dict(type(x), to_dict(x)) == x``, also after a trip through JSON text."""
    value = data.draw(objects)
    plain = to_dict(value)
    assert from_dict(cls, plain) == value
    assert from_dict(cls, json.loads(json.dumps(plain))) == value


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_enum_member_round_trips(enum: type[LabelledEnum]) -> None:
    """Each member of each domain enum is written as its value and read back as itself."""
    for member in enum:
        assert to_dict(member) == member.value
        assert from_dict(enum, to_dict(member)) is member
        assert member.label_zh


@given(kst.periods())
def test_periods_round_trip_inside_an_object(period: Period) -> None:
    """A period nested in an object is written as text and read back."""
    figures = AccountFigures(
        customer_id="C-1", period=period, revenue=Money.zero(), gross_profit=Money.zero()
    )
    assert to_dict(figures)["period"] == str(period)
    assert from_dict(AccountFigures, to_dict(figures)).period == period


@given(kst.periods())
def test_period_round_trips_at_the_top_level(period: Period) -> None:
    """``from_dict(Period, to_dict(p)) == p`` like every other domain type."""
    assert from_dict(Period, to_dict(period)) == period


# -------------------------------------------------------------------------- status machines


@given(
    kst.complaints(),
    st.lists(st.tuples(st.integers(0, 99), st.integers(0, 48)), max_size=12),
)
def test_legal_complaint_transitions_never_raise(
    complaint: Complaint, choices: list[tuple[int, int]]
) -> None:
    """Any sequence of allowed moves at non-decreasing times is accepted and recorded."""
    at = complaint.received_at
    for step, (pick, hours) in enumerate(choices):
        allowed = [s for s in ComplaintStatus if s in COMPLAINT_TRANSITIONS[complaint.status]]
        if not allowed:
            break
        at += hours * HOUR
        complaint = complaint.transition(allowed[pick % len(allowed)], at=at, by="M-1")
        assert complaint.status is allowed[pick % len(allowed)]
        assert len(complaint.steps) == step + 1
    assert [s.at for s in complaint.steps] == sorted(s.at for s in complaint.steps)


@given(kst.complaint_histories(), st.sampled_from(ComplaintStatus))
def test_illegal_complaint_transition_raises_and_changes_nothing(
    complaint: Complaint, status: ComplaintStatus
) -> None:
    """A move the table does not allow raises TransitionError and leaves the complaint as it was."""
    allowed = COMPLAINT_TRANSITIONS[complaint.status]
    before = to_dict(complaint)
    if status in allowed:
        complaint.transition(status, at=complaint.last_changed_at + HOUR, by="M-1")
        return
    with pytest.raises(TransitionError) as caught:
        complaint.transition(status, at=complaint.last_changed_at + HOUR, by="M-1")
    assert caught.value.current is complaint.status
    assert caught.value.requested is status
    assert set(caught.value.allowed) == allowed
    assert to_dict(complaint) == before


@given(kst.complaint_histories())
def test_complaint_history_is_legal_and_in_time_order(complaint: Complaint) -> None:
    """Generated histories follow the table from 'received' with non-decreasing times."""
    previous, at = ComplaintStatus.RECEIVED, complaint.received_at
    for step in complaint.steps:
        assert step.status in COMPLAINT_TRANSITIONS[previous]
        assert step.at >= at
        previous, at = step.status, step.at
    assert complaint.status is previous


@given(kst.contracts(max_steps=0), st.lists(st.integers(0, 99), max_size=10))
def test_legal_contract_transitions_never_raise(contract: Contract, picks: list[int]) -> None:
    """Any sequence of allowed contract moves is accepted; signing always records the day."""
    at = datetime.fromisoformat("2025-01-06T10:00:00+08:00")
    for pick in picks:
        allowed = [s for s in ContractStatus if s in CONTRACT_TRANSITIONS[contract.status]]
        if not allowed:
            break
        at += HOUR
        contract = contract.transition(allowed[pick % len(allowed)], at=at, by="M-1")
        if contract.status is ContractStatus.SIGNED:
            assert contract.signed_on == at.date()
    signed = ContractStatus.SIGNED in {s.status for s in contract.steps}
    assert (contract.signed_on is not None) == signed


@given(kst.contracts(), st.sampled_from(ContractStatus))
def test_illegal_contract_transition_raises_and_changes_nothing(
    contract: Contract, status: ContractStatus
) -> None:
    """A contract move the table does not allow raises and leaves the contract as it was."""
    allowed = CONTRACT_TRANSITIONS[contract.status]
    before = to_dict(contract)
    at = contract.steps[-1].at if contract.steps else datetime.fromisoformat("2025-01-06T10:00Z")
    if status in allowed:
        contract.transition(status, at=at + HOUR, by="M-1")
        return
    with pytest.raises(TransitionError) as caught:
        contract.transition(status, at=at + HOUR, by="M-1")
    assert caught.value.current is contract.status
    assert set(caught.value.allowed) == allowed
    assert to_dict(contract) == before


@given(kst.customers(max_contacts=0), st.lists(st.sampled_from(CustomerStatus), max_size=10))
def test_customer_status_changes_follow_the_table(
    customer: Customer, wanted: list[CustomerStatus]
) -> None:
    """Allowed status changes succeed; every other one raises and changes nothing."""
    for status in wanted:
        if status in STATUS_TRANSITIONS[customer.status]:
            customer = customer.with_status(status)
            assert customer.status is status
        else:
            before = customer
            with pytest.raises(TransitionError) as caught:
                customer.with_status(status)
            assert set(caught.value.allowed) == STATUS_TRANSITIONS[customer.status]
            assert customer == before


# ------------------------------------------------------------------------------ money laws


def _same_currency(count: int) -> SearchStrategy[tuple[Money, ...]]:
    """``count`` amounts in one currency (CNY, USD, JPY or KWD)."""
    return st.one_of([st.tuples(*[kst.money(currency=c)] * count) for c in CURRENCIES])


factors = st.integers(-10_000, 10_000) | st.decimals(-10_000, 10_000, places=3)


@given(_same_currency(3))
def test_money_addition_is_associative_and_commutative(amounts: tuple[Money, ...]) -> None:
    """(x + y) + z == x + (y + z) and x + y == y + x: addition never rounds."""
    x, y, z = amounts
    assert (x + y) + z == x + (y + z)
    assert x + y == y + x
    assert Money.total([x, y, z], x.currency) == x + y + z


@given(_same_currency(1))
def test_zero_is_the_identity_of_addition(amounts: tuple[Money, ...]) -> None:
    """x + 0 == x == 0 + x, x - x == 0 and |-x| == |x|."""
    (x,) = amounts
    zero = Money.zero(x.currency)
    assert x + zero == x == zero + x
    assert (x - x).is_zero()
    assert abs(-x) == abs(x)


@given(_same_currency(2), factors)
def test_multiplication_distributes_over_addition(
    amounts: tuple[Money, ...], factor: int | Decimal
) -> None:
    """a * (x + y) == a * x + a * y, exactly."""
    x, y = amounts
    assert factor * (x + y) == factor * x + factor * y
    assert (x + y) * factor == x * factor + y * factor


@given(
    st.lists(st.sampled_from(CURRENCIES), min_size=2, max_size=2, unique=True),
    st.decimals(-1000, 1000, places=2),
)
def test_mixing_currencies_raises(currencies: list[str], amount: Decimal) -> None:
    """Adding, subtracting, ordering or dividing two currencies raises ValidationError."""
    a, b = Money.of(amount, currencies[0]), Money.of(1, currencies[1])
    for operation in (
        lambda: a + b,
        lambda: a - b,
        lambda: a < b,
        lambda: a >= b,
        lambda: a.ratio(b),
        lambda: Money.total([a, b]),
    ):
        with pytest.raises(ValidationError, match="amounts in different currencies"):
            operation()
    assert a != b


@given(st.one_of([kst.money(currency=c) for c in CURRENCIES]))
def test_rounding_is_idempotent_and_within_half_a_minor_unit(x: Money) -> None:
    """rounded() rounds to the minor unit, moves at most half a unit, and is idempotent."""
    rounded = x.rounded()
    half_unit = Decimal(5).scaleb(-(x.minor_units + 1))
    assert rounded.rounded() == rounded
    assert abs(rounded.amount - x.amount) <= half_unit
    assert rounded.amount.as_tuple().exponent == -x.minor_units
    assert rounded.currency == x.currency


@given(_same_currency(2))
def test_ordering_agrees_with_subtraction(amounts: tuple[Money, ...]) -> None:
    """x < y exactly when y - x is positive."""
    x, y = amounts
    assert (x < y) == ((y - x).amount > 0)
    assert (x <= y) == (not x > y)


# --------------------------------------------------------------------------------- periods

YEARS = st.integers(2, 9997)


@pytest.mark.parametrize("kind", list(PeriodKind), ids=lambda k: k.value)
@given(year=YEARS, day_of_year=st.integers(0, 365))
def test_periods_of_a_year_partition_it(kind: PeriodKind, year: int, day_of_year: int) -> None:
    """A year's months (or quarters) cover it without gap or overlap, in order."""
    first = Period(kind=kind, year=year, index=1)
    periods = [first]
    while periods[-1].next().year == year:
        periods.append(periods[-1].next())
    assert periods[0].start == date(year, 1, 1)
    assert periods[-1].end == date(year, 12, 31)
    for before, after in itertools.pairwise(periods):
        assert after.start == before.end + timedelta(days=1)
    assert sum(p.days() for p in periods) == (date(year, 12, 31) - date(year, 1, 1)).days + 1
    day = min(date(year, 1, 1) + timedelta(days=day_of_year), date(year, 12, 31))
    holders = [p for p in periods if p.contains(day)]
    assert holders == [Period.containing(kind, day)]


@given(kst.periods(min_year=2, max_year=9997))
def test_next_and_previous_are_inverse(period: Period) -> None:
    """p.next().previous() == p == p.previous().next(), and p sits between them."""
    assert period.next().previous() == period
    assert period.previous().next() == period
    assert period.previous() < period < period.next()
    assert period.next().start == period.end + timedelta(days=1)


@given(kst.periods())
def test_period_text_parses_back(period: Period) -> None:
    """``Period.parse(str(p)) == p``."""
    assert Period.parse(str(period)) == period


# ------------------------------------------------------------------------------ org charts


@given(kst.org_charts())
def test_superiors_follow_superior_id_and_never_include_the_person(chart: OrgChart) -> None:
    """Each chain of superiors follows superior_id up to the top and never loops back."""
    for person in chart.staff:
        chain = list(chart.superiors(person.id))
        assert person.id not in {boss.id for boss in chain}
        expected, current = [], person
        while current.superior_id is not None:
            boss = chart.get(current.superior_id)
            assert boss is not None
            expected.append(boss)
            current = boss
        assert chain == expected
        assert len({b.id for b in chain}) == len(chain)


@given(kst.org_charts())
def test_reports_are_the_inverse_of_superiors(chart: OrgChart) -> None:
    """b is among a's superiors exactly when a is among b's reports."""
    for boss in chart.staff:
        below = {p.id for p in chart.reports(boss.id)}
        for person in chart.staff:
            assert (person.id in below) == chart.is_superior(boss.id, person.id)
        assert boss.id not in below


# ------------------------------------------------------------------- the strategies themselves


@given(
    kst.customers(manager_ids=["M-1", "M-2"], grades=[Grade.A, "B"], statuses=["active"]),
)
def test_customer_options_are_respected(customer: Customer) -> None:
    """customers() draws managers, grades and statuses only from the given choices."""
    assert customer.manager_id in {"M-1", "M-2"}
    assert customer.grade in {Grade.A, Grade.B}
    assert customer.status is CustomerStatus.ACTIVE
    assert len({c.id for c in customer.contacts}) == len(customer.contacts)


@given(kst.account_figures(customer_id="C-9", period=Period.quarter(2025, 2), currency="USD"))
def test_figures_options_are_respected(figures: AccountFigures) -> None:
    """account_figures() keeps the customer, period and currency it is given."""
    assert (figures.customer_id, figures.period) == ("C-9", Period.quarter(2025, 2))
    assert figures.revenue.currency == figures.gross_profit.currency == "USD"
    if figures.overdue_receivables is not None:
        assert figures.receivables is not None
        assert figures.overdue_receivables <= figures.receivables


@given(
    kst.visits(done=True).map(lambda v: (True, v))
    | kst.visits(done=False).map(lambda v: (False, v))
)
def test_visit_done_option(case: tuple[bool, Visit]) -> None:
    """visits(done=...) gives only done or only planned contacts."""
    done, visit = case
    assert visit.is_done is done
    assert done or visit.planned_on is not None


@given(kst.contracts(currency="JPY"))
def test_contract_instalments_fall_within_the_term(contract: Contract) -> None:
    """Generated instalments are due within the term, in the contract's currency."""
    for instalment in contract.instalments:
        assert contract.start <= instalment.due_on <= contract.end
        assert instalment.amount.currency == "JPY"


@given(kst.aware_datetimes())
def test_aware_datetimes_are_aware_and_in_range(moment: datetime) -> None:
    """aware_datetimes() gives aware datetimes in Asia/Shanghai or UTC, 2000-2099."""
    assert moment.utcoffset() is not None
    assert str(moment.tzinfo) in {"Asia/Shanghai", "UTC"}
    assert 2000 <= moment.year <= 2099


@given(kst.identifiers(prefix="C-", max_size=8))
def test_identifiers_with_a_prefix(identifier: str) -> None:
    """identifiers() honours its prefix and size and makes valid customer ids."""
    assert identifier.startswith("C-")
    assert len(identifier) <= 8
    assert Customer(id=identifier, name="x", manager_id="M-1").id == identifier


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: kst.money(currency="cny"),
            "currency='cny' must be an ISO 4217 code of three capital letters, e.g. 'CNY'",
        ),
        (
            lambda: kst.money(min_value=1.5),
            "min_value=1.5 must be a Decimal, an int or a numeric str (never a float)",
        ),
        (lambda: kst.money(min_value=5, max_value=1), "min_value=Decimal('5') must not be after"),
        (lambda: kst.money(places=6), "places=6 must be a whole number from 0 to 4"),
        (lambda: kst.periods("week"), "kind: expected one of 'month', 'quarter', 'year'"),
        (lambda: kst.periods(min_year=0), "min_year=0 must be a whole number from 1 to 9998"),
        (
            lambda: kst.dates(min_value=datetime(2025, 1, 1)),
            "min_value=datetime.datetime(2025, 1, 1, 0, 0) must be a date (not a datetime)",
        ),
        (
            lambda: kst.aware_datetimes(timezones=["Mars/Olympus"]),
            "timezones[0]='Mars/Olympus' must be an IANA time zone such as 'Asia/Shanghai'",
        ),
        (
            lambda: kst.aware_datetimes(timezones="UTC"),
            "timezones='UTC' must be a non-empty sequence of names",
        ),
        (
            lambda: kst.aware_datetimes(min_value=datetime.fromisoformat("2025-01-01T00:00+08:00")),
            "must be a naive datetime (the zone is drawn from timezones)",
        ),
        (lambda: kst.customers(grades=["E"]), "grades[0]: expected one of 'A', 'B', 'C', 'D'"),
        (lambda: kst.customers(manager_ids=[]), "manager_ids=[] must be an identifier"),
        (
            lambda: kst.customers(manager_ids=["M 1"]),
            "manager_ids[0]='M 1' must be an identifier of 1-64 letters",
        ),
        (lambda: kst.identifiers(max_size=0), "max_size=0 must be a whole number from 1 to 64"),
        (lambda: kst.identifiers(prefix="-C"), "prefix='-C' must be an identifier"),
        (lambda: kst.org_charts(min_size=5, max_size=2), "min_size=5 must not be after max_size=2"),
        (lambda: kst.complaint_histories(max_steps=-1), "max_steps=-1 must be a whole number"),
        (
            lambda: kst.account_figures(period="2025-Q1"),  # type: ignore[arg-type]
            "period='2025-Q1' must be a Period or a strategy of them",
        ),
        (lambda: kst.visits(done="yes"), "done='yes' must be True, False or None"),  # type: ignore[arg-type]
    ],
)
def test_strategies_validate_their_arguments(make: Any, message: str) -> None:
    """A bad argument raises InvalidArgument when the strategy is made, naming the argument."""
    with pytest.raises(InvalidArgument) as caught:
        make()
    assert message in str(caught.value)

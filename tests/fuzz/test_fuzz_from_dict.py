"""Fuzzed input for ``from_dict``: random and malformed data only ever raises the library's errors.

Every attrs class of :mod:`keyaccount.domain` is a target, found by scanning the package, so a
class added later is fuzzed without touching this file.  Three kinds of input are fed in:

* **junk** — any data at all (wrong types, NaN and infinite floats, huge strings and numbers,
  deep nesting, bytes, dates where text is expected);
* **documents** — mappings built from the target's own field names and types, each value
  plausible or junk, with keys left out and unknown keys added;
* **mutants of valid documents** — ``to_dict`` of a valid object with one place changed
  (a key dropped or added, a value replaced by junk, an out-of-range number, a bad date, a huge
  string, deep nesting).

The invariant is the same for all: ``from_dict`` either returns an instance (which then survives
a ``to_dict`` round trip) or raises :class:`~keyaccount.errors.ValidationError` whose every
problem names a path that exists in the input — never ``KeyError``, ``TypeError``,
``AttributeError``, ``RecursionError`` or a decimal signal.

Example counts come from the active hypothesis profile (``tests/conftest.py``): ``default`` and
``ci`` keep the suite fast, ``make fuzz`` runs the ``fuzz`` profile with 10,000 examples each.
Inputs that still crash are pinned as strict ``xfail`` examples in ``test_fuzz_known_gaps.py``
and kept out of the generators below until fixed.
"""

from __future__ import annotations

import enum
import functools
import importlib
import pkgutil
import re
import types
import typing
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import keyaccount.domain
from keyaccount.domain import (
    AccountFigures,
    AccountManager,
    Complaint,
    Contact,
    ContactRole,
    Contract,
    ContractStatus,
    Customer,
    Grade,
    Instalment,
    Money,
    OrgChart,
    Period,
    ServiceCommitment,
    ServiceRecord,
    Visit,
)
from keyaccount.domain.appraisal import Appraisal, Commendation, CommendationDeed, IndicatorResult
from keyaccount.domain.contract import CommitmentKind
from keyaccount.domain.portfolio import CustomerHistory, Portfolio
from keyaccount.domain.visit import Channel, Outcome, Satisfaction
from keyaccount.errors import KeyAccountError, ValidationError
from keyaccount.serialization import from_dict, to_dict

SHANGHAI = ZoneInfo("Asia/Shanghai")
AT = datetime(2025, 3, 3, 9, 30, tzinfo=SHANGHAI)

# ----------------------------------------------------------------------------- the targets


def _domain_classes() -> list[type]:
    """Every public attrs class defined in a module of ``keyaccount.domain``."""
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(keyaccount.domain.__path__):
        module = importlib.import_module(f"keyaccount.domain.{info.name}")
        for name, obj in vars(module).items():
            if (
                isinstance(obj, type)
                and attrs.has(obj)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found[f"{module.__name__}.{name}"] = obj
    return [found[key] for key in sorted(found)]


TARGETS = _domain_classes()


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _init_fields(cls: type) -> list[attrs.Attribute[Any]]:
    return [field for field in attrs.fields(cls) if field.init]


# ------------------------------------------------------------------------------------ junk

MAX_DEPTH = 200  # far below the interpreter's recursion limit; see test_fuzz_known_gaps.py

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)

ODD_VALUES: list[Any] = [
    "",
    " ",
    "\x00",
    "\n",
    "好" * 5000,
    "x" * 100_000,  # huge text
    10**30,
    -(10**300),
    10**4000,  # huge, but below the int-to-text conversion limit
    float("nan"),
    float("inf"),
    -0.0,
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("-Infinity"),
    Decimal("1E+999999"),
    Decimal("-1E-999999"),
    "NaN",
    "sNaN",
    "-Infinity",
    "1e999999999",
    "1e-999999999",
    "0x10",
    "1_000",
    b"\x00\xff",
    date(2025, 1, 1),
    datetime(2025, 1, 1, 9, 0),  # naive
    datetime(2025, 1, 1, 9, 0, tzinfo=UTC),
    time(9, 0),
    {1, 2},
    frozenset(),
    object(),
]

scalars: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(ODD_VALUES),
)


def _nested(depth: int, leaf: Any, as_dict: bool) -> Any:
    value = leaf
    for _ in range(depth):
        value = {"k": value} if as_dict else [value]
    return value


deep = st.builds(
    _nested, st.integers(1, MAX_DEPTH), scalars, st.booleans()
)  # deep nesting of lists or mappings

junk: st.SearchStrategy[Any] = st.one_of(
    st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.tuples(children, children),
            st.dictionaries(st.one_of(names, st.integers(-1, 3)), children, max_size=4),
        ),
        max_leaves=8,
    ),
    deep,
)


# A cheaper junk for field values: one level of lists or mappings, or one deep nest.
field_junk: st.SearchStrategy[Any] = st.one_of(
    scalars,
    st.lists(scalars, max_size=2),
    st.dictionaries(names, scalars, max_size=2),
    deep,
)

# ------------------------------------------------------------------- documents by field type

DECIMAL_TEXT = st.one_of(
    st.sampled_from(["0", "0.5", "1", "100", "-1", "1e3", "12.50", "0.000001", "1000000.00"]),
    st.integers(-5, 10**6),
    st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False).map(str),
)
IDS = st.one_of(
    st.sampled_from(["c-001", "m-07", "p-1", "s-1", "v-1", "k-1"]),
    st.text(alphabet="abcXYZ019._:-", min_size=1, max_size=10),
)
DATES = st.one_of(
    st.sampled_from(["2025-01-01", "2024-02-29", "2025-12-31", "1999-07-01", "2025-02-29"]),
    st.dates().map(date.isoformat),
)
DATETIMES = st.one_of(
    st.sampled_from(
        [
            "2025-03-03T09:30:00+08:00",
            "2025-03-03T01:30:00+00:00",
            "2025-03-04T18:00:00+08:00",
            "2025-03-03T09:30:00",  # naive
            "2025-03-03 09:30+08:00",
        ]
    ),
    st.builds(
        datetime,
        year=st.integers(1, 9999),
        month=st.integers(1, 12),
        day=st.integers(1, 28),
        hour=st.integers(0, 23),
        tzinfo=st.sampled_from([UTC, SHANGHAI]),
    ).map(datetime.isoformat),
)
PERIOD_TEXT = st.one_of(
    st.sampled_from(["2025", "2025-03", "2025-Q1", "2025-13", "2025-Q5", "0000", "9999-12"]),
    st.text(max_size=8),
)


@functools.cache
def _plausible(tp: Any, depth: int) -> st.SearchStrategy[Any]:
    """Values of the shape ``tp`` asks for (often valid), as plain data."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*[_plausible(arg, depth) for arg in args])
    if tp is type(None):
        return st.none()
    if origin is tuple:
        return st.lists(_plausible(args[0], depth + 1), max_size=2 if depth < 1 else 1)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from([member.value for member in tp])
    if tp is Period:
        return PERIOD_TEXT
    if isinstance(tp, type) and attrs.has(tp):
        # Nested objects are valid seed documents when there are any (their own fuzzing is
        # done with them as the target); otherwise generated, up to two levels down.
        if tp in SEEDS:
            return st.sampled_from(SEEDS[tp])
        return documents(tp, depth + 1) if depth < 2 else st.just({})
    simple: dict[Any, st.SearchStrategy[Any]] = {
        bool: st.booleans(),
        int: st.integers(-3, 10**6),
        str: st.one_of(IDS, st.text(max_size=30)),
        Decimal: DECIMAL_TEXT,
        date: DATES,
        datetime: DATETIMES,
        time: st.sampled_from(["09:00", "17:30:15", "00:00", "23:59", "9:00", "25:00"]),
    }
    return simple.get(tp, field_junk)


@functools.cache
def _some_of(cls: type) -> st.SearchStrategy[frozenset[str]]:
    """Up to two of the field names of ``cls``."""
    fields = [field.name for field in _init_fields(cls)]
    return st.frozensets(st.sampled_from(fields), max_size=2) if fields else st.just(frozenset())


@st.composite
def _document(draw: st.DrawFn, cls: type, depth: int) -> dict[str, Any]:
    hints = _hints(cls)
    fields = [field.name for field in _init_fields(cls)]
    left_out = draw(_some_of(cls))
    spoilt = draw(_some_of(cls))
    doc: dict[str, Any] = {}
    for name in fields:
        if name in left_out:
            continue
        doc[name] = draw(field_junk if name in spoilt else _plausible(hints[name], depth))
    if draw(st.booleans()):  # an unknown key
        doc[draw(names)] = draw(scalars)
    return doc


@functools.cache
def documents(cls: type, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """Mappings shaped like ``cls``: its field names, values plausible or junk."""
    return _document(cls, depth)


# ----------------------------------------------------------------- valid seeds and mutations


def _seed_objects() -> list[object]:
    """Valid objects that together contain an instance of most targets."""
    customer = Customer(
        id="c-001",
        name="Huabei Steel Group",
        manager_id="m-07",
        grade=Grade.A,
        assigned_on=date(2024, 1, 2),
        cooperation_since=date(2019, 5, 1),
        contacts=[
            Contact(
                id="p-1",
                name="Liu Yang",
                role=ContactRole.DECISION_MAKER,
                phones=["13800138000"],
                email="liu@example.com",
                birthday=date(1975, 10, 9),
            ),
            Contact(id="p-2", name="Wang Fang"),
        ],
    )
    figures = AccountFigures(
        customer_id="c-001",
        period=Period.quarter(2025, 1),
        revenue=Money.of("1200000.00"),
        gross_profit=Money.of("240000.00"),
        previous_revenue=Money.of("1000000.00"),
        receivables=Money.of("300000.00"),
        overdue_receivables=Money.of("50000.00"),
        on_time_payment_rate=Decimal("0.9"),
        max_days_overdue=12,
        member_count=8,
        satisfaction=Decimal(85),
        open_complaints=1,
    )
    chart = OrgChart.of(
        [
            AccountManager(id="gm", name="Zhao Lei"),
            AccountManager(id="m-07", name="Chen Jing", superior_id="gm", email="c@example.com"),
        ]
    )
    visit = Visit(
        id="v-1",
        customer_id="c-001",
        manager_id="m-07",
        channel=Channel.PHONE,
        contact_id="p-1",
        planned_on=date(2025, 3, 3),
        window_start=AT,
        window_end=AT.replace(hour=11),
    ).complete(
        at=AT.replace(hour=10),
        outcome=Outcome.REACHED,
        questions=("How was the installation?",),
        answer="Fine",
        satisfaction=Satisfaction.SATISFIED,
    )
    service = ServiceRecord(id="s-1", customer_id="c-001", delivered_at=AT, staff_id="m-07")
    complaint = (
        Complaint(id="q-1", customer_id="c-001", received_at=AT, responsible_id="m-07")
        .accept(at=AT.replace(hour=10), by="m-07")
        .escalate(at=AT.replace(hour=11), by="m-07", to="gm", note="needs the factory")
        .resolve(at=AT.replace(hour=15), by="gm")
    )
    contract = Contract(
        id="k-1",
        customer_id="c-001",
        manager_id="m-07",
        value=Money.of("500000.00"),
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        instalments=[
            Instalment(due_on=date(2025, 2, 1), amount=Money.of("200000.00")),
            Instalment(
                due_on=date(2025, 6, 1),
                amount=Money.of("300000.00"),
                received=Money.of("100000.00"),
                received_on=date(2025, 6, 3),
            ),
        ],
        commitments=[
            ServiceCommitment(kind=CommitmentKind.ON_SITE_WITHIN_HOURS, value=6),
            ServiceCommitment(kind=CommitmentKind.WARRANTY_MONTHS, value=12, description="std"),
        ],
        accepted_on=date(2025, 2, 15),
    )
    for status in (ContractStatus.UNDER_REVIEW, ContractStatus.APPROVED, ContractStatus.SIGNED):
        contract = contract.transition(status, at=AT, by="m-07")
    appraisal = Appraisal(
        staff_id="m-07",
        period=Period.month(2025, 3),
        results=[
            IndicatorResult.measured("visit", plan=20, actual="18.5"),
            IndicatorResult.rated("attitude", 90, note="kind"),
        ],
        vetoes=["customer-data-disclosure"],
        commendations=[Commendation(deed=CommendationDeed.FULL_ATTENDANCE, on=date(2025, 3, 31))],
        appraiser_id="gm",
    )
    portfolio = Portfolio(
        name="North",
        as_of=date(2025, 4, 1),
        staff=chart.staff,
        customers=[customer],
        figures=[figures],
        visits=[visit],
        services=[service],
        complaints=[complaint],
        contracts=[contract],
        appraisals=[appraisal],
    )
    history = CustomerHistory(
        customer=customer, visits=(visit,), complaints=(complaint,), contracts=(contract,)
    )
    return [portfolio, history, chart]


def _parts(obj: object) -> Iterator[object]:
    """``obj`` and every attrs object inside it."""
    yield obj
    for field in attrs.fields(type(obj)):
        if not field.init:
            continue
        value = getattr(obj, field.name)
        for item in value if isinstance(value, tuple) else (value,):
            if attrs.has(type(item)):
                yield from _parts(item)


def _seeds_by_class() -> dict[type, list[dict[str, Any]]]:
    found: dict[type, list[dict[str, Any]]] = {}
    for seed in _seed_objects():
        for part in _parts(seed):
            data = to_dict(part)
            if isinstance(data, dict):  # Period is written as text, not as a mapping
                found.setdefault(type(part), []).append(data)
    return found


SEEDS = _seeds_by_class()
SEEDED = [cls for cls in TARGETS if cls in SEEDS]

Path = tuple[str | int, ...]


def _locations(data: Any, path: Path = ()) -> Iterator[Path]:
    """Every key path in ``data`` (mappings and lists), outermost first."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            yield from _locations(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*path, index)
            yield from _locations(value, (*path, index))


def _container(data: Any, path: Path) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _copy(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_copy(value) for value in data]
    return data


def _text(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


BAD_VALUES = st.one_of(
    junk,
    st.sampled_from(
        [
            -1,
            -(10**20),
            10**20,
            "-1",
            "1e400",
            "1E+999999",
            "NaN",
            "Infinity",
            0.1,
            True,
            "2025-02-30",
            "31/02/2024",
            "2025-13-01",
            "2025-01-01T09:00:00",  # naive
            "24:61",
            "",
            "   ",
        ]
    ),
)


@st.composite
def mutated(draw: st.DrawFn, cls: type) -> tuple[dict[str, Any], str, str]:
    """A valid document of ``cls`` with one change; also the changed path and what was done."""
    doc = _copy(draw(st.sampled_from(SEEDS[cls])))
    where = draw(st.sampled_from(list(_locations(doc))))
    parent = _container(doc, where)
    key = where[-1]
    action = draw(st.sampled_from(["replace", "drop", "extra", "wrap", "deepen", "mapping"]))
    if action == "drop" and isinstance(parent, dict):
        del parent[key]
    elif action == "drop":
        parent.pop(key)
    elif action == "extra":
        target = parent[key] if isinstance(parent[key], dict) else parent
        if isinstance(target, dict):
            target[draw(names)] = draw(scalars)
        else:
            target.append(draw(junk))
    elif action == "wrap":
        parent[key] = [parent[key]]
    elif action == "deepen":
        parent[key] = _nested(draw(st.integers(1, MAX_DEPTH)), parent[key], draw(st.booleans()))
    elif action == "mapping":
        parent[key] = {"unknown_key": 1}
    else:
        parent[key] = draw(BAD_VALUES)
    return doc, _text(where), action


# ------------------------------------------------------------------------------ invariants

_PATH_PART = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def _split(path: str) -> list[str | int]:
    parts: list[str | int] = []
    for match in _PATH_PART.finditer(path):
        index, name = match.groups()
        parts.append(int(index) if index is not None else name)
    return parts


def _names_a_real_place(path: str, data: Any) -> bool:
    """Every step of ``path`` but the last exists in ``data`` (the last may be a missing key)."""
    if path == "(root)":
        return True
    node = data
    for part in _split(path)[:-1]:
        in_list = isinstance(node, list | tuple) and isinstance(part, int) and part < len(node)
        in_mapping = isinstance(node, dict) and isinstance(part, str) and part in node
        if not (in_list or in_mapping):
            return False
        node = node[part]
    return True


def check(cls: type, data: Any) -> ValidationError | None:
    """``from_dict(cls, data)`` builds a ``cls`` or raises a path-naming ValidationError."""
    failure: KeyAccountError | None = None
    try:
        built = from_dict(cls, data)
    except KeyAccountError as error:  # anything else escapes and fails the test
        failure = error
    if failure is None:
        assert isinstance(built, cls)
        assert from_dict(cls, to_dict(built)) == built
        return None
    assert isinstance(failure, ValidationError), repr(failure)
    assert failure.problems, f"an error without paths: {failure}"
    message = str(failure)
    for problem in failure.problems:
        assert problem.path, f"a problem without a path: {message}"
        assert problem.path in message
        path = problem.path
        assert _names_a_real_place(path, data), f"{problem.path!r} is not in the data"
    return failure


# ----------------------------------------------------------------------------------- tests

by_name: Callable[[type], str] = lambda cls: cls.__name__  # noqa: E731


def test_every_domain_class_is_a_target() -> None:
    """The scan finds the domain model's classes, and most have a valid seed document."""
    core = {"Customer", "Contact", "Money", "Complaint", "Contract", "OrgChart", "Portfolio"}
    assert core <= {cls.__name__ for cls in TARGETS}
    assert core <= {cls.__name__ for cls in SEEDED}


@pytest.mark.parametrize("cls", TARGETS, ids=by_name)
@given(data=st.data())
def test_any_input_raises_only_library_errors(cls: type, data: st.DataObject) -> None:
    """Junk, or mappings of the target's keys with junk values, missing and unknown keys."""
    check(cls, data.draw(st.one_of(junk, documents(cls))))


@pytest.mark.parametrize("cls", SEEDED, ids=by_name)
def test_seed_documents_round_trip(cls: type) -> None:
    """The unmutated seed documents are valid (so mutants start from valid data)."""
    for doc in SEEDS[cls]:
        assert check(cls, doc) is None


@pytest.mark.parametrize("cls", SEEDED, ids=by_name)
@given(data=st.data())
def test_one_change_to_a_valid_document_is_reported_where_it_was_made(
    cls: type, data: st.DataObject
) -> None:
    """A junk value, a dropped, added or nested key is accepted or reported under real paths."""
    doc, where, action = data.draw(mutated(cls))
    error = check(cls, doc)
    if action in ("wrap", "deepen", "mapping"):
        # No field accepts its value wrapped in a list or a mapping, nor a mapping with an
        # unknown key: the error names the changed place or a place inside it.
        assert error is not None, f"{where} accepted {action}"
        assert any(_within(path, where) for path in error.paths), str(error)


def _within(path: str, where: str) -> bool:
    return path == where or path.startswith((f"{where}.", f"{where}["))

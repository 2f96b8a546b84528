"""Malformed input for the fuzz tests, and the invariant every reader of user data must keep.

Shared by the fuzz tests of this directory (not a test module itself):

* **targets** — :func:`attrs_classes` scans modules for attrs classes, so a class added later
  is fuzzed without touching a test;
* **junk** — any data at all: wrong types, NaN and infinite floats and Decimals, huge and blank
  strings, integers too long to print, bytes, sets, naive datetimes, nesting far deeper than
  the interpreter's recursion limit, empty and odd mapping keys;
* **documents** — mappings built from a class's own field names and types, values plausible
  or junk, keys left out and unknown keys added (:func:`documents`);
* **one change to a valid document** — a seed document (``to_dict`` of a valid object, kept
  in :data:`SEEDS`) with one place changed (:func:`mutated`);
* **the invariant** — :func:`check`: ``from_dict`` builds an instance that survives a
  ``to_dict`` round trip, or raises the class's own error whose every problem names a path
  that exists in the input.
"""

from __future__ import annotations

import ast
import enum
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, time
from decimal import Decimal
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from keyaccount.domain.values import Period
from keyaccount.errors import KeyAccountError, ValidationError
from keyaccount.serialization import from_dict, to_dict

SHANGHAI = ZoneInfo("Asia/Shanghai")

# ----------------------------------------------------------------------------- the targets


def attrs_classes(modules: Iterable[ModuleType]) -> list[type]:
    """Every public attrs class defined in ``modules``, in the order of their dotted names."""
    found: dict[str, type] = {}
    for module in modules:
        for name, obj in vars(module).items():
            if (
                isinstance(obj, type)
                and attrs.has(obj)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found[f"{module.__name__}.{name}"] = obj
    return [found[key] for key in sorted(found)]


@functools.cache
def hints(cls: type) -> dict[str, Any]:
    """The resolved type hints of ``cls``."""
    return typing.get_type_hints(cls)


def init_fields(cls: type) -> list[attrs.Attribute[Any]]:
    """The fields of ``cls`` that ``__init__`` takes."""
    return [field for field in attrs.fields(cls) if field.init]


def by_name(cls: type) -> str:
    """A test id: the class name."""
    return cls.__name__


# ------------------------------------------------------------------------------------ junk

DEEPER_THAN_RECURSION = 5000  # Python's default recursion limit is 1000

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
odd_keys = st.sampled_from(["", " ", "a.b", "[0]", "x[1]", "'", "客户", "\x00"])
keys = st.one_of(names, odd_keys)

ODD_VALUES: list[Any] = [
    "",
    " ",
    "\x00",
    "\n",
    "好" * 5000,
    "x" * 100_000,  # huge text
    10**30,
    -(10**300),
    10**4000,
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
    "1E+999999",
    "0x10",
    "1_000",
    b"\x00\xff",
    date(2025, 1, 1),
    date.min,
    date.max,
    datetime(2025, 1, 1, 9, 0),  # naive
    datetime(2025, 1, 1, 9, 0, tzinfo=UTC),
    datetime.max.replace(tzinfo=UTC),
    time(9, 0),
    {1, 2},
    frozenset(),
    object(),
]


def power_of_ten(digits: int) -> int:
    """``10 ** digits``."""
    return 10**digits


# Integers longer than int-to-text conversion allows (4300 digits); built by a function so that
# hypothesis never has to show them in a strategy's description.
huge_ints = st.sampled_from([4301, 5000]).map(power_of_ten)

scalars: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(ODD_VALUES),
    huge_ints,
)


def nested(depth: int, leaf: Any, as_dict: bool) -> Any:
    """``leaf`` wrapped ``depth`` times in a list (or a mapping ``{"k": …}``)."""
    value = leaf
    for _ in range(depth):
        value = {"k": value} if as_dict else [value]
    return value


depths = st.one_of(st.integers(1, 200), st.just(DEEPER_THAN_RECURSION))
deep = st.builds(nested, depths, scalars, st.booleans())  # deep nesting of lists or mappings

junk: st.SearchStrategy[Any] = st.one_of(
    st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.tuples(children, children),
            st.dictionaries(st.one_of(keys, st.integers(-1, 3)), children, max_size=4),
        ),
        max_leaves=8,
    ),
    deep,
)

# A cheaper junk for field values: one level of lists or mappings, or one deep nest.
field_junk: st.SearchStrategy[Any] = st.one_of(
    scalars,
    st.lists(scalars, max_size=2),
    st.dictionaries(keys, scalars, max_size=2),
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

SEEDS: dict[type, list[dict[str, Any]]] = {}
"""Valid documents by class, registered by the test modules (:func:`register_seeds`).

A nested object of a generated document is drawn from here when there are seeds of its
class, so that documents reach the checks behind a valid nested part."""


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
    fields = [field.name for field in init_fields(cls)]
    return st.frozensets(st.sampled_from(fields), max_size=2) if fields else st.just(frozenset())


@st.composite
def _document(draw: st.DrawFn, cls: type, depth: int) -> dict[str, Any]:
    types_of = hints(cls)
    left_out = draw(_some_of(cls))
    spoilt = draw(_some_of(cls))
    doc: dict[str, Any] = {}
    for field in init_fields(cls):
        if field.name in left_out:
            continue
        bad = field.name in spoilt
        doc[field.name] = draw(field_junk if bad else _plausible(types_of[field.name], depth))
    if draw(st.booleans()):  # an unknown key
        doc[draw(keys)] = draw(scalars)
    return doc


@functools.cache
def documents(cls: type, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """Mappings shaped like ``cls``: its field names, values plausible or junk."""
    return _document(cls, depth)


# ----------------------------------------------------------------- valid seeds and mutations


def parts(obj: object) -> Iterator[object]:
    """``obj`` and every attrs object inside it."""
    yield obj
    for field in attrs.fields(type(obj)):
        if not field.init:
            continue
        value = getattr(obj, field.name)
        for item in value if isinstance(value, tuple) else (value,):
            if attrs.has(type(item)):
                yield from parts(item)


def register_seeds(objects: Iterable[object]) -> None:
    """Add ``to_dict`` of ``objects`` and of every attrs object inside them to :data:`SEEDS`."""
    for seed in objects:
        for part in parts(seed):
            data = to_dict(part)
            if not isinstance(data, dict):  # a Period is written as text
                continue
            known = SEEDS.setdefault(type(part), [])
            if data not in known:
                known.append(data)


Path = tuple[str | int, ...]


def locations(data: Any, path: Path = ()) -> Iterator[Path]:
    """Every key path in ``data`` (mappings and lists), outermost first."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key)
            yield from locations(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*path, index)
            yield from locations(value, (*path, index))


def _container(data: Any, path: Path) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def copy(data: Any) -> Any:
    """A deep copy of plain data (mappings and lists)."""
    if isinstance(data, dict):
        return {key: copy(value) for key, value in data.items()}
    if isinstance(data, list):
        return [copy(value) for value in data]
    return data


def path_text(path: Path) -> str:
    """A key path as the library writes it: ``contacts[1].birthday``."""
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
            "0001-01-01",
            "9999-12-31",
            "2025-01-01T09:00:00",  # naive
            "9999-12-31T23:59:59+00:00",
            "24:61",
            "",
            "   ",
        ]
    ),
)

ACTIONS = ("replace", "drop", "extra", "wrap", "deepen", "mapping")
"""What :func:`mutated` may do to one place of a document."""


@st.composite
def mutated(
    draw: st.DrawFn, cls: type, seeds: dict[type, list[dict[str, Any]]] | None = None
) -> tuple[dict[str, Any], str, str]:
    """A seed document of ``cls`` with one change; also the changed path and what was done."""
    doc = copy(draw(st.sampled_from((SEEDS if seeds is None else seeds)[cls])))
    where = draw(st.sampled_from(list(locations(doc))))
    parent = _container(doc, where)
    key = where[-1]
    action = draw(st.sampled_from(ACTIONS))
    if action == "drop" and isinstance(parent, dict):
        del parent[key]
    elif action == "drop":
        parent.pop(key)
    elif action == "extra":
        target = parent[key] if isinstance(parent[key], dict) else parent
        if isinstance(target, dict):
            target[draw(keys)] = draw(scalars)
        else:
            target.append(draw(junk))
    elif action == "wrap":
        parent[key] = [parent[key]]
    elif action == "deepen":
        parent[key] = nested(draw(depths), parent[key], draw(st.booleans()))
    elif action == "mapping":
        parent[key] = {"unknown_key": 1}
    else:
        parent[key] = draw(BAD_VALUES)
    return doc, path_text(where), action


# ------------------------------------------------------------------------------ invariants

_PATH_PART = re.compile(r"\[(\d+)\]|\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]|\.?([^.\[]+)")


def split(path: str) -> list[str | int]:
    """The parts of a path: ``a.b[2]['odd key']`` is ``["a", "b", 2, "odd key"]``."""
    parts_: list[str | int] = []
    for match in _PATH_PART.finditer(path):
        index, quoted, name = match.groups()
        if index is not None:
            parts_.append(int(index))
        elif quoted is not None:
            parts_.append(ast.literal_eval(quoted))
        else:
            parts_.append(name)
    return parts_


def names_a_real_place(path: str, data: Any) -> bool:
    """Every step of ``path`` but the last exists in ``data`` (the last may be a missing key)."""
    if path == "(root)":
        return True
    node = data
    for part in split(path)[:-1]:
        in_list = isinstance(node, list | tuple) and isinstance(part, int) and part < len(node)
        in_mapping = isinstance(node, dict) and part in node
        if not (in_list or in_mapping):
            return False
        node = node[part]
    return True


def assert_paths_are_real(error: ValidationError, data: Any, *, prefix: str = "") -> None:
    """``error`` has problems, each with a visible path (after ``prefix``) found in ``data``."""
    assert error.problems, f"an error without paths: {error}"
    message = str(error)
    for problem in error.problems:
        assert problem.path, f"a problem without a path: {message}"
        assert problem.path in message
        assert problem.path.startswith(prefix), f"{problem.path!r} does not start {prefix!r}"
        path = problem.path.removeprefix(prefix)
        assert path, f"a problem without a path after {prefix!r}: {message}"
        assert names_a_real_place(path, data), f"{problem.path!r} is not in the data"


def library_error(call: Callable[[], object]) -> KeyAccountError | None:
    """The library's error ``call()`` raised, or ``None``; any other exception escapes."""
    try:
        call()
    except KeyAccountError as error:
        return error
    return None


def check(cls: type, data: Any) -> ValidationError | None:
    """``from_dict(cls, data)`` builds a ``cls`` or raises its path-naming error class.

    That class is the target's ``error_class`` (:class:`~keyaccount.errors.PolicyError` for a
    policy), else :class:`~keyaccount.errors.ValidationError`; anything else escapes and fails
    the test.
    """
    failure: KeyAccountError | None = None
    try:
        built = from_dict(cls, data)
    except KeyAccountError as error:
        failure = error
    if failure is None:
        assert isinstance(built, cls)
        assert from_dict(cls, to_dict(built)) == built
        return None
    expected: type[ValidationError] = getattr(cls, "error_class", ValidationError)
    assert isinstance(failure, expected), repr(failure)
    assert_paths_are_real(failure, data)
    return failure


def within(path: str, where: str) -> bool:
    """``path`` is ``where`` or a place inside it."""
    return path == where or path.startswith((f"{where}.", f"{where}["))

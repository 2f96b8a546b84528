"""The TOML writer: what it writes reads back with tomllib exactly."""

from __future__ import annotations

import tomllib
from datetime import date, time
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyaccount.tomltext import dumps

_keys = st.text(alphabet="abcdefghij_-", min_size=1, max_size=6) | st.text(min_size=1, max_size=6)
_scalars = (
    st.booleans()
    | st.integers(min_value=-(10**9), max_value=10**9)
    | st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1000, max_value=1000)
    | st.text(max_size=20)
    | st.dates(min_value=date(1900, 1, 1))
)
_tables = st.recursive(
    st.dictionaries(
        _keys,
        _scalars | st.lists(_scalars.filter(lambda v: not isinstance(v, str)), max_size=3),
        max_size=4,
    ),
    lambda inner: st.dictionaries(
        _keys, inner | st.lists(inner, min_size=1, max_size=2), max_size=3
    ),
    max_leaves=12,
)


def _normal(value: object) -> object:
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, Decimal):
        return value.normalize() if value else Decimal(0)
    return value


@given(_tables)
def test_written_toml_reads_back_equal(data: dict[str, object]) -> None:
    """dumps(d) parsed with Decimal floats gives d back (numbers compared by value)."""
    parsed = tomllib.loads(dumps(data), parse_float=Decimal)
    assert _normal(parsed) == _normal(data)


def test_comments_head_keys_and_tables() -> None:
    """Comments are written above the key or table they name, the header at the top."""
    text = dumps(
        {"name": "x", "grading": {"a": Decimal("0.80"), "t": time(8, 0)}},
        {"": "header", "name": "the name", "grading": "grading rules"},
    )
    assert text.splitlines()[:4] == ["# header", "", "# the name", 'name = "x"']
    assert "# grading rules\n[grading]\na = 0.80\nt = 08:00:00\n" in text


def test_none_values_are_left_out() -> None:
    """TOML has no null: keys holding None are omitted."""
    assert dumps({"a": None, "b": 1}) == "b = 1\n"

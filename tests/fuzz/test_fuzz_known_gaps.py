"""Inputs the fuzzer once found escaping as bare errors or naming no real path, pinned down.

Huge integers, very deep nesting, empty keys, staff errors inside a portfolio and absurd
amounts of money: each is reported as a ValidationError at the path where it stands.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from keyaccount.domain import AccountManager, Contact, Customer, Money
from keyaccount.domain.portfolio import Portfolio
from keyaccount.errors import ValidationError
from keyaccount.serialization import from_dict, to_dict

CUSTOMER = {"id": "c-001", "name": "Huabei Steel Group", "manager_id": "m-07"}


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def test_a_huge_integer_is_reported_at_its_path() -> None:
    """An integer of 5000 digits where a text is expected is a ValidationError at ``id``."""
    with pytest.raises(ValidationError) as caught:
        from_dict(Customer, {**CUSTOMER, "id": 10**5000})
    assert caught.value.paths == ["id"]


def test_very_deep_nesting_is_reported_at_its_path() -> None:
    """A list nested 5000 levels deep where a text is expected is a ValidationError at ``id``."""
    with pytest.raises(ValidationError) as caught:
        from_dict(Customer, {**CUSTOMER, "id": _nested(5000)})
    assert caught.value.paths == ["id"]


def test_an_empty_unknown_key_is_reported_with_a_visible_path() -> None:
    """An unknown key ``""`` is reported under a path a reader can see."""
    with pytest.raises(ValidationError) as caught:
        from_dict(Contact, {"id": "p-1", "name": "Liu Yang", "": "x"})
    assert all(caught.value.paths)


def test_a_portfolio_staff_error_names_the_staff_member() -> None:
    """An unknown superior in a portfolio is reported at ``staff[0].superior_id``."""
    staff = [AccountManager(id="m-07", name="Chen Jing", superior_id="gm")]
    with pytest.raises(ValidationError) as caught:
        from_dict(Portfolio, {"staff": to_dict(staff), "as_of": date(2025, 4, 1).isoformat()})
    assert caught.value.paths == ["staff[0].superior_id"]


def test_an_absurd_amount_of_money_is_refused() -> None:
    """An amount of 10^999999 yuan is refused when read, not when it is later added up."""
    with pytest.raises(ValidationError) as caught:
        from_dict(Money, {"amount": "1E+999999", "currency": "CNY"})
    assert caught.value.paths == ["amount"]

"""Tests that kill surviving mutants of ``keyaccount.policies.access``.

Each test pins a detail the example tests left open: what redaction does to plain values and
to free text that is not text, and the error for a wrong policy.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from keyaccount.domain.customer import Confidentiality, Customer
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.access import (
    EXPORT_REDACTION,
    MaskingRule,
    PersonalData,
    RedactionPolicy,
    can_view,
    redact,
)


@pytest.mark.parametrize("value", [None, 5, Decimal("1.50"), "plain text"])
def test_a_plain_value_passes_through_redaction(value: object) -> None:
    """A value that is neither a mapping, a list nor a domain object is returned as it is."""
    assert redact(value, "confidential", EXPORT_REDACTION) == value


def test_plain_data_keeps_its_numbers_and_dates() -> None:
    """Plain data is not serialized again: a Decimal and a date stay a Decimal and a date."""
    data = {"amount": Decimal("1.50"), "signed_on": date(2025, 3, 1)}
    assert redact(data, "confidential", EXPORT_REDACTION) == data


def test_a_free_text_key_holding_data_is_walked_like_any_value() -> None:
    """Under a free-text key a number stays, and a mapping is redacted like a record."""
    data = {"note": 5, "notes": {"phone": "13800138000", "visits": 2}}
    assert redact(data, "confidential", EXPORT_REDACTION) == {
        "note": 5,
        "notes": {"phone": "***", "visits": 2},
    }


def test_redact_names_a_wrong_policy_and_its_value() -> None:
    """A policy given by name instead of a RedactionPolicy is refused, showing the name."""
    with pytest.raises(ValidationError) as caught:
        redact({}, "public", "export-default")  # type: ignore[arg-type]
    assert str(caught.value) == "policy: expected a RedactionPolicy, got 'export-default'"


def test_access_checks_name_a_wrong_org_chart_and_its_value() -> None:
    """An org chart given by name is refused, showing the name."""
    customer = Customer(id="C-1", name="Acme", manager_id="M-1")
    with pytest.raises(ValidationError) as caught:
        can_view("M-1", customer, "sales-chart")  # type: ignore[arg-type]
    assert str(caught.value) == "org: expected an OrgChart, got 'sales-chart'"


def test_a_kind_masked_twice_is_refused_showing_the_list() -> None:
    """A masking rule naming a kind twice is refused; the value shown is the whole list."""
    twice = (PersonalData.PHONE, PersonalData.PHONE)
    with pytest.raises(PolicyError) as caught:
        MaskingRule(level=Confidentiality.PUBLIC, masked=twice)
    (only,) = caught.value.problems
    assert (only.path, only.value, only.expected) == (
        "masked",
        twice,
        "each kind of personal data at most once",
    )


def test_a_level_revealing_what_a_lower_one_masks_names_every_kind() -> None:
    """Internal masking nothing below public masking phones and e-mails names both kinds."""
    both = (PersonalData.PHONE, PersonalData.EMAIL)
    rules = (
        MaskingRule(level=Confidentiality.PUBLIC, masked=both),
        MaskingRule(level=Confidentiality.INTERNAL),
        MaskingRule(level=Confidentiality.CONFIDENTIAL, masked=both),
        MaskingRule(level=Confidentiality.SECRET, masked=both),
    )
    with pytest.raises(PolicyError) as caught:
        RedactionPolicy(name="r", version="1", rules=rules)
    assert str(caught.value) == (
        "a higher level must mask at least what a lower one masks: 'internal' leaves 'phone', "
        "'email' that 'public' masks"
    )


def test_masked_at_names_an_unknown_level_and_lists_the_levels() -> None:
    """A level that is no confidentiality level is refused under the path "level", listing
    the four levels."""
    with pytest.raises(ValidationError) as caught:
        EXPORT_REDACTION.masked_at("top-secret")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "level: expected one of 'public', 'internal', 'confidential', 'secret', got 'top-secret'"
    )


def test_data_nested_beyond_the_recursion_limit_is_refused_without_showing_it() -> None:
    """Data nested deeper than the interpreter can walk is a ValidationError under "data"
    that names the limit and shows a placeholder, not the data itself."""
    deep: list[object] = []
    for _ in range(5000):  # Python's default recursion limit is 1000
        deep = [deep]
    with pytest.raises(ValidationError) as caught:
        redact(deep, "public", EXPORT_REDACTION)
    assert str(caught.value) == (
        "data: expected data nested less deeply than the recursion limit, got '(nested too deeply)'"
    )

"""Properties of confidentiality: access follows the reporting line; redaction masks for good."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from keyaccount.domain import AccountManager, Confidentiality, Contact, Customer, OrgChart
from keyaccount.domain.customer import PHONE_PATTERN
from keyaccount.policies.access import (
    EXPORT_REDACTION,
    STRICT_REDACTION,
    AccessRule,
    PersonalData,
    RedactionPolicy,
    can_edit,
    can_view,
    redact,
)
from keyaccount.serialization import to_dict

# ---------------------------------------------------------------------------- strategies
# Drawn as plain numbers and built afterwards: few choices per example keep each property fast.

_charts = st.lists(st.integers(-1, 7), min_size=1, max_size=8)
"""Superior of person i: a person drawn before i (index taken modulo i), or nobody."""


def _chart_of(bosses: list[int]) -> OrgChart:
    staff = [
        AccountManager(
            id=f"S-{i}",
            name=f"Staff {i}",
            superior_id=None if i == 0 or boss < 0 else f"S-{boss % i}",
        )
        for i, boss in enumerate(bosses)
    ]
    return OrgChart.of(reversed(staff))  # the chart must not rely on bosses coming first


org_charts = _charts.map(_chart_of)
"""Org charts of 1–8 staff S-0 … forming random forests; shrinks towards one person."""

_FORMATS = ("{}", "+86 {}", "0{}")
_SEPARATORS = ("", " ", "-", " - ")


def _phone_of(digits: int, fmt: int, sep: int) -> str:
    text = str(digits)
    groups = [text[max(0, end - 4) : end] for end in range(len(text), 0, -4)][::-1]
    phone = _FORMATS[fmt].format(_SEPARATORS[sep].join(groups))
    return phone if re.fullmatch(PHONE_PATTERN, phone) else text


_phones = st.builds(
    _phone_of,
    st.integers(10**6, 10**11),
    st.integers(0, len(_FORMATS) - 1),
    st.integers(0, len(_SEPARATORS) - 1),
)
_contacts = st.tuples(
    st.lists(_phones, max_size=2),
    st.booleans(),  # has an e-mail
    st.none() | st.integers(0, 25_000),  # birthday, in days from 1940-01-01
)


def _customer_of(
    contacts: list[tuple[list[str], bool, int | None]], level: int, manager: int
) -> Customer:
    people = [
        Contact(
            id=f"P-{i}",
            name=f"Person {chr(65 + i)}",
            phones=phones,
            email=f"person.{chr(97 + i)}@example.com" if mail else None,
            birthday=None if day is None else date(1940, 1, 1) + timedelta(days=day),
        )
        for i, (phones, mail, day) in enumerate(contacts)
    ]
    return Customer(
        id="C-1",
        name="Eastern Steel Group",
        manager_id=f"S-{manager}",
        confidentiality=list(Confidentiality)[level],
        contacts=people,
    )


customers = st.builds(
    _customer_of,
    st.lists(_contacts, max_size=3),
    st.integers(0, 3),
    st.integers(0, 7),
)
"""Customers C-1 with up to three contacts, managed by one of S-0 … S-7."""

levels = st.sampled_from(Confidentiality)
redaction_policies = st.sampled_from([EXPORT_REDACTION, STRICT_REDACTION])


@st.composite
def exports(draw: st.DrawFn) -> Any:
    """What a system exports: a customer's plain data, with notes that quote phones and mail."""
    customer = draw(customers)
    data = to_dict(customer)
    quoted = [c.phones[0] for c in customer.contacts if c.phones]
    mails = [c.email for c in customer.contacts if c.email]
    data["notes"] = "; ".join([*(f"call {p}" for p in quoted), *(f"mail {m}" for m in mails)])
    return data


# ------------------------------------------------------------------------------- access


def _line_above(org: OrgChart, staff_id: str) -> set[str]:
    """Everyone above ``staff_id``, found from the staff list alone (not from the chart)."""
    boss_of = {p.id: p.superior_id for p in org.staff}
    found: set[str] = set()
    boss = boss_of.get(staff_id)
    while boss is not None and boss not in found:
        found.add(boss)
        boss = boss_of.get(boss)
    return found


@given(org_charts, customers)
def test_only_the_own_manager_edits(org: OrgChart, customer: Customer) -> None:
    """For every org chart, exactly the customer's own manager may edit."""
    actors = [p.id for p in org.staff] + ["OUTSIDER", customer.manager_id]
    for actor in actors:
        assert can_edit(actor, customer, org).allowed == (actor == customer.manager_id)


@given(org_charts, customers)
def test_exactly_the_manager_and_their_superiors_view(org: OrgChart, customer: Customer) -> None:
    """For every org chart, the viewers are the manager and everyone above them — nobody else."""
    viewers = {p.id for p in org.staff if can_view(p.id, customer, org)}
    expected = ({customer.manager_id} | _line_above(org, customer.manager_id)) & {
        p.id for p in org.staff
    }
    assert viewers == expected
    assert not can_view("OUTSIDER", customer, org)


@given(org_charts, customers)
def test_every_decision_names_the_rule_that_decided(org: OrgChart, customer: Customer) -> None:
    """Allowed answers cite the manager or superior rule; whoever may edit may also view."""
    for person in org.staff:
        view = can_view(person, customer, org)
        edit = can_edit(person, customer, org)
        if view.allowed:
            assert view.rule in (AccessRule.OWN_MANAGER, AccessRule.SUPERIOR)
        else:
            assert view.rule is AccessRule.NOBODY_ELSE
        assert not edit.allowed or view.allowed


# ---------------------------------------------------------------------------- redaction


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every plain value of ``data`` with its path of keys and indexes."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))
    else:
        yield path, data


def _key(path: tuple[Any, ...]) -> str | None:
    """The last dictionary key of a path (skipping list indexes)."""
    return next((p for p in reversed(path) if isinstance(p, str)), None)


@given(exports(), levels, redaction_policies)
def test_redaction_is_idempotent(
    data: Any, level: Confidentiality, policy: RedactionPolicy
) -> None:
    """Redacting an export twice gives what redacting it once gave."""
    once = redact(data, level, policy)
    assert redact(once, level, policy) == once


@given(customers, levels, redaction_policies)
def test_redacting_an_object_equals_redacting_its_plain_data(
    customer: Customer, level: Confidentiality, policy: RedactionPolicy
) -> None:
    """A domain object and its to_dict are masked alike, and the shape is kept."""
    masked = redact(customer, level, policy)
    assert masked == redact(to_dict(customer), level, policy)
    assert [p for p, _ in _leaves(masked)] == [p for p, _ in _leaves(to_dict(customer))]


@given(exports(), levels, redaction_policies)
def test_redaction_never_leaves_a_phone_number_or_birthday(
    data: Any, level: Confidentiality, policy: RedactionPolicy
) -> None:
    """Where phones and birthdays are masked, none survives — not even quoted in the notes."""
    masked_kinds = policy.masked_at(level)
    output = redact(data, level, policy)
    text = json.dumps(output, ensure_ascii=False)
    people = data["contacts"]
    if PersonalData.PHONE in masked_kinds:
        for path, value in _leaves(output):
            if _key(path) in policy.phone_keys:
                assert value == policy.mask
        for phone in (p for person in people for p in person["phones"]):
            assert phone not in text
    if PersonalData.BIRTHDAY in masked_kinds:
        for path, value in _leaves(output):
            if _key(path) in policy.birthday_keys:
                assert value in (None, policy.mask)
        for birthday in (p["birthday"] for p in people if p["birthday"] is not None):
            assert birthday not in text


@given(exports(), levels, levels)
def test_a_higher_level_never_reveals_more(
    data: Any, first: Confidentiality, second: Confidentiality
) -> None:
    """Whatever is masked at a level is masked at every higher level."""
    low, high = sorted((first, second), key=lambda level: level.rank)
    masked_low = dict(_leaves(redact(data, low, EXPORT_REDACTION)))
    masked_high = dict(_leaves(redact(data, high, EXPORT_REDACTION)))
    original = dict(_leaves(data))
    for path, value in masked_low.items():
        if value != original[path]:
            assert masked_high[path] == value

"""Example tests of confidentiality: who views and edits customer data, and export masking."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from keyaccount.domain import (
    AccountManager,
    Confidentiality,
    Contact,
    Customer,
    CustomerKind,
    OrgChart,
    Role,
)
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.access import (
    EXPORT_REDACTION,
    STRICT_REDACTION,
    AccessDecision,
    AccessRule,
    Action,
    MaskingRule,
    PersonalData,
    RedactionPolicy,
    can_edit,
    can_view,
    redact,
)
from keyaccount.serialization import from_dict, to_dict

ORG = OrgChart.of(
    [
        AccountManager(id="GM", name="Wang Min", role=Role.GENERAL_MANAGER),
        AccountManager(id="SUP", name="Li Hua", role=Role.SUPERVISOR, superior_id="GM"),
        AccountManager(id="AM-1", name="Zhang Wei", superior_id="SUP"),
        AccountManager(id="AM-2", name="Zhao Lei", superior_id="SUP"),
        AccountManager(id="ASST", name="Sun Li", role=Role.ASSISTANT_MANAGER, superior_id="AM-1"),
        AccountManager(id="OTHER-GM", name="Qian Bo", role=Role.GENERAL_MANAGER),
    ]
)

CONTACT = Contact(
    id="P-1",
    name="Chen Jun",
    phones=("+86 138 0013 8000", "010-6552 9988"),
    email="chen.jun@example.com",
    birthday=date(1972, 5, 17),
)

CUSTOMER = Customer(id="C-1", name="Eastern Steel Group", manager_id="AM-1", contacts=(CONTACT,))


# ------------------------------------------------------------------------------- access


@pytest.mark.parametrize(
    ("actor", "allowed", "rule"),
    [
        ("AM-1", True, AccessRule.OWN_MANAGER),
        ("SUP", True, AccessRule.SUPERIOR),
        ("GM", True, AccessRule.SUPERIOR),
        ("AM-2", False, AccessRule.NOBODY_ELSE),
        ("ASST", False, AccessRule.NOBODY_ELSE),
        ("OTHER-GM", False, AccessRule.NOBODY_ELSE),
        ("STRANGER", False, AccessRule.NOBODY_ELSE),
    ],
)
def test_view_seed_002_superiors_may_consult(actor: str, allowed: bool, rule: AccessRule) -> None:
    """Manager and superiors view, nobody else: "上级部门领导可查阅…" [seed 002]."""
    decision = can_view(actor, CUSTOMER, ORG)
    assert (decision.allowed, decision.rule, decision.action) == (allowed, rule, Action.VIEW)


@pytest.mark.parametrize(
    ("actor", "allowed", "rule"),
    [
        ("AM-1", True, AccessRule.OWN_MANAGER),
        ("SUP", False, AccessRule.OWN_MANAGER),
        ("GM", False, AccessRule.OWN_MANAGER),
        ("AM-2", False, AccessRule.NOBODY_ELSE),
        ("ASST", False, AccessRule.NOBODY_ELSE),
        ("STRANGER", False, AccessRule.NOBODY_ELSE),
    ],
)
def test_edit_seed_002_only_the_manager_maintains(
    actor: str, allowed: bool, rule: AccessRule
) -> None:
    """ "只能由客户经理本人进行管理和维护" [seed 002]: only the own manager edits."""
    decision = can_edit(actor, CUSTOMER, ORG)
    assert (decision.allowed, decision.rule, decision.action) == (allowed, rule, Action.EDIT)


def test_access_takes_an_account_manager_object() -> None:
    """An AccountManager is accepted as the actor, by its id."""
    manager = ORG.get("AM-1")
    assert manager is not None
    assert can_edit(manager, CUSTOMER, ORG).allowed


def test_decision_is_truthy_exactly_when_allowed() -> None:
    """``if can_view(...)`` cannot let everyone in."""
    assert can_view("SUP", CUSTOMER, ORG)
    assert not can_view("AM-2", CUSTOMER, ORG)
    assert not can_edit("SUP", CUSTOMER, ORG)


def test_a_manager_outside_the_chart_has_no_superiors() -> None:
    """When the manager is not in the chart only they may view, and the reason says why."""
    customer = Customer(id="C-9", name="Lone Ltd", manager_id="AM-X")
    assert can_view("AM-X", customer, ORG).allowed
    decision = can_view("GM", customer, ORG)
    assert not decision.allowed
    assert decision.reason == (
        "GM is not the account manager AM-X, who is not in the org chart, so no superior of "
        "theirs can be established"
    )


def test_access_explanations_quote_the_seed() -> None:
    """Each explanation gives the verdict, the reason and the seed's words."""
    assert can_view("GM", CUSTOMER, ORG).explain() == (
        "view customer C-1 by GM: allowed — GM is a superior of the account manager AM-1 "
        "(上级部门领导可查阅 [seed 002])."
    )
    assert can_edit("SUP", CUSTOMER, ORG).explain() == (
        "edit customer C-1 by SUP: denied — only the account manager AM-1 maintains the "
        "customer's data; SUP is a superior and may view it "
        "(只能由客户经理本人进行管理和维护 [seed 002])."
    )
    assert can_view("STRANGER", CUSTOMER, ORG).reason == "STRANGER is not in the org chart"


def test_confidentiality_level_does_not_change_who_may_view() -> None:
    """The seed's rule holds at every level: a public customer is still only the line's."""
    for level in Confidentiality:
        customer = Customer(id="C-2", name="Open Co", manager_id="AM-1", confidentiality=level)
        assert not can_view("AM-2", customer, ORG).allowed
        assert can_view("GM", customer, ORG).allowed


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: can_view(42, CUSTOMER, ORG),
            "actor: expected an AccountManager or a staff id, got 42",
        ),
        (
            lambda: can_view("", CUSTOMER, ORG),
            "actor: expected an AccountManager or a staff id, got ''",
        ),
        (lambda: can_edit("AM-1", "C-1", ORG), "customer: expected a Customer, got 'C-1'"),
        (lambda: can_edit("AM-1", CUSTOMER, None), "org: expected an OrgChart, got None"),
    ],
)
def test_access_refuses_invalid_arguments(call: Any, message: str) -> None:
    """Wrong argument types raise ValidationError naming the argument."""
    with pytest.raises(ValidationError) as error:
        call()
    assert str(error.value) == message


def test_decision_round_trips_through_plain_data() -> None:
    """An access decision serializes and reads back equal."""
    decision = can_edit("SUP", CUSTOMER, ORG)
    assert from_dict(AccessDecision, to_dict(decision)) == decision


# ---------------------------------------------------------------------------- redaction


def test_preset_masks_more_at_higher_levels() -> None:
    """The export preset's steps [default]: public birthdays … confidential names too."""
    p = PersonalData
    assert EXPORT_REDACTION.masked_at(Confidentiality.PUBLIC) == (p.BIRTHDAY,)
    assert EXPORT_REDACTION.masked_at(Confidentiality.INTERNAL) == (p.PHONE, p.EMAIL, p.BIRTHDAY)
    assert EXPORT_REDACTION.masked_at(Confidentiality.CONFIDENTIAL) == tuple(p)
    assert EXPORT_REDACTION.masked_at(Confidentiality.SECRET) == tuple(p)
    assert all(STRICT_REDACTION.masked_at(level) == tuple(p) for level in Confidentiality)


def test_redact_customer_at_each_level() -> None:
    """A customer's contacts lose what the level masks; company data stays."""
    public = redact(CUSTOMER, Confidentiality.PUBLIC, EXPORT_REDACTION)
    internal = redact(CUSTOMER, Confidentiality.INTERNAL, EXPORT_REDACTION)
    secret = redact(CUSTOMER, Confidentiality.SECRET, EXPORT_REDACTION)
    assert public["contacts"][0] == {**to_dict(CONTACT), "birthday": "***"}
    assert internal["contacts"][0] == {
        **to_dict(CONTACT),
        "phones": ["***", "***"],
        "email": "***",
        "birthday": "***",
    }
    assert secret["contacts"][0]["name"] == "***"
    assert secret["name"] == "Eastern Steel Group"
    assert secret["manager_id"] == "AM-1"


def test_redact_accepts_the_plain_data_of_to_dict() -> None:
    """Redacting the object or its plain data gives the same export."""
    assert redact(to_dict(CUSTOMER), "secret", EXPORT_REDACTION) == redact(
        CUSTOMER, "secret", EXPORT_REDACTION
    )


def test_redact_keeps_none_and_the_number_of_phones() -> None:
    """Absent data stays absent and each phone becomes one mask."""
    bare = Customer(
        id="C-3",
        name="Bare Co",
        manager_id="AM-1",
        contacts=(Contact(id="P-2", name="Lin", phones=("13800138000",)),),
    )
    contact = redact(bare, "secret", EXPORT_REDACTION)["contacts"][0]
    assert (contact["phones"], contact["email"], contact["birthday"]) == (["***"], None, None)


def test_redact_masks_a_natural_person_customers_name() -> None:
    """A natural-person customer's own name is personal data 自然人客户."""
    person = Customer(
        id="C-4", name="Liu Yang", manager_id="AM-1", kind=CustomerKind.NATURAL_PERSON
    )
    assert redact(person, "confidential", EXPORT_REDACTION)["name"] == "***"
    assert redact(person, "internal", EXPORT_REDACTION)["name"] == "Liu Yang"


def test_redact_does_not_mask_staff_names() -> None:
    """Staff names are not the customer's personal data; a staff e-mail is still masked."""
    staff = AccountManager(id="AM-9", name="Zhou Ping", email="zhou@example.com")
    exported = redact(staff, "secret", EXPORT_REDACTION)
    assert (exported["name"], exported["email"]) == ("Zhou Ping", "***")


def test_redact_scrubs_phones_and_emails_in_free_text() -> None:
    """Numbers and addresses inside notes are masked; dates and short numbers stay."""
    data = {
        "notes": "call 138 0013 8000 or mail chen@example.com; met on 2025-01-02, room 305",
        "questions": ["reach me at +86-10-6552-9988?"],
    }
    assert redact(data, "internal", EXPORT_REDACTION) == {
        "notes": "call *** or mail ***; met on 2025-01-02, room 305",
        "questions": ["reach me at ***?"],
    }
    assert redact(data, "public", EXPORT_REDACTION) == data


def test_redact_does_not_change_its_input() -> None:
    """The input mapping is left as it was."""
    data = to_dict(CUSTOMER)
    before = json.dumps(data, sort_keys=True)
    redact(data, "secret", STRICT_REDACTION)
    assert json.dumps(data, sort_keys=True) == before


def test_redact_walks_lists_of_domain_objects() -> None:
    """A tuple of customers becomes a list of masked records."""
    exported = redact((CUSTOMER, CUSTOMER), "secret", EXPORT_REDACTION)
    assert [c["contacts"][0]["name"] for c in exported] == ["***", "***"]


def test_redact_uses_the_policys_keys_for_other_shapes() -> None:
    """A policy names the keys of another system's export."""
    policy = RedactionPolicy(
        name="crm-x",
        version="1",
        rules=STRICT_REDACTION.rules,
        mask="[hidden]",
        phone_keys=("handy",),
        person_keys=("people",),
    )
    data = {"people": [{"name": "Lin", "handy": "13800138000", "phone": "keep"}]}
    assert redact(data, "public", policy) == {
        "people": [{"name": "[hidden]", "handy": "[hidden]", "phone": "keep"}]
    }


def test_redaction_policy_round_trips_through_plain_data() -> None:
    """The preset survives to_dict and from_dict unchanged."""
    assert from_dict(RedactionPolicy, to_dict(EXPORT_REDACTION)) == EXPORT_REDACTION


def _rules(**masked: tuple[PersonalData, ...]) -> list[MaskingRule]:
    return [
        MaskingRule(level=Confidentiality(level), masked=kinds) for level, kinds in masked.items()
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"rules": _rules(public=(), internal=(), confidential=())},
            "rules must give exactly one rule per confidentiality level, got none for 'secret'",
        ),
        (
            {
                "rules": [
                    *_rules(public=(), internal=(), confidential=(), secret=()),
                    MaskingRule(level=Confidentiality.PUBLIC),
                ]
            },
            "rules must give exactly one rule per confidentiality level, got 2 for 'public'",
        ),
        (
            {
                "rules": _rules(
                    public=(),
                    internal=(PersonalData.PHONE,),
                    confidential=(PersonalData.PHONE, PersonalData.NAME),
                    secret=(PersonalData.NAME,),
                )
            },
            "a higher level must mask at least what a lower one masks: 'secret' leaves "
            "'phone' that 'confidential' masks",
        ),
        (
            {"rules": STRICT_REDACTION.rules, "mask": "x1x"},
            "mask: expected a non-blank mask of at most 20 characters without digits or '@', "
            "got 'x1x'",
        ),
        (
            {"rules": STRICT_REDACTION.rules, "phone_keys": ("phones", " ")},
            "phone_keys[1]: expected a non-blank text of at most 60 characters, got ' '",
        ),
    ],
)
def test_invalid_redaction_policy_is_refused(changes: dict[str, Any], message: str) -> None:
    """A contradictory redaction policy raises PolicyError saying what was expected."""
    with pytest.raises(PolicyError) as error:
        RedactionPolicy(name="bad", version="1", **changes)
    assert str(error.value) == message


def test_masking_rule_refuses_a_kind_twice() -> None:
    """Each kind of personal data appears once in a rule."""
    with pytest.raises(PolicyError, match=r"^masked: expected each kind of personal data at most"):
        MaskingRule(level=Confidentiality.PUBLIC, masked=(PersonalData.NAME, PersonalData.NAME))


def test_redact_refuses_an_unknown_level() -> None:
    """The level is one of the four 密级, by value."""
    with pytest.raises(ValidationError) as error:
        redact({}, "top-secret", EXPORT_REDACTION)
    assert str(error.value) == (
        "level: expected one of 'public', 'internal', 'confidential', 'secret', got 'top-secret'"
    )


def test_redact_refuses_a_missing_policy() -> None:
    """The policy is required and must be a RedactionPolicy."""
    with pytest.raises(ValidationError) as error:
        redact({}, "public", None)  # type: ignore[arg-type]
    assert str(error.value) == "policy: expected a RedactionPolicy, got None"

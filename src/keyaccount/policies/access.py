"""Customer information and confidentiality 客户资料保密: who may see it, who may change it.

The rule is the seed's, word for word: "集团客户所有的资料和相关信息只能由客户经理本人进行管理和
维护,上级部门领导可查阅,不得向其他任何人透露所辖客户的一切信息和通信记录" [seed 002] — a
customer's data is managed and maintained only by its own account manager; the superiors may
consult it; nobody else may be told anything.  Customer data is a company secret [seed 002
"公司机密包括…客户资料"] and carries a confidentiality level 密级 [seed 003 1.3 "确定客户资料的
密级"].

* :func:`can_view` and :func:`can_edit` answer for one person and one customer with an
  :class:`AccessDecision` — allowed or not, the rule that decided and the reason.  A "no" is a
  result, not an exception.  The confidentiality level does not widen or narrow who may see a
  customer: the seed's rule holds at every level.
* :func:`redact` masks personal data — phone numbers, e-mail addresses, birthdays and the names
  of persons — in data exported for other systems, according to the data's confidentiality
  level and a :class:`RedactionPolicy` [default].

The handbook's procedures for consulting and lending customer files (客户信息查阅/外借工作规范
[seed 003 2.6/2.7]) are named in its table of contents only; they are not modelled here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import pairwise
from typing import Any, ClassVar

import attrs
from attrs import frozen

from keyaccount.domain.customer import Confidentiality, Customer, CustomerKind
from keyaccount.domain.staff import AccountManager, OrgChart
from keyaccount.domain.values import IDENTIFIER_PATTERN, Identifier, LabelledEnum, identifier
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.serialization import to_dict
from keyaccount.validation import each, instance_of, text, to_tuple

__all__ = [
    "EXPORT_REDACTION",
    "STRICT_REDACTION",
    "AccessDecision",
    "AccessRule",
    "Action",
    "MaskingRule",
    "PersonalData",
    "RedactionPolicy",
    "can_edit",
    "can_view",
    "redact",
]


# ------------------------------------------------------------------------------- access


class Action(LabelledEnum):
    """What a person wants to do with a customer's data."""

    VIEW = "view", "查阅"
    EDIT = "edit", "管理和维护"


class AccessRule(LabelledEnum):
    """The part of the seed's rule that decided an access question [seed 002 保密]."""

    OWN_MANAGER = "own-manager", "只能由客户经理本人进行管理和维护"
    SUPERIOR = "superior", "上级部门领导可查阅"
    NOBODY_ELSE = "nobody-else", "不得向其他任何人透露"


@frozen(kw_only=True)
class AccessDecision:
    """The answer to "may this person view / edit this customer's data?" (保密规定).

    Fields:
        allowed: the answer.  The decision is also truthy exactly when allowed, so
            ``if can_view(...):`` reads as it should.
        action: view or edit.
        actor_id: who asked.
        customer_id: whose data.
        manager_id: the customer's own account manager.
        rule: the part of the rule that decided (own manager, superior, nobody else).
        reason: why, in one sentence.
    """

    allowed: bool = attrs.field(validator=instance_of(bool))
    action: Action = attrs.field(validator=instance_of(Action))
    actor_id: Identifier = attrs.field(validator=identifier(what="staff id"))
    customer_id: Identifier = attrs.field(validator=identifier(what="customer id"))
    manager_id: Identifier = attrs.field(validator=identifier(what="staff id"))
    rule: AccessRule = attrs.field(validator=instance_of(AccessRule))
    reason: str = attrs.field(validator=text(max_length=500))

    def __bool__(self) -> bool:
        return self.allowed

    def explain(self) -> str:
        """One line for a person: the answer, the reason and the rule's words."""
        verdict = "allowed" if self.allowed else "denied"
        return (
            f"{self.action.value} customer {self.customer_id} by {self.actor_id}: {verdict} — "
            f"{self.reason} ({self.rule.label_zh} [seed 002])."
        )


def _actor_id(actor: object) -> str:
    if isinstance(actor, AccountManager):
        return actor.id
    if isinstance(actor, str) and re.fullmatch(IDENTIFIER_PATTERN, actor) is not None:
        return actor
    raise ValidationError.of("actor", actor, "an AccountManager or a staff id")


def _check(customer: object, org: object) -> tuple[Customer, OrgChart]:
    if not isinstance(customer, Customer):
        raise ValidationError.of("customer", customer, "a Customer")
    if not isinstance(org, OrgChart):
        raise ValidationError.of("org", org, "an OrgChart")
    return customer, org


def _decide(
    action: Action,
    actor_id: str,
    customer: Customer,
    org: OrgChart,
    *,
    superior_may: bool,
) -> AccessDecision:
    manager_id = customer.manager_id

    def decision(allowed: bool, rule: AccessRule, reason: str) -> AccessDecision:
        return AccessDecision(
            allowed=allowed,
            action=action,
            actor_id=actor_id,
            customer_id=customer.id,
            manager_id=manager_id,
            rule=rule,
            reason=reason,
        )

    if actor_id == manager_id:
        return decision(
            True, AccessRule.OWN_MANAGER, f"{actor_id} is the customer's own account manager"
        )
    if org.is_superior(actor_id, manager_id):
        if superior_may:
            return decision(
                True,
                AccessRule.SUPERIOR,
                f"{actor_id} is a superior of the account manager {manager_id}",
            )
        return decision(
            False,
            AccessRule.OWN_MANAGER,
            f"only the account manager {manager_id} maintains the customer's data; "
            f"{actor_id} is a superior and may view it",
        )
    return decision(False, AccessRule.NOBODY_ELSE, _outsider_reason(actor_id, manager_id, org))


def can_view(actor: AccountManager | str, customer: Customer, org: OrgChart) -> AccessDecision:
    """May ``actor`` view ``customer``'s data?  Its manager and every superior above them may.

    Rule [seed 002 "上级部门领导可查阅,不得向其他任何人透露"]: allowed for the customer's own
    account manager (``customer.manager_id``) and for everyone above that manager in ``org``
    (direct and indirect superiors); denied for everyone else — colleagues, subordinates,
    people outside the chart.  When the manager is not in ``org`` no superior can be
    established, so only the manager may view.  ``actor`` is an AccountManager or a staff id.
    """
    actor_id = _actor_id(actor)
    checked, chart = _check(customer, org)
    return _decide(Action.VIEW, actor_id, checked, chart, superior_may=True)


def can_edit(actor: AccountManager | str, customer: Customer, org: OrgChart) -> AccessDecision:
    """May ``actor`` edit (manage and maintain) ``customer``'s data?  Only its own manager.

    Rule [seed 002 "只能由客户经理本人进行管理和维护"]: allowed for the customer's own account
    manager only.  A superior may view but not edit (``rule`` is ``own-manager``, the rule that
    limits them); anyone else is denied under ``nobody-else``.
    """
    actor_id = _actor_id(actor)
    checked, chart = _check(customer, org)
    return _decide(Action.EDIT, actor_id, checked, chart, superior_may=False)


def _outsider_reason(actor_id: str, manager_id: str, org: OrgChart) -> str:
    if manager_id not in org:
        return (
            f"{actor_id} is not the account manager {manager_id}, who is not in the org chart, "
            f"so no superior of theirs can be established"
        )
    if actor_id not in org:
        return f"{actor_id} is not in the org chart"
    return f"{actor_id} is neither the account manager {manager_id} nor one of their superiors"


# ---------------------------------------------------------------------------- redaction


class PersonalData(LabelledEnum):
    """A kind of personal data 个人信息 that an export may mask."""

    PHONE = "phone", "电话号码"
    EMAIL = "email", "电子邮箱"
    BIRTHDAY = "birthday", "生日"
    NAME = "name", "姓名"


@frozen(kw_only=True)
class MaskingRule:
    """What is masked in data of one confidentiality level 密级."""

    error_class: ClassVar[type[ValidationError]] = PolicyError

    level: Confidentiality = attrs.field(validator=instance_of(Confidentiality))
    masked: tuple[PersonalData, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=each(instance_of(PersonalData), container="kinds of personal data"),
    )

    def __attrs_post_init__(self) -> None:
        if len(set(self.masked)) != len(self.masked):
            raise PolicyError.of("masked", self.masked, "each kind of personal data at most once")


_KEYS = each(text(max_length=60), container="keys")
_MASK = text(
    max_length=20,
    pattern=r"[^0-9@]+",
    what="a non-blank mask of at most 20 characters without digits or '@'",
)


@frozen(kw_only=True)
class RedactionPolicy:
    """How exports mask personal data 数据脱敏规则, by confidentiality level.

    Fields:
        name / version: identify the policy.
        rules: one :class:`MaskingRule` per confidentiality level, all four levels; a higher
            level must mask at least what a lower one masks.
        mask: the text that replaces a masked value (no digits and no ``@``, so masking
            twice changes nothing).
        phone_keys / email_keys / birthday_keys: keys whose values are phone numbers, e-mail
            addresses and birthdays, wherever they appear.
        name_keys: keys holding a person's name; masked only in person records — the items
            under a ``person_keys`` key (a customer's contacts) and a natural-person customer
            itself (``"kind": "natural-person"``).  Company and staff names are not personal
            data of the customer and stay.
        person_keys: keys whose value is a person record or a list of them.
        free_text_keys: keys holding free text (notes, descriptions); phone numbers (7 digits
            or more) and e-mail addresses found in them are masked when those kinds are.
            Birthdays cannot be told apart from other dates in free text and are left.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(validator=text(max_length=100))
    version: str = attrs.field(validator=text(max_length=40))
    rules: tuple[MaskingRule, ...] = attrs.field(
        converter=to_tuple, validator=each(instance_of(MaskingRule), container="rules")
    )
    mask: str = attrs.field(default="***", validator=_MASK)
    phone_keys: tuple[str, ...] = attrs.field(
        default=("phones", "phone", "mobile", "tel", "fax"), converter=to_tuple, validator=_KEYS
    )
    email_keys: tuple[str, ...] = attrs.field(
        default=("email", "emails"), converter=to_tuple, validator=_KEYS
    )
    birthday_keys: tuple[str, ...] = attrs.field(
        default=("birthday", "birth_date", "date_of_birth"), converter=to_tuple, validator=_KEYS
    )
    name_keys: tuple[str, ...] = attrs.field(default=("name",), converter=to_tuple, validator=_KEYS)
    person_keys: tuple[str, ...] = attrs.field(
        default=("contacts", "contact", "key_persons", "key_person"),
        converter=to_tuple,
        validator=_KEYS,
    )
    free_text_keys: tuple[str, ...] = attrs.field(
        default=("note", "notes", "description", "answer", "questions"),
        converter=to_tuple,
        validator=_KEYS,
    )

    def __attrs_post_init__(self) -> None:
        levels = [rule.level for rule in self.rules]
        for level in Confidentiality:
            if levels.count(level) != 1:
                found = "none" if level not in levels else f"{levels.count(level)}"
                raise PolicyError(
                    f"rules must give exactly one rule per confidentiality level, got {found} "
                    f"for {level.value!r}"
                )
        ordered = sorted(self.rules, key=lambda rule: rule.level.rank)
        for lower, higher in pairwise(ordered):
            revealed = [k for k in lower.masked if k not in higher.masked]
            if revealed:
                names = ", ".join(repr(k.value) for k in revealed)
                raise PolicyError(
                    f"a higher level must mask at least what a lower one masks: "
                    f"{higher.level.value!r} leaves {names} that {lower.level.value!r} masks"
                )

    def masked_at(self, level: Confidentiality) -> tuple[PersonalData, ...]:
        """The kinds of personal data masked at ``level``, in :class:`PersonalData` order."""
        chosen = Confidentiality.parse(level, field="level")
        rule = next(r for r in self.rules if r.level is chosen)
        return tuple(k for k in PersonalData if k in rule.masked)


_P = PersonalData
_C = Confidentiality

EXPORT_REDACTION = RedactionPolicy(
    name="export-default",
    version="1",
    rules=(
        MaskingRule(level=_C.PUBLIC, masked=(_P.BIRTHDAY,)),
        MaskingRule(level=_C.INTERNAL, masked=(_P.PHONE, _P.EMAIL, _P.BIRTHDAY)),
        MaskingRule(level=_C.CONFIDENTIAL, masked=(_P.PHONE, _P.EMAIL, _P.BIRTHDAY, _P.NAME)),
        MaskingRule(level=_C.SECRET, masked=(_P.PHONE, _P.EMAIL, _P.BIRTHDAY, _P.NAME)),
    ),
)
"""Masking for exports to other systems by the data's level 密级 [default].

The seeds require customer data to stay with its manager and superiors [seed 002] and give it a
level [seed 003 1.3], but say nothing of exports; the steps are ours: public data loses
birthdays (never business information), internal data also phones and e-mail addresses,
confidential 秘密 and secret 机密 data — the default level of a customer is confidential —
also the names of persons.
"""

STRICT_REDACTION = RedactionPolicy(
    name="export-strict",
    version="1",
    rules=tuple(
        MaskingRule(level=level, masked=(_P.PHONE, _P.EMAIL, _P.BIRTHDAY, _P.NAME))
        for level in Confidentiality
    ),
)
"""Every kind of personal data masked at every level [default]: for data leaving the company,
where "不得向其他任何人透露" [seed 002] admits no exception."""


# A phone number in free text: 7 or more digits, optionally led by '+', with up to three spaces,
# dashes or brackets between digits.  ISO dates (2025-01-02) are matched first by the other
# branch and kept, so "met on 2025-01-02 10:30" keeps its date.
_PHONE_IN_TEXT = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})|\+?\(?\d(?:[ \-()]{0,3}\d){6,}")
_EMAIL_IN_TEXT = re.compile(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+")


class _Redactor:
    """One redaction run: the policy's keys and the kinds masked at the level."""

    def __init__(self, policy: RedactionPolicy, masked: tuple[PersonalData, ...]) -> None:
        self.mask = policy.mask
        self.masked_keys: set[str] = set()
        if _P.PHONE in masked:
            self.masked_keys.update(policy.phone_keys)
        if _P.EMAIL in masked:
            self.masked_keys.update(policy.email_keys)
        if _P.BIRTHDAY in masked:
            self.masked_keys.update(policy.birthday_keys)
        self.name_keys = set(policy.name_keys) if _P.NAME in masked else set()
        self.person_keys = set(policy.person_keys)
        self.free_text_keys = set(policy.free_text_keys)
        self.scrub_phones = _P.PHONE in masked
        self.scrub_emails = _P.EMAIL in masked

    def value(self, data: Any, *, person: bool = False) -> Any:
        if isinstance(data, Mapping):
            return self.record(data, person=person)
        if isinstance(data, list | tuple):
            return [self.value(item, person=person) for item in data]
        return data

    def record(self, data: Mapping[Any, Any], *, person: bool) -> dict[Any, Any]:
        person = person or data.get("kind") == CustomerKind.NATURAL_PERSON.value
        result: dict[Any, Any] = {}
        for key, item in data.items():
            if key in self.masked_keys or (person and key in self.name_keys):
                result[key] = self.masked(item)
            elif key in self.free_text_keys:
                result[key] = self.scrubbed(item)
            elif key in self.person_keys:
                result[key] = self.value(item, person=True)
            else:
                result[key] = self.value(item)
        return result

    def masked(self, item: Any) -> Any:
        if item is None:
            return None
        if isinstance(item, list | tuple):
            return [self.masked(x) for x in item]
        return self.mask

    def scrubbed(self, item: Any) -> Any:
        if isinstance(item, str):
            if self.scrub_emails:
                item = _EMAIL_IN_TEXT.sub(self.mask, item)
            if self.scrub_phones:
                item = _PHONE_IN_TEXT.sub(self._phone, item)
            return item
        if isinstance(item, list | tuple):
            return [self.scrubbed(x) for x in item]
        return self.value(item)

    def _phone(self, match: re.Match[str]) -> str:
        return match.group(0) if match.group("date") else self.mask


def redact(data: Any, level: Confidentiality | str, policy: RedactionPolicy) -> Any:
    """Mask personal data in exported ``data`` for its confidentiality ``level`` 数据脱敏.

    ``data`` is what :func:`keyaccount.serialization.to_dict` produces — mappings, lists and
    plain values — or a domain object (or a tuple of them), which is turned into that plain data
    first: a masked phone number is no longer a phone number, so the result is always plain
    data, never a domain object.  The input is not changed.

    Rule: the kinds of personal data ``policy`` masks at ``level`` (see
    :meth:`RedactionPolicy.masked_at`; with :data:`EXPORT_REDACTION` a confidential customer
    loses phones, e-mails, birthdays and contact names) are replaced by ``policy.mask`` — each
    phone of a list by one mask, so the count stays; ``None`` stays ``None``.  Phone numbers and
    e-mail addresses inside free text are masked too.  Pass ``customer.confidentiality`` as
    ``level`` to follow the customer's own 密级.

    Masking is idempotent: redacting the output again with the same level and policy changes
    nothing.
    """
    if not isinstance(policy, RedactionPolicy):
        raise ValidationError.of("policy", policy, "a RedactionPolicy")
    chosen = Confidentiality.parse(level, field="level")
    try:
        plain = to_dict(data) if _is_domain(data) else data
        return _Redactor(policy, policy.masked_at(chosen)).value(plain)
    except RecursionError:  # both walk the data recursively
        raise ValidationError.of(
            "data", "(nested too deeply)", "data nested less deeply than the recursion limit"
        ) from None


def _is_domain(data: Any) -> bool:
    if attrs.has(type(data)):
        return True
    return isinstance(data, tuple) and any(attrs.has(type(item)) for item in data)

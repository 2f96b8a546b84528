"""Staff of the department: account managers and their superiors (客户经理、上级)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs
from attrs import frozen

from keyaccount.domain.values import Identifier, LabelledEnum, identifier
from keyaccount.errors import ValidationError
from keyaccount.validation import instance_of, optional, text

__all__ = ["AccountManager", "OrgChart", "Qualification", "Role"]


class Qualification(LabelledEnum):
    """Qualification level of an account manager 客户经理资格 [seed 004 篇6 4.2].

    Only intermediate or senior account managers may manage key accounts
    ("惟有具有中、高级资格的客户经理才有权管理大客户").
    """

    JUNIOR = "junior", "初级"
    INTERMEDIATE = "intermediate", "中级"
    SENIOR = "senior", "高级"


class Role(LabelledEnum):
    """Position in the department 岗位 [seed 000 第六–九条; seed 003 ch.1]."""

    GENERAL_MANAGER = "general-manager", "大客户部经理"
    DEPUTY_MANAGER = "deputy-manager", "大客户部副经理"
    SUPERVISOR = "supervisor", "主管"
    ACCOUNT_MANAGER = "account-manager", "客户经理"
    ASSISTANT_MANAGER = "assistant-manager", "客户经理助理"
    SPECIALIST = "specialist", "客户专员"
    CLERK = "clerk", "文员"
    SERVICE_AGENT = "service-agent", "客服人员"
    ADMIN_ASSISTANT = "admin-assistant", "行政助理"


@frozen(kw_only=True)
class AccountManager:
    """A member of staff 员工 — usually an account manager 客户经理.

    Fields:
        id: staff identifier.
        name: display name.
        role: position in the department (default account manager).
        qualification: junior / intermediate 中级 / senior 高级 (default junior).
        superior_id: the id of the person this one reports to (``None`` at the top).
        email: optional work e-mail.
    """

    id: Identifier = attrs.field(validator=identifier(what="staff id"))
    name: str = attrs.field(validator=text(max_length=100))
    role: Role = attrs.field(default=Role.ACCOUNT_MANAGER, validator=instance_of(Role))
    qualification: Qualification = attrs.field(
        default=Qualification.JUNIOR, validator=instance_of(Qualification)
    )
    superior_id: Identifier | None = attrs.field(
        default=None, validator=optional(identifier(what="staff id"))
    )
    email: str | None = attrs.field(default=None, validator=optional(text(max_length=200)))

    def __attrs_post_init__(self) -> None:
        if self.superior_id == self.id:
            raise ValidationError.of("superior_id", self.superior_id, "someone other than self")

    @property
    def may_manage_key_accounts(self) -> bool:
        """True for intermediate and senior managers [seed 004 篇6 4.2]."""
        return self.qualification is not Qualification.JUNIOR


@frozen
class OrgChart:
    """Who reports to whom 组织架构: staff by id, with the chain of superiors.

    Build it with ``OrgChart.of(staff)``.  Every ``superior_id`` must name a member of the
    chart and the reporting lines must not form a cycle.
    """

    staff: tuple[AccountManager, ...] = attrs.field(validator=instance_of(tuple))
    _by_id: Mapping[str, AccountManager] = attrs.field(init=False, eq=False, repr=False, hash=False)

    @classmethod
    def of(cls, staff: Iterable[AccountManager]) -> OrgChart:
        """The chart of ``staff`` (any iterable of :class:`AccountManager`)."""
        if isinstance(staff, str | bytes | Mapping) or not isinstance(staff, Iterable):
            raise ValidationError.of("staff", staff, "an iterable of AccountManager")
        return cls(tuple(staff))

    def __attrs_post_init__(self) -> None:
        by_id: dict[str, AccountManager] = {}
        for index, person in enumerate(self.staff):
            if not isinstance(person, AccountManager):
                raise ValidationError.of(f"staff[{index}]", person, "an AccountManager")
            if person.id in by_id:
                raise ValidationError.of(f"staff[{index}].id", person.id, "a unique staff id")
            by_id[person.id] = person
        for index, person in enumerate(self.staff):
            if person.superior_id is not None and person.superior_id not in by_id:
                raise ValidationError.of(
                    f"staff[{index}].superior_id", person.superior_id, "the id of a staff member"
                )
        object.__setattr__(self, "_by_id", by_id)
        for person in self.staff:  # every chain must end: no reporting cycles
            seen = {person.id}
            for boss in self.superiors(person.id):
                if boss.id in seen:
                    raise ValidationError.of("staff", person.id, "reporting lines without a cycle")
                seen.add(boss.id)

    def __contains__(self, staff_id: object) -> bool:
        return isinstance(staff_id, str) and staff_id in self._by_id

    def __len__(self) -> int:
        return len(self.staff)

    def get(self, staff_id: str) -> AccountManager | None:
        """The staff member with ``staff_id``, or ``None`` (also for anything but a text)."""
        return self._by_id.get(staff_id) if isinstance(staff_id, str) else None

    def superior(self, staff_id: str) -> AccountManager | None:
        """The direct superior of ``staff_id`` (``None`` at the top or if unknown)."""
        person = self.get(staff_id)
        if person is None or person.superior_id is None:
            return None
        return self._by_id[person.superior_id]

    def superiors(self, staff_id: str) -> Iterator[AccountManager]:
        """Every superior of ``staff_id``, nearest first, up to the top of the chart."""
        seen: set[str] = set()
        boss = self.superior(staff_id)
        while boss is not None and boss.id not in seen:
            yield boss
            seen.add(boss.id)
            boss = self.superior(boss.id)

    def is_superior(self, boss_id: str, staff_id: str) -> bool:
        """True when ``boss_id`` is above ``staff_id`` in the reporting line."""
        return any(b.id == boss_id for b in self.superiors(staff_id))

    def reports(self, boss_id: str) -> tuple[AccountManager, ...]:
        """Everyone below ``boss_id`` (direct and indirect), in chart order."""
        return tuple(p for p in self.staff if self.is_superior(boss_id, p.id))

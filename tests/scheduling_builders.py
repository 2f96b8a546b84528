"""Builders shared by the scheduling tests: the quiet policy, moments, and customer C1's
records, changed as needed.

The tests directory is on ``sys.path`` (pytest puts the directory of the top ``conftest.py``
there), so test modules import these as ``from scheduling_builders import QUIET, at``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from keyaccount.domain import Channel, Contract, ContractStatus, Customer, Money, Visit
from keyaccount.policies.scheduling import (
    SEED_CADENCE,
    SEED_SCHEDULING,
    CourtesyRule,
    DailyHours,
    SchedulingPolicy,
    Span,
    SpanUnit,
)

SH = ZoneInfo("Asia/Shanghai")
QUIET = attrs.evolve(
    SEED_SCHEDULING,
    cadence=attrs.evolve(SEED_CADENCE, enabled=False),
    festival=attrs.evolve(SEED_SCHEDULING.festival, enabled=False),
    birthday=attrs.evolve(SEED_SCHEDULING.birthday, enabled=False),
    active_service=attrs.evolve(SEED_SCHEDULING.active_service, enabled=False),
)
"""The preset with the recurring rules switched off, so one event rule can be seen alone."""


def texting(start: time, end: time, **warranty: Any) -> SchedulingPolicy:
    """The quiet policy with texts on working days only, from ``start`` to ``end`` (greetings
    sent at ``start``), and each handover answered by a text within one working hour;
    ``warranty`` changes more of the warranty rule."""
    return attrs.evolve(
        QUIET,
        festival=attrs.evolve(QUIET.festival, send_at=start),
        birthday=attrs.evolve(QUIET.birthday, send_at=start),
        courtesy=CourtesyRule(rest_day_channels=(), message_hours=DailyHours(start=start, end=end)),
        warranty=attrs.evolve(
            QUIET.warranty,
            channel=Channel.SMS,
            handover_within=Span(count=1, unit=SpanUnit.WORKING_HOUR),
            **warranty,
        ),
    )


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Shanghai (10:00 unless told)."""
    return datetime(year, month, day, hour, minute, tzinfo=SH)


def customer(customer_id: str = "C1", **changes: Any) -> Customer:
    """Acme 集团, a customer of manager M1, with ``changes``."""
    fields: dict[str, Any] = {"id": customer_id, "name": "Acme 集团", "manager_id": "M1"}
    fields.update(changes)
    return Customer(**fields)


def visit(day: datetime, channel: Channel = Channel.PHONE, ident: str = "V1", **more: Any) -> Visit:
    """A contact with C1 done by M1 at ``day`` (by phone unless told)."""
    return Visit(id=ident, customer_id="C1", manager_id="M1", channel=channel, done_at=day, **more)


def contract(**changes: Any) -> Contract:
    """C1's signed 2025 contract K1 worth 500,000 CNY, with ``changes``."""
    fields: dict[str, Any] = {
        "id": "K1",
        "customer_id": "C1",
        "manager_id": "M1",
        "value": Money.of(500_000),
        "start": date(2025, 1, 1),
        "end": date(2025, 12, 31),
        "signed_on": date(2025, 1, 1),
        "status": ContractStatus.SIGNED,
    }
    fields.update(changes)
    return Contract(**fields)

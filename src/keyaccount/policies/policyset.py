"""All policies together 制度汇编: one named, versioned set, and versions over time.

A :class:`PolicySet` gathers every policy of the library — the business calendar, grading,
scheduling, the appraisal scheme, complaints, contracts, redaction and retention — under a
``name`` and ``version`` that every evaluation records, for audit.  A set may carry the dates it
is in force (``valid_from``/``valid_until``).

A :class:`PolicyHistory` holds successive versions.  An event is judged by the version in force
on its date (:meth:`PolicyHistory.in_force`), so results computed last year stay reproducible
after this year's change — no cloning of policies, no recomputation of history.

Both load from a plain mapping (:func:`keyaccount.serialization.from_dict`) and, at the edge,
from TOML or JSON files (:mod:`keyaccount.files`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

import attrs
from attrs import frozen

from keyaccount.calendar import CHINA_CALENDAR, BusinessCalendar
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.access import EXPORT_REDACTION, RedactionPolicy
from keyaccount.policies.complaints import SEVERITY_COMPLAINT_POLICY, ComplaintPolicy
from keyaccount.policies.contracts import CONTRACT_POLICY, ContractPolicy
from keyaccount.policies.grading import AbcPolicy, CreditPolicy, ScorecardPolicy, StabilityPolicy
from keyaccount.policies.grading_presets import (
    CREDIT_LEVELS,
    GRADE_STABILITY,
    KEY_ACCOUNT_SCORECARD,
    PARETO_ABC,
)
from keyaccount.policies.kpi import SPECIALIST_MONTHLY, AppraisalScheme
from keyaccount.policies.retention import SEED_RETENTION_POLICY, RetentionPolicy
from keyaccount.policies.scheduling import SEED_SCHEDULING, SchedulingPolicy
from keyaccount.validation import (
    each,
    instance_of,
    optional,
    plain_date,
    require_day,
    text,
    to_tuple,
)

__all__ = ["DEFAULT_POLICY_SET", "SOURCES", "GradingPolicies", "PolicyHistory", "PolicySet"]


@frozen(kw_only=True)
class GradingPolicies:
    """The grading policies 客户分级 used together: ABC, scorecard, credit and stability."""

    error_class: ClassVar[type[ValidationError]] = PolicyError

    abc: AbcPolicy = attrs.field(default=PARETO_ABC, validator=instance_of(AbcPolicy))
    scorecard: ScorecardPolicy = attrs.field(
        default=KEY_ACCOUNT_SCORECARD, validator=instance_of(ScorecardPolicy)
    )
    credit: CreditPolicy = attrs.field(default=CREDIT_LEVELS, validator=instance_of(CreditPolicy))
    stability: StabilityPolicy = attrs.field(
        default=GRADE_STABILITY, validator=instance_of(StabilityPolicy)
    )


@frozen(kw_only=True)
class PolicySet:
    """Every policy of the department, named and versioned (制度汇编).

    Fields:
        name, version: recorded by every evaluation, for audit.
        valid_from, valid_until: the first and last day the set is in force (inclusive;
            ``None`` for open-ended).
        calendar: the business calendar (working days and hours).
        grading: ABC, scorecard, credit rating and grade stability.
        scheduling: the revisit-scheduling rules.
        appraisal: the appraisal scheme used for account staff.
        complaints: complaint SLAs.
        contracts: contract review, renewal reminders and receivables ageing.
        redaction: what export masks at each confidentiality level.
        retention: the churn-warning rules.

    Every field has the library's preset as its default, so a file need only name what it
    changes; unknown keys are rejected.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(default="keyaccount-presets", validator=text(max_length=100))
    version: str = attrs.field(default="1", validator=text(max_length=50))
    valid_from: date | None = attrs.field(default=None, validator=optional(plain_date))
    valid_until: date | None = attrs.field(default=None, validator=optional(plain_date))
    calendar: BusinessCalendar = attrs.field(
        default=CHINA_CALENDAR, validator=instance_of(BusinessCalendar)
    )
    grading: GradingPolicies = attrs.field(
        factory=GradingPolicies, validator=instance_of(GradingPolicies)
    )
    scheduling: SchedulingPolicy = attrs.field(
        default=SEED_SCHEDULING, validator=instance_of(SchedulingPolicy)
    )
    appraisal: AppraisalScheme = attrs.field(
        default=SPECIALIST_MONTHLY, validator=instance_of(AppraisalScheme)
    )
    complaints: ComplaintPolicy = attrs.field(
        default=SEVERITY_COMPLAINT_POLICY, validator=instance_of(ComplaintPolicy)
    )
    contracts: ContractPolicy = attrs.field(
        default=CONTRACT_POLICY, validator=instance_of(ContractPolicy)
    )
    redaction: RedactionPolicy = attrs.field(
        default=EXPORT_REDACTION, validator=instance_of(RedactionPolicy)
    )
    retention: RetentionPolicy = attrs.field(
        default=SEED_RETENTION_POLICY, validator=instance_of(RetentionPolicy)
    )

    def __attrs_post_init__(self) -> None:
        if (
            self.valid_from is not None
            and self.valid_until is not None
            and self.valid_until < self.valid_from
        ):
            raise PolicyError.of(
                "valid_until", self.valid_until, f"a day on or after valid_from ({self.valid_from})"
            )

    @property
    def label(self) -> str:
        """``name@version``, as recorded in results."""
        return f"{self.name}@{self.version}"

    def in_force_on(self, day: date) -> bool:
        """True when ``day`` lies within ``valid_from``..``valid_until``."""
        require_day(day, "day", error=PolicyError)
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


DEFAULT_POLICY_SET = PolicySet()
"""Every preset of the library (each documents its source: a seed, or our default)."""


def _versions(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    each(instance_of(PolicySet), container="policy sets")(instance, attribute, value)
    if not value:
        raise PolicyError.of("versions", value, "at least one policy set")
    for index in range(1, len(value)):
        before, after = value[index - 1], value[index]
        if before.valid_until is None or after.valid_from is None:
            raise PolicyError.of(
                f"versions[{index}].valid_from",
                after.valid_from,
                "versions ordered by date, each but the last with valid_until and each but "
                "the first with valid_from",
            )
        if after.valid_from <= before.valid_until:
            raise PolicyError.of(
                f"versions[{index}].valid_from",
                after.valid_from,
                f"a day after versions[{index - 1}].valid_until ({before.valid_until})",
            )


@frozen(kw_only=True)
class PolicyHistory:
    """Successive policy sets 制度版本, each in force for its own dates, oldest first.

    Periods must not overlap; gaps are allowed (a day in a gap has no policy in force).
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    versions: tuple[PolicySet, ...] = attrs.field(converter=to_tuple, validator=_versions)

    def in_force(self, day: date) -> PolicySet:
        """The set in force on ``day``; a PolicyError names the day when none is."""
        for version in self.versions:
            if version.in_force_on(day):
                return version
        spans = ", ".join(
            f"{v.label}: {v.valid_from or '…'}..{v.valid_until or '…'}" for v in self.versions
        )
        raise PolicyError.of("day", day, f"a day within a policy set's dates ({spans})")

    @property
    def latest(self) -> PolicySet:
        """The newest version."""
        return self.versions[-1]


SOURCES: dict[str, str] = {
    "": "keyaccount policy set: every preset of the library. Edit what you need; a key left out\n"
    "takes the preset. Sources: [seed NNN] is a source document, [default] is our choice.",
    "calendar": "Business calendar: mainland-China official holidays and make-up working days\n"
    "(from the holidays package); company closed and working days; working hours\n"
    "08:00-12:00 and 13:30-17:30 [seed 004 篇5 作息时间].",
    "grading.abc": "ABC / Pareto: about 80 % of profit from 20 % of customers [seed 004 篇6 §3];\n"
    "cut-offs 80 % / 95 % of cumulative value [default].",
    "grading.scorecard": "Scorecard 大客户评定表: factors named by the seeds [seed 003 4.64-4.66;\n"
    "seed 000; seed 004 §4.3]; weights 30/25/15/15/10/5 and bands A>=80, B>=65, C>=50\n"
    "[default].",
    "grading.credit": "Credit rating 客户信用评估 [seed 003 4.70-4.72]: levels, limits and terms\n"
    "[default]; dangerous customer 危险客户 at level D or > 90 days overdue.",
    "grading.stability": "Grade stability: a change applies after N periods or past a margin\n"
    "[default].",
    "scheduling": "Revisit scheduling 拜访/回访计划 [seed 002; seed 004 篇1/篇5/篇8]: cadence by\n"
    "grade [default numbers], first contact within a week, revisit within 3 days of a\n"
    "service, warranty calls, festival greetings, birthday care, retention contacts.",
    "appraisal": "Account specialist's monthly appraisal 客户专员月度考核表 [seed 000/001]:\n"
    "visits 40, expansion 25, deals 20, daily work 15; rating bands [default].",
    "complaints": "Complaint SLAs [seed 004 篇5 '一般在24小时内']: acknowledge in 2 working\n"
    "hours; resolve by severity, general 48 h, serious 24 h, major 8 h [default].",
    "contracts": "Contracts: review before signing [seed 004 合同评审] with value thresholds,\n"
    "renewal reminders 90/60/30 days, ageing buckets 30/60/90 days [default].",
    "redaction": "Confidentiality 保密 [seed 002]: personal data masked on export by level\n"
    "[default].",
    "retention": "Retention warning 离网预警 [seed 002 客户挽留]: signals and weights [default].",
}
"""Comments for an editable policy file, by dotted path (``""`` is the file header)."""

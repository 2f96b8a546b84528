"""The department's monthly cycle over a whole portfolio, under one policy set (or history).

:func:`evaluate` runs every policy of the library over a :class:`~keyaccount.domain.Portfolio`
as of ``today``: ABC classes, scorecard grades with stability, credit ratings, the touchpoint
plan for the coming days and what is overdue, complaint SLAs and escalations, appraisal scores,
retention risk, receivables ageing and renewal reminders.  The result keeps every policy
result (each explains itself) and records the policy set that produced it.

Each event is judged by the policy set in force on its date when a
:class:`~keyaccount.policies.policyset.PolicyHistory` is given: grading and planning by the set
in force ``today``, an appraisal by the set in force on its period's last day, a complaint by the
set in force on the day it was received.

Pure: no clock and no I/O; ``today`` and ``now`` are parameters.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import attrs
from attrs import frozen

from keyaccount.calendar import LAST_YEAR, check_day, check_moment
from keyaccount.domain import CustomerHistory, Period, Portfolio
from keyaccount.errors import ValidationError
from keyaccount.policies.complaints import Escalation, SlaReport, escalation, sla_status
from keyaccount.policies.contracts import (
    OverduePaymentsReport,
    ReceivablesAgeing,
    RenewalReminder,
    overdue_payments_report,
    receivables_ageing,
    renewal_reminders,
)
from keyaccount.policies.grading import (
    GradeHistory,
    GradeObservation,
    PortfolioGrading,
    StableGrade,
    grade_portfolio,
    scorecard,
    stable_grade,
)
from keyaccount.policies.kpi import AppraisalScore, score_appraisal
from keyaccount.policies.policyset import PolicyHistory, PolicySet
from keyaccount.policies.retention import RetentionRisk, retention_risk
from keyaccount.policies.scheduling import OverdueReport, PortfolioPlan, overdue, plan_portfolio
from keyaccount.validation import require_day

__all__ = ["Evaluation", "evaluate", "grading_period"]

_END_OF_DAY = time(18, 0)


@frozen(kw_only=True)
class Evaluation:
    """Everything the policies say about a portfolio on one day (one monthly cycle).

    Fields:
        policy: ``name@version`` of the policy set in force ``today``.
        policies: labels of every policy set used (several when a history spans dates).
        today: the day evaluated; ``now``: the moment SLAs were measured at.
        period: the figures period graded (the latest one ended by ``today``), or ``None``.
        grading: ABC classes, scorecard results and credit ratings of ``period``.
        grades: the grade applied per customer after the stability rule.
        plan: touchpoints from ``today`` over the horizon, per customer, with capacity
            conflicts — planned with the grades just applied.
        overdue: per customer, touchpoints whose deadline passed without a matching contact.
        complaints: SLA status of every complaint still open.
        escalations: complaints to pass up to a superior.
        appraisals: every appraisal scored under the scheme in force at its period's end.
        retention: churn-warning risk per customer.
        ageing, overdue_payments, renewals: receivables ageing, the overdue-payments report and
            renewal reminders.
    """

    policy: str
    policies: tuple[str, ...]
    today: date
    now: datetime
    period: Period | None
    grading: PortfolioGrading | None
    grades: tuple[StableGrade, ...]
    plan: PortfolioPlan
    overdue: tuple[OverdueReport, ...]
    complaints: tuple[SlaReport, ...]
    escalations: tuple[Escalation, ...]
    appraisals: tuple[AppraisalScore, ...]
    retention: tuple[RetentionRisk, ...]
    ageing: ReceivablesAgeing
    overdue_payments: OverduePaymentsReport
    renewals: tuple[RenewalReminder, ...]

    def grade_of(self, customer_id: str) -> StableGrade | None:
        """The applied grade of ``customer_id``, if graded."""
        for grade in self.grades:
            if grade.customer_id == customer_id:
                return grade
        return None

    def grade_counts(self) -> dict[str, int]:
        """How many customers hold each applied grade (``"A"`` … ``"D"``)."""
        counts = Counter(g.grade.value for g in self.grades)
        return {grade: counts[grade] for grade in "ABCD"}

    def open_overdue(self) -> int:
        """Overdue touchpoints with no contact at all (late contacts excluded)."""
        return sum(1 for r in self.overdue for i in r.items if i.done_late_at is None)


def grading_period(portfolio: Portfolio, today: date) -> Period | None:
    """The latest figures period that ended on or before ``today`` (else the earliest one)."""
    if not isinstance(portfolio, Portfolio):
        raise ValidationError.of("portfolio", portfolio, "a Portfolio")
    require_day(today, "today")
    periods = portfolio.periods()
    ended = [p for p in periods if p.end <= today]
    if ended:
        return ended[-1]
    return periods[0] if periods else None


def _policy_at(policies: PolicySet | PolicyHistory, day: date) -> PolicySet:
    return policies if isinstance(policies, PolicySet) else policies.in_force(day)


def evaluate(
    portfolio: Portfolio,
    policies: PolicySet | PolicyHistory,
    *,
    today: date,
    horizon_days: int = 30,
    now: datetime | None = None,
) -> Evaluation:
    """Run the monthly cycle over ``portfolio`` as of ``today``.

    Args:
        portfolio: the customers, staff, figures and history.
        policies: one policy set, or a history whose versions are picked by date.
        today: the day to evaluate; touchpoints are planned from it.
        horizon_days: how many days ahead to plan (default 30).
        now: when complaint SLAs are measured (default: 18:00 on ``today`` in the calendar's
            time zone, after the working day).
    """
    if not isinstance(portfolio, Portfolio):
        raise ValidationError.of("portfolio", portfolio, "a Portfolio")
    if not isinstance(policies, PolicySet | PolicyHistory):
        raise ValidationError.of("policies", policies, "a PolicySet or a PolicyHistory")
    require_day(today, "today")
    if isinstance(horizon_days, bool) or not isinstance(horizon_days, int) or horizon_days < 1:
        raise ValidationError.of("horizon_days", horizon_days, "a whole number >= 1")
    check_day(today, "today")  # within the calendar's years
    most = (date(LAST_YEAR, 12, 31) - today).days + 1
    if horizon_days > most:
        raise ValidationError.of(
            "horizon_days", horizon_days, f"a whole number from 1 to {most} (to {LAST_YEAR}-12-31)"
        )
    current = _policy_at(policies, today)
    calendar = current.calendar
    if now is not None:
        check_moment(now, "now", calendar.working_hours.zone)
    moment = now or datetime.combine(today, _END_OF_DAY, calendar.working_hours.zone)
    used = {current.label}

    period = grading_period(portfolio, today)
    grading: PortfolioGrading | None = None
    grades: list[StableGrade] = []
    if period is not None:
        grading = grade_portfolio(
            portfolio.customers,
            portfolio.figures_for(period).values(),
            abc_policy=current.grading.abc,
            scorecard_policy=current.grading.scorecard,
            credit_policy=current.grading.credit,
            as_of=period.end,
        )
        grades = _stable_grades(portfolio, current, period, grading)

    # The month's work follows the grades just applied (a regraded customer's cadence changes);
    # past work is judged by the grades that were in force when it was due.
    histories = portfolio.histories()
    plan = plan_portfolio(
        _with_grades(histories, grades),
        current.scheduling,
        start=today,
        end=today + timedelta(days=horizon_days - 1),
        calendar=calendar,
    )
    late = tuple(
        report
        for report in (
            overdue(h, current.scheduling, today=today, calendar=calendar)
            for h in histories.values()
        )
        if report.items
    )

    complaints: list[SlaReport] = []
    escalations: list[Escalation] = []
    for complaint in portfolio.complaints:
        if not complaint.is_open or complaint.received_at > moment:
            continue
        rules = _policy_at(policies, complaint.received_at.date())
        used.add(rules.label)
        complaints.append(
            sla_status(complaint, rules.complaints, now=moment, calendar=rules.calendar)
        )
        passed_up = escalation(
            complaint, rules.complaints, now=moment, calendar=rules.calendar, org=portfolio.org
        )
        if passed_up is not None:
            escalations.append(passed_up)

    appraisals: list[AppraisalScore] = []
    for appraisal in portfolio.appraisals:
        if appraisal.period.end > today:
            continue
        rules = _policy_at(policies, appraisal.period.end)
        if appraisal.period.kind is not rules.appraisal.period_kind:
            continue
        used.add(rules.label)
        appraisals.append(score_appraisal(rules.appraisal, appraisal))

    overdue_counts = {r.customer_id: len(r.items) for r in late}
    figures = portfolio.figures_for(period) if period is not None else {}
    retention = tuple(
        retention_risk(
            h.customer,
            current.retention,
            today=today,
            calendar=calendar,
            figures=figures.get(cid),
            overdue_touchpoints=overdue_counts.get(cid, 0),
            complaints=h.complaints,
            contracts=h.contracts,
            org=portfolio.org,
        )
        for cid, h in histories.items()
    )
    return Evaluation(
        policy=current.label,
        policies=tuple(sorted(used)),
        today=today,
        now=moment,
        period=period,
        grading=grading,
        grades=tuple(grades),
        plan=plan,
        overdue=late,
        complaints=tuple(complaints),
        escalations=tuple(escalations),
        appraisals=tuple(appraisals),
        retention=retention,
        ageing=receivables_ageing(portfolio.contracts, today, current.contracts),
        overdue_payments=overdue_payments_report(portfolio.contracts, today, portfolio.org),
        renewals=renewal_reminders(portfolio.contracts, today, current.contracts),
    )


def _with_grades(
    histories: dict[str, CustomerHistory], grades: list[StableGrade]
) -> dict[str, CustomerHistory]:
    applied = {g.customer_id: g.grade for g in grades}
    return {
        cid: h
        if applied.get(cid, h.customer.grade) is h.customer.grade
        else attrs.evolve(h, customer=attrs.evolve(h.customer, grade=applied[cid]))
        for cid, h in histories.items()
    }


def _stable_grades(
    portfolio: Portfolio, policy: PolicySet, period: Period, grading: PortfolioGrading
) -> list[StableGrade]:
    """Apply the stability rule: earlier periods' scorecard grades are the observations."""
    earlier = [p for p in portfolio.periods() if p.kind is period.kind and p < period]
    observed: dict[str, list[GradeObservation]] = {}
    for past in earlier:
        for figures in portfolio.figures_for(past).values():
            result = scorecard(
                figures,
                portfolio.customer(figures.customer_id),
                policy.grading.scorecard,
                as_of=past.end,
            )
            observed.setdefault(figures.customer_id, []).append(
                GradeObservation(period=past, grade=result.grade)
            )
    grades = []
    for line in grading.customers:
        if line.score is None:
            continue
        customer = portfolio.customer(line.customer_id)
        history = GradeHistory(
            customer_id=customer.id,
            current=customer.grade,
            observations=_consecutive_tail(observed.get(customer.id, []), period),
        )
        grades.append(stable_grade(history, line.score, policy.grading.stability))
    return grades


def _consecutive_tail(
    observations: list[GradeObservation], period: Period
) -> tuple[GradeObservation, ...]:
    """The observations that run without a gap up to the period before ``period``."""
    tail: list[GradeObservation] = []
    expected = period.previous()
    for observation in reversed(observations):
        if observation.period != expected:
            break
        tail.append(observation)
        expected = expected.previous()
    return tuple(reversed(tail))

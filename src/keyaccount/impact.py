"""The impact of a policy change 制度变更影响: who changes grade, whose schedule moves, whose score
changes — before the change goes live.

:func:`compare` evaluates one portfolio under an old and a new policy set (or history) on the
same day and reports the differences as plain data: the grade migration matrix and every
customer whose grade, ABC class or credit level changed (with both explanations); touchpoints
added, removed or moved per customer over the coming days; and appraisal totals and bands that
changed.  :meth:`Impact.explain` renders it for people.

Pure: ``today`` is a parameter; nothing is read or written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from attrs import frozen

from keyaccount._text import counted
from keyaccount.domain import Grade, Portfolio
from keyaccount.errors import ValidationError
from keyaccount.evaluation import Evaluation, evaluate
from keyaccount.policies.kpi import ScoreChange
from keyaccount.policies.policyset import PolicyHistory, PolicySet
from keyaccount.policies.scheduling import Reason

__all__ = ["CustomerChange", "GradeCell", "Impact", "TouchpointChange", "compare"]


@frozen(kw_only=True)
class GradeCell:
    """How many customers went from ``old`` grade to ``new`` grade."""

    old: str
    new: str
    count: int


@frozen(kw_only=True)
class CustomerChange:
    """One customer whose result changed: what (``aspect``), from what to what, and why.

    ``aspect`` is ``"grade"`` (the applied grade), ``"abc"`` (the ABC class) or ``"credit"``
    (the credit level); the explanations are the policies' own, under each policy set.
    """

    customer_id: str
    aspect: str
    old: str
    new: str
    old_explanation: str
    new_explanation: str

    def explain(self) -> str:
        """Two lines: the change, then why under each policy set."""
        return (
            f"{self.customer_id} {self.aspect}: {self.old} -> {self.new}\n"
            f"    before: {self.old_explanation}\n    after:  {self.new_explanation}"
        )


@frozen(kw_only=True)
class TouchpointChange:
    """A planned contact that was ``added``, ``removed`` or ``moved`` by the change."""

    customer_id: str
    change: str
    rule: str
    purpose: str
    channel: str
    old_due: date | None
    new_due: date | None

    def explain(self) -> str:
        """One line: customer, change, rule and days."""
        days = {
            "added": f"on {self.new_due}",
            "removed": f"was {self.old_due}",
            "moved": f"{self.old_due} -> {self.new_due}",
        }[self.change]
        return (
            f"{self.customer_id} {self.change}: {self.rule} ({self.purpose}, {self.channel}) {days}"
        )


@frozen(kw_only=True)
class Impact:
    """What a policy change does to a portfolio on one day.

    Fields:
        old_policy, new_policy: labels (``name@version``) of the two policy sets in force.
        today: the day compared.
        grade_matrix: every (old grade, new grade) pair with its count, A–D by A–D.
        customer_changes: grade, ABC class and credit level changes, customer by customer.
        touchpoint_changes: contacts added, removed or moved over the coming days.
        appraisal_changes: appraisals whose total or band changed.
    """

    old_policy: str
    new_policy: str
    today: date
    grade_matrix: tuple[GradeCell, ...]
    customer_changes: tuple[CustomerChange, ...]
    touchpoint_changes: tuple[TouchpointChange, ...]
    appraisal_changes: tuple[ScoreChange, ...]

    @property
    def has_changes(self) -> bool:
        """True when anything at all changed."""
        return bool(self.customer_changes or self.touchpoint_changes or self.appraisal_changes)

    def moved(self, old: str, new: str) -> int:
        """How many customers went from grade ``old`` to grade ``new``."""
        for cell in self.grade_matrix:
            if (cell.old, cell.new) == (old, new):
                return cell.count
        return 0

    def counts(self) -> dict[str, int]:
        """How many changes of each kind."""
        result: dict[str, int] = defaultdict(int)
        for change in self.customer_changes:
            result[change.aspect] += 1
        for touchpoint in self.touchpoint_changes:
            result[f"touchpoints {touchpoint.change}"] += 1
        result["appraisals"] = len(self.appraisal_changes)
        return dict(result)

    def explain(self) -> str:
        """The whole impact as text: matrix, then every change."""
        grades = [g.value for g in Grade]
        lines = [
            f"Impact of {self.old_policy} -> {self.new_policy} on {self.today}",
            "",
            "Grade migration (rows: before, columns: after)",
            "      " + "".join(f"{g:>6}" for g in grades),
        ]
        for old in grades:
            lines.append(f"{old:>6}" + "".join(f"{self.moved(old, new):>6}" for new in grades))
        if not self.has_changes:
            lines += ["", "No customer, touchpoint or appraisal changes."]
            return "\n".join(lines)
        if self.customer_changes:
            lines += ["", f"Customers ({counted(len(self.customer_changes), 'change')})"]
            lines += [change.explain() for change in self.customer_changes]
        if self.touchpoint_changes:
            lines += ["", f"Touchpoints ({counted(len(self.touchpoint_changes), 'change')})"]
            lines += [change.explain() for change in self.touchpoint_changes]
        if self.appraisal_changes:
            lines += ["", f"Appraisals ({counted(len(self.appraisal_changes), 'change')})"]
            lines += [
                f"{c.staff_id} {c.period}: {c.old_total} {c.old_band.key} -> "
                f"{c.new_total} {c.new_band.key}"
                for c in self.appraisal_changes
            ]
        return "\n".join(lines)


def compare(
    old: PolicySet | PolicyHistory,
    new: PolicySet | PolicyHistory,
    portfolio: Portfolio,
    today: date,
    *,
    horizon_days: int = 30,
) -> Impact:
    """Evaluate ``portfolio`` under ``old`` and ``new`` on ``today`` and report the differences.

    Touchpoints are compared over ``horizon_days`` from ``today``.  Comparing a policy with
    itself reports no change.
    """
    for name, policies in (("old", old), ("new", new)):
        if not isinstance(policies, PolicySet | PolicyHistory):
            raise ValidationError.of(name, policies, "a PolicySet or a PolicyHistory")
    before = evaluate(portfolio, old, today=today, horizon_days=horizon_days)
    after = evaluate(portfolio, new, today=today, horizon_days=horizon_days)
    return Impact(
        old_policy=before.policy,
        new_policy=after.policy,
        today=today,
        grade_matrix=_grade_matrix(before, after),
        customer_changes=_customer_changes(before, after),
        touchpoint_changes=_touchpoint_changes(before, after),
        appraisal_changes=_appraisal_changes(before, after),
    )


def _grade_matrix(before: Evaluation, after: Evaluation) -> tuple[GradeCell, ...]:
    old = {g.customer_id: g.grade.value for g in before.grades}
    new = {g.customer_id: g.grade.value for g in after.grades}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for customer_id in old.keys() & new.keys():
        counts[(old[customer_id], new[customer_id])] += 1
    grades = [g.value for g in Grade]
    return tuple(GradeCell(old=o, new=n, count=counts[(o, n)]) for o in grades for n in grades)


def _customer_changes(before: Evaluation, after: Evaluation) -> tuple[CustomerChange, ...]:
    """Applied grade, ABC class and credit level changes, each with both explanations."""
    pairs: list[tuple[str, str, Any, Any]] = []
    old_grades = {g.customer_id: g for g in before.grades}
    pairs += [(g.customer_id, "grade", old_grades.get(g.customer_id), g) for g in after.grades]
    if before.grading is not None and after.grading is not None:
        old_lines = before.grading.by_customer()
        for customer_id, line in after.grading.by_customer().items():
            previous = old_lines.get(customer_id)
            if previous is not None:
                pairs.append((customer_id, "abc", previous.abc, line.abc))
                pairs.append((customer_id, "credit", previous.credit, line.credit))
    changes = []
    for customer_id, aspect, was, now in pairs:
        if was is None or now is None:
            continue
        old, new = _ASPECTS[aspect](was), _ASPECTS[aspect](now)
        if old != new:
            changes.append(
                CustomerChange(
                    customer_id=customer_id,
                    aspect=aspect,
                    old=old,
                    new=new,
                    old_explanation=was.explain(),
                    new_explanation=now.explain(),
                )
            )
    order = list(_ASPECTS)
    return tuple(sorted(changes, key=lambda c: (c.customer_id, order.index(c.aspect))))


_ASPECTS: dict[str, Callable[[Any], str]] = {
    "grade": lambda result: str(result.grade.value),
    "abc": lambda result: str(result.abc_class.value),
    "credit": lambda result: str(result.level.value),
}


def _reasons(evaluation: Evaluation) -> dict[tuple[str, ...], list[tuple[date, Reason]]]:
    """Every reason to contact a customer, keyed by who, which rule and which event.

    Compared reason by reason (not touchpoint by touchpoint), a merged contact splitting in two
    shows as the one reason that moved, not as a removal and two additions.
    """
    found: dict[tuple[str, ...], list[tuple[date, Reason]]] = defaultdict(list)
    for touchpoint in evaluation.plan.touchpoints():
        for reason in touchpoint.reasons:
            key = (
                touchpoint.customer_id,
                reason.rule.value,
                reason.purpose.value,
                reason.key_person_id or "",
                reason.reference_id or "",
            )
            found[key].append((touchpoint.due, reason))
    return found


def _touchpoint_changes(before: Evaluation, after: Evaluation) -> tuple[TouchpointChange, ...]:
    old = _reasons(before)
    new = _reasons(after)
    changes: list[TouchpointChange] = []
    for key in sorted(old.keys() | new.keys()):
        olds = sorted(old.get(key, []), key=lambda item: item[0])
        news = sorted(new.get(key, []), key=lambda item: item[0])
        for index in range(max(len(olds), len(news))):
            was = olds[index] if index < len(olds) else None
            now = news[index] if index < len(news) else None
            if was is not None and now is not None and was[0] == now[0]:
                continue
            reason = (now or was or (date.min, None))[1]
            assert reason is not None
            changes.append(
                TouchpointChange(
                    customer_id=key[0],
                    change="moved" if was and now else "added" if now else "removed",
                    rule=reason.rule.value,
                    purpose=reason.purpose.value,
                    channel=reason.channel.value,
                    old_due=was[0] if was else None,
                    new_due=now[0] if now else None,
                )
            )
    return tuple(changes)


def _appraisal_changes(before: Evaluation, after: Evaluation) -> tuple[ScoreChange, ...]:
    new_scores = {(s.staff_id, s.period): s for s in after.appraisals}
    changes = []
    for old in before.appraisals:
        new = new_scores.get((old.staff_id, old.period))
        if new is None:
            continue
        if old.total != new.total or old.band.key != new.band.key:
            changes.append(
                ScoreChange(
                    staff_id=old.staff_id,
                    period=old.period,
                    old_total=old.total,
                    new_total=new.total,
                    old_band=old.band,
                    new_band=new.band,
                )
            )
    return tuple(changes)

"""Readable text tables of an evaluation and of a policy change (``keyaccount demo`` and
``keyaccount evaluate``), plus the same facts as plain data for ``--format json``."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from keyaccount.domain import Portfolio
from keyaccount.evaluation import Evaluation
from keyaccount.reports.labels import label

__all__ = ["evaluation_data", "render_evaluation", "table"]


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain text table; numbers are right-aligned, everything else left-aligned."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [
        all(isinstance(row[i], int | Decimal) for row in rows) and bool(rows)
        for i in range(len(headers))
    ]
    lines = []
    for index, row in enumerate(cells):
        parts = []
        for i, text in enumerate(row):
            pad = " " * (widths[i] - _width(text))
            parts.append(pad + text if numeric[i] else text + pad)
        lines.append("  ".join(parts).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value != value.to_integral_value() else f"{value:,.0f}"
    return str(value)


def _percent(share: Decimal) -> str:
    return f"{share * 100:.1f} %"


def render_evaluation(
    portfolio: Portfolio, evaluation: Evaluation, *, lang: str = "en", limit: int = 5
) -> str:
    """The monthly cycle as text: ABC, grades, plan, overdue, SLAs, appraisals, money.

    ``limit`` caps the example rows shown per manager.
    """

    def title(key: str) -> str:
        text = label(key, lang)
        return f"\n{text}\n" + "=" * _width(text)

    names = {s.id: s.name for s in portfolio.staff}
    customers = {c.id: c for c in portfolio.customers}
    out = [
        f"{portfolio.name} — {evaluation.today.isoformat()}",
        f"{label('policy', lang)}: {', '.join(evaluation.policies)}"
        + (f" · {label('period', lang)}: {evaluation.period}" if evaluation.period else ""),
    ]

    if evaluation.grading is not None:
        abc = evaluation.grading.abc
        out.append(title("abc_summary"))
        total = sum((v for v in abc.values), Decimal(0))
        rows = []
        for abc_class, count in abc.counts():
            value = sum(
                (v for v, c in zip(abc.values, abc.classes, strict=True) if c is abc_class),
                Decimal(0),
            )
            rows.append(
                [abc_class.value, count, value, _percent(value / total if total else Decimal(0))]
            )
        out.append(
            table(
                [
                    label("class", lang),
                    label("count", lang),
                    label("value", lang),
                    label("share", lang),
                ],
                rows,
            )
        )
        cutoffs = abc.cutoffs
        out.append(
            f"{label('cutoff', lang)}: A >= {_cell(cutoffs.a_threshold)}, "
            f"B >= {_cell(cutoffs.b_threshold)} {cutoffs.currency}"
        )

    out.append(title("grades"))
    before = Counter(c.grade.value for c in portfolio.customers if c.grade)
    after = evaluation.grade_counts()
    changed = sum(1 for g in evaluation.grades if customers[g.customer_id].grade is not g.grade)
    out.append(
        table(
            [label("grade", lang), label("before", lang), label("after", lang)],
            [[g, before.get(g, 0), after[g]] for g in "ABCD"],
        )
    )
    out.append(f"{changed} {label('changed_grades', lang)} {evaluation.policy}")

    out.append(title("plan"))
    plan_by_manager: dict[str, list[Any]] = defaultdict(list)
    for touchpoint in evaluation.plan.touchpoints():
        plan_by_manager[touchpoint.manager_id].append(touchpoint)
    rows = []
    for manager_id in sorted(plan_by_manager):
        items = plan_by_manager[manager_id]
        on_site = sum(1 for t in items if t.channel.value == "on-site")
        rows.append([manager_id, names.get(manager_id, "?"), len(items), on_site])
    out.append(
        table(
            [label("manager", lang), "", label("touchpoints", lang), label("on_site", lang)], rows
        )
    )
    if evaluation.plan.conflicts:
        out.append(f"{label('conflicts', lang)}: {len(evaluation.plan.conflicts)}")
        out += [f"  {c.explain()}" for c in evaluation.plan.conflicts[:limit]]
    first = sorted(evaluation.plan.touchpoints(), key=lambda t: (t.due, t.manager_id))[: limit * 2]
    out.append("")
    out.append(
        table(
            [
                label("due", lang),
                label("manager", lang),
                label("customer", lang),
                label("channel", lang),
                label("reason", lang),
            ],
            [
                [
                    t.due.isoformat(),
                    t.manager_id,
                    customers[t.customer_id].name,
                    t.channel.label_zh if lang == "zh" else t.channel.value,
                    "; ".join(sorted({r.rule.value for r in t.reasons})),
                ]
                for t in first
            ],
        )
    )

    out.append(title("overdue"))
    late_by_manager: Counter[str] = Counter()
    for report in evaluation.overdue:
        for item in report.items:
            if item.done_late_at is None:
                late_by_manager[customers[report.customer_id].manager_id] += 1
    out.append(
        table(
            [label("manager", lang), "", label("touchpoints", lang)],
            [[m, names.get(m, "?"), n] for m, n in sorted(late_by_manager.items())],
        )
        if late_by_manager
        else "—"
    )

    out.append(title("complaints"))
    states = Counter(r.state.value for r in evaluation.complaints)
    out.append(
        table(
            [label("state", lang), label("items", lang)],
            [[state, states.get(state, 0)] for state in ("on-time", "at-risk", "breached")],
        )
    )
    out += [f"  {e.reason}" for e in evaluation.escalations[:limit]]

    out.append(title("appraisal"))
    latest = max((s.period for s in evaluation.appraisals), default=None, key=lambda p: p.start)
    scores = [s for s in evaluation.appraisals if s.period == latest]
    out.append(
        table(
            [
                label("staff", lang),
                "",
                label("period", lang),
                label("score", lang),
                label("band", lang),
            ],
            [
                [
                    s.staff_id,
                    names.get(s.staff_id, "?"),
                    str(s.period),
                    s.total,
                    s.band.label_zh if lang == "zh" else s.band.name,
                ]
                for s in sorted(scores, key=lambda s: s.staff_id)
            ],
        )
    )

    out.append(title("retention"))
    levels = Counter(r.level.value for r in evaluation.retention)
    out.append(", ".join(f"{lv}: {levels.get(lv, 0)}" for lv in ("none", "low", "medium", "high")))
    out.append(title("overdue_payments"))
    overall = evaluation.ageing.overall
    out.append(
        table(
            [label("bucket", lang), label("value", lang), label("items", lang)],
            [[b.label, b.amount.amount, b.count] for b in overall.buckets],
        )
    )
    out.append(f"{label('renewals', lang)}: {len(evaluation.renewals)}")
    return "\n".join(out) + "\n"


def evaluation_data(portfolio: Portfolio, evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation's facts as plain JSON-ready data, customer by customer."""
    grading = evaluation.grading.by_customer() if evaluation.grading else {}
    applied = {g.customer_id: g for g in evaluation.grades}
    plans = evaluation.plan.by_customer()
    late = {r.customer_id: r for r in evaluation.overdue}
    risk = {r.customer_id: r for r in evaluation.retention}
    rows = []
    for customer in portfolio.customers:
        line = grading.get(customer.id)
        stable = applied.get(customer.id)
        plan = plans.get(customer.id)
        rows.append(
            {
                "customer_id": customer.id,
                "manager_id": customer.manager_id,
                "abc": line.abc.abc_class.value if line and line.abc else None,
                "score": str(line.score.score) if line and line.score else None,
                "proposed_grade": line.score.grade.value if line and line.score else None,
                "grade": stable.grade.value if stable else None,
                "grade_rule": stable.rule.value if stable else None,
                "credit_level": line.credit.level.value if line and line.credit else None,
                "dangerous": bool(line and line.credit and line.credit.dangerous),
                "touchpoints": [
                    {
                        "due": t.due.isoformat(),
                        "channel": t.channel.value,
                        "rules": sorted({r.rule.value for r in t.reasons}),
                    }
                    for t in (plan.touchpoints if plan else ())
                ],
                "overdue": len(late[customer.id].items) if customer.id in late else 0,
                "retention_risk": risk[customer.id].level.value if customer.id in risk else None,
            }
        )
    return {
        "portfolio": portfolio.name,
        "today": evaluation.today.isoformat(),
        "policy": evaluation.policy,
        "policies": list(evaluation.policies),
        "period": str(evaluation.period) if evaluation.period else None,
        "grades": evaluation.grade_counts(),
        "customers": rows,
        "complaints": [
            {
                "complaint_id": r.complaint_id,
                "customer_id": r.customer_id,
                "state": r.state.value,
                "resolve_deadline": r.resolve.deadline.isoformat() if r.resolve.deadline else None,
            }
            for r in evaluation.complaints
        ],
        "appraisals": [
            {
                "staff_id": s.staff_id,
                "period": str(s.period),
                "total": str(s.total),
                "band": s.band.key,
            }
            for s in evaluation.appraisals
        ],
    }

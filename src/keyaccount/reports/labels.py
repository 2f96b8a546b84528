"""Words shown to people, in English and Chinese (``--lang en|zh``)."""

from __future__ import annotations

from typing import Literal

from keyaccount.errors import ValidationError

__all__ = ["LANGUAGES", "Language", "label"]

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")

_LABELS: dict[str, tuple[str, str]] = {
    "abc": ("ABC class", "ABC分类"),
    "after": ("after", "评定后"),
    "before": ("before", "评定前"),
    "bucket": ("days overdue", "逾期天数"),
    "changed_grades": ("customers change grade under", "位客户等级变动,依据"),
    "conflicts": ("capacity conflicts", "产能冲突"),
    "items": ("items", "笔数"),
    "on_site": ("on-site", "上门"),
    "staff": ("staff", "员工"),
    "abc_summary": ("ABC / Pareto summary", "ABC / 帕累托分析"),
    "actual": ("actual", "实际"),
    "appraisal": ("Specialist appraisals", "客户专员考核"),
    "band": ("band", "等级"),
    "breached": ("breached", "已超时"),
    "channel": ("channel", "方式"),
    "class": ("class", "类别"),
    "complaints": ("Complaint SLAs", "投诉处理时限"),
    "count": ("customers", "客户数"),
    "credit": ("credit", "信用"),
    "customer": ("customer", "客户"),
    "customers": ("customers", "客户"),
    "cutoff": ("cut-off", "分界值"),
    "dangerous": ("dangerous customers", "危险客户"),
    "deadline": ("deadline", "截止"),
    "due": ("due", "日期"),
    "escalations": ("escalations", "升级上报"),
    "grade": ("grade", "等级"),
    "grades": ("Grades", "客户等级"),
    "left": ("left", "剩余"),
    "manager": ("manager", "客户经理"),
    "overdue": ("Overdue work", "逾期未办"),
    "overdue_payments": ("Overdue payments", "滞纳货款"),
    "period": ("period", "期间"),
    "plan": ("Touchpoint plan", "拜访计划"),
    "policy": ("policy", "制度版本"),
    "purpose": ("purpose", "目的"),
    "reason": ("reason", "原因"),
    "renewals": ("Renewal reminders", "续签提醒"),
    "retention": ("Retention risk", "离网预警"),
    "revenue": ("revenue", "销售额"),
    "score": ("score", "得分"),
    "share": ("share", "占比"),
    "state": ("state", "状态"),
    "total": ("total", "合计"),
    "touchpoints": ("touchpoints", "触点"),
    "value": ("value", "金额"),
    "impact": ("Impact of the policy change", "制度变更影响"),
    "migration": (
        "Grade migration (rows: before, columns: after)",
        "等级迁移(行:变更前,列:变更后)",
    ),
}


def label(key: str, lang: str = "en") -> str:
    """The text for ``key`` in ``lang`` (``"en"`` or ``"zh"``)."""
    if lang not in LANGUAGES:
        raise ValidationError.of("lang", lang, "one of 'en', 'zh'")
    try:
        english, chinese = _LABELS[key]
    except KeyError:
        raise ValidationError.of("key", key, "a known label key") from None
    return english if lang == "en" else chinese

"""Template filters of the task pages: a task's state as a badge, the audit trail's field names and values.

The chapter and indicator pages show tasks through the panels those apps own (see `plantrack.tasks.panels`)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from plantrack.tasks.selectors import state_label
from plantrack.wording import join_words

register = template.Library()

# A task's fields as the audit trail names them (services keep the model's field names).
FIELD_LABELS = {
    "lead_unit": _("牵头单位"), "lead_unit_id": _("牵头单位"), "supporting_units": _("配合单位"),
    "deadline": _("完成时限（日期）"), "deadline_text": _("完成时限"), "is_ongoing": _("长期任务"),
    "node_id": _("规划章节"), "commitment_id": _("量化目标"), "chapter_number": _("章"), "indicators": _("服务指标"),
    "report_frequency": _("报送频率"), "unit": _("报送单位"), "period": _("报告期"), "percent": _("完成进度(%)"),
    "evidence": _("佐证材料"),
}


@register.filter
def task_state(state: str) -> str:
    """The state as a labelled badge: `{{ task.state|task_state }}`."""
    return format_html('<span class="task-state state-{}" data-state="{}">{}</span>', state, state,
                       state_label(state))


@register.filter
def task_field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@register.filter
def task_change_value(value: object) -> str:
    """A recorded old or new value for reading: lists joined in the reader's language (、 or ", "), nothing as —."""
    if isinstance(value, list):
        return join_words(value) or "—"
    return "—" if value is None or value == "" else str(value)

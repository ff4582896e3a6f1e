"""Template pieces other apps' pages render: a task's state, a chapter's tasks, the tasks serving an indicator."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from plantrack.orgs.access import can_assign_tasks
from plantrack.tasks.selectors import state_label, tasks_for_chapter, tasks_for_indicator

register = template.Library()


@register.filter
def task_state(state: str) -> str:
    """The state as a labelled badge: `{{ task.state|task_state }}`."""
    return format_html('<span class="task-state state-{}" data-state="{}">{}</span>', state, state,
                       state_label(state))


@register.inclusion_tag("tasks/_chapter_tasks.html", takes_context=True)
def chapter_tasks(context, version, chapter) -> dict:
    """The tasks given out from a chapter and its sections and boxes, for the plans app's chapter page."""
    user = context["request"].user
    can_assign = can_assign_tasks(user)
    return {
        "tasks": tasks_for_chapter(user=user, version=version, chapter=chapter.number),
        "chapter": chapter,
        "nodes": version.nodes.filter(chapter_number=chapter.number).exclude(kind="part").order_by("order")
        if can_assign else [],
        "commitments": version.commitments.filter(chapter_number=chapter.number).order_by("line", "order")
        if can_assign else [],
        "can_assign": can_assign,
    }


@register.inclusion_tag("tasks/_indicator_tasks.html", takes_context=True)
def indicator_tasks(context, indicator) -> dict:
    """The tasks serving an indicator (in the reader's scope), for the indicator page."""
    return {"tasks": tasks_for_indicator(user=context["request"].user, indicator=indicator)}

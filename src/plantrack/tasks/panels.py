"""The tasks app's pieces of other apps' pages, registered on their panels in `TasksConfig.ready`."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from plantrack.indicators.models import Indicator
from plantrack.plans.models import PlanNode, PlanVersion
from plantrack.tasks.access import can_assign_tasks
from plantrack.tasks.selectors import tasks_for_chapter, tasks_for_indicator


def render_chapter_tasks(request: HttpRequest, *, version: PlanVersion, chapter: PlanNode, **_objects: object) -> str:
    """The tasks given out from a chapter and its sections and boxes, with the office's forms to assign more."""
    user = request.user
    can_assign = can_assign_tasks(user)
    context = {
        "tasks": tasks_for_chapter(user=user, version=version, chapter=chapter.number),
        "chapter": chapter,
        "nodes": version.nodes.filter(chapter_number=chapter.number).exclude(kind="part").order_by("order")
        if can_assign else [],
        "commitments": version.commitments.filter(chapter_number=chapter.number).order_by("line", "order")
        if can_assign else [],
        "can_assign": can_assign,
    }
    return render_to_string("tasks/_chapter_tasks.html", context, request=request)


def render_indicator_tasks(request: HttpRequest, *, indicator: Indicator, **_objects: object) -> str:
    """The tasks serving an indicator (in the reader's scope)."""
    tasks = tasks_for_indicator(user=request.user, indicator=indicator)
    return render_to_string("tasks/_indicator_tasks.html", {"tasks": tasks}, request=request)

"""Pieces of project data other apps' pages render: the projects serving an indicator."""

from __future__ import annotations

from django import template

from plantrack.projects.selectors import projects_for_indicator

register = template.Library()


@register.inclusion_tag("projects/_indicator_projects.html", takes_context=True)
def indicator_projects(context, indicator) -> dict:
    """The projects serving an indicator (in the reader's scope), for the indicator page."""
    return {"projects": projects_for_indicator(user=context["request"].user, indicator=indicator)}

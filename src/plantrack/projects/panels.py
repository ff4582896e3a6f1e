"""The projects app's pieces of other apps' pages, registered on their panels in `ProjectsConfig.ready`."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from plantrack.indicators.models import Indicator
from plantrack.projects.selectors import projects_for_indicator


def render_indicator_projects(request: HttpRequest, *, indicator: Indicator, **_objects: object) -> str:
    """The projects serving an indicator (in the reader's scope)."""
    projects = projects_for_indicator(user=request.user, indicator=indicator)
    return render_to_string("projects/_indicator_projects.html", {"projects": projects}, request=request)

"""Pages of the shared chrome: the home page (工作台, or the dashboard for those who read rather than report)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plantrack.orgs.access import sees_dashboard
from plantrack.web.dashboard_views import dashboard
from plantrack.web.workbench import workbench_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if sees_dashboard(request.user):
        return dashboard(request)
    return render(request, "web/home.html", {"bench": workbench_for(request.user)})

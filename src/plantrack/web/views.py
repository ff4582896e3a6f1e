"""Pages of the shared chrome: the home page (工作台)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plantrack.web.workbench import workbench_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"bench": workbench_for(request.user)})

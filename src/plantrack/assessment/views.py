"""The warnings page (预警): open and acknowledged warnings in the user's scope, and acknowledging one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plantrack.assessment.access import can_acknowledge_warning
from plantrack.assessment.selectors import warnings_for
from plantrack.assessment.services import WarningError, acknowledge_warning
from plantrack.errors import message_of


@login_required
def warnings(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("all") == "1"
    rows = list(warnings_for(user=request.user, include_acknowledged=show_all)[:500])
    return render(
        request,
        "assessment/warnings.html",
        {
            "rows": [(w, can_acknowledge_warning(request.user, w)) for w in rows],
            "show_all": show_all,
        },
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """确认预警 with a note, from the warnings page or the dashboard (back to `next` when it is on this site)."""
    warning = warnings_for(user=request.user).filter(pk=pk).first()
    if warning is None:
        raise Http404(pk)
    try:
        acknowledge_warning(user=request.user, warning=warning, note=request.POST.get("note", ""))
    except WarningError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("已确认预警：%(unit)s %(name)s") % {"unit": warning.unit.name,
                                                                    "name": warning.indicator.name})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("assessment:warnings")

"""The page where a person makes and revokes their own API tokens (接口令牌); the token is shown once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plantrack.api.models import ApiToken
from plantrack.api.tokens import create_api_token


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            row = get_object_or_404(ApiToken, pk=request.POST["revoke"], user=request.user, revoked_at__isnull=True)
            row.revoke()
            messages.success(request, _("令牌 %(prefix)s… 已作废") % {"prefix": row.prefix})
            return redirect("api_tokens")
        _row, new_token = create_api_token(user=request.user, name=request.POST.get("name", "").strip())
    return render(request, "api/tokens.html", {
        "tokens": ApiToken.objects.filter(user=request.user), "new_token": new_token,
    })


def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any /api/ path no operation answers: a JSON 404 a client can read, not the site's HTML page."""
    return JsonResponse({"detail": _("没有这个接口：%(method)s %(path)s") % {
        "method": request.method, "path": request.path}}, status=404)

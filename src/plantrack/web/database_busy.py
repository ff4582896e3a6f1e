"""Pages answer a busy database (another writer held the lock too long) with 503 "稍后重试", never a 500."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from plantrack.reporting.busy import is_busy_error

log = logging.getLogger("plantrack.busy")

RETRY_AFTER_SECONDS = 5


class DatabaseBusyMiddleware:
    """Turns DatabaseBusy (and a lock wait's OperationalError) raised by a view into a 503 page with Retry-After."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy_error(exception):
            return None
        log.warning("database busy: %s %s: %s", request.method, request.path, exception)
        message = _("数据库正忙（其他用户正在写入），您的操作未生效，请稍后重试。")
        try:
            body = render_to_string("web/busy.html", {"message": message}, request=request)
            content_type = "text/html; charset=utf-8"
        except Exception:  # noqa: BLE001 - the page chrome itself may need the database
            body, content_type = message, "text/plain; charset=utf-8"
        response = HttpResponse(body, status=503, content_type=content_type)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

"""The 403, 404 and 500 pages (and the refused-form page): in the site's layout and in Chinese, with a way back.

Django calls these handlers (set in plantrack.urls) for refused, missing and failed pages. The 500 page must not
fail itself: if the layout cannot be drawn (the database is down, a template is broken) a bare page says the same.

`ApplicationErrorMiddleware` is the pages' one mapping of the application error (plantrack.core.errors): one a
view did not handle itself becomes this page with its message and status (400 refused, 403, 404, 409, and 503 with
Retry-After when the database was busy: "稍后重试", never a 500).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plantrack.core.errors import ApplicationError
from plantrack.operations.proxies import client_address
from plantrack.reporting.busy import DatabaseBusy, is_busy_error

log = logging.getLogger("plantrack.errors")
access_log = logging.getLogger("plantrack.access")
STATUS_OF_KIND = {"invalid": 400, "denied": 403, "not_found": 404, "conflict": 409, "busy": 503}
RETRY_AFTER_SECONDS = 5


def _back_url(request: HttpRequest) -> str | None:
    """The page the person came from, if it is on this site (never an address someone else chose)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return None


def _page(request: HttpRequest, status: int, title: str, text: str, lines: list[str] | None = None) -> HttpResponse:
    context = {"status": status, "error_title": title, "error_text": text, "error_lines": lines or [],
               "back_url": _back_url(request)}
    return HttpResponse(render_to_string("web/error.html", context, request=request), status=status)


class ApplicationErrorMiddleware:
    """Turns an application error a view raised (and a lock wait's OperationalError) into the error page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError):
            if not is_busy_error(exception):
                return None  # a fault: Django logs it and shows the 500 page
            exception = DatabaseBusy()
        return application_error_page(request, exception)


_TITLES = {"invalid": gettext_lazy("无法完成操作"), "denied": gettext_lazy("没有权限"),
           "not_found": gettext_lazy("页面不存在"), "conflict": gettext_lazy("数据已被他人修改"),
           "busy": gettext_lazy("稍后重试")}


def application_error_page(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    """The error page for an application error: its message (and every problem), the status its kind maps to."""
    status = STATUS_OF_KIND.get(exc.kind, 400)
    if exc.kind == "busy":
        log.warning("database busy: %s %s: %s", request.method, request.path, exc)
        text = _("数据库正忙（其他用户正在写入），您的操作未生效，请稍后重试。")
    else:
        log.info("refused: %s %s: %s %s", request.method, request.path, exc.code, exc)
        text = exc.text(_)
    lines = exc.problems if len(exc.problems) > 1 else []
    try:
        response = _page(request, status, str(_TITLES.get(exc.kind, _TITLES["invalid"])), text, lines)
    except Exception:  # noqa: BLE001 - the page chrome itself may need the database (busy)
        response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    if exc.kind == "busy":
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Who was refused what, from which machine (behind a proxy: the client's address, not the proxy's).
    access_log.info("access denied: %s %s user=%s client=%s", request.method, request.path,
                    getattr(getattr(request, "user", None), "username", "") or "-", client_address(request))
    return _page(request, 403, _("没有权限"),
                 _("您的角色或数据范围不允许执行此操作或查看此页面。如需权限，请联系规划处管理员。"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid CSRF token: most often a page left open past its session."""
    return _page(request, 403, _("页面已过期"),
                 _("表单已失效（页面打开时间过长或已在别处退出登录）。请刷新页面后重新提交。"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404, _("页面不存在"), _("您要找的页面或数据不存在，可能已被删除，或地址有误。"))


def server_error(request: HttpRequest) -> HttpResponse:
    title = _("系统出错")
    text = _("处理您的请求时出错，已记录在系统日志中。请稍后重试；如果问题持续，请联系规划处管理员。")
    try:
        return _page(request, 500, title, text)
    except Exception:  # the error page itself failed: say it plainly rather than fail twice
        log.exception("the error page could not be drawn")
        return HttpResponse(
            f'<!DOCTYPE html><html lang="zh-Hans"><meta charset="utf-8"><title>{title}</title>'
            f'<h1>{title}</h1><p>{text}</p><p><a href="/">{_("返回工作台")}</a></p></html>',
            status=500,
        )

"""The 403, 404 and 500 pages (and the refused-form page): in the site's layout and in Chinese, with a way back.

Django calls these handlers (set in plantrack.urls) for refused, missing and failed pages. The 500 page must not
fail itself: if the layout cannot be drawn (the database is down, a template is broken) a bare page says the same.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from plantrack.operations.proxies import client_address

log = logging.getLogger("plantrack.errors")
access_log = logging.getLogger("plantrack.access")


def _back_url(request: HttpRequest) -> str | None:
    """The page the person came from, if it is on this site (never an address someone else chose)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return None


def _page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    context = {"status": status, "error_title": title, "error_text": text, "back_url": _back_url(request)}
    return HttpResponse(render_to_string("web/error.html", context, request=request), status=status)


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

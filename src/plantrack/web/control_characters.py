"""Pages answer a control character in a URL or form field that reaches a lookup with 400, never a 500.

PostgreSQL cannot hold a NUL in a query parameter at all (psycopg refuses to send it); a page that looks up a
code typed into its address would otherwise end in a server error. The write path refuses such text itself
(`reporting.entry_checks`); this is the net for every read.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from plantrack.errors import is_nul_refusal


class ControlCharacterMiddleware:
    """Turns the database driver's refusal of a NUL in a request's text into a 400 saying so."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_nul_refusal(exception):
            return None
        return HttpResponse(_("请求中含有控制字符（如 NUL），无法处理：请检查地址或填写的内容。"), status=400,
                            content_type="text/plain; charset=utf-8")

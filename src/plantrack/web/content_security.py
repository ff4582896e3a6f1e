"""The Content-Security-Policy every page is sent with: scripts, styles, fonts and data only from the site itself.

The pages keep to it: no inline <script> or <style>, no on…= attributes and no javascript: links (behaviour is
wired by data attributes in web/static/web/behaviours.js; htmx is told not to add its indicator style). ECharts
and the vendored files are served by the site. `img-src data:` is for the pictures ECharts and the report charts
put inline; `style-src-attr 'unsafe-inline'` for the style attributes ECharts writes into its tooltips (a style
attribute cannot run script). A response that brings its own policy (a stored report shown as a document,
reports/views.py) keeps it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response

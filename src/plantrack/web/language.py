"""Which language a page is shown in: Chinese (zh-Hans) for everyone until a person chooses another with the
switch in the page header. The browser's own language setting is not consulted: the system's working language
is Chinese whatever machine an official happens to sit at."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # The language is activated for the thread; without putting the old one back, one person's English
        # would stay on for whatever that thread does next (another request, a command, a test).
        before = translation.get_language()
        try:
            return super().__call__(request)
        finally:
            if before is None:
                translation.deactivate_all()
            else:
                translation.activate(before)

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()

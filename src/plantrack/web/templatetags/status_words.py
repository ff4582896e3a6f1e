"""Template filter `{{ status|status_word }}`: an assessment status in the reader's language (stored in Chinese)."""

from __future__ import annotations

from django import template

from plantrack.web.status_display import status_word as _status_word

register = template.Library()


@register.filter
def status_word(status: str) -> str:
    return _status_word(status)

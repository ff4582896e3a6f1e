"""Lists on a page in the reader's language: `{{ names|join_words }}` (立项、环评批复, or "立项, 环评批复" in English)
and `{% list_separator %}` between the items of a `{% for %}` that shows more than a name (a link)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from plantrack import wording

register = template.Library()


@register.filter(is_safe=True, needs_autoescape=True)
def join_words(words: Iterable[object] | None, autoescape: bool = True) -> SafeString:
    # Each name is escaped on its own, as Django's `join` does, so a name already marked safe is not escaped twice.
    shown = [conditional_escape(word) if autoescape else word for word in words or ()]
    return mark_safe(wording.join_words(shown))  # every item was escaped above (or autoescape is off)


@register.simple_tag
def list_separator() -> str:
    return wording.list_separator()

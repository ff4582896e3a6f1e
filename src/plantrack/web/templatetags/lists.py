"""Lists, labels and notes on a page in the reader's language (see `plantrack.wording`):

- `{{ names|join_words }}` (立项、环评批复, or "立项, 环评批复" in English), and `{% list_separator %}` between the
  items of a `{% for %}` that shows more than a name (a link);
- `{% label_separator %}` between a label and its value (来源：…, "Source: …");
- `{{ reasons|join_clauses }}` (未开工；无堵点, "未开工; 无堵点"), and `{% clause_separator %}` between the items of a
  `{% for %}`;
- `{% bracketed %}当前{% endbracketed %}` around a note (（当前）, " (current)"); `{% bracketed after_space %}` where
  the text before it already ends in a space."""

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


@register.simple_tag
def label_separator() -> str:
    return wording.label_separator()


@register.simple_tag
def clause_separator() -> str:
    return wording.clause_separator()


@register.filter(is_safe=True, needs_autoescape=True)
def join_clauses(clauses: Iterable[object] | None, autoescape: bool = True) -> SafeString:
    shown = [conditional_escape(clause) if autoescape else clause for clause in clauses or ()]
    return mark_safe(wording.join_clauses(shown))  # every item was escaped above (or autoescape is off)


class BracketedNode(template.Node):
    def __init__(self, nodelist: template.NodeList, *, after_space: bool) -> None:
        self.nodelist, self.after_space = nodelist, after_space

    def render(self, context: template.Context) -> SafeString:
        # The note was rendered (and escaped) by the template; the brackets are plain marks.
        return mark_safe(wording.bracketed(self.nodelist.render(context), after_space=self.after_space))


@register.tag
def bracketed(parser: template.base.Parser, token: template.base.Token) -> BracketedNode:
    bits = token.split_contents()
    if bits[1:] not in ([], ["after_space"]):
        raise template.TemplateSyntaxError(f"{bits[0]} takes no argument but after_space")
    nodelist = parser.parse(("endbracketed",))
    parser.delete_first_token()
    return BracketedNode(nodelist, after_space=bits[1:] == ["after_space"])

"""Pieces that apps above this one add to a page this one owns, without this app knowing them.

A lower app's page must not load an upper app's template tags (the layers in DESIGN.md), yet the chapter page shows
the tasks given out from that chapter. So the page owns a `PagePanels`, and the upper app registers a function that
renders its piece, in its `AppConfig.ready`:

    CHAPTER_PANELS.register("tasks", render_chapter_tasks, order=10)   # in plantrack.tasks.apps

and the page's template calls `{% chapter_panels version chapter %}` (plans' own tags). Each function is called with
the request and the page's objects as keywords and returns HTML (render_to_string's SafeString); plain text is
escaped.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

PanelRenderer = Callable[..., str]


class PagePanels:
    """The panels of one page, shown in `order` (then name); registering a name again replaces its panel."""

    def __init__(self, page: str) -> None:
        self.page = page
        self._panels: dict[str, tuple[int, PanelRenderer]] = {}

    def register(self, name: str, render: PanelRenderer, *, order: int = 100) -> None:
        self._panels[name] = (order, render)

    def names(self) -> list[str]:
        return [name for name, _panel in sorted(self._panels.items(), key=lambda item: (item[1][0], item[0]))]

    def render(self, request: HttpRequest, **objects: object) -> SafeString:
        pieces = [conditional_escape(self._panels[name][1](request, **objects)) for name in self.names()]
        return mark_safe("".join(pieces))  # each piece escaped above unless it is already safe HTML


# The chapter page (plans:chapter): panels get `version` (PlanVersion) and `chapter` (the chapter's PlanNode).
CHAPTER_PANELS = PagePanels("plans:chapter")

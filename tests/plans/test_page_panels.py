"""Panels: an upper app adds its piece to a page a lower app owns, without the lower app knowing it."""

from __future__ import annotations

from django.test import RequestFactory
from django.utils.safestring import mark_safe

from plantrack.indicators.panels import INDICATOR_PANELS
from plantrack.plans.panels import CHAPTER_PANELS, PagePanels


class TestPagePanels:
    def test_panels_are_shown_in_their_order_with_the_pages_objects(self):
        panels = PagePanels("test page")
        panels.register("late", lambda request, *, chapter: mark_safe(f"<p>late {chapter}</p>"), order=20)
        panels.register("early", lambda request, *, chapter: mark_safe(f"<p>early {chapter}</p>"), order=10)
        html = panels.render(RequestFactory().get("/"), chapter=4)
        assert html == "<p>early 4</p><p>late 4</p>"

    def test_plain_text_is_escaped_and_registering_again_replaces(self):
        panels = PagePanels("test page")
        panels.register("tasks", lambda request: "<script>x</script>")
        assert panels.render(RequestFactory().get("/")) == "&lt;script&gt;x&lt;/script&gt;"
        panels.register("tasks", lambda request: mark_safe("<b>tasks</b>"))
        assert panels.render(RequestFactory().get("/")) == "<b>tasks</b>"

    def test_the_upper_apps_register_on_the_chapter_and_indicator_pages(self):
        # Registered in TasksConfig.ready / ProjectsConfig.ready: plans and indicators import neither app.
        assert CHAPTER_PANELS.names() == ["tasks"]
        assert INDICATOR_PANELS.names() == ["tasks", "projects"]

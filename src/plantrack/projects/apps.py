"""The projects app: the major-project ledger, its approval procedures, investment and weekly dispatch."""

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "plantrack.projects"
    verbose_name = "重大项目"

    def ready(self) -> None:
        # The indicator page belongs to a lower app; it shows the projects serving it through the panels it owns.
        from plantrack.indicators.panels import INDICATOR_PANELS
        from plantrack.projects.panels import render_indicator_projects

        INDICATOR_PANELS.register("projects", render_indicator_projects, order=20)

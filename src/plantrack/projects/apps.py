"""The projects app: the major-project ledger, its approval procedures, investment and weekly dispatch."""

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "plantrack.projects"
    verbose_name = "重大项目"

    def ready(self) -> None:
        # The indicator page belongs to a lower app; it shows the projects serving it through the panels it owns.
        from django.utils.translation import gettext_lazy

        from plantrack.imports.sheets import register_sheet
        from plantrack.indicators.panels import INDICATOR_PANELS
        from plantrack.projects.access import can_edit_project_of
        from plantrack.projects.ledger import FIELD_LABELS, SHEET
        from plantrack.projects.panels import render_indicator_projects

        INDICATOR_PANELS.register("projects", render_indicator_projects, order=20)
        # The office's saved ledger columns are listed and forgotten by those who may import its ledger.
        register_sheet(SHEET, label=gettext_lazy("项目台账导入"), fields=FIELD_LABELS, may_import=can_edit_project_of)

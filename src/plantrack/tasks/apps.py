"""The tasks app: task decomposition (任务分工), progress reports and supervision (督办)."""

from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "plantrack.tasks"
    verbose_name = "任务分工与督办"

    def ready(self) -> None:
        # The chapter and indicator pages belong to lower apps; they show our tasks through the panels they own.
        from django.utils.translation import gettext_lazy

        from plantrack.imports.sheets import register_sheet
        from plantrack.indicators.panels import INDICATOR_PANELS
        from plantrack.plans.panels import CHAPTER_PANELS
        from plantrack.tasks.access import can_assign_tasks
        from plantrack.tasks.importing import SHEET
        from plantrack.tasks.panels import render_chapter_tasks, render_indicator_tasks

        CHAPTER_PANELS.register("tasks", render_chapter_tasks, order=10)
        INDICATOR_PANELS.register("tasks", render_indicator_tasks, order=10)
        # Only the planning office imports a 分工方案, for whichever office it belongs to; it alone looks after the
        # columns an office saved for them.
        register_sheet(SHEET, label=gettext_lazy("分工方案导入"),
                       may_import=lambda user, _office: can_assign_tasks(user))

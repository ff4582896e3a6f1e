"""The tasks app: task decomposition (任务分工), progress reports and supervision (督办)."""

from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "plantrack.tasks"
    verbose_name = "任务分工与督办"

    def ready(self) -> None:
        # The chapter and indicator pages belong to lower apps; they show our tasks through the panels they own.
        from plantrack.indicators.panels import INDICATOR_PANELS
        from plantrack.plans.panels import CHAPTER_PANELS
        from plantrack.tasks.panels import render_chapter_tasks, render_indicator_tasks

        CHAPTER_PANELS.register("tasks", render_chapter_tasks, order=10)
        INDICATOR_PANELS.register("tasks", render_indicator_tasks, order=10)

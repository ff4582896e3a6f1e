"""The tasks app: task decomposition (任务分工), progress reports and supervision (督办)."""

from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "plantrack.tasks"
    verbose_name = "任务分工与督办"

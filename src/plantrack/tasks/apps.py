from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "plantrack.tasks"
    verbose_name = "任务分工与督办"

"""The projects app: the major-project ledger, its approval procedures, investment and weekly dispatch."""

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "plantrack.projects"
    verbose_name = "重大项目"

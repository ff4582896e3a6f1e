from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class OperationsConfig(AppConfig):
    name = "plantrack.operations"
    verbose_name = "运行与运维"

    def ready(self) -> None:
        # Every app's jobs.py defines its jobs and registers its hooks (what to do when a job's worker died, which
        # jobs run daily); importing them here makes the registry complete in the web server and the worker alike.
        autodiscover_modules("jobs")

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "plantrack.reporting"
    label = "reporting"

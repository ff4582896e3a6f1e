from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "plantrack.ops"
    label = "ops"

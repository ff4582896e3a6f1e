from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "plantrack.api"
    label = "api"

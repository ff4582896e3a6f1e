from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "plantrack.web"
    label = "web"

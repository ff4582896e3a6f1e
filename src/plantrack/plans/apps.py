from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plantrack.plans"
    label = "plans"

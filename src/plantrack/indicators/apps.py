from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "plantrack.indicators"
    label = "indicators"

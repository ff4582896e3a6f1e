from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "plantrack.orgs"
    label = "orgs"

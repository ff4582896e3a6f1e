from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "plantrack.assessment"
    label = "assessment"

"""The assessment app: stored assessments (评估结果) and warnings (预警) from approved values."""

from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "plantrack.assessment"
    label = "assessment"

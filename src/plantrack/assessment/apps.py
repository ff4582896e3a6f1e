"""The assessment app: stored assessments (评估结果) and warnings (预警) from approved values."""

from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "plantrack.assessment"
    label = "assessment"

    def ready(self) -> None:
        # The lower apps own the hooks; this app registers on them, so approving values or changing a target
        # refreshes the stored judgements without reporting or indicators importing assessment.
        from plantrack.assessment import receivers
        from plantrack.indicators.signals import targets_changed
        from plantrack.reporting.signals import values_approved

        values_approved.connect(receivers.refresh_after_approval, dispatch_uid="assessment.refresh_after_approval")
        targets_changed.connect(receivers.refresh_after_target_change, dispatch_uid="assessment.refresh_after_target")

"""URLs of the assessment pages: warnings and acknowledging them; 人工研判 of an indicator."""

from django.urls import path

from plantrack.assessment import judgement_views, views

app_name = "assessment"
urlpatterns = [
    path("warnings/", views.warnings, name="warnings"),
    path("warnings/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("judgements/<int:pk>/", judgement_views.judgements, name="judgements"),
    path("judgements/version/<int:judgement_id>/<str:action>/", judgement_views.judgement_action,
         name="judgement_action"),
    path("judgements/version/<int:judgement_id>/evidence/file/", judgement_views.judgement_evidence,
         name="judgement_evidence"),
]

"""URLs of the assessment pages: the warnings list and acknowledging a warning."""

from django.urls import path

from plantrack.assessment import views

app_name = "assessment"
urlpatterns = [
    path("warnings/", views.warnings, name="warnings"),
    path("warnings/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]

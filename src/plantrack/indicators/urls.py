from django.urls import path

from plantrack.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/annual-target/", views.annual_target, name="annual_target"),
    path("<int:pk>/assigned-targets/", views.assigned_targets, name="assigned_targets"),
    path("assigned-targets/<int:target_id>/file/", views.assigned_target_file, name="assigned_target_file"),
    path("commitments/", views.commitments, name="commitments"),
    path("commitments/<int:pk>/promote/", views.promote, name="promote"),
]

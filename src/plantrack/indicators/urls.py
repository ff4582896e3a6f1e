from django.urls import path

from plantrack.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/annual-target/", views.annual_target, name="annual_target"),
    path("commitments/", views.commitments, name="commitments"),
    path("commitments/<int:pk>/promote/", views.promote, name="promote"),
]

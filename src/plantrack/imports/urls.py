"""URLs under /imports/: the column choices an office saved, and forgetting them."""

from django.urls import path

from plantrack.imports import views

app_name = "imports"
urlpatterns = [
    path("columns/", views.saved_columns, name="saved_columns"),
    path("columns/forget/", views.forget_columns, name="forget_columns"),
]

"""URLs of the evaluation reports."""

from django.urls import path

from plantrack.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("self-assessments/", views.self_assessments, name="self_assessments"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ask/", views.ask, name="ask"),
    path("<int:pk>/contributions/<int:contribution_pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/run/", views.run, name="run"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/text/", views.edit_text, name="text"),
    path("<int:pk>/stage/", views.change_stage, name="stage"),
    path("<int:pk>/annex/<str:name>/", views.annex, name="annex"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
]

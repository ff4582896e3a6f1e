"""URLs of the evaluation reports."""

from django.urls import path, re_path

from plantrack.reports import views
from plantrack.reports.charts import CHART_NAMES

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
    re_path(rf"^(?P<pk>[0-9]+)/charts/(?P<name>{'|'.join(CHART_NAMES)})-(?P<key>[0-9a-f]{{16}})\.png$",
            views.chart, name="chart"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
]

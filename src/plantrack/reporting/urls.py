from django.urls import path

from plantrack.reporting import base_year_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<int:round_id>/completeness/", views.completeness, name="completeness"),
    path("form/<int:round_id>/<str:unit_code>/", views.entry_form, name="form"),
    path("review/", views.review, name="review"),
    path("values/<int:value_id>/history/", views.history, name="history"),
    path("template/<str:unit_code>/<int:round_id>/", views.template_download, name="template"),
    path("template/upload/", views.template_upload, name="template_upload"),
    path("bulk/", views.bulk_upload, name="bulk_upload"),
    path("export/", views.export, name="export"),
    path("base-year/", base_year_views.base_year_form, name="base_year"),
]

"""URLs of the task pages under /tasks/: overview, a unit's tasks, one task, assigning, import, supervision."""

from django.urls import path

from plantrack.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<str:code>/", views.unit_tasks, name="unit"),
    path("new/", views.new_task, name="new"),
    path("import/", views.import_file, name="import"),
    path("import/jobs/<str:job_id>/", views.import_job, name="import_job"),
    path("import/jobs/<str:job_id>/progress/", views.import_job_progress, name="import_job_progress"),
    path("export.xlsx", views.export_file, name="export"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/<int:item_id>/cancel/", views.cancel_item, name="cancel_item"),
    path("<int:task_id>/review/", views.review, name="review"),
    path("<int:task_id>/", views.detail, name="detail"),
    path("<int:task_id>/edit/", views.edit_task, name="edit"),
    path("<int:task_id>/report/", views.report, name="report"),
    path("evidence/<int:evidence_id>/", views.evidence, name="evidence"),
]

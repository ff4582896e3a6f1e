"""URLs of the project pages under /projects/: the ledger, one project, import/export, the dispatch sheet, the
monthly review."""

from django.urls import path

from plantrack.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_file, name="import"),
    path("export.xlsx", views.export_ledger, name="export"),
    path("dispatch-sheet/", views.dispatch_sheet, name="dispatch_sheet"),
    path("review/", views.review, name="review"),
    path("<int:project_id>/", views.detail, name="detail"),
    path("<int:project_id>/procedures/<int:kind_id>/", views.procedure, name="procedure"),
    path("<int:project_id>/dispatch/", views.dispatch, name="dispatch"),
    path("blockers/<int:blocker_id>/resolve/", views.resolve, name="resolve"),
]

"""Top-level URL map: each domain app owns its own URLs under a prefix."""

from django.urls import include, path

from plantrack.operations.health import healthz

urlpatterns = [
    path("", include("plantrack.web.urls")),
    path("plans/", include("plantrack.plans.urls")),
    path("orgs/", include("plantrack.orgs.urls")),
    path("imports/", include("plantrack.imports.urls")),
    path("indicators/", include("plantrack.indicators.urls")),
    path("reporting/", include("plantrack.reporting.urls")),
    path("tasks/", include("plantrack.tasks.urls")),
    path("projects/", include("plantrack.projects.urls")),
    path("assessment/", include("plantrack.assessment.urls")),
    path("reports/", include("plantrack.reports.urls")),
    path("api/", include("plantrack.api.urls")),
    # set_language: the 中文 / English switch in the page header posts here.
    path("i18n/", include("django.conf.urls.i18n")),
    # For the load balancer and monitoring: no login, no data (docs/operations.md).
    path("healthz", healthz, name="healthz"),
]

# The error pages in the site's layout (see plantrack.web.errors).
handler403 = "plantrack.web.errors.permission_denied"
handler404 = "plantrack.web.errors.page_not_found"
handler500 = "plantrack.web.errors.server_error"

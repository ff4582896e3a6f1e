"""URLs under /api/: the token page, then everything else is the NinjaAPI in plantrack.api.router."""

from django.urls import path, re_path

from plantrack.api import views
from plantrack.api.router import api

urlpatterns = [
    path("tokens/", views.tokens, name="api_tokens"),
    path("", api.urls),
    # Last: whatever the API does not answer is a JSON 404 (and the API docs list the operations).
    re_path(r"", views.not_found),
]

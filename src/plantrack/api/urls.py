"""URLs under /api/: the token page, then everything else is the NinjaAPI in plantrack.api.router."""

from django.urls import path

from plantrack.api import views
from plantrack.api.router import api

urlpatterns = [
    path("tokens/", views.tokens, name="api_tokens"),
    path("", api.urls),
]

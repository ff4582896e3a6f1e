"""URLs of the HTTP API: everything under /api/ is the NinjaAPI in plantrack.api.router."""

from django.urls import path

from plantrack.api.router import api

urlpatterns = [path("", api.urls)]

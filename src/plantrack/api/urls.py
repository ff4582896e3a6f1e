"""The HTTP API; the app apps register their routers on plantrack.api.router.api."""

from django.urls import path

urlpatterns: list = []

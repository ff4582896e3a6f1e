"""The HTTP API; the app apps register their routers on plantrack.api.router.api."""


urlpatterns: list = []

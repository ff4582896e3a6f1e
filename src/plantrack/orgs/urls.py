from django.urls import path

from plantrack.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.index, name="index"),
    path("users/", views.users, name="users"),
]

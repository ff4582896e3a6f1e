from django.urls import path

from plantrack.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.index, name="index"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<int:user_id>/", views.user_edit, name="user_edit"),
    path("users/<int:user_id>/active/", views.user_active, name="user_active"),
]

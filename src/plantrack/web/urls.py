from django.contrib.auth import views as auth_views
from django.urls import path

from plantrack.orgs.login import ThrottledLoginView
from plantrack.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]

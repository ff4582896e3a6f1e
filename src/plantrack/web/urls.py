from django.contrib.auth import views as auth_views
from django.urls import path

from plantrack.orgs.login import ThrottledLoginView
from plantrack.web import dashboard_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/indicators/<int:pk>/", dashboard_views.indicator_progress, name="indicator_progress"),
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]

from django.urls import path

from plantrack.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.upload, name="upload"),
    path("<int:plan_id>/", views.contents, name="current"),
    path("<int:plan_id>/v<int:number>/", views.contents, name="contents"),
    path("<int:plan_id>/v<int:number>/chapters/<int:chapter>/", views.chapter, name="chapter"),
    path("<int:plan_id>/v<int:number>/indicators/", views.indicators, name="indicators"),
    path("<int:plan_id>/v<int:number>/commitments/", views.commitments, name="commitments"),
    path("<int:plan_id>/v<int:number>/search/", views.search, name="search"),
]

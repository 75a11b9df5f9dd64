from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.figures_page, name="page"),
    path("figures.json", views.figures_json, name="figures"),
]

"""Rates page and JSON API (included by the root urlconf at "/")."""

from django.urls import path

from . import views

app_name = "rates"

urlpatterns = [
    path("rates/", views.rates_page, name="page"),
    path("rates/history.csv", views.history_csv, name="history_csv"),
    path("api/rates/latest", views.api_latest, name="api_latest"),
    path("api/rates/history", views.api_history, name="api_history"),
]

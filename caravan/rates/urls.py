"""Rates page and JSON API (filled in by the rates issue)."""

urlpatterns: list = []

"""Wagtail's page-serving view, routed through caravan.web.routing."""

from wagtail import views as wagtail_views

from .routing import route_for_request


def serve(request, path):
    route_for_request(request, path)  # Wagtail's view takes the route from here
    return wagtail_views.serve(request, path)

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "caravan.search"
    label = "caravan_search"

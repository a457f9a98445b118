from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "caravan.search"
    label = "caravan_search"

    def ready(self):
        from caravan.caching.keys import declare_query_params

        declare_query_params("q", "sort")

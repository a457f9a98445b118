from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "caravan.importers"
    label = "importers"

    def ready(self):
        from caravan.caching.keys import declare_query_params

        from .middleware import WP_QUERY_PARAMS

        # Old WordPress (?p=, ?page_id=, ?feed=podcast, ...) and Joomla URLs
        # redirect (or not: the database says): such requests pass the page cache.
        declare_query_params(
            *WP_QUERY_PARAMS, "feed", "option", "view", "catid", "id", bypass=True
        )

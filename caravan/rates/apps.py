from django.apps import AppConfig


class RatesConfig(AppConfig):
    name = "caravan.rates"
    label = "rates"
    verbose_name = "Currency rates"

    def ready(self) -> None:
        from caravan.caching.keys import declare_query_params
        from caravan.caching.tags import every_page

        from . import signals  # noqa: F401

        every_page("ticker")  # every page shows the ticker
        # /rates/ (chart range, converter) and the history API and CSV.
        declare_query_params("range", "amount", "source", "target")
        declare_query_params("currency", "from", "to")

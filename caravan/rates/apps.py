from django.apps import AppConfig


class RatesConfig(AppConfig):
    name = "caravan.rates"
    label = "rates"
    verbose_name = "Currency rates"

    def ready(self) -> None:
        from . import signals  # noqa: F401

from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "caravan.caching"
    label = "caching"
    verbose_name = "Page cache"

    def ready(self):
        from . import outbox

        outbox.connect()  # deliver pending purges when the shared cache is back

from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "caravan.caching"
    label = "caching"
    verbose_name = "Page cache"

    def ready(self):
        from . import signals  # noqa: F401  (connects the purge handlers)

from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "caravan.caching"
    label = "caching"
    verbose_name = "Page cache"

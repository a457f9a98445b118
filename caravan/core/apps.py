from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "caravan.core"
    label = "core"

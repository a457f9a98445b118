from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "caravan.importers"
    label = "importers"

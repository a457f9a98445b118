from django.apps import AppConfig


class RatesConfig(AppConfig):
    name = "caravan.rates"
    label = "rates"

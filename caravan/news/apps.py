from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "caravan.news"
    label = "news"

    def ready(self):
        from . import purges

        purges.connect()

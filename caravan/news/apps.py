from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "caravan.news"
    label = "news"

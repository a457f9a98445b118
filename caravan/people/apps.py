from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "caravan.people"
    label = "people"

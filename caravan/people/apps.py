from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "caravan.people"
    label = "people"

    def ready(self):
        from . import translation

        translation.connect()

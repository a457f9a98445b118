from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "caravan.web"
    label = "web"
    verbose_name = "Serving pages"

    def ready(self):
        from caravan.caching.tags import every_page

        from . import signals

        signals.connect()
        every_page("chrome")  # the frame: navigation, settings, URLs

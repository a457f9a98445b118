from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PodcastsConfig(AppConfig):
    name = "caravan.podcasts"
    label = "podcasts"
    verbose_name = _("Podcasts")

    def ready(self):
        from . import purges

        purges.connect()

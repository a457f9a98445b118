from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PodcastsConfig(AppConfig):
    name = "caravan.podcasts"
    label = "podcasts"
    verbose_name = _("Podcasts")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from . import purges, signals

        purges.connect()
        page_published.connect(signals.episode_changed, dispatch_uid="podcasts-pub")
        page_unpublished.connect(signals.episode_changed, dispatch_uid="podcasts-unpub")

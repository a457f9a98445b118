from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveBlogsConfig(AppConfig):
    name = "caravan.liveblogs"
    label = "liveblogs"
    verbose_name = _("Live blogs")

    def ready(self):
        from . import purges

        purges.connect()

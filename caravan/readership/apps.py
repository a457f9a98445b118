from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    name = "caravan.readership"
    label = "readership"
    verbose_name = _("Readership")

    def ready(self):
        from caravan.caching import slots

        from . import slot

        # Every publication may change the lists ("content"); views change them
        # all the time: refreshed every few minutes, no page purged.
        slots.register(
            slot.SLOT, slot.render, tags=("content",), max_age=slot.REFRESH_SECONDS
        )

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _lists_changed(sender, **kwargs):
    from caravan.caching.purge import purge_later

    from .slot import TAG

    purge_later({TAG})  # the sign-up form slots only: no page is purged


class NewslettersConfig(AppConfig):
    name = "caravan.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from caravan.caching import slots

        from . import slot
        from .models import NewsletterList

        for name, place in slot.SLOTS.items():
            slots.register(name, slot.renderer(place), tags=(slot.TAG,), max_age=3600)
        post_save.connect(_lists_changed, sender=NewsletterList, dispatch_uid="nl")
        post_delete.connect(_lists_changed, sender=NewsletterList, dispatch_uid="nl-d")

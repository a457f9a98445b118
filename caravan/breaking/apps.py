from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _alert_changed(sender, **kwargs):
    from caravan.caching.purge import purge_later

    from .banner import TAG

    purge_later({TAG})  # the banner slot only: no page is purged


class BreakingConfig(AppConfig):
    name = "caravan.breaking"
    label = "breaking"
    verbose_name = _("Breaking news")

    def ready(self):
        from caravan.caching import slots

        from . import banner
        from .models import BreakingAlert

        # Within seconds of saving, on every page, cached or not.
        slots.register(banner.SLOT, banner.render, tags=(banner.TAG,), max_age=300)
        post_save.connect(_alert_changed, sender=BreakingAlert, dispatch_uid="breaking")
        post_delete.connect(
            _alert_changed, sender=BreakingAlert, dispatch_uid="breaking-d"
        )

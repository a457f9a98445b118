from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SeoConfig(AppConfig):
    name = "caravan.seo"
    label = "seo"
    verbose_name = _("Search engines and sharing")

    def ready(self):
        from caravan.core.apps import settings_changed

        from .models import SeoSettings

        # The SEO head and feeds of every page read these settings.
        post_save.connect(settings_changed, sender=SeoSettings, dispatch_uid="seo")
        post_delete.connect(settings_changed, sender=SeoSettings, dispatch_uid="seo")

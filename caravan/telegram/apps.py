from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _published(sender, instance, **kwargs):
    from .posting import queue_article

    queue_article(instance)


def _unpublished(sender, instance, **kwargs):
    from .posting import queue_unpublished

    queue_unpublished(instance)


class TelegramConfig(AppConfig):
    name = "caravan.telegram"
    label = "telegram"
    verbose_name = _("Telegram")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from caravan.news.models import ArticlePage

        page_published.connect(_published, sender=ArticlePage, dispatch_uid="telegram")
        page_unpublished.connect(
            _unpublished, sender=ArticlePage, dispatch_uid="telegram"
        )

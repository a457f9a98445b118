from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _is_article(instance) -> bool:
    # Every kind of article (a live blog is one): signals don't follow subclasses.
    from caravan.news.models import ArticlePage

    return isinstance(instance, ArticlePage)


def _published(sender, instance, **kwargs):
    from .posting import queue_article

    if _is_article(instance):
        queue_article(instance)


def _unpublished(sender, instance, **kwargs):
    from .posting import queue_unpublished

    if _is_article(instance):
        queue_unpublished(instance)


class TelegramConfig(AppConfig):
    name = "caravan.telegram"
    label = "telegram"
    verbose_name = _("Telegram")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        page_published.connect(_published, dispatch_uid="telegram")
        page_unpublished.connect(_unpublished, dispatch_uid="telegram")

from django import template
from django.utils import translation
from wagtail.models import Locale

from caravan.news.selectors import latest_articles

register = template.Library()


@register.simple_tag
def sidebar_latest(limit=6, exclude=None):
    """Newest articles in the current language, for the sidebar."""
    locale = Locale.objects.filter(language_code=translation.get_language()).first()
    return latest_articles(
        locale=locale, limit=limit, exclude_ids=[exclude.pk] if exclude else ()
    )

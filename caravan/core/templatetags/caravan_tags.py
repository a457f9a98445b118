from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def in_site_tz(value, settings):
    """A datetime in the site's display time zone (a site setting)."""
    if value is None:
        return None
    return timezone.localtime(value, settings.tz)


@register.simple_tag(takes_context=True)
def page_url_for(context, number):
    """The current URL with ?page=<number>, keeping other query parameters."""
    request = context["request"]
    query = request.GET.copy()
    if number == 1:
        query.pop("page", None)
    else:
        query["page"] = number
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


@register.simple_tag
def elided_page_range(page_obj):
    """Page numbers around the current one, with … gaps (cheap for 10,000 pages)."""
    return list(
        page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=2, on_ends=1
        )
    )


@register.filter
def ancestors(page):
    """A page's ancestors below the tree root, top first (the home page first),
    as Wagtail's routing loaded them: usually no query."""
    from caravan.core.routing import loaded_ancestors

    return loaded_ancestors(page)

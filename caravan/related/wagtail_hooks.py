from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import suggest_view
from .models import Curation


class CurationViewSet(SnippetViewSet):
    model = Curation
    icon = "link"
    menu_label = _("Suggestions")
    add_to_admin_menu = True
    list_display = ["article"]


register_snippet(CurationViewSet)


@hooks.register("register_admin_urls")
def urls():
    return [
        path("related/suggest/<int:page_id>/", suggest_view, name="related_suggest")
    ]


def _is_article(page) -> bool:
    from caravan.news.models import ArticlePage

    return isinstance(page.specific_deferred, ArticlePage)


@hooks.register("register_page_header_buttons")
def header_buttons(page, user, view_name, next_url=None):
    if _is_article(page) and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Suggested countries and tags"),
            reverse("related_suggest", args=[page.pk]),
            icon_name="tag",
            priority=90,
        )


@hooks.register("register_page_listing_more_buttons")
def more_buttons(page, user, next_url=None):
    yield from header_buttons(page, user, "", next_url)

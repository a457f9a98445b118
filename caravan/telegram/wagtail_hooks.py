from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from caravan.news.models import ArticlePage

from . import admin_views
from .models import TelegramChange, TelegramChannel, TelegramPost


@hooks.register("register_admin_urls")
def urls():
    return [
        path(
            "telegram/article/<int:page_id>/",
            admin_views.article_telegram,
            name="telegram_article",
        ),
    ]


@hooks.register("register_page_header_buttons")
def article_button(page, user, view_name, next_url=None):
    """ "Telegram" in an article's "⋯" menu (its edit screen included)."""
    if issubclass(page.specific_class or type(page), ArticlePage):
        yield Button(
            _("Telegram"),
            reverse("telegram_article", args=[page.pk]),
            icon_name="globe",
            priority=75,
        )


class ChannelViewSet(SnippetViewSet):
    model = TelegramChannel
    icon = "globe"
    menu_label = _("Channels")
    list_display = ["name", "chat_id", "language", "section", "enabled"]


class PostIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.article_id is None:  # the article was deleted
            return buttons
        return [
            *buttons,
            MenuItem(
                _("The article's Telegram page (don't post it)"),
                url=reverse("telegram_article", args=[instance.article_id]),
                icon_name="globe",
                priority=15,
            ),
        ]


class PostViewSet(SnippetViewSet):
    """What was posted, when, and what failed (read-only in practice: rows are
    written by the queue)."""

    model = TelegramPost
    icon = "list-ul"
    menu_label = _("Posts")
    index_view_class = PostIndexView
    list_display = [
        "article",
        "channel",
        "status",
        "posted_at",
        "edited_at",
        "attempts",
        "error",
    ]
    list_filter = ["status", "channel"]
    ordering = ["-created_at"]


class ChangeViewSet(SnippetViewSet):
    model = TelegramChange
    icon = "edit"
    menu_label = _("Edits and deletions")
    list_display = ["post", "action", "status", "done_at", "attempts", "error"]
    list_filter = ["action", "status"]
    ordering = ["-created_at"]


class TelegramGroup(ViewSetGroup):
    menu_label = _("Telegram")
    menu_icon = "globe"
    menu_order = 170
    items = (ChannelViewSet, PostViewSet, ChangeViewSet)


register_snippet(TelegramGroup)

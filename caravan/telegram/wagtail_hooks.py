from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import TelegramChannel, TelegramPost


class ChannelViewSet(SnippetViewSet):
    model = TelegramChannel
    icon = "globe"
    menu_label = _("Channels")
    list_display = ["name", "chat_id", "language", "section", "enabled"]


class PostViewSet(SnippetViewSet):
    """What was posted, when, and what failed (read-only in practice: rows are
    written by the queue)."""

    model = TelegramPost
    icon = "list-ul"
    menu_label = _("Posts")
    list_display = ["article", "channel", "status", "posted_at", "attempts", "error"]
    list_filter = ["status", "channel"]
    ordering = ["-created_at"]


class TelegramGroup(ViewSetGroup):
    menu_label = _("Telegram")
    menu_icon = "globe"
    menu_order = 170
    items = (ChannelViewSet, PostViewSet)


register_snippet(TelegramGroup)

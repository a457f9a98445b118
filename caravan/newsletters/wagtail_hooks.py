from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from . import admin_views
from .models import Edition, NewsletterList, Subscriber


@hooks.register("register_admin_urls")
def urls():
    return [
        path(
            "newsletters/editions/<int:pk>/test/",
            admin_views.test_send,
            name="newsletters_test_send",
        ),
        path(
            "newsletters/subscribers/<int:pk>/export/",
            admin_views.export_subscriber,
            name="newsletters_export_subscriber",
        ),
    ]


class NewsletterListViewSet(SnippetViewSet):
    model = NewsletterList
    icon = "list-ul"
    menu_label = _("Lists")
    list_display = ["name", "language", "frequency", "public"]
    list_filter = ["language", "frequency"]


class EditionIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(
                _("Delivery and test send"),
                url=reverse("newsletters_test_send", args=[instance.pk]),
                icon_name="mail",
                priority=15,
            ),
        ]


class EditionViewSet(SnippetViewSet):
    model = Edition
    icon = "mail"
    menu_label = _("Editions")
    index_view_class = EditionIndexView
    list_display = ["subject", "newsletter", "status", "send_at", "delivery_progress"]
    list_filter = ["status", "newsletter"]


class SubscriberIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(
                _("Export data"),
                url=reverse("newsletters_export_subscriber", args=[instance.pk]),
                icon_name="download",
                priority=15,
            ),
        ]


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    index_view_class = SubscriberIndexView
    list_display = ["email", "language", "created_at", "bounced_at"]
    list_filter = ["language"]
    search_fields = ["email"]
    search_backend_name = None  # the database's own search: an exact address


class NewslettersGroup(ViewSetGroup):
    menu_label = _("Newsletters")
    menu_icon = "mail"
    menu_order = 160
    items = (EditionViewSet, NewsletterListViewSet, SubscriberViewSet)


register_snippet(NewslettersGroup)

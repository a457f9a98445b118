"""The admin's compact form for live blog updates: a list of a blog's updates
(``?live_blog=<id>``) and a short form to add one, opened from the page
explorer's "Updates" button — no page edit per update. Contributors add and
edit updates; only editors (``publish_liveblogupdate``) see "published"."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .models import LiveBlogPage, LiveBlogUpdate


class UpdateCreateView(CreateView):
    def get_initial(self):
        """Opened from a live blog ("Add update"): that blog, and now."""
        initial = super().get_initial()
        live_blog = self.request.GET.get("live_blog", "")
        if live_blog.isdigit() and LiveBlogPage.objects.filter(pk=live_blog).exists():
            initial["live_blog"] = int(live_blog)
        return initial


class LiveBlogUpdateViewSet(SnippetViewSet):
    model = LiveBlogUpdate
    icon = "time"
    menu_label = _("Live blog updates")
    menu_order = 160
    add_to_admin_menu = True
    add_view_class = UpdateCreateView
    list_display = [
        "__str__",
        "live_blog",
        "posted_at",
        "author",
        "key_event",
        "pinned",
        "published",
    ]
    list_filter = ["live_blog", "published", "key_event"]
    ordering = ["-posted_at"]


register_snippet(LiveBlogUpdateViewSet)


@hooks.register("register_page_listing_more_buttons")
def live_blog_buttons(page, user, next_url=None, **kwargs):
    if not isinstance(page.specific_deferred, LiveBlogPage):
        return
    if not user.has_perm("liveblogs.add_liveblogupdate"):
        return
    viewset = LiveBlogUpdate.snippet_viewset
    index = reverse(viewset.get_url_name("list"))
    add = reverse(viewset.get_url_name("add"))
    yield Button(
        _("Live blog updates"),
        f"{index}?live_blog={page.pk}",
        priority=1,
        icon_name="time",
    )
    yield Button(
        _("Add live blog update"),
        f"{add}?live_blog={page.pk}",
        priority=2,
        icon_name="plus",
    )

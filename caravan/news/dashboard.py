"""What a writer or an editor needs first on the admin dashboard: where to write,
their drafts, and what is scheduled (Wagtail's own panels already list what
awaits their review and their pages in review)."""

from django.contrib.auth.models import AnonymousUser
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision

from .models import ArticlePage, SectionPage

LISTED = 10


def sections_to_write_in(user) -> list[SectionPage]:
    """The live sections the user may add an article to, in tree order."""
    return [
        section
        for section in SectionPage.objects.live().order_by("path")
        if section.permissions_for_user(user).can_add_subpage()
    ]


def drafts_of(user) -> list[Page]:
    """The user's articles with changes not yet published, newest edit first."""
    return list(
        ArticlePage.objects.filter(owner=user, has_unpublished_changes=True).order_by(
            "-latest_revision_created_at"
        )[:LISTED]
    )


def scheduled_revisions() -> list[Revision]:
    """Approved revisions waiting for their go-live time, soonest first."""
    return list(
        Revision.page_revisions.filter(approved_go_live_at__isnull=False).order_by(
            "approved_go_live_at"
        )[:LISTED]
    )


def can_publish(user) -> bool:
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if user is None or isinstance(user, AnonymousUser):
        return False
    return PagePermissionPolicy().user_has_permission(user, "publish")


class WritePanel(Component):
    name = "write_article"
    order = 10
    template_name = "news/admin/write_panel.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["sections"] = sections_to_write_in(user)
        context["drafts"] = drafts_of(user)
        return context


class ScheduledPanel(Component):
    name = "scheduled_articles"
    order = 40
    template_name = "news/admin/scheduled_panel.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["scheduled"] = scheduled_revisions()
        return context

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import review, selectors
from .admin_views import PERMISSION, RatesReviewViewSet
from .models import Currency, FetchRun, ProviderAssignment, Rate


class RateViewSet(SnippetViewSet):
    """Every stored rate. Held ones are best confirmed from the Review page (both
    values side by side); here an editor can also set Status and save."""

    model = Rate
    icon = "table"
    menu_label = _("Rates")
    list_display = [
        "currency",
        "rate_date",
        "units_per_usd",
        "source",
        "status",
        "note",
    ]
    list_filter = ["status", "source", "currency"]
    list_per_page = 50
    ordering = ["-rate_date"]


class CurrencyViewSet(SnippetViewSet):
    model = Currency
    icon = "tag"
    list_display = ["code", "name", "symbol", "precision"]


class ProviderAssignmentViewSet(SnippetViewSet):
    model = ProviderAssignment
    icon = "cogs"
    menu_label = _("Providers")
    list_display = ["currency", "providers"]


class FetchRunViewSet(SnippetViewSet):
    model = FetchRun
    icon = "history"
    menu_label = _("Fetch log")
    list_display = ["day", "started_at", "ok", "stored", "held", "rejected", "message"]
    inspect_view_enabled = True


class RatesGroup(SnippetViewSetGroup):
    menu_label = _("Currency rates")
    menu_icon = "table"
    items = (
        RatesReviewViewSet,
        RateViewSet,
        CurrencyViewSet,
        ProviderAssignmentViewSet,
        FetchRunViewSet,
    )


register_snippet(RatesGroup)


@hooks.register("register_log_actions")
def register_review_actions(actions):
    actions.register_action(review.CONFIRM, _("Confirm rate"), _("Rate confirmed"))
    actions.register_action(review.DISCARD, _("Discard rate"), _("Rate discarded"))
    actions.register_action(
        review.CHECKED, _("Check rate"), _("Rate checked against the other provider")
    )


class RatesReviewPanel(Component):
    """Admin home: how many rates wait for an editor, with a link to them."""

    name = "rates_review"
    order = 60
    template_name = "rates/admin/review_panel.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["queue"] = selectors.review_queue()
        return context


@hooks.register("construct_homepage_panels")
def add_rates_review_panel(request, panels):
    if request.user.has_perm(PERMISSION):
        panels.append(RatesReviewPanel())

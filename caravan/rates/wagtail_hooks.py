from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Currency, FetchRun, ProviderAssignment, Rate


class RateViewSet(SnippetViewSet):
    """Held rates are confirmed here: open one, set Status to Published, save."""

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
    list_display = ["day", "started_at", "ok", "stored", "held", "message"]
    inspect_view_enabled = True


class RatesGroup(SnippetViewSetGroup):
    menu_label = _("Currency rates")
    menu_icon = "table"
    items = (RateViewSet, CurrencyViewSet, ProviderAssignmentViewSet, FetchRunViewSet)


register_snippet(RatesGroup)

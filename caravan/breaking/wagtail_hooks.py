from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import BreakingAlert


class BreakingAlertViewSet(SnippetViewSet):
    """Editors and administrators set alerts (the roles in core/editorial.py);
    contributors do not see them."""

    model = BreakingAlert
    icon = "warning"
    menu_label = _("Breaking news")
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["text", "language", "expires_at", "created_at"]
    list_filter = ["language"]
    ordering = ["-created_at"]


register_snippet(BreakingAlertViewSet)

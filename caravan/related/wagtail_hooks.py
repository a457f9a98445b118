from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Curation


class CurationViewSet(SnippetViewSet):
    model = Curation
    icon = "link"
    menu_label = "Suggestions"
    add_to_admin_menu = True
    list_display = ["article"]
    search_fields = None


register_snippet(CurationViewSet)

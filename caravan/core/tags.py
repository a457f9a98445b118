"""Tags separated by commas only, so a tag of several words needs no quotes.

taggit's own format splits a string without commas on spaces, so Wagtail's tag
field wraps every multi-word tag in double quotes, and editors saw the chip
``"central asia"``. Here commas alone separate tags (settings
``TAGGIT_TAGS_FROM_STRING`` / ``TAGGIT_STRING_FROM_TAGS``): quotes are only
needed around a name that holds a comma, and quotes typed or left by Wagtail's
other tag fields (images, documents) are still understood.
"""

import csv
import json

from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminTagWidget


def tags_from_string(text: str) -> list[str]:
    """``central asia, trade`` → ``["central asia", "trade"]``; ``"a, b"`` is one."""
    if not text:
        return []
    row = next(csv.reader([text.replace("\n", ",")], skipinitialspace=True), [])
    names = {" ".join(name.strip().strip('"').split()) for name in row}
    names.discard("")
    return sorted(names)


def string_from_tags(tags) -> str:
    names = []
    for tag in tags:
        name = tag.name
        if "," in name or '"' in name:
            name = '"{}"'.format(name.replace('"', '""'))
        names.append(name)
    return ", ".join(sorted(names))


class CommaTagWidget(AdminTagWidget):
    """Wagtail's tag field without the quotes it adds around multi-word tags
    (its ``preprocessTag``; tag-it skips a null one)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        options = json.loads(widget["attrs"]["data-w-tag-options-value"])
        options["preprocessTag"] = None
        widget["attrs"]["data-w-tag-options-value"] = json.dumps(options)
        widget["help_text"] = _(
            "Press Enter or type a comma after each tag; a tag may have several words."
        )
        return context

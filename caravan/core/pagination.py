"""One paginator for every archive: bad page numbers are a 404, never a 500."""

import re

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

# ASCII digits only: str.isdigit() accepts "²", which int() rejects.
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")


def page_size_for_request(request) -> int:
    from .models import SiteSettings

    return SiteSettings.for_request(request).archive_page_size


def paginate_for_request(request, object_list, *, per_page: int | None = None):
    """Return the requested page of ``object_list``.

    ``?page=`` must be a positive whole number within range: anything else
    (0, -1, abc, 99999999, a 10 KB string) answers 404 rather than silently
    showing another page, so crawlers do not index duplicates.
    """
    raw = request.GET.get("page", "1")
    if not PAGE_NUMBER.fullmatch(raw):
        raise Http404("No such page")
    paginator = Paginator(object_list, per_page or page_size_for_request(request))
    try:
        return paginator.page(int(raw))
    except InvalidPage:
        raise Http404("No such page") from None

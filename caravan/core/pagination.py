"""One paginator for every archive: bad page numbers are a 404, never a 500."""

import re
from collections.abc import Iterable

from django.core.paginator import InvalidPage, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property

# ASCII digits only: str.isdigit() accepts "²", which int() rejects.
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")


def page_size_for_request(request) -> int:
    from .models import SiteSettings

    return SiteSettings.for_request(request).archive_page_size


class CountedPaginator(Paginator):
    """A paginator told its count (from the fragment cache) instead of asking.

    Past the first page it reads a page in two steps: the ids (an index walk
    that skips ``OFFSET`` narrow rows), then those rows whole. Skipping whole
    rows — every column, sorted — made page 200 of a 100,000-article section
    cost ~30-40 ms of SQL instead of ~20-25."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom == 0 or not isinstance(self.object_list, QuerySet):
            return self._get_page(self.object_list[bottom:top], number, self)
        ids = list(
            self.object_list.select_related(None)
            .prefetch_related(None)
            .values_list("pk", flat=True)[bottom:top]
        )
        by_id = {obj.pk: obj for obj in self.object_list.filter(pk__in=ids)}
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)


def archive_count(request, object_list, *, tags: Iterable[str]) -> int:
    """``object_list.count()``, kept in the fragment cache until a publication
    purges one of the archive's page-cache ``tags`` (or a future-dated article
    becomes visible). The tags name the archive, so they are its key too.

    Counting a 200,000-article section takes ~250 ms on PostgreSQL, and every
    page of the archive needs the same number."""
    from caravan.caching import fragments
    from caravan.news.selectors import next_publication

    tags = sorted(tags)

    def build(depends_on):
        depends_on("all", *tags)  # tokens first, then the read they cover
        return object_list.count(), next_publication()

    if not fragments.usable_for(request):
        return object_list.count()
    return fragments.get_or_build(fragments.fragment_key("count", *tags), build)


def paginate_for_request(
    request,
    object_list,
    *,
    per_page: int | None = None,
    count_tags: Iterable[str] = (),
):
    """Return the requested page of ``object_list``.

    ``?page=`` must be a positive whole number within range: anything else
    (0, -1, abc, 99999999, a 10 KB string) answers 404 rather than silently
    showing another page, so crawlers do not index duplicates.

    With ``count_tags`` (the page-cache tags of the archive, which a change to
    it purges), the total comes from the fragment cache.
    """
    raw = request.GET.get("page", "1")
    if not PAGE_NUMBER.fullmatch(raw):
        raise Http404("No such page")
    per_page = per_page or page_size_for_request(request)
    if not count_tags:
        paginator = Paginator(object_list, per_page)
    else:
        count = archive_count(request, object_list, tags=count_tags)
        paginator = CountedPaginator(object_list, per_page, count=count)
    try:
        return paginator.page(int(raw))
    except InvalidPage:
        raise Http404("No such page") from None

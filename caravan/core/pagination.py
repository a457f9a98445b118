"""One paginator for every archive: bad page numbers are a 404, never a 500."""

import re
from array import array
from collections.abc import Callable, Iterable

from django.core.paginator import InvalidPage, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property

from caravan.caching.memo import Memo

# ASCII digits only: str.isdigit() accepts "²", which int() rejects.
PAGE_NUMBER = re.compile(r"[0-9]{1,9}")
# Past this many rows, a page's ids come from the archive's whole id list, kept
# in the process: OFFSET walks (and joins) every row it skips, so page 200 of a
# 100,000-article section cost ~3x page 1 (bench/, 2026-12-02).
DEEP_OFFSET = 1000
# Each deep archive's ids in order, per archive tag (a publication in it purges
# the tag), until a future-dated item comes due: 8 bytes an article.
ARCHIVE_IDS = Memo(
    "archive-ids", tags=(), max_entries=20, expires=lambda value: value[1]
)


def page_size_for_request(request) -> int:
    from .models import SiteSettings

    return SiteSettings.for_request(request).archive_page_size


class CountedPaginator(Paginator):
    """A paginator told its count (from the fragment cache) instead of asking.

    Past the first page it reads a page in two steps: the ids (an index walk
    that skips ``OFFSET`` narrow rows), then those rows whole. Skipping whole
    rows — every column, sorted — made page 200 of a 100,000-article section
    cost ~30-40 ms of SQL instead of ~20-25. Past ``DEEP_OFFSET`` rows, for
    readers, the ids are a slice of the archive's id list kept in the process
    (``ids_tag``, the archive's page-cache tag): a deep page then costs what the
    first one does."""

    def __init__(
        self, object_list, per_page, *, count: int, ids_tag=None, expires=None
    ):
        super().__init__(object_list, per_page)
        self._known_count = count
        self._ids_tag = ids_tag
        self._expires = expires or _never

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
        if self._ids_tag and bottom >= DEEP_OFFSET:
            ids = list(self._all_ids()[bottom:top])
        else:
            ids = list(self._ids()[bottom:top])
        by_id = {obj.pk: obj for obj in self.object_list.filter(pk__in=ids)}
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)

    def _ids(self):
        return (
            self.object_list.select_related(None)
            .prefetch_related(None)
            .values_list("pk", flat=True)
        )

    def _all_ids(self) -> array:
        """Every id of the archive in order (8 bytes each: 1.6 MB for a
        200,000-article section), read once per process and kept while the
        archive's page-cache tag is unchanged (a publication in it bumps it) and
        no future-dated article has come due."""
        ids, _until = ARCHIVE_IDS.get(
            self._ids_tag,
            lambda: (array("q", self._ids()), self._expires()),
            tags=(self._ids_tag,),
        )
        return ids


def _never() -> None:
    return None


def archive_count(
    request, object_list, *, tags: Iterable[str], expires: Callable = _never
) -> int:
    """``object_list.count()``, kept in the fragment cache until a publication
    purges one of the archive's page-cache ``tags`` (or a future-dated article
    becomes visible). The tags name the archive, so they are its key too.

    Counting a 200,000-article section takes ~250 ms on PostgreSQL, and every
    page of the archive needs the same number."""
    from caravan.caching import fragments

    tags = sorted(tags)

    def build(depends_on):
        depends_on("all", *tags)  # tokens first, then the read they cover
        return object_list.count(), expires()

    if not fragments.usable_for(request):
        return object_list.count()
    return fragments.get_or_build(fragments.fragment_key("count", *tags), build)


def paginate_for_request(
    request,
    object_list,
    *,
    per_page: int | None = None,
    count_tags: Iterable[str] = (),
    expires: Callable = _never,
):
    """Return the requested page of ``object_list``.

    ``?page=`` must be a positive whole number within range: anything else
    (0, -1, abc, 99999999, a 10 KB string) answers 404 rather than silently
    showing another page, so crawlers do not index duplicates.

    With ``count_tags`` (the page-cache tags of the archive, which a change to
    it purges), the total comes from the fragment cache; ``expires()`` says
    when the archive changes with nothing purging it (a UNIX time or None: a
    future-dated item coming due).
    """
    raw = request.GET.get("page", "1")
    if not PAGE_NUMBER.fullmatch(raw):
        raise Http404("No such page")
    per_page = per_page or page_size_for_request(request)
    if not count_tags:
        paginator = Paginator(object_list, per_page)
    else:
        from caravan.caching import fragments

        count_tags = sorted(count_tags)
        count = archive_count(request, object_list, tags=count_tags, expires=expires)
        # One tag names the archive (its list, tag or country); editors read it
        # from the database.
        ids_tag = (
            count_tags[0]
            if len(count_tags) == 1 and fragments.usable_for(request)
            else None
        )
        paginator = CountedPaginator(
            object_list, per_page, count=count, ids_tag=ids_tag, expires=expires
        )
    try:
        return paginator.page(int(raw))
    except InvalidPage:
        raise Http404("No such page") from None

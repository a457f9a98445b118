"""Import a WordPress export (WXR) into the Caravan page tree.

``wordpress_import()`` reads the file twice, streaming both times:

1. a validating pass that writes nothing — it collects the small channel-level
   records (authors, categories, tags, terms), the categories and authors the
   posts use, and the attachment index, counts items and comments, and fails with
   :class:`WxrError` on anything malformed or unsafe;
2. an import pass inside one database transaction (a failure anywhere rolls the
   whole import back; ``dry_run`` runs the same code and rolls back at the end, so
   its report is exactly what a real run would do).

Every imported object is remembered in :class:`LegacyItem` with a checksum of its
*source* (the item in the export and what it resolves to — parent, author, images
— never the importer's code), so importing the same file again changes nothing.

Re-imports respect editors. A page that was changed in Caravan after the importer
last wrote it (a revision, a publish or unpublish, a view restriction, a move —
anything newer than what the importer recorded) is kept as it is, and the report
says "kept: edited in Caravan" with what WordPress changed; ``overwrite_edited``
replaces such pages for one run. The importer changes or deletes only what it
made itself: its own view restriction, its own redirects, the tags and sections
it set. Items imported by an older version of the importer are converted again
only with ``reconvert``.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag as TaggitTag
from tqdm import tqdm
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Site

from caravan.core.models import StandardPage
from caravan.news.models import ArticleAuthor, ArticlePage, HomePage, SectionPage
from caravan.people.models import AuthorPage, PeopleIndexPage

from . import wxr
from .episodes import EpisodeImport
from .fetch import DEFAULT_MAX_BYTES, FetchRefused, MediaFetcher, image_format
from .html_to_blocks import ImageRef, convert, plain_text, simple_rich_text
from .models import LegacyItem

logger = logging.getLogger(__name__)

# Raise when the conversion changes: items imported by an older version are
# converted again only with --reconvert. Version 1 checksummed its own output
# (with its version), so its items cannot be compared with their source.
IMPORTER_VERSION = 2
SOURCE_CHECKSUM_SINCE = 2
IMAGE_EXTENSIONS = {
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".bmp",
    ".avif",
    ".tif",
    ".tiff",
}
LEGACY_ID_META_KEYS = (
    "_fgj2wp_old_id",
    "_fgj2wp_old_k2_id",
    "_joomla_id",
    "joomla_id",
    "_legacy_id",
)
SIZE_SUFFIX_RE = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
KINDS = ("author", "category", "tag", "attachment", "post", "page", "redirect")
PAGE_KINDS = ("author", "category", "post", "page")
# Terms that are not categories or tags: custom taxonomies become tags; these not.
NOT_TAG_DOMAINS = {
    "post_format": "post format (Caravan has no post formats)",
    "nav_menu": "navigation menu (menus are not imported)",
    "link_category": "link category (the links manager is not imported)",
}
PRIMARY_CATEGORY_META = ("_yoast_wp_primary_category", "rank_math_primary_category")
# Seriously Simple Podcasting's own post type: an episode (or, without audio,
# an article) like a post.
ARTICLE_TYPES = ("post", "podcast")
POST_TYPES = (*ARTICLE_TYPES, "page")


class ImportError_(Exception):
    """A problem that makes the whole import impossible (bad site, bad file)."""


class NothingImported(ImportError_):
    """The file has published posts or pages and not one could be imported; the
    report says why. Nothing was written."""

    def __init__(self, message: str, report: ImportReport):
        super().__init__(message)
        self.report = report


class _Rollback(Exception):
    pass


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass
class ImportReport:
    dry_run: bool = False
    wxr_version: str = ""
    source_title: str = ""
    counts: dict[str, Counts] = field(
        default_factory=lambda: {k: Counts() for k in KINDS}
    )
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # (kind, reason) → n
    dropped: Counter = field(default_factory=Counter)  # (what, reason) → n
    converted: Counter = field(default_factory=Counter)  # (what, became) → n
    # (kind, "id “title”", what): updated items and what changed; kept items and
    # what WordPress changed that was not applied.
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    kept: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    podcast: list[str] = field(default_factory=list)  # shows, episodes' audio
    outdated: Counter = field(default_factory=Counter)  # kind → n (older importer)
    missing_media: list[tuple[str, str]] = field(default_factory=list)  # (where, path)
    comments: int = 0
    approved_comments: int = 0
    items_in_file: Counter = field(default_factory=Counter)
    published_in_file: int = 0  # published posts and pages
    published_imported: int = 0

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())

    def count(self, kind: str, what: str, n: int = 1) -> None:
        setattr(self.counts[kind], what, getattr(self.counts[kind], what) + n)

    def skip(self, kind: str, reason: str) -> None:
        self.count(kind, "skipped")
        self.skipped[(kind, reason)] += 1

    def drop(self, what: str, reason: str, n: int = 1) -> None:
        self.dropped[(what, reason)] += n

    def fail(self, kind: str, ident: str, reason: str) -> None:
        self.count(kind, "failed")
        self.failures.append((kind, ident, reason))

    def as_text(self) -> str:
        lines = [
            (
                "DRY RUN — nothing was written; a real run does exactly this. "
                if self.dry_run
                else ""
            )
            + f"WordPress import of “{self.source_title}” (WXR {self.wxr_version})",
            f"{'':<12}{'created':>9}{'updated':>9}{'unchanged':>11}{'kept':>6}"
            f"{'skipped':>9}{'failed':>8}",
        ]
        for kind, c in self.counts.items():
            lines.append(
                f"{kind:<12}{c.created:>9}{c.updated:>9}{c.unchanged:>11}{c.kept:>6}"
                f"{c.skipped:>9}{c.failed:>8}"
            )
        lines.append(
            f"Comments counted (not imported): {self.comments} "
            f"({self.approved_comments} approved)"
        )
        if self.kept:
            lines.append(
                f"Kept: edited in Caravan ({len(self.kept)}) — left as editors made "
                "them; --overwrite-edited replaces them with WordPress's version:"
            )
            lines.extend(
                f"  kept: edited in Caravan — {kind} {ident}: {what}"
                for kind, ident, what in self.kept
            )
        if self.changes:
            lines.append(f"Changed ({len(self.changes)}):")
            lines.extend(
                f"  {kind} {ident}: {what}" for kind, ident, what in self.changes
            )
        if self.outdated:
            n = sum(self.outdated.values())
            lines.append(
                f"Imported by an older version of the importer and left as they are: "
                f"{n} ({', '.join(f'{k} {v}' for k, v in sorted(self.outdated.items()))}"
                "); --reconvert converts them again"
            )
        if self.skipped:
            lines.append("Skipped:")
            for (kind, reason), n in sorted(self.skipped.items()):
                lines.append(f"  {kind}: {n} × {reason}")
        if self.dropped:
            lines.append("Not imported:")
            for (what, reason), n in sorted(self.dropped.items()):
                lines.append(f"  {what}: {n} × {reason}")
        if self.converted:
            lines.append("Kept in another form:")
            for (what, became), n in sorted(self.converted.items()):
                lines.append(f"  {what}: {n} × {became}")
        if self.podcast:
            lines.append("Podcast:")
            lines.extend(f"  {line}" for line in self.podcast)
        if self.notes:
            lines.append("Notes:")
            lines.extend(f"  {note}" for note in self.notes)
        if self.failures:
            lines.append("Failed:")
            lines.extend(
                f"  {kind} {ident}: {reason}" for kind, ident, reason in self.failures
            )
        if self.missing_media:
            lines.append(f"Missing media ({len(self.missing_media)}):")
            lines.extend(f"  {where}: {path}" for where, path in self.missing_media)
        return "\n".join(lines)


def _digest(value) -> str:
    data = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def _digests(values: dict) -> dict[str, str]:
    return {name: _digest(value) for name, value in values.items()}


def _checksum(payload) -> str:
    """Of the source (and what it resolved to), never of the importer's version."""
    data = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def item_source(item: wxr.Item) -> dict:
    """What a post or page is made of in the export, field by field (the names
    the report uses when it says what WordPress changed)."""
    return {
        "title": item.title,
        "body": item.content,
        "excerpt": item.excerpt,
        "status": item.status,
        "password": item.post_password,
        "slug": item.post_name,
        "date": [str(item.post_date), str(item.post_date_gmt), str(item.pub_date)],
        "updated date": str(item.post_modified_gmt),
        "sections": [[t.slug, t.name] for t in item.terms if t.domain == "category"],
        "primary section": [item.postmeta.get(k, "") for k in PRIMARY_CATEGORY_META],
        "tags": sorted(
            [t.domain, t.slug, t.name] for t in item.terms if t.domain != "category"
        ),
        "author": item.creator,
        "sticky": item.is_sticky,
        "parent": item.post_parent,
        "order": item.menu_order,
        "featured image": item.postmeta.get("_thumbnail_id", ""),
    }


def term_key(slug: str, name: str) -> str:
    """A category's or tag's identity: its WordPress slug, or its name slugified
    as WordPress does when a file gives no slug."""
    return (
        unquote(slug or "").strip()
        or slugify(name or "", allow_unicode=True)
        or (name or "").strip()
    )[:255]


def _slug(value: str, fallback: str) -> str:
    value = unquote(value or "")
    return (
        slugify(value, allow_unicode=True)
        or slugify(fallback, allow_unicode=True)
        or "item"
    )[:240]


def _path(url: str) -> str:
    """The path (with query) of an old URL, or '' for non-http values."""
    if not url:
        return ""
    parsed = urlparse(url)
    if parsed.scheme and parsed.scheme not in ("http", "https"):
        return ""
    path = parsed.path or "/"
    if parsed.query:
        path += "?" + parsed.query
    return path


def upload_relpath(url: str) -> str:
    """wp-content/uploads-relative path of an uploaded file's URL."""
    path = unquote(urlparse(url).path)
    marker = "/wp-content/uploads/"
    if marker in path:
        return path.split(marker, 1)[1]
    host = (urlparse(url).hostname or "").lower()
    if host.endswith(".files.wordpress.com") or host.endswith(".wp.com"):
        return path.lstrip("/")
    return path.lstrip("/")


@dataclass
class _Scan:
    channel: wxr.Channel
    authors: list[wxr.Author]
    categories: list[wxr.Category]
    tags: list[wxr.Tag]
    terms: list[wxr.Term]
    attachments: dict[int, wxr.Item]
    children_attachments: dict[int, list[int]]
    total_items: int
    # Categories posts use, by key, in the order they first appear (a "Posts"
    # export declares none in its header), and authors named only by posts.
    used_categories: dict[str, wxr.ItemTerm]
    creators: list[str]


def scan(path: Path, report: ImportReport) -> _Scan:
    """The validating pass: raises WxrError, writes nothing."""
    channel = wxr.Channel()
    authors, categories, tags, terms = [], [], [], []
    attachments: dict[int, wxr.Item] = {}
    children: dict[int, list[int]] = defaultdict(list)
    used: dict[str, wxr.ItemTerm] = {}
    creators: dict[str, None] = {}
    total = 0
    for record in wxr.iter_wxr(path):
        if isinstance(record, wxr.Channel):
            channel = record
        elif isinstance(record, wxr.Author):
            authors.append(record)
        elif isinstance(record, wxr.Category):
            categories.append(record)
        elif isinstance(record, wxr.Tag):
            tags.append(record)
        elif isinstance(record, wxr.Term):
            terms.append(record)
        elif isinstance(record, wxr.Item):
            total += 1
            report.items_in_file[record.post_type] += 1
            report.comments += record.comment_count
            report.approved_comments += record.approved_comment_count
            if record.post_type in POST_TYPES and record.status == "publish":
                report.published_in_file += 1
            if record.post_type in POST_TYPES and record.creator:
                creators.setdefault(record.creator)
            if record.post_type in ARTICLE_TYPES:
                for term in record.categories:
                    used.setdefault(term_key(term.slug, term.name), term)
            if record.post_type == "attachment" and record.post_id is not None:
                record.content = ""
                record.description = ""
                attachments[record.post_id] = record
                if record.post_parent:
                    children[record.post_parent].append(record.post_id)
    if not channel.wxr_version:
        raise wxr.WxrError("not a WordPress export: no WXR version")
    for message in channel.tolerated:
        report.notes.append(f"the XML parser's complaint was ignored: {message}")
    return _Scan(
        channel,
        authors,
        categories,
        tags,
        terms,
        attachments,
        children,
        total,
        used,
        list(creators),
    )


def resolve_site(site) -> Site:
    if isinstance(site, Site):
        return site
    if site in (None, ""):
        found = Site.objects.filter(is_default_site=True).first()
        if found is None:
            raise ImportError_("there is no default Wagtail site; pass --site")
        return found
    qs = Site.objects.all()
    found = (
        (qs.filter(pk=int(site)).first() if str(site).isdigit() else None)
        or (qs.filter(hostname=str(site).split(":")[0]).first())
        or qs.filter(site_name=str(site)).first()
    )
    if found is None:
        raise ImportError_(f"no Wagtail site matches {site!r}")
    return found


class _Importer(EpisodeImport):
    def __init__(
        self,
        *,
        path: Path,
        media_dir: Path | None,
        site: Site,
        report: ImportReport,
        scanned: _Scan,
        fetcher: MediaFetcher | None,
        progress: bool | None,
        overwrite_edited: bool = False,
        reconvert: bool = False,
        core_enclosures: bool = False,
    ):
        self.path = path
        self.core_enclosures = core_enclosures
        self.media_dir = media_dir
        self.site = site
        self.report = report
        self.scan = scanned
        self.fetcher = fetcher
        self.progress = progress
        self.overwrite_edited = overwrite_edited
        self.reconvert = reconvert
        root = site.root_page.specific
        if not isinstance(root, HomePage):
            raise ImportError_(
                f"the root page of site {site} is a {type(root).__name__}, not a HomePage"
            )
        self.home: HomePage = root
        self.base_url = scanned.channel.base_blog_url or scanned.channel.link
        self.files_written: list[str] = []
        self.legacy: dict[tuple[str, str], LegacyItem] = {
            (li.kind, li.wp_key): li
            for li in LegacyItem.objects.filter(site=site).select_related("page")
        }
        self.podcast_setup()
        self.authors: dict[str, AuthorPage] = {}
        self.sections: dict[str, SectionPage] = {}
        self.category_keys_by_name: dict[str, str] = {}
        self.category_term_ids: dict[int, str] = {}
        self.category_paths: dict[str, str] = {}
        self.tags: dict[str, TaggitTag] = {}
        self.images: dict[int, int] = {}  # attachment id → image id
        self.attachments_done: set[int] = set()
        self.redirects_done: set[str] = set()
        self.images_by_path: dict[str, int] = {}  # upload relpath → image id
        self.pages_by_wp_id: dict[int, Page] = {}
        self.missing_reported: set[str] = set()
        self.refused: set[str] = set()  # URLs --fetch-media did not download
        self.image_model = get_image_model()
        self.redirect_paths: dict[str, int] = {
            r.old_path: r.redirect_page_id
            for r in Redirect.objects.filter(site=site).only(
                "old_path", "redirect_page_id"
            )
        }

    # ------------------------------------------------------------ helpers

    def legacy_for(self, kind: str, key: str) -> LegacyItem | None:
        return self.legacy.get((kind, key))

    def remember(
        self,
        kind: str,
        key: str,
        *,
        wp_id=None,
        page=None,
        obj=None,
        old_path="",
        slug="",
        target_url="",
        legacy_id="",
        checksum="",
        source=None,
    ) -> LegacyItem:
        item = self.legacy.get((kind, key)) or LegacyItem(
            site=self.site, kind=kind, wp_key=key
        )
        item.wp_id = wp_id
        item.page = page
        if obj is not None:
            item.content_type = ContentType.objects.get_for_model(obj)
            item.object_id = str(obj.pk)
        item.old_path = old_path[:1000]
        item.slug = slug[:255]
        item.target_url = target_url[:1000]
        item.legacy_id = legacy_id[:64]
        item.checksum = checksum
        item.importer_version = IMPORTER_VERSION
        if source is not None:
            item.source = source
        if page is not None:
            # What the importer wrote last: anything newer was done in Caravan.
            item.last_revision_id = page.latest_revision_id
            item.last_log_entry_id = (
                PageLogEntry.objects.filter(page_id=page.pk)
                .order_by("-pk")
                .values_list("pk", flat=True)
                .first()
            )
        item.save()
        self.legacy[(kind, key)] = item
        return item

    def unique_slug(self, parent: Page, slug: str, exclude_pk=None) -> str:
        siblings = (
            parent.get_children().exclude(pk=exclude_pk)
            if exclude_pk
            else (parent.get_children())
        )
        taken = set(
            siblings.filter(slug__startswith=slug).values_list("slug", flat=True)
        )
        candidate, n = slug, 2
        while candidate in taken:
            candidate = f"{slug[:230]}-{n}"
            n += 1
        return candidate

    def edited_in_caravan(self, legacy: LegacyItem, page: Page) -> str:
        """What was done to the page in Caravan since the importer last wrote it
        ('' if nothing): any newer revision, and any newer action by a person
        (publish, unpublish, view restriction, move…)."""
        revisions = page.revisions
        actions = PageLogEntry.objects.filter(page_id=page.pk, user__isnull=False)
        if legacy.last_revision_id is not None:
            revisions = revisions.filter(pk__gt=legacy.last_revision_id)
        else:  # imported before these were recorded
            revisions = revisions.filter(created_at__gt=legacy.updated_at)
        if legacy.last_log_entry_id is not None:
            actions = actions.filter(pk__gt=legacy.last_log_entry_id)
        else:
            actions = actions.filter(timestamp__gt=legacy.updated_at)
        done = []
        n = revisions.count()
        if n:
            done.append(f"{n} revision{'s' if n > 1 else ''}")
        names = sorted(
            {
                a.removeprefix("wagtail.").replace("_", " ")
                for a in actions.values_list("action", flat=True)
            }
            - {"edit", "create"}
        )
        done.extend(names)
        return ", ".join(done)

    def what_changed(self, legacy: LegacyItem, digests: dict, status: str) -> str:
        before = legacy.source.get("fields", {}) if legacy else {}
        if not before:
            return "imported by an older importer: changes unknown"
        names = [name for name, value in digests.items() if before.get(name) != value]
        parts = []
        for name in names:
            if name == "status":
                parts.append(f"status {legacy.source.get('status', '?')} → {status}")
            else:
                parts.append(name)
        return ", ".join(parts) or "what its links resolve to (parent, author, images)"

    def save_page(
        self,
        *,
        kind: str,
        key: str,
        wp_id: int | None,
        parent: Page,
        page_cls,
        build: Callable[[], dict],
        source: dict,
        refs=(),
        status: str = "publish",
        go_live_at=None,
        password: str = "",
        prepare: Callable | None = None,
        old_path: str = "",
        slug: str = "",
        legacy_id: str = "",
        label: str = "",
    ) -> tuple[Page | None, str]:
        """Create, update or keep one page; returns (page, what happened):
        "created", "updated", "unchanged" or "kept"."""
        digests = _digests(source)
        checksum = _checksum([digests, parent.pk, list(refs)])
        legacy = self.legacy_for(kind, key)
        edited = ""
        ident = f"{key}" + (f" “{label[:60]}”" if label else "")
        page = (
            legacy.page.specific if legacy and legacy.page_id and legacy.page else None
        )
        if (
            page is None
            and legacy is not None
            and legacy.checksum
            and kind in ("post", "page")
            and not self.overwrite_edited
        ):
            # Imported before, deleted in Caravan since: an editor's decision too.
            self.report.count(kind, "kept")
            self.report.kept.append((kind, ident, "deleted in Caravan: not re-created"))
            return None, "kept"
        if page is not None:
            comparable = legacy.importer_version >= SOURCE_CHECKSUM_SINCE
            outdated = legacy.importer_version < IMPORTER_VERSION
            same = comparable and legacy.checksum == checksum
            if (same or not comparable) and outdated and not self.reconvert:
                self.report.count(kind, "unchanged")
                self.report.outdated[kind] += 1
                return page, "unchanged"
            if same and not outdated:
                self.report.count(kind, "unchanged")
                return page, "unchanged"
            edited = self.edited_in_caravan(legacy, page)
            if edited and not self.overwrite_edited:
                changed = (
                    "no change in WordPress; converted again only without edits"
                    if same
                    else "WordPress changed "
                    + self.what_changed(legacy, digests, status)
                )
                self.report.count(kind, "kept")
                self.report.kept.append(
                    (kind, ident, f"{changed} (in Caravan: {edited})")
                )
                return page, "kept"
        fields = build()
        wanted_slug = fields.pop("slug")
        owned = dict(legacy.source.get("owned", {})) if legacy else {}
        if page is None:
            page = page_cls(**fields)
            page.slug = self.unique_slug(parent, wanted_slug)
            page.live = False
            if prepare:
                prepare(page, owned)
            parent.add_child(instance=page)
            created = True
            was_live = False
        else:
            was_live = page.live
            if page.get_parent().pk != parent.pk:
                page.move(parent, pos="last-child")
                page.refresh_from_db()
                page = page.specific
            for name, value in fields.items():
                setattr(page, name, value)
            if page.slug != wanted_slug and not page.slug.startswith(wanted_slug):
                page.slug = self.unique_slug(parent, wanted_slug, exclude_pk=page.pk)
            if prepare:
                prepare(page, owned)
            created = False
        what = "" if created else self.what_changed(legacy, digests, status)
        self.publish(page, status, go_live_at)
        owned["restriction"] = self.restrict(
            page, status, password, owned.get("restriction")
        )
        self.remember(
            kind,
            key,
            wp_id=wp_id,
            page=page,
            old_path=old_path,
            slug=slug,
            legacy_id=legacy_id,
            checksum=checksum,
            source={"fields": digests, "status": status, "owned": owned},
        )
        if created:
            self.report.count(kind, "created")
            return page, "created"
        self.report.count(kind, "updated")
        if legacy.importer_version < IMPORTER_VERSION:
            what = f"converted again by importer version {IMPORTER_VERSION}; " + what
        if edited:
            what += f"; overwrote what was done in Caravan ({edited})"
        if was_live and not page.live:
            what += f"; unpublished ({status} in WordPress)"
        elif page.live and not was_live:
            what += "; published"
        self.report.changes.append((kind, ident, what))
        return page, "updated"

    def publish(self, page: Page, status: str, go_live_at) -> None:
        if status in ("publish", "private", "inherit"):
            page.go_live_at = None
            page.save_revision(clean=False).publish()
        elif status == "future" and go_live_at and go_live_at > timezone.now():
            page.go_live_at = go_live_at
            page.save_revision(clean=False).publish()  # scheduled
        else:  # draft, pending, future-in-the-past-but-unpublished, auto-draft
            if page.live:
                page.unpublish()
            page.go_live_at = None
            page.save_revision(clean=False)

    def restrict(
        self, page: Page, status: str, password: str, owned_pk: int | None
    ) -> int | None:
        """The view restriction WordPress's status and password ask for, as the
        one restriction the importer owns on the page (its id, or None). Other
        restrictions on the page (an editor's) are never changed or deleted."""
        if status == "private":
            wanted = (PageViewRestriction.LOGIN, "")
        elif password:
            wanted = (PageViewRestriction.PASSWORD, password)
        else:
            wanted = None
        mine = (
            PageViewRestriction.objects.filter(pk=owned_pk, page=page).first()
            if owned_pk
            else None
        )
        if wanted is None:
            if mine is not None:
                mine.delete()
            return None
        if mine is not None:
            if (mine.restriction_type, mine.password) != wanted:
                mine.restriction_type, mine.password = wanted
                mine.save()
            return mine.pk
        same = PageViewRestriction.objects.filter(
            page=page, restriction_type=wanted[0], password=wanted[1]
        )
        if same.exists():
            return None  # an editor's, equal to what WordPress asks: theirs
        created = PageViewRestriction(
            page=page, restriction_type=wanted[0], password=wanted[1]
        )
        created.save()
        return created.pk

    def redirect(
        self,
        old_path: str,
        *,
        page: Page | None = None,
        route: str = "",
        link: str = "",
        primary: bool = True,
    ) -> None:
        """A 301 from an old path; never shadows a real page, never changes a
        redirect the importer did not make."""
        if not old_path or "?" in old_path:
            return  # query-string URLs are served by LegacyRedirectMiddleware
        norm = Redirect.normalise_path(old_path)
        if norm in ("", "/") or norm in self.redirects_done:
            return
        self.redirects_done.add(norm)
        if page is not None and not route:
            url = page.get_url(current_site=self.site) if page.live else None
            new_path = page.url_path[len(self.home.url_path) - 1 :]
            if Redirect.normalise_path(new_path) == norm or (
                url and Redirect.normalise_path(url) == norm
            ):
                return
        if norm in self.redirect_paths and not primary:
            current = self.redirect_paths[norm]
            if current != (page.pk if page else None):
                return  # a synthetic path already claimed by another item
        target_pk = page.pk if page else None
        # A redirect for every site (site empty) counts as one for this site.
        existing = (
            Redirect.get_for_site(self.site)
            .filter(old_path=norm)
            .order_by(F("site_id").asc(nulls_last=True), "pk")  # this site's first
            .first()
        )
        route_path = Redirect.normalise_page_route_path(route) if route else ""
        if existing and (
            existing.redirect_page_id,
            existing.redirect_page_route_path,
            existing.redirect_link,
        ) == (target_pk, route_path, link):
            self.report.count("redirect", "unchanged")
            return
        mine = self.legacy_for("redirect", norm)
        if existing and not (mine and mine.object_id == str(existing.pk)):
            self.report.skip(
                "redirect", "a redirect made in Caravan has the old path: kept"
            )
            return
        redirect = existing or Redirect(site=self.site, old_path=norm)
        redirect.redirect_page = page
        redirect.redirect_page_route_path = route_path
        redirect.redirect_link = link
        redirect.is_permanent = True
        redirect.save()
        self.remember("redirect", norm, obj=redirect, old_path=norm)
        self.redirect_paths[norm] = target_pk
        self.report.count("redirect", "updated" if existing else "created")

    def path_is_page(self, old_path: str) -> bool:
        norm = Redirect.normalise_path(old_path).strip("/")
        url_path = self.home.url_path + (norm + "/" if norm else "")
        return Page.objects.filter(url_path=url_path).exists()

    # ------------------------------------------------------------ people

    def people_index(self) -> PeopleIndexPage:
        index = PeopleIndexPage.objects.child_of(self.home).first()
        if index is None:
            index = PeopleIndexPage(
                title="Our People", slug=self.unique_slug(self.home, "people")
            )
            self.home.add_child(instance=index)
            index.save_revision(clean=False).publish()
        return index

    def import_authors(self) -> None:
        # WXR 1.0 has no <wp:author>: its posts name their author only by login,
        # and each becomes a profile. A file that declares authors and names
        # another in a post (a typo, a deleted user) gets no invented profile:
        # those posts have no byline, counted in the report.
        undeclared = (
            []
            if self.scan.authors
            else [wxr.Author(id=None, login=login) for login in self.scan.creators]
        )
        if undeclared:
            self.report.notes.append(
                f"{len(undeclared)} author(s) named by posts but not declared in the "
                "file: profiles made from their login"
            )
        if not (self.scan.authors or undeclared):
            return
        index = self.people_index()
        for author in [*self.scan.authors, *undeclared]:
            if not author.login:
                self.report.skip("author", "no login")
                continue
            self.import_author(author, index)

    def import_author(self, author: wxr.Author, index: PeopleIndexPage) -> None:
        name = (
            plain_text(author.display_name)
            or " ".join(p for p in (author.first_name, author.last_name) if p)
            or author.login
        )
        email = author.email.strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.report.drop("author e-mail", "not a valid address")
                email = ""
        slug = _slug(author.login, name)
        source = {
            "name": name,
            "first name": author.first_name,
            "last name": author.last_name,
            "e-mail": email,
            "biography": author.description,
        }
        try:
            with transaction.atomic():
                page, _ = self.save_page(
                    kind="author",
                    key=author.login,
                    wp_id=author.id,
                    parent=index,
                    page_cls=AuthorPage,
                    build=lambda: {
                        "title": name[:255],
                        "slug": slug,
                        "legacy_login": author.login[:120],
                        "first_name": plain_text(author.first_name)[:150],
                        "last_name": plain_text(author.last_name)[:150],
                        # WordPress never shows an account's e-mail: kept,
                        # but not in the public "email" of the profile.
                        "private_email": email[:254],
                        "bio": simple_rich_text(author.description),
                    },
                    source=source,
                    old_path=f"/author/{author.login}/",
                    slug=slug,
                    label=name,
                )
        except Exception as exc:
            logger.exception("author %s failed", author.login)
            self.report.fail("author", author.login, str(exc))
            return
        self.authors[author.login] = page
        self.redirect(f"/author/{author.login}/", page=page)
        if slugify(author.login) != author.login:
            self.redirect(f"/author/{slugify(author.login)}/", page=page, primary=False)

    # ------------------------------------------------------------ taxonomy

    def import_categories(self) -> None:
        declared: list[wxr.Category] = []
        for cat in self.scan.categories:
            if not (cat.slug or cat.name):
                self.report.skip("category", "no slug or name")
                continue
            declared.append(cat)
        by_key = {term_key(c.slug, c.name): c for c in declared}
        for key, cat in by_key.items():
            if cat.name:
                self.category_keys_by_name.setdefault(cat.name.strip(), key)
            if cat.term_id is not None:
                self.category_term_ids[cat.term_id] = key
        # Categories posts use that the header does not declare (WordPress
        # declares them only in an "All content" export): top-level sections.
        undeclared = []
        for used in self.scan.used_categories.values():
            key = self.category_key(used)
            if key and key not in by_key:
                undeclared.append(key)
                by_key[key] = wxr.Category(
                    term_id=None, slug=key, name=used.name or key
                )
        if undeclared:
            self.report.notes.append(
                f"{len(undeclared)} categor{'y' if len(undeclared) == 1 else 'ies'} "
                "used by posts but not declared in the file's header, made top-level "
                f"sections: {', '.join(undeclared[:10])}"
                + (" …" if len(undeclared) > 10 else "")
            )
        done: set[str] = set()

        def parent_key(cat):
            parent = unquote(cat.parent_slug or "").strip()
            if parent and parent not in by_key:
                parent = self.category_keys_by_name.get(cat.parent_slug.strip(), "")
            return parent if parent in by_key else ""

        def category_path(key, seen=()):
            cat = by_key.get(key)
            if cat is None or key in seen:
                return key
            parent = parent_key(cat)
            if parent:
                return category_path(parent, (*seen, key)) + "/" + key
            return key

        def ensure(key: str, seen=()):
            if key in done:
                return
            cat = by_key[key]
            parent = self.home
            parent_of = parent_key(cat)
            if parent_of and parent_of not in seen:
                ensure(parent_of, (*seen, key))
                parent = self.sections.get(parent_of, self.home)
            done.add(key)
            old_path = f"/category/{category_path(key)}/"
            self.category_paths[key] = old_path
            title = (plain_text(cat.name) or key)[:255]
            try:
                with transaction.atomic():
                    page, _ = self.save_page(
                        kind="category",
                        key=key,
                        wp_id=cat.term_id,
                        parent=parent,
                        page_cls=SectionPage,
                        build=lambda: {
                            "title": title,
                            "slug": _slug(key, cat.name),
                            "introduction": plain_text(cat.description),
                        },
                        source={
                            "name": cat.name,
                            "description": cat.description,
                            "parent": parent_of,
                        },
                        old_path=old_path,
                        slug=key,
                        label=title,
                    )
            except Exception as exc:
                logger.exception("category %s failed", key)
                self.report.fail("category", key, str(exc))
                return
            self.sections[key] = page
            self.redirect(old_path, page=page)

        for key in by_key:
            ensure(key)

    def category_key(self, term: wxr.ItemTerm) -> str:
        """The key of the category a post's <category> names: by its nicename,
        else by the name a declared category has, else its name slugified."""
        if term.slug:
            return term_key(term.slug, term.name)
        return self.category_keys_by_name.get(term.name.strip()) or term_key(
            "", term.name
        )

    def uncategorized(self) -> SectionPage:
        if "uncategorized" not in self.sections:
            self.sections["uncategorized"], _ = self.save_page(
                kind="category",
                key="uncategorized",
                wp_id=None,
                parent=self.home,
                page_cls=SectionPage,
                build=lambda: {
                    "title": "Uncategorized",
                    "slug": "uncategorized",
                    "introduction": "",
                },
                source={"name": "Uncategorized"},
                old_path="/category/uncategorized/",
                slug="uncategorized",
            )
        return self.sections["uncategorized"]

    def import_tags(self) -> None:
        described = 0
        for tag in self.scan.tags:
            if not (tag.slug or tag.name):
                self.report.skip("tag", "no name")
                continue
            described += bool(tag.description.strip())
            self.ensure_tag(
                tag.slug or slugify(tag.name), tag.name or tag.slug, tag.term_id
            )
        if described:
            self.report.drop("tag description", "Caravan's tags have none", described)
        for term in self.scan.terms:
            reason = NOT_TAG_DOMAINS.get(term.taxonomy)
            if reason:
                self.report.drop(f"{term.taxonomy} term", reason)
            elif term.taxonomy:
                self.report.converted[
                    (
                        f"{term.taxonomy} term in the header",
                        "custom taxonomy: a tag on the posts that use it",
                    )
                ] += 1

    def ensure_tag(self, wp_slug: str, name: str, term_id=None) -> TaggitTag:
        wp_slug = unquote(wp_slug)
        if wp_slug in self.tags:
            return self.tags[wp_slug]
        name = (plain_text(name) or wp_slug)[:100]
        tag = TaggitTag.objects.filter(name__iexact=name).first()
        created = False
        if tag is None:
            slug = (
                wp_slug
                if wp_slug and not TaggitTag.objects.filter(slug=wp_slug).exists()
                else ""
            )
            tag = TaggitTag(name=name, slug=slug)
            tag.save()
            created = True
        new_url = self.home.reverse_subpage("tag", args=[tag.slug])
        checksum = _checksum([tag.pk, tag.name, tag.slug])
        legacy = self.legacy_for("tag", wp_slug)
        older = legacy is not None and legacy.importer_version < SOURCE_CHECKSUM_SINCE
        if legacy is None or (
            legacy.checksum != checksum
            and not (older and legacy.object_id == str(tag.pk))
        ):
            self.remember(
                "tag",
                wp_slug,
                wp_id=term_id,
                obj=tag,
                old_path=f"/tag/{wp_slug}/",
                slug=wp_slug,
                target_url=self.home.url + new_url if self.home.url else "",
                checksum=checksum,
            )
            self.report.count(
                "tag", "created" if created or legacy is None else "updated"
            )
        else:
            self.report.count("tag", "unchanged")
        if tag.slug != wp_slug:
            self.redirect(f"/tag/{wp_slug}/", page=self.home, route=new_url)
        self.tags[wp_slug] = tag
        return tag

    # ------------------------------------------------------------ media

    def media_file(self, relpath: str) -> Path | None:
        if not self.media_dir or not relpath:
            return None
        base = self.media_dir.resolve()
        candidate = (base / relpath).resolve()
        if not candidate.is_relative_to(base):
            return None  # ../ in a hostile export
        return candidate if candidate.is_file() else None

    def fetch(self, url: str, where: str) -> bytes | None:
        """An image from the old site (--fetch-media), within the limits of
        :mod:`caravan.importers.fetch`; a refusal is reported, never raised."""
        if url in self.refused:  # asked once per URL
            return None
        try:
            return self.fetcher.get(url)
        except FetchRefused as exc:
            self.refused.add(url)
            logger.warning("not downloaded: %s: %s", url, exc)
            self.report.drop("download", f"refused: {exc}")
            self.missing(where, f"{url[:200]} (download refused: {exc})")
            return None

    def load_media(self, relpath: str, url: str, where: str = "") -> bytes | None:
        found = self.media_file(relpath)
        if found is not None:
            data = found.read_bytes()
            try:
                image_format(data)
            except FetchRefused as exc:
                self.report.drop("media file", f"{exc}: {relpath}")
                return None
            return data
        if self.fetcher is not None and url:
            return self.fetch(url, where or relpath)
        return None

    def missing(self, where: str, what: str) -> None:
        if (where, what) not in self.missing_reported:
            self.missing_reported.add((where, what))
            self.report.missing_media.append((where, what))

    def import_attachments(self) -> None:
        for att in self.scan.attachments.values():
            self.import_attachment(att)

    def import_attachment(self, att: wxr.Item) -> int | None:
        if att.post_id in self.attachments_done:
            return self.images.get(att.post_id)
        self.attachments_done.add(att.post_id)
        relpath = att.postmeta.get("_wp_attached_file") or upload_relpath(
            att.attachment_url or att.guid
        )
        ext = Path(relpath).suffix.lower()
        if ext not in IMAGE_EXTENSIONS:
            self.report.skip(
                "attachment",
                f"not an image ({ext or 'no extension'}); documents are not imported",
            )
            return None
        legacy = self.legacy_for("attachment", str(att.post_id))
        data = self.load_media(relpath, att.attachment_url, f"attachment {att.post_id}")
        if data is None:
            if legacy and legacy.object_id:
                # Imported earlier from a media dir not given this time: keep it.
                self.images[att.post_id] = int(legacy.object_id)
                self.images_by_path[relpath] = int(legacy.object_id)
                self.report.count("attachment", "unchanged")
                return int(legacy.object_id)
            self.missing(f"attachment {att.post_id}", relpath)
            self.report.skip(
                "attachment",
                "file not in --media-dir"
                + (" and not downloaded" if self.fetcher else ""),
            )
            return None
        title = att.title or Path(relpath).stem
        alt = att.postmeta.get("_wp_attachment_image_alt", "")
        checksum = _checksum([hashlib.sha256(data).hexdigest(), title, alt])
        image = None
        if legacy and legacy.object_id:
            image = self.image_model.objects.filter(pk=legacy.object_id).first()
        older = legacy is not None and legacy.importer_version < SOURCE_CHECKSUM_SINCE
        if image is not None and (
            legacy.checksum == checksum or (older and not self.reconvert)
        ):
            self.report.count("attachment", "unchanged")
        else:
            try:
                with transaction.atomic():
                    created = image is None
                    image = self.save_image(image, data, relpath, title, alt)
                    self.remember(
                        "attachment",
                        str(att.post_id),
                        wp_id=att.post_id,
                        obj=image,
                        old_path=_path(att.link),
                        slug=att.post_name,
                        target_url=image.file.url,
                        checksum=checksum,
                    )
            except Exception as exc:
                logger.exception("attachment %s failed", att.post_id)
                self.report.fail("attachment", str(att.post_id), f"{relpath}: {exc}")
                return None
            self.report.count("attachment", "created" if created else "updated")
        self.images[att.post_id] = image.pk
        self.images_by_path[relpath] = image.pk
        if "/wp-content/uploads/" in (att.attachment_url or ""):
            self.redirect(_path(att.attachment_url), link=image.file.url, primary=False)
        return image.pk

    def save_image(self, image, data: bytes, relpath: str, title: str, alt: str):
        name = Path(relpath).name
        if image is None:
            image = self.image_model(title=title[:255])
        else:
            image.title = title[:255]
        if hasattr(image, "description"):
            image.description = alt[:255] if alt else getattr(image, "description", "")
        image.file = ImageFile(io.BytesIO(data), name=name)
        image.file_size = len(data)
        if hasattr(image, "_set_file_hash"):
            image._set_file_hash()
        image.save()
        self.files_written.append(image.file.name)
        return image

    def resolve_image(self, ref: ImageRef, where: str) -> int | None:
        if ref.attachment_id and ref.attachment_id in self.scan.attachments:
            found = self.import_attachment(self.scan.attachments[ref.attachment_id])
            if found:
                return found
        if ref.attachment_id and ref.attachment_id in self.images:
            return self.images[ref.attachment_id]
        if not ref.src:
            self.missing(where, f"attachment {ref.attachment_id}")
            return None
        relpath = upload_relpath(ref.src)
        for candidate in (relpath, SIZE_SUFFIX_RE.sub("", relpath)):
            if candidate in self.images_by_path:
                return self.images_by_path[candidate]
        # An image used in content but not exported as an attachment.
        for candidate in (SIZE_SUFFIX_RE.sub("", relpath), relpath):
            data = self.load_media(
                candidate, ref.src if candidate == relpath else "", where
            )
            if data is None:
                continue
            key = "file:" + candidate
            legacy = self.legacy_for("attachment", key)
            if legacy and legacy.object_id:
                self.images_by_path[candidate] = int(legacy.object_id)
                return int(legacy.object_id)
            image = self.save_image(
                None, data, candidate, ref.alt or Path(candidate).stem, ref.alt
            )
            self.remember(
                "attachment",
                key,
                obj=image,
                target_url=image.file.url,
                checksum=_checksum([hashlib.sha256(data).hexdigest()]),
            )
            self.report.count("attachment", "created")
            self.images_by_path[candidate] = image.pk
            return image.pk
        self.missing(where, SIZE_SUFFIX_RE.sub("", relpath) or ref.src)
        return None

    # ------------------------------------------------------------ posts & pages

    def body(self, item: wxr.Item) -> list[dict]:
        where = f"{item.post_type} {item.post_id}"
        result = convert(
            item.content,
            resolve_image=lambda ref: self.resolve_image(ref, where),
            gallery_children=self.scan.children_attachments.get(item.post_id, []),
            base_url=self.base_url,
        )
        return result.blocks

    def legacy_id(self, item: wxr.Item) -> str:
        for key in LEGACY_ID_META_KEYS:
            if item.postmeta.get(key, "").strip():
                return item.postmeta[key].strip()
        return ""

    def post_sections(self, item: wxr.Item) -> list[SectionPage]:
        """Every category of the post as a section, the primary one first: the
        one an SEO plugin marks primary (Yoast, Rank Math), else the first."""
        keys = []
        for term in item.categories:
            key = self.category_key(term)
            if key and key not in keys:
                keys.append(key)
        for meta in PRIMARY_CATEGORY_META:
            value = item.postmeta.get(meta, "").strip()
            primary = (
                self.category_term_ids.get(int(value)) if value.isdigit() else None
            )
            if primary in keys:
                keys.remove(primary)
                keys.insert(0, primary)
                break
        sections = [self.sections[k] for k in keys if k in self.sections]
        return sections or [self.uncategorized()]

    def post_tags(self, item: wxr.Item) -> list[TaggitTag]:
        """Tags, and custom taxonomies' terms as tags; post formats and menus are
        counted in the report, not imported."""
        tags = []
        for term in item.terms:
            if term.domain == "category":
                continue
            reason = NOT_TAG_DOMAINS.get(term.domain)
            if reason:
                self.report.drop(f"{term.domain} on a post", reason)
                continue
            if term.domain != "post_tag":
                self.report.converted[
                    (f"{term.domain} on a post", "custom taxonomy: kept as a tag")
                ] += 1
            tag = self.ensure_tag(
                term.slug or slugify(term.name, allow_unicode=True) or term.name,
                term.name or term.slug,
            )
            if tag not in tags:
                tags.append(tag)
        return tags

    def import_post(self, item: wxr.Item) -> None:
        sections = self.post_sections(item)
        section, others = sections[0], sections[1:]
        tags = self.post_tags(item)
        author = self.authors.get(item.creator)
        if author is None and item.creator:
            self.report.drop(
                "post author", "not declared in the file: the post has no byline"
            )
        hero = None
        thumb = item.postmeta.get("_thumbnail_id", "").strip()
        if thumb.isdigit():
            att = self.scan.attachments.get(int(thumb))
            hero = self.import_attachment(att) if att else None
            if hero is None and att is None:
                self.missing(
                    f"post {item.post_id}", f"featured image attachment {thumb}"
                )
        published = item.date_gmt
        updated = item.post_modified_gmt
        if updated and published and updated <= published:
            updated = None
        slug = _slug(item.post_name, item.title)
        title = (plain_text(item.title) or f"Untitled {item.post_id}")[:255]

        def build():
            return {
                "title": title,
                "slug": slug,
                "standfirst": plain_text(item.excerpt),
                "body": self.body(item),
                "hero_image_id": hero,
                "date_published": published,
                "date_updated": updated,
                "is_sticky": item.is_sticky,
            }

        def prepare(page, owned):
            # Tags and further sections: what the importer set last time is
            # replaced, anything else on the page stays.
            names = {t.name for t in tags}
            before = set(owned.get("tags", []))
            keep = [t for t in page.tags.all() if t.name not in before]
            page.tags.set([*keep, *(t for t in tags if t not in keep)])
            owned["tags"] = sorted(names)
            before_sections = set(owned.get("sections", []))
            kept_sections = [
                s for s in page.other_sections.all() if s.pk not in before_sections
            ]
            page.other_sections.set(
                [*kept_sections, *(s for s in others if s not in kept_sections)]
            )
            owned["sections"] = [s.pk for s in others]
            if author is not None:
                page.article_authors = [ArticleAuthor(author=author, sort_order=0)]
            else:
                page.article_authors = []

        page, _ = self.save_page(
            kind="post",
            key=str(item.post_id),
            wp_id=item.post_id,
            parent=section,
            page_cls=ArticlePage,
            build=build,
            source=item_source(item),
            refs=[
                [s.pk for s in others],
                [t.pk for t in tags],
                author.pk if author else None,
                hero,
            ],
            status=item.status,
            go_live_at=published,
            password=item.post_password,
            prepare=prepare,
            old_path=_path(item.link),
            slug=slug,
            legacy_id=self.legacy_id(item),
            label=title,
        )
        if page is None:
            return
        self.pages_by_wp_id[item.post_id] = page
        self.post_redirects(item, page)

    def post_redirects(self, item: wxr.Item, page: Page) -> None:
        link_path = _path(item.link)
        self.redirect(link_path, page=page)
        if item.status in ("publish", "future", "private") and item.post_name:
            post_date = item.post_date or (
                item.date_gmt and item.date_gmt.replace(tzinfo=None)
            )
            if post_date:
                self.redirect(
                    f"/{post_date:%Y/%m/%d}/{item.post_name}/", page=page, primary=False
                )
            slug_path = f"/{item.post_name}/"
            if not self.path_is_page(slug_path):
                self.redirect(slug_path, page=page, primary=False)
        for att_id in self.scan.children_attachments.get(item.post_id, []):
            att = self.scan.attachments[att_id]
            att_path = _path(att.link)
            if att_path and not self.path_is_page(att_path):
                self.redirect(att_path, page=page, primary=False)
            legacy = self.legacy_for("attachment", str(att_id))
            if legacy is not None and legacy.page_id != page.pk:
                legacy.page = page
                legacy.save(update_fields=["page"])

    def import_page(self, item: wxr.Item, parent: Page) -> None:
        slug = _slug(item.post_name, item.title)
        title = (plain_text(item.title) or f"Untitled {item.post_id}")[:255]
        page, _ = self.save_page(
            kind="page",
            key=str(item.post_id),
            wp_id=item.post_id,
            parent=parent,
            page_cls=StandardPage,
            build=lambda: {
                "title": title,
                "slug": slug,
                "introduction": plain_text(item.excerpt),
                "body": self.body(item),
            },
            source=item_source(item),
            status=item.status,
            go_live_at=item.date_gmt,
            password=item.post_password,
            old_path=_path(item.link),
            slug=slug,
            legacy_id=self.legacy_id(item),
            label=title,
        )
        if page is None:
            return
        self.pages_by_wp_id[item.post_id] = page
        self.redirect(_path(item.link), page=page)

    def import_items(self) -> None:
        pending_pages: dict[int, list[wxr.Item]] = defaultdict(list)
        page_ids = set()
        bar = tqdm(
            total=self.scan.total_items,
            desc="Importing",
            unit="item",
            file=sys.stderr,
            disable=(None if self.progress is None else not self.progress),
        )

        def do_page(item: wxr.Item, parent: Page):
            self.guarded(item, lambda: self.import_page(item, parent))
            for child in pending_pages.pop(item.post_id, []):
                do_page(child, self.pages_by_wp_id.get(item.post_id, self.home))

        try:
            for record in wxr.iter_wxr(self.path):
                if not isinstance(record, wxr.Item):
                    continue
                bar.update(1)
                kind = record.post_type
                if record.post_id is None:
                    self.report.skip(
                        kind if kind in ("post", "page", "attachment") else "other",
                        "no post id (no <wp:post_id>, no ?p= or ?page_id= in "
                        "<guid> or <link>)",
                    )
                elif kind in ARTICLE_TYPES:
                    self.guarded(
                        record, lambda r=record: self.import_post_or_episode(r)
                    )
                elif kind == "page":
                    page_ids.add(record.post_id)
                    if (
                        record.post_parent
                        and record.post_parent not in self.pages_by_wp_id
                    ):
                        pending_pages[record.post_parent].append(record)
                    else:
                        do_page(
                            record,
                            self.pages_by_wp_id.get(record.post_parent, self.home),
                        )
                elif kind == "attachment":
                    pass  # imported before the posts
                else:
                    self.report.skip("other", f"post type {kind!r} is not imported")
            # Pages whose parent is not in the file (or not a page) go under home.
            for parent_id in list(pending_pages):
                if parent_id in pending_pages and parent_id not in page_ids:
                    for item in pending_pages.pop(parent_id):
                        do_page(item, self.home)
            for items in pending_pages.values():  # cycles
                for item in items:
                    do_page(item, self.home)
        finally:
            bar.close()

    def guarded(self, item: wxr.Item, action: Callable) -> None:
        kind = "post" if item.post_type in ARTICLE_TYPES else item.post_type
        if item.status in ("auto-draft", "trash"):
            self.report.skip(kind, f"status {item.status}")
            return
        try:
            with transaction.atomic():
                action()
        except Exception as exc:
            logger.exception("%s %s failed", kind, item.post_id)
            self.report.fail(
                kind,
                f"{item.post_id} “{item.title[:60]}”",
                f"{type(exc).__name__}: {exc}",
            )
            return
        if item.status == "publish":
            self.report.published_imported += 1

    def run(self) -> None:
        self.import_authors()
        self.import_categories()
        self.import_tags()
        self.import_attachments()
        self.import_items()
        self.finish_podcasts()

    def discard_files(self) -> None:
        for name in self.files_written:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("could not delete %s", name)


KINDS_WITH_OTHER = (*KINDS, "other")


def wordpress_import(
    *,
    path,
    media_dir=None,
    dry_run: bool = False,
    site=None,
    progress: bool | None = None,
    fetch_media: bool = False,
    media_hosts=(),
    media_max_bytes: int = DEFAULT_MAX_BYTES,
    overwrite_edited: bool = False,
    reconvert: bool = False,
    core_enclosures: bool = False,
) -> ImportReport:
    """Import a WXR file; see the module docstring. Raises ``wxr.WxrError`` for an
    unreadable/unsafe file, ``ImportError_`` for an unusable site and
    ``NothingImported`` when the file's published posts and pages were all
    skipped; in each case nothing is written.

    ``fetch_media``: download images missing from ``media_dir`` from the export's
    own site or from ``media_hosts`` (see :mod:`caravan.importers.fetch`).
    ``overwrite_edited``: replace pages edited in Caravan since their import.
    ``reconvert``: convert again what an older importer version imported.
    ``core_enclosures``: make podcast episodes of posts with WordPress core's
    audio enclosure too (by default only podcast plugins' posts are episodes)."""
    path = Path(path)
    report = ImportReport(dry_run=dry_run)
    report.counts = {k: Counts() for k in KINDS_WITH_OTHER}
    scanned = scan(path, report)
    report.wxr_version = scanned.channel.wxr_version
    report.source_title = scanned.channel.title
    media = Path(media_dir) if media_dir else None
    if media is not None and not media.is_dir():
        raise ImportError_(f"--media-dir {media} is not a directory")
    fetcher = None
    if fetch_media:
        channel = scanned.channel
        fetcher = MediaFetcher(
            site_urls=[channel.base_site_url, channel.base_blog_url, channel.link],
            extra_hosts=media_hosts,
            max_bytes=media_max_bytes,
        )
    importer = None
    try:
        with transaction.atomic():
            importer = _Importer(
                path=path,
                media_dir=media,
                site=resolve_site(site),
                report=report,
                scanned=scanned,
                fetcher=fetcher,
                progress=progress,
                overwrite_edited=overwrite_edited,
                reconvert=reconvert,
                core_enclosures=core_enclosures,
            )
            importer.run()
            if report.published_in_file and not report.published_imported:
                raise NothingImported(
                    f"none of the {report.published_in_file} published posts and "
                    "pages in the file could be imported (see “Skipped” and "
                    "“Failed” above)",
                    report,
                )
            if dry_run:
                raise _Rollback
    except _Rollback:
        importer.discard_files()
    except BaseException:
        if importer is not None:
            importer.discard_files()
        raise
    return report


__all__ = ["ImportError_", "ImportReport", "NothingImported", "wordpress_import"]

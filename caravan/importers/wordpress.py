"""Import a WordPress export (WXR) into the Caravan page tree.

``wordpress_import()`` reads the file twice, streaming both times:

1. a validating pass that writes nothing — it collects the small channel-level
   records (authors, categories, tags) and the attachment index, counts items and
   comments, and fails with :class:`WxrError` on anything malformed or unsafe;
2. an import pass inside one database transaction (a failure anywhere rolls the
   whole import back; ``dry_run`` runs the same code and rolls back at the end).

Every imported object is remembered in :class:`LegacyItem` with a checksum of what
was written, so importing the same file again changes nothing and a changed item
is updated in place, never duplicated.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import sys
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag as TaggitTag
from tqdm import tqdm
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from caravan.core.models import StandardPage
from caravan.news.models import ArticleAuthor, ArticlePage, HomePage, SectionPage
from caravan.people.models import AuthorPage, PeopleIndexPage

from . import wxr
from .html_to_blocks import ImageRef, convert, plain_text, simple_rich_text
from .models import LegacyItem

logger = logging.getLogger(__name__)

IMPORTER_VERSION = 1
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
FETCH_MAX_BYTES = 50 * 1024 * 1024
SIZE_SUFFIX_RE = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
KINDS = ("author", "category", "tag", "attachment", "post", "page", "redirect")


class ImportError_(Exception):
    """A problem that makes the whole import impossible (bad site, bad file)."""


class _Rollback(Exception):
    pass


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
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
    missing_media: list[tuple[str, str]] = field(default_factory=list)  # (where, path)
    comments: int = 0
    approved_comments: int = 0
    items_in_file: Counter = field(default_factory=Counter)

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

    def fail(self, kind: str, ident: str, reason: str) -> None:
        self.count(kind, "failed")
        self.failures.append((kind, ident, reason))

    def as_text(self) -> str:
        lines = [
            ("DRY RUN — nothing was written. " if self.dry_run else "")
            + f"WordPress import of “{self.source_title}” (WXR {self.wxr_version})",
            f"{'':<12}{'created':>9}{'updated':>9}{'unchanged':>11}{'skipped':>9}"
            f"{'failed':>8}",
        ]
        for kind, c in self.counts.items():
            lines.append(
                f"{kind:<12}{c.created:>9}{c.updated:>9}{c.unchanged:>11}"
                f"{c.skipped:>9}{c.failed:>8}"
            )
        lines.append(
            f"Comments counted (not imported): {self.comments} "
            f"({self.approved_comments} approved)"
        )
        if self.skipped:
            lines.append("Skipped:")
            for (kind, reason), n in sorted(self.skipped.items()):
                lines.append(f"  {kind}: {n} × {reason}")
        if self.failures:
            lines.append("Failed:")
            lines.extend(
                f"  {kind} {ident}: {reason}" for kind, ident, reason in self.failures
            )
        if self.missing_media:
            lines.append(f"Missing media ({len(self.missing_media)}):")
            lines.extend(f"  {where}: {path}" for where, path in self.missing_media)
        return "\n".join(lines)


def _checksum(payload) -> str:
    data = json.dumps([IMPORTER_VERSION, payload], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


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
    attachments: dict[int, wxr.Item]
    children_attachments: dict[int, list[int]]
    total_items: int


def scan(path: Path, report: ImportReport) -> _Scan:
    """The validating pass: raises WxrError, writes nothing."""
    channel = wxr.Channel()
    authors, categories, tags = [], [], []
    attachments: dict[int, wxr.Item] = {}
    children: dict[int, list[int]] = defaultdict(list)
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
        elif isinstance(record, wxr.Item):
            total += 1
            report.items_in_file[record.post_type] += 1
            report.comments += record.comment_count
            report.approved_comments += record.approved_comment_count
            if record.post_type == "attachment":
                record.content = ""
                record.description = ""
                attachments[record.post_id] = record
                if record.post_parent:
                    children[record.post_parent].append(record.post_id)
    if not channel.wxr_version:
        raise wxr.WxrError("not a WordPress export: no WXR version")
    return _Scan(channel, authors, categories, tags, attachments, children, total)


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


class _Importer:
    def __init__(
        self,
        *,
        path: Path,
        media_dir: Path | None,
        site: Site,
        report: ImportReport,
        scanned: _Scan,
        fetch_media: bool,
        progress: bool | None,
    ):
        self.path = path
        self.media_dir = media_dir
        self.site = site
        self.report = report
        self.scan = scanned
        self.fetch_media = fetch_media
        self.progress = progress
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
        self.authors: dict[str, AuthorPage] = {}
        self.sections: dict[str, SectionPage] = {}
        self.category_paths: dict[str, str] = {}
        self.tags: dict[str, TaggitTag] = {}
        self.images: dict[int, int] = {}  # attachment id → image id
        self.attachments_done: set[int] = set()
        self.redirects_done: set[str] = set()
        self.images_by_path: dict[str, int] = {}  # upload relpath → image id
        self.pages_by_wp_id: dict[int, Page] = {}
        self.missing_reported: set[str] = set()
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

    def save_page(
        self,
        *,
        kind: str,
        key: str,
        wp_id: int | None,
        parent: Page,
        page_cls,
        fields: dict,
        status: str = "publish",
        go_live_at=None,
        password: str = "",
        payload=None,
        prepare: Callable | None = None,
        old_path: str = "",
        slug: str = "",
        legacy_id: str = "",
    ) -> tuple[Page, bool]:
        """Create or update one page; returns (page, changed)."""
        checksum = _checksum(
            [fields, status, str(go_live_at), password, parent.pk, payload]
        )
        legacy = self.legacy_for(kind, key)
        page = (
            legacy.page.specific if legacy and legacy.page_id and legacy.page else None
        )
        if page is not None and legacy.checksum == checksum:
            self.report.count(kind, "unchanged")
            return page, False
        wanted_slug = fields.pop("slug")
        if page is None:
            page = page_cls(**fields)
            page.slug = self.unique_slug(parent, wanted_slug)
            page.live = False
            if prepare:
                prepare(page)
            parent.add_child(instance=page)
            created = True
        else:
            if page.get_parent().pk != parent.pk:
                page.move(parent, pos="last-child")
                page.refresh_from_db()
                page = page.specific
            for name, value in fields.items():
                setattr(page, name, value)
            if page.slug != wanted_slug and not page.slug.startswith(wanted_slug):
                page.slug = self.unique_slug(parent, wanted_slug, exclude_pk=page.pk)
            if prepare:
                prepare(page)
            created = False
        self.publish(page, status, go_live_at)
        self.restrict(page, status, password)
        self.remember(
            kind,
            key,
            wp_id=wp_id,
            page=page,
            old_path=old_path,
            slug=slug,
            legacy_id=legacy_id,
            checksum=checksum,
        )
        self.report.count(kind, "created" if created else "updated")
        return page, True

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

    def restrict(self, page: Page, status: str, password: str) -> None:
        existing = PageViewRestriction.objects.filter(page=page)
        if status == "private":
            existing.exclude(restriction_type=PageViewRestriction.LOGIN).delete()
            if not existing.exists():
                PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.LOGIN
                )
        elif password:
            existing.exclude(
                restriction_type=PageViewRestriction.PASSWORD, password=password
            ).delete()
            if not existing.exists():
                PageViewRestriction.objects.create(
                    page=page,
                    restriction_type=PageViewRestriction.PASSWORD,
                    password=password,
                )
        else:
            existing.delete()

    def redirect(
        self,
        old_path: str,
        *,
        page: Page | None = None,
        route: str = "",
        link: str = "",
        primary: bool = True,
    ) -> None:
        """A 301 from an old path; never shadows a real page."""
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
        existing = Redirect.objects.filter(site=self.site, old_path=norm).first()
        route_path = Redirect.normalise_page_route_path(route) if route else ""
        if existing and (
            existing.redirect_page_id,
            existing.redirect_page_route_path,
            existing.redirect_link,
        ) == (target_pk, route_path, link):
            self.report.count("redirect", "unchanged")
            return
        redirect = existing or Redirect(site=self.site, old_path=norm)
        redirect.redirect_page = page
        redirect.redirect_page_route_path = route_path
        redirect.redirect_link = link
        redirect.is_permanent = True
        redirect.save()
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
        if not self.scan.authors:
            return
        index = self.people_index()
        for author in self.scan.authors:
            if not author.login:
                self.report.skip("author", "no login")
                continue
            name = (
                plain_text(author.display_name)
                or " ".join(p for p in (author.first_name, author.last_name) if p)
                or author.login
            )
            slug = _slug(author.login, name)
            try:
                with transaction.atomic():
                    page, _ = self.save_page(
                        kind="author",
                        key=author.login,
                        wp_id=author.id,
                        parent=index,
                        page_cls=AuthorPage,
                        fields={
                            "title": name[:255],
                            "slug": slug,
                            "legacy_login": author.login[:120],
                            "bio": simple_rich_text(author.description),
                        },
                        old_path=f"/author/{author.login}/",
                        slug=slug,
                    )
            except Exception as exc:
                logger.exception("author %s failed", author.login)
                self.report.fail("author", author.login, str(exc))
                continue
            self.authors[author.login] = page
            self.redirect(f"/author/{author.login}/", page=page)
            if slugify(author.login) != author.login:
                self.redirect(
                    f"/author/{slugify(author.login)}/", page=page, primary=False
                )

    # ------------------------------------------------------------ taxonomy

    def import_categories(self) -> None:
        by_slug = {c.slug: c for c in self.scan.categories if c.slug}
        done: set[str] = set()

        def category_path(slug, seen=()):
            cat = by_slug.get(slug)
            if cat is None or slug in seen:
                return slug
            if cat.parent_slug and cat.parent_slug in by_slug:
                return category_path(cat.parent_slug, (*seen, slug)) + "/" + slug
            return slug

        def ensure(cat: wxr.Category, seen=()):
            if cat.slug in done:
                return
            parent = self.home
            if (
                cat.parent_slug
                and cat.parent_slug in by_slug
                and cat.parent_slug not in seen
            ):
                ensure(by_slug[cat.parent_slug], (*seen, cat.slug))
                parent = self.sections.get(cat.parent_slug, self.home)
            done.add(cat.slug)
            old_path = f"/category/{category_path(cat.slug)}/"
            self.category_paths[cat.slug] = old_path
            try:
                with transaction.atomic():
                    page, _ = self.save_page(
                        kind="category",
                        key=cat.slug,
                        wp_id=cat.term_id,
                        parent=parent,
                        page_cls=SectionPage,
                        fields={
                            "title": (plain_text(cat.name) or cat.slug)[:255],
                            "slug": _slug(cat.slug, cat.name),
                            "introduction": plain_text(cat.description),
                        },
                        old_path=old_path,
                        slug=cat.slug,
                    )
            except Exception as exc:
                logger.exception("category %s failed", cat.slug)
                self.report.fail("category", cat.slug, str(exc))
                return
            self.sections[cat.slug] = page
            self.redirect(old_path, page=page)

        for cat in self.scan.categories:
            if not cat.slug:
                self.report.skip("category", "no slug")
                continue
            ensure(cat)

    def uncategorized(self) -> SectionPage:
        if "uncategorized" not in self.sections:
            self.sections["uncategorized"], _ = self.save_page(
                kind="category",
                key="uncategorized",
                wp_id=None,
                parent=self.home,
                page_cls=SectionPage,
                fields={
                    "title": "Uncategorized",
                    "slug": "uncategorized",
                    "introduction": "",
                },
                old_path="/category/uncategorized/",
                slug="uncategorized",
            )
        return self.sections["uncategorized"]

    def import_tags(self) -> None:
        for tag in self.scan.tags:
            if not (tag.slug or tag.name):
                self.report.skip("tag", "no name")
                continue
            self.ensure_tag(
                tag.slug or slugify(tag.name), tag.name or tag.slug, tag.term_id
            )

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
        if legacy is None or legacy.checksum != checksum:
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

    def fetch(self, url: str) -> bytes | None:
        if not url.startswith(("http://", "https://")):
            return None
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                data = response.read(FETCH_MAX_BYTES + 1)
        except Exception as exc:  # noqa: BLE001
            logger.warning("could not fetch %s: %s", url, exc)
            return None
        return data if len(data) <= FETCH_MAX_BYTES else None

    def load_media(self, relpath: str, url: str) -> bytes | None:
        found = self.media_file(relpath)
        if found is not None:
            return found.read_bytes()
        if self.fetch_media and url:
            return self.fetch(url)
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
        data = self.load_media(relpath, att.attachment_url)
        if data is None:
            if legacy and legacy.object_id:
                # Imported earlier from a media dir not given this time: keep it.
                self.images[att.post_id] = int(legacy.object_id)
                self.images_by_path[relpath] = int(legacy.object_id)
                self.report.count("attachment", "unchanged")
                return int(legacy.object_id)
            self.missing(f"attachment {att.post_id}", relpath)
            self.report.skip("attachment", "file missing from --media-dir")
            return None
        title = att.title or Path(relpath).stem
        alt = att.postmeta.get("_wp_attachment_image_alt", "")
        checksum = _checksum([hashlib.sha256(data).hexdigest(), title, alt])
        image = None
        if legacy and legacy.object_id:
            image = self.image_model.objects.filter(pk=legacy.object_id).first()
        if image is not None and legacy.checksum == checksum:
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
            data = self.load_media(candidate, ref.src if candidate == relpath else "")
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

    def import_post(self, item: wxr.Item) -> None:
        cats = [c for c in item.categories if c.slug]
        section = None
        for cat in cats:
            section = self.sections.get(unquote(cat.slug))
            if section:
                break
        if section is None:
            section = self.uncategorized()
        tags = [
            self.ensure_tag(t.slug or slugify(t.name), t.name or t.slug)
            for t in item.tags
        ]
        author = self.authors.get(item.creator)
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
        fields = {
            "title": (plain_text(item.title) or f"Untitled {item.post_id}")[:255],
            "slug": slug,
            "standfirst": plain_text(item.excerpt),
            "body": self.body(item),
            "hero_image_id": hero,
            "date_published": published,
            "date_updated": updated,
            "is_sticky": item.is_sticky,
        }
        tag_names = sorted(t.name for t in tags)

        def prepare(page):
            page.tags.set(tags)
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
            fields=fields,
            status=item.status,
            go_live_at=published,
            password=item.post_password,
            payload=[tag_names, author.pk if author else None],
            prepare=prepare,
            old_path=_path(item.link),
            slug=slug,
            legacy_id=self.legacy_id(item),
        )
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
        page, _ = self.save_page(
            kind="page",
            key=str(item.post_id),
            wp_id=item.post_id,
            parent=parent,
            page_cls=StandardPage,
            fields={
                "title": (plain_text(item.title) or f"Untitled {item.post_id}")[:255],
                "slug": slug,
                "introduction": plain_text(item.excerpt),
                "body": self.body(item),
            },
            status=item.status,
            go_live_at=item.date_gmt,
            password=item.post_password,
            old_path=_path(item.link),
            slug=slug,
            legacy_id=self.legacy_id(item),
        )
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
                if kind == "post":
                    self.guarded(record, lambda r=record: self.import_post(r))
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
        kind = item.post_type
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

    def run(self) -> None:
        self.import_authors()
        self.import_categories()
        self.import_tags()
        self.import_attachments()
        self.import_items()

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
) -> ImportReport:
    """Import a WXR file; see the module docstring. Raises ``wxr.WxrError`` for an
    unreadable/unsafe file and ``ImportError_`` for an unusable site; in both cases
    nothing is written."""
    path = Path(path)
    report = ImportReport(dry_run=dry_run)
    report.counts = {k: Counts() for k in KINDS_WITH_OTHER}
    scanned = scan(path, report)
    report.wxr_version = scanned.channel.wxr_version
    report.source_title = scanned.channel.title
    media = Path(media_dir) if media_dir else None
    if media is not None and not media.is_dir():
        raise ImportError_(f"--media-dir {media} is not a directory")
    importer = None
    try:
        with transaction.atomic():
            importer = _Importer(
                path=path,
                media_dir=media,
                site=resolve_site(site),
                report=report,
                scanned=scanned,
                fetch_media=fetch_media,
                progress=progress,
            )
            importer.run()
            if dry_run:
                raise _Rollback
    except _Rollback:
        importer.discard_files()
    except BaseException:
        if importer is not None:
            importer.discard_files()
        raise
    return report


__all__ = ["ImportError_", "ImportReport", "wordpress_import"]

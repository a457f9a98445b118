"""A streaming, hardened reader for WordPress eXtended RSS (WXR 1.0–1.2) exports.

Pure Python, no Django: :func:`iter_wxr` yields typed records in document order
(one :class:`Channel` first, then authors, categories, tags, terms and items) while
keeping memory flat — every parsed element is cleared once it has been turned into
a record, so a multi-gigabyte export streams.

Hardening: the file may not contain a DOCTYPE (WordPress never writes one), which
rules out entity-expansion ("billion laughs") and external-entity (XXE) attacks
before the XML parser even starts; the parser itself also runs with
``resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

WP_NAMESPACE_RE = re.compile(r"^https?://wordpress\.org/export/(1\.[0-2])/$")
EXCERPT_NAMESPACE_RE = re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/excerpt/$")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
PROLOGUE_LIMIT = 1 << 20  # a DOCTYPE, if any, must appear before the root element


class WxrError(ValueError):
    """The file is not a readable, safe WordPress export."""


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


@dataclass
class Author:
    id: int | None
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    description: str = ""  # not in stock exports; some plugins add it


@dataclass
class Category:
    term_id: int | None
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""


@dataclass
class Tag:
    term_id: int | None
    slug: str
    name: str
    description: str = ""


@dataclass
class Term:
    term_id: int | None
    taxonomy: str
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""


@dataclass
class ItemTerm:
    domain: str  # "category", "post_tag", "post_format", custom taxonomies…
    slug: str
    name: str


@dataclass
class Item:
    post_id: int
    post_type: str
    title: str = ""
    link: str = ""
    guid: str = ""
    pub_date: dt.datetime | None = None
    creator: str = ""
    description: str = ""
    content: str = ""
    excerpt: str = ""
    post_date: dt.datetime | None = None  # site-local time, naive
    post_date_gmt: dt.datetime | None = None  # aware, UTC
    post_modified_gmt: dt.datetime | None = None
    comment_status: str = ""
    ping_status: str = ""
    post_name: str = ""
    status: str = ""
    post_parent: int = 0
    menu_order: int = 0
    post_password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    terms: list[ItemTerm] = field(default_factory=list)
    postmeta: dict[str, str] = field(default_factory=dict)
    comment_count: int = 0
    approved_comment_count: int = 0

    @property
    def categories(self) -> list[ItemTerm]:
        return [t for t in self.terms if t.domain == "category"]

    @property
    def tags(self) -> list[ItemTerm]:
        return [t for t in self.terms if t.domain == "post_tag"]

    @property
    def date_gmt(self) -> dt.datetime | None:
        """Best available publication moment, in UTC."""
        if self.post_date_gmt:
            return self.post_date_gmt
        if self.pub_date:
            return self.pub_date
        if self.post_date:  # drafts: WordPress leaves the GMT date zeroed
            return self.post_date.replace(tzinfo=dt.UTC)
        return None


Record = Channel | Author | Category | Tag | Term | Item


def _int(value: str | None, default: int | None = 0) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return default


def _wp_date(value: str | None, *, aware: bool) -> dt.datetime | None:
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        parsed = dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return parsed.replace(tzinfo=dt.UTC) if aware else parsed


def _rfc822(value: str | None) -> dt.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if parsed.year < 1971:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def check_prologue(path: Path) -> None:
    """Reject empty files and any DOCTYPE/ENTITY declaration before parsing."""
    with open(path, "rb") as fh:
        head = fh.read(PROLOGUE_LIMIT)
    if not head.strip():
        raise WxrError("the file is empty")
    # Everything before the first element that is not <?…?> or <!--…-->.
    text = head.decode("utf-8", errors="replace")
    stripped = re.sub(r"<\?.*?\?>|<!--.*?-->", "", text, flags=re.S)
    first_element = re.search(r"<[A-Za-z_]", stripped)
    prologue = stripped[: first_element.start()] if first_element else stripped
    if re.search(r"<!DOCTYPE|<!ENTITY", prologue, flags=re.I):
        raise WxrError(
            "the file declares a DOCTYPE/entities; WordPress exports never do, and "
            "entity declarations are refused (entity-expansion / external-entity attack)"
        )
    if first_element is None and len(head) < PROLOGUE_LIMIT:
        raise WxrError("the file contains no XML element")


def _local(tag) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _text(elem) -> str:
    return elem.text or ""


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.wp_ns: str | None = None
        self.channel = Channel()
        self.channel_emitted = False

    def key(self, tag) -> str:
        ns, local = _local(tag)
        if not ns:
            return local
        if ns == self.wp_ns:
            return "wp:" + local
        if ns == CONTENT_NS:
            return "content:" + local
        if EXCERPT_NAMESPACE_RE.match(ns):
            return "excerpt:" + local
        if ns == DC_NS:
            return "dc:" + local
        return f"{{{ns}}}{local}"

    def children(self, elem) -> dict[str, str]:
        return {self.key(child.tag): _text(child) for child in elem}

    def __iter__(self) -> Iterator[Record]:
        context = etree.iterparse(
            str(self.path),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        depth = 0
        saw_root = saw_channel = False
        try:
            for event, elem in context:
                if event == "start":
                    depth += 1
                    if depth == 1:
                        saw_root = True
                        self._check_root(elem)
                    elif depth == 2 and self.key(elem.tag) == "channel":
                        saw_channel = True
                    continue
                depth -= 1
                if depth != 2:
                    continue
                # A direct child of <channel> is complete.
                record = self._record(elem)
                if record is not None:
                    if not self.channel_emitted:
                        self.channel_emitted = True
                        yield self.channel
                    yield record
                elem.clear(keep_tail=False)
                while elem.getprevious() is not None:
                    del elem.getparent()[0]
        except etree.XMLSyntaxError as exc:
            raise WxrError(f"malformed XML: {exc}") from exc
        if not saw_root or not saw_channel:
            raise WxrError("not a WordPress export: no <rss><channel> found")
        if not self.channel_emitted:
            yield self.channel

    def _check_root(self, elem) -> None:
        if self.key(elem.tag) != "rss":
            raise WxrError(
                f"not a WordPress export: the root element is <{_local(elem.tag)[1]}>, "
                "expected <rss>"
            )
        for uri in (elem.nsmap or {}).values():
            match = WP_NAMESPACE_RE.match(uri or "")
            if match:
                self.wp_ns = uri
                self.channel.wxr_version = match.group(1)
                return
        raise WxrError(
            "not a WordPress export: the wp namespace "
            "(http://wordpress.org/export/1.x/) is not declared"
        )

    def _record(self, elem) -> Record | None:
        key = self.key(elem.tag)
        ch = self.channel
        simple = {
            "title": "title",
            "link": "link",
            "description": "description",
            "language": "language",
            "wp:wxr_version": "wxr_version",
            "wp:base_site_url": "base_site_url",
            "wp:base_blog_url": "base_blog_url",
        }
        if key in simple:
            setattr(ch, simple[key], _text(elem).strip())
            return None
        if key == "wp:author":
            c = self.children(elem)
            return Author(
                id=_int(c.get("wp:author_id"), None),
                login=c.get("wp:author_login", "").strip(),
                email=c.get("wp:author_email", "").strip(),
                display_name=c.get("wp:author_display_name", "").strip(),
                first_name=c.get("wp:author_first_name", "").strip(),
                last_name=c.get("wp:author_last_name", "").strip(),
                description=c.get("wp:author_description", "").strip(),
            )
        if key == "wp:category":
            c = self.children(elem)
            return Category(
                term_id=_int(c.get("wp:term_id"), None),
                slug=c.get("wp:category_nicename", "").strip(),
                name=c.get("wp:cat_name", "").strip(),
                parent_slug=c.get("wp:category_parent", "").strip(),
                description=c.get("wp:category_description", "").strip(),
            )
        if key == "wp:tag":
            c = self.children(elem)
            return Tag(
                term_id=_int(c.get("wp:term_id"), None),
                slug=c.get("wp:tag_slug", "").strip(),
                name=c.get("wp:tag_name", "").strip(),
                description=c.get("wp:tag_description", "").strip(),
            )
        if key == "wp:term":
            c = self.children(elem)
            return Term(
                term_id=_int(c.get("wp:term_id"), None),
                taxonomy=c.get("wp:term_taxonomy", "").strip(),
                slug=c.get("wp:term_slug", "").strip(),
                name=c.get("wp:term_name", "").strip(),
                parent_slug=c.get("wp:term_parent", "").strip(),
                description=c.get("wp:term_description", "").strip(),
            )
        if key == "item":
            return self._item(elem)
        return None

    def _item(self, elem) -> Item | None:
        c: dict[str, str] = {}
        terms: list[ItemTerm] = []
        meta: dict[str, str] = {}
        comments = approved = 0
        for child in elem:
            key = self.key(child.tag)
            if key == "category":
                terms.append(
                    ItemTerm(
                        domain=child.get("domain", "category"),
                        slug=(child.get("nicename") or "").strip(),
                        name=_text(child).strip(),
                    )
                )
            elif key == "wp:postmeta":
                m = self.children(child)
                meta[m.get("wp:meta_key", "")] = m.get("wp:meta_value", "")
            elif key == "wp:comment":
                comments += 1
                m = self.children(child)
                if m.get("wp:comment_approved", "").strip() == "1":
                    approved += 1
            else:
                c[key] = _text(child)
        post_id = _int(c.get("wp:post_id"), None)
        if post_id is None:
            return None
        return Item(
            post_id=post_id,
            post_type=c.get("wp:post_type", "").strip(),
            title=c.get("title", "").strip(),
            link=c.get("link", "").strip(),
            guid=c.get("guid", "").strip(),
            pub_date=_rfc822(c.get("pubDate")),
            creator=c.get("dc:creator", "").strip(),
            description=c.get("description", ""),
            content=c.get("content:encoded", ""),
            excerpt=c.get("excerpt:encoded", ""),
            post_date=_wp_date(c.get("wp:post_date"), aware=False),
            post_date_gmt=_wp_date(c.get("wp:post_date_gmt"), aware=True),
            post_modified_gmt=_wp_date(c.get("wp:post_modified_gmt"), aware=True),
            comment_status=c.get("wp:comment_status", "").strip(),
            ping_status=c.get("wp:ping_status", "").strip(),
            post_name=c.get("wp:post_name", "").strip(),
            status=c.get("wp:status", "").strip(),
            post_parent=_int(c.get("wp:post_parent")) or 0,
            menu_order=_int(c.get("wp:menu_order")) or 0,
            post_password=c.get("wp:post_password", "").strip(),
            is_sticky=c.get("wp:is_sticky", "").strip() == "1",
            attachment_url=c.get("wp:attachment_url", "").strip(),
            terms=terms,
            postmeta=meta,
            comment_count=comments,
            approved_comment_count=approved,
        )


def iter_wxr(path: str | Path) -> Iterator[Record]:
    """Yield the records of a WXR file in document order; raise WxrError if unsafe
    or not a WordPress export."""
    path = Path(path)
    if not path.is_file():
        raise WxrError(f"no such file: {path}")
    check_prologue(path)
    yield from _Reader(path)

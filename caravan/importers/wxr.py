"""A streaming, hardened reader for WordPress eXtended RSS (WXR 1.0–1.2) exports.

Pure Python, no Django: :func:`iter_wxr` yields typed records in document order
(one :class:`Channel` first, then authors, categories, tags, terms and items) while
keeping memory flat — every parsed element is cleared once it has been turned into
a record, so a multi-gigabyte export streams.

Hardening: the file may not contain a DOCTYPE (WordPress never writes one), which
rules out entity-expansion ("billion laughs") and external-entity (XXE) attacks.
Two independent checks enforce it: :func:`check_prologue` reads everything before
the root element with expat, whatever its length (a 1 MiB comment first) or
encoding (UTF-16), and stops at the first DOCTYPE or ENTITY declaration; and the
reader itself refuses a document whose parser saw a DTD, at the root element's
first event, before any content is read. The parser also runs with
``resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False``.

Variants read alike: WXR 1.0, 1.1 and 1.2, ``http`` or ``https`` namespace URIs
(several versions declared at once are all read), ``<category>`` with or without
``domain``/``nicename`` (WXR 1.0's duplicate plain entries are folded into the
domain ones), CDATA or plain text, a post id from ``wp:post_id`` or else from the
``?p=``/``?page_id=`` of its ``<guid>`` or ``<link>``. A namespace URI that libxml2
only warns about (e.g. non-ASCII, ``http://ëxämplë.com/``) does not refuse the file.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from xml.parsers import expat

from lxml import etree

WP_NAMESPACE_RE = re.compile(r"^https?://wordpress\.org/export/(1\.[0-2])/$")
EXCERPT_NAMESPACE_RE = re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/excerpt/$")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
PROLOGUE_CHUNK = 1 << 16
# libxml2 reports these as errors but keeps parsing; every other parser reads them.
TOLERATED_PARSER_MESSAGES = {"WAR_NS_URI", "WAR_NS_URI_RELATIVE"}
# WXR 1.0 wrote tags as domain="tag"; later versions as "post_tag".
DOMAIN_ALIASES = {"tag": "post_tag"}
ID_QUERY_PARAMS = ("p", "page_id", "attachment_id")


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
    tolerated: list[str] = field(default_factory=list)  # parser messages ignored


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
    post_id: int | None  # None: no wp:post_id and no ?p= in guid/link (skipped)
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
    id_source: str = "wp:post_id"  # or "guid", "link"

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


DOCTYPE_REFUSED = (
    "the file declares a DOCTYPE/entities; WordPress exports never do, and "
    "entity declarations are refused (entity-expansion / external-entity attack)"
)


class _PrologueDone(Exception):
    pass


def check_prologue(path: Path) -> None:
    """Reject empty files and any DOCTYPE/ENTITY declaration before the root element.

    expat reads the prologue in chunks, in the file's own encoding (UTF-8, UTF-16
    with or without a BOM…), however long its comments and processing
    instructions are, and stops at the root element's start tag."""
    parser = expat.ParserCreate()

    def refuse(*args):
        raise WxrError(DOCTYPE_REFUSED)

    def root(*args):
        raise _PrologueDone

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = root
    with open(path, "rb") as fh:
        chunk = fh.read(PROLOGUE_CHUNK)
        if not chunk.strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"):
            raise WxrError("the file is empty")
        try:
            while chunk:
                parser.Parse(chunk, False)
                chunk = fh.read(PROLOGUE_CHUNK)
            parser.Parse(b"", True)
        except _PrologueDone:
            return
        except expat.ExpatError as exc:
            if exc.code == expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS] or (
                exc.lineno == 1 and exc.offset == 0
            ):
                raise WxrError(f"the file contains no XML element ({exc})") from exc
            raise WxrError(f"malformed XML before the root element: {exc}") from exc
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


def _id_from_url(url: str | None) -> tuple[int, str] | None:
    """(id, query parameter) from ``…/?p=19`` or ``…/?page_id=2``."""
    try:
        query = parse_qs(urlparse((url or "").strip()).query)
    except ValueError:
        return None
    for param in ID_QUERY_PARAMS:
        for value in query.get(param, []):
            if re.fullmatch(r"[0-9]{1,18}", value):
                return int(value), param
    return None


TYPE_OF_ID_PARAM = {"p": "post", "page_id": "page", "attachment_id": "attachment"}


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.wp_versions: set[str] = set()
        self.channel = Channel()
        self.channel_emitted = False
        self.tolerated: list[str] = []  # parser messages ignored (see module doc)
        self._keys: dict[str, str] = {}

    def _prefix(self, ns: str) -> str:
        prefix = self._keys.get(ns)
        if prefix is None:
            match = WP_NAMESPACE_RE.match(ns)
            if match:
                prefix = "wp:"
                self.wp_versions.add(match.group(1))
            elif ns == CONTENT_NS:
                prefix = "content:"
            elif EXCERPT_NAMESPACE_RE.match(ns):
                prefix = "excerpt:"
            elif ns == DC_NS:
                prefix = "dc:"
            else:
                prefix = f"{{{ns}}}"
            self._keys[ns] = prefix
        return prefix

    def key(self, tag) -> str:
        ns, local = _local(tag)
        if not ns:
            return local
        return self._prefix(ns) + local

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
        saw_root = saw_channel = root_closed = False
        try:
            for event, elem in context:
                if event == "start":
                    depth += 1
                    if depth == 1:
                        saw_root = True
                        self._check_doctype(elem)
                        self._check_root(elem)
                    elif depth == 2 and self.key(elem.tag) == "channel":
                        saw_channel = True
                    continue
                depth -= 1
                if depth == 0:
                    root_closed = True
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
            # This parse's messages: lxml's global log (the exception's) also
            # keeps those of files parsed before in this thread.
            entries = list(context.error_log) or [
                e for e in exc.error_log if e.filename == str(self.path)
            ]
            if not (
                root_closed
                and entries
                and all(e.type_name in TOLERATED_PARSER_MESSAGES for e in entries)
            ):
                raise WxrError(f"malformed XML: {exc}") from exc
            # libxml2 raised only over namespace URIs it dislikes, after reading
            # the whole file: the records are complete.
            self.tolerated = [e.message for e in entries]
        if not saw_root or not saw_channel:
            raise WxrError("not a WordPress export: no <rss><channel> found")
        if not self.wp_versions:
            raise WxrError(
                "not a WordPress export: the wp namespace "
                "(http://wordpress.org/export/1.x/) is not declared"
            )
        if not self.channel.wxr_version:
            self.channel.wxr_version = max(self.wp_versions)
        self.channel.tolerated = self.tolerated
        if not self.channel_emitted:
            yield self.channel

    def _check_doctype(self, elem) -> None:
        """The parser's own guard: a DTD seen before the root element refuses the
        file before anything in it is read (whatever check_prologue saw)."""
        info = elem.getroottree().docinfo
        if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
            raise WxrError(DOCTYPE_REFUSED)

    def _check_root(self, elem) -> None:
        if self.key(elem.tag) != "rss":
            raise WxrError(
                f"not a WordPress export: the root element is <{_local(elem.tag)[1]}>, "
                "expected <rss>"
            )
        for uri in (elem.nsmap or {}).values():
            self._prefix(uri or "")  # every declared WXR version counts

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

    def _item(self, elem) -> Item:
        c: dict[str, str] = {}
        terms: list[ItemTerm] = []
        meta: dict[str, str] = {}
        comments = approved = 0
        for child in elem:
            key = self.key(child.tag)
            if key == "category":
                domain = (child.get("domain") or "category").strip()
                _add_term(
                    terms,
                    ItemTerm(
                        domain=DOMAIN_ALIASES.get(domain, domain),
                        slug=(child.get("nicename") or "").strip(),
                        name=_text(child).strip(),
                    ),
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
        post_type = c.get("wp:post_type", "").strip()
        post_id = _int(c.get("wp:post_id"), None)
        id_source = "wp:post_id"
        if post_id is None:
            for source in ("guid", "link"):
                found = _id_from_url(c.get(source))
                if found:
                    post_id, param = found
                    id_source = source
                    post_type = post_type or TYPE_OF_ID_PARAM[param]
                    break
        return Item(
            post_id=post_id,
            # An item without wp:post_type/wp:status (theme-preview exports) is
            # what an RSS item is: a published post.
            post_type=post_type or "post",
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
            status=c.get("wp:status", "").strip() or "publish",
            post_parent=_int(c.get("wp:post_parent")) or 0,
            menu_order=_int(c.get("wp:menu_order")) or 0,
            post_password=c.get("wp:post_password", "").strip(),
            is_sticky=c.get("wp:is_sticky", "").strip() == "1",
            attachment_url=c.get("wp:attachment_url", "").strip(),
            terms=terms,
            postmeta=meta,
            comment_count=comments,
            approved_comment_count=approved,
            id_source=id_source,
        )


def _add_term(terms: list[ItemTerm], term: ItemTerm) -> None:
    """Append a post's term once: WXR 1.0 lists each category twice (a plain
    ``<category>Name</category>`` and one with domain and nicename)."""
    if not (term.slug or term.name):
        return
    for i, known in enumerate(terms):
        if known.domain != term.domain:
            continue
        same = (term.slug and known.slug == term.slug) or (
            (not term.slug or not known.slug) and known.name == term.name
        )
        if same:
            if term.slug and not known.slug:
                terms[i] = term
            return
    terms.append(term)


def iter_wxr(path: str | Path) -> Iterator[Record]:
    """Yield the records of a WXR file in document order; raise WxrError if unsafe
    or not a WordPress export."""
    path = Path(path)
    if not path.is_file():
        raise WxrError(f"no such file: {path}")
    check_prologue(path)
    yield from _Reader(path)

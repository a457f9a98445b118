"""WordPress post HTML → raw StreamField data for ``caravan.core.blocks.BodyBlock``.

Pure (no database): images are resolved through a callback. The pipeline is

1. Gutenberg block comments: embed blocks become embed markers, the rest are dropped
   (Gutenberg content is already paragraph-wrapped, so wpautop is skipped, as in WP).
2. Shortcodes: ``[embed]``, ``[caption]``, ``[gallery]``.
3. Bare oEmbed URLs (YouTube, Twitter/X, Vimeo…) alone on a line → embed markers.
4. ``wpautop`` for classic-editor content (blank line = paragraph, newline = <br>).
5. iframes from known video/social hosts → embed markers; all other iframes dropped.
6. **nh3 sanitising** with a strict allow-list (no script/style/iframe/object, no on*
   attribute, only http/https/mailto URLs).
7. A walk over the clean tree that emits paragraph (Wagtail rich text), heading,
   image, quote, table and embed blocks.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlparse

import nh3
from lxml import etree
from lxml import html as lxml_html

EMBED_HOSTS = {
    "youtube.com",
    "youtu.be",
    "youtube-nocookie.com",
    "vimeo.com",
    "player.vimeo.com",
    "twitter.com",
    "x.com",
    "instagram.com",
    "facebook.com",
    "soundcloud.com",
    "wordpress.tv",
    "videopress.com",
    "flickr.com",
    "spotify.com",
    "open.spotify.com",
    "dailymotion.com",
    "tiktok.com",
    "slideshare.net",
    "scribd.com",
    "ted.com",
}
HEADING_LEVELS = {
    "h1": "h2",
    "h2": "h2",
    "h3": "h3",
    "h4": "h4",
    "h5": "h4",
    "h6": "h4",
}
RICH_INLINE = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "sup": "sup",
    "sub": "sub",
    "s": "s",
    "del": "s",
    "strike": "s",
}
BLOCKISH = {
    "p",
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "main",
    "nav",
    "center",
    "figure",
    "blockquote",
    "table",
    "ul",
    "ol",
    "dl",
    "pre",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "address",
    "details",
    "summary",
    "figcaption",
    "form",
    "fieldset",
}

SANITIZE_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "del",
    "strike",
    "sup",
    "sub",
    "a",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "cite",
    "q",
    "pre",
    "code",
    "kbd",
    "samp",
    "var",
    "tt",
    "abbr",
    "acronym",
    "address",
    "ins",
    "big",
    "small",
    "mark",
    "span",
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "center",
    "figure",
    "figcaption",
    "img",
    "hr",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "details",
    "summary",
}
SANITIZE_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "class"},
    "figure": {"data-embed", "data-gallery"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}


@dataclass
class ImageRef:
    """An image found in the content, for the caller to resolve to a Wagtail image."""

    src: str = ""
    attachment_id: int | None = None
    alt: str = ""


@dataclass
class Conversion:
    blocks: list[dict] = field(default_factory=list)
    missing_images: list[str] = field(default_factory=list)


ImageResolver = Callable[[ImageRef], int | None]


# ---------------------------------------------------------------- helpers


def _host(url: str) -> str:
    host = (urlparse(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def is_embed_url(url: str) -> bool:
    host = _host(url)
    return any(host == h or host.endswith("." + h) for h in EMBED_HOSTS)


def canonical_embed_url(url: str) -> str:
    url = html.unescape(url.strip())
    if url.startswith("//"):
        url = "https:" + url
    parsed = urlparse(url)
    host = _host(url)
    if host in {"youtube.com", "youtube-nocookie.com"} and parsed.path.startswith(
        "/embed/"
    ):
        video = parsed.path.split("/")[2]
        return f"https://www.youtube.com/watch?v={video}"
    if host == "player.vimeo.com" and parsed.path.startswith("/video/"):
        return f"https://vimeo.com/{parsed.path.split('/')[2]}"
    return url


def _marker_embed(url: str) -> str:
    return f'\n\n<figure data-embed="{html.escape(canonical_embed_url(url))}"></figure>\n\n'


def _shortcode_attrs(text: str) -> dict[str, str]:
    attrs = {}
    for m in re.finditer(r'(\w+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))', text):
        attrs[m.group(1).lower()] = next(g for g in m.groups()[1:] if g is not None)
    return attrs


# ---------------------------------------------------------------- pre-processing

GUTENBERG_EMBED_RE = re.compile(
    r"<!--\s*wp:(?:core-embed/[\w-]+|embed|core/embed)\s+(\{.*?\})\s*/?-->(.*?)"
    r"(?:<!--\s*/wp:(?:core-embed/[\w-]+|embed|core/embed)\s*-->|$)",
    re.S,
)
BLOCK_COMMENT_RE = re.compile(r"<!--\s*/?wp:.*?-->", re.S)


def _gutenberg(content: str) -> str:
    def embed(m):
        try:
            url = json.loads(m.group(1)).get("url", "")
        except ValueError:
            url = ""
        if not url:
            found = re.search(r"https?://\S+?(?=[\s<])", m.group(2))
            url = found.group(0) if found else ""
        return _marker_embed(url) if url else ""

    content = GUTENBERG_EMBED_RE.sub(embed, content)
    return BLOCK_COMMENT_RE.sub("", content)


def _shortcodes(content: str) -> str:
    content = re.sub(
        r"\[embed[^\]]*\](.*?)\[/embed\]",
        lambda m: _marker_embed(m.group(1)),
        content,
        flags=re.S | re.I,
    )

    def caption(m):
        attrs = _shortcode_attrs(m.group(1))
        inner = m.group(2)
        img = re.search(
            r"(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*</a>)?", inner, flags=re.S | re.I
        )
        text = attrs.get("caption", "")
        if img:
            text = (inner[: img.start()] + inner[img.end() :]).strip() or text
            img_html = img.group(0)
        else:
            img_html = ""
        return f"\n\n<figure>{img_html}<figcaption>{text}</figcaption></figure>\n\n"

    content = re.sub(
        r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]",
        caption,
        content,
        flags=re.S | re.I,
    )

    def gallery(m):
        ids = _shortcode_attrs(m.group(1)).get("ids", "")
        ids = ",".join(i.strip() for i in ids.split(",") if i.strip().isdigit())
        return f'\n\n<figure data-gallery="{ids or "children"}"></figure>\n\n'

    return re.sub(r"\[gallery([^\]]*)\]", gallery, content, flags=re.I)


def _bare_urls(content: str) -> str:
    def line(m):
        url = m.group(1)
        return _marker_embed(url) if is_embed_url(url) else m.group(0)

    return re.sub(
        r"^[ \t]*(?:<p>\s*)?(https?://[^\s<>\"']+)\s*(?:</p>)?[ \t]*$",
        line,
        content,
        flags=re.M,
    )


def _iframes(content: str) -> str:
    def frame(m):
        src = re.search(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", m.group(0), flags=re.I)
        if src and is_embed_url(html.unescape(src.group(1))):
            return _marker_embed(src.group(1))
        return ""

    return re.sub(
        r"<iframe\b.*?(?:</iframe\s*>|/>|$)", frame, content, flags=re.S | re.I
    )


ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|"
    r"ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|"
    r"legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|"
    r"details|menu|summary)"
)


def wpautop(text: str) -> str:
    """A port of WordPress' wpautop(): blank lines make paragraphs, newlines <br />."""
    if not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    pre_tags: dict[str, str] = {}

    def keep_pre(m):
        key = f"<pre wp-pre-tag-{len(pre_tags)}></pre>"
        pre_tags[key] = m.group(0)
        return key

    text = re.sub(r"<pre\b.*?</pre>", keep_pre, text, flags=re.S | re.I)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = re.sub(r"(<" + ALLBLOCKS + r"[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(r"(</" + ALLBLOCKS + r">)", r"\1\n\n", text, flags=re.I)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text, flags=re.I)
    if "<figcaption" in text:
        text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text)
        text = re.sub(r"</figcaption>\s*", "</figcaption>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    parts = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join("<p>" + p.strip("\n") + "</p>\n" for p in parts)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(
        r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", text, flags=re.I
    )
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<br\s*/?>", "<br />", text)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*<br />", r"\1", text, flags=re.I)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text
    )
    text = re.sub(r"\n</p>$", "</p>", text)
    for key, value in pre_tags.items():
        text = text.replace(key, value)
    return text


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=SANITIZE_TAGS,
        attributes=SANITIZE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


# ---------------------------------------------------------------- tree → blocks


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


class _Builder:
    def __init__(
        self,
        resolve_image: ImageResolver | None,
        gallery_children: Iterable[int],
        base_url: str,
    ):
        self.resolve_image = resolve_image
        self.gallery_children = list(gallery_children)
        self.base_url = base_url
        self.result = Conversion()
        self.rich: list[str] = []  # pending rich-text chunks (block-level HTML)
        self.inline: list[str] = []  # pending inline run not yet wrapped in <p>

    # -- output
    def flush_inline(self):
        text = "".join(self.inline).strip()
        self.inline = []
        if re.sub(r"<br/>", "", text).strip():
            text = re.sub(r"^(<br/>\s*)+|(\s*<br/>)+$", "", text)
            self.rich.append(f"<p>{text}</p>")

    def flush(self):
        self.flush_inline()
        if self.rich:
            self.emit("paragraph", "".join(self.rich))
            self.rich = []

    def emit(self, kind: str, value):
        if kind != "paragraph":
            self.flush()
        index = len(self.result.blocks)
        digest = json.dumps([index, kind, value], sort_keys=True)
        block_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "caravan-wxr:" + digest))
        self.result.blocks.append({"type": kind, "value": value, "id": block_id})

    # -- images
    def image(self, img, caption: str = ""):
        src = img.get("src", "")
        if src:
            src = urljoin(self.base_url, src) if self.base_url else src
        match = re.search(r"\bwp-image-(\d+)\b", img.get("class", ""))
        ref = ImageRef(
            src=src,
            attachment_id=int(match.group(1)) if match else None,
            alt=img.get("alt", ""),
        )
        self.image_ref(ref, caption)

    def image_ref(self, ref: ImageRef, caption: str = ""):
        image_id = self.resolve_image(ref) if self.resolve_image else None
        if image_id is None:
            self.result.missing_images.append(
                ref.src or f"attachment {ref.attachment_id}"
            )
            return
        self.emit(
            "image", {"image": image_id, "caption": _norm(caption)[:500], "credit": ""}
        )

    # -- inline rich text
    def inline_html(self, el, images: list) -> str:
        """Children of ``el`` as Wagtail rich text (inline only). Images found are
        appended to ``images`` instead of being inlined."""
        out = [html.escape(el.text or "", quote=False)]
        for child in el:
            out.append(self.inline_node(child, images))
            out.append(html.escape(child.tail or "", quote=False))
        return "".join(out)

    def inline_node(self, el, images: list) -> str:
        tag = _tag(el)
        if tag == "img":
            images.append(el)
            return ""
        if tag == "br":
            return "<br/>"
        inner = self.inline_html(el, images)
        if tag in RICH_INLINE:
            t = RICH_INLINE[tag]
            return f"<{t}>{inner}</{t}>" if inner.strip() else inner
        if tag == "a":
            href = el.get("href", "")
            if href and inner.strip():
                return f'<a href="{html.escape(href)}">{inner}</a>'
            return inner
        if tag in BLOCKISH or tag == "li":
            return " " + inner + " "
        return inner

    # -- walkers
    def walk_children(self, el):
        if el.text and el.text.strip():
            self.inline.append(html.escape(el.text, quote=False))
        for child in el:
            self.node(child)
            if child.tail and child.tail.strip():
                self.inline.append(html.escape(child.tail, quote=False))
            elif child.tail and self.inline:
                self.inline.append(" ")

    def node(self, el):
        tag = _tag(el)
        if not tag:
            return
        if tag in HEADING_LEVELS:
            text = _norm(el.text_content())
            images: list = []
            self.inline_html(el, images)
            if text:
                self.emit("heading", {"text": text[:200], "level": HEADING_LEVELS[tag]})
            for img in images:
                self.image(img)
        elif tag == "p" or tag == "address":
            self.flush_inline()
            images = []
            inner = self.inline_html(el, images).strip()
            inner = re.sub(r"^(<br/>\s*)+|(\s*<br/>)+$", "", inner)
            if re.sub(r"<[^>]+>", "", inner).strip():
                self.rich.append(f"<p>{inner}</p>")
            for img in images:
                self.image(img)
        elif tag in {"ul", "ol"}:
            self.flush_inline()
            images = []
            listed = self.list_html(el, images)
            if listed:
                self.rich.append(listed)
            for img in images:
                self.image(img)
        elif tag == "dl":
            self.flush_inline()
            for child in el:
                text = self.inline_html(child, []).strip()
                if not text:
                    continue
                self.rich.append(
                    f"<p><b>{text}</b></p>" if _tag(child) == "dt" else f"<p>{text}</p>"
                )
        elif tag == "pre":
            self.flush_inline()
            lines = (el.text_content() or "").strip("\n").split("\n")
            body = "<br/>".join(html.escape(line, quote=False) for line in lines)
            if body.strip():
                self.rich.append(f"<p>{body}</p>")
        elif tag == "hr":
            self.flush_inline()
            self.rich.append("<hr/>")
        elif tag == "blockquote":
            self.quote(el)
        elif tag == "table":
            self.table(el)
        elif tag == "figure":
            self.figure(el)
        elif tag == "img":
            self.flush_inline()
            self.image(el)
        elif (
            tag == "a"
            and len(el) == 1
            and _tag(el[0]) == "img"
            and not _norm(el.text_content())
        ):
            self.flush_inline()
            self.image(el[0])
        elif tag in BLOCKISH:
            self.flush_inline()
            self.walk_children(el)
            self.flush_inline()
        else:  # inline element at block level: part of a running paragraph
            images = []
            self.inline.append(self.inline_node(el, images))
            if images:
                self.flush_inline()
                for img in images:
                    self.image(img)

    def list_html(self, el, images: list) -> str:
        tag = _tag(el)
        items = []
        for li in el:
            if _tag(li) != "li":
                continue
            nested = []
            head = [html.escape(li.text or "", quote=False)]
            for child in li:
                if _tag(child) in {"ul", "ol"}:
                    nested.append(self.list_html(child, images))
                else:
                    head.append(self.inline_node(child, images))
                head.append(html.escape(child.tail or "", quote=False))
            text = "".join(head).strip()
            if text or nested:
                items.append(f"<li>{text}{''.join(nested)}</li>")
        return f"<{tag}>{''.join(items)}</{tag}>" if items else ""

    def quote(self, el):
        attribution = ""
        for cite in el.iter("cite"):
            attribution = _norm(cite.text_content())
            cite.drop_tree()
            break
        paragraphs = []
        for chunk in el.xpath(".//p|.//li") or [el]:
            text = _norm(chunk.text_content())
            if text:
                paragraphs.append(text)
        if not paragraphs:
            text = _norm(el.text_content())
            paragraphs = [text] if text else []
        if paragraphs:
            self.emit(
                "quote",
                {"quote": "\n\n".join(paragraphs), "attribution": attribution[:200]},
            )

    def table(self, el):
        rows, header = [], False
        caption = ""
        for cap in el.iter("caption"):
            caption = _norm(cap.text_content())
        for i, tr in enumerate(el.iter("tr")):
            cells = [c for c in tr if _tag(c) in {"td", "th"}]
            if i == 0:
                header = bool(cells) and (
                    all(_tag(c) == "th" for c in cells)
                    or _tag(tr.getparent()) == "thead"
                )
            rows.append([_norm(c.text_content()) for c in cells])
        if not rows:
            return
        width = max(len(r) for r in rows) or 1
        rows = [r + [""] * (width - len(r)) for r in rows]
        first_col = len(rows) > 1 and all(
            (_tag(tr[0]) == "th") for tr in list(el.iter("tr"))[1:] if len(tr)
        )
        self.emit(
            "table",
            {
                "data": rows,
                "first_row_is_table_header": header,
                "first_col_is_header": first_col,
                "table_caption": caption[:255],
            },
        )

    def figure(self, el):
        embed = el.get("data-embed")
        gallery = el.get("data-gallery")
        if embed is not None:
            if embed.startswith(("http://", "https://")):
                self.emit("embed", embed)
            return
        if gallery is not None:
            ids = (
                self.gallery_children
                if gallery == "children"
                else [int(i) for i in gallery.split(",") if i.isdigit()]
            )
            for attachment_id in ids:
                self.flush()
                self.image_ref(ImageRef(attachment_id=attachment_id))
            return
        caption = " ".join(_norm(c.text_content()) for c in el.iter("figcaption"))
        images = list(el.iter("img"))
        if images:
            for fc in list(el.iter("figcaption")):
                fc.drop_tree()
            for i, img in enumerate(images):
                self.flush_inline()
                self.image(img, caption if i == len(images) - 1 else "")
            return
        for fc in list(el.iter("figcaption")):
            fc.drop_tree()
        self.flush_inline()
        self.walk_children(el)  # e.g. wp-block-table, pullquote
        self.flush_inline()


def prepare_html(content: str) -> str:
    """Everything up to and including sanitising; the result is safe HTML."""
    content = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    gutenberg = "<!-- wp:" in content
    if gutenberg:
        content = _gutenberg(content)
    content = _shortcodes(content)
    content = _bare_urls(content)
    if not gutenberg:
        content = wpautop(content)
    content = _iframes(content)
    return sanitize(content)


def convert(
    content: str,
    *,
    resolve_image: ImageResolver | None = None,
    gallery_children: Iterable[int] = (),
    base_url: str = "",
) -> Conversion:
    """Convert WordPress post content to raw BodyBlock stream data."""
    clean = prepare_html(content)
    builder = _Builder(resolve_image, gallery_children, base_url)
    if not clean.strip():
        return builder.result
    try:
        root = lxml_html.fragment_fromstring(clean, create_parent="div")
    except (etree.ParserError, ValueError):
        return builder.result
    builder.walk_children(root)
    builder.flush()
    return builder.result


def plain_text(content: str) -> str:
    """Sanitised plain text (for standfirsts, captions, bios)."""
    clean = nh3.clean(content or "", tags=set(), strip_comments=True)
    return _norm(html.unescape(clean))


def simple_rich_text(content: str) -> str:
    """Sanitised rich text with only bold/italic/links and paragraphs (author bios)."""
    clean = sanitize(wpautop(content or ""))
    if not clean.strip():
        return ""
    root = lxml_html.fragment_fromstring(clean, create_parent="div")
    builder = _Builder(None, (), "")
    builder.walk_children(root)
    builder.flush_inline()
    text = "".join(builder.rich)
    return re.sub(r"</?(?:ul|ol|li|h\d|hr|blockquote)[^>]*>", "", text)

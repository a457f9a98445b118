"""StreamField blocks for article bodies and plain pages."""

import logging

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html

logger = logging.getLogger(__name__)


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text rendered without a template: its HTML is the stored source with
    links and embeds expanded. A template per paragraph (and Wagtail's wrapper
    template inside it) cost a template lookup and a context copy for each of an
    article's dozens of paragraphs."""

    def render_basic(self, value, context=None):
        return mark_safe(expand_db_html(value.source))


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[
            ("h2", _("Heading 2")),
            ("h3", _("Heading 3")),
            ("h4", _("Heading 4")),
        ],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "core/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=500)
    credit = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "core/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote.html"


class RelatedLinkBlock(blocks.StructBlock):
    """ "Read also" box: an internal page or an external URL."""

    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False)
    title = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "link"
        template = "core/blocks/related_link.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            from django.core.exceptions import ValidationError
            from wagtail.blocks.struct_block import StructBlockValidationError

            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or give a URL."))}
            )
        return value


class SafeEmbedBlock(EmbedBlock):
    """An embed that degrades to a plain link when the provider cannot be reached,
    instead of breaking the page (as it would on a machine without internet)."""

    def render_basic(self, value, context=None):
        if value is None:
            return ""
        try:
            html = value.html
        except Exception:  # noqa: BLE001 - any finder failure must not break the page
            logger.warning("Embed for %s could not be fetched", value.url)
            html = None
        if html:
            return format_html('<div class="embed">{}</div>', html)
        return format_html(
            '<p class="embed embed--fallback"><a href="{}">{}</a></p>',
            value.url,
            value.url,
        )


class BodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock(
        features=[
            "bold",
            "italic",
            "link",
            "document-link",
            "ol",
            "ul",
            "h2",
            "h3",
            "h4",
            "blockquote",
            "superscript",
            "subscript",
            "strikethrough",
            "hr",
        ],
    )
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = SafeEmbedBlock(icon="media")
    related_link = RelatedLinkBlock()
    table = TableBlock()

import math
import re

from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from caravan.core.blocks import BodyBlock
from caravan.web.pages import ServedPage, change_tags
from caravan.web.routing import ChildRouteMixin, loaded_ancestors

WORDS_PER_MINUTE = 230
# Tags only separate words for counting; strip_tags parses HTML in Python, ~25x
# slower on a long article, and runs into words across tags ("</p><p>").
_TAG = re.compile(r"<[^>]*>")


@register_snippet
class Country(models.Model):
    """A country articles can be filed under (Kazakhstan, Kyrgyzstan, …)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    iso_code = models.CharField(
        max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("iso_code")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticleQuerySet(PageQuerySet):
    def published(self):
        """The one definition of "published" that listings, feeds, sitemaps and
        search share: live, and not dated in the future."""
        return self.live().filter(date_published__lte=timezone.now())

    def newest_first(self):
        return self.order_by("-date_published", "-pk")

    def in_section(self, section):
        """Articles a section lists: those under it or a subsection (their
        place in the tree), and those that name it or a subsection as a further
        section (``other_sections``)."""
        also = ArticlePage.other_sections.through.objects.filter(
            sectionpage__path__startswith=section.path
        ).values("articlepage_id")
        return self.filter(
            Q(path__startswith=section.path, depth__gt=section.depth) | Q(pk__in=also)
        )


ArticleManager = PageManager.from_queryset(ArticleQuerySet)


class HomePage(ServedPage, RoutablePageMixin, ChildRouteMixin, Page):
    """The front page; it also answers the tag and country archives."""

    lead_article = models.ForeignKey(
        "news.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to lead with the newest article."),
    )

    content_panels = [*Page.content_panels, FieldPanel("lead_article")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage", "people.PeopleIndexPage", "core.StandardPage"]

    class Meta:
        verbose_name = _("home page")

    memoise_child_routes = True  # a handful of sections, on every article's route

    @property
    def child_route_model(self):
        return SectionPage

    def listing_tags(self, view_name, route_kwargs):
        from .purges import country_tag, tag_tag

        if view_name == "tag_archive":
            return {tag_tag(route_kwargs.get("slug", ""))}
        if view_name == "country_archive":
            return {country_tag(route_kwargs.get("slug", ""))}
        return {f"list:{self.path}"}

    def purge_tags(self):
        return change_tags(self) | {"chrome"}  # navigation, site root paths

    def get_context(self, request, *args, archive=False, **kwargs):
        from .selectors import home_page_blocks

        context = super().get_context(request, *args, **kwargs)
        if not archive:  # tag and country archives show none of the home blocks
            context.update(home_page_blocks(home=self))
        return context

    @path("tag/<str:slug>/", name="tag")
    def tag_archive(self, request, slug):
        from .selectors import tag_archive

        return self._archive(request, *tag_archive(slug=slug), kind="tag")

    @path("country/<slug:slug>/", name="country")
    def country_archive(self, request, slug):
        from .selectors import country_archive

        return self._archive(request, *country_archive(slug=slug), kind="country")

    def _archive(self, request, subject, articles, *, kind):
        from caravan.core.pagination import paginate_for_request

        from .purges import country_tag, tag_tag
        from .selectors import next_publication

        tag = tag_tag if kind == "tag" else country_tag
        page_obj = paginate_for_request(
            request,
            articles,
            count_tags=[tag(subject.slug)],
            expires=next_publication,
        )
        return self.render(
            request,
            template="news/archive_page.html",
            context_overrides={"subject": subject, "kind": kind, "page_obj": page_obj},
            archive=True,
        )


class SectionPage(ServedPage, ChildRouteMixin, Page):
    """A section (category), e.g. "Business & Economy"; sections nest."""

    introduction = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["news.HomePage", "news.SectionPage"]
    # A live blog (caravan.liveblogs) is an article with updates.
    subpage_types = ["news.SectionPage", "news.ArticlePage", "liveblogs.LiveBlogPage"]

    class Meta:
        verbose_name = _("section")

    @property
    def child_route_model(self):
        return ArticlePage

    def listing_tags(self, view_name, route_kwargs):
        return {f"list:{self.path}"}

    def purge_tags(self):
        return change_tags(self) | {"chrome"}  # navigation

    def _route_child(self, slug: str):
        # Articles, the usual child, in fixed SQL; when none has the slug,
        # ChildRouteMixin.route tries Wagtail's routing (a subsection).
        from .reads import route_article

        article = route_article(self, slug)
        if article is not None and article.content_type_id != _article_type_id():
            return None  # another page type built on articles (a live blog)
        return article

    def get_context(self, request, *args, **kwargs):
        from caravan.core.pagination import paginate_for_request

        from .selectors import next_publication, section_articles

        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = paginate_for_request(
            request,
            section_articles(section=self),
            count_tags=[f"list:{self.path}"],
            expires=next_publication,
        )
        return context


def _article_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(ArticlePage).pk


class ArticlePage(ServedPage, Page):
    class ArticleType(models.TextChoices):
        NEWS = "news", _("News")
        ANALYSIS = "analysis", _("Analysis")
        OPINION = "opinion", _("Opinion")
        INTERVIEW = "interview", _("Interview")
        DIGEST = "digest", _("Digest")

    standfirst = models.TextField(
        blank=True,
        help_text=_("One or two sentences under the headline; also the summary."),
    )
    body = StreamField(BodyBlock(), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_caption = models.CharField(max_length=500, blank=True)
    date_published = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave empty to use the moment the article first goes live."),
    )
    date_updated = models.DateTimeField(_("updated"), null=True, blank=True)
    dateline = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("Place the story is filed from, e.g. BISHKEK"),
    )
    article_type = models.CharField(
        max_length=20, choices=ArticleType.choices, default=ArticleType.NEWS
    )
    countries = ParentalManyToManyField(
        "news.Country", blank=True, related_name="articles"
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    # The article lives in one section (its parent, in its URL and breadcrumb);
    # these list it too (a WordPress post in several categories).
    other_sections = ParentalManyToManyField(
        "news.SectionPage",
        blank=True,
        related_name="secondary_articles",
        verbose_name=_("also in sections"),
        help_text=_("Sections that list this article besides its own."),
    )
    # WordPress "sticky": kept at the top of the home page.
    is_sticky = models.BooleanField(_("sticky"), default=False)

    objects = ArticleManager()

    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("date_published"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption")],
            heading=_("Hero image"),
        ),
        InlinePanel("article_authors", label=_("Authors"), min_num=1),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("article_type"), FieldPanel("dateline")]),
                FieldRowPanel(
                    [FieldPanel("date_published"), FieldPanel("date_updated")]
                ),
                FieldPanel("countries", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
                FieldPanel("other_sections"),
                FieldPanel("is_sticky"),
            ],
            heading=_("Classification and dates"),
        ),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")
        indexes = [
            models.Index(fields=["-date_published", "-page_ptr"], name="article_newest")
        ]

    def save(self, *args, **kwargs):
        # A scheduled article is dated when it actually goes live, not when drafted.
        if self.live and self.date_published is None:
            self.date_published = self.first_published_at or timezone.now()
        super().save(*args, **kwargs)

    def listing_tags(self, view_name, route_kwargs):
        # Nothing listed: an author box's change purges p:<article> (people).
        return set()

    def purge_tags(self):
        from .purges import article_purge_tags

        return change_tags(self) | article_purge_tags(self)

    def get_context(self, request, *args, **kwargs):
        from .suggestions import suggested_articles

        context = super().get_context(request, *args, **kwargs)
        context["suggested"] = suggested_articles(article=self)
        context["home"] = next(
            (p for p in loaded_ancestors(self) if isinstance(p, HomePage)), None
        )
        return context

    @property
    def section(self):
        return self.get_parent().specific_deferred

    @cached_property
    def relations(self):
        """Authors (byline order), tags and countries, read once: the byline,
        author boxes, topic links, SEO head and suggestions all show them."""
        from .reads import article_relations

        return article_relations(self)

    @property
    def authors(self):
        return self.relations.authors

    def _word_count(self) -> int:
        # Rendering a paragraph only expands links and embeds in tags, never in
        # text: its words are the stored source's words (no render needed).
        words = len(self.standfirst.split())
        for block in self.body:
            if block.block_type == "paragraph":
                words += len(_TAG.sub(" ", block.value.source).split())
            elif block.block_type == "heading":
                words += len(block.value["text"].split())
            elif block.block_type == "quote":
                words += len(block.value["quote"].split())
        return words

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self._word_count() / WORDS_PER_MINUTE))


class ArticleAuthor(Orderable):
    """An ordered byline entry: articles have one or more authors."""

    article = ParentalKey(
        ArticlePage, related_name="article_authors", on_delete=models.CASCADE
    )
    author = models.ForeignKey(
        "people.AuthorPage", on_delete=models.CASCADE, related_name="author_articles"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        unique_together = [("article", "author")]

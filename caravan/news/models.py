import math
import re

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import hooks
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
from caravan.core.tags import CommaTagWidget
from caravan.news.forms import ArticlePageForm
from caravan.web.pages import ServedPage, change_tags
from caravan.web.routing import ChildRouteMixin, loaded_ancestors

WORDS_PER_MINUTE = 230
# How many featured stories an editor may place under the lead.
FEATURED_SLOTS = 4
# Tags only separate words for counting; strip_tags parses HTML in Python, ~25x
# slower on a long article, and runs into words across tags ("</p><p>").
_TAG = re.compile(r"<[^>]*>")


def _suggestions():
    """The suggestions an article shows: another app's (``CARAVAN_SUGGESTIONS``,
    e.g. stored related articles), else the tag/country ranking of this app."""
    path = getattr(settings, "CARAVAN_SUGGESTIONS", "")
    if path:
        return import_string(path)
    from .suggestions import suggested_articles

    return suggested_articles


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

    def in_language_of(self, page):
        """Only the articles in ``page``'s language: an archive never mixes them."""
        return self.filter(locale_id=page.locale_id)

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
    """The front page; it also answers the tag and country archives.

    Editors choose its lead story and featured stories (each home page is one
    language's: its choices are that language's articles); any slot left empty,
    expired or holding an unpublished story is filled with the newest."""

    lead_article = models.ForeignKey(
        "news.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead story"),
        help_text=_(
            "The big story at the top of the front page. Leave empty to lead "
            "with the newest article."
        ),
    )
    lead_until = models.DateTimeField(
        _("lead until"),
        null=True,
        blank=True,
        help_text=_(
            "Optional: from this moment the newest article leads again, "
            "without anyone publishing."
        ),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("lead_article"), FieldPanel("lead_until")],
            heading=_("Lead story"),
        ),
        InlinePanel(
            "features",
            label=_("Featured stories"),
            heading=_("Featured stories"),
            max_num=FEATURED_SLOTS,
            help_text=_(
                "Shown under the lead story, in this order, before the latest "
                "news. Publish the home page to apply a change."
            ),
        ),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "news.SectionPage",
        "people.PeopleIndexPage",
        "core.StandardPage",
        "podcasts.PodcastShowPage",
    ]

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

    def serve(self, request, view=None, args=None, kwargs=None):
        from .front_page import limit_cache_to_next_expiry

        response = super().serve(request, view, args, kwargs)
        if view is None or getattr(view, "__name__", "") == "index_route":
            # Nothing is published when a choice expires: the cached front
            # page must not outlive it.
            limit_cache_to_next_expiry(self, response)
        return response

    @path("tag/<str:slug>/", name="tag")
    def tag_archive(self, request, slug):
        from .selectors import tag_archive

        return self._archive(request, *tag_archive(slug=slug, home=self), kind="tag")

    @path("country/<slug:slug>/", name="country")
    def country_archive(self, request, slug):
        from .selectors import country_archive

        return self._archive(
            request, *country_archive(slug=slug, home=self), kind="country"
        )

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
        context = {"subject": subject, "kind": kind, "page_obj": page_obj}
        # Apps above this one add to the archive (podcasts: the episodes with
        # the tag or the country). The hook's arguments: the kind ("tag",
        # "country", or "section" from SectionPage), the subject (a tag, a
        # country, the section page), the home page of the archive's
        # language, the request, and the context to add to.
        for add_context in hooks.get_hooks("caravan_archive_context"):
            add_context(kind, subject, self, request, context)
        return self.render(
            request,
            template="news/archive_page.html",
            context_overrides=context,
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
        # Apps above this one add to the section, as to the tag and country
        # archives (podcasts: the episodes of the shows filed under it).
        home = next(
            (p for p in loaded_ancestors(self) if isinstance(p, HomePage)), None
        )
        for add_context in hooks.get_hooks("caravan_archive_context"):
            add_context("section", self, home, request, context)
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
    # WordPress "sticky", kept from an import for the record: the front page is
    # chosen on the home page (lead and featured stories), not by this flag.
    is_sticky = models.BooleanField(
        _("sticky (imported)"),
        default=False,
        help_text=_(
            "Set by a WordPress import. It no longer places the article: choose "
            "the front page's lead and featured stories on the home page."
        ),
    )

    objects = ArticleManager()

    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("date_published"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    content_panels = [
        FieldPanel(
            "title",
            heading=_("Headline"),
            help_text=_(
                "What readers see first, in lists and search results too: "
                "say what happened, in under about 70 characters."
            ),
            classname="title",
        ),
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
                FieldPanel("tags", widget=CommaTagWidget),
                FieldPanel("other_sections"),
            ],
            heading=_("Classification and dates"),
        ),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []
    base_form_class = ArticlePageForm

    class Meta:
        verbose_name = _("article")
        indexes = [
            models.Index(fields=["-date_published", "-page_ptr"], name="article_newest")
        ]

    def save(self, *args, **kwargs):
        # A scheduled article is dated when it actually goes live, not when drafted.
        if self.live and self.date_published is None:
            self.date_published = self.first_published_at or timezone.now()
        self._bylines_in_own_language()
        super().save(*args, **kwargs)

    def _bylines_in_own_language(self):
        """A translated article is copied with the original's bylines; each
        byline names the author's profile in the article's language when one
        exists (the byline links there, the archive lists it there)."""
        if self.locale_id is None:
            return
        for link in self.article_authors.all():
            author = link.author
            if author is not None and author.locale_id != self.locale_id:
                link.author = (
                    type(author)
                    .objects.filter(
                        translation_key=author.translation_key,
                        locale_id=self.locale_id,
                    )
                    .first()
                    or author
                )

    def listing_tags(self, view_name, route_kwargs):
        # Nothing listed: an author box's change purges p:<article> (people).
        return set()

    def purge_tags(self):
        from .purges import article_purge_tags

        return change_tags(self) | article_purge_tags(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["suggested"] = _suggestions()(article=self)
        # Apps above this one add to the page (podcasts: "Listen" links).
        for add_context in hooks.get_hooks("caravan_article_context"):
            add_context(self, request, context)
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

    # A list of people by name (the article form orders it), not a page chooser.
    panels = [FieldPanel("author", widget=forms.Select)]

    class Meta(Orderable.Meta):
        unique_together = [("article", "author")]


class HomeFeature(Orderable):
    """A featured slot on a home page: an article, until an optional moment."""

    home = ParentalKey(HomePage, related_name="features", on_delete=models.CASCADE)
    article = models.ForeignKey(
        ArticlePage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("story"),
    )
    until = models.DateTimeField(
        _("featured until"),
        null=True,
        blank=True,
        help_text=_("Optional: the slot empties itself at this moment."),
    )

    panels = [FieldPanel("article"), FieldPanel("until")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured story")
        verbose_name_plural = _("featured stories")

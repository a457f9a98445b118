from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from caravan.web.pages import ServedPage, change_tags
from caravan.web.routing import ChildRouteMixin


class PeopleIndexPage(ServedPage, ChildRouteMixin, Page):
    """ "Our People": the staff and contributors."""

    introduction = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["people.AuthorPage"]
    max_count_per_parent = 1

    @property
    def child_route_model(self):
        return AuthorPage

    class Meta:
        verbose_name = _("people index page")

    def get_context(self, request, *args, **kwargs):
        from .selectors import authors_for_index

        context = super().get_context(request, *args, **kwargs)
        context["staff"], context["contributors"] = authors_for_index(index_page=self)
        return context


class AuthorLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, help_text=_("e.g. X, LinkedIn, Website"))
    url = blocks.URLBlock()


class AuthorPage(ServedPage, RoutablePageMixin, Page):
    """An author's public profile; the page lists their articles, paginated."""

    role = models.CharField(
        max_length=120, blank=True, help_text=_("e.g. Senior Editor and Contributor")
    )
    is_staff = models.BooleanField(
        default=False,
        help_text=_("Staff are listed before contributors on Our People."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = RichTextField(blank=True, features=["bold", "italic", "link"])
    # Given and family name, for sorting and structured data; the page title is
    # the name as shown (a WordPress author's display name).
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    email = models.EmailField(blank=True)  # public: shown on the profile
    # Never shown on the site: the newsroom's address for the author (an
    # imported WordPress account's e-mail, which WordPress never published).
    private_email = models.EmailField(
        _("private e-mail"),
        blank=True,
        help_text=_("Not shown on the site."),
    )
    links = StreamField([("link", AuthorLinkBlock())], blank=True)
    # The newsroom account that writes as this author: the byline a new article
    # starts with (a ForeignKey: each language's profile names the same account).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profiles",
        verbose_name=_("admin account"),
        help_text=_(
            "The account this person logs in with: their new articles carry "
            "this byline by default."
        ),
    )
    # Where an author came from (WordPress login), so old /author/<login>/ URLs resolve.
    legacy_login = models.CharField(max_length=120, blank=True, db_index=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("role"),
        index.SearchField("bio"),
    ]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
                FieldPanel("private_email"),
                FieldPanel("user"),
                FieldPanel("role"),
                FieldPanel("is_staff"),
                FieldPanel("photo"),
                FieldPanel("bio"),
            ],
            heading=_("Profile"),
        ),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("links")], heading=_("Links")),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("legacy_login")]
    parent_page_types = ["people.PeopleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("author")

    @property
    def name(self) -> str:
        return self.title

    def listing_tags(self, view_name, route_kwargs):
        from caravan.news.purges import byline_tag

        return {byline_tag(self.pk)}

    def purge_tags(self):
        """Their articles show an author box with name, photo and bio."""
        from caravan.news.models import ArticleAuthor

        return change_tags(self) | {
            f"p:{pk}"
            for pk in ArticleAuthor.objects.filter(author_id=self.pk).values_list(
                "article_id", flat=True
            )
        }

    @path("")
    def articles(self, request):
        from caravan.core.pagination import paginate_for_request
        from caravan.news.purges import byline_tag
        from caravan.news.selectors import articles_by_author, next_publication

        page = paginate_for_request(
            request,
            articles_by_author(author=self),
            count_tags=[byline_tag(self.pk)],
            expires=next_publication,
        )
        context = {"page_obj": page}
        # Apps above this one add to the page (podcasts: shows and episodes).
        for add_context in hooks.get_hooks("caravan_author_context"):
            add_context(self, request, context)
        return self.render(request, context_overrides=context)

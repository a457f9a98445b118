"""A podcast show (its page is the episodes' archive and has the feed) and its
episodes, Wagtail pages that publish, schedule and go through review like
articles."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from caravan.web.pages import ServedPage, change_tags

from . import audio, transcript
from .categories import CATEGORY_CHOICES

ARTWORK_MIN, ARTWORK_MAX = 1400, 3000  # Apple Podcasts' bounds, in pixels
# The Podcast Index's namespace for podcast:guid (a UUIDv5 of the feed URL).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def _stored(page, field: str):
    if page.pk is None:
        return None
    return type(page).objects.filter(pk=page.pk).values_list(field, flat=True).first()


def feed_guid(show) -> uuid.UUID | None:
    """The Podcast Index's podcast:guid: a UUIDv5 of the feed URL without its
    scheme and trailing slash."""
    url = show.get_full_url() if show.url_path else None
    if not url:
        return None
    address = (url + "rss").split("://", 1)[-1].rstrip("/")
    return uuid.uuid5(PODCAST_GUID_NAMESPACE, address)


class PodcastShowPage(ServedPage, RoutablePageMixin, Page):
    """A show: its page lists the episodes; ``rss/`` is what podcast apps read."""

    description = models.TextField(
        help_text=_("What the show is about; podcast apps show it (plain text).")
    )
    artwork = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Square JPEG or PNG, 1400 to 3000 pixels a side."),
    )
    # No choices: the site's languages are a setting (a migration must not
    # depend on it); checked in clean().
    language = models.CharField(
        max_length=12, default="en", help_text=_("The show's language code: en, ru…")
    )
    category = models.CharField(
        _("Apple Podcasts category"),
        max_length=80,
        choices=CATEGORY_CHOICES,
        default="News|Politics",
    )
    explicit = models.BooleanField(default=False)
    owner_name = models.CharField(max_length=120)
    owner_email = models.EmailField(
        help_text=_("In the feed: podcast directories write here to verify the show.")
    )
    hosts = ParentalManyToManyField("people.AuthorPage", blank=True, related_name="+")
    # One section for the whole show, not one per episode: a show is a column
    # with one subject, and its episodes are listed where its readers look.
    section = models.ForeignKey(
        "news.SectionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional: the section whose page lists the show's newest episodes "
            "(and the sections above it)."
        ),
    )
    copyright = models.CharField(max_length=200, blank=True)
    feed_locked = models.BooleanField(
        _("locked"),
        default=True,
        help_text=_("Tell other platforms not to import the show (podcast:locked)."),
    )
    # Set once, from the first feed URL: apps follow the show by it, even when
    # its URL changes.
    podcast_guid = models.UUIDField(null=True, editable=False)

    search_fields = [*Page.search_fields, index.SearchField("description")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("artwork"),
        FieldPanel("hosts"),
        FieldPanel("section"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("language"), FieldPanel("category")]),
                FieldRowPanel([FieldPanel("owner_name"), FieldPanel("owner_email")]),
                FieldRowPanel([FieldPanel("explicit"), FieldPanel("feed_locked")]),
                FieldPanel("copyright"),
            ],
            heading=_("Directory listing"),
        ),
    ]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["podcasts.PodcastEpisodePage"]

    class Meta:
        verbose_name = _("podcast show")

    def clean(self):
        super().clean()
        if self.language not in dict(settings.LANGUAGES):
            raise ValidationError(
                {
                    "language": _("Use one of the site's languages: %s.")
                    % ", ".join(dict(settings.LANGUAGES))
                }
            )
        image = self.artwork
        if image is not None and (
            image.width != image.height or not ARTWORK_MIN <= image.width <= ARTWORK_MAX
        ):
            raise ValidationError(
                {
                    "artwork": _(
                        "Podcast apps need square artwork, %(min)d to %(max)d "
                        "pixels a side; this one is %(w)d × %(h)d."
                    )
                    % {
                        "min": ARTWORK_MIN,
                        "max": ARTWORK_MAX,
                        "w": image.width,
                        "h": image.height,
                    }
                }
            )
        self._section_in_own_language()
        if self.section is not None and self.section.locale_id != self.locale_id:
            raise ValidationError(
                {"section": _("Choose a section in the show's language.")}
            )

    def _section_in_own_language(self):
        """A translated show is copied with the original's section: it names
        the section's translation in the show's language when there is one
        (an archive lists only episodes in its own language)."""
        section = self.section
        if section is None or self.locale_id is None:
            return
        if section.locale_id != self.locale_id:
            self.section = (
                type(section)
                .objects.filter(
                    translation_key=section.translation_key, locale_id=self.locale_id
                )
                .first()
                or section
            )

    def save(self, *args, **kwargs):
        self._section_in_own_language()
        if self.podcast_guid is None:
            # Kept from the stored row (a revision made before it was set has
            # none), else made from the feed's first URL.
            self.podcast_guid = _stored(self, "podcast_guid") or feed_guid(self)
        super().save(*args, **kwargs)

    def listing_tags(self, view_name, route_kwargs):
        return {f"list:{self.path}"}  # an episode's change purges it

    def purge_tags(self):
        from .purges import show_purge_tags

        # The home page links shows; hosts' author pages list them.
        return change_tags(self) | {"chrome"} | show_purge_tags(self)

    def episodes(self):
        return (
            PodcastEpisodePage.objects.child_of(self)
            .live()
            .order_by("-date_published", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        from .structured import show_head

        context = super().get_context(request, *args, **kwargs)
        context["podcast_head"] = show_head(self, request)
        return context

    @path("")
    def archive(self, request):
        from caravan.core.pagination import paginate_for_request

        page_obj = paginate_for_request(
            request, self.episodes(), count_tags=[f"list:{self.path}"]
        )
        return self.render(request, context_overrides={"page_obj": page_obj})

    @path("rss/", name="feed")
    def feed(self, request):
        from .feed import feed_response

        return feed_response(self, request)


class EpisodeTag(TaggedItemBase):
    """The site's tags (shared with articles): an episode is listed on their
    archives."""

    content_object = ParentalKey(
        "podcasts.PodcastEpisodePage",
        related_name="tagged_items",
        on_delete=models.CASCADE,
    )


class PodcastEpisodePage(ServedPage, RoutablePageMixin, Page):
    class EpisodeType(models.TextChoices):
        FULL = "full", _("Full episode")
        TRAILER = "trailer", _("Trailer")
        BONUS = "bonus", _("Bonus")

    summary = models.TextField(
        blank=True, help_text=_("One or two sentences: the feed's description.")
    )
    episode_number = models.PositiveIntegerField(null=True, blank=True)
    season_number = models.PositiveIntegerField(null=True, blank=True)
    episode_type = models.CharField(
        max_length=10, choices=EpisodeType.choices, default=EpisodeType.FULL
    )
    date_published = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave empty to use the moment the episode first goes live."),
    )
    audio_file = models.FileField(
        upload_to="podcasts/",
        blank=True,
        validators=[FileExtensionValidator(["mp3", "m4a", "mp4", "aac"])],
        help_text=_("An MP3 or M4A file; or give its URL below."),
    )
    audio_url = models.URLField(
        _("audio URL"),
        max_length=500,
        blank=True,
        help_text=_(
            "Where the audio is hosted elsewhere; its size and type are read on save."
        ),
    )
    audio_length = models.PositiveBigIntegerField(editable=False, default=0)
    audio_type = models.CharField(max_length=40, editable=False, blank=True)
    duration = models.PositiveIntegerField(
        _("duration (seconds)"), null=True, blank=True
    )
    explicit = models.BooleanField(default=False)
    show_notes = RichTextField(
        blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    guests = ParentalManyToManyField("people.AuthorPage", blank=True, related_name="+")
    related_articles = ParentalManyToManyField(
        "news.ArticlePage", blank=True, related_name="podcast_episodes"
    )
    tags = ClusterTaggableManager(through=EpisodeTag, blank=True)
    # The articles' countries: the country archives list the episode.
    countries = ParentalManyToManyField(
        "news.Country", blank=True, related_name="podcast_episodes"
    )
    transcript = models.TextField(
        blank=True,
        help_text=_(
            "One passage a line, each optionally starting with its time: "
            "[00:01:05] Speaker: text"
        ),
    )
    chapters = models.TextField(
        blank=True, help_text=_("One chapter a line: 00:00 Introduction")
    )
    # The feed's <guid>: set when the episode is first saved and never again
    # (an imported episode keeps its old feed's), so an edit is never a new episode.
    guid = models.CharField(max_length=255, editable=False, blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("show_notes"),
        index.SearchField("transcript"),
        index.FilterField("date_published"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("audio_file"),
                FieldPanel("audio_url"),
                FieldPanel("duration"),
            ],
            heading=_("Audio"),
        ),
        FieldRowPanel(
            [
                FieldPanel("season_number"),
                FieldPanel("episode_number"),
                FieldPanel("episode_type"),
            ]
        ),
        FieldRowPanel([FieldPanel("date_published"), FieldPanel("explicit")]),
        FieldPanel("show_notes"),
        FieldPanel("guests"),
        FieldPanel("related_articles"),
        FieldPanel("tags"),
        FieldPanel("countries", widget=forms.CheckboxSelectMultiple),
        FieldPanel("chapters"),
        FieldPanel("transcript"),
    ]
    parent_page_types = ["podcasts.PodcastShowPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("podcast episode")

    def clean(self):
        super().clean()
        if bool(self.audio_file) == bool(self.audio_url):
            raise ValidationError(
                _("Give the episode's audio: upload a file or give its URL (not both).")
            )
        try:
            self.read_audio_facts()
        except audio.AudioError as error:
            field = "audio_file" if self.audio_file else "audio_url"
            raise ValidationError({field: str(error)}) from None

    def read_audio_facts(self, *, force=False):
        """Length and type for the enclosure, from the file or the URL (asked
        again only when the URL changed)."""
        if self.audio_file:
            self.audio_length, self.audio_type = audio.file_facts(self.audio_file)
        elif audio.facts_are_given():
            return
        elif self.audio_url and (force or self._audio_url_changed()):
            self.audio_length, self.audio_type = audio.url_facts(self.audio_url)
            self._probed_url = self.audio_url

    def _audio_url_changed(self) -> bool:
        if getattr(self, "_probed_url", None) == self.audio_url:
            return False
        if not self.audio_length or self.pk is None:
            return True
        stored = (
            PodcastEpisodePage.objects.filter(pk=self.pk)
            .values_list("audio_url", flat=True)
            .first()
        )
        return stored != self.audio_url

    def save(self, *args, **kwargs):
        if not self.guid:
            self.guid = _stored(self, "guid") or str(uuid.uuid4())
        if self.live and self.date_published is None:
            self.date_published = self.first_published_at or timezone.now()
        super().save(*args, **kwargs)

    def listing_tags(self, view_name, route_kwargs):
        return set()

    def purge_tags(self):
        from .purges import episode_purge_tags

        return episode_purge_tags(self)

    @property
    def show(self):
        return self.get_parent().specific_deferred

    @property
    def audio_href(self) -> str:
        return self.audio_file.url if self.audio_file else self.audio_url

    @cached_property
    def passages(self):
        return transcript.passages(self.transcript)

    @cached_property
    def chapter_list(self):
        return transcript.passages(self.chapters)

    def get_context(self, request, *args, **kwargs):
        from .structured import episode_head

        context = super().get_context(request, *args, **kwargs)
        show = self.get_parent().specific
        context["show"] = show
        context["podcast_head"] = episode_head(self, show, request)
        context["guest_list"] = list(self.guests.all())
        context["related"] = list(
            self.related_articles.live().filter(date_published__lte=timezone.now())
        )
        return context

    @path("")
    def episode(self, request):
        response = self.render(request)
        # The playback-speed control is a small static script; only episode
        # pages allow one (the public policy allows none).
        response._csp_replace = {"script-src": ["'self'"]}
        return response

    @path("transcript/", name="transcript")
    def transcript_vtt(self, request):
        from django.http import Http404, HttpResponse

        if not transcript.has_times(self.passages):
            raise Http404("No timed transcript")
        body = transcript.webvtt(self.passages, self.duration)
        return HttpResponse(body, content_type="text/vtt; charset=utf-8")

    @path("chapters/", name="chapters")
    def chapters_json(self, request):
        """Podcasting 2.0 JSON chapters (``podcast:chapters`` in the feed): a
        page route, so the page cache keeps it and an edit purges it."""
        from django.http import Http404, HttpResponse

        if not transcript.has_times(self.chapter_list):
            raise Http404("No timed chapters")
        return HttpResponse(
            transcript.json_chapters(self.chapter_list),
            content_type=transcript.JSON_CHAPTERS_TYPE,
        )


class EpisodeMatch(models.Model):
    """The articles an episode is suggested under, found by its content
    (``suggested``); kept apart from the page so a refresh is no new revision."""

    episode = models.OneToOneField(
        PodcastEpisodePage,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="match",
    )
    # [[article id, score], …], best first.
    articles = models.JSONField(default=list)
    # When they were found; empty: to find again (the scheduler).
    computed_at = models.DateTimeField(null=True, blank=True)

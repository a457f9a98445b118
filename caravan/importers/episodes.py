"""Podcast plugins' episode posts become podcast episodes (mixed into the
WordPress importer; the meta is read by :mod:`caravan.importers.podcasts`).

Where an episode goes: the show made from its Seriously Simple Podcasting
series, else from its PowerPress channel, else a "Podcast" show under the home
page. A show the importer finds (same slug under home) is used and never
changed; one it makes gets placeholder artwork and the site's owner details,
and the report says what to check. An episode already imported stays under the
show it is in now (an editor may have moved it).

The audio stays where it is (an external URL) with the length and type from the
meta: the import asks no server. The WordPress guid becomes the episode's feed
guid, so listeners' apps do not see the migrated episodes as new.

Old URLs: the post's permalinks, as for articles; the plugins' feed URLs
(``/feed/podcast/``, ``/feed/podcast/<series>/``, ``/series/<series>/feed/``,
``/feed/<channel>/``, ``/?feed=podcast``…) answer 301 to the show's ``rss/``.
"""

from __future__ import annotations

import dataclasses
import io
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.validators import validate_email
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

from caravan.podcasts.audio import facts_given
from caravan.podcasts.models import (
    ARTWORK_MIN,
    PodcastEpisodePage,
    PodcastShowPage,
)

from .html_to_blocks import plain_text, simple_rich_text
from .podcasts import SSP_SERIES_TAXONOMY, EnclosureError, EpisodeAudio, episode_audio

FEED_ROUTE = "rss/"
SERIES_FEED_PATHS = (
    "/feed/podcast/{slug}/",
    "/series/{slug}/feed/",
    "/series/{slug}/feed/podcast/",
    "/?feed=podcast&podcast_series={slug}",
)
MAIN_FEED_PATHS = ("/feed/podcast/", "/?feed=podcast")


class EpisodeImport:
    """Methods of the importer (``_Importer``) for podcast episodes."""

    def podcast_setup(self) -> None:
        self.shows: dict[tuple[str, str], PodcastShowPage] = {}
        self.new_show_hosts: dict[int, list] = {}  # shows this run made → hosts
        # Shows this run made → their episodes' primary categories' sections.
        self.new_show_sections: dict[int, Counter] = {}

    def import_post_or_episode(self, item) -> None:
        ident = f"{item.post_type} {item.post_id} “{item.title[:60]}”"
        try:
            audio = episode_audio(item.postmeta)
        except EnclosureError as error:
            self.report.podcast.append(
                f"{ident}: {error}; imported as an article, not an episode"
            )
            audio = None
        legacy = self.legacy_for("post", str(item.post_id))
        before = legacy.page.specific if legacy and legacy.page_id else None
        if audio is not None and audio.core and not self.core_enclosures:
            self.report.converted[
                (
                    "post with WordPress core's audio enclosure (no podcast "
                    "plugin's data)",
                    "an article; --enclosures-as-episodes makes it an episode",
                )
            ] += 1
            audio = None
        if audio is not None and before is not None:
            if not isinstance(before, PodcastEpisodePage):
                self.report.podcast.append(
                    f"{ident}: imported as an article before; left an article"
                )
                audio = None
        if audio is None:
            self.import_post(item)
            return
        self.import_episode(item, audio, before)

    def show_for(self, item, audio: EpisodeAudio) -> PodcastShowPage:
        from .wordpress import _slug, term_key

        series = [t for t in item.terms if t.domain == SSP_SERIES_TAXONOMY]
        if series:
            origin = "series"
            key = term_key(series[0].slug, series[0].name)
            name = series[0].name or key
        elif audio.channel:
            origin, key = "channel", audio.channel
            name = audio.channel.replace("-", " ").replace("_", " ").title()
        else:
            origin, key, name = "main", "podcast", "Podcast"
        if (origin, key) in self.shows:
            return self.shows[(origin, key)]
        # The show an earlier import made or used, wherever an editor moved it
        # and whatever its slug is now; else one at the slug; else a new one.
        slug = _slug(key, name)
        record = self.legacy_for("show", f"{origin}:{key}")
        show = record.page.specific if record and record.page_id else None
        if not isinstance(show, PodcastShowPage):
            show = PodcastShowPage.objects.child_of(self.home).filter(slug=slug).first()
        if show is None:
            show = self.make_show(slug, name, origin, key)
        else:
            show = show.specific
            self.report.podcast.append(
                f"show “{show.title}” ({show.url_path[len(self.home.url_path) - 1 :]})"
                ": already there, used as it is"
            )
        self.shows[(origin, key)] = show
        self.remember("show", f"{origin}:{key}", page=show, slug=show.slug)
        self.show_feed_redirects(show, origin, key)
        return show

    def make_show(self, slug: str, name: str, origin: str, key: str):
        description = ""
        if origin == "series":
            for term in self.scan.terms:
                if term.taxonomy == SSP_SERIES_TAXONOMY and term.slug == key:
                    description = plain_text(term.description)
        channel = self.scan.channel
        show = PodcastShowPage(
            title=name[:255],
            slug=self.unique_slug(self.home, slug),
            description=description or plain_text(channel.description) or name,
            artwork=self.placeholder_artwork(name),
            language=self.show_language(),
            owner_name=(channel.title or self.site.site_name or name)[:120],
            owner_email=self.owner_email(),
        )
        show.live = False
        self.home.add_child(instance=show)
        show.save_revision(clean=False).publish()
        show.refresh_from_db()
        self.new_show_hosts[show.pk] = []
        made_from = {
            "series": f"the Seriously Simple Podcasting series “{key}”",
            "channel": f"the PowerPress channel “{key}”",
            "main": "episodes in no series or channel",
        }[origin]
        self.report.podcast.append(
            f"show “{show.title}” created at {show.url}, for {made_from}: its "
            f"artwork is a placeholder and its owner e-mail is {show.owner_email}; "
            "check both, and the category, before directories read the feed"
        )
        return show

    def placeholder_artwork(self, name: str):
        buffer = io.BytesIO()
        PILImage.new("RGB", (ARTWORK_MIN, ARTWORK_MIN), (60, 60, 70)).save(
            buffer, "PNG"
        )
        image = get_image_model()(
            title=f"{name} (placeholder artwork)",
            file=ImageFile(buffer, name=f"podcast-{slugify(name) or 'show'}.png"),
        )
        image.save()
        self.files_written.append(image.file.name)
        return image

    def show_language(self) -> str:
        languages = dict(settings.LANGUAGES)
        wanted = (self.scan.channel.language or "").split("-")[0].lower()
        if wanted in languages:
            return wanted
        code = settings.LANGUAGE_CODE.split("-")[0]
        return code if code in languages else next(iter(languages), "en")

    def owner_email(self) -> str:
        for author in self.scan.authors:
            try:
                validate_email(author.email)
            except ValidationError:
                continue
            return author.email
        return f"podcast@{self.site.hostname}"

    def show_feed_redirects(self, show, origin: str, key: str) -> None:
        paths = {
            "series": [p.format(slug=key) for p in SERIES_FEED_PATHS],
            "channel": [f"/feed/{key}/"],
            "main": list(MAIN_FEED_PATHS),
        }[origin]
        for old in paths:
            self.feed_redirect(old, show)
        if origin == "series":
            self.redirect(f"/series/{key}/", page=show, primary=False)

    def feed_redirect(self, old: str, show) -> None:
        if "?" in old:
            # Served by LegacyRedirectMiddleware (a query string on the home
            # page is no 404): a LegacyItem naming the show and its route.
            norm = Redirect.normalise_path(old)
            self.remember(
                "redirect", norm, page=show, old_path=norm, target_url=FEED_ROUTE
            )
        else:
            self.redirect(old, page=show, route=FEED_ROUTE, primary=False)

    def import_episode(self, item, audio: EpisodeAudio, before) -> None:
        from . import wordpress as wp

        show = self.show_for(item, audio)
        parent = before.get_parent() if before is not None else show
        author = self.authors.get(item.creator)
        # Tags (and custom taxonomies, as for articles) but not the series,
        # which is the show; an episode has no section (its show may have one).
        tags = self.post_tags(
            dataclasses.replace(
                item,
                terms=[t for t in item.terms if t.domain != SSP_SERIES_TAXONOMY],
            )
        )
        if item.categories:
            self.report.drop(
                "category of an episode",
                "episodes have no sections (tags are kept); a show this import "
                "makes is filed under its episodes' most used category",
            )
        slug = wp._slug(item.post_name, item.title)
        title = (plain_text(item.title) or f"Untitled {item.post_id}")[:255]
        ident = f"post {item.post_id} “{title[:60]}”"
        source = wp.item_source(item)
        source["audio"] = [
            audio.url,
            audio.length,
            audio.mime,
            audio.duration,
            audio.season,
            audio.number,
            audio.episode_type,
            audio.explicit,
        ]

        def build():
            fields = {
                "title": title,
                "slug": slug,
                "summary": plain_text(item.excerpt),
                "show_notes": simple_rich_text(item.content),
                "audio_url": audio.url,
                "audio_length": audio.length or 0,
                "audio_type": audio.mime,
                "duration": audio.duration,
                "season_number": audio.season,
                "episode_number": audio.number,
                "episode_type": audio.episode_type or "full",
                "explicit": audio.explicit,
                "date_published": item.date_gmt,
            }
            if item.guid:
                fields["guid"] = item.guid[:255]
            return fields

        def prepare(page, owned):
            # What the importer set last time is replaced; an editor's tags stay.
            before = set(owned.get("tags", []))
            keep = [t for t in page.tags.all() if t.name not in before]
            page.tags.set([*keep, *(t for t in tags if t not in keep)])
            owned["tags"] = sorted(t.name for t in tags)

        with facts_given():
            page, _ = self.save_page(
                kind="post",
                key=str(item.post_id),
                wp_id=item.post_id,
                parent=parent,
                page_cls=PodcastEpisodePage,
                build=build,
                source=source,
                refs=[show.pk, [t.pk for t in tags]],
                prepare=prepare,
                status=item.status,
                go_live_at=item.date_gmt,
                password=item.post_password,
                old_path=wp._path(item.link),
                slug=slug,
                legacy_id=self.legacy_id(item),
                label=title,
            )
        if page is None:
            return
        self.report.converted[("post with podcast audio", "podcast episode")] += 1
        for note in audio.notes:
            self.report.podcast.append(f"{ident}: {note}")
        if audio.length is None:
            self.report.podcast.append(
                f"{ident}: the audio's length is not in the {audio.meta_key} meta: "
                "unknown, the feed says 0 until the episode is saved in the admin "
                "(which asks the audio's server)"
            )
        if item.postmeta.get("date_recorded", "").strip():
            self.report.drop("date_recorded of an episode", "Caravan keeps none")
        if author is not None and show.pk in self.new_show_hosts:
            hosts = self.new_show_hosts[show.pk]
            if author not in hosts:
                hosts.append(author)
        if show.pk in self.new_show_hosts and any(
            self.category_key(t) in self.sections for t in item.categories
        ):
            primary = self.post_sections(item)[0]  # a category's, never the fallback
            self.new_show_sections.setdefault(show.pk, Counter())[primary] += 1
        self.pages_by_wp_id[item.post_id] = page
        self.post_redirects(item, page)

    def finish_podcasts(self) -> None:
        """The hosts of the shows this run made (the episodes' WordPress
        authors) and their section (the section of their episodes' most used
        primary category: its page lists them), and the main feed's old URLs
        when no episode was outside a series: they go to the first show."""
        for show in self.shows.values():
            hosts = self.new_show_hosts.get(show.pk)
            sections = self.new_show_sections.get(show.pk)
            if hosts:
                show.hosts = hosts
            if sections:
                show.section = sections.most_common(1)[0][0]
                self.report.podcast.append(
                    f"show “{show.title}” filed under the section "
                    f"“{show.section.title}”"
                )
            if hosts or sections:
                show.save_revision(clean=False).publish()
        if self.shows and ("main", "podcast") not in self.shows:
            first = next(iter(self.shows.values()))
            for old in MAIN_FEED_PATHS:
                self.feed_redirect(old, first)
            self.report.podcast.append(
                f"the main podcast feed's old URLs go to “{first.title}”"
            )

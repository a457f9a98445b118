"""Podcast plugins' episode posts (Seriously Simple Podcasting, PowerPress /
core enclosures) become podcast episodes: the audio stays where it is, with the
meta's length and type (no network), guids are kept, old permalinks and old
feed URLs answer 301, and a re-import keeps an editor's changes."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.contrib.redirects.models import Redirect

from caravan.importers.podcasts import (
    EnclosureError,
    episode_audio,
    parse_duration,
    parse_enclosure,
)
from caravan.importers.wordpress import wordpress_import
from caravan.news.models import ArticlePage
from caravan.news.tests import factories
from caravan.podcasts.models import PodcastEpisodePage, PodcastShowPage

from .conftest import DATA

SOURCE = DATA / "podcast-plugins.xml"


@pytest.fixture
def imported(db):
    home = factories.make_home()
    report = wordpress_import(path=SOURCE, progress=False)
    return {"home": home, "report": report, "text": report.as_text()}


def episode(slug) -> PodcastEpisodePage:
    return PodcastEpisodePage.objects.get(slug=slug)


def test_ssp_and_powerpress_posts_become_episodes(imported):
    herders = episode("herders-and-the-drought")
    assert herders.live
    assert herders.audio_url == "https://media.steppe.example/ssp/herders.mp3"
    assert (herders.audio_length, herders.audio_type) == (30081024, "audio/mpeg")
    assert herders.duration == 31 * 60 + 20
    assert (herders.season_number, herders.episode_number) == (2, 5)
    assert herders.episode_type == "bonus"
    assert herders.summary == "Herders on the dry summer."
    assert "<b>herders</b>" in herders.show_notes
    assert herders.guid == "https://steppe.example/?post_type=podcast&p=501"
    series = herders.get_parent().specific
    assert isinstance(series, PodcastShowPage)
    assert (series.title, series.slug) == ("Steppe Voices", "steppe-voices")
    assert series.description == "Interviews from the region."
    assert [h.title for h in series.hosts.all()] == ["Aigerim S."]
    assert [t.name for t in herders.tags.all()] == ["Drought"]  # not the series

    railway = episode("the-new-railway")
    assert railway.audio_url == "https://media.steppe.example/pp/ep7.mp3"
    assert (railway.audio_length, railway.audio_type) == (24576000, "audio/mpeg")
    assert railway.duration == 42 * 60 + 5
    assert (railway.episode_number, railway.episode_type) == (7, "full")
    assert railway.guid == "https://steppe.example/?p=502"
    main = railway.get_parent().specific
    assert (main.title, main.slug) == ("Podcast", "podcast")
    assert main.get_parent().pk == imported["home"].pk
    assert "show “Steppe Voices” created at" in imported["text"]
    assert "its artwork is a placeholder" in imported["text"]
    # An ordinary post with a video enclosure stays an article.
    assert ArticlePage.objects.filter(slug="video-of-the-opening").exists()


def test_a_new_show_is_filed_under_its_episodes_category(client, imported):
    railway = episode("the-new-railway")  # a post in the "News" category
    main = railway.get_parent().specific
    assert main.section is not None and main.section.slug == "news"
    assert "show “Podcast” filed under the section “News”" in imported["text"]
    page = client.get(main.section.url).content.decode()
    assert f'<a href="{railway.url}">{railway.title}</a>' in page
    # The series' episodes are in no category: that show is in no section.
    herders = episode("herders-and-the-drought")
    assert herders.get_parent().specific.section is None


def test_a_core_enclosure_is_an_episode_only_when_asked(db):
    factories.make_home()
    report = wordpress_import(path=SOURCE, progress=False)
    assert ArticlePage.objects.filter(slug="the-concert").exists()
    assert "--enclosures-as-episodes makes it an episode" in report.as_text()
    wordpress_import(path=SOURCE, progress=False, core_enclosures=True)
    # Imported as an article before: it stays one (reported).
    assert ArticlePage.objects.filter(slug="the-concert").exists()


def test_core_enclosures_as_episodes(db):
    factories.make_home()
    wordpress_import(path=SOURCE, progress=False, core_enclosures=True)
    concert = episode("the-concert")
    assert (concert.audio_length, concert.get_parent().slug) == (5000, "podcast")


def test_unknown_length_is_recorded_and_reported(imported):
    short = episode("a-short-word")
    assert (short.audio_length, short.audio_type) == (0, "audio/x-m4a")
    assert short.duration == 125
    assert short.get_parent().slug == "podcast"
    assert (
        "post 504 “A short word from the editor”: the audio's length is not in "
        "the audio_file meta: unknown" in imported["text"]
    )


def test_a_malformed_enclosure_is_reported_and_the_post_kept(imported):
    text = imported["text"]
    assert (
        "post 503 “The broken enclosure”: enclosure meta has no http(s) URL on "
        "its first line (ep8.mp3); imported as an article, not an episode" in text
    )
    assert ArticlePage.objects.get(slug="broken-enclosure").live
    assert not imported["report"].failures


def test_the_feeds_read_the_episodes(client, imported):
    railway = episode("the-new-railway")
    feed = client.get(railway.get_parent().url + "rss/").content.decode()
    assert 'url="https://media.steppe.example/pp/ep7.mp3"' in feed
    assert 'length="24576000"' in feed
    assert ">https://steppe.example/?p=502</guid>" in feed


@pytest.mark.parametrize(
    ("old", "show_slug"),
    [
        ("/feed/podcast/", "podcast"),
        ("/?feed=podcast", "podcast"),
        ("/feed/podcast/steppe-voices/", "steppe-voices"),
        ("/series/steppe-voices/feed/", "steppe-voices"),
        ("/?feed=podcast&podcast_series=steppe-voices", "steppe-voices"),
    ],
)
def test_old_feed_urls_answer_301_to_the_shows_feed(client, imported, old, show_slug):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == f"/{show_slug}/rss/"
    assert client.get(response["Location"]).status_code == 200


def test_old_episode_permalinks_answer_301(client, imported):
    for old, slug in [
        ("/podcast/herders-and-the-drought/", "herders-and-the-drought"),
        ("/2024/04/04/the-new-railway/", "the-new-railway"),
        ("/?p=502", "the-new-railway"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == episode(slug).url
    assert client.get("/series/steppe-voices/")["Location"] == "/steppe-voices/"


def test_a_reimport_keeps_an_edited_episode(imported, tmp_path):
    editor = get_user_model().objects.create_user(
        "editor", password="x", is_staff=True, is_superuser=True
    )
    page = episode("the-new-railway")
    page.title = "Episode 7: The new railway (corrected)"
    page.save_revision(user=editor).publish(user=editor)
    changed = tmp_path / "changed.xml"
    changed.write_text(
        SOURCE.read_text(encoding="utf-8")
        .replace("The line from the border to the coast.", "The line, rewritten.")
        .replace("Two minutes on what comes next.", "Two minutes, rewritten."),
        encoding="utf-8",
    )
    report = wordpress_import(path=changed, progress=False)
    page = episode("the-new-railway")
    assert page.title == "Episode 7: The new railway (corrected)"
    assert "rewritten" not in page.show_notes
    assert ("post", "502 “Episode 7: The new railway”") in [
        (kind, ident) for kind, ident, _ in report.kept
    ]
    # The episode nobody edited follows WordPress; the shows are not made again.
    assert "rewritten" in episode("a-short-word").show_notes
    assert PodcastShowPage.objects.count() == 2
    assert episode("herders-and-the-drought").guid.endswith("p=501")
    # The same file again: nothing changes.
    again = wordpress_import(path=changed, progress=False)
    assert again.counts["post"].updated == 0
    assert Redirect.objects.filter(old_path="/feed/podcast").count() == 1


def test_a_renamed_show_gets_the_new_episodes_and_no_twin(imported, tmp_path):
    show = episode("herders-and-the-drought").get_parent().specific
    show.title, show.slug = "Voices of the Steppe", "voices"
    show.save_revision().publish()
    source = SOURCE.read_text(encoding="utf-8")
    first = source.index("  <item>")
    item = source[first : source.index("</item>", first) + len("</item>\n")]
    new = (
        item.replace("Herders and the drought", "Winter pastures")
        .replace("herders-and-the-drought", "winter-pastures")
        .replace("p=501", "p=599")
        .replace("<wp:post_id>501</wp:post_id>", "<wp:post_id>599</wp:post_id>")
    )
    changed = tmp_path / "new-episode.xml"
    changed.write_text(source.replace(item, item + new), encoding="utf-8")
    wordpress_import(path=changed, progress=False)
    assert episode("winter-pastures").get_parent().pk == show.pk
    assert PodcastShowPage.objects.count() == 2
    assert not PodcastShowPage.objects.filter(slug="steppe-voices").exists()


def test_enclosure_meta_parsing():
    audio = parse_enclosure("https://a.example/x.mp3\n\naudio/mp3\n")
    assert (audio.length, audio.mime) == (None, "audio/mpeg")
    assert (
        parse_enclosure("https://a.example/x.mp3\n12\naudio/mpeg\nnot php").duration
        is None
    )
    with pytest.raises(EnclosureError, match="empty"):
        parse_enclosure("  \n")
    with pytest.raises(EnclosureError, match="MP3 or M4A"):
        episode_audio({"enclosure": "https://a.example/x.ogg\n12\naudio/ogg"})
    assert (
        episode_audio({"enclosure": "https://a.example/x.pdf\n12\napplication/pdf"})
        is None
    )
    channel = episode_audio(
        {"_english:enclosure": "https://a.example/x.mp3\n9\naudio/mpeg"}
    )
    assert (channel.channel, channel.length) == ("english", 9)
    assert episode_audio({"title": "no audio"}) is None
    assert [parse_duration(v) for v in ("1:02:03", "62:03", "3723", "soon", "")] == [
        3723,
        3723,
        3723,
        None,
        None,
    ]

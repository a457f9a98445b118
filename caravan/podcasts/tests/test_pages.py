"""What readers get: the show's archive, the episode page (player, transcript,
chapters, structured data), its CSP, and the page cache's purges."""

import extruct
import pytest
from django.core.exceptions import ValidationError

from caravan.news.tests import factories as news

from . import factories

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_archive_lists_live_episodes_newest_first(client, podcast):
    page = html(client, podcast["show"].url)
    assert page.index("Trade routes") < page.index("The water question")
    assert "Unfinished" not in page
    assert f'href="{podcast["aigerim"].url}"' in page  # the host


def test_the_player_is_labelled_and_works_without_scripts(client, podcast):
    episode = podcast["episodes"][1]
    page = html(client, episode.url)
    audio = episode.audio_file.url
    assert (
        f'<audio id="episode-audio" class="player__audio" controls preload="metadata" '
        f'src="{audio}" aria-labelledby="player-title">' in page
    )
    assert (
        '<h2 id="player-title" class="player__title">Listen to the episode</h2>' in page
    )
    assert '<label for="playback-speed">Playback speed</label>' in page
    # Hidden until the script runs: no control that does nothing.
    assert '<p class="player__speed" data-speed hidden>' in page
    assert f'<a href="{audio}" download>Download (16 kB)</a>' in page


def test_transcript_and_chapters_with_their_times(client, podcast):
    episode = podcast["episodes"][1]
    page = html(client, episode.url)
    audio = episode.audio_file.url
    assert (
        f'<a class="seek" href="{audio}#t=65" data-seek="65"><time datetime="PT65S">1:05</time></a> '
        "Aigerim: That is all for today." in page
    )
    assert "<p>An untimed aside.</p>" in page
    assert (
        'data-seek="2"><time datetime="PT2S">0:02</time></a> The interview</li>' in page
    )
    assert '<section id="transcript"' in page
    assert 'href="https://example.org/">a report</a>' in page  # show notes
    assert f'href="{podcast["article"].url}">Elections in Kyrgyzstan</a>' in page


def test_structured_data_and_opengraph_audio(client, podcast):
    episode = podcast["episodes"][1]
    page = html(client, episode.url)
    data = extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
    found = next(d for d in data if d.get("@type") == "PodcastEpisode")
    assert found["name"] == "The water question"
    assert found["episodeNumber"] == 1
    assert found["partOfSeries"]["name"] == "Spotlight on Central Asia"
    media = found["associatedMedia"]
    assert media["contentUrl"].endswith(episode.audio_file.url)
    assert media["encodingFormat"] == "audio/mpeg"
    assert media["duration"] == "PT0H0M4S"
    assert found["actor"][0]["name"] == "Timur Rakhimov"
    assert (
        f'<meta property="og:audio" content="http://testserver{episode.audio_file.url}">'
        not in page
    )
    assert '<meta property="og:audio" content="http://localhost/media/podcasts/' in page
    series = extruct.extract(html(client, podcast["show"].url), syntaxes=["json-ld"])
    show = next(d for d in series["json-ld"] if d.get("@type") == "PodcastSeries")
    assert show["webFeed"].endswith(podcast["show"].url + "rss/")


def test_only_episode_pages_may_run_the_player_script(client, podcast):
    episode_url = podcast["episodes"][1].url
    for _ in range(2):  # rendered, then from the page cache
        response = client.get(episode_url)
        assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Cache"] == "HIT"
    assert (
        "script-src 'none'"
        in client.get(podcast["show"].url)["Content-Security-Policy"]
    )
    assert (
        '<script src="/static/podcasts/player.js" defer></script>'
        in response.content.decode()
    )


def test_a_new_episode_purges_the_archive_and_the_feed(client, podcast):
    show = podcast["show"]
    for url in (show.url, show.url + "rss/"):
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT"
    factories.make_episode(show, title="Fresh from the studio", age=news.timedelta(0))
    assert "Fresh from the studio" in html(client, show.url)
    assert "Fresh from the studio" in client.get(show.url + "rss/").content.decode()


def test_an_edit_purges_the_episode_page(client, podcast):
    episode = podcast["episodes"][0]
    client.get(episode.url)
    assert client.get(episode.url)["X-Cache"] == "HIT"
    episode.title = "Trade routes, corrected"
    episode.save_revision().publish()
    assert "Trade routes, corrected" in html(client, episode.url)


def test_a_show_edit_reaches_its_episode_pages(client, podcast):
    show, episode = podcast["show"], podcast["episodes"][0]
    client.get(episode.url)
    show.title = "Spotlight, renamed"
    show.save_revision().publish()
    assert "Spotlight, renamed" in html(client, episode.url)


@pytest.mark.parametrize("size", [(800, 800), (1400, 1000), (3200, 3200)])
def test_artwork_must_be_square_and_big_enough(podcast, size):
    show = podcast["show"]
    show.artwork = factories.make_artwork(size)
    with pytest.raises(ValidationError) as raised:
        show.clean()
    assert (
        "square artwork, 1400 to 3000 pixels" in raised.value.message_dict["artwork"][0]
    )


def test_the_language_is_one_of_the_sites(podcast):
    show = podcast["show"]
    show.language = "xx"
    with pytest.raises(ValidationError, match="site's languages"):
        show.clean()

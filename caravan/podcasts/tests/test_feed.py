"""The show's feed, checked against what Apple Podcasts and the Podcast Index
document as required, and read back by feedparser as podcast apps would."""

import io
import uuid

import feedparser
import pytest
from defusedxml import ElementTree as ET
from PIL import Image as PILImage

from caravan.podcasts.audio import ACCEPTED_TYPES
from caravan.podcasts.feed import NAMESPACES
from caravan.podcasts.models import PODCAST_GUID_NAMESPACE

pytestmark = pytest.mark.django_db
NS = NAMESPACES

# Apple Podcasts' required tags (podcasters.apple.com, "Podcast RSS feed
# requirements"), and the Podcast Index's guid and locked.
CHANNEL_REQUIRED = [
    "title",
    "description",
    "language",
    "link",
    "itunes:image",
    "itunes:category",
    "itunes:explicit",
    "itunes:author",
    "itunes:owner/itunes:email",
    "podcast:guid",
    "podcast:locked",
]
ITEM_REQUIRED = ["title", "enclosure", "guid", "pubDate", "itunes:duration"]


def feed_of(client, show):
    response = client.get(show.url + "rss/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    return response.content


def channel_of(content):
    return ET.fromstring(content).find("channel")


def test_every_required_tag_is_there(client, podcast):
    channel = channel_of(feed_of(client, podcast["show"]))
    for tag in CHANNEL_REQUIRED:
        element = channel.find(tag, NS)
        assert element is not None, tag
        assert element.text or element.get("href") or element.get("text"), tag
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [
        "Trade routes",
        "The water question",
    ]
    for item in items:
        for tag in ITEM_REQUIRED:
            assert item.find(tag, NS) is not None, tag
    assert channel.find("itunes:explicit", NS).text in ("true", "false")
    category = channel.find("itunes:category", NS)
    assert category.get("text") == "News"
    assert category.find("itunes:category", NS).get("text") == "Politics"
    locked = channel.find("podcast:locked", NS)
    assert (locked.text, locked.get("owner")) == ("yes", "podcast@example.org")


def test_the_draft_is_not_in_the_feed(client, podcast):
    titles = [
        i.findtext("title")
        for i in channel_of(feed_of(client, podcast["show"])).findall("item")
    ]
    assert "Unfinished" not in titles


def test_enclosure_is_the_file_itself(client, podcast):
    channel = channel_of(feed_of(client, podcast["show"]))
    for item, episode in zip(channel.findall("item"), podcast["episodes"], strict=True):
        enclosure = item.find("enclosure")
        assert enclosure.get("type") in ACCEPTED_TYPES
        assert int(enclosure.get("length")) == episode.audio_file.size > 0
        path = enclosure.get("url").removeprefix("http://localhost")
        assert path.startswith("/media/podcasts/")
        served = client.get(path)
        assert served.status_code == 200
        assert len(b"".join(served.streaming_content)) == int(enclosure.get("length"))


def test_artwork_meets_apples_rules(client, podcast):
    channel = channel_of(feed_of(client, podcast["show"]))
    href = channel.find("itunes:image", NS).get("href")
    assert href.endswith((".jpg", ".png"))
    served = client.get(href.removeprefix("http://localhost"))
    image = PILImage.open(io.BytesIO(b"".join(served.streaming_content)))
    assert image.format in ("JPEG", "PNG")
    assert image.width == image.height
    assert 1400 <= image.width <= 3000
    assert image.mode == "RGB"


def test_guids_are_stable_across_an_edit(client, podcast):
    show, episode = podcast["show"], podcast["episodes"][1]
    before = {
        i.findtext("title"): i.findtext("guid")
        for i in channel_of(feed_of(client, show)).findall("item")
    }
    episode.title = "The water question, revised"
    episode.summary = "Corrected."
    episode.save_revision().publish()
    after = {
        i.findtext("title"): i.findtext("guid")
        for i in channel_of(feed_of(client, show)).findall("item")
    }
    assert after["The water question, revised"] == before["The water question"]
    assert len(set(after.values())) == 2
    podcast_guid = channel_of(feed_of(client, show)).findtext(
        "podcast:guid", namespaces=NS
    )
    feed_address = f"localhost{show.url}rss"  # the feed URL without scheme
    assert podcast_guid == str(uuid.uuid5(PODCAST_GUID_NAMESPACE, feed_address))
    show.slug = "renamed"
    show.save_revision().publish()  # a move keeps it: apps follow the show by it
    show.refresh_from_db()
    assert (
        channel_of(feed_of(client, show)).findtext("podcast:guid", namespaces=NS)
        == podcast_guid
    )


def test_transcripts_and_people(client, podcast):
    channel = channel_of(feed_of(client, podcast["show"]))
    item = channel.findall("item")[1]
    transcripts = {
        t.get("type"): t.get("url") for t in item.findall("podcast:transcript", NS)
    }
    assert set(transcripts) == {"text/html", "text/vtt"}
    vtt = client.get(transcripts["text/vtt"].removeprefix("http://localhost"))
    assert vtt["Content-Type"] == "text/vtt; charset=utf-8"
    text = vtt.content.decode()
    assert text.startswith("WEBVTT")
    assert "00:00:02.000 --> 00:01:05.000\nTimur: Thanks for having me." in text
    guest = item.find("podcast:person", NS)
    assert (guest.text, guest.get("role")) == ("Timur Rakhimov", "guest")
    # The other episode has no transcript: no transcript tag, and no VTT page.
    assert channel.findall("item")[0].find("podcast:transcript", NS) is None
    assert client.get(podcast["episodes"][0].url + "transcript/").status_code == 404


def test_feedparser_reads_it_as_a_podcast(client, podcast):
    parsed = feedparser.parse(feed_of(client, podcast["show"]))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "Spotlight on Central Asia"
    assert not parsed.feed.itunes_explicit
    assert parsed.feed.image.href.endswith(".jpg")
    assert parsed.feed.publisher_detail.email == "podcast@example.org"
    first = parsed.entries[1]
    assert first.itunes_duration == "00:00:04"
    assert first.itunes_episode == "1"
    enclosure = first.enclosures[0]
    assert enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == podcast["episodes"][1].audio_file.size
    assert first.id == podcast["episodes"][1].guid
    assert 'href="https://example.org/"' in first.content[0].value


def test_head_answers_the_feed_without_a_body(client, podcast):
    url = podcast["show"].url + "rss/"
    full = client.get(url)
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == full["Content-Type"]


def test_the_page_links_the_feed(client, podcast):
    html = client.get(podcast["show"].url).content.decode()
    assert (
        f'type="application/rss+xml" title="Spotlight on Central Asia" href="{podcast["show"].url}rss/"'
        in html
    )


def test_json_chapters_are_linked_and_read_back(client, podcast):
    channel = channel_of(feed_of(client, podcast["show"]))
    feed_url = channel.find("atom:link", NS).get("href")
    assert channel.findtext("itunes:new-feed-url", namespaces=NS) == feed_url
    with_chapters, without = channel.findall("item")[1], channel.findall("item")[0]
    tag = with_chapters.find("podcast:chapters", NS)
    assert tag.get("type") == "application/json+chapters"
    assert without.find("podcast:chapters", NS) is None
    path = tag.get("url").removeprefix("http://localhost")
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json+chapters"
    assert response.json() == {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0, "title": "Introduction"},
            {"startTime": 2, "title": "The interview"},
        ],
    }
    # Cached like the episode's page, and purged by the episode's edit.
    assert client.get(path)["X-Cache"] == "HIT"
    episode = podcast["episodes"][1]
    episode.chapters = "00:00 Opening\n00:03 The interview"
    episode.save_revision().publish()
    assert client.get(path).json()["chapters"][0]["title"] == "Opening"
    # An episode without chapters has no chapters file.
    assert client.get(podcast["episodes"][0].url + "chapters/").status_code == 404

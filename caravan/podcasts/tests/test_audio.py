"""Audio at an external URL: its length and type read from a real local HTTP
server, and every way that can fail told to the editor in words."""

import socket
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from werkzeug import Response

from caravan.podcasts import audio
from caravan.podcasts.models import PodcastEpisodePage

MP3 = b"\xff\xfb\x10\xc4" + bytes(100)


def test_head_gives_length_and_type(httpserver):
    httpserver.expect_request("/ep1.mp3", method="HEAD").respond_with_data(
        MP3, content_type="audio/mpeg"
    )
    assert audio.url_facts(httpserver.url_for("/ep1.mp3")) == (len(MP3), "audio/mpeg")


def test_without_head_a_one_byte_range_gives_the_total(httpserver):
    httpserver.expect_request("/ep.m4a", method="HEAD").respond_with_data(
        "", status=405
    )
    httpserver.expect_request(
        "/ep.m4a", method="GET", headers={"Range": "bytes=0-0"}
    ).respond_with_data(
        b"\x00",
        status=206,
        headers={"Content-Range": "bytes 0-0/98765"},
        content_type="audio/x-m4a",
    )
    assert audio.url_facts(httpserver.url_for("/ep.m4a")) == (98765, "audio/x-m4a")


def test_a_generic_type_is_read_from_the_name_after_redirects(httpserver):
    httpserver.expect_request("/old", method="HEAD").respond_with_response(
        Response(status=302, headers={"Location": httpserver.url_for("/files/ep.mp3")})
    )
    httpserver.expect_request("/files/ep.mp3", method="HEAD").respond_with_data(
        MP3, content_type="application/octet-stream"
    )
    assert audio.url_facts(httpserver.url_for("/old")) == (len(MP3), "audio/mpeg")


@pytest.mark.parametrize(
    ("status", "content_type", "message"),
    [
        (404, "text/html", "answered HTTP 404"),
        (200, "text/html; charset=utf-8", "must be MP3 or M4A"),
    ],
)
def test_bad_answers_are_explained(httpserver, status, content_type, message):
    httpserver.expect_request("/ep.mp3").respond_with_data(
        "<html>nope</html>", status=status, content_type=content_type
    )
    with pytest.raises(audio.AudioError, match=message):
        audio.url_facts(httpserver.url_for("/ep.mp3"))


def test_a_server_that_never_answers_times_out(httpserver, monkeypatch):
    monkeypatch.setattr(audio, "PROBE_TIMEOUT", 0.3)

    def slow(request):
        time.sleep(1)
        return Response(MP3, content_type="audio/mpeg")

    httpserver.expect_request("/slow.mp3").respond_with_handler(slow)
    with pytest.raises(audio.AudioError, match="did not answer within"):
        audio.url_facts(httpserver.url_for("/slow.mp3"))


def test_nothing_listening_and_bad_schemes():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed when the block ends: refused
    with pytest.raises(audio.AudioError, match="could not be reached"):
        audio.url_facts(f"http://127.0.0.1:{port}/ep.mp3")
    with pytest.raises(audio.AudioError, match="http:// or https://"):
        audio.url_facts("ftp://example.org/ep.mp3")


@pytest.mark.django_db
def test_the_episode_form_shows_the_error_on_the_url_field(httpserver):
    httpserver.expect_request("/gone.mp3").respond_with_data("", status=410)
    episode = PodcastEpisodePage(
        title="Lost", slug="lost", audio_url=httpserver.url_for("/gone.mp3")
    )
    with pytest.raises(ValidationError) as raised:
        episode.clean()
    assert "answered HTTP 410" in raised.value.message_dict["audio_url"][0]


@pytest.mark.django_db
def test_the_url_is_asked_only_when_it_changes(httpserver):
    httpserver.expect_oneshot_request("/ep.mp3", method="HEAD").respond_with_data(
        MP3, content_type="audio/mpeg"
    )
    episode = PodcastEpisodePage(
        title="Hosted", slug="hosted", audio_url=httpserver.url_for("/ep.mp3")
    )
    episode.clean()
    episode.clean()  # a second validation of the same URL asks nothing
    assert (episode.audio_length, episode.audio_type) == (len(MP3), "audio/mpeg")
    httpserver.check_assertions()


@pytest.mark.django_db  # a page looks up its content type
def test_neither_or_both_sources_is_refused():
    with pytest.raises(ValidationError, match="upload a file or give its URL"):
        PodcastEpisodePage(title="Empty", slug="empty").clean()
    both = PodcastEpisodePage(
        title="Both",
        slug="both",
        audio_url="https://example.org/ep.mp3",
        audio_file=ContentFile(MP3, name="ep.mp3"),
    )
    with pytest.raises(ValidationError, match="upload a file or give its URL"):
        both.clean()

"""/media/ in the embedded default answers HEAD and byte ranges, as podcast
apps and players ask when they seek or resume."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def audio_path(podcast):
    episode = podcast["episodes"][0]
    with episode.audio_file.open("rb") as stored:
        return episode.audio_file.url, stored.read()


def body(response):
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_a_range_is_answered_with_206(client, audio_path):
    url, data = audio_path
    response = client.get(url, HTTP_RANGE="bytes=100-299")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-299/{len(data)}"
    assert response["Content-Length"] == "200"
    assert response["Content-Type"] == "audio/mpeg"
    assert body(response) == data[100:300]


def test_open_ended_and_suffix_ranges(client, audio_path):
    url, data = audio_path
    tail = client.get(url, HTTP_RANGE=f"bytes={len(data) - 10}-")
    assert (
        tail["Content-Range"] == f"bytes {len(data) - 10}-{len(data) - 1}/{len(data)}"
    )
    assert body(tail) == data[-10:]
    last = client.get(url, HTTP_RANGE="bytes=-4")
    assert body(last) == data[-4:]


def test_a_range_past_the_end_is_416(client, audio_path):
    url, data = audio_path
    response = client.get(url, HTTP_RANGE=f"bytes={len(data)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(data)}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "lines=1-2", "bytes=x-y"])
def test_other_ranges_get_the_whole_file(client, audio_path, header):
    url, data = audio_path
    response = client.get(url, HTTP_RANGE=header)
    assert response.status_code == 200
    assert body(response) == data


def test_if_range_with_an_old_date_gets_the_whole_file(client, audio_path):
    url, data = audio_path
    response = client.get(
        url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE="Thu, 01 Jan 1970 00:00:00 GMT"
    )
    assert response.status_code == 200
    assert body(response) == data


def test_head_says_the_size_and_that_ranges_work(client, audio_path):
    url, data = audio_path
    response = client.head(url)
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(data))
    assert response["Accept-Ranges"] == "bytes"
    ranged = client.head(url, HTTP_RANGE="bytes=0-0")
    assert ranged.status_code == 206
    assert ranged["Content-Range"] == f"bytes 0-0/{len(data)}"

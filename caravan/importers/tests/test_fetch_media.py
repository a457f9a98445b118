"""``--fetch-media`` downloads only from the export's own site and the hosts named
on the command line, within a size limit, only images, and follows redirects only
where it may go. Real HTTP servers on 127.0.0.1 (pytest-httpserver)."""

import io
import socket

import pytest
from PIL import Image as PILImage
from pytest_httpserver import HTTPServer
from wagtail.images import get_image_model
from werkzeug import Response

from caravan.importers import fetch
from caravan.importers.fetch import FetchRefused, MediaFetcher
from caravan.importers.wordpress import wordpress_import
from caravan.news.tests import factories

EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Fetch</title><link>{site}</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{site}</wp:base_site_url>
<wp:base_blog_url>{site}</wp:base_blog_url>
{attachments}
<item><title>Pictures</title><link>{site}/?p=1</link>
<content:encoded><![CDATA[{images}]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_name>pictures</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>"""
ATTACHMENT = """<item><title>{name}</title><link>{site}/?attachment_id={id}</link>
<wp:post_id>{id}</wp:post_id><wp:post_parent>1</wp:post_parent>
<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>{url}</wp:attachment_url></item>"""


def png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def other_server():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def export(tmp_path, site: str, urls: list[str]):
    attachments = "".join(
        ATTACHMENT.format(site=site, id=10 + i, name=f"image {i}", url=url)
        for i, url in enumerate(urls)
    )
    images = "".join(
        f'<img class="wp-image-{10 + i}" src="{u}">' for i, u in enumerate(urls)
    )
    path = tmp_path / "fetch.xml"
    path.write_text(
        EXPORT.format(site=site, attachments=attachments, images=images),
        encoding="utf-8",
    )
    return path


def host(server) -> str:
    return f"127.0.0.1:{server.port}"


def requested(server) -> list[str]:
    return [request.path for request, _ in server.log]


@pytest.fixture
def home(db):
    return factories.make_home()


def test_allowed_host_is_fetched_and_others_never_asked(
    home, tmp_path, httpserver, other_server
):
    httpserver.expect_request("/wp-content/uploads/a.png").respond_with_data(
        png(), content_type="image/png"
    )
    other_server.expect_request("/wp-content/uploads/b.png").respond_with_data(
        png(), content_type="image/png"
    )
    site = f"http://{host(httpserver)}"
    path = export(
        tmp_path,
        "https://steppe.example",
        [
            f"{site}/wp-content/uploads/a.png",
            f"http://{host(other_server)}/wp-content/uploads/b.png",
        ],
    )
    report = wordpress_import(
        path=path, progress=False, fetch_media=True, media_hosts=[host(httpserver)]
    )
    assert get_image_model().objects.count() == 1, report.as_text()
    assert requested(httpserver) == ["/wp-content/uploads/a.png"]
    assert requested(other_server) == []  # never asked
    text = report.as_text()
    assert "host 127.0.0.1 is not the export's site" in text or "not the export" in text


def test_the_exports_own_site_on_a_private_address_is_refused(
    home, tmp_path, httpserver
):
    """A hostile export calls an internal address its own site: refused unless
    the operator names the host."""
    httpserver.expect_request("/a.png").respond_with_data(
        png(), content_type="image/png"
    )
    site = f"http://{host(httpserver)}"
    path = export(tmp_path, site, [f"{site}/a.png"])
    report = wordpress_import(path=path, progress=False, fetch_media=True)
    assert "resolves to a non-public address (127.0.0.1)" in report.as_text()
    assert requested(httpserver) == []
    assert get_image_model().objects.count() == 0


@pytest.mark.parametrize("streamed", [False, True], ids=["content-length", "chunked"])
def test_oversized_body_is_refused(home, tmp_path, httpserver, streamed):
    big = png((1200, 1200)) + b"\0" * 300_000
    if streamed:
        httpserver.expect_request("/big.png").respond_with_response(
            Response(
                (big[i : i + 65536] for i in range(0, len(big), 65536)),
                content_type="image/png",
            )
        )
    else:
        httpserver.expect_request("/big.png").respond_with_data(
            big, content_type="image/png"
        )
    url = f"http://{host(httpserver)}/big.png"
    report = wordpress_import(
        path=export(tmp_path, "https://steppe.example", [url]),
        progress=False,
        fetch_media=True,
        media_hosts=[host(httpserver)],
        media_max_bytes=200_000,
    )
    assert "over the limit of 200000" in report.as_text()
    assert get_image_model().objects.count() == 0


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (
            b"<html>not an image</html>",
            "text/html",
            "Content-Type text/html is not an image",
        ),
        (b"<html>lying</html>", "image/png", "not an image"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
            "image/svg+xml",
            "not an image",
        ),
    ],
    ids=["html", "html-said-png", "svg"],
)
def test_non_image_body_is_refused(
    home, tmp_path, httpserver, body, content_type, reason
):
    httpserver.expect_request("/x.png").respond_with_data(
        body, content_type=content_type
    )
    url = f"http://{host(httpserver)}/x.png"
    report = wordpress_import(
        path=export(tmp_path, "https://steppe.example", [url]),
        progress=False,
        fetch_media=True,
        media_hosts=[host(httpserver)],
    )
    assert reason in report.as_text()
    assert get_image_model().objects.count() == 0


def test_redirects_only_where_allowed(home, tmp_path, httpserver, other_server):
    other_server.expect_request("/internal.png").respond_with_data(
        png(), content_type="image/png"
    )
    httpserver.expect_request("/away.png").respond_with_data(
        "",
        status=302,
        headers={"Location": f"http://{host(other_server)}/internal.png"},
    )
    httpserver.expect_request("/moved.png").respond_with_data(
        "", status=301, headers={"Location": "/here.png"}
    )
    httpserver.expect_request("/here.png").respond_with_data(
        png(), content_type="image/png"
    )
    httpserver.expect_request("/loop.png").respond_with_data(
        "", status=302, headers={"Location": "/loop.png"}
    )
    base = f"http://{host(httpserver)}"
    report = wordpress_import(
        path=export(
            tmp_path,
            "https://steppe.example",
            [f"{base}/away.png", f"{base}/moved.png", f"{base}/loop.png"],
        ),
        progress=False,
        fetch_media=True,
        media_hosts=[host(httpserver)],
    )
    text = report.as_text()
    assert requested(other_server) == []  # the redirect was refused before asking
    assert "is not the export's site" in text
    assert get_image_model().objects.count() == 1  # the redirect within the host
    assert "HTTP 302" in text  # the loop, cut after a few hops
    assert requested(httpserver).count("/loop.png") <= fetch.MAX_REDIRECTS + 1


def test_policy_checks_addresses_of_the_exports_hosts(monkeypatch):
    """The export's own host (and its subdomains) on public addresses only, also
    after the connection is made (a name that resolves differently later)."""

    def resolve(host, port, *args, **kwargs):
        address = {
            "steppe.example": "93.184.216.34",
            "media.steppe.example": "10.0.0.5",
        }
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address[host], port))]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", resolve)
    fetcher = MediaFetcher(site_urls=["https://steppe.example"])
    assert fetcher.policy.check("https://steppe.example/a.png") is False  # allowed
    with pytest.raises(FetchRefused, match="non-public address"):
        fetcher.policy.check("https://media.steppe.example/a.png")
    for url in (
        "file:///etc/passwd",
        "ftp://steppe.example/a.png",
        "https://user:pw@steppe.example/a.png",
        "https://evil.example/a.png",
        "https://steppe.example.evil.example/a.png",
    ):
        with pytest.raises(FetchRefused):
            fetcher.policy.check(url)

    class Sock:
        def getpeername(self):
            return ("169.254.169.254", 80)

        def close(self):
            pass

    with pytest.raises(FetchRefused, match="connected to a non-public address"):
        fetch._check_peer(Sock(), False, "steppe.example")
    fetch._check_peer(Sock(), True, "mirror.local")  # named by the operator

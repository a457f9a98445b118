"""Media on S3-compatible storage (MEDIA_S3_*), against a local S3 server over HTTP
(moto in server mode), the way several app machines share uploads."""

import io
import json
import urllib.request

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.images import ImageFile
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage
from wagtail.images import get_image_model

from caravan.settings.env import media_storage

from .support import free_port

KEYS = {"MEDIA_S3_ACCESS_KEY_ID": "caravan", "MEDIA_S3_SECRET_ACCESS_KEY": "secret"}


def test_without_a_bucket_media_stay_on_disk():
    # FileSystemStorage, documents routed to PRIVATE_MEDIA_ROOT.
    assert media_storage({}) == {"BACKEND": "caravan.security.storage.MediaStorage"}


def test_bucket_settings_from_the_environment():
    config = media_storage(
        {
            "MEDIA_S3_BUCKET": "news-media",
            "MEDIA_S3_ENDPOINT_URL": "https://s3.example.net",
            "MEDIA_S3_REGION": "eu-central-1",
            "MEDIA_S3_CUSTOM_DOMAIN": "https://media.example.com/",
            "MEDIA_S3_PREFIX": "/caravan/",
            **KEYS,
        }
    )
    options = config["OPTIONS"]
    assert config["BACKEND"] == "caravan.security.storage.S3MediaStorage"
    assert options["bucket_name"] == "news-media"
    assert options["custom_domain"] == "media.example.com"
    assert options["url_protocol"] == "https:"
    assert options["location"] == "caravan"
    assert options["file_overwrite"] is False
    assert options["querystring_auth"] is False


@pytest.mark.parametrize(
    "env, names",
    [
        (
            {"MEDIA_S3_BUCKET": "b", "MEDIA_S3_ACCESS_KEY_ID": "k"},
            "MEDIA_S3_SECRET_ACCESS_KEY",
        ),
        (
            {"MEDIA_S3_BUCKET": "b", "MEDIA_S3_ENDPOINT_URL": "s3.example.net"},
            "MEDIA_S3_ENDPOINT_URL",
        ),
        (
            {"MEDIA_S3_BUCKET": "b", "MEDIA_S3_SIGNED_URLS": "sometimes"},
            "MEDIA_S3_SIGNED_URLS",
        ),
    ],
)
def test_an_incomplete_configuration_names_the_variable(env, names):
    with pytest.raises(ImproperlyConfigured, match=names):
        media_storage(env)


@pytest.fixture
def s3_server():
    port = free_port()  # moto's server checks the port it is given
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["MEDIA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["MEDIA_S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket="caravan-media")
    # What docs/deploy.md tells the operator to do: readers may read pictures,
    # not list, and not read documents.
    client.put_bucket_policy(
        Bucket="caravan-media",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": [
                            "arn:aws:s3:::caravan-media/images/*",
                            "arn:aws:s3:::caravan-media/original_images/*",
                        ],
                    }
                ],
            }
        ),
    )
    try:
        yield endpoint, client
    finally:
        server.stop()


@pytest.mark.django_db
def test_images_and_renditions_go_to_the_bucket(s3_server, settings):
    endpoint, client = s3_server
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage(
            {
                "MEDIA_S3_BUCKET": "caravan-media",
                "MEDIA_S3_ENDPOINT_URL": endpoint,
                "MEDIA_S3_REGION": "us-east-1",
                **KEYS,
            }
        ),
    }
    picture = io.BytesIO()
    PILImage.new("RGB", (640, 360), (20, 90, 120)).save(picture, "JPEG")
    image = get_image_model().objects.create(
        title="Steppe", file=ImageFile(picture, name="steppe.jpg")
    )
    rendition = image.get_rendition("fill-320x180|format-webp")

    keys = {
        obj["Key"] for obj in client.list_objects_v2(Bucket="caravan-media")["Contents"]
    }
    assert image.file.name in keys
    assert rendition.file.name in keys
    # The URL the page would print is the bucket's, and it serves the rendition.
    assert rendition.url.startswith(f"{endpoint}/caravan-media/")
    with urllib.request.urlopen(rendition.url, timeout=10) as response:
        body = response.read()
    assert body[:4] == b"RIFF" and body[8:12] == b"WEBP"
    assert PILImage.open(io.BytesIO(body)).size == (320, 180)


@pytest.mark.django_db
def test_documents_are_private_and_reached_through_a_signed_url(
    s3_server, settings, client, admin_client
):
    """After Wagtail's permission check, a redirect to a URL signed for a minute;
    the object itself is private and has an unguessable name."""
    from urllib.parse import parse_qs, urlparse

    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    endpoint, s3 = s3_server
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage(
            {
                "MEDIA_S3_BUCKET": "caravan-media",
                "MEDIA_S3_ENDPOINT_URL": endpoint,
                "MEDIA_S3_REGION": "us-east-1",
                "MEDIA_S3_CUSTOM_DOMAIN": "media.example.com",
                **KEYS,
            }
        ),
    }
    board = Collection.get_first_root_node().add_child(name="Board")
    CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model()(title="Minutes", collection=board)
    document.file.save("minutes.txt", ContentFile(b"confidential"))
    folder, token, name = document.file.name.split("/")
    assert (folder, name) == ("documents", "minutes.txt") and len(token) >= 20
    head = s3.head_object(Bucket="caravan-media", Key=document.file.name)
    assert head["CacheControl"] == "private, no-store"
    grants = s3.get_object_acl(Bucket="caravan-media", Key=document.file.name)
    assert not [g for g in grants["Grants"] if "AllUsers" in str(g["Grantee"])]

    assert client.get(document.url).status_code == 302  # to the sign-in page
    assert "media.example.com" not in client.get(document.url)["Location"]
    signed = admin_client.get(document.url)["Location"]
    assert signed.startswith(f"{endpoint}/caravan-media/documents/")  # not the CDN
    query = parse_qs(urlparse(signed).query)
    if "X-Amz-Signature" in query:  # signature version 4
        assert query["X-Amz-Expires"] == ["60"]
    else:  # version 2: an absolute expiry time
        import time

        assert "Signature" in query
        assert 0 < int(query["Expires"][0]) - time.time() <= 61
    with urllib.request.urlopen(signed, timeout=10) as response:
        assert response.read() == b"confidential"

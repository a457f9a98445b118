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
    assert media_storage({}) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


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
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
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
    # What docs/deploy.md tells the operator to do: readers may read, not list.
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
                        "Resource": "arn:aws:s3:::caravan-media/*",
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

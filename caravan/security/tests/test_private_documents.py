"""A document in a restricted collection is reachable only through Wagtail's
permission-checked view: never at a /media/ URL, under a name nobody can guess."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from caravan.security.storage import unguessable

from .documents import MINUTES, restricted_document

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_the_file_is_stored_outside_media_root_under_an_unguessable_name():
    document = restricted_document()
    folder, token, name = document.file.name.split("/")
    assert (folder, name) == ("documents", "board-minutes.txt")
    assert len(token) >= 20
    stored = Path(document.file.path)
    assert stored.read_bytes() == MINUTES
    assert stored.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(media.rglob("board-minutes.txt"))
    assert document.filename == "board-minutes.txt"  # downloads keep their name
    assert unguessable("documents/a.txt") != unguessable("documents/a.txt")


def test_no_public_url_exists_for_it(client):
    document = restricted_document()
    with pytest.raises(NotImplementedError):
        default_storage.url(document.file.name)
    for url in [
        "/media/documents/board-minutes.txt",
        f"/media/{document.file.name}",
        "/media/../private/" + document.file.name.split("/", 1)[1],
        "/media/%2e%2e/private/" + document.file.name.split("/", 1)[1],
    ]:
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert MINUTES not in body(response)


def test_wagtails_view_asks_visitors_to_sign_in_and_serves_the_signed_in(
    client, admin_client
):
    document = restricted_document()
    anonymous = client.get(document.url)
    assert anonymous.status_code == 302 and "/login/?next=" in anonymous.url
    assert body(admin_client.get(document.url)) == MINUTES


def test_production_hands_the_file_to_nginx(admin_client, settings):
    settings.SENDFILE_BACKEND = "caravan.security.sendfile_nginx"
    settings.CARAVAN_ACCEL_REDIRECT_PREFIX = "/_private/"
    from wagtail.utils.sendfile import _get_sendfile

    _get_sendfile.clear()
    try:
        document = restricted_document()
        response = admin_client.get(document.url)
        relative = document.file.name.split("/", 1)[1]
        assert response["X-Accel-Redirect"] == f"/_private/{relative}"
        assert body(response) == b""  # nginx sends the file
        assert "private" in response["Cache-Control"]
    finally:
        _get_sendfile.clear()


def test_public_images_are_still_served_from_media(client):
    from caravan.news.tests.factories import make_image

    image = make_image("Solar")
    url = image.file.url
    assert url.startswith("/media/original_images/")
    assert client.get(url).status_code == 200


def test_documents_uploaded_before_are_moved_out_of_media(client, admin_client):
    """A document stored as documents/<file> under MEDIA_ROOT, as before."""
    from django.core.management import call_command
    from wagtail.documents import get_document_model

    old = Path(settings.MEDIA_ROOT) / "documents" / "old-minutes.txt"
    old.parent.mkdir(parents=True)
    old.write_bytes(MINUTES)
    document = restricted_document()
    document.file.name = "documents/old-minutes.txt"
    document.save()
    assert client.get("/media/documents/old-minutes.txt").status_code == 200  # before

    call_command("protect_documents")
    document = get_document_model().objects.get(pk=document.pk)
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith("/old-minutes.txt")
    assert not old.exists()
    assert client.get("/media/documents/old-minutes.txt").status_code == 404
    assert body(admin_client.get(document.url)) == MINUTES
    call_command("protect_documents")  # again: nothing changes
    assert get_document_model().objects.get(pk=document.pk).file == document.file

"""Sign-in throttling (django-axes) with real requests through the middleware."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

PASSWORD = "correct horse battery staple"


@pytest.fixture
def accounts(db):
    User.objects.create_user("editor1", password=PASSWORD, is_staff=True)
    User.objects.create_superuser("chief", password=PASSWORD)


def attempt(client, username, password, **extra):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, **extra
    )


def test_an_account_locks_after_five_wrong_passwords(accounts, settings):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(4):
        response = attempt(attacker, "editor1", "guess")
        assert response.status_code == 200  # the form again, "didn't match"
    locked = attempt(attacker, "editor1", "guess")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Too many wrong passwords" in text and "Try again in 15 minutes" in text
    # The right password no longer helps, from another address either.
    editor = Client(REMOTE_ADDR="198.51.100.7")
    assert attempt(editor, "editor1", PASSWORD).status_code == 429
    # Another account from a clean address still signs in.
    assert (
        attempt(Client(REMOTE_ADDR="192.0.2.1"), "chief", PASSWORD).status_code == 302
    )


def test_an_address_locks_after_five_wrong_passwords_for_any_accounts(accounts):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for name in ["a", "b", "c", "d"]:
        assert attempt(attacker, name, "guess").status_code == 200
    assert attempt(attacker, "e", "guess").status_code == 429
    assert attempt(attacker, "chief", PASSWORD).status_code == 429


def test_an_administrator_unlocks_from_the_admin(accounts):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        attempt(attacker, "editor1", "guess")
    chief = Client(REMOTE_ADDR="192.0.2.1")
    assert attempt(chief, "chief", PASSWORD).status_code == 302
    listing = chief.get("/admin/locked-signins/")
    assert listing.status_code == 200
    assert b"editor1" in listing.content and b"203.0.113.9" in listing.content
    assert b"/admin/locked-signins/" in chief.get("/admin/").content  # in the menu
    pk = listing.context["attempts"][0].pk
    assert chief.post(f"/admin/locked-signins/{pk}/unlock/").status_code == 302
    assert b"Nothing is locked" in chief.get("/admin/locked-signins/").content
    editor = Client(REMOTE_ADDR="198.51.100.7")
    assert attempt(editor, "editor1", PASSWORD).status_code == 302


def test_editors_cannot_see_or_use_the_unlock_page(accounts):
    User.objects.filter(username="editor1").update(is_staff=True)
    from django.contrib.auth.models import Group

    user = User.objects.get(username="editor1")
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    assert attempt(client, "editor1", PASSWORD).status_code == 302
    assert client.get("/admin/locked-signins/").status_code in (302, 403)
    assert b"/admin/locked-signins/" not in client.get("/admin/").content


def test_behind_a_proxy_the_address_comes_from_its_header(accounts, settings):
    settings.CARAVAN_CLIENT_IP_HEADER = "X-Real-IP"
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(5):
        attempt(proxy, "nobody", "guess", HTTP_X_REAL_IP="203.0.113.9")
    blocked = attempt(proxy, "chief", PASSWORD, HTTP_X_REAL_IP="203.0.113.9")
    assert blocked.status_code == 429
    # Everyone else comes through the same proxy and is not locked out.
    allowed = attempt(proxy, "chief", PASSWORD, HTTP_X_REAL_IP="192.0.2.44")
    assert allowed.status_code == 302

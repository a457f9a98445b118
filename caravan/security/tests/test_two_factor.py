"""Two-factor sign-in to the admin, through the whole middleware stack: the codes
are computed from the secret the set-up page shows, as an app would."""

import pytest
import time_machine
from django.contrib.auth.models import Group, User

from .support import codes_from_page, secret_from_page, totp

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor1", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def contributor(db):
    user = User.objects.create_user("writer1", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


def sign_in(client, username):
    response = client.post(
        "/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302, response.content[:500]
    return response


@pytest.fixture
def required(settings):
    settings.CARAVAN_2FA_REQUIRED_GROUPS = ["Administrators", "Editors"]


def set_up_app(client):
    page = client.get("/admin/2fa/setup/?next=/admin/")
    assert page.status_code == 200
    secret = secret_from_page(page.content.decode())
    assert b'src="data:image/svg+xml' in page.content  # the QR code, inline
    done = client.post("/admin/2fa/setup/", {"code": totp(secret), "next": "/admin/"})
    assert done.status_code == 200
    codes = codes_from_page(done.content.decode())
    assert len(codes) == 10
    return secret, codes


def test_a_required_group_must_set_up_an_app_before_the_admin_opens(
    client, editor, required
):
    with time_machine.travel("2026-12-01 10:00:00", tick=False):
        response = sign_in(client, "editor1")
        assert client.get("/admin/").url == "/admin/2fa/setup/?next=%2Fadmin%2F"
        # Every admin URL and document download waits for the second factor.
        assert client.get("/admin/pages/").status_code == 302
        assert client.get("/documents/1/x.txt").status_code == 302
        wrong = client.post("/admin/2fa/setup/", {"code": "000000"})
        assert wrong.status_code == 400
        assert b"That code is not right" in wrong.content
    with time_machine.travel("2026-12-01 10:00:30", tick=False):
        # django-otp throttles after a wrong code (1 s, doubling with each).
        secret, codes = set_up_app(client)
        assert client.get("/admin/").status_code == 200

    client.post("/admin/logout/")
    with time_machine.travel("2026-12-01 10:05:00", tick=False):
        response = sign_in(client, "editor1")
        assert response.url == "/admin/"
        assert client.get("/admin/").url == "/admin/2fa/?next=%2Fadmin%2F"
        bad = client.post("/admin/2fa/", {"code": "123456", "next": "/admin/"})
        assert bad.status_code == 400 and b"not right" in bad.content
    with time_machine.travel("2026-12-01 10:05:40", tick=False):
        good = client.post("/admin/2fa/", {"code": totp(secret), "next": "/admin/"})
        assert good.status_code == 302 and good.url == "/admin/"
        assert client.get("/admin/").status_code == 200


def test_a_recovery_code_signs_in_once(client, editor, required):
    with time_machine.travel("2026-12-01 10:00:00", tick=False):
        sign_in(client, "editor1")
        _, codes = set_up_app(client)
    for attempt, expected in [(1, 302), (2, 400)]:
        client.post("/admin/logout/")
        with time_machine.travel(f"2026-12-01 11:0{attempt}:00", tick=False):
            sign_in(client, "editor1")
            response = client.post("/admin/2fa/", {"code": codes[0].upper()})
            assert response.status_code == expected
    with time_machine.travel("2026-12-01 11:05:00", tick=False):
        assert client.post("/admin/2fa/", {"code": codes[1]}).status_code == 302
        assert "8 left" in client.get("/admin/").content.decode()


def test_two_factor_is_optional_outside_the_required_groups(
    client, contributor, required
):
    sign_in(client, "writer1")
    assert client.get("/admin/").status_code == 200
    manage = client.get("/admin/account/2fa/")
    assert b"Off: your password alone" in manage.content
    with time_machine.travel("2026-12-01 10:00:00", tick=False):
        set_up_app(client)
    client.post("/admin/logout/")
    sign_in(client, "writer1")
    assert client.get("/admin/").url.startswith("/admin/2fa/")  # now asked for


def test_the_demo_default_requires_nobody(client, editor):
    sign_in(client, "editor1")
    assert client.get("/admin/").status_code == 200


def test_the_account_page_lists_two_factor(client, contributor):
    sign_in(client, "writer1")
    assert b"/admin/account/2fa/" in client.get("/admin/account/").content


def test_next_never_leaves_the_site(client, editor, required):
    with time_machine.travel("2026-12-01 10:00:00", tick=False):
        sign_in(client, "editor1")
        page = client.get("/admin/2fa/setup/")
        secret = secret_from_page(page.content.decode())
        done = client.post(
            "/admin/2fa/setup/",
            {"code": totp(secret), "next": "https://evil.example/"},
        )
        assert b'href="/admin/"' in done.content
        assert b"evil.example" not in done.content

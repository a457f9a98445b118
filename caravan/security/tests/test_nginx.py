"""The file locations of deploy/nginx/caravan.conf, in a real nginx in front of
the app: a restricted document is at no public URL, and reaches a signed-in
reader through X-Accel-Redirect; the sign-in URL is rate-limited."""

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from django.contrib.auth.models import User
from django.test import Client

from caravan.conftest import service_reachable
from caravan.news.tests.test_browser import (  # noqa: F401 (fixture)
    _migrated_rows_restored,
)

from .documents import MINUTES, restricted_document

ROOT = Path(__file__).resolve().parents[3]
CONF = ROOT / "deploy" / "nginx" / "caravan.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PORT = 8071


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


@pytest.fixture
def nginx(live_server, settings, tmp_path):
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed")
    settings.SENDFILE_BACKEND = "caravan.security.sendfile_nginx"
    settings.CARAVAN_ACCEL_REDIRECT_PREFIX = "/_private/"
    settings.CARAVAN_CLIENT_IP_HEADER = "X-Real-IP"
    from wagtail.utils.sendfile import _get_sendfile

    _get_sendfile.clear()
    text = CONF.read_text()
    files = section(text, "# --- files", "# --- end of files ---")
    login = section(text, "# --- sign-in rate limit ---", "# --- end of sign-in")
    zone = re.search(r"^limit_req_zone .*;$", text, re.M).group(0)
    files = files.replace("/srv/caravan/media/", f"{settings.MEDIA_ROOT}/")
    files = files.replace("/srv/caravan/private/", f"{settings.PRIVATE_MEDIA_ROOT}/")
    upstream = live_server.url.removeprefix("http://")
    (tmp_path / "nginx.conf").write_text(
        f"""
daemon off; worker_processes 1; user root; pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fcgi; uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    {zone}
    upstream caravan_varnish {{ server {upstream}; }}
    server {{
        listen 127.0.0.1:{PORT};
        {files}
        {login}
        location / {{
            proxy_pass http://caravan_varnish;
            proxy_set_header Host $host;
        }}
    }}
}}
"""
    )
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        if service_reachable("127.0.0.1", PORT):
            break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail(process.stderr.read().decode())
    yield f"http://127.0.0.1:{PORT}"
    process.terminate()
    process.wait(timeout=10)
    _get_sendfile.clear()


@pytest.mark.django_db(transaction=True)
def test_a_restricted_document_at_every_url(nginx, settings):
    document = restricted_document()
    stored = document.file.name  # documents/<token>/board-minutes.txt
    inner = stored.split("/", 1)[1]
    for url in [
        "/media/documents/board-minutes.txt",
        f"/media/{stored}",
        f"/_private/{inner}",  # internal: readers cannot ask for it
        f"/media/../private/{inner}",
    ]:
        response = requests.get(nginx + url, allow_redirects=False, timeout=10)
        assert response.status_code in (400, 404), url
        assert MINUTES not in response.content, url

    anonymous = requests.get(nginx + document.url, allow_redirects=False, timeout=10)
    assert anonymous.status_code == 302 and MINUTES not in anonymous.content

    User.objects.create_superuser("chief", password="x")
    client = Client()
    client.force_login(User.objects.get(username="chief"))
    cookies = {"sessionid": client.cookies["sessionid"].value}
    signed_in = requests.get(
        nginx + document.url, cookies=cookies, allow_redirects=False, timeout=10
    )
    assert signed_in.status_code == 200
    assert signed_in.content == MINUTES
    assert "X-Accel-Redirect" not in signed_in.headers
    assert "no-store" in signed_in.headers["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_the_sign_in_url_is_rate_limited(nginx):
    answers = [
        requests.post(
            nginx + "/admin/login/",
            data={"username": f"u{i}", "password": "x"},
            allow_redirects=False,
            timeout=10,
        )
        for i in range(8)
    ]
    # A burst of 5 beyond the rate, then nginx answers 429 itself.
    assert answers[0].status_code != 429
    refused = [a for a in answers if a.status_code == 429]
    assert refused and all(b"nginx" in a.content for a in refused)


def test_the_example_environment_matches_the_nginx_locations():
    """nginx's internal location serves exactly PRIVATE_MEDIA_ROOT, under the
    prefix the app names in X-Accel-Redirect."""
    env = dict(
        line.split("=", 1)
        for line in (ROOT / "deploy" / "caravan.env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    text = CONF.read_text()
    prefix = env["DOCUMENTS_ACCEL_REDIRECT"]
    location = re.search(
        rf"location {re.escape(prefix)} {{\s*internal;\s*alias ([^;]+);", text
    )
    assert location, f"no internal location {prefix} in {CONF.name}"
    assert location.group(1).rstrip("/") == env["PRIVATE_MEDIA_ROOT"].rstrip("/")
    media = re.search(r"location /media/ {\s*alias ([^;]+);", text).group(1)
    assert media.rstrip("/") == env["MEDIA_ROOT"].rstrip("/")

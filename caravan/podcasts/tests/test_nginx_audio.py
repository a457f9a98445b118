"""deploy/nginx/caravan.conf's files section in a real nginx: podcast audio
answers HEAD and byte ranges with the right type, without the app."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from caravan.conftest import service_reachable
from caravan.podcasts.silence import silent_mp3

ROOT = Path(__file__).resolve().parents[3]
CONF = ROOT / "deploy" / "nginx" / "caravan.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx_files(settings, tmp_path):
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed")
    text = CONF.read_text()
    files = text[text.index("# --- files") : text.index("# --- end of files ---")]
    files = files.replace("/srv/caravan/media/", f"{settings.MEDIA_ROOT}/")
    files = files.replace("/srv/caravan/private/", f"{tmp_path}/private/")
    port = free_port()
    (tmp_path / "nginx.conf").write_text(
        f"""
daemon off; worker_processes 1; user root; pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fcgi; uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    server {{
        listen 127.0.0.1:{port};
        {files}
    }}
}}
"""
    )
    audio = Path(settings.MEDIA_ROOT) / "podcasts"
    audio.mkdir(parents=True, exist_ok=True)
    data = silent_mp3(3)
    (audio / "episode.mp3").write_bytes(data)
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        if service_reachable("127.0.0.1", port):
            break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail(process.stderr.read().decode())
    yield f"http://127.0.0.1:{port}/media/podcasts/episode.mp3", data
    process.terminate()
    process.wait(timeout=10)


def test_nginx_answers_ranges_and_head_for_audio(nginx_files):
    url, data = nginx_files
    head = requests.head(url, timeout=5)
    assert head.status_code == 200
    assert head.headers["Content-Type"] == "audio/mpeg"
    assert head.headers["Content-Length"] == str(len(data))
    assert head.headers["Accept-Ranges"] == "bytes"
    part = requests.get(url, headers={"Range": "bytes=100-199"}, timeout=5)
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert part.content == data[100:200]
    assert "sandbox" in part.headers["Content-Security-Policy"]
    beyond = requests.get(url, headers={"Range": f"bytes={len(data)}-"}, timeout=5)
    assert beyond.status_code == 416

"""deploy/web.py: the app server's settings from the environment."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from granian import Granian
from granian.constants import Interfaces

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location("deploy_web", ROOT / "deploy" / "web.py")
web = importlib.util.module_from_spec(spec)
spec.loader.exec_module(web)


def test_recycling_is_off_by_default_and_granian_accepts_every_option():
    opts = web.options({"BIND": "127.0.0.1:8123", "WEB_CONCURRENCY": "2"})
    assert (opts["port"], opts["workers"]) == (8123, 2)
    assert opts["workers_max_rss"] is None and opts["workers_lifetime"] is None
    # The names are granian's own: its constructor takes them all.
    server = Granian("caravan.wsgi:application", interface=Interfaces.WSGI, **opts)
    assert server.workers == 2


def test_recycling_from_the_environment():
    opts = web.options({"WEB_MAX_RSS_MB": "512", "WEB_LIFETIME": "3600"})
    server = Granian("caravan.wsgi:application", interface=Interfaces.WSGI, **opts)
    assert (server.workers_rss, server.workers_lifetime) == (512 * 1024**2, 3600)


@pytest.mark.parametrize(
    "name, value",
    [("WEB_MAX_RSS_MB", "lots"), ("WEB_MAX_RSS_MB", "0"), ("WEB_LIFETIME", "30")],
)
def test_a_bad_value_stops_the_server_with_a_message(name, value):
    result = subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "web.py")],
        env={"PATH": "/usr/bin:/bin", name: value, "BIND": "127.0.0.1:1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert name in result.stderr and value in result.stderr


def test_one_single_threaded_worker_per_cpu_by_default():
    import multiprocessing

    opts = web.options({})
    assert opts["workers"] == multiprocessing.cpu_count()
    assert opts["blocking_threads"] == 1
    assert web.options({"WEB_THREADS": "4"})["blocking_threads"] == 4


def test_what_the_server_preloads_is_out_of_the_collectors_sight():
    """Loaded before the fork and frozen: the workers' full collections do not
    walk Django, Wagtail and the app's code on every pass."""
    probe = (
        "import gc, importlib.util, sys;"
        f"spec = importlib.util.spec_from_file_location('w', {str(ROOT / 'deploy' / 'web.py')!r});"
        "w = importlib.util.module_from_spec(spec); spec.loader.exec_module(w);"
        "before = gc.get_freeze_count(); w.preload();"
        "print(before, gc.get_freeze_count(), 'caravan.wsgi' in sys.modules, gc.isenabled())"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    before, frozen, loaded, enabled = result.stdout.split()
    assert int(before) == 0 and loaded == "True" and enabled == "True"
    # Django and Wagtail alone are tens of thousands of objects.
    assert int(frozen) > 50_000

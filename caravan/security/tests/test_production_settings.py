"""The production profile's security defaults, imported in a clean interpreter
from the example environment (deploy/caravan.env.example), as a server would."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from caravan.settings.env import secret_key_problem

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "deploy" / "caravan.env.example"


def example_environment(**overrides) -> dict:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split("=", 1)
            env[name] = value
    env.update(overrides)
    return env


def run(code: str, **overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=example_environment(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, s.SESSION_COOKIE_AGE, "
    "','.join(s.CARAVAN_2FA_REQUIRED_GROUPS))"
)


def a_good_key() -> str:
    return secrets.token_urlsafe(50)


def test_the_example_secret_key_is_refused_and_named():
    result = run(SHOW)
    assert result.returncode != 0 and "started" not in result.stdout
    assert "SECRET_KEY: this is the example from deploy/caravan.env.example" in (
        result.stderr
    )


@pytest.mark.parametrize(
    "key",
    [
        "x" * 64,
        "0123456789" * 6,
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
        "my-secret-key-please-change-me-" + "Zq8xP3kLm2" * 3,
        "Zq8xP3kLm2-vT7",  # too short
    ],
)
def test_low_entropy_keys_are_refused(key):
    assert secret_key_problem(key, EXAMPLE) is not None


def test_random_keys_pass():
    for _ in range(50):
        assert secret_key_problem(secrets.token_urlsafe(50), EXAMPLE) is None
        assert secret_key_problem(secrets.token_hex(32), EXAMPLE) is None


def test_safe_defaults_from_the_example_environment():
    result = run(SHOW, SECRET_KEY=a_good_key())
    assert result.returncode == 0, result.stderr
    hsts, subdomains, redirect, frames, session, groups = result.stdout.split()
    assert int(hsts) == 365 * 24 * 3600 and subdomains == "True"
    assert redirect == "True" and frames == "DENY"
    assert groups == "Administrators,Editors"
    assert int(session) == 12 * 3600


def test_hsts_can_be_turned_off():
    result = run(SHOW, SECRET_KEY=a_good_key(), SECURE_HSTS_SECONDS="0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "0"


def test_check_deploy_gives_no_warning_with_the_example_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=example_environment(SECRET_KEY=a_good_key()),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout

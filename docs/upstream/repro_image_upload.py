"""Reproduce on a bare Wagtail project (no Caravan code) the two image-upload
messages of docs/upstream/wagtail-image-upload.md.

    .venv/bin/python docs/upstream/repro_image_upload.py [port]

Makes a project with ``wagtail start`` in a temporary folder, gives its HomePage
an image field, runs it on 127.0.0.1:<port> (default 8103) and drives it in
headless Chromium (/usr/bin/chromium): prints the JavaScript errors seen on the
chooser's Upload tab and the messages shown after discarding a duplicate upload.
Nothing is left behind.
"""

# A command-line tool: it prints its findings and runs wagtail/manage.py.
# ruff: noqa: T201, S603

import io
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import wagtail
from PIL import Image

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8103
BASE = f"http://127.0.0.1:{PORT}"
PYTHON = sys.executable
WAGTAIL = str(Path(PYTHON).with_name("wagtail"))

MODEL = """
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    content_panels = Page.content_panels + [FieldPanel("image")]
"""


def run(*args, cwd, env=None):
    subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


def main():
    print(f"Wagtail {wagtail.__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        run(WAGTAIL, "start", "repro", cwd=tmp)
        project = Path(tmp) / "repro"
        (project / "home" / "models.py").write_text(MODEL)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "repro.settings.dev",
            "DJANGO_SUPERUSER_PASSWORD": "pw",
        }
        manage = [PYTHON, "manage.py"]
        run(*manage, "makemigrations", "home", cwd=project, env=env)
        run(*manage, "migrate", cwd=project, env=env)
        run(
            *manage,
            "createsuperuser",
            "--noinput",
            "--username",
            "admin",
            "--email",
            "a@example.org",
            cwd=project,
            env=env,
        )
        image = project / "red.png"
        image.write_bytes(png_bytes())
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{PORT}"],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(BASE + "/admin/login/")  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.2)
            drive(image)
        finally:
            server.terminate()
            server.wait()


def drive(image: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(BASE + "/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", "pw")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(BASE + "/admin/")

        # 1. The chooser's Upload tab, from the home page's image field.
        page.goto(BASE + "/admin/pages/3/edit/")
        page.get_by_role("button", name="Choose an image").click()
        page.get_by_role("tab", name="Upload").click()
        page.wait_for_timeout(500)
        print("1. Upload tab, JavaScript errors:", errors or "none")

        # 2. Upload the same file twice in the chooser; keep the existing one.
        def upload_in_chooser():
            page.get_by_role("tab", name="Upload").click()
            page.set_input_files("#id_image-chooser-upload-file", str(image))
            page.fill("#id_image-chooser-upload-title", "Red")
            page.locator(
                "#tab-upload button[type=submit], #tab-upload input[type=submit]"
            ).first.click()

        upload_in_chooser()
        page.wait_for_selector(".modal", state="detached")
        # "Choose another image" (in the field's dropdown).
        page.locator("[data-chooser-action-choose]").first.dispatch_event("click")
        errors.clear()
        upload_in_chooser()
        page.get_by_text("Use existing and delete new").click()
        page.wait_for_selector(".modal", state="detached")
        print("2. After the duplicate, JavaScript errors:", errors or "none")
        page.goto(BASE + "/admin/")
        messages = page.locator(".messages").all_inner_texts()
        print("   Next page's messages:", [re.sub(r"\s+", " ", m) for m in messages])
        browser.close()


if __name__ == "__main__":
    main()

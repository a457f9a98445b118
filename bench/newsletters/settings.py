"""The test settings with e-mail over SMTP to the bench's local sink."""

import os

from caravan.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
NEWSLETTER_EMAIL_BACKEND = None
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["BENCH_SMTP_PORT"])
WAGTAILADMIN_BASE_URL = "https://news.example"

"""Media storage that keeps documents private.

Wagtail stores images and documents in the default storage, side by side under
MEDIA_ROOT (or one bucket). Images are public: pages show them. Documents may sit
in a collection with a view restriction, and Wagtail's permission check only
guards its own URL, /documents/<id>/<name>: the file's storage URL
(/media/documents/<name>) was public to anyone who knew the upload's name.

These storages route every name under ``documents/`` elsewhere:
- on disk, to PRIVATE_MEDIA_ROOT, a folder no web server serves; Wagtail's view
  checks permissions and streams the file, or hands it to nginx with
  X-Accel-Redirect to an ``internal`` location (caravan/security/sendfile_nginx.py);
- on S3, to the same bucket without public access (the bucket policy makes only
  images public), linked through URLs signed for a minute, after the check.
Each document is also stored under a random folder: its name cannot be guessed.
Images are unchanged. Routing in the storage, not a custom document model,
keeps Wagtail's own models and migrations.
"""

import posixpath
import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

PRIVATE_PREFIX = "documents/"
SIGNED_URL_SECONDS = 60


def is_private(name: str) -> bool:
    return str(name).replace("\\", "/").startswith(PRIVATE_PREFIX)


def unguessable(name: str) -> str:
    """documents/minutes.txt -> documents/<22 random characters>/minutes.txt"""
    folder, base = posixpath.split(name)
    return posixpath.join(folder, secrets.token_urlsafe(16), base)


def private_root() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT)


class MediaStorage(FileSystemStorage):
    """MEDIA_ROOT for images; PRIVATE_MEDIA_ROOT, never served, for documents.
    A document keeps its name ("documents/<token>/<file>") wherever it lives."""

    def _private(self) -> FileSystemStorage:
        return FileSystemStorage(location=private_root(), base_url=None)

    def _route(self, name) -> tuple[FileSystemStorage | None, str]:
        if is_private(name):
            return self._private(), str(name)[len(PRIVATE_PREFIX) :]
        return None, name

    def generate_filename(self, filename):
        filename = super().generate_filename(filename)
        return unguessable(filename) if is_private(filename) else filename

    def _save(self, name, content):
        private, inner = self._route(name)
        if private is None:
            return super()._save(name, content)
        return PRIVATE_PREFIX + private._save(inner, content)

    def _open(self, name, mode="rb"):
        private, inner = self._route(name)
        return (
            super()._open(name, mode) if private is None else private._open(inner, mode)
        )

    def path(self, name):
        private, inner = self._route(name)
        return super().path(name) if private is None else private.path(inner)

    def delete(self, name):
        private, inner = self._route(name)
        return super().delete(name) if private is None else private.delete(inner)

    def exists(self, name):
        private, inner = self._route(name)
        return super().exists(name) if private is None else private.exists(inner)

    def size(self, name):
        private, inner = self._route(name)
        return super().size(name) if private is None else private.size(inner)

    def get_modified_time(self, name):
        private, inner = self._route(name)
        if private is None:
            return super().get_modified_time(name)
        return private.get_modified_time(inner)

    def url(self, name):
        if is_private(name):
            # Nothing may link to a document's file: only Wagtail's view serves it.
            raise NotImplementedError("documents have no public URL")
        return super().url(name)


try:
    from storages.backends.s3 import S3Storage
except ImportError:  # django-storages is optional at import time
    S3Storage = None

if S3Storage is not None:

    class S3MediaStorage(S3Storage):
        """One bucket: images public (or behind the CDN), documents private and
        reached only through short-lived signed URLs (WAGTAILDOCS_SERVE_METHOD
        "redirect", after Wagtail's permission check)."""

        def generate_filename(self, filename):
            filename = super().generate_filename(filename)
            return unguessable(filename) if is_private(filename) else filename

        def get_object_parameters(self, name):
            params = super().get_object_parameters(name)
            if is_private(name):
                params = {
                    **params,
                    "CacheControl": "private, no-store",
                    "ACL": "private",
                }
            return params

        def url(self, name, parameters=None, expire=None, http_method=None):
            if not is_private(name):
                return super().url(name, parameters, expire, http_method)
            return self._signing_twin().url(name, parameters, None, http_method)

        def _signing_twin(self) -> "S3Storage":
            """The same bucket, signing its URLs, from the bucket itself (a CDN
            domain cannot sign)."""
            twin = getattr(self, "_twin", None)
            if twin is None:
                same = (
                    "access_key",
                    "secret_key",
                    "security_token",
                    "bucket_name",
                    "endpoint_url",
                    "region_name",
                    "location",
                    "url_protocol",
                    "signature_version",
                    "addressing_style",
                )
                twin = self._twin = S3Storage(
                    **{key: getattr(self, key) for key in same},
                    custom_domain=None,
                    querystring_auth=True,
                    querystring_expire=SIGNED_URL_SECONDS,
                )
            return twin

"""Moving documents uploaded before they became private (caravan/security/storage.py)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import transaction
from wagtail.documents import get_document_model

from .storage import PRIVATE_PREFIX, MediaStorage, unguessable


@dataclass
class ProtectReport:
    moved: list[str] = field(default_factory=list)
    already_private: int = 0
    missing: list[str] = field(default_factory=list)


def _token_folder(name: str) -> bool:
    """documents/<token>/<file>: stored by this version already."""
    return name.startswith(PRIVATE_PREFIX) and name.count("/") >= 2


def documents_protect(*, dry_run: bool = False) -> ProtectReport:
    """Give every document stored as ``documents/<file>`` an unguessable name in
    the private storage, then delete the old public copy. On disk the old copy
    is read from MEDIA_ROOT; on S3 it is copied within the bucket. Each
    document's row is updated only once its new copy is written: an
    interrupted run loses nothing and can be run again."""
    report = ProtectReport()
    on_disk = isinstance(storages["default"], MediaStorage)
    # On disk the old name now points into the private folder: read MEDIA_ROOT.
    public = (
        FileSystemStorage(location=settings.MEDIA_ROOT) if on_disk else default_storage
    )
    for document in get_document_model().objects.order_by("pk"):
        name = document.file.name
        if _token_folder(name):
            report.already_private += 1
            continue
        if not public.exists(name):
            report.missing.append(name)
            continue
        report.moved.append(name)
        if dry_run:
            continue
        with public.open(name) as old:
            new = default_storage.save(unguessable(name), old)
        with transaction.atomic():
            document.file.name = new
            document.save(update_fields=["file"])
        public.delete(name)
    return report
